/**
 * Column statistics (mean, variance, standard deviation, min, max, sum) and row sums of a
 * matrix, computed in one or two row-major sweeps (cache-friendly: the inner loop runs along a
 * row and updates one accumulator per column). $O(nd)$ each.
 *
 * @see ../../../../docs/core/matrix.md
 */
import { InvalidInputError, InvalidParamError } from '../errors.js';
import type { Matrix, MatrixLike } from './matrix.js';
import { toMatrix } from './check.js';

/** Options of {@link colVar} and {@link colStd}. */
export interface VarianceOptions {
  /** Delta degrees of freedom: the divisor is $n - \text{ddof}$ (numpy's convention). @default 0 */
  ddof?: number;
}

function nonEmpty(fn: string, X: MatrixLike): Matrix {
  const m = toMatrix(X, 'X');
  if (m.rows === 0) throw new InvalidInputError(`${fn}: X must have at least 1 row, got 0`);
  return m;
}

/** Column sums $s_j = \sum_i X_{ij}$. @param X (n, d) @returns (d,) */
export function colSum(X: MatrixLike): Float64Array {
  const m = toMatrix(X, 'X');
  const d = m.cols, data = m.data;
  const out = new Float64Array(d); // (d,)
  for (let i = 0; i < m.rows; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) out[j] = out[j]! + data[o + j]!;
  }
  return out;
}

/** Column means $\bar x_j = \frac1n\sum_i X_{ij}$. @param X (n, d), n ≥ 1 @returns (d,) */
export function colMean(X: MatrixLike): Float64Array {
  const m = nonEmpty('colMean', X);
  const out = colSum(m);
  for (let j = 0; j < out.length; j++) out[j] = out[j]! / m.rows;
  return out;
}

/**
 * Column variances, two-pass (mean first, then centred squares, which avoids the cancellation
 * of $E[x^2]-E[x]^2$):
 * $$s_j^2 = \frac{1}{n-\text{ddof}}\sum_i (X_{ij}-\bar x_j)^2 .$$
 * @param X (n, d) @returns (d,)
 * @throws InvalidParamError unless ddof is an integer with $0 \le \text{ddof} < n$.
 */
export function colVar(X: MatrixLike, options: VarianceOptions = {}): Float64Array {
  const m = nonEmpty('colVar', X);
  const { ddof = 0 } = options;
  if (!Number.isInteger(ddof) || ddof < 0 || ddof >= m.rows) {
    throw new InvalidParamError('colVar', 'ddof', ddof, `an integer in [0, ${m.rows}) (n − ddof must be positive)`);
  }
  const mean = colMean(m);
  const d = m.cols, data = m.data;
  const out = new Float64Array(d); // (d,)
  for (let i = 0; i < m.rows; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) {
      const r = data[o + j]! - mean[j]!;
      out[j] = out[j]! + r * r;
    }
  }
  const denom = m.rows - ddof;
  for (let j = 0; j < d; j++) out[j] = out[j]! / denom;
  return out;
}

/** Column standard deviations $s_j = \sqrt{s_j^2}$ (see {@link colVar}). @returns (d,) */
export function colStd(X: MatrixLike, options: VarianceOptions = {}): Float64Array {
  const out = colVar(X, options);
  for (let j = 0; j < out.length; j++) out[j] = Math.sqrt(out[j]!);
  return out;
}

function colExtreme(fn: string, X: MatrixLike, sign: 1 | -1): Float64Array {
  const m = nonEmpty(fn, X);
  const d = m.cols, data = m.data;
  const out = m.data.slice(0, d); // (d,) starts at row 0
  for (let i = 1; i < m.rows; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) {
      const v = data[o + j]!;
      if (sign * (v - out[j]!) < 0 || Number.isNaN(v)) out[j] = v;
    }
  }
  return out;
}

/** Column minima $\min_i X_{ij}$ (NaN if the column has a NaN). @param X (n, d), n ≥ 1 @returns (d,) */
export function colMin(X: MatrixLike): Float64Array {
  return colExtreme('colMin', X, 1);
}

/** Column maxima $\max_i X_{ij}$ (NaN if the column has a NaN). @param X (n, d), n ≥ 1 @returns (d,) */
export function colMax(X: MatrixLike): Float64Array {
  return colExtreme('colMax', X, -1);
}

/** Row sums $r_i = \sum_j X_{ij}$. @param X (n, d) @returns (n,) */
export function rowSum(X: MatrixLike): Float64Array {
  const m = toMatrix(X, 'X');
  const d = m.cols, data = m.data;
  const out = new Float64Array(m.rows); // (n,)
  for (let i = 0; i < m.rows; i++) {
    const o = i * d;
    let s = 0;
    for (let j = 0; j < d; j++) s += data[o + j]!;
    out[i] = s;
  }
  return out;
}
