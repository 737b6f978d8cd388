/**
 * The Kraskov–Stögbauer–Grassberger (2004) k-nearest-neighbour estimator of the mutual
 * information between two continuous variables (their "algorithm 1").
 *
 * @see ../../../../docs/level1-math/information.md
 */
import { InvalidInputError, InvalidParamError, Matrix, ShapeError, asMatrix, asVector, type MatrixLike, type VectorLike } from '@fpml/core';
import { digamma } from '../probability/special.js';
import { logOfBase, type InfoOptions } from './base.js';

/** Options of {@link ksgMutualInformation}. */
export interface KsgOptions extends InfoOptions {
  /** $k$, the neighbour whose distance sets each point's radius (sklearn's `n_neighbors`). @default 3 */
  nNeighbors?: number;
  /** Divide each coordinate by its standard deviation (ddof 0) first, as KSG's experiments and sklearn do. @default true */
  normalize?: boolean;
}

/**
 * KSG estimator 1. For each point $i$ let $\epsilon_i$ be the max-norm distance
 * $\max(\lVert x_i - x_j\rVert_\infty, \lVert y_i - y_j\rVert_\infty)$ to its $k$-th nearest
 * neighbour in the joint space, and $n_x(i)$, $n_y(i)$ the numbers of other points strictly
 * within $\epsilon_i$ in the $x$ and $y$ marginal spaces. Then
 * $$\hat I(X;Y) = \psi(k) + \psi(N) - \big\langle \psi(n_x + 1) + \psi(n_y + 1)\big\rangle.$$
 * Nearly unbiased for independent variables; can be slightly negative (sklearn's
 * `mutual_info_regression` clips at 0 and adds $10^{-10}$-scale noise to break ties; this does
 * neither). Brute force: $O(N^2(d_x + d_y + k))$ time, $O(N)$ memory. Nats by default.
 * @param x (N,) or (N, d_x) samples of X. @param y (N,) or (N, d_y) samples of Y, row-aligned with x.
 * @throws ShapeError for different numbers of rows; InvalidInputError for NaN/Inf or too few rows; InvalidParamError for a bad nNeighbors.
 * @see ../../../../docs/level1-math/information.md
 */
export function ksgMutualInformation(x: VectorLike | MatrixLike, y: VectorLike | MatrixLike, options: KsgOptions = {}): number {
  const owner = 'ksgMutualInformation';
  const lb = logOfBase(owner, options.base);
  const { nNeighbors: k = 3, normalize = true } = options;
  if (typeof k !== 'number' || !Number.isSafeInteger(k) || k < 1) throw new InvalidParamError(owner, 'nNeighbors', k, 'an integer ≥ 1');
  const X = toColumns(x, 'x', normalize); // (N, dx)
  const Y = toColumns(y, 'y', normalize); // (N, dy)
  const n = X.rows;
  if (Y.rows !== n) throw new ShapeError(`${owner}: x has ${n} rows but y has ${Y.rows}`);
  if (n <= k) throw new InvalidInputError(`${owner}: need more than nNeighbors = ${k} samples, got ${n}`);
  const dxs = new Float64Array(n), dys = new Float64Array(n); // (N,) marginal distances from point i
  const best = new Float64Array(k); // the k smallest joint distances, ascending
  let acc = 0;
  for (let i = 0; i < n; i++) {
    best.fill(Infinity);
    for (let j = 0; j < n; j++) {
      const dx = maxNormDist(X, i, j), dy = maxNormDist(Y, i, j);
      dxs[j] = dx;
      dys[j] = dy;
      if (j === i) continue;
      const dj = dx > dy ? dx : dy;
      if (dj < best[k - 1]!) {
        let t = k - 1;
        while (t > 0 && best[t - 1]! > dj) {
          best[t] = best[t - 1]!;
          t--;
        }
        best[t] = dj;
      }
    }
    const eps = best[k - 1]!;
    let nx = 0, ny = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      if (dxs[j]! < eps) nx++;
      if (dys[j]! < eps) ny++;
    }
    acc += digamma(nx + 1) + digamma(ny + 1);
  }
  return (digamma(k) + digamma(n) - acc / n) / lb;
}

function maxNormDist(M: Matrix, i: number, j: number): number {
  const d = M.cols;
  let m = 0;
  for (let c = 0; c < d; c++) {
    const t = Math.abs(M.data[i * d + c]! - M.data[j * d + c]!);
    if (t > m) m = t;
  }
  return m;
}

/** (N,) or (N, d) as a fresh (N, d) matrix, each column divided by its std (ddof 0) if asked and non-zero. */
function toColumns(v: VectorLike | MatrixLike, name: string, normalize: boolean): Matrix {
  const isRows = Array.isArray(v) && v.length > 0 && (Array.isArray(v[0]) || ArrayBuffer.isView(v[0]));
  const M = v instanceof Matrix || isRows ? asMatrix(v, name, { copy: true }) : Matrix.column(asVector(v, name));
  if (!normalize) return M;
  const { rows: n, cols: d } = M;
  for (let c = 0; c < d; c++) {
    let m = 0, ss = 0;
    for (let r = 0; r < n; r++) m += M.data[r * d + c]! / n;
    for (let r = 0; r < n; r++) ss += (M.data[r * d + c]! - m) ** 2;
    const s = Math.sqrt(ss / n);
    if (s > 0) for (let r = 0; r < n; r++) M.data[r * d + c] = M.data[r * d + c]! / s;
  }
  return M;
}
