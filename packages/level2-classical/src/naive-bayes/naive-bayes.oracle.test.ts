/**
 * Naive Bayes against frozen scikit-learn 1.2.1 (scripts/oracles/freeze_naive_bayes.py) on
 * iris, wine, breast cancer and digits: fitted attributes, predictions and probabilities to
 * 1e-10, and chunked partialFit against scikit-learn's single fit (see gaussian-nb.ts for why
 * not against scikit-learn's own chunked GaussianNB).
 */
import { readFileSync } from 'node:fs';
import { Matrix } from '@fpml/core';
import { expectClose } from '@fpml/core/testing';
import { loadBreastCancer, loadDigits, loadIris, loadWine } from '@fpml/datasets';
import { afterAll, describe, expect, it } from 'vitest';
import { BernoulliNB } from './bernoulli-nb.js';
import { ComplementNB } from './complement-nb.js';
import { GaussianNB, type GaussianNBOptions } from './gaussian-nb.js';
import { MultinomialNB } from './multinomial-nb.js';

interface Predictions {
  predict: number[];
  predictProba: number[][];
  predictLogProba: number[][];
  predictJointLogProba: number[][];
}
interface GaussianCase extends Predictions {
  dataset: string;
  params: GaussianNBOptions;
  sampleWeight: number[] | null;
  theta: number[][];
  var: number[][];
  epsilon: number;
  classPrior: number[];
  classCount: number[];
}
interface ChunkCase {
  dataset: string;
  params: GaussianNBOptions;
  bounds: number[];
  fitTheta: number[][];
  fitVar: number[][];
  fitPredictProba: number[][];
  maxRelVarDrift: number;
}
interface DiscreteCase extends Predictions {
  model: 'MultinomialNB' | 'BernoulliNB' | 'ComplementNB';
  dataset: string;
  params: Record<string, unknown>;
  sampleWeight: number[] | null;
  featureLogProb: number[][];
  classLogPrior: number[];
  classCount: number[];
  featureCount?: number[][];
  bounds: number[];
  sklearnChunkedMaxAbsDiff: number;
}
interface Fixture {
  meta: { sklearn: string };
  data: Record<string, { rows: number; cols: number; sum: number; sumSquares: number }>;
  gaussian: GaussianCase[];
  gaussianChunks: ChunkCase[];
  discrete: DiscreteCase[];
}

const fx = JSON.parse(readFileSync(new URL('./__fixtures__/naive_bayes.json', import.meta.url), 'utf8')) as Fixture;
const data: Record<string, { X: Matrix; y: Int32Array }> = { iris: loadIris(), wine: loadWine(), breastCancer: loadBreastCancer(), digits: loadDigits() };
const TOL = 1e-10;

/** Measured agreement, printed as a table with FPML_ORACLE_REPORT=1 (the figures of docs/level2-classical/naive-bayes.md). */
const report: string[] = [];
const maxAbs = (a: Matrix | Float64Array, b: readonly (readonly number[])[] | readonly number[], rel = false) => {
  const x = a instanceof Matrix ? a.data : a;
  const flat = (b as readonly unknown[]).flat() as number[];
  let m = 0;
  for (let t = 0; t < flat.length; t++) m = Math.max(m, Math.abs(x[t]! - flat[t]!) / (rel ? Math.max(Math.abs(flat[t]!), 1e-300) : 1));
  return m;
};
const fmt = (v: number) => (v === 0 ? '0' : v.toExponential(1));
afterAll(() => {
  if (process.env.FPML_ORACLE_REPORT) process.stdout.write(['', '| case | parameters: max rel diff | predictProba max abs diff | predict differs |', '|---|---|---|---|', ...report, ''].join('\n'));
});

/** The fixture's split: train = even rows, queries = the first nq odd rows. */
function split(name: string, nq: number): { Xtr: Matrix; ytr: Int32Array; Xq: Matrix } {
  const { X, y } = data[name]!;
  const tr: number[] = [];
  const q: number[] = [];
  for (let i = 0; i < X.rows; i++) (i % 2 === 0 ? tr : q).push(i);
  const rows = (idx: number[]) => Matrix.from(idx.map((i) => Array.from(X.row(i))));
  return { Xtr: rows(tr), ytr: Int32Array.from(tr, (i) => y[i]!), Xq: rows(q.slice(0, nq)) };
}
const sliceRows = (X: Matrix, s: number, e: number) => new Matrix(e - s, X.cols, X.data.slice(s * X.cols, e * X.cols));

function checkPredictions(model: { predict(X: Matrix): unknown; predictProba(X: Matrix): Matrix; predictLogProba(X: Matrix): Matrix; predictJointLogProba(X: Matrix): Matrix }, Xq: Matrix, c: Predictions): void {
  expect(Array.from(model.predict(Xq) as ArrayLike<number>)).toEqual(c.predict);
  expectClose(model.predictProba(Xq), c.predictProba, { atol: TOL, rtol: 0, name: 'predictProba' });
  const head = sliceRows(Xq, 0, c.predictLogProba.length);
  expectClose(model.predictLogProba(head), c.predictLogProba, { atol: TOL, rtol: TOL, name: 'predictLogProba' });
  expectClose(model.predictJointLogProba(head), c.predictJointLogProba, { atol: TOL, rtol: TOL, name: 'predictJointLogProba' });
}

describe('naive Bayes vs scikit-learn 1.2.1', () => {
  it('loads the same data the oracle used', () => {
    expect(fx.meta.sklearn).toBe('1.2.1');
    for (const [name, { X }] of Object.entries(data)) {
      const ref = fx.data[name]!;
      expect(X.shape).toEqual([ref.rows, ref.cols]);
      expectClose(X.data.reduce((s, v) => s + v, 0), ref.sum, { rtol: 1e-13, name: `${name} sum` });
      expectClose(X.data.reduce((s, v) => s + v * v, 0), ref.sumSquares, { rtol: 1e-13, name: `${name} sum of squares` });
    }
  });

  for (const c of fx.gaussian) {
    it(`GaussianNB ${c.dataset} ${JSON.stringify(c.params)}${c.sampleWeight ? ' sampleWeight' : ''}`, () => {
      const { Xtr, ytr, Xq } = split(c.dataset, c.predictProba.length);
      const nb = new GaussianNB(c.params).fit(Xtr, ytr, c.sampleWeight);
      expectClose(nb.theta, c.theta, { rtol: TOL, atol: 1e-13, name: 'theta' });
      expectClose(nb.var, c.var, { rtol: TOL, name: 'var' });
      expectClose(nb.epsilon, c.epsilon, { rtol: TOL, name: 'epsilon' });
      expectClose(nb.classPrior, c.classPrior, { rtol: TOL, name: 'classPrior' });
      expectClose(nb.classCount, c.classCount, { rtol: TOL, name: 'classCount' });
      checkPredictions(nb, Xq, c);
      report.push(`| GaussianNB ${c.dataset} ${JSON.stringify(c.params)}${c.sampleWeight ? ' sampleWeight' : ''} | theta ${fmt(maxAbs(nb.theta, c.theta, true))}, var ${fmt(maxAbs(nb.var, c.var, true))} | ${fmt(maxAbs(nb.predictProba(Xq), c.predictProba))} | 0 of ${Xq.rows} |`);
    });
  }

  for (const c of fx.gaussianChunks) {
    it(`GaussianNB.partialFit in ${c.bounds.length - 1} chunks = scikit-learn's single fit: ${c.dataset} ${JSON.stringify(c.params)}`, () => {
      const { Xtr, ytr, Xq } = split(c.dataset, c.fitPredictProba.length);
      const nb = new GaussianNB(c.params);
      for (let t = 0; t + 1 < c.bounds.length; t++) nb.partialFit(sliceRows(Xtr, c.bounds[t]!, c.bounds[t + 1]!), ytr.slice(c.bounds[t]!, c.bounds[t + 1]!), Array.from(new Set(ytr)));
      expectClose(nb.theta, c.fitTheta, { rtol: TOL, atol: 1e-13, name: 'theta' });
      expectClose(nb.var, c.fitVar, { rtol: TOL, name: 'var' });
      expectClose(nb.predictProba(Xq), c.fitPredictProba, { atol: TOL, rtol: 0, name: 'predictProba' });
      report.push(`| GaussianNB.partialFit ${c.bounds.length - 1} chunks vs sklearn fit, ${c.dataset} ${JSON.stringify(c.params)} | theta ${fmt(maxAbs(nb.theta, c.fitTheta, true))}, var ${fmt(maxAbs(nb.var, c.fitVar, true))} (sklearn's own chunked var: ${fmt(c.maxRelVarDrift)}) | ${fmt(maxAbs(nb.predictProba(Xq), c.fitPredictProba))} | |`);
      // scikit-learn's own chunked var_ drifts from its fit (recorded by the script) unless varSmoothing = 0
      if (c.params.varSmoothing === 0) expect(c.maxRelVarDrift).toBeLessThan(1e-12);
      else expect(c.maxRelVarDrift).toBeGreaterThan(1e-8);
    });
  }

  for (const c of fx.discrete) {
    it(`${c.model} ${c.dataset} ${JSON.stringify(c.params).slice(0, 60)}${c.sampleWeight ? ' sampleWeight' : ''}`, () => {
      const { Xtr, ytr, Xq } = split(c.dataset, c.predictProba.length);
      const make = () => (c.model === 'MultinomialNB' ? new MultinomialNB(c.params) : c.model === 'BernoulliNB' ? new BernoulliNB(c.params) : new ComplementNB(c.params));
      const nb = make().fit(Xtr, ytr, c.sampleWeight);
      expectClose(nb.featureLogProb, c.featureLogProb, { atol: TOL, rtol: TOL, name: 'featureLogProb' });
      expectClose(nb.classLogPrior, c.classLogPrior, { atol: TOL, rtol: TOL, name: 'classLogPrior' });
      expectClose(nb.classCount, c.classCount, { rtol: 1e-13, name: 'classCount' });
      if (c.featureCount) expectClose(nb.featureCount, c.featureCount, { rtol: 1e-13, name: 'featureCount' }); // exact for integer counts (digits)
      checkPredictions(nb, Xq, c);
      report.push(`| ${c.model} ${c.dataset} ${JSON.stringify(c.params).slice(0, 40)}${c.sampleWeight ? ' sampleWeight' : ''} | featureLogProb ${fmt(maxAbs(nb.featureLogProb, c.featureLogProb, true))}, classLogPrior ${fmt(maxAbs(nb.classLogPrior, c.classLogPrior, true))} | ${fmt(maxAbs(nb.predictProba(Xq), c.predictProba))} | 0 of ${Xq.rows} |`);
      // partialFit in chunks: counts add up, so the same model (scikit-learn's chunked one equals its fit too)
      const chunked = make();
      for (let t = 0; t + 1 < c.bounds.length; t++) {
        const [s, e] = [c.bounds[t]!, c.bounds[t + 1]!];
        chunked.partialFit(sliceRows(Xtr, s, e), ytr.slice(s, e), Array.from(new Set(ytr)), c.sampleWeight?.slice(s, e));
      }
      expectClose(chunked.featureLogProb, c.featureLogProb, { atol: TOL, rtol: TOL, name: 'chunked featureLogProb' });
      expect(c.sklearnChunkedMaxAbsDiff).toBeLessThan(1e-12);
    });
  }
});
