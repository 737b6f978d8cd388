import { InvalidInputError, InvalidParamError, Matrix, NotFittedError, Rng, ShapeError } from '@fpml/core';
import { checkEstimator, expectClose } from '@fpml/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HistBinMapper, findBinThresholds } from './hist-binning.js';
import { HistGradientBoostingClassifier } from './hist-gradient-boosting-classifier.js';
import { HistGradientBoostingRegressor } from './hist-gradient-boosting-regressor.js';
import { PyHeap } from './hist-heap.js';

/** Integer-valued features in [-30, 30] (distinct values stay distinct under the transforms below), a nonlinear target. */
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

// The contract suite. With the defaults (minSamplesLeaf 20) the 24-row check data cannot split,
// so the models are also checked with small leaves, where every tree splits.
checkEstimator('HistGradientBoostingRegressor', () => new HistGradientBoostingRegressor());
checkEstimator('HistGradientBoostingRegressor(minSamplesLeaf 2)', () => new HistGradientBoostingRegressor({ minSamplesLeaf: 2, maxIter: 20 }));
checkEstimator('HistGradientBoostingRegressor(early stopping)', () => new HistGradientBoostingRegressor({ minSamplesLeaf: 2, earlyStopping: true, nIterNoChange: 3, seed: 3 }));
checkEstimator('HistGradientBoostingClassifier', () => new HistGradientBoostingClassifier());
checkEstimator('HistGradientBoostingClassifier(minSamplesLeaf 2)', () => new HistGradientBoostingClassifier({ minSamplesLeaf: 2, maxIter: 20, maxBins: 16 }));
checkEstimator('HistGradientBoostingClassifier(binary, depth 2)', () => new HistGradientBoostingClassifier({ minSamplesLeaf: 3, maxDepth: 2, maxIter: 15 }), {
  data: { X: dataset(4, 30, 3).X.toArray(), y: Array.from(dataset(4, 30, 3, 2).labels) },
});
checkEstimator('HistBinMapper', () => new HistBinMapper({ maxBins: 8 }));
checkEstimator('HistBinMapper(allowNan)', () => new HistBinMapper({ allowNan: true }), {
  skip: [{ check: 'rejects-nan', reason: 'allowNan: true maps NaN to the missing-value bin by design' }],
});

describe('params and errors', () => {
  const { X, y, labels } = dataset(1, 60, 3, 3);
  it('rejects bad params in fit, naming the param', () => {
    const bad: [Record<string, unknown>, string][] = [
      [{ learningRate: 0 }, 'learningRate'], [{ maxIter: 0 }, 'maxIter'], [{ maxLeafNodes: 1 }, 'maxLeafNodes'], [{ maxDepth: 0 }, 'maxDepth'],
      [{ minSamplesLeaf: 0 }, 'minSamplesLeaf'], [{ l2Regularization: -1 }, 'l2Regularization'], [{ maxBins: 256 }, 'maxBins'], [{ maxBins: 1 }, 'maxBins'],
      [{ earlyStopping: 'yes' }, 'earlyStopping'], [{ validationFraction: 1.5 }, 'validationFraction'], [{ nIterNoChange: 0 }, 'nIterNoChange'],
      [{ tol: -1 }, 'tol'], [{ seed: -1 }, 'seed'], [{ allowNan: 1 }, 'allowNan'], [{ loss: 'absolute_error' }, 'loss'],
    ];
    for (const [opts, param] of bad) {
      expect(() => new HistGradientBoostingRegressor(opts as never).fit(X, y), JSON.stringify(opts)).toThrow(new RegExp(`param ${param} must be`));
      if (param !== 'loss') expect(() => new HistGradientBoostingClassifier(opts as never).fit(X, labels)).toThrow(InvalidParamError);
    }
    expect(() => new HistGradientBoostingClassifier({ loss: 'squared_error' } as never).fit(X, labels)).toThrow(/param loss must be 'log_loss'/);
  });
  it('typed errors for bad data', () => {
    expect(() => new HistGradientBoostingClassifier().fit(X, new Int32Array(60))).toThrow(/at least 2 classes/);
    expect(() => new HistGradientBoostingRegressor().fit(X, y, new Float64Array(60).fill(-1))).toThrow(InvalidInputError);
    expect(() => new HistGradientBoostingRegressor().fit(X, y, new Float64Array(59))).toThrow(ShapeError);
    expect(() => new HistGradientBoostingRegressor().nIter).toThrow(NotFittedError);
    const m = new HistGradientBoostingRegressor({ allowNan: true }).fit(X, y);
    expect(() => m.predict([[Infinity, 0, 0]])).toThrow(/only NaN is accepted/);
    expect(Number.isFinite(m.predict([[NaN, NaN, NaN]])[0]!)).toBe(true);
  });
});

describe('behaviour', () => {
  it('with one iteration of one split, the leaves hold the shrunk mean residual (Newton step for squared error)', () => {
    const X = [[0], [1], [2], [3], [10], [11], [12], [13]];
    const y = [1, 2, 3, 2, 10, 11, 12, 11];
    const m = new HistGradientBoostingRegressor({ maxIter: 1, maxLeafNodes: 2, minSamplesLeaf: 1, learningRate: 0.5 }).fit(X, y);
    const mean = 52 / 8;
    // left: residuals 1,2,3,2 − mean; right: 10,11,12,11 − mean.
    expectClose(m.predict([[1]])[0]!, mean + 0.5 * (2 - mean), { rtol: 1e-12 });
    expectClose(m.predict([[12]])[0]!, mean + 0.5 * (11 - mean), { rtol: 1e-12 });
    expect(Array.from(m.nLeavesPerTree)).toEqual([2]);
  });

  it('l2Regularization shrinks leaf values by H/(H + λ)', () => {
    const X = [[0], [1], [2], [3], [10], [11], [12], [13]];
    const y = [0, 0, 0, 0, 8, 8, 8, 8];
    const m = new HistGradientBoostingRegressor({ maxIter: 1, maxLeafNodes: 2, minSamplesLeaf: 1, learningRate: 1, l2Regularization: 4 }).fit(X, y);
    // residuals ±4 over 4 samples: G = ∓16, H = 4 → v = ±16 / (4 + 4) = ±2.
    expectClose(m.predict([[12]])[0]!, 4 + 2, { rtol: 1e-12 });
    expectClose(m.predict([[0]])[0]!, 4 - 2, { rtol: 1e-12 });
  });

  it('maxLeafNodes and maxDepth bound every tree', () => {
    const { X, y } = dataset(2, 200, 4);
    const a = new HistGradientBoostingRegressor({ maxLeafNodes: 5, minSamplesLeaf: 2, maxIter: 10 }).fit(X, y);
    expect(Math.max(...a.nLeavesPerTree)).toBe(5);
    const b = new HistGradientBoostingRegressor({ maxLeafNodes: null, maxDepth: 2, minSamplesLeaf: 2, maxIter: 10 }).fit(X, y);
    expect(Math.max(...b.nLeavesPerTree)).toBeLessThanOrEqual(4);
  });

  it('early stopping stops and records scores; the split is seeded', () => {
    const { X, y } = dataset(3, 300, 3);
    const opts = { earlyStopping: true, nIterNoChange: 3, tol: 1e-2, maxIter: 500, minSamplesLeaf: 5, seed: 7 } as const;
    const m = new HistGradientBoostingRegressor(opts).fit(X, y);
    expect(m.nIter).toBeLessThan(500);
    expect(m.trainScore.length).toBe(m.nIter + 1);
    expect(m.validationScore.length).toBe(m.nIter + 1);
    expect(Array.from(new HistGradientBoostingRegressor(opts).fit(X, y).predict(X))).toEqual(Array.from(m.predict(X)));
    expect(new HistGradientBoostingRegressor().fit(X, y).trainScore.length).toBe(0); // off by default for n ≤ 10000
  });

  it('missing values learn a direction; all-NaN rows still get a finite prediction', () => {
    const rng = new Rng(5);
    const X: number[][] = [], y: number[] = [];
    for (let i = 0; i < 200; i++) {
      const miss = i % 4 === 0;
      X.push([miss ? NaN : rng.uniform(0, 1)]);
      y.push(miss ? 5 : 0);
    }
    const m = new HistGradientBoostingRegressor({ allowNan: true, minSamplesLeaf: 5 }).fit(X, y);
    expect(m.predict([[NaN]])[0]!).toBeGreaterThan(4.9);
    expect(Math.abs(m.predict([[0.5]])[0]!)).toBeLessThan(0.1);
  });

  it('binning: ≤ maxBins distinct values get midpoints; more get midpoint quantiles', () => {
    expect(Array.from(findBinThresholds([3, 1, 2, 2, 1, NaN], 255))).toEqual([1.5, 2.5]);
    const t = findBinThresholds(Float64Array.from({ length: 1000 }, (_, i) => i), 4);
    expect(Array.from(t)).toEqual([249.5, 499.5, 749.5]); // 25/50/75th midpoint percentiles of 0..999
  });

  it('PyHeap pops in heapq order (ties resolved by heap position)', () => {
    const h = new PyHeap<[number, string]>((a, b) => a[0] > b[0]);
    for (const item of [[2, 'a'], [3, 'b'], [1, 'c'], [3, 'd'], [3, 'e'], [2, 'f'], [3, 'g']] as [number, string][]) h.push(item);
    const out: string[] = [];
    while (h.size > 0) out.push(h.pop()[1]);
    // Python's heapq with __lt__ = (gain > other.gain) pops this order: 'g' overtakes 'd' and 'e'.
    expect(out).toEqual(['b', 'g', 'd', 'e', 'f', 'a', 'c']);
  });
});

describe('properties (fast-check)', () => {
  const arb = fc.record({ seed: fc.integer({ min: 0, max: 1e6 }), n: fc.integer({ min: 30, max: 80 }), d: fc.integer({ min: 1, max: 4 }) });
  const small = { minSamplesLeaf: 3, maxIter: 15, maxLeafNodes: 6 } as const;

  it('stagedPredict / stagedPredictProba: the last stage equals predict / predictProba', () => {
    fc.assert(
      fc.property(arb, ({ seed, n, d }) => {
        const { X, y, labels } = dataset(seed, n, d, 3);
        const r = new HistGradientBoostingRegressor(small).fit(X, y);
        const stages = [...r.stagedPredict(X)];
        expect(stages.length).toBe(r.nIter);
        expect(Array.from(stages.at(-1)!)).toEqual(Array.from(r.predict(X)));
        if (new Set(labels).size < 2) return;
        const c = new HistGradientBoostingClassifier(small).fit(X, labels);
        expect(Array.from([...c.stagedPredictProba(X)].at(-1)!.data)).toEqual(Array.from(c.predictProba(X).data));
        expect(Array.from([...c.stagedPredict(X)].at(-1)! as Int32Array)).toEqual(Array.from(c.predict(X) as Int32Array));
      }),
      { numRuns: 25 },
    );
  });

  it('strictly increasing feature transforms leave the bins, hence the training predictions, unchanged (bit for bit)', () => {
    const transforms = [(v: number) => 2 * v + 1, (v: number) => v ** 3, (v: number) => Math.exp(v / 10)];
    fc.assert(
      fc.property(arb, fc.integer({ min: 0, max: 2 }), ({ seed, n, d }, t) => {
        const { X, y, labels } = dataset(seed, n, d, 2);
        const Xt = new Matrix(X.rows, X.cols, X.data.map(transforms[t]!));
        const a = new HistGradientBoostingRegressor(small).fit(X, y).predict(X);
        const b = new HistGradientBoostingRegressor(small).fit(Xt, y).predict(Xt);
        expect(Array.from(b)).toEqual(Array.from(a));
        if (new Set(labels).size < 2) return;
        const pa = new HistGradientBoostingClassifier(small).fit(X, labels).predictProba(X);
        const pb = new HistGradientBoostingClassifier(small).fit(Xt, labels).predictProba(Xt);
        expect(Array.from(pb.data)).toEqual(Array.from(pa.data));
      }),
      { numRuns: 25 },
    );
  });

  it('scaling y by a power of two scales the predictions exactly (the float32 gradients scale exactly)', () => {
    fc.assert(
      fc.property(arb, fc.integer({ min: -8, max: 8 }), ({ seed, n, d }, e) => {
        const { X, y } = dataset(seed, n, d);
        const s = 2 ** e;
        const a = new HistGradientBoostingRegressor(small).fit(X, y).predict(X);
        const b = new HistGradientBoostingRegressor(small).fit(X, y.map((v) => v * s)).predict(X);
        expect(Array.from(b)).toEqual(Array.from(a, (v) => v * s));
      }),
      { numRuns: 25 },
    );
  });

  it('permuting the features leaves the training predictions unchanged', () => {
    fc.assert(
      fc.property(arb, fc.integer({ min: 0, max: 1e6 }), ({ seed, n, d }, pseed) => {
        const { X, y } = dataset(seed, n, d);
        const perm = new Rng(pseed).permutation(d);
        const Xp = new Matrix(n, d);
        for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) Xp.data[i * d + j] = X.data[i * d + perm[j]!]!;
        const a = new HistGradientBoostingRegressor(small).fit(X, y).predict(X);
        const b = new HistGradientBoostingRegressor(small).fit(Xp, y).predict(Xp);
        expectClose(b, a, { rtol: 1e-12, atol: 1e-12 });
      }),
      { numRuns: 25 },
    );
  });

  it('squared error: the training loss never increases over iterations (learningRate ≤ 1)', () => {
    fc.assert(
      fc.property(arb, fc.double({ min: 0.05, max: 1, noNaN: true }), ({ seed, n, d }, lr) => {
        const { X, y } = dataset(seed, n, d);
        // early stopping on the training loss records it after every iteration; nIterNoChange large so it never stops.
        const m = new HistGradientBoostingRegressor({ ...small, learningRate: lr, earlyStopping: true, validationFraction: null, nIterNoChange: 1000 }).fit(X, y);
        const sc = m.trainScore; // −loss
        for (let t = 1; t < sc.length; t++) expect(-sc[t]!).toBeLessThanOrEqual(-sc[t - 1]! * (1 + 1e-12) + 1e-12);
      }),
      { numRuns: 25 },
    );
  });
});
