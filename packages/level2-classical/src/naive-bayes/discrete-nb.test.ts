import { InvalidInputError, InvalidParamError, Matrix, NotFittedError, Rng, ShapeError } from '@fpml/core';
import { checkEstimator, expectClose } from '@fpml/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BernoulliNB } from './bernoulli-nb.js';
import { ComplementNB } from './complement-nb.js';
import { MultinomialNB } from './multinomial-nb.js';

/** 24 rows of small counts in 3 features, 3 imbalanced classes, each class favouring one feature. */
function countData(seed: number, n = 24, d = 3, K = 3): { X: number[][]; y: number[] } {
  const rng = new Rng(seed);
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i < K ? i : rng.int(K);
    y.push(c);
    X.push(Array.from({ length: d }, (_, j) => rng.int(4) + (j % K === c ? 5 : 0)));
  }
  return { X, y };
}
const COUNTS = { data: countData(0) };

checkEstimator('MultinomialNB', () => new MultinomialNB(), COUNTS);
checkEstimator('MultinomialNB(alpha 0.1, fitPrior false)', () => new MultinomialNB({ alpha: 0.1, fitPrior: false }), COUNTS);
checkEstimator('MultinomialNB(per-feature alpha, classPrior)', () => new MultinomialNB({ alpha: [1, 0.5, 2], classPrior: [0.2, 0.3, 0.5] }), COUNTS);
checkEstimator('ComplementNB', () => new ComplementNB(), COUNTS);
checkEstimator('ComplementNB(norm)', () => new ComplementNB({ norm: true }), COUNTS);
checkEstimator('BernoulliNB', () => new BernoulliNB());
checkEstimator('BernoulliNB(binarize 2, alpha 0.5)', () => new BernoulliNB({ binarize: 2, alpha: 0.5 }));
const binary = countData(3);
checkEstimator('BernoulliNB(binarize null) on 0/1 data', () => new BernoulliNB({ binarize: null }), { data: { X: binary.X.map((r) => r.map((v) => (v > 3 ? 1 : 0))), y: binary.y } });

const MODELS = [
  ['MultinomialNB', (o: object = {}) => new MultinomialNB(o)],
  ['ComplementNB', (o: object = {}) => new ComplementNB(o)],
  ['BernoulliNB', (o: object = {}) => new BernoulliNB(o)],
] as const;

describe('discrete naive Bayes params and API', () => {
  const { X, y } = countData(1);

  it('reject bad params in fit, naming them', () => {
    for (const [name, make] of MODELS) {
      const bad: [object, RegExp][] = [
        [{ alpha: -1 }, /param alpha must be a finite number ≥ 0 or an array/],
        [{ alpha: [1, 2] }, /param alpha must be a number or an array with one entry per feature \(3\)/],
        [{ alpha: [1, -1, 1] }, /param alpha must be/],
        [{ fitPrior: 'yes' }, /param fitPrior must be a boolean/],
        [{ forceAlpha: 1 }, /param forceAlpha must be a boolean/],
        [{ classPrior: [0.5, 0.5] }, /param classPrior must be an array with one entry per class \(3\)/],
        [{ classPrior: [0.5, -0.1, 0.6] }, /param classPrior must be finite non-negative numbers/],
      ];
      for (const [opts, msg] of bad) {
        expect(() => make(opts).fit(X, y), `${name} ${JSON.stringify(opts)}`).toThrow(InvalidParamError);
        expect(() => make(opts).fit(X, y)).toThrow(msg);
      }
    }
    expect(() => new ComplementNB({ norm: 1 as never }).fit(X, y)).toThrow(/param norm must be a boolean/);
    expect(() => new BernoulliNB({ binarize: NaN }).fit(X, y)).toThrow(/param binarize must be a finite threshold or null/);
  });

  it('multinomial and complement models refuse negative X; getters need a fit', () => {
    for (const make of [() => new MultinomialNB(), () => new ComplementNB()]) {
      expect(() => make().fit([[1, -2], [0, 1]], [0, 1])).toThrow(/X must be non-negative \(counts or frequencies\), got -2 at \(0, 1\)/);
      const m = make().fit([[1, 2], [0, 1]], [0, 1]);
      expect(() => m.predict([[1, -1]])).toThrow(InvalidInputError);
      expect(() => make().featureLogProb).toThrow(NotFittedError);
    }
  });

  it('MultinomialNB: Lidstone estimates and the class log prior, by hand', () => {
    const nb = new MultinomialNB({ alpha: 1 }).fit([[2, 0, 1], [1, 0, 0], [0, 3, 1]], ['x', 'x', 'y']);
    // class x: counts (3, 0, 1) + 1 → (4, 1, 2) / 7; class y: (0, 3, 1) + 1 → (1, 4, 2) / 7
    expectClose(nb.featureLogProb, [[4, 1, 2].map((v) => Math.log(v / 7)), [1, 4, 2].map((v) => Math.log(v / 7))], { rtol: 1e-15 });
    expectClose(nb.classLogPrior, [Math.log(2 / 3), Math.log(1 / 3)], { rtol: 1e-15 });
    expect(nb.featureCount.toArray()).toEqual([[3, 0, 1], [0, 3, 1]]);
    // alpha below 1e-10 is raised to 1e-10 unless forceAlpha
    const tiny = new MultinomialNB({ alpha: 0 }).fit([[1, 0], [0, 1]], [0, 1]);
    expectClose(tiny.featureLogProb.get(0, 1), Math.log(1e-10 / (1 + 2e-10)), { rtol: 1e-12 });
    const forced = new MultinomialNB({ alpha: 0, forceAlpha: true }).fit([[1, 0], [0, 1]], [0, 1]);
    expect(forced.featureLogProb.get(0, 1)).toBe(-Infinity);
    expect(Array.from(forced.predict([[3, 0]]))).toEqual([0]); // an absent feature (x = 0) adds nothing, not NaN
    expect(() => forced.predictProba([[1, 1]])).toThrow(/likelihood 0 under every class/);
  });

  it('BernoulliNB: thresholding, and absent features count as evidence', () => {
    const nb = new BernoulliNB({ binarize: 0.5 }).fit([[1, 0], [0.9, 0], [0, 1], [0.2, 0.7]], [0, 0, 1, 1]);
    expect(nb.featureCount.toArray()).toEqual([[2, 0], [0, 2]]);
    // p(x0 = 1 | c0) = (2 + 1) / (2 + 2)
    expectClose(nb.featureLogProb.get(0, 0), Math.log(3 / 4), { rtol: 1e-15 });
    const J = nb.predictJointLogProba([[0, 0]]); // both absent: log(1 − p) terms only
    expectClose(J.get(0, 0), Math.log(1 / 2) + Math.log(1 / 4) + Math.log(3 / 4), { rtol: 1e-14 });
    expect(() => new BernoulliNB({ binarize: null }).fit([[0, 3]], [0])).toThrow(/with binarize null, X must be binary \(or in \[0, 1\]\), got 3 at \(0, 1\)/);
  });

  it('ComplementNB: featureAll and complement weights', () => {
    const nb = new ComplementNB().fit([[2, 0], [0, 3]], [0, 1]);
    expect(Array.from(nb.featureAll)).toEqual([2, 3]);
    // class 0's complement counts: (0, 3) + 1 = (1, 4) → weights −log(1/5), −log(4/5)
    expectClose(nb.featureLogProb.row(0), [-Math.log(1 / 5), -Math.log(4 / 5)], { rtol: 1e-15 });
  });

  it('partialFit: classes first, the same classes after, the same width', () => {
    for (const [, make] of MODELS) {
      const m = make();
      expect(() => m.partialFit(X, y)).toThrow(/classes must be given on the first call/);
      m.partialFit(X, y, [0, 1, 2]).partialFit(X, y);
      expect(() => m.partialFit(X, y, [0, 1, 2, 3])).toThrow(/differs from the classes of the first call/);
      expect(() => m.partialFit([[1, 2]], [0])).toThrow(ShapeError);
      expect(Array.from(m.classCount)).toEqual(Array.from(make().fit(X, y).classCount, (v) => 2 * v));
    }
  });
});

describe('discrete naive Bayes properties (fast-check)', () => {
  const arbCounts = fc.integer({ min: 0, max: 2 ** 31 - 1 }).chain((seed) =>
    fc.record({ seed: fc.constant(seed), n: fc.integer({ min: 4, max: 40 }), d: fc.integer({ min: 1, max: 6 }), cuts: fc.array(fc.integer({ min: 1, max: 39 }), { maxLength: 4 }), weighted: fc.boolean() }),
  );

  it('partialFit in any chunks (with integer weights) gives exactly the counts, and so the model, of one fit', () => {
    fc.assert(
      fc.property(arbCounts, fc.constantFrom(...MODELS), ({ seed, n, d, cuts, weighted }, [, make]) => {
        const { X, y } = countData(seed, n, d);
        const w = weighted ? Array.from({ length: n }, (_, i) => 1 + (i % 4)) : undefined;
        const full = make().fit(X, y, w);
        const bounds = [...new Set([0, ...cuts.map((c) => Math.min(c, n)), n])].sort((a, b) => a - b);
        const chunked = make();
        for (let t = 0; t + 1 < bounds.length; t++) {
          const [s, e] = [bounds[t]!, bounds[t + 1]!];
          chunked.partialFit(X.slice(s, e), y.slice(s, e), [0, 1, 2], w?.slice(s, e));
        }
        expect(chunked.featureCount.toArray()).toEqual(full.featureCount.toArray());
        expect(Array.from(chunked.featureLogProb.data)).toEqual(Array.from(full.featureLogProb.data));
        expect(Array.from(chunked.predictProba(X).data)).toEqual(Array.from(full.predictProba(X).data));
      }),
      { numRuns: 100 },
    );
  });

  it('integer sample weights equal repeating the rows', () => {
    fc.assert(
      fc.property(arbCounts, fc.constantFrom(...MODELS), ({ seed, n, d }, [, make]) => {
        const { X, y } = countData(seed, n, d);
        const w = Array.from({ length: n }, (_, i) => (i * 5) % 3); // 0, 2, 1, 0, 2, ...
        const rep = X.flatMap((r, i) => Array.from({ length: w[i]! }, () => r));
        const yr = y.flatMap((c, i) => Array.from({ length: w[i]! }, () => c));
        fc.pre(new Set(yr).size === 3);
        const a = make().fit(X, y, w);
        const b = make().fit(rep, yr);
        expect(a.featureCount.toArray()).toEqual(b.featureCount.toArray());
        expectClose(a.predictProba(X), b.predictProba(X), { atol: 1e-14 });
      }),
      { numRuns: 60 },
    );
  });

  it('permuting the features permutes featureLogProb and leaves the posteriors unchanged', () => {
    fc.assert(
      fc.property(arbCounts, fc.constantFrom(...MODELS), ({ seed, n, d }, [, make]) => {
        const { X, y } = countData(seed, n, d);
        const perm = new Rng(seed).permutation(d);
        const Xp = X.map((r) => Array.from(perm, (p) => r[p]!));
        const a = make().fit(X, y);
        const b = make().fit(Xp, y);
        for (let c = 0; c < 3; c++) for (let j = 0; j < d; j++) expectClose(b.featureLogProb.get(c, j), a.featureLogProb.get(c, perm[j]!), { rtol: 1e-14, atol: 1e-15 });
        expectClose(b.predictProba(Xp), a.predictProba(X), { atol: 1e-12 });
      }),
      { numRuns: 60 },
    );
  });
});

it('Matrix inputs work like nested arrays', () => {
  const { X, y } = countData(2);
  const a = new MultinomialNB().fit(X, y).predictProba(X);
  const b = new MultinomialNB().fit(Matrix.from(X), Int32Array.from(y)).predictProba(Matrix.from(X));
  expect(Array.from(b.data)).toEqual(Array.from(a.data));
});
