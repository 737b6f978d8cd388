import { InvalidInputError, InvalidParamError, Matrix, Rng, ShapeError } from '@fpml/core';
import { getTf, type Tf } from '@fpml/core/tf';
import { TfBatchNorm1d, TfDropout, TfLinear, TfReLU, TfSequential } from '@fpml/level3-deep';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensemblePredict } from './deep-ensemble.js';
import { mcDropoutPredict } from './mc-dropout.js';
import { predictLogits, predictProba } from './predict.js';

let tf: Tf;
beforeAll(async () => { tf = (await getTf()).tf; });

/** 4 → 16 → BatchNorm → ReLU → Dropout(p) → 3, seeded. */
const makeNet = (seed: number, p = 0.5) => {
  const rng = new Rng(seed);
  return new TfSequential(tf, new TfLinear(tf, 4, 16, { rng }), new TfBatchNorm1d(tf, 16), new TfReLU(tf), new TfDropout(tf, p, { rng }), new TfLinear(tf, 16, 3, { rng }));
};
const inputs = (n: number) => { const r = new Rng(1); return Float32Array.from({ length: n * 4 }, () => r.standardNormal()); };
const maxDiff = (a: Matrix, b: Matrix) => a.data.reduce((m, v, i) => Math.max(m, Math.abs(v - b.data[i]!)), 0);

describe('predictProba / mcDropoutPredict / ensemblePredict', () => {
  it('predictProba is the float64 softmax of the eval-mode logits, in any chunking, and restores the modes', () => {
    const net = makeNet(0);
    const X = tf.tensor2d(inputs(37), [37, 4]);
    const before = tf.memory().numTensors;
    net.train();
    const z = predictLogits(tf, net, X);
    const P = predictProba(tf, net, X, { chunk: 5 });
    expect(net.training).toBe(true);
    expect(net.layers[3]!.training).toBe(true);
    const manual = tf.tidy(() => { net.eval(); const out = net.forward(X).dataSync(); net.train(); return out; });
    for (let t = 0; t < manual.length; t++) expect(Math.abs(z.data[t]! - manual[t]!)).toBeLessThanOrEqual(1e-5);
    for (let i = 0; i < P.rows; i++) {
      const row = P.row(i), zr = z.row(i), m = Math.max(...zr), s = zr.reduce((a, v) => a + Math.exp(v - m), 0);
      row.forEach((p, j) => expect(Math.abs(p - Math.exp(zr[j]! - m) / s)).toBeLessThanOrEqual(1e-6)); // chunked vs whole: float32 rounding only
      expect(Math.abs(row.reduce((a, b) => a + b, 0) - 1)).toBeLessThanOrEqual(1e-12);
    }
    expect(tf.memory().numTensors).toBe(before);
    net.eval();
    predictProba(tf, net, X);
    expect(net.training).toBe(false);
    X.dispose(); net.dispose();
  });

  it('MC dropout: passes differ, only dropout is active (batch-norm statistics untouched), reproducible per seed, modes restored, no leak', () => {
    const [a, b] = [makeNet(3), makeNet(3)];
    const X = tf.tensor2d(inputs(20), [20, 4]);
    const before = tf.memory().numTensors;
    a.eval();
    const stats = a.layers[1]!.stateDict();
    const mc = mcDropoutPredict(tf, a, X, { samples: 8, chunk: 7 });
    expect(tf.memory().numTensors).toBe(before);
    expect(mc.samples).toHaveLength(8);
    expect(maxDiff(mc.samples[0]!, mc.samples[1]!)).toBeGreaterThan(1e-3);
    const avg = mc.samples.reduce((s, m) => s.map((v, t) => v + m.data[t]! / 8), new Float64Array(mc.mean.data.length));
    expect(maxDiff(mc.mean, new Matrix(20, 3, avg))).toBeLessThanOrEqual(1e-15);
    expect(maxDiff(mc.mean, predictProba(tf, a, X))).toBeGreaterThan(1e-3); // the average of dropped nets is not the eval net
    expect(a.layers[1]!.stateDict()).toEqual(stats); // batch norm stayed in eval mode: running stats unchanged
    expect(a.training).toBe(false);
    expect(a.layers[3]!.training).toBe(false);
    b.eval();
    expect(mcDropoutPredict(tf, b, X, { samples: 8, chunk: 7 }).mean.data).toEqual(mc.mean.data); // same seeds and chunks, same masks
    X.dispose(); a.dispose(); b.dispose();
  });

  it('deep ensemble: the mean of the members\' eval-mode probabilities, no leak', () => {
    const nets = [makeNet(10), makeNet(11), makeNet(12)];
    const X = tf.tensor2d(inputs(9), [9, 4]);
    const before = tf.memory().numTensors;
    const ens = ensemblePredict(tf, nets, X);
    expect(tf.memory().numTensors).toBe(before);
    const members = nets.map((n) => predictProba(tf, n, X));
    members.forEach((m, i) => expect(ens.samples[i]!.data).toEqual(m.data));
    const avg = new Matrix(9, 3, members[0]!.data.map((v, t) => (v + members[1]!.data[t]! + members[2]!.data[t]!) / 3));
    expect(maxDiff(ens.mean, avg)).toBeLessThanOrEqual(1e-15);
    expect(nets.every((n) => n.training)).toBe(true); // modes restored
    X.dispose(); nets.forEach((n) => n.dispose());
  });

  it('rejects bad input with typed errors', () => {
    const net = makeNet(0);
    const noDrop = new TfSequential(tf, new TfLinear(tf, 4, 3, { rng: 1 }));
    const zeroDrop = makeNet(0, 0);
    const other = new TfSequential(tf, new TfLinear(tf, 4, 5, { rng: 2 }));
    const X = tf.tensor2d(inputs(3), [3, 4]);
    expect(() => predictProba(tf, net, [[1, 2, 3, 4]] as never)).toThrow(/X must be a tf.Tensor/);
    expect(() => predictProba(tf, {} as never, X)).toThrow(/model must be a TfModule/);
    expect(() => predictProba(tf, net, X, { chunk: 0 })).toThrow(InvalidParamError);
    expect(() => mcDropoutPredict(tf, net, X, { samples: 0 })).toThrow(/samples/);
    expect(() => mcDropoutPredict(tf, noDrop, X)).toThrow(InvalidInputError);
    expect(() => mcDropoutPredict(tf, zeroDrop, X)).toThrow(/no TfDropout layer with p > 0/);
    expect(() => ensemblePredict(tf, [], X)).toThrow(InvalidInputError);
    expect(() => ensemblePredict(tf, [net, other], X)).toThrow(ShapeError);
    expect(() => predictProba(tf, net, tf.tensor2d([[1, 2]]))).toThrow(); // wrong width: TfLinear's ShapeError
    X.dispose(); [net, noDrop, zeroDrop, other].forEach((m) => m.dispose());
  });
});
