/**
 * DummyClassifier / DummyRegressor against scikit-learn 1.2.1, frozen by
 * scripts/oracles/freeze_dummy.py (deterministic strategies on iris and diabetes).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Matrix } from '../matrix/matrix.js';
import { expectClose } from '../testing/close.js';
import { DummyClassifier, type DummyClassifierOptions } from './dummy-classifier.js';
import { DummyRegressor, type DummyRegressorOptions } from './dummy-regressor.js';

interface ClassifierCase {
  data: string;
  labels: 'int' | 'str';
  params: { strategy: string; constant?: number | string };
  fit_rows: [number, number];
  classes: (number | string)[];
  class_prior: number[];
  proba_row0: number[];
  score_all?: number;
  predict_row0?: number | string;
}
interface RegressorCase {
  params: { strategy: string; quantile?: number; constant?: number };
  fit_rows: [number, number];
  constant: number;
  score_train: number;
  score_rest: number;
}
interface Oracle {
  versions: { sklearn: string };
  iris: { n_features: number; y: number[]; y_str: string[]; classifier: ClassifierCase[] };
  diabetes: { n_features: number; y: number[]; regressor: RegressorCase[] };
}

const oracle = JSON.parse(
  readFileSync(new URL('../../../../scripts/oracles/freeze_dummy.json', import.meta.url), 'utf8'),
) as Oracle;

const label = (c: ClassifierCase): string =>
  `${c.data} ${c.labels} ${c.params.strategy}${c.params.constant !== undefined ? `=${c.params.constant}` : ''}`;

describe(`DummyClassifier vs sklearn ${oracle.versions.sklearn} (iris)`, () => {
  const { n_features: d, y, y_str: yStr } = oracle.iris;
  const Xall = Matrix.zeros(y.length, d);
  it.each(oracle.iris.classifier.map((c) => [label(c), c] as const))('%s', (_name, c) => {
    const yAll = c.labels === 'int' ? y : yStr;
    const [lo, hi] = c.fit_rows;
    const model = new DummyClassifier(c.params as DummyClassifierOptions).fit(Matrix.zeros(hi - lo, d), yAll.slice(lo, hi));
    expect(model.classes).toEqual(c.classes);
    expectClose(model.classPrior, c.class_prior, { rtol: 1e-15, name: 'classPrior' });
    const P = model.predictProba(Xall);
    expectClose(P.row(0), c.proba_row0, { rtol: 1e-15, name: 'predictProba row 0' });
    expectClose(P.row(y.length - 1), c.proba_row0, { rtol: 0, name: 'predictProba last row' });
    if (c.predict_row0 !== undefined) {
      expect(model.score(Xall, yAll)).toBe(c.score_all);
      const pred = model.predict(Xall);
      expect(pred instanceof Int32Array).toBe(c.labels === 'int');
      expect(pred[0]).toBe(c.predict_row0);
    }
  });
});

describe(`DummyRegressor vs sklearn ${oracle.versions.sklearn} (diabetes)`, () => {
  const { n_features: d, y } = oracle.diabetes;
  it.each(oracle.diabetes.regressor.map((c) => [`${JSON.stringify(c.params)} rows ${c.fit_rows.join('..')}`, c] as const))('%s', (_name, c) => {
    const [lo, hi] = c.fit_rows;
    const model = new DummyRegressor(c.params as DummyRegressorOptions).fit(Matrix.zeros(hi - lo, d), y.slice(lo, hi));
    // Order statistics and their interpolation are computed as numpy does: bit for bit.
    // The mean uses compensated summation where numpy sums pairwise: equal to a few ulps.
    const rtol = c.params.strategy === 'mean' ? 1e-15 : 0;
    expectClose(model.constant, c.constant, { rtol, name: 'constant' });
    expectClose(model.predict(Matrix.zeros(3, d)), [c.constant, c.constant, c.constant], { rtol, name: 'predict' });
    expectClose(model.score(Matrix.zeros(hi - lo, d), y.slice(lo, hi)), c.score_train, { rtol: 1e-12, atol: 1e-15, name: 'score (train)' });
    const rest = hi < y.length ? y.slice(hi) : y.slice(lo, hi);
    expectClose(model.score(Matrix.zeros(rest.length, d), rest), c.score_rest, { rtol: 1e-12, atol: 1e-15, name: 'score (rest)' });
  });
});
