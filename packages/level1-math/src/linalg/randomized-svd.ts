/**
 * Randomized truncated SVD (Halko, Martinsson & Tropp 2011), following
 * `sklearn.utils.extmath.randomized_svd` step for step.
 *
 * @see ../../../../docs/level1-math/linalg.md
 */
import { InvalidParamError, Matrix, Rng, matmul, matmulTransA, withResidentOperand, type MatrixLike } from '@fpml/core';
import { luInPlace } from './lu.js';
import { qr } from './qr.js';
import { svd, type SvdResult } from './svd.js';
import { svdFlip } from './svd-flip.js';
import { finiteMatrix } from './validate.js';

/** Options of {@link randomizedSvd}. */
export interface RandomizedSvdOptions {
  /** Extra random directions $p$ beyond $k$ (sample size $\ell = k + p$). @default 10 */
  nOversamples?: number;
  /** Power iterations $q$; `'auto'` is 7 if $k < 0.1\min(m,n)$ else 4 (scikit-learn's rule). @default 'auto' */
  nIter?: 'auto' | number;
  /**
   * Re-normalisation between power iterations: `'qr'` (orthonormal, most accurate), `'lu'`
   * (the $PL$ factor, cheaper), `'none'` (loses small directions to rounding for large $q$), or
   * `'auto'` = `'none'` if $q \le 2$ else `'lu'` (scikit-learn's default). @default 'auto'
   */
  powerIterationNormalizer?: 'auto' | 'qr' | 'lu' | 'none';
  /** Seed of core's {@link Rng} for the Gaussian test matrix. @default 0 */
  seed?: number;
  /** Apply {@link svdFlip} (U-based, or V-based when the transpose is used), as scikit-learn. @default true */
  flipSign?: boolean;
}

/**
 * Rank-$k$ approximation $A \approx U_k \Sigma_k V_k^\top$ from a random sketch:
 * $$\Omega \sim \mathcal N(0,1)^{n\times\ell},\quad Y = (AA^\top)^q A\Omega,\quad Y = QR,\quad B = Q^\top A = \hat U \Sigma V^\top,\quad U = Q\hat U.$$
 * If $m < n$ it works on $A^\top$ (as scikit-learn's `transpose='auto'`). With $q$ power
 * iterations the expected error is $\mathbb E\lVert A - QQ^\top A\rVert_2 \le \big(1 + C_{k,p}\big)^{1/(2q+1)}\sigma_{k+1}$ with
 * $C_{k,p} = \sqrt{k/(p-1)} + e\sqrt{k+p}\,\sqrt{\min(m,n)-k}/p$
 * (Halko et al., Cor. 10.10): the singular-value gap is sharpened to the power $2q+1$.
 *
 * Differences from scikit-learn: $\Omega$ comes from core's {@link Rng} (xoshiro256** with Marsaglia's
 * polar normals), not numpy's Mersenne Twister, so results agree with scikit-learn only up to
 * the randomness (exactly, once $q$ is large enough to converge); our QR and SVD are the ones in
 * this folder rather than LAPACK's.
 *
 * Complexity $O(mn\ell(2q + 2))$ for the products plus $O((m+n)\ell^2)$ for the factorisations.
 *
 * @param A (m, n) @param k number of components, $1 \le k \le \min(m, n)$
 * @returns U (m, k), S (k,) descending, Vt (k, n)
 * @throws InvalidParamError for a bad k or option; InvalidInputError for NaN/Inf.
 * @see ../../../../docs/level1-math/linalg.md
 */
export function randomizedSvd(A: MatrixLike, k: number, options: RandomizedSvdOptions = {}): SvdResult {
  const { nOversamples = 10, nIter = 'auto', powerIterationNormalizer = 'auto', seed = 0, flipSign = true } = options;
  const X = finiteMatrix(A, 'randomizedSvd');
  const kMax = Math.min(X.rows, X.cols);
  if (!Number.isInteger(k) || k < 1 || k > kMax) throw new InvalidParamError('randomizedSvd', 'k', k, `an integer in [1, ${kMax}]`);
  if (!Number.isInteger(nOversamples) || nOversamples < 0) throw new InvalidParamError('randomizedSvd', 'nOversamples', nOversamples, 'an integer ≥ 0');
  if (nIter !== 'auto' && !(Number.isInteger(nIter) && nIter >= 0)) throw new InvalidParamError('randomizedSvd', 'nIter', nIter, "'auto' or an integer ≥ 0");
  if (!['auto', 'qr', 'lu', 'none'].includes(powerIterationNormalizer)) {
    throw new InvalidParamError('randomizedSvd', 'powerIterationNormalizer', powerIterationNormalizer, "'auto', 'qr', 'lu' or 'none'");
  }
  const q = nIter === 'auto' ? (k < 0.1 * kMax ? 7 : 4) : nIter;
  const normalizer = powerIterationNormalizer === 'auto' ? (q <= 2 ? 'none' : 'lu') : powerIterationNormalizer;
  const transposed = X.rows < X.cols;
  const M = transposed ? transposeOf(X) : X; // (m, n), m ≥ n
  const ell = k + nOversamples;
  const rng = new Rng(seed);
  let Q = new Matrix(M.cols, ell); // (n, ℓ) Gaussian test matrix Ω
  for (let t = 0; t < Q.data.length; t++) Q.data[t] = rng.normal();
  const normalize = (Y: Matrix): Matrix => (normalizer === 'qr' ? qr(Y).Q : normalizer === 'lu' ? permutedL(Y) : Y);
  // M stays in the GEMM kernel's memory for its 2q + 2 products (same results, no re-copying)
  const B = withResidentOperand(M, () => {
    for (let it = 0; it < q; it++) {
      Q = normalize(matmul(M, Q)); // (m, ℓ)
      Q = normalize(matmulTransA(M, Q)); // (n, ℓ)
    }
    Q = qr(matmul(M, Q)).Q; // (m, ℓ') orthonormal basis of the range sketch
    return matmulTransA(Q, M); // (ℓ', n)
  });
  const f = svd(B);
  let U = matmul(Q, f.U); // (m, ℓ'')
  let Vt = f.Vt;
  if (flipSign) ({ U, Vt } = svdFlip(U, Vt, { uBased: !transposed }));
  const Uk = firstColumns(U, k), Sk = f.S.slice(0, k), Vk = new Matrix(k, Vt.cols, Vt.data.slice(0, k * Vt.cols));
  if (!transposed) return { U: Uk, S: Sk, Vt: Vk };
  return { U: transposeOf(Vk), S: Sk, Vt: transposeOf(Uk) };
}

/** $PL$ of $Y = PLU$ (scipy's `lu(Y, permute_l=True)[0]`): (m, min(m, ℓ)). */
function permutedL(Y: Matrix): Matrix {
  const m = Y.rows, n = Y.cols, r = Math.min(m, n);
  const a = Y.data.slice();
  const { perm } = luInPlace(a, m, n);
  const out = new Matrix(m, r);
  for (let i = 0; i < m; i++) {
    const o = perm[i]! * r;
    for (let j = 0; j < Math.min(i, r); j++) out.data[o + j] = a[i * n + j]!;
    if (i < r) out.data[o + i] = 1;
  }
  return out;
}

function firstColumns(U: Matrix, k: number): Matrix {
  const out = new Matrix(U.rows, k);
  for (let i = 0; i < U.rows; i++) out.data.set(U.data.subarray(i * U.cols, i * U.cols + k), i * k);
  return out;
}

function transposeOf(X: Matrix): Matrix {
  const out = new Matrix(X.cols, X.rows);
  for (let i = 0; i < X.rows; i++) for (let j = 0; j < X.cols; j++) out.data[j * X.rows + i] = X.data[i * X.cols + j]!;
  return out;
}
