import { InvalidInputError, InvalidParamError, Matrix, Rng, ShapeError } from '@fpml/core';
import { checkGradient } from '@fpml/core/testing';
import { eigh } from '@fpml/level1-math';
import { describe, expect, it } from 'vitest';
import { ConstantKernel, ExpSineSquared, Matern, RationalQuadratic, RBF, WhiteKernel, kernelFromJSON, type Kernel } from './index.js';

const rng = new Rng(7);
const X2 = new Matrix(9, 2, Float64Array.from({ length: 18 }, () => rng.uniform(-2, 2)));
const X1 = new Matrix(9, 1, Float64Array.from({ length: 9 }, () => rng.uniform(-3, 3)));
const X = X2;
// ExpSineSquared of the Euclidean distance is positive definite only in one dimension (in 2-D
// the test below finds a negative eigenvalue), so it is checked on 1-D inputs.
const KERNELS: [string, Kernel, Matrix?][] = [
  ['RBF', new RBF({ lengthScale: 0.8 })],
  ['RBF ARD', new RBF({ lengthScale: [0.7, 1.9] })],
  ['Matern 0.5', new Matern({ lengthScale: 1.3, nu: 0.5 })],
  ['Matern 1.5 ARD', new Matern({ lengthScale: [0.6, 1.2], nu: 1.5 })],
  ['Matern 2.5', new Matern({ lengthScale: 0.9, nu: 2.5 })],
  ['ExpSineSquared', new ExpSineSquared({ lengthScale: 1.1, periodicity: 2.3 }), X1],
  ['RationalQuadratic', new RationalQuadratic({ lengthScale: 0.7, alpha: 1.6 })],
  ['Constant', new ConstantKernel({ constantValue: 2.5 })],
  ['White', new WhiteKernel({ noiseLevel: 0.3 })],
  ['composite', new ConstantKernel({ constantValue: 1.7 }).times(new RBF({ lengthScale: 1.2 }).times(new ExpSineSquared({ lengthScale: 0.9, periodicity: 1.8 }))).plus(new RationalQuadratic({ lengthScale: 0.5, alpha: 0.8 })).plus(new WhiteKernel({ noiseLevel: 0.05 })), X1],
];

describe('kernels', () => {
  for (const [name, k, X = X2] of KERNELS) {
    it(`${name}: ∂K/∂θ matches central differences entry by entry, K is symmetric PSD, diag = k(x, x), JSON round-trips`, () => {
      const { K, dK } = k.gradient(X);
      expect(dK.length).toBe(k.theta.length);
      const n = X.rows;
      for (let p = 0; p < n; p++) {
        for (let q = 0; q <= p; q++) {
          const entry = (theta: Float64Array) => k.withTheta(theta).call(X).data[p * n + q]!;
          const res = checkGradient(entry, () => dK.map((d) => d.data[p * n + q]!), k.theta, { h: 1e-6, tol: 1e-7 });
          if (!res.passed) throw new Error(`${name}: ∂K[${p},${q}]/∂θ off by ${res.maxAbsError}`);
        }
      }
      for (let p = 0; p < n; p++) for (let q = 0; q < n; q++) expect(K.data[p * n + q]).toBe(K.data[q * n + p]);
      expect(Math.min(...eigh(K).values)).toBeGreaterThan(-1e-12);
      const diag = k.diag(X);
      const Kd = k.call(X);
      for (let i = 0; i < n; i++) expect(diag[i]).toBeCloseTo(Kd.data[i * n + i]!, 14);
      const back = kernelFromJSON(JSON.parse(JSON.stringify(k.toJSON())));
      expect(back.toString()).toBe(k.toString());
      expect(Array.from(back.call(X).data)).toEqual(Array.from(Kd.data));
    });
  }

  it('Matern ν=0.5 is the exponential kernel and ν=2.5 approaches the RBF ordering (RBF ≥ Matern 5/2 ≥ 3/2 ≥ 1/2 at r ≤ 1)', () => {
    const x = Matrix.from([[0], [0.3], [1]]);
    const row = (k: Kernel) => Array.from(k.call(x).data.slice(1, 3));
    const e = row(new Matern({ nu: 0.5 }));
    expect(e[0]).toBeCloseTo(Math.exp(-0.3), 15);
    const [r, m52, m32, m12] = [new RBF(), new Matern({ nu: 2.5 }), new Matern({ nu: 1.5 }), new Matern({ nu: 0.5 })].map(row);
    for (let j = 0; j < 2; j++) expect(r![j]! >= m52![j]! && m52![j]! >= m32![j]! && m32![j]! >= m12![j]!).toBe(true);
  });

  it('ExpSineSquared is exactly periodic; WhiteKernel is zero between different sets', () => {
    const k = new ExpSineSquared({ lengthScale: 0.7, periodicity: 2.5 });
    const a = Matrix.from([[0.4]]), b = Matrix.from([[1.1]]), b2 = Matrix.from([[1.1 + 3 * 2.5]]);
    expect(k.call(a, b2).data[0]).toBeCloseTo(k.call(a, b).data[0]!, 12);
    expect(Array.from(new WhiteKernel({ noiseLevel: 2 }).call(X, X).data).every((v) => v === 0)).toBe(true);
  });

  it('ExpSineSquared of the 2-D Euclidean distance is not positive semi-definite (why the 1-D inputs above)', () => {
    const K = new ExpSineSquared({ lengthScale: 1.1, periodicity: 2.3 }).call(X2);
    expect(Math.min(...eigh(K).values)).toBeLessThan(-1e-3);
  });

  it('fixed hyper-parameters leave theta and contribute no gradient', () => {
    const k = new ConstantKernel({ constantValue: 2, bounds: 'fixed' }).times(new RBF({ lengthScale: [1, 2] })).plus(new WhiteKernel({ noiseLevel: 0.1, bounds: 'fixed' }));
    expect(k.theta.length).toBe(2);
    expect(k.gradient(X).dK.length).toBe(2);
    expect(k.hyperparameters.map((h) => h.name)).toEqual(['k1__k1__constant_value', 'k1__k2__length_scale', 'k2__noise_level']);
    expect(k.bounds[0]![0]).toBeCloseTo(Math.log(1e-5), 12);
  });

  it('bad hyper-parameters, shapes and specs are typed errors naming the argument', () => {
    expect(() => new RBF({ lengthScale: -1 })).toThrow(InvalidParamError);
    expect(() => new RBF({ lengthScale: 1, bounds: [2, 1] })).toThrow(/lengthScaleBounds/);
    expect(() => new Matern({ nu: 2 as 1.5 })).toThrow(/nu must be 0.5, 1.5 or 2.5/);
    expect(() => new ExpSineSquared({ lengthScale: [1, 2] as unknown as number })).toThrow(/isotropic/);
    expect(() => new RBF({ lengthScale: [1, 2, 3] }).call(X)).toThrow(ShapeError);
    expect(() => new RBF().call(X, Matrix.from([[1, 2, 3]]))).toThrow(/Y has 3 columns but X has 2/);
    expect(() => new RBF().withTheta([1, 2])).toThrow(InvalidInputError);
    expect(() => new RBF().withTheta([NaN])).toThrow(/theta\[0\] must be finite/);
    expect(() => kernelFromJSON({ kind: 'Laplace' } as never)).toThrow(/unknown kernel kind/);
    expect(() => new RBF().plus(3 as never)).toThrow(/k2 must be a Kernel/);
  });
});
