/**
 * Model selection with this package's own estimators (other families, used as they are): seeded
 * randomized estimators give identical cross-validation and searches for the same seed; the
 * scorers take SVC's decision function; row permutations that carry the folds along change
 * nothing; the estimator passed in is never fitted.
 */
import { KFold, Matrix, Pipeline, StandardScaler, gatherRows, rocAucScore } from '@fpml/core';
import { loadBreastCancer, loadIris } from '@fpml/datasets';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomForestClassifier } from '../ensemble/index.js';
import { GaussianNB } from '../naive-bayes/index.js';
import { KNeighborsClassifier } from '../neighbors/index.js';
import { SVC } from '../svm/index.js';
import { checkCv } from './check-cv.js';
import { crossValPredict } from './cross-val-predict.js';
import { crossValScore, crossValidate } from './cross-validate.js';
import { GridSearchCV } from './grid-search-cv.js';
import { getScorer } from './scoring.js';

const cancer = loadBreastCancer();
const rows = Int32Array.from({ length: 200 }, (_, i) => (i * 37) % cancer.X.rows); // a fixed, class-mixed subset
const Xc = gatherRows(cancer.X, rows); // (200, 30)
const yc = Int32Array.from(rows, (i) => cancer.y[i]!);

describe('with RandomForestClassifier (seeded)', () => {
  it('the same seed gives the same fold scores and search; another seed differs; the forest passed in stays unfitted', () => {
    const rf = (seed: number) => new RandomForestClassifier({ nEstimators: 8, maxDepth: 3, seed });
    const base = rf(1);
    const a = crossValScore(base, Xc, yc, { cv: 4 });
    expect(Array.from(crossValScore(rf(1), Xc, yc, { cv: 4 }))).toEqual(Array.from(a));
    expect(Array.from(crossValScore(rf(2), Xc, yc, { cv: 4 }))).not.toEqual(Array.from(a));
    expect(base.isFitted).toBe(false);
    const search = () => new GridSearchCV({ estimator: rf(5), paramGrid: { maxDepth: [1, 3], nEstimators: [3, 6] }, cv: 3, scoring: 'roc_auc' }).fit(Xc, yc);
    const s1 = search(), s2 = search();
    expect(JSON.stringify(s1.toJSON())).toBe(JSON.stringify(s2.toJSON()));
    expect(Array.from(s1.predictProba(Xc).data)).toEqual(Array.from(s2.predictProba(Xc).data));
  });
});

describe('with SVC', () => {
  it("roc_auc scores SVC's decision function (it has no probabilities without probability: true)", () => {
    const pipe = new Pipeline({ steps: [['scale', new StandardScaler()], ['svc', new SVC({ C: 1 })]] }).fit(Xc, yc);
    const svc = new SVC({ C: 1 }).fit(Xc, yc);
    expect(getScorer('roc_auc')(svc, Xc, yc)).toBe(rocAucScore(yc, svc.decisionFunction(Xc).data));
    const r = crossValidate(new Pipeline({ steps: [['scale', new StandardScaler()], ['svc', new SVC()]] }), Xc, yc, { cv: 3, scoring: ['roc_auc', 'accuracy'] });
    expect(Array.from(r.testScores.roc_auc!).every((v) => v > 0.9)).toBe(true);
    expect(pipe.isFitted).toBe(true);
  });
  it("crossValPredict's decisionFunction goes through a Pipeline to SVC, row by row equal to the fold's model", () => {
    const make = () => new Pipeline({ steps: [['scale', new StandardScaler()], ['svc', new SVC()]] });
    const D = crossValPredict(make(), Xc, yc, { cv: 3, method: 'decisionFunction' }) as Matrix;
    expect(D.cols).toBe(1);
    for (const { trainIndex, testIndex } of checkCv(3, Xc, yc, undefined, true, 't')) {
      const m = make().fit(gatherRows(Xc, trainIndex), Int32Array.from(trainIndex, (i) => yc[i]!));
      const Xt = (m.namedSteps['scale'] as StandardScaler).transform(gatherRows(Xc, testIndex));
      const d = (m.namedSteps['svc'] as SVC).decisionFunction(Xt);
      testIndex.forEach((i, r) => expect(D.data[i]).toBe(d.data[r]));
    }
  });
});

describe('invariances', () => {
  it('permuting the rows and carrying the fold indices along leaves every fold score unchanged (GaussianNB, KNN; any permutation)', () => {
    const iris = loadIris();
    const folds = [...new KFold({ nSplits: 5, shuffle: true, seed: 0 }).split(iris.X)];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const perm = new KFold({ nSplits: 2, shuffle: true, seed }).split(iris.X).next().value!; // any fixed shuffle of the rows
        const order = Int32Array.from([...perm.testIndex, ...perm.trainIndex]); // new row r is old row order[r]
        const where = new Int32Array(order.length);
        order.forEach((old, r) => (where[old] = r));
        const Xp = gatherRows(iris.X, order);
        const yp = Int32Array.from(order, (i) => iris.y[i]!);
        const moved = folds.map((f) => [Array.from(f.trainIndex, (i) => where[i]!), Array.from(f.testIndex, (i) => where[i]!)] as [number[], number[]]);
        for (const est of [new GaussianNB(), new KNeighborsClassifier({ nNeighbors: 3 })]) {
          const a = crossValScore(est, iris.X, iris.y, { cv: folds });
          const b = crossValScore(est, Xp, yp, { cv: moved });
          a.forEach((v, j) => expect(b[j]).toBeCloseTo(v, 12));
        }
      }),
      { numRuns: 8 },
    );
  });
  it('scaling a feature does not change KNN fold scores inside a StandardScaler pipeline (it does without the scaler)', () => {
    const iris = loadIris();
    const scaled = new Matrix(iris.X.rows, iris.X.cols, Float64Array.from(iris.X.data, (v, k) => (k % iris.X.cols === 0 ? v * 1000 : v)));
    const pipe = () => new Pipeline({ steps: [['s', new StandardScaler()], ['knn', new KNeighborsClassifier()]] });
    const a = crossValScore(pipe(), iris.X, iris.y, { cv: 5 });
    const b = crossValScore(pipe(), scaled, iris.y, { cv: 5 });
    a.forEach((v, j) => expect(b[j]).toBeCloseTo(v, 12));
    const raw = crossValScore(new KNeighborsClassifier(), iris.X, iris.y, { cv: 5 });
    const rawScaled = crossValScore(new KNeighborsClassifier(), scaled, iris.y, { cv: 5 });
    expect(Array.from(rawScaled)).not.toEqual(Array.from(raw));
  });
});
