/**
 * LogisticRegression against the frozen scikit-learn 1.2.1 optimum (newton-cg, tol 1e-8;
 * scripts/oracles/freeze_linear.py): probabilities to 1e-5 (binary on breast cancer and
 * diabetes > median, multinomial on iris, wine, digits and diabetes tertiles, ovr on iris).
 * Every solver is run to a tight tolerance: lbfgs (fTol 0, so only the gradient stops it),
 * newton where the full Hessian is small, and gd on one well-conditioned case.
 */
import { readFileSync } from 'node:fs';
import { Matrix, StandardScaler } from '@fpml/core';
import { expectClose } from '@fpml/core/testing';
import { loadBreastCancer, loadDiabetes, loadDigits, loadIris, loadWine } from '@fpml/datasets';
import { describe, expect, it } from 'vitest';
import { LogisticRegression, type LogisticRegressionOptions } from './logistic-regression.js';

interface LogitCase {
  data: string;
  target: string | null;
  params: { C?: number; fit_intercept?: boolean; multi_class?: 'ovr' | 'multinomial'; penalty?: 'none' };
  nClasses: number;
  y?: number[];
  coef: number[][];
  intercept: number[];
  rows: number[];
  proba: number[][];
  gradMaxNorm: number | null;
  lbfgsDefault: { nIter: number; probaMaxAbsDiff: number };
  trainAccuracy: number;
}

const fx = JSON.parse(readFileSync(new URL('./__fixtures__/linear.json', import.meta.url), 'utf8')) as { logistic: LogitCase[] };
const loaded = { diabetes: loadDiabetes(), iris: loadIris(), wine: loadWine(), breastCancer: loadBreastCancer(), digits: loadDigits() };

function dataOf(c: LogitCase): { X: Matrix; y: Int32Array } {
  const [name, kind] = c.data.split(':') as [keyof typeof loaded, string | undefined];
  const ds = loaded[name];
  const X = kind === 'std' ? new StandardScaler().fitTransform(ds.X) : ds.X;
  return { X, y: c.y ? Int32Array.from(c.y) : Int32Array.from(ds.y) };
}

function options(c: LogitCase): LogisticRegressionOptions {
  const p = c.params;
  return {
    ...(p.C === undefined ? {} : { C: p.C }),
    ...(p.fit_intercept === undefined ? {} : { fitIntercept: p.fit_intercept }),
    ...(p.multi_class === undefined ? {} : { multiClass: p.multi_class }),
    ...(p.penalty === undefined ? {} : { penalty: p.penalty }),
  };
}

const maxAbsDiff = (a: Matrix, b: number[][]) => a.toArray().reduce((m, r, i) => Math.max(m, ...r.map((v, k) => Math.abs(v - b[i]![k]!))), 0);
const worst: Record<string, number> = {};

describe('LogisticRegression vs scikit-learn (optimum)', () => {
  for (const c of fx.logistic) {
    const title = `${c.data}${c.target ? `>${c.target}` : ''} ${JSON.stringify(c.params)}`;
    const K = c.nClasses, d = c.coef[0]!.length;
    const R = c.coef.length;
    const solvers: LogisticRegressionOptions[] = [{ solver: 'lbfgs', tol: 1e-5, fTol: 0, maxIter: 20000 }];
    // Newton builds the (R(d+1))² Hessian every step: fine for iris/wine/breast cancer/diabetes, not for digits (650²).
    if ((c.params.multi_class === 'multinomial' ? K : R) * (d + 1) <= 64) solvers.push({ solver: 'newton', tol: 1e-7, maxIter: 100 });
    for (const s of solvers) {
      it(`${s.solver}: ${title}`, () => {
        const { X, y } = dataOf(c);
        const m = new LogisticRegression({ ...options(c), ...s }).fit(X, y);
        expect(m.warnings).toEqual([]);
        const rows = Matrix.from(c.rows.map((i) => Array.from(X.row(i))));
        const P = m.predictProba(rows);
        expectClose(P, c.proba, { atol: 1e-5, name: `${title} proba` });
        const scale = Math.max(1, ...c.coef.flat().map(Math.abs));
        expectClose(m.coef, c.coef, { atol: 1e-4 * scale, name: `${title} coef` });
        expectClose(m.intercept, c.intercept, { atol: 1e-4 * scale, name: `${title} intercept` });
        expect(m.coef.rows).toBe(R);
        expect(m.score(X, y)).toBeCloseTo(c.trainAccuracy, 12);
        worst[s.solver!] = Math.max(worst[s.solver!] ?? 0, maxAbsDiff(P, c.proba));
      }, 30_000);
    }
  }
  it('gd (fixed step 1/L) reaches the same optimum on wine', () => {
    const c = fx.logistic.find((k) => k.data === 'wine:std' && k.params.C === 1)!;
    const { X, y } = dataOf(c);
    const m = new LogisticRegression({ solver: 'gd', tol: 1e-6, maxIter: 200000 }).fit(X, y);
    expect(m.warnings).toEqual([]);
    const P = m.predictProba(Matrix.from(c.rows.map((i) => Array.from(X.row(i)))));
    expectClose(P, c.proba, { atol: 1e-5 });
    worst.gd = maxAbsDiff(P, c.proba);
    process.stdout.write(`gd on wine: ${m.nIter} iterations to ‖∇f‖ ≤ 1e-6\n`);
  }, 60_000);
  it('reports the worst probability error per solver', () => {
    process.stdout.write(`logistic oracle: worst |proba − sklearn| ${JSON.stringify(worst)}\n`);
    for (const v of Object.values(worst)) expect(v).toBeLessThan(1e-5);
  });
});

describe('LogisticRegression with its defaults vs scikit-learn with its defaults', () => {
  // Both stop early (sklearn on scipy's ftol): each lands within ~1e-4 of the optimum, not of the other.
  for (const c of fx.logistic.filter((k) => k.data === 'breastCancer:std' || k.data === 'wine:std')) {
    it(`${c.data} ${JSON.stringify(c.params)}: default lbfgs is within 1e-3 of the optimum, as sklearn's (${c.lbfgsDefault.probaMaxAbsDiff.toExponential(1)})`, () => {
      const { X, y } = dataOf(c);
      const m = new LogisticRegression(options(c)).fit(X, y);
      const P = m.predictProba(Matrix.from(c.rows.map((i) => Array.from(X.row(i)))));
      expect(maxAbsDiff(P, c.proba)).toBeLessThan(1e-3);
      expect(c.lbfgsDefault.probaMaxAbsDiff).toBeLessThan(1e-3);
    });
  }
});
