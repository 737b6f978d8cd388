import { InvalidInputError, InvalidParamError, Matrix, NotFittedError, Rng, ShapeError } from '@fpml/core';
import { checkEstimator, expectClose } from '@fpml/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GaussianNB } from './gaussian-nb.js';

checkEstimator('GaussianNB', () => new GaussianNB());
checkEstimator('GaussianNB(priors)', () => new GaussianNB({ priors: [0.5, 0.3, 0.2] }));
checkEstimator('GaussianNB(varSmoothing 0.1)', () => new GaussianNB({ varSmoothing: 0.1 }));

/**
 * Gaussian classes with at least `perClass` samples each, from a seed: continuous values, so no
 * within-class variance is 0 (the property tests below use varSmoothing = 0).
 */
function gaussianData(seed: number, K: number, d: number, perClass: number): { X: Matrix; y: Int32Array } {
  const rng = new Rng(seed);
  const n = K * perClass + rng.int(10);
  const X = new Matrix(n, d);
  const y = new Int32Array(n);
  const centres = Array.from({ length: K }, () => Array.from({ length: d }, () => rng.normal(0, 2)));
  const scales = Array.from({ length: K }, () => Array.from({ length: d }, () => 0.5 + rng.uniform() * 2));
  for (let i = 0; i < n; i++) {
    y[i] = i < K * perClass ? i % K : rng.int(K);
    for (let j = 0; j < d; j++) X.data[i * d + j] = rng.normal(centres[y[i]!]![j]!, scales[y[i]!]![j]!);
  }
  return { X, y };
}

const arbSeed = fc.integer({ min: 0, max: 2 ** 31 - 1 });

describe('GaussianNB params and API', () => {
  const { X, y } = gaussianData(0, 3, 2, 5);

  it('rejects bad params in fit, naming them', () => {
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ varSmoothing: -1 }, /param varSmoothing must be a finite number ≥ 0, got -1/],
      [{ varSmoothing: NaN }, /param varSmoothing/],
      [{ priors: [0.5, 0.5] }, /param priors must be an array with one entry per class \(3\)/],
      [{ priors: [0.5, 0.4, 0.2] }, /param priors must be probabilities summing to 1 \(they sum to 1.1/],
      [{ priors: [1.5, -0.25, -0.25] }, /param priors must be finite non-negative numbers/],
      [{ priors: 'uniform' }, /param priors must be null or an array/],
    ];
    for (const [opts, msg] of bad) {
      expect(() => new GaussianNB(opts as never).fit(X, y)).toThrow(InvalidParamError);
      expect(() => new GaussianNB(opts as never).fit(X, y)).toThrow(msg);
    }
  });

  it('fitted attributes: theta and var are the per-class means and biased variances + epsilon', () => {
    const nb = new GaussianNB({ varSmoothing: 1e-3 }).fit([[0, 1], [2, 1], [10, 5], [14, 7]], ['a', 'a', 'b', 'b']);
    expect(nb.theta.toArray()).toEqual([[1, 1], [12, 6]]);
    const eps = 1e-3 * 32.75; // the largest feature variance of X: feature 0, ((6.5)² + (4.5)² + (3.5)² + (7.5)²) / 4
    expectClose(nb.epsilon, eps, { rtol: 1e-15 });
    expectClose(nb.var, [[1 + eps, 0 + eps], [4 + eps, 1 + eps]], { rtol: 1e-15 });
    expect(Array.from(nb.classPrior)).toEqual([0.5, 0.5]);
    expect(Array.from(nb.classCount)).toEqual([2, 2]);
    expect(nb.classes).toEqual(['a', 'b']);
    expect(nb.nFeaturesIn).toBe(2);
  });

  it('getters before fit throw NotFittedError', () => {
    const nb = new GaussianNB();
    for (const g of ['classes', 'theta', 'var', 'epsilon', 'classPrior', 'classCount', 'nFeaturesIn'] as const) expect(() => nb[g]).toThrow(NotFittedError);
    expect(() => nb.predictJointLogProba([[0, 0]])).toThrow(NotFittedError);
  });

  it('a zero variance with zero smoothing is refused, not turned into NaN', () => {
    expect(() => new GaussianNB({ varSmoothing: 0 }).fit([[0, 1], [0, 2], [1, 3], [2, 3]], [0, 0, 1, 1])).toThrow(/feature 0 of class 0 has variance 0/);
    expect(() => new GaussianNB().fit([[1, 2]], [0])).toThrow(InvalidInputError); // one sample: every variance is 0
  });

  it('a sample impossible under every class (density underflow) is refused, not given class 0', () => {
    const nb = new GaussianNB().fit(X, y);
    expect(() => nb.predict([[1e200, 0]])).toThrow(/likelihood 0 under every class/);
    expect(() => nb.predictProba([[1e200, 0]])).toThrow(InvalidInputError);
  });

  it('sampleWeight: integer weights equal repeated rows; weights are checked', () => {
    const w = Array.from({ length: X.rows }, (_, i) => 1 + (i % 3));
    const rep: number[][] = [];
    const yr: number[] = [];
    for (let i = 0; i < X.rows; i++) for (let r = 0; r < w[i]!; r++) {
      rep.push(Array.from(X.row(i)));
      yr.push(y[i]!);
    }
    const a = new GaussianNB({ varSmoothing: 0 }).fit(X, y, w);
    const b = new GaussianNB({ varSmoothing: 0 }).fit(rep, yr);
    expectClose(a.theta, b.theta, { rtol: 1e-13, atol: 1e-14 });
    expectClose(a.var, b.var, { rtol: 1e-12 });
    expectClose(a.classCount, b.classCount, { rtol: 0 });
    expect(() => new GaussianNB().fit(X, y, w.slice(1))).toThrow(ShapeError);
    expect(() => new GaussianNB().fit(X, y, w.map((v, i) => (i === 3 ? -1 : v)))).toThrow(/sampleWeight must be non-negative, got -1 at index 3/);
    expect(() => new GaussianNB().fit(X, y, w.map((v, i) => (i === 2 ? NaN : v)))).toThrow(InvalidInputError);
  });

  it('partialFit needs classes on the first call, keeps them, and checks labels and width', () => {
    const nb = new GaussianNB();
    expect(() => nb.partialFit(X, y)).toThrow(/classes must be given on the first call/);
    nb.partialFit(X, y, [0, 1, 2]);
    nb.partialFit(X, y);
    expect(() => nb.partialFit(X, y, [0, 1])).toThrow(/differs from the classes of the first call/);
    expect(() => nb.partialFit(X, Int32Array.from(y, (v) => v + 1))).toThrow(/unknown label 3/);
    expect(() => nb.partialFit([[1, 2, 3]], [0])).toThrow(ShapeError);
    // a class absent so far has prior 0 and never wins
    const m = new GaussianNB().partialFit([[0], [1], [5], [6]], [0, 0, 1, 1], [0, 1, 2]);
    expect(Array.from(m.predictProba([[3]]).row(0))[2]).toBe(0);
  });
});

describe('GaussianNB properties (fast-check)', () => {
  it('partialFit in any chunks (with weights) equals one fit', () => {
    fc.assert(
      fc.property(arbSeed, fc.integer({ min: 2, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 5 }), fc.boolean(), (seed, K, d, cuts, weighted) => {
        const { X, y } = gaussianData(seed, K, d, 3);
        const w = weighted ? Float64Array.from({ length: X.rows }, (_, i) => 0.5 + ((i * 7) % 5) / 4) : null;
        const full = new GaussianNB().fit(X, y, w);
        const bounds = [...new Set([0, ...cuts.map((c) => Math.min(c, X.rows)), X.rows])].sort((a, b) => a - b);
        const chunked = new GaussianNB();
        for (let t = 0; t + 1 < bounds.length; t++) {
          const [s, e] = [bounds[t]!, bounds[t + 1]!];
          chunked.partialFit(new Matrix(e - s, d, X.data.slice(s * d, e * d)), y.slice(s, e), Array.from({ length: K }, (_, k) => k), w?.slice(s, e));
        }
        expectClose(chunked.theta, full.theta, { rtol: 1e-10, atol: 1e-12 });
        expectClose(chunked.var, full.var, { rtol: 1e-10 });
        expectClose(chunked.epsilon, full.epsilon, { rtol: 1e-10 });
        expectClose(chunked.predictProba(X), full.predictProba(X), { atol: 1e-9 });
      }),
      { numRuns: 100 },
    );
  });

  it('without smoothing, any per-feature affine map x_j → a_j x_j + b_j leaves the posteriors unchanged', () => {
    // θ → aθ + b, σ² → a²σ²: every class's log density shifts by the same −Σ log|a_j|, which cancels.
    fc.assert(
      fc.property(arbSeed, fc.integer({ min: 1, max: 4 }), fc.array(fc.tuple(fc.double({ min: 0.01, max: 100, noNaN: true }), fc.boolean(), fc.double({ min: -100, max: 100, noNaN: true })), { minLength: 4, maxLength: 4 }), (seed, d, maps) => {
        const { X, y } = gaussianData(seed, 3, d, 4);
        const f = (M: Matrix) => new Matrix(M.rows, d, M.data.map((v, t) => { const [a, neg, b] = maps[t % d]!; return (neg ? -a : a) * v + b; }));
        const p = new GaussianNB({ varSmoothing: 0 }).fit(X, y).predictProba(X);
        const q = new GaussianNB({ varSmoothing: 0 }).fit(f(X), y).predictProba(f(X));
        expectClose(q, p, { atol: 1e-8 });
      }),
      { numRuns: 100 },
    );
  });

  it('with smoothing, a common scale c·x + b_j still leaves them unchanged (ε scales by c² too)', () => {
    fc.assert(
      fc.property(arbSeed, fc.double({ min: 0.01, max: 100, noNaN: true }), fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 3, maxLength: 3 }), (seed, c, b) => {
        const { X, y } = gaussianData(seed, 3, 3, 4);
        const f = (M: Matrix) => new Matrix(M.rows, 3, M.data.map((v, t) => c * v + b[t % 3]!));
        const p = new GaussianNB({ varSmoothing: 1e-2 }).fit(X, y).predictProba(X);
        const q = new GaussianNB({ varSmoothing: 1e-2 }).fit(f(X), y).predictProba(f(X));
        expectClose(q, p, { atol: 1e-8 });
      }),
      { numRuns: 100 },
    );
  });

  it('but rescaling one feature changes ε = varSmoothing · max Var relative to the others: not invariant', () => {
    // Feature 1 separates the classes with a tiny spread; feature 0 is noise. Blowing up feature 0
    // raises ε past feature 1's variance, which washes out the evidence of feature 1.
    const X = [[0, 0], [1, 0.001], [2, 0.002], [0, 1], [1, 1.001], [2, 1.002]];
    const y = [0, 0, 0, 1, 1, 1];
    const Xs = X.map(([a, b]) => [a! * 1e4, b!]);
    const p = new GaussianNB({ varSmoothing: 1e-2 }).fit(X, y).predictProba([[1, 0.6]]).get(0, 1);
    const q = new GaussianNB({ varSmoothing: 1e-2 }).fit(Xs, y).predictProba([[1e4, 0.6]]).get(0, 1);
    expect(p).toBeGreaterThan(0.99);
    expect(Math.abs(q - p)).toBeGreaterThan(0.1);
  });

  it('permuting the features permutes theta and var and leaves the posteriors unchanged', () => {
    fc.assert(
      fc.property(arbSeed, fc.integer({ min: 2, max: 5 }), (seed, d) => {
        const { X, y } = gaussianData(seed, 3, d, 3);
        const perm = new Rng(seed).permutation(d);
        const Xp = new Matrix(X.rows, d, X.data.map((_, t) => X.data[Math.floor(t / d) * d + perm[t % d]!]!));
        const a = new GaussianNB().fit(X, y);
        const b = new GaussianNB().fit(Xp, y);
        for (let c = 0; c < 3; c++) for (let j = 0; j < d; j++) expect(b.theta.get(c, j)).toBe(a.theta.get(c, perm[j]!));
        expectClose(b.predictProba(Xp), a.predictProba(X), { atol: 1e-12 });
      }),
      { numRuns: 50 },
    );
  });
});
