import { InvalidInputError, InvalidParamError, Matrix, NotFittedError, Rng } from '@fpml/core';
import { checkEstimator, expectClose } from '@fpml/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { randomSampleMask } from './gradient-boosting-base.js';
import { binomialDeviance } from './gradient-boosting-losses.js';
import { GradientBoostingClassifier } from './gradient-boosting-classifier.js';
import { GradientBoostingRegressor } from './gradient-boosting-regressor.js';
import { numpyPercentileLinear, numpySum, weightedPercentile } from './gradient-boosting-numeric.js';

/** Integer features in [-30, 30] (distinct values stay distinct, also in float32, under the transforms below) and a nonlinear target. */
function dataset(seed: number, n: number, d: number, classes = 0): { X: Matrix; y: Float64Array; labels: Int32Array } {
  const rng = new Rng(seed);
  const X = new Matrix(n, d);
  const y = new Float64Array(n);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) {
      const v = rng.int(61) - 30;
      X.data[i * d + j] = v;
      s += (j % 2 === 0 ? 1 : -1) * (v > 0 ? v : 0.3 * v);
    }
    y[i] = s + rng.normal(0, 2);
    labels[i] = classes > 0 ? Math.min(classes - 1, Math.max(0, Math.floor((y[i]! + 20) / (40 / classes)))) : 0;
  }
  return { X, y, labels };
}

checkEstimator('GradientBoostingRegressor', () => new GradientBoostingRegressor({ nEstimators: 20 }));
checkEstimator('GradientBoostingRegressor(huber, subsample)', () => new GradientBoostingRegressor({ loss: 'huber', nEstimators: 15, subsample: 0.7, seed: 3 }));
checkEstimator('GradientBoostingRegressor(absolute_error, maxFeatures 2)', () => new GradientBoostingRegressor({ loss: 'absolute_error', nEstimators: 10, maxFeatures: 2, seed: 1 }));
checkEstimator('GradientBoostingRegressor(quantile, early stopping)', () => new GradientBoostingRegressor({ loss: 'quantile', alpha: 0.3, nEstimators: 50, nIterNoChange: 3, seed: 2 }));
checkEstimator('GradientBoostingClassifier', () => new GradientBoostingClassifier({ nEstimators: 20 }));
checkEstimator('GradientBoostingClassifier(subsample, init zero)', () => new GradientBoostingClassifier({ nEstimators: 10, subsample: 0.6, init: 'zero', seed: 5 }));
checkEstimator('GradientBoostingClassifier(binary, maxLeafNodes 4)', () => new GradientBoostingClassifier({ nEstimators: 10, maxLeafNodes: 4 }), {
  data: { X: dataset(4, 30, 3).X.toArray(), y: Array.from(dataset(4, 30, 3, 2).labels) },
});

describe('params and errors', () => {
  const { X, y, labels } = dataset(1, 40, 3, 3);
  it('rejects bad params in fit, naming the param', () => {
    const bad: [Record<string, unknown>, string][] = [
      [{ learningRate: -1 }, 'learningRate'], [{ nEstimators: 0 }, 'nEstimators'], [{ subsample: 0 }, 'subsample'], [{ subsample: 1.5 }, 'subsample'],
      [{ criterion: 'gini' }, 'criterion'], [{ minSamplesSplit: 1 }, 'minSamplesSplit'], [{ minSamplesLeaf: 0 }, 'minSamplesLeaf'],
      [{ minWeightFractionLeaf: 0.6 }, 'minWeightFractionLeaf'], [{ maxDepth: 0 }, 'maxDepth'], [{ init: 'prior' }, 'init'], [{ maxFeatures: 'all' }, 'maxFeatures'],
      [{ maxLeafNodes: 1 }, 'maxLeafNodes'], [{ validationFraction: 1 }, 'validationFraction'], [{ nIterNoChange: 0 }, 'nIterNoChange'],
      [{ tol: -1 }, 'tol'], [{ ccpAlpha: -1 }, 'ccpAlpha'], [{ seed: 1.5 }, 'seed'],
    ];
    for (const [opts, param] of bad) {
      expect(() => new GradientBoostingRegressor(opts as never).fit(X, y), JSON.stringify(opts)).toThrow(new RegExp(`param ${param} must be`));
      expect(() => new GradientBoostingClassifier(opts as never).fit(X, labels)).toThrow(InvalidParamError);
    }
    expect(() => new GradientBoostingRegressor({ loss: 'log_loss' } as never).fit(X, y)).toThrow(/param loss must be/);
    expect(() => new GradientBoostingRegressor({ loss: 'huber', alpha: 1 }).fit(X, y)).toThrow(/param alpha must be/);
    expect(() => new GradientBoostingClassifier({ loss: 'exponential' } as never).fit(X, labels)).toThrow(/param loss must be 'log_loss'/);
    expect(() => new GradientBoostingRegressor({ maxFeatures: 4 }).fit(X, y)).toThrow(/maxFeatures/);
  });
  it('typed errors for bad data; getters need a fit', () => {
    expect(() => new GradientBoostingClassifier().fit(X, new Int32Array(40))).toThrow(/at least 2 classes/);
    expect(() => new GradientBoostingRegressor().fit(X, y, new Float64Array(40))).toThrow(InvalidInputError);
    const m = new GradientBoostingRegressor();
    for (const g of ['nEstimators', 'estimators', 'trainScore', 'oobImprovement', 'featureImportances', 'initPrediction'] as const) expect(() => m[g]).toThrow(NotFittedError);
  });
});

describe('behaviour', () => {
  it('the priors: mean, median, quantile, log-odds and log class frequencies', () => {
    const X = [[0], [1], [2], [3], [4]];
    const y = [1, 2, 4, 8, 100];
    expect(new GradientBoostingRegressor({ nEstimators: 1 }).fit(X, y).initPrediction).toBe(23);
    expect(new GradientBoostingRegressor({ loss: 'absolute_error', nEstimators: 1 }).fit(X, y).initPrediction).toBe(4);
    expect(new GradientBoostingRegressor({ loss: 'quantile', alpha: 0.25, nEstimators: 1 }).fit(X, y).initPrediction).toBe(2);
    expect(new GradientBoostingRegressor({ init: 'zero', nEstimators: 1 }).fit(X, y).initPrediction).toBe(0);
    expectClose(new GradientBoostingClassifier({ nEstimators: 1 }).fit(X, [0, 0, 0, 1, 1]).initPrediction[0]!, Math.log(0.4 / 0.6), { rtol: 1e-15 });
    const init = new GradientBoostingClassifier({ nEstimators: 1 }).fit(X, [0, 1, 1, 2, 2]).initPrediction;
    expectClose(init, [Math.log(0.2), Math.log(0.4), Math.log(0.4)], { rtol: 1e-15 });
  });

  it('one stump on squared error moves each side by ν × its mean residual', () => {
    const X = [[0], [1], [2], [3]];
    const y = [0, 2, 10, 12];
    const m = new GradientBoostingRegressor({ nEstimators: 1, maxDepth: 1, learningRate: 0.5 }).fit(X, y);
    expect(Array.from(m.predict(X))).toEqual([6 + 0.5 * -5, 6 + 0.5 * -5, 6 + 0.5 * 5, 6 + 0.5 * 5]);
  });

  it('log loss: the stump leaves hold the Newton step Σr / Σp(1−p)', () => {
    const X = [[0], [1], [2], [3], [4], [5]];
    const y = [0, 0, 1, 1, 1, 1];
    const m = new GradientBoostingClassifier({ nEstimators: 1, maxDepth: 1, learningRate: 1 }).fit(X, y);
    const p = 4 / 6, f0 = Math.log(p / (1 - p));
    // left leaf {0, 1}: residuals −p each → Σr / Σp(1−p) = −2p / (2p(1−p)) = −1/(1−p); right: (1−p)·4 / (4p(1−p)) = 1/p.
    expectClose(m.decisionFunction([[0.5], [4]]).data, [f0 - 1 / (1 - p), f0 + 1 / p], { rtol: 1e-14 });
  });

  it('subsampling: seeded, in-bag train score, OOB improvements; the sample mask takes exactly ⌊s·n⌋ rows', () => {
    const { X, y } = dataset(3, 120, 3);
    const opts = { subsample: 0.5, nEstimators: 30, seed: 9 } as const;
    const a = new GradientBoostingRegressor(opts).fit(X, y);
    expect(a.oobImprovement!.length).toBe(30);
    expect(Array.from(new GradientBoostingRegressor(opts).fit(X, y).predict(X))).toEqual(Array.from(a.predict(X)));
    expect(new GradientBoostingRegressor({ nEstimators: 3 }).fit(X, y).oobImprovement).toBeNull();
    const rng = new Rng(0);
    for (const [n, k] of [[10, 5], [7, 1], [100, 63]]) expect(randomSampleMask(n!, k!, rng).reduce((s, v) => s + v, 0)).toBe(k);
  });

  it('early stopping keeps the stage that failed to improve (sklearn: n_estimators_ = i + 1)', () => {
    const { X, y } = dataset(2, 200, 3);
    const m = new GradientBoostingRegressor({ nEstimators: 500, nIterNoChange: 2, tol: 10, seed: 1 }).fit(X, y);
    expect(m.nEstimators).toBeLessThan(500);
    expect(m.trainScore.length).toBe(m.nEstimators);
  });

  it('feature importances sum to 1 and ignore a useless feature', () => {
    const rng = new Rng(8);
    const X = Array.from({ length: 150 }, () => [rng.uniform(0, 1), rng.uniform(0, 1)]);
    const y = X.map((r) => (r[0]! > 0.5 ? 3 : 0));
    const fi = new GradientBoostingRegressor({ nEstimators: 10, maxDepth: 1 }).fit(X, y).featureImportances;
    expectClose(numpySum(fi), 1, { rtol: 1e-15 });
    expect(fi[0]!).toBeGreaterThan(0.99);
  });

  it('numeric helpers: NumPy percentile, sklearn weighted percentile, pairwise sum', () => {
    expect(numpyPercentileLinear([4, 1, 3, 2], 50)).toBe(2.5);
    expect(numpyPercentileLinear([1, 2, 3, 4, 5], 90)).toBeCloseTo(4.6, 14);
    expect(weightedPercentile([3, 1, 2], [1, 1, 1], 50)).toBe(2);
    expect(weightedPercentile([1, 2, 3, 4], [1, 1, 1, 1], 50)).toBe(2); // lower median
    expect(weightedPercentile([1, 2, 3], [0, 1, 5], 0)).toBe(2); // percentile 0 skips zero weights
    const a = Float64Array.from({ length: 1000 }, (_, i) => 0.1 * (i % 7) + 1e-3 * i);
    expectClose(numpySum(a), a.reduce((s, v) => s + v, 0), { rtol: 1e-13 });
  });
});

describe('properties (fast-check)', () => {
  const arb = fc.record({ seed: fc.integer({ min: 0, max: 1e6 }), n: fc.integer({ min: 12, max: 50 }), d: fc.integer({ min: 1, max: 4 }) });
  const lossArb = fc.constantFrom('squared_error', 'absolute_error', 'huber', 'quantile') as fc.Arbitrary<'squared_error' | 'absolute_error' | 'huber' | 'quantile'>;

  it('exact line-search losses (squared, absolute, quantile): the training loss never increases over stages (ν ≤ 1, no subsampling)', () => {
    // Each leaf value is the exact minimiser γ* of that leaf's (convex) loss, so by convexity the
    // step ν·γ*, ν ∈ (0, 1], cannot raise it: L(ν γ*) ≤ (1 − ν) L(0) + ν L(γ*) ≤ L(0).
    const exact = fc.constantFrom('squared_error', 'absolute_error', 'quantile') as fc.Arbitrary<'squared_error' | 'absolute_error' | 'quantile'>;
    fc.assert(
      fc.property(arb, fc.double({ min: 0.05, max: 1, noNaN: true }), fc.integer({ min: 1, max: 4 }), exact, ({ seed, n, d }, lr, depth, loss) => {
        const { X, y } = dataset(seed, n, d);
        const ts = new GradientBoostingRegressor({ nEstimators: 15, learningRate: lr, maxDepth: depth, loss, alpha: 0.3 }).fit(X, y).trainScore;
        for (let t = 1; t < ts.length; t++) expect(ts[t]!).toBeLessThanOrEqual(ts[t - 1]! * (1 + 1e-12) + 1e-12);
      }),
      { numRuns: 30 },
    );
  });

  it('log loss is not covered: one Newton step can overshoot and raise the loss (why the property above excludes it)', () => {
    // A leaf of 1 positive and 99 negatives, all at p = 0.001: the Newton step Σr / Σp(1−p) = 9.0 jumps
    // the logit from −6.9 to +2.1 while the leaf optimum is logit(0.01) = −4.6.
    const F = Math.log(0.001 / 0.999);
    const y = Float64Array.from({ length: 100 }, (_, i) => (i === 0 ? 1 : 0));
    const raw = [new Float64Array(100).fill(F)];
    const w = new Float64Array(100).fill(1);
    const r = binomialDeviance.negativeGradient(y, raw, 0, w);
    const step = binomialDeviance.leafValue(Int32Array.from({ length: 100 }, (_, i) => i), y, r, raw[0]!, w)!;
    expectClose(step, (0.999 - 99 * 0.001) / (100 * 0.001 * 0.999), { rtol: 1e-12 });
    const after = [raw[0]!.map((v) => v + 0.5 * step)];
    expect(binomialDeviance.loss(y, after, w, null)).toBeGreaterThan(binomialDeviance.loss(y, raw, w, null)); // even with ν = 0.5
  });

  it('stagedPredict / stagedPredictProba: the last stage equals predict / predictProba, bit for bit', () => {
    fc.assert(
      fc.property(arb, lossArb, ({ seed, n, d }, loss) => {
        const { X, y, labels } = dataset(seed, n, d, 3);
        const r = new GradientBoostingRegressor({ nEstimators: 8, loss }).fit(X, y);
        const stages = [...r.stagedPredict(X)];
        expect(stages.length).toBe(8);
        expect(Array.from(stages.at(-1)!)).toEqual(Array.from(r.predict(X)));
        if (new Set(labels).size < 2) return;
        const c = new GradientBoostingClassifier({ nEstimators: 8 }).fit(X, labels);
        expect(Array.from([...c.stagedPredictProba(X)].at(-1)!.data)).toEqual(Array.from(c.predictProba(X).data));
        expect(Array.from([...c.stagedPredict(X)].at(-1)! as Int32Array)).toEqual(Array.from(c.predict(X) as Int32Array));
      }),
      { numRuns: 25 },
    );
  });

  it('strictly increasing feature transforms leave the training predictions unchanged (exact GB)', () => {
    const transforms = [(v: number) => 2 * v + 1, (v: number) => v ** 3, (v: number) => Math.exp(v / 10)];
    fc.assert(
      fc.property(arb, fc.integer({ min: 0, max: 2 }), lossArb, ({ seed, n, d }, t, loss) => {
        const { X, y, labels } = dataset(seed, n, d, 3);
        const Xt = new Matrix(X.rows, X.cols, X.data.map(transforms[t]!));
        const a = new GradientBoostingRegressor({ nEstimators: 8, loss }).fit(X, y).predict(X);
        const b = new GradientBoostingRegressor({ nEstimators: 8, loss }).fit(Xt, y).predict(Xt);
        expect(Array.from(b)).toEqual(Array.from(a));
        if (new Set(labels).size < 2) return;
        const pa = new GradientBoostingClassifier({ nEstimators: 8 }).fit(X, labels).predictProba(X);
        const pb = new GradientBoostingClassifier({ nEstimators: 8 }).fit(Xt, labels).predictProba(Xt);
        expect(Array.from(pb.data)).toEqual(Array.from(pa.data));
      }),
      { numRuns: 25 },
    );
  });

  it('subsample = 1 makes the seed irrelevant; sample weights of 2 equal duplicated rows', () => {
    fc.assert(
      fc.property(arb, fc.integer({ min: 0, max: 1000 }), ({ seed, n, d }, s2) => {
        const { X, y } = dataset(seed, n, d);
        const a = new GradientBoostingRegressor({ nEstimators: 5, seed: 0 }).fit(X, y).predict(X);
        const b = new GradientBoostingRegressor({ nEstimators: 5, seed: s2 }).fit(X, y).predict(X);
        expect(Array.from(b)).toEqual(Array.from(a));
        const w = Float64Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 2 : 1));
        const rows = Array.from({ length: n }, (_, i) => i).flatMap((i) => (i % 3 === 0 ? [i, i] : [i]));
        const Xd = Matrix.from(rows.map((i) => Array.from(X.row(i))));
        const yd = Float64Array.from(rows, (i) => y[i]!);
        const pw = new GradientBoostingRegressor({ nEstimators: 5 }).fit(X, y, w).predict(X);
        const pd = new GradientBoostingRegressor({ nEstimators: 5 }).fit(Xd, yd).predict(X);
        expectClose(pw, pd, { rtol: 1e-9, atol: 1e-9 });
      }),
      { numRuns: 20 },
    );
  });
});
