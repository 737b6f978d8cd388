import { InvalidInputError, InvalidParamError, Matrix, NotFittedError, Rng } from '@fpml/core';
import { checkEstimator, expectClose } from '@fpml/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AdaBoostClassifier } from './adaboost-classifier.js';
import { sammeStep } from './adaboost-samme.js';

/** Integer features in [-30, 30], labels from a noisy nonlinear score. */
function dataset(seed: number, n: number, d: number, K: number): { X: Matrix; y: Int32Array } {
  const rng = new Rng(seed);
  const X = new Matrix(n, d);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) {
      const v = rng.int(61) - 30;
      X.data[i * d + j] = v;
      s += (j % 2 === 0 ? 1 : -1) * (v > 0 ? v : 0.3 * v);
    }
    s += rng.normal(0, 4);
    y[i] = Math.min(K - 1, Math.max(0, Math.floor((s + 20) / (40 / K))));
  }
  return { X, y };
}

checkEstimator('AdaBoostClassifier(SAMME.R)', () => new AdaBoostClassifier({ nEstimators: 20 }));
checkEstimator('AdaBoostClassifier(SAMME)', () => new AdaBoostClassifier({ algorithm: 'SAMME', nEstimators: 20 }));
checkEstimator('AdaBoostClassifier(SAMME, depth 2, ν 0.5)', () => new AdaBoostClassifier({ algorithm: 'SAMME', maxDepth: 2, learningRate: 0.5, nEstimators: 10 }));
checkEstimator('AdaBoostClassifier(binary SAMME.R)', () => new AdaBoostClassifier({ nEstimators: 15 }), {
  data: { X: dataset(4, 30, 3, 2).X.toArray(), y: Array.from(dataset(4, 30, 3, 2).y) },
});

describe('params and errors', () => {
  const { X, y } = dataset(1, 40, 3, 3);
  it('rejects bad params in fit, naming the param', () => {
    const bad: [Record<string, unknown>, string][] = [
      [{ nEstimators: 0 }, 'nEstimators'], [{ learningRate: 0 }, 'learningRate'], [{ algorithm: 'real' }, 'algorithm'], [{ maxDepth: 0 }, 'maxDepth'], [{ seed: -2 }, 'seed'],
    ];
    for (const [opts, param] of bad) expect(() => new AdaBoostClassifier(opts as never).fit(X, y), JSON.stringify(opts)).toThrow(new RegExp(`param ${param} must be`));
    expect(() => new AdaBoostClassifier({ nEstimators: 0 }).fit(X, y)).toThrow(InvalidParamError);
  });
  it('getters need a fit; sample weights are checked', () => {
    const m = new AdaBoostClassifier();
    for (const g of ['estimators', 'estimatorWeights', 'estimatorErrors', 'featureImportances', 'classes'] as const) expect(() => m[g]).toThrow(NotFittedError);
    expect(() => m.fit(X, y, new Float64Array(40).fill(-1))).toThrow(InvalidInputError);
  });
  it('a first SAMME learner no better than chance is an error, as in sklearn', () => {
    // Four points, two classes in an XOR pattern on one repeated value: the stump cannot split, error = 1/2 = 1 − 1/K.
    expect(() => new AdaBoostClassifier({ algorithm: 'SAMME' }).fit([[0], [0], [0], [0]], [0, 1, 0, 1])).toThrow(/no better than chance/);
  });
});

describe('behaviour', () => {
  it('SAMME weights: α = ν(log((1−err)/err) + log(K−1)) and misclassified rows gain e^α', () => {
    const y = Int32Array.from([0, 1, 2, 0]);
    const pred = Int32Array.from([0, 1, 1, 0]);
    const w = new Float64Array(4).fill(0.25);
    const s = sammeStep(pred, y, w, 3, 0.5, false);
    const alpha = 0.5 * (Math.log(0.75 / 0.25) + Math.log(2));
    expectClose(s.estimatorWeight, alpha, { rtol: 1e-15 });
    expectClose(s.weights!, [0.25, 0.25, 0.25 * Math.exp(alpha), 0.25], { rtol: 1e-15 });
  });

  it('a perfect first stump stops boosting with weight 1 and error 0', () => {
    const X = [[0], [1], [2], [3]];
    const m = new AdaBoostClassifier({ algorithm: 'SAMME' }).fit(X, [0, 0, 1, 1]);
    expect(m.estimators.length).toBe(1);
    expect(m.estimatorWeights[0]).toBe(1);
    expect(m.estimatorErrors[0]).toBe(0);
    expect(Array.from(m.estimatorWeights.slice(1))).toEqual(new Array(49).fill(0));
    expect(Array.from(m.predict(X) as Int32Array)).toEqual([0, 0, 1, 1]);
  });

  it('boosting stumps fits what one stump cannot (an interval)', () => {
    const X = Array.from({ length: 60 }, (_, i) => [i]);
    const y = X.map(([v]) => (v! >= 20 && v! < 40 ? 1 : 0));
    for (const algorithm of ['SAMME', 'SAMME.R'] as const) expect(new AdaBoostClassifier({ algorithm, nEstimators: 50 }).fit(X, y).score(X, y)).toBe(1);
  });
});

describe('properties (fast-check)', () => {
  const arb = fc.record({ seed: fc.integer({ min: 0, max: 1e6 }), n: fc.integer({ min: 12, max: 60 }), d: fc.integer({ min: 1, max: 4 }), K: fc.integer({ min: 2, max: 4 }) });
  const alg = fc.constantFrom('SAMME', 'SAMME.R') as fc.Arbitrary<'SAMME' | 'SAMME.R'>;
  it('stagedPredict / stagedPredictProba end at predict / predictProba; weights sum to 1 after every step', () => {
    fc.assert(
      fc.property(arb, alg, ({ seed, n, d, K }, algorithm) => {
        const { X, y } = dataset(seed, n, d, K);
        if (new Set(y).size < 2) return;
        let m: AdaBoostClassifier;
        try {
          m = new AdaBoostClassifier({ algorithm, nEstimators: 10 }).fit(X, y);
        } catch (e) {
          expect(e).toBeInstanceOf(InvalidInputError); // a first SAMME stump worse than chance
          return;
        }
        const stages = [...m.stagedPredict(X)];
        expect(stages.length).toBe(m.estimators.length);
        expect(Array.from(stages.at(-1)! as Int32Array)).toEqual(Array.from(m.predict(X) as Int32Array));
        expectClose([...m.stagedPredictProba(X)].at(-1)!.data, m.predictProba(X).data, { rtol: 1e-12, atol: 1e-15 });
        const fi = m.featureImportances;
        if (fi.some((v) => v > 0)) expectClose(fi.reduce((s, v) => s + v, 0), 1, { rtol: 1e-12 });
      }),
      { numRuns: 30 },
    );
  });

  it('strictly increasing feature transforms leave predictions on the training rows unchanged', () => {
    const transforms = [(v: number) => 2 * v + 1, (v: number) => v ** 3, (v: number) => Math.exp(v / 10)];
    fc.assert(
      fc.property(arb, alg, fc.integer({ min: 0, max: 2 }), ({ seed, n, d, K }, algorithm, t) => {
        const { X, y } = dataset(seed, n, d, K);
        if (new Set(y).size < 2) return;
        const Xt = new Matrix(X.rows, X.cols, X.data.map(transforms[t]!));
        const fit = (A: Matrix) => {
          try {
            return new AdaBoostClassifier({ algorithm, nEstimators: 10 }).fit(A, y);
          } catch {
            return null;
          }
        };
        const a = fit(X), b = fit(Xt);
        expect(a === null).toBe(b === null);
        if (a === null || b === null) return;
        expect(Array.from(b.predictProba(Xt).data)).toEqual(Array.from(a.predictProba(X).data));
        expect(Array.from(b.estimatorWeights)).toEqual(Array.from(a.estimatorWeights));
      }),
      { numRuns: 30 },
    );
  });
});
