/**
 * Dropout / TfDropout: eval-mode PyTorch oracle and twin parity (the masks of the two paths
 * differ, so training mode is tested by its statistics: E[y] = x and the fraction dropped within
 * a binomial 5σ bound, on the reference and on every backend), the inverted scaling, the
 * gradient through a fixed mask, p = 0 and p = 1, determinism per seed, bad input.
 *
 * Seeds are pinned for reproducibility only: every statistical bound is 5 standard deviations,
 * so it fails with probability < 1e-6 for any seed.
 */
import { InvalidParamError, Rng, ShapeError } from '@fpml/core';
import { expectNoTensorLeak } from '@fpml/core/testing';
import { availableBackends, getTf, setBackend } from '@fpml/core/tf';
import { tensor } from '@fpml/level1-math';
import { describe, expect, it } from 'vitest';
import { expectGradcheck } from '../nn/gradcheck.js';
import { layerCases, oracleErrors } from '../nn/oracle.js';
import { expectParity } from '../nn/parity.js';
import { Dropout, TfDropout } from './dropout.js';

const randn = (rng: Rng, n: number) => Float64Array.from({ length: n }, () => rng.standardNormal());

/** Fraction dropped and mean of y for x = 1 (n entries), with their 5σ bounds. */
function stats(y: ArrayLike<number>, p: number) {
  const n = y.length;
  let zeros = 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    if (y[i] === 0) zeros++;
    sum += y[i]!;
  }
  return {
    dropped: zeros / n,
    droppedBound: 5 * Math.sqrt((p * (1 - p)) / n), // binomial: sd of the fraction dropped
    mean: sum / n,
    meanBound: 5 * Math.sqrt(p / ((1 - p) * n)), // sd of mean(y) when y_i = m_i/(1-p)
  };
}

describe('Dropout', () => {
  it('is the identity in eval mode (PyTorch 1.13 oracle)', () => {
    const [c] = layerCases('Dropout');
    expect(c!.name).toBe('dropout p=0.3 eval');
    const e = oracleErrors(new Dropout((c!.config as { p: number }).p, { rng: 0 }), c!);
    expect(e.missing).toEqual([]);
    expect(e.max).toBe(0);
  });

  it('in training keeps each entry with probability 1 - p and scales it by 1/(1 - p): E[y] = x', () => {
    for (const p of [0.1, 0.3, 0.7]) {
      const d = new Dropout(p, { rng: 11 });
      const n = 20000;
      const x = tensor(new Float64Array(n).fill(1));
      const y = d.forward(x).data;
      expect(y.filter((v) => v !== 0 && v !== 1 / (1 - p)).length).toBe(0);
      const s = stats(y, p);
      expect(Math.abs(s.dropped - p)).toBeLessThan(s.droppedBound);
      expect(Math.abs(s.mean - 1)).toBeLessThan(s.meanBound);
    }
  });

  it('passes the gradient check through a fixed mask; the gradient is the mask', () => {
    const rng = new Rng(1);
    const x = tensor(randn(rng, 4 * 5), [4, 5]);
    const fixed = (m: Dropout, xx: typeof x) => new Dropout(m.p, { rng: 5 }).forward(xx); // same mask every call
    expect(expectGradcheck(new Dropout(0.4, { rng: 0 }), [x], { forward: fixed }).maxRelError).toBeLessThan(1e-7);
    const leaf = tensor(x.data, x.shape, { requiresGrad: true });
    const y = new Dropout(0.4, { rng: 5 }).forward(leaf);
    y.sum().backward();
    for (let i = 0; i < x.size; i++) expect(leaf.grad!.data[i]).toBeCloseTo(y.data[i]! / x.data[i]!, 12); // ∂y_i/∂x_i = m_i/(1-p)
  });

  it('draws fresh masks per call, the same sequence per seed; p = 0 is the identity, p = 1 zeros', () => {
    const x = tensor(new Float64Array(200).fill(1));
    const a = new Dropout(0.5, { rng: 3 });
    const b = new Dropout(0.5, { rng: 3 });
    const a1 = a.forward(x).data;
    expect(b.forward(x).data).toEqual(a1);
    expect(a.forward(x).data).not.toEqual(a1);
    expect(new Dropout(0, { rng: 0 }).forward(x)).toBe(x);
    const leaf = tensor([1, 2, 3], undefined, { requiresGrad: true });
    const z = new Dropout(1, { rng: 0 }).forward(leaf);
    expect(Array.from(z.data)).toEqual([0, 0, 0]);
    z.sum().backward();
    expect(Array.from(leaf.grad!.data)).toEqual([0, 0, 0]);
    const shared = new Rng(9); // a shared Rng advances by one draw per element
    new Dropout(0.5, { rng: shared }).forward(x);
    const replay = new Rng(9);
    for (let i = 0; i < 200; i++) replay.next();
    expect(shared.next()).toBe(replay.next());
  });

  it('rejects bad options and inputs with typed errors', () => {
    expect(() => new Dropout(-0.1, { rng: 0 })).toThrow(InvalidParamError);
    expect(() => new Dropout(1.5, { rng: 0 })).toThrow(/p must be a number in \[0, 1\]/);
    expect(() => new Dropout(NaN, { rng: 0 })).toThrow(InvalidParamError);
    expect(() => new Dropout(0.5, { rng: undefined as never })).toThrow(/rng/);
    expect(() => new Dropout(0.5, { rng: 0 }).forward([1] as never)).toThrow(ShapeError);
  });
});

describe('TfDropout', () => {
  it('agrees with Dropout in eval mode on every backend (identity, gradient 1), leaving no tensor', async () => {
    const rng = new Rng(2);
    const r = await expectParity({
      reference: new Dropout(0.3, { rng: 0 }),
      makeTwin: (tf) => new TfDropout(tf, 0.3, { rng: 0 }),
      inputs: [{ data: randn(rng, 3 * 4), shape: [3, 4] }],
      mode: 'eval',
    });
    for (const b of r.backends) expect(b.leaked, b.backend).toBe(0);
  });

  it('in training has the same statistics on every backend: fraction dropped ≈ p, E[y] = x, gradient = mask', async () => {
    const original = (await getTf()).backend;
    try {
      for (const backend of await availableBackends()) {
        const { tf } = await setBackend(backend);
        await expectNoTensorLeak(() => {
          const p = 0.3;
          const d = new TfDropout(tf, p, { rng: 4 });
          const n = 20000;
          const x = tf.ones([n]);
          const { value, grads } = tf.tidy(() => {
            const xv = tf.variable(x);
            const out = tf.variableGrads(() => tf.sum(tf.mul(d.forward(xv), tf.range(0, n).add(1))) as never, [xv]);
            const y = tf.tidy(() => d.forward(x));
            xv.dispose();
            return { value: tf.keep(y), grads: out };
          });
          const y = value.dataSync();
          expect(y.filter((v) => v !== 0 && Math.abs(v - 1 / (1 - p)) > 1e-6).length, backend).toBe(0);
          const s = stats(y, p);
          expect(Math.abs(s.dropped - p), backend).toBeLessThan(s.droppedBound);
          expect(Math.abs(s.mean - 1), backend).toBeLessThan(s.meanBound);
          const g = Object.values(grads.grads)[0]!.dataSync();
          const sg = stats(Float32Array.from(g, (v, i) => v / (i + 1)), p); // ∂/∂x_i of Σ (i+1) y_i = (i+1) m_i/(1-p)
          expect(Math.abs(sg.dropped - p), backend).toBeLessThan(sg.droppedBound);
          // a second call draws a new mask (a new seed from the layer's Rng)
          const y2 = tf.tidy(() => d.forward(x).dataSync());
          expect(Array.from(y2)).not.toEqual(Array.from(y));
          for (const t of [value, grads.value, ...Object.values(grads.grads), x]) t.dispose();
          d.dispose();
        }, { tf, label: `TfDropout train on ${backend}` });
      }
    } finally {
      await setBackend(original);
    }
  });

  it('returns a copy in eval mode and zeros for p = 1; rejects bad options and inputs', async () => {
    const { tf } = await getTf();
    await expectNoTensorLeak(() => {
      const x = tf.tensor([1, -2, 3]);
      const e = new TfDropout(tf, 0.5, { rng: 0 }).eval();
      const y = e.forward(x);
      expect(y).not.toBe(x);
      expect(Array.from(y.dataSync())).toEqual([1, -2, 3]);
      const z = new TfDropout(tf, 1, { rng: 0 }).forward(x);
      expect(Array.from(z.dataSync())).toEqual([0, -0, 0]);
      for (const t of [x, y, z]) t.dispose();
    });
    expect(() => new TfDropout(tf, 2, { rng: 0 })).toThrow(InvalidParamError);
    expect(() => new TfDropout(tf, 0.5, { rng: -1 })).toThrow(/rng/);
    expect(() => new TfDropout(tf, 0.5, { rng: 0 }).forward([1] as never)).toThrow(ShapeError);
  });
});
