import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Matrix } from '@fpml/core';
import { dataPath } from '../files.js';
import { loadBreastCancer, loadDiabetes, loadDigits, loadIris, loadWine } from './sklearn.js';
import type { TabularDataset } from '../types.js';

/** Frozen by scripts/oracles/datasets_reference.py from scikit-learn's own loaders. */
const ref = JSON.parse(readFileSync(new URL('../__fixtures__/reference.json', import.meta.url), 'utf8'));

function columnSums(X: Matrix): number[] {
  const s = new Array<number>(X.cols).fill(0);
  for (let i = 0; i < X.rows; i++) for (let j = 0; j < X.cols; j++) s[j]! += X.data[i * X.cols + j]!;
  return s;
}

function bincount(y: Int32Array, k: number): number[] {
  const c = new Array<number>(k).fill(0);
  for (const v of y) c[v]!++;
  return c;
}

function checkAgainstSklearn(ds: TabularDataset, r: any, classification: boolean): void {
  expect([ds.X.rows, ds.X.cols]).toEqual(r.shape);
  expect(ds.y.length).toBe(r.shape[0]);
  expect(ds.featureNames).toEqual(r.featureNames);
  expect(Array.from(ds.X.row(0))).toEqual(r.firstRow);
  expect(Array.from(ds.X.row(ds.X.rows - 1))).toEqual(r.lastRow);
  const sums = columnSums(ds.X);
  sums.forEach((s, j) => expect(s).toBeCloseTo(r.columnSums[j], 6));
  expect(Array.from(ds.y.subarray(0, 5))).toEqual(r.firstTargets);
  if (classification) {
    expect(ds.y).toBeInstanceOf(Int32Array);
    expect(ds.targetNames).toEqual(r.targetNames);
    expect(bincount(ds.y as Int32Array, ds.targetNames.length)).toEqual(r.classCounts);
  }
  expect(ds.description.length).toBeGreaterThan(200);
}

describe('scikit-learn toy datasets', () => {
  it('iris: 150 x 4, 50 per class, first row equal to the raw file', () => {
    const ds = loadIris();
    checkAgainstSklearn(ds, ref.sklearn.iris, true);
    expect(ds.targetNames).toEqual(['setosa', 'versicolor', 'virginica']);
    const raw = readFileSync(dataPath('sklearn/iris.csv'), 'utf8').split('\n')[1]!.split(',').map(Number);
    expect(Array.from(ds.X.row(0))).toEqual(raw.slice(0, 4));
    expect(ds.y[0]).toBe(raw[4]);
    expect(ds.description).toContain('Iris plants dataset');
  });

  it('wine: 178 x 13, classes 59/71/48', () => {
    const ds = loadWine();
    checkAgainstSklearn(ds, ref.sklearn.wine, true);
    expect(ds.description).toContain('Wine recognition dataset');
  });

  it('breast cancer: 569 x 30, 212 malignant / 357 benign', () => {
    const ds = loadBreastCancer();
    checkAgainstSklearn(ds, ref.sklearn.breastCancer, true);
    expect(bincount(ds.y as Int32Array, 2)).toEqual([212, 357]);
    expect(ds.description).toContain('Breast cancer wisconsin (diagnostic) dataset');
  });

  it('digits: 1797 x 64 pixels in 0..16, first row equal to the raw (headerless, gzipped) file', () => {
    const ds = loadDigits();
    checkAgainstSklearn(ds, ref.sklearn.digits, true);
    const raw = gunzipSync(readFileSync(dataPath('sklearn/digits.csv.gz'))).toString('utf8').split('\n')[0]!.split(',').map(Number);
    expect(Array.from(ds.X.row(0))).toEqual(raw.slice(0, 64));
    expect(ds.y[0]).toBe(raw[64]);
    expect(Math.max(...ds.X.data)).toBe(16);
    expect(Math.min(...ds.X.data)).toBe(0);
    expect(ds.featureNames[9]).toBe('pixel_1_1');
  });

  it('diabetes: 442 x 10 raw (unscaled) features and the target from diabetes_target', () => {
    const ds = loadDiabetes();
    checkAgainstSklearn(ds, ref.sklearn.diabetes, false);
    expect(ds.y).toBeInstanceOf(Float64Array);
    expect(ds.y.reduce((a, b) => a + b, 0)).toBeCloseTo(ref.sklearn.diabetes.targetSum, 6);
    expect(ds.X.get(0, 0)).toBe(59); // age in years: raw, not scaled
    expect(new Set(ds.X.col(1))).toEqual(new Set([1, 2])); // sex coded 1/2
    expect(ds.description).toMatch(/^NOTE \(@fpml\/datasets\): loadDiabetes returns the RAW, UNSCALED values/);
  });

  it('returns fresh arrays on every call', () => {
    const a = loadIris();
    a.X.data[0] = -1;
    expect(loadIris().X.get(0, 0)).toBe(5.1);
  });
});
