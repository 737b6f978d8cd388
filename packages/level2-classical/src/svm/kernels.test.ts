import { Rng } from '@fpml/core';
import { expectClose } from '@fpml/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classification, fixture } from './fixture.test-utils.js';
import { kernelMatrix, type KernelSpec, pairwiseSum, powi, resolveGamma, rowDot } from './kernels.js';
import { fillKernelRow } from './q-matrix.js';

const gauss = (n: number, d: number, seed: number): Float64Array => {
  const rng = new Rng(seed);
  return Float64Array.from({ length: n * d }, () => rng.normal(0, 1));
};

describe('kernels', () => {
  it('match their closed forms', () => {
    const x = [0.5, -1, 2];
    const z = [1.5, 0.25, -0.5];
    const dot = x.reduce((s, v, k) => s + v * z[k]!, 0);
    const dist2 = x.reduce((s, v, k) => s + (v - z[k]!) ** 2, 0);
    const A = Float64Array.from([...x, ...z]);
    const K = (spec: KernelSpec) => kernelMatrix(spec, A, 2, A, 2, 3)[1]!; // K(x, z)
    expectClose(K({ kernel: 'linear', gamma: 0, coef0: 0, degree: 3 }), dot, { rtol: 1e-15 });
    expectClose(K({ kernel: 'poly', gamma: 0.3, coef0: 1.5, degree: 3 }), (0.3 * dot + 1.5) ** 3, { rtol: 1e-14 });
    expectClose(K({ kernel: 'rbf', gamma: 0.7, coef0: 0, degree: 3 }), Math.exp(-0.7 * dist2), { rtol: 1e-14 });
    expectClose(K({ kernel: 'sigmoid', gamma: 0.2, coef0: -0.4, degree: 3 }), Math.tanh(0.2 * dot - 0.4), { rtol: 1e-15 });
  });

  it('powi is b^t by repeated squaring (exact for small integers, 0^0 = 1)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -6, max: 6 }), fc.integer({ min: 0, max: 12 }), (b, t) => powi(b, t) === b ** t),
    );
    expect(powi(0, 0)).toBe(1);
    expectClose(powi(1.1, 7), 1.1 ** 7, { rtol: 1e-15 });
  });

  it('the kernel matrix is symmetric with the right diagonal, and a cached row equals it in float32', () => {
    const n = 12;
    const d = 4;
    const X = gauss(n, d, 3);
    const xsq = Float64Array.from({ length: n }, (_, i) => rowDot(X, i * d, X, i * d, d));
    for (const kernel of ['linear', 'poly', 'rbf', 'sigmoid'] as const) {
      const spec: KernelSpec = { kernel, gamma: 0.4, coef0: 0.5, degree: 2 };
      const Kf = kernelMatrix(spec, X, n, X, n, d); // (n, n)
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(Kf[i * n + j]).toBe(Kf[j * n + i]);
      if (kernel === 'rbf') for (let i = 0; i < n; i++) expect(Kf[i * n + i]).toBe(1);
      const row = new Float32Array(n);
      fillKernelRow(spec, X, xsq, d, 5, 0, n, row);
      for (let j = 0; j < n; j++) expect(row[j]).toBe(Math.fround(Kf[5 * n + j]!));
    }
  });
});

describe('resolveGamma', () => {
  it("'scale' is bit-equal to scikit-learn's 1/(d X.var()) on the oracle datasets; 'auto' is 1/d", () => {
    for (const c of fixture.svc.filter((c) => c.params.gamma === undefined)) {
      const X = classification[c.dataset]!.X;
      expect(resolveGamma('scale', X.data, X.cols), c.dataset).toBe(c.gamma);
    }
    expect(resolveGamma('auto', new Float64Array(10), 5)).toBe(0.2);
    expect(resolveGamma(0.25, new Float64Array(10), 5)).toBe(0.25);
    expect(resolveGamma('scale', new Float64Array(6).fill(3), 2)).toBe(1); // zero variance → 1
  });

  it("'scale' scales as 1/c² under X → cX (what makes the RBF kernel scale-free)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 40 }), fc.integer({ min: 1, max: 5 }), fc.double({ min: 0.01, max: 100, noNaN: true }), fc.integer({ min: 0, max: 1000 }), (n, d, c, seed) => {
        const X = gauss(n, d, seed);
        const g = resolveGamma('scale', X, d);
        const gc = resolveGamma('scale', X.map((v) => c * v), d);
        expectClose(gc * c * c, g, { rtol: 1e-12 });
      }),
    );
  });

  it('pairwiseSum equals a compensated sum to O(eps log n)', () => {
    const a = gauss(1000, 1, 9).map((v) => v * 1e3 + 1e6);
    let s = 0;
    let comp = 0;
    for (const v of a) {
      const t = s + v;
      comp += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
      s = t;
    }
    expectClose(pairwiseSum(a), s + comp, { rtol: 1e-15 });
    expect(pairwiseSum(Float64Array.of(1, 2, 3))).toBe(6);
  });
});
