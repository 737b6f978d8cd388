/**
 * Every metric against scikit-learn 1.2.1 (and the numpy ECE reference), on the inputs and
 * values frozen by scripts/oracles/freeze_metrics.py. Agreement: |a - e| <= 1e-12 + 1e-12 |e|.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Matrix } from '../matrix/matrix.js';
import {
  accuracy,
  averagePrecisionScore,
  confusionMatrix,
  expectedCalibrationError,
  f1,
  fbeta,
  logLoss,
  meanAbsoluteError,
  meanSquaredError,
  precision,
  precisionRecallCurve,
  precisionRecallFscoreSupport,
  r2Score,
  recall,
  rocAucScore,
  rocCurve,
} from './index.js';

interface Check {
  dataset: string;
  metric: string;
  args: string[];
  options: Record<string, unknown>;
  expected: unknown;
}
interface Fixture {
  meta: { script: string; sklearn: string; tolerance: { abs: number; rel: number } };
  datasets: Record<string, { description: string; arrays: Record<string, unknown[]> }>;
  checks: Check[];
}

const fixture = JSON.parse(readFileSync(new URL('./__fixtures__/metrics.json', import.meta.url), 'utf8')) as Fixture;
const { abs: ATOL, rel: RTOL } = fixture.meta.tolerance;

// The fixture's options are plain JSON; each entry forwards them to the metric of that name.
/* eslint-disable @typescript-eslint/no-explicit-any */
type Fn = (args: any[], options: any) => unknown;
const metrics: Record<string, Fn> = {
  accuracy: ([t, p], o) => accuracy(t, p, o),
  confusionMatrix: ([t, p], o) => confusionMatrix(t, p, o),
  precisionRecallFscoreSupport: ([t, p], o) => precisionRecallFscoreSupport(t, p, o),
  precision: ([t, p], o) => precision(t, p, o),
  recall: ([t, p], o) => recall(t, p, o),
  f1: ([t, p], o) => f1(t, p, o),
  fbeta: ([t, p], { beta, ...o }) => fbeta(t, p, beta, o),
  logLoss: ([t, p], o) => logLoss(t, p, o),
  rocAucScore: ([t, s], o) => rocAucScore(t, s, o),
  rocCurve: ([t, s], o) => rocCurve(t, s, o),
  precisionRecallCurve: ([t, s], o) => precisionRecallCurve(t, s, o),
  averagePrecisionScore: ([t, s], o) => averagePrecisionScore(t, s, o),
  meanSquaredError: ([t, p], o) => meanSquaredError(t, p, o),
  meanAbsoluteError: ([t, p]) => meanAbsoluteError(t, p),
  r2Score: ([t, p]) => r2Score(t, p),
  expectedCalibrationError: ([t, p], o) => expectedCalibrationError(t, p, o),
};

/** Compare `actual` with `expected` elementwise; returns the largest absolute difference. */
function compare(actual: unknown, expected: unknown, path: string): number {
  if (expected === null) {
    expect(actual, path).toBeNull();
    return 0;
  }
  if (typeof expected === 'number') {
    expect(typeof actual, path).toBe('number');
    const d = Math.abs((actual as number) - expected);
    if (!(d <= ATOL + RTOL * Math.abs(expected))) {
      expect.fail(`${path}: got ${actual as number}, sklearn ${expected} (|diff| = ${d})`);
    }
    return d;
  }
  if (Array.isArray(expected)) {
    const rows = actual instanceof Matrix ? actual.toArray() : Array.from(actual as ArrayLike<unknown>);
    expect(rows.length, `${path}.length`).toBe(expected.length);
    return expected.reduce<number>((m, e, i) => Math.max(m, compare(rows[i], e, `${path}[${i}]`)), 0);
  }
  const obj = actual as Record<string, unknown>;
  return Object.entries(expected as Record<string, unknown>).reduce((m, [k, e]) => Math.max(m, compare(obj[k], e, `${path}.${k}`)), 0);
}

describe(`metrics vs ${fixture.meta.script} (sklearn ${fixture.meta.sklearn})`, () => {
  it('covers every metric family and at least three real datasets', () => {
    expect(new Set(fixture.checks.map((c) => c.metric))).toEqual(new Set(Object.keys(metrics)));
    const real = ['iris', 'wine', 'breast_cancer/logreg', 'diabetes'].filter((d) => d in fixture.datasets);
    expect(real.length).toBe(4);
  });

  for (const [name, ds] of Object.entries(fixture.datasets)) {
    describe(name, () => {
      fixture.checks.forEach((c, idx) => {
        if (c.dataset !== name) return;
        it(`#${idx} ${c.metric} ${JSON.stringify(c.options)}`, () => {
          const args = c.args.map((a) => ds.arrays[a]);
          const fn = metrics[c.metric]!;
          compare(fn(args, c.options), c.expected, c.metric);
        });
      });
    });
  }

  it('accepts a Matrix and typed arrays as well as plain arrays', () => {
    const ds = fixture.datasets['wine']!.arrays;
    const yTrue = Int32Array.from(ds['yTrue'] as number[]);
    const P = Matrix.from(ds['proba'] as number[][]);
    const c = fixture.checks.find((k) => k.dataset === 'wine' && k.metric === 'logLoss' && Object.keys(k.options).length === 0)!;
    compare(logLoss(yTrue, P), c.expected, 'logLoss');
  });
});
