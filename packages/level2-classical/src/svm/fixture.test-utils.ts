/**
 * Test-only loader of the frozen scikit-learn SVM oracle (`__fixtures__/svm.json`, written by
 * scripts/oracles/freeze_svm.py) and of the datasets it was computed on, rebuilt here with core's
 * StandardScaler exactly as the script standardised them. Imported by the `*.oracle.test.ts` files only.
 */
import { readFileSync } from 'node:fs';
import { Matrix, StandardScaler } from '@fpml/core';
import { loadBreastCancer, loadDiabetes, loadDigits, loadIris, loadWine } from '@fpml/datasets';

interface ColumnStats { rows: number; cols: number; colSum: number[]; colSumSquares: number[] }

export interface SvcCase {
  dataset: string;
  params: Record<string, unknown>;
  support: number[];
  nSupport: number[];
  dualCoef: number[][];
  intercept: number[];
  gamma: number;
  nIter: number[];
  fitStatus: number;
  predict: number[];
  decision?: number[];
  decisionOvo?: number[][];
  decisionOvr?: number[][];
  coef?: number[][];
}
export interface ProbaCase { dataset: string; params: Record<string, unknown>; probA: number[]; probB: number[]; proba: number[][]; predict: number[] }
export interface SvrCase {
  dataset: string; params: Record<string, unknown>; support: number[]; dualCoef: number[]; intercept: number[];
  gamma: number; nIter: number; predict: number[]; coef?: number[];
}
export interface CvCase { dataset: string; standardise: boolean; folds: { test: number[]; predict: number[]; accuracy: number }[] }
export interface SvmFixture {
  meta: { sklearn: string; script: string };
  standardised: Record<string, ColumnStats>;
  diabetes: { X: ColumnStats; yMean: number; yStd: number };
  synth2d: { X: number[][]; y: number[] };
  synth1d: { X: number[][]; y: number[] };
  svc: SvcCase[];
  probability: ProbaCase[];
  svr: SvrCase[];
  cv: CvCase[];
}

export const fixture = JSON.parse(readFileSync(new URL('./__fixtures__/svm.json', import.meta.url), 'utf8')) as SvmFixture;

const standardise = (X: Matrix): Matrix => new StandardScaler().fit(X).transform(X);

/** Raw datasets (X unscaled) by the fixture's names. */
export const raw = {
  iris: loadIris(),
  wine: loadWine(),
  breast_cancer: loadBreastCancer(),
  digits: loadDigits(),
};

const diabetes = loadDiabetes();
const yStd = Float64Array.from(diabetes.y, (v) => (v - fixture.diabetes.yMean) / fixture.diabetes.yStd);

/** Classification data of the SVC cases: standardised X and class indices. */
export const classification: Record<string, { X: Matrix; y: Int32Array }> = {
  iris: { X: standardise(raw.iris.X), y: raw.iris.y },
  wine: { X: standardise(raw.wine.X), y: raw.wine.y },
  breast_cancer: { X: standardise(raw.breast_cancer.X), y: raw.breast_cancer.y },
  synth2d: { X: Matrix.from(fixture.synth2d.X), y: Int32Array.from(fixture.synth2d.y) },
};

/** Regression data of the SVR cases. */
export const regression: Record<string, { X: Matrix; y: Float64Array }> = {
  diabetes: { X: standardise(diabetes.X), y: diabetes.y },
  diabetes_ystd: { X: standardise(diabetes.X), y: yStd },
  synth1d: { X: Matrix.from(fixture.synth1d.X), y: Float64Array.from(fixture.synth1d.y) },
};

/** Per-column sums and sums of squares of X, to compare with the fixture's. */
export function columnStats(X: Matrix): { colSum: Float64Array; colSumSquares: Float64Array } {
  const colSum = new Float64Array(X.cols);
  const colSumSquares = new Float64Array(X.cols);
  for (let i = 0; i < X.rows; i++) {
    for (let j = 0; j < X.cols; j++) {
      const v = X.data[i * X.cols + j]!;
      colSum[j]! += v;
      colSumSquares[j]! += v * v;
    }
  }
  return { colSum, colSumSquares };
}

/** $\max_k |a_k - b_k| / \max(\max_k |b_k|, \text{floor})$: the error relative to the oracle's scale. */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-300): number {
  let scale = floor;
  for (let k = 0; k < b.length; k++) scale = Math.max(scale, Math.abs(b[k]!));
  let worst = 0;
  for (let k = 0; k < b.length; k++) worst = Math.max(worst, Math.abs(a[k]! - b[k]!));
  return worst / scale;
}

/** One-line name of a case. */
export const caseName = (c: { dataset: string; params: Record<string, unknown> }): string => `${c.dataset} ${JSON.stringify(c.params)}`;
