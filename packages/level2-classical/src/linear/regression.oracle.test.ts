/**
 * LinearRegression, Ridge, Lasso, ElasticNet and the paths against frozen scikit-learn 1.2.1
 * (scripts/oracles/freeze_linear.py). Tight fits (tol 1e-12) must agree to 1e-8 in coef and
 * intercept; default-tolerance Lasso/ElasticNet fits must take exactly sklearn's number of
 * sweeps (same iterates, same stopping rule).
 */
import { readFileSync } from 'node:fs';
import { Matrix, StandardScaler } from '@fpml/core';
import { expectClose } from '@fpml/core/testing';
import { loadBreastCancer, loadDiabetes, loadDigits, loadIris, loadWine } from '@fpml/datasets';
import { describe, expect, it } from 'vitest';
import { ElasticNet } from './elastic-net.js';
import { enetPath, lassoPath } from './enet-path.js';
import { Lasso } from './lasso.js';
import { LinearRegression } from './linear-regression.js';
import { Ridge } from './ridge.js';

interface Checksum { rows: number; cols: number; sum: number; sumSquares: number }
interface RegCase {
  model: 'LinearRegression' | 'Ridge' | 'Lasso' | 'ElasticNet';
  data: string;
  params: Record<string, number | boolean | string>;
  coef: number[];
  intercept: number;
  predictHead: number[];
  nIter?: number;
  dualGap?: number;
  rank?: number;
}
interface PathCase { l1Ratio: number; params: { n_alphas?: number; eps?: number }; alphas: number[]; coefs: number[][]; dualGaps: number[] }
interface Fixture {
  meta: { sklearn: string; digitsProbaStride: number };
  data: Record<string, { X: Checksum; y: Checksum; std?: Checksum }>;
  regression: RegCase[];
  rankDeficient: { rank: number; coefNorm: number; predict: number[]; residualSumSquares: number };
  paths: PathCase[];
}

const fx = JSON.parse(readFileSync(new URL('./__fixtures__/linear.json', import.meta.url), 'utf8')) as Fixture;
const loaded = { diabetes: loadDiabetes(), iris: loadIris(), wine: loadWine(), breastCancer: loadBreastCancer(), digits: loadDigits() };
type Name = keyof typeof loaded;

function sums(X: Matrix): [number, number] {
  let s = 0, q = 0;
  for (const v of X.data) { s += v; q += v * v; }
  return [s, q];
}

/** 'diabetes' → raw X; 'diabetes:std' → StandardScaler on the full X (checked against sklearn's checksum). */
function dataOf(key: string): { X: Matrix; y: Float64Array } {
  const [name, kind] = key.split(':') as [Name, string | undefined];
  const ds = loaded[name];
  const X = kind === 'std' ? new StandardScaler().fitTransform(ds.X) : ds.X;
  return { X, y: Float64Array.from(ds.y) };
}

describe('the oracle sees the same data as scikit-learn', () => {
  for (const name of Object.keys(loaded) as Name[]) {
    it(name, () => {
      const ref = fx.data[name]!;
      const [s, q] = sums(loaded[name].X);
      expect(loaded[name].X.rows).toBe(ref.X.rows);
      expect(s).toBeCloseTo(ref.X.sum, 6);
      expectClose(q, ref.X.sumSquares, { rtol: 1e-12 });
      if (ref.std) {
        const [ss, sq] = sums(dataOf(`${name}:std`).X);
        expectClose(ss, ref.std.sum, { atol: 1e-9 });
        expectClose(sq, ref.std.sumSquares, { rtol: 1e-12 });
      }
    });
  }
});

function make(c: RegCase, extra: Record<string, unknown> = {}) {
  const p = c.params;
  const common = {
    ...(p.fit_intercept === undefined ? {} : { fitIntercept: p.fit_intercept as boolean }),
    ...(p.tol === undefined ? {} : { tol: p.tol as number }),
    ...(p.max_iter === undefined ? {} : { maxIter: p.max_iter as number }),
    ...(p.positive === undefined ? {} : { positive: p.positive as boolean }),
  };
  switch (c.model) {
    case 'LinearRegression': return new LinearRegression({ fitIntercept: common.fitIntercept, ...extra });
    case 'Ridge': return new Ridge({ alpha: p.alpha as number, fitIntercept: common.fitIntercept, ...(p.solver ? { solver: p.solver as 'svd' } : {}) });
    case 'Lasso': return new Lasso({ alpha: p.alpha as number, ...common });
    case 'ElasticNet': return new ElasticNet({ alpha: p.alpha as number, l1Ratio: p.l1_ratio as number, ...common });
  }
}

const maxAbs = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

describe('regressors vs scikit-learn', () => {
  const worst: Record<string, number> = {};
  for (const c of fx.regression) {
    const tight = c.params.tol === 1e-12 || c.model === 'LinearRegression' || c.model === 'Ridge';
    const title = `${c.model}(${JSON.stringify(c.params)}) on ${c.data}`;
    it(title, () => {
      const { X, y } = dataOf(c.data);
      const solvers = c.model === 'LinearRegression' ? [{ solver: 'qr' }, { solver: 'normal' }] : [{}];
      for (const s of solvers) {
        const m = make(c, s).fit(X, y);
        const scale = Math.max(1, ...c.coef.map(Math.abs));
        if (tight) {
          // 1e-8 relative to the largest coefficient (raw diabetes coefficients reach ~700).
          expectClose(m.coef, c.coef, { atol: 1e-8 * scale, name: `${title} coef` });
          expectClose(m.intercept, c.intercept, { atol: 1e-8 * Math.max(1, Math.abs(c.intercept)), name: `${title} intercept` });
          const key = `${c.model}${'solver' in s ? `/${s.solver}` : ''}`;
          worst[key] = Math.max(worst[key] ?? 0, maxAbs(m.coef, c.coef) / scale);
        } else {
          // Default tol: the same iterates stop after the same number of sweeps.
          expect((m as Lasso).nIter).toBe(c.nIter);
          expectClose(m.coef, c.coef, { atol: 1e-9 * scale, name: `${title} coef` });
        }
        expectClose(m.predict(X.toArray().slice(0, 5)), c.predictHead, { rtol: 1e-8, atol: 1e-8 });
        if (c.nIter !== undefined && tight) expect((m as Lasso).warnings).toEqual([]);
      }
    });
  }
  it('reports the worst relative coef error per solver', () => {
    process.stdout.write(`linear oracle: worst |coef − sklearn| / max|coef| ${JSON.stringify(worst)}\n`);
    for (const v of Object.values(worst)) expect(v).toBeLessThan(1e-8);
  });
});

describe('rank-deficient least squares (digits: 3 constant pixels, so the centred X has rank 61 < 64)', () => {
  it("has sklearn's rank, residual, predictions and (zero columns dropped) the minimum-norm coef", () => {
    const { X, y } = dataOf('digits');
    const m = new LinearRegression().fit(X, y);
    const ref = fx.rankDeficient;
    expect(m.rank).toBe(ref.rank);
    const pred = m.predict(X);
    let rss = 0;
    for (let i = 0; i < y.length; i++) rss += (pred[i]! - y[i]!) ** 2;
    expectClose(rss, ref.residualSumSquares, { rtol: 1e-8 });
    const stride = fx.meta.digitsProbaStride;
    expectClose(pred.filter((_, i) => i % stride === 0), ref.predict, { atol: 1e-8 });
    // The dropped directions are exactly the zero columns, so the basic solution (zeros there) is
    // also the minimum-norm one that LAPACK's gelsd returns.
    expectClose(Math.hypot(...m.coef), ref.coefNorm, { rtol: 1e-10 });
    for (const j of [0, 32, 39]) expect(m.coef[j]).toBe(0);
  });
});

describe('regularisation paths vs scikit-learn', () => {
  const { X, y } = dataOf('diabetes:std');
  const n = X.rows, d = X.cols;
  const Xc = X.clone();
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += X.data[i * d + j]! / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) Xc.data[i * d + j]! -= mean[j]!;
  let ym = 0;
  for (const v of y) ym += v / n;
  const yc = y.map((v) => v - ym);
  for (const c of fx.paths) {
    it(`${c.l1Ratio === 1 ? 'lassoPath' : 'enetPath(l1Ratio 0.5)'} ${JSON.stringify(c.params)}`, () => {
      const opts = { tol: 1e-12, maxIter: 100000, ...(c.params.n_alphas ? { nAlphas: c.params.n_alphas } : {}), ...(c.params.eps ? { eps: c.params.eps } : {}) };
      const r = c.l1Ratio === 1 ? lassoPath(Xc, yc, opts) : enetPath(Xc, yc, { ...opts, l1Ratio: c.l1Ratio });
      expectClose(r.alphas, c.alphas, { rtol: 1e-12, name: 'alphas' });
      const scale = Math.max(...c.coefs.flat().map(Math.abs));
      expectClose(r.coefs, c.coefs, { atol: 1e-8 * scale, name: 'coefs' });
      expect(r.warnings).toEqual([]);
      for (const g of r.dualGaps) expect(g).toBeLessThan(1e-12 * y.reduce((s, v) => s + (v - ym) ** 2, 0) / n + 1e-300);
    });
  }
});
