/**
 * TfNodeClassifier / trainNodeClassifier: training lowers the loss and fits the labelled nodes,
 * frees every tensor it makes, and rejects bad input with typed errors.
 */
import { InvalidInputError, InvalidParamError } from '@fpml/core';
import { expectNoTensorLeak } from '@fpml/core/testing';
import { getTf } from '@fpml/core/tf';
import { loadKarateClub } from '@fpml/datasets';
import { describe, expect, it } from 'vitest';
import { graphFromEdges } from './graph.js';
import { TfNodeClassifier, trainNodeClassifier } from './node-classifier.js';

const k = loadKarateClub();
const G = graphFromEdges(k.nNodes, k.edges);

describe('trainNodeClassifier', () => {
  for (const kind of ['gcn', 'sage', 'gat', 'mlp'] as const) {
    it(`${kind}: loss falls, the labelled nodes are fitted, no tensor leaks`, async () => {
      const { tf } = await getTf();
      const x = tf.eye(34);
      const model = new TfNodeClassifier(tf, { kind, inFeatures: 34, hidden: 8, heads: 2, numClasses: 2, rng: 1 });
      const epochs: number[] = [];
      const r = await expectNoTensorLeak(() => trainNodeClassifier(tf, model, x, G, k.labels, [0, 33], { epochs: 40, onEpoch: (e) => epochs.push(e) }));
      expect(epochs).toEqual(Array.from({ length: 41 }, (_, i) => i));
      expect(r.losses).toHaveLength(40);
      expect(r.losses.at(-1)!).toBeLessThan(r.losses[0]!);
      expect([r.predictions[0], r.predictions[33]]).toEqual([k.labels[0], k.labels[33]]);
      model.dispose();
      x.dispose();
    });
  }

  it('typed errors for bad options and inputs', async () => {
    const { tf } = await getTf();
    expect(() => new TfNodeClassifier(tf, { kind: 'gin' as never, inFeatures: 2, numClasses: 2, rng: 0 })).toThrow(InvalidParamError);
    const model = new TfNodeClassifier(tf, { kind: 'gcn', inFeatures: 34, numClasses: 2, rng: 0 });
    const x = tf.eye(34);
    expect(() => trainNodeClassifier(tf, model, x, G, k.labels, [])).toThrow(InvalidInputError);
    expect(() => trainNodeClassifier(tf, model, x, G, k.labels, [34])).toThrow(/train\[0\] = 34/);
    expect(() => trainNodeClassifier(tf, model, x, G, Int32Array.from(k.labels, () => 5), [0])).toThrow(/labels\[0\] = 5/);
    expect(() => trainNodeClassifier(tf, model, x, G, k.labels, [0], { lr: 0 })).toThrow(InvalidParamError);
    model.dispose();
    x.dispose();
  });
});
