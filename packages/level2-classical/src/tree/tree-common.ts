/**
 * Small helpers shared by the tree and forest estimators: predict-time input checks, leaf
 * probabilities and argmax, accuracy over class codes.
 *
 * @see ../../../../docs/level2-classical/trees.md
 */
import { Matrix, type MatrixLike, asMatrix, assertColumns } from '@fpml/core';
import type { Tree } from './tree-structure.js';

/** X for a fitted model: finite, (n, nFeaturesIn). */
export function checkX(X: MatrixLike, nFeaturesIn: number): Matrix {
  const Xm = asMatrix(X, 'X');
  assertColumns(Xm, nFeaturesIn);
  return Xm;
}

/**
 * Leaf class fractions $p_k = c_k / \sum_j c_j$ of every row (a leaf of zero weight, which a
 * valid tree never has, gives a zero row as sklearn does), accumulated into `out` scaled by
 * `scale` when given (forests average their trees this way). $O(n(\text{depth} + K))$.
 * @param X (n, nFeatures), validated.
 * @returns (n, K).
 */
export function classifierProba(tree: Tree, X: Matrix, out?: Matrix, scale = 1): Matrix {
  const K = tree.nClasses;
  const P = out ?? new Matrix(X.rows, K); // (n, K)
  const value = tree.value;
  for (let i = 0; i < X.rows; i++) {
    const leaf = tree.leafOf(X.data, i, X.cols);
    const off = leaf * K;
    let s = 0;
    for (let k = 0; k < K; k++) s += value[off + k]!;
    const norm = s === 0 ? 1 : s;
    const row = i * K;
    if (out === undefined) for (let k = 0; k < K; k++) P.data[row + k] = value[off + k]! / norm;
    else for (let k = 0; k < K; k++) P.data[row + k]! += (value[off + k]! / norm) * scale;
  }
  return P;
}

/** Row-wise argmax of (n, K), the first maximum on ties (numpy's argmax). */
export function probaArgmax(P: Matrix): Int32Array {
  const out = new Int32Array(P.rows); // (n,)
  const K = P.cols;
  for (let i = 0; i < P.rows; i++) {
    let best = 0;
    for (let k = 1; k < K; k++) if (P.data[i * K + k]! > P.data[i * K + best]!) best = k;
    out[i] = best;
  }
  return out;
}

/** Fraction of equal entries: $\frac1n\sum_i [a_i = b_i]$. */
export function codesAccuracy(truth: Int32Array, pred: Int32Array): number {
  let hits = 0;
  for (let i = 0; i < truth.length; i++) if (truth[i] === pred[i]) hits++;
  return hits / truth.length;
}

/** Leaf values of a regression tree for every row. @param X (n, nFeatures). @returns (n,). */
export function regressorPredict(tree: Tree, X: Matrix): Float64Array {
  const out = new Float64Array(X.rows); // (n,)
  for (let i = 0; i < X.rows; i++) out[i] = tree.value[tree.leafOf(X.data, i, X.cols)]!;
  return out;
}
