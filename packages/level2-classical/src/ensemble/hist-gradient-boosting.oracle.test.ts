/**
 * HistGradientBoosting{Regressor,Classifier} against frozen scikit-learn 1.2.1
 * (scripts/oracles/freeze_boosting.py → __fixtures__/boosting-hist.json).
 *
 * The binning, the float32 gradients, the histogram sums (in sklearn's order), the split scan,
 * the heap order and the subtraction trick all follow sklearn, so the bin thresholds must match
 * bit for bit and the predictions to 1e-12 (measured: identical or within 2.2e-16; the max abs
 * differences are printed at the end). Only Math.exp may differ from glibc's exp by an ulp, which
 * the float32 gradients almost always absorb.
 */
import { Matrix } from '@fpml/core';
import { expectClose } from '@fpml/core/testing';
import { loadBreastCancer, loadDiabetes, loadIris, loadWine } from '@fpml/datasets';
import { afterAll, describe, expect, it } from 'vitest';
import raw from './__fixtures__/boosting-hist.json' with { type: 'json' };
import { HistGradientBoostingClassifier } from './hist-gradient-boosting-classifier.js';
import { HistGradientBoostingRegressor } from './hist-gradient-boosting-regressor.js';

type Name = 'iris' | 'wine' | 'breast_cancer' | 'diabetes';
interface HistCase {
  kind: 'reg' | 'clf';
  dataset: Name;
  nan: boolean;
  weights: string | null;
  params: Record<string, unknown>;
  nIter: number;
  trainScore: number[];
  predict: number[];
  proba?: number[] | number[][];
  binThresholds?: Record<string, number[]>;
}
interface Fixture {
  data: Record<Name, { rows: number; cols: number; sum: number; sumSquares: number }>;
  nanMask: Partial<Record<Name, number[]>>;
  cases: HistCase[];
  cv: { kind: 'reg' | 'clf'; dataset: Name; fold: number[]; scores: number[]; predict: number[] }[];
}
const fixture = raw as unknown as Fixture; // the JSON written by freeze_boosting.py
const DATA: Record<Name, { X: Matrix; y: Int32Array | Float64Array }> = {
  iris: loadIris(), wine: loadWine(), breast_cancer: loadBreastCancer(), diabetes: loadDiabetes(),
};
const worst: Record<string, number> = {};
const note = (key: string, a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  worst[key] = Math.max(worst[key] ?? 0, m);
};

/** sklearn's snake_case params of a case → our options (null kept: it means "no limit"). */
function options(p: Record<string, unknown>): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p)) if (k !== 'loss') o[k] = v;
  return o;
}

function withNan(name: Name): Matrix {
  const X = DATA[name].X.clone();
  for (const k of fixture.nanMask[name]!) X.data[k] = NaN;
  return X;
}

describe('datasets are the ones sklearn used', () => {
  it.each(Object.keys(DATA) as Name[])('%s', (name) => {
    const ref = fixture.data[name];
    const { X } = DATA[name];
    expect([X.rows, X.cols]).toEqual([ref.rows, ref.cols]);
    expectClose(X.data.reduce((s, v) => s + v, 0), ref.sum, { rtol: 1e-13 });
    expectClose(X.data.reduce((s, v) => s + v * v, 0), ref.sumSquares, { rtol: 1e-13 });
  });
});

describe('HistGradientBoosting vs scikit-learn 1.2.1', () => {
  for (const c of fixture.cases) {
    const title = `${c.kind} ${c.dataset}${c.nan ? ' +NaN' : ''}${c.weights ? ' weighted' : ''} ${JSON.stringify(c.params)}`;
    it(title, () => {
      const name = c.dataset as Name;
      const X = c.nan ? withNan(name) : DATA[name].X;
      const { y } = DATA[name];
      const opts = { ...options(c.params), allowNan: c.nan, seed: 0 };
      const w = c.weights ? Float64Array.from({ length: X.rows }, (_, i) => 1 + (i % 3)) : undefined;
      if (c.kind === 'reg') {
        const m = new HistGradientBoostingRegressor(opts).fit(X, y, w);
        expect(m.nIter).toBe(c.nIter);
        const pred = m.predict(X);
        note('regressor predict', pred, c.predict);
        expectClose(pred, c.predict, { rtol: 1e-12, atol: 1e-12, name: 'predict' });
        note('regressor trainScore', m.trainScore, c.trainScore);
        expectClose(m.trainScore, c.trainScore, { rtol: 1e-10, atol: 1e-12, name: 'trainScore' });
        for (const [j, t] of Object.entries(c.binThresholds ?? {})) expect(Array.from(m.binThresholds[Number(j)]!)).toEqual(t);
      } else {
        const m = new HistGradientBoostingClassifier(opts).fit(X, y);
        expect(m.nIter).toBe(c.nIter);
        const P = m.predictProba(X);
        const want = c.proba!;
        const got = Array.isArray(want[0]) ? P.data : P.data.filter((_, k) => k % 2 === 1);
        note('classifier proba', got, want.flat());
        expectClose(got, want.flat(), { atol: 1e-12, name: 'predictProba' });
        expect(Array.from(m.predict(X) as Int32Array)).toEqual(c.predict);
        note('classifier trainScore', m.trainScore, c.trainScore);
        expectClose(m.trainScore, c.trainScore, { rtol: 1e-10, atol: 1e-12, name: 'trainScore' });
        for (const [j, t] of Object.entries(c.binThresholds ?? {})) expect(Array.from(m.binThresholds[Number(j)]!)).toEqual(t);
      }
    });
  }
});

describe('5-fold cross-validation on sklearn folds', () => {
  for (const c of fixture.cv) {
    it(`${c.kind} ${c.dataset}: every fold's score within 0.02 of sklearn's, predictions to rounding`, () => {
      const { X, y } = DATA[c.dataset as Name];
      const pred = new Float64Array(X.rows);
      for (let f = 0; f < 5; f++) {
        const tr = c.fold.flatMap((v, i) => (v === f ? [] : [i]));
        const te = c.fold.flatMap((v, i) => (v === f ? [i] : []));
        const pick = (rows: number[]) => Matrix.from(rows.map((i) => Array.from(X.row(i))));
        const yTr = rows(y, tr), yTe = rows(y, te);
        const m = c.kind === 'reg' ? new HistGradientBoostingRegressor({ earlyStopping: false }).fit(pick(tr), yTr) : new HistGradientBoostingClassifier({ earlyStopping: false }).fit(pick(tr), yTr);
        const s = m.score(pick(te), yTe);
        worst[`cv ${c.dataset} |score diff|`] = Math.max(worst[`cv ${c.dataset} |score diff|`] ?? 0, Math.abs(s - c.scores[f]!));
        expect(Math.abs(s - c.scores[f]!)).toBeLessThanOrEqual(0.02);
        const p = m.predict(pick(te));
        te.forEach((i, k) => (pred[i] = Number((p as ArrayLike<number>)[k])));
      }
      note(`cv ${c.dataset} predict`, pred, c.predict);
      expectClose(pred, c.predict, { rtol: 1e-12, atol: 1e-12, name: 'out-of-fold predictions' });
    });
  }
});

function rows<T extends Int32Array | Float64Array>(y: T, idx: number[]): T {
  const out = new (y.constructor as new (n: number) => T)(idx.length);
  idx.forEach((i, k) => (out[k] = y[i]!));
  return out;
}

afterAll(() => {
  process.stdout.write(`\nHistGradientBoosting vs sklearn 1.2.1, max abs differences: ${JSON.stringify(worst)}\n`);
});
