/**
 * GraphGptTrainer: its hand-written backward graph gives FastGptTrainer's loss and gradient (tfjs
 * autodiff through closed-form customGrads, itself checked against the plain formulation) on
 * the same perturbed weights, for T = context and T < context; its Adam steps track
 * FastGptTrainer's; no tensor leaks across a step; typed errors. Off the tensorflow backend
 * `create` must throw BackendLoadError (graph sessions are tfjs-node's).
 */
import { InvalidInputError, InvalidParamError, Rng, ShapeError } from '@fpml/core';
import { expectNoTensorLeak } from '@fpml/core/testing';
import { BackendLoadError, getTf, type Tf } from '@fpml/core/tf';
import type { Tensor } from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { FastGptTrainer } from './fast-step.js';
import { GraphGptTrainer } from './graph-step.js';

const cfg = { vocab: 11, dModel: 16, nHead: 2, nLayer: 2, dFf: 24, context: 8 };

function batch(tf: Tf, B: number, T: number, seed: number): [Tensor, Tensor] {
  const rng = new Rng(seed);
  const ids = () => Int32Array.from({ length: B * T }, () => rng.int(cfg.vocab));
  return [tf.tensor2d(ids(), [B, T], 'int32'), tf.tensor2d(ids(), [B, T], 'int32')];
}

const onTensorflow = async () => (await getTf()).tf.getBackend() === 'tensorflow';

describe('GraphGptTrainer', () => {
  it('computes FastGptTrainer\'s loss and gradient (same perturbed weights, T = context and T < context)', async () => {
    const { tf } = await getTf();
    if (!(await onTensorflow())) {
      await expect(GraphGptTrainer.create(tf, cfg, { rng: 1 }, 3, 8)).rejects.toThrow(BackendLoadError);
      return;
    }
    const fast = new FastGptTrainer(tf, cfg, { rng: 1 });
    tf.tidy(() => {
      // Perturb every weight (γ off 1, β and biases off 0), so the LayerNorm fold and the bias paths are exercised.
      const rng = new Rng(3);
      fast.theta.assign(tf.add(fast.theta, tf.tensor1d(Float32Array.from({ length: fast.theta.size }, () => 0.2 * rng.normal()))));
    });
    for (const T of [8, 5]) {
      const graph = await GraphGptTrainer.create(tf, cfg, { rng: 1 }, 3, T);
      expect(graph.numParameters).toBe(fast.numParameters);
      graph.setTheta(fast.theta);
      const [x, y] = batch(tf, 3, T, T);
      const { loss, grad } = graph.lossAndGradient(x, y);
      const [lf, err, scale] = tf.tidy(() => {
        const gf = tf.variableGrads(() => fast.loss(x, y), [fast.theta]).grads[fast.theta.name]!;
        return [fast.loss(x, y).dataSync()[0]!, tf.max(tf.abs(tf.sub(gf, grad))).dataSync()[0]!, tf.max(tf.abs(gf)).dataSync()[0]!];
      });
      const lg = loss.dataSync()[0]!;
      expect(Math.abs(lg - lf)).toBeLessThan(1e-5 * lf);
      expect(scale).toBeGreaterThan(0);
      expect(err).toBeLessThan(1e-4 * scale);
      tf.dispose([x, y, loss, grad]);
      graph.dispose();
    }
    fast.dispose();
  });

  it('takes FastGptTrainer\'s Adam steps from the same seed, without leaking tensors', async () => {
    const { tf } = await getTf();
    if (!(await onTensorflow())) return expect(GraphGptTrainer.create(tf, cfg, { rng: 2 }, 4, 8)).rejects.toThrow(BackendLoadError);
    const opts = { rng: 2, lr: 0.01 };
    const fast = new FastGptTrainer(tf, cfg, opts);
    const graph = await GraphGptTrainer.create(tf, cfg, opts, 4, 8);
    expect(Array.from(graph.theta.dataSync())).toEqual(Array.from(fast.theta.dataSync())); // same init
    const [x, y] = batch(tf, 4, 8, 3);
    const lossesG: number[] = [], lossesF: number[] = [];
    const both = () => {
      const lg = graph.step(x, y), lf = fast.step(x, y);
      lossesG.push(lg.dataSync()[0]!);
      lossesF.push(lf.dataSync()[0]!);
      tf.dispose([lg, lf]);
    };
    both(); // FastGptTrainer keeps its ones rows and position one-hots on its first step
    await expectNoTensorLeak(() => {
      for (let k = 1; k < 5; k++) both();
    }, { tf, label: 'GraphGptTrainer.step and FastGptTrainer.step' });
    expect(graph.steps).toBe(5);
    for (let k = 0; k < 5; k++) expect(Math.abs(lossesG[k]! - lossesF[k]!)).toBeLessThan(1e-4 * lossesF[k]!);
    expect(lossesG[4]).toBeLessThan(lossesG[0]!);
    const dTheta = tf.tidy(() => tf.max(tf.abs(tf.sub(graph.theta, fast.theta))).dataSync()[0]!);
    expect(dTheta).toBeLessThan(1e-4); // 5 steps of size ≤ lr = 0.01 each
    graph.dispose();
    fast.dispose();
    tf.dispose([x, y]);
  });

  it('rejects bad configs, batch shapes and inputs with typed errors', async () => {
    const { tf } = await getTf();
    await expect(GraphGptTrainer.create(tf, { ...cfg, nHead: 3 }, { rng: 0 }, 2, 8)).rejects.toThrow(InvalidInputError);
    await expect(GraphGptTrainer.create(tf, { ...cfg, dFf: 0 }, { rng: 0 }, 2, 8)).rejects.toThrow(InvalidParamError);
    await expect(GraphGptTrainer.create(tf, cfg, { rng: 0 }, 2, 9)).rejects.toThrow(/exceeds the context/);
    await expect(GraphGptTrainer.create(tf, cfg, { rng: 0 }, 0, 8)).rejects.toThrow(ShapeError);
    if (!(await onTensorflow())) return;
    const gt = await GraphGptTrainer.create(tf, cfg, { rng: 0 }, 2, 8);
    const [x, y] = batch(tf, 2, 8, 0);
    const short = tf.zeros([2, 5], 'int32'), xf = tf.cast(x, 'float32');
    expect(() => gt.step(xf, y)).toThrow(ShapeError);
    expect(() => gt.step(short, short)).toThrow(/int32 \[2, 8\]/);
    expect(() => gt.setTheta(xf)).toThrow(ShapeError);
    const bad = tf.tensor2d(Int32Array.from({ length: 16 }, (_, i) => (i === 3 ? 70 : 1)), [2, 8], 'int32'); // token 70 ≥ vocab 11
    expect(() => gt.step(bad, y)).toThrow(InvalidInputError);
    expect(() => gt.step(bad, y)).toThrow(/70/);
    expect(() => gt.step(x, bad)).toThrow(InvalidInputError); // a target out of range
    expect(gt.steps).toBe(0); // the failed steps changed nothing
    bad.dispose();
    gt.dispose();
    tf.dispose([x, y, short, xf]);
  });
});
