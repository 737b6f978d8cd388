/**
 * Shared helpers of the level-2 experiments: 2-D decision surfaces on a grid, and points of a
 * 2-D dataset for {@link decisionBoundaryPlot}.
 */
import { Matrix, gridOver, type LabelledPoint } from '@fpml/core';

/** The rows of a 2-D X as labelled points. */
export function pointsOf(X: Matrix, y: ArrayLike<number | string>): LabelledPoint[] {
  return Array.from({ length: X.rows }, (_, i) => ({ x: X.data[2 * i]!, y: X.data[2 * i + 1]!, label: y[i]! }));
}

/**
 * Evaluate `f` on an n × n grid over the points' bounding box: returns the grid for
 * `decisionBoundaryPlot` (values[i][j] at (xs[j], ys[i])).
 * @param f maps the grid matrix (n², 2) to one value per row
 */
export function surface(points: readonly LabelledPoint[], f: (G: Matrix) => ArrayLike<number | string>, n = 70, pad = 0.1): { xs: number[]; ys: number[]; values: (number | string)[][] } {
  const { xs, ys } = gridOver(points, n, pad);
  const G = new Matrix(n * n, 2); // (n², 2), row i·n + j = (xs[j], ys[i])
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) { G.data[2 * (i * n + j)] = xs[j]!; G.data[2 * (i * n + j) + 1] = ys[i]!; }
  const v = f(G);
  const values = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => v[i * n + j]!));
  return { xs, ys, values };
}

/** Fraction of equal entries. */
export function accuracyOf(yTrue: ArrayLike<number | string>, yPred: ArrayLike<number | string>): number {
  let c = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) c++;
  return c / yTrue.length;
}

/** Rows of X (and y) at the given indices. */
export function take(X: Matrix, y: Int32Array, idx: ArrayLike<number>): { X: Matrix; y: Int32Array } {
  const d = X.cols, out = new Matrix(idx.length, d), yy = new Int32Array(idx.length);
  for (let r = 0; r < idx.length; r++) {
    out.data.set(X.data.subarray(idx[r]! * d, idx[r]! * d + d), r * d);
    yy[r] = y[idx[r]!]!;
  }
  return { X: out, y: yy };
}
