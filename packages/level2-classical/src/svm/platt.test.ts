import { Rng } from '@fpml/core';
import { expectClose } from '@fpml/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pairwiseCoupling, sigmoidPredict, sigmoidTrain } from './platt.js';

/** Platt's objective and gradient at (A, B), straight from the definition (for checking). */
function plattGradient(dec: Float64Array, labels: number[], A: number, B: number): [number, number] {
  const n1 = labels.filter((v) => v > 0).length;
  const n0 = labels.length - n1;
  let g1 = 0;
  let g2 = 0;
  labels.forEach((yv, i) => {
    const t = yv > 0 ? (n1 + 1) / (n1 + 2) : 1 / (n0 + 2);
    const p = 1 / (1 + Math.exp(dec[i]! * A + B));
    g1 += dec[i]! * (t - p); // ∂F/∂A
    g2 += t - p; // ∂F/∂B
  });
  return [g1, g2];
}

describe('sigmoidTrain (Platt, Lin–Lin–Weng)', () => {
  it('recovers the sigmoid that generated the labels', () => {
    const rng = new Rng(11);
    const n = 20000;
    const A = -2;
    const B = 0.5;
    const dec = Float64Array.from({ length: n }, () => rng.normal(0, 1.5));
    const labels = Array.from(dec, (f) => (rng.uniform() < 1 / (1 + Math.exp(A * f + B)) ? 1 : -1));
    const fit = sigmoidTrain(dec, labels);
    expect(fit.stop).toBe('gradient');
    expect(Math.abs(fit.A - A)).toBeLessThan(0.1);
    expect(Math.abs(fit.B - B)).toBeLessThan(0.1);
  });

  it('stops at a stationary point of its objective (any data)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: -5, max: 5, noNaN: true }), fc.boolean()), { minLength: 2, maxLength: 50 }), (pts) => {
        const dec = Float64Array.from(pts, (p) => p[0]);
        const labels = pts.map((p) => (p[1] ? 1 : -1));
        const fit = sigmoidTrain(dec, labels);
        if (fit.stop !== 'gradient') return; // line-search stalls happen on separable data (A → −∞); libsvm stops there too
        const [g1, g2] = plattGradient(dec, labels, fit.A, fit.B);
        expect(Math.abs(g1)).toBeLessThan(1e-5 + 1e-9);
        expect(Math.abs(g2)).toBeLessThan(1e-5 + 1e-9);
      }),
    );
  });

  it('with uninformative decision values predicts the regularised prior', () => {
    const dec = new Float64Array(10); // all 0: only B matters
    const labels = [1, 1, 1, -1, -1, -1, -1, -1, -1, -1];
    const fit = sigmoidTrain(dec, labels);
    // F depends on B alone: minimiser p = mean target = (3·(4/5) + 7·(1/9)) / 10.
    expectClose(sigmoidPredict(0, fit.A, fit.B), (3 * (4 / 5) + 7 * (1 / 9)) / 10, { rtol: 1e-5 });
  });

  it('sigmoidPredict is stable on both tails', () => {
    expect(sigmoidPredict(1000, 1, 0)).toBeGreaterThanOrEqual(0);
    expect(sigmoidPredict(-1000, 1, 0)).toBe(1);
    expectClose(sigmoidPredict(800, -1, 0), 1, { rtol: 1e-15 });
    expect(Number.isFinite(sigmoidPredict(1e308, 10, 0))).toBe(true);
  });
});

describe('pairwiseCoupling (Wu–Lin–Weng method 2)', () => {
  const arbSimplex = fc
    .array(fc.double({ min: 0.05, max: 1, noNaN: true }), { minLength: 2, maxLength: 7 })
    .map((w) => {
      const s = w.reduce((a, b) => a + b, 0);
      return w.map((v) => v / s);
    });

  it('recovers p exactly-enough from consistent pairwise probabilities r_ij = p_i / (p_i + p_j)', () => {
    fc.assert(
      fc.property(arbSimplex, (p) => {
        const k = p.length;
        const r = new Float64Array(k * k);
        for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) if (i !== j) r[i * k + j] = p[i]! / (p[i]! + p[j]!);
        const q = pairwiseCoupling(r, k);
        expectClose(q, p, { atol: 0.02 }); // libsvm stops at max |Qp − pᵀQp| < 0.005/k
        expectClose(q.reduce((a, b) => a + b, 0), 1, { rtol: 1e-12 });
      }),
    );
  });

  it('for two classes returns (r_01, r_10) exactly', () => {
    const q = pairwiseCoupling(Float64Array.of(0, 0.3, 0.7, 0), 2);
    expect(Array.from(q)).toEqual([0.3, 0.7]);
  });

  it('returns a distribution for inconsistent r too', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 6 }), fc.array(fc.double({ min: 1e-7, max: 1 - 1e-7, noNaN: true }), { minLength: 15, maxLength: 15 }), (k, vals) => {
        const r = new Float64Array(k * k);
        let c = 0;
        for (let i = 0; i < k; i++) {
          for (let j = i + 1; j < k; j++) {
            r[i * k + j] = vals[c++]!;
            r[j * k + i] = 1 - r[i * k + j]!;
          }
        }
        const q = pairwiseCoupling(r, k);
        for (const v of q) expect(v).toBeGreaterThanOrEqual(0);
        expectClose(q.reduce((a, b) => a + b, 0), 1, { rtol: 1e-9 });
      }),
    );
  });
});
