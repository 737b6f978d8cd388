/**
 * The k dominant eigenpairs of a symmetric matrix by block power (subspace) iteration or by
 * Lanczos with full reorthogonalisation.
 *
 * @see ../../../../docs/level1-math/linalg.md
 */
import { ConvergenceWarning, InvalidParamError, Matrix, Rng, matmul, matmulTransA, type MatrixLike } from '@fpml/core';
import { eigh, tql } from './eigh.js';
import { qr } from './qr.js';
import { symmetricMatrix } from './validate.js';

/** Options of {@link topEigenpairs}. */
export interface TopEigenpairsOptions {
  /** `'power'`: block power iteration with Rayleigh–Ritz; `'lanczos'`: Lanczos, full reorthogonalisation. @default 'lanczos' */
  method?: 'power' | 'lanczos';
  /** Seed of core's {@link Rng} for the start vector(s). @default 0 */
  seed?: number;
  /** Iteration cap: power steps, or Krylov dimension for Lanczos (at most n). @default 1000 (power), n (lanczos) */
  maxIter?: number;
  /** Stop when every residual $\lVert Av_i - \lambda_i v_i\rVert \le \mathrm{tol}\cdot|\lambda_1|$. @default 1e-10 */
  tol?: number;
}

/** Result of {@link topEigenpairs}. */
export interface TopEigenpairsResult {
  /** The k eigenvalues of largest magnitude, sorted by decreasing $|\lambda|$. */
  values: Float64Array; // (k,)
  /** Orthonormal eigenvectors as columns. */
  vectors: Matrix; // (n, k)
  /** Iterations used (power steps or Lanczos vectors). */
  nIter: number;
  converged: boolean;
  /** A {@link ConvergenceWarning} when `maxIter` was reached first (reported, not thrown). */
  warnings: ConvergenceWarning[];
}

/**
 * Dominant eigenpairs $Av_i = \lambda_i v_i$, $|\lambda_1| \ge \dots \ge |\lambda_k|$, of a symmetric A,
 * touching A only through products.
 *
 * - **power** (subspace iteration): $Z = AQ$, $Q \leftarrow \mathrm{qr}(Z)$, then Rayleigh–Ritz
 *   $Q^\top A Q = W\Theta W^\top$, $Q \leftarrow QW$. Eigenvector $i$ converges like
 *   $|\lambda_{k+1}/\lambda_i|^t$: slow when the gap after $k$ is small. $O(n^2 k)$ per step.
 * - **lanczos**: builds the Krylov basis $V_j$ of $\{v, Av, \dots, A^{j-1}v\}$ with
 *   $AV_j = V_jT_j + \beta_j v_{j+1}e_j^\top$, $T_j$ tridiagonal; the Ritz pairs of $T_j$ have
 *   residuals $|\beta_j s_{ji}|$, free to monitor. Convergence depends on the gap relative to the
 *   spread (Kaniel–Paige, Chebyshev rates), far faster than power iteration. Each new vector is
 *   reorthogonalised twice against all previous ones (classical Gram–Schmidt, "twice is enough"),
 *   which prevents the ghost eigenvalues of plain Lanczos at $O(nj)$ per step. $O(n^2 j + nj^2)$.
 *
 * @param A (n, n) symmetric @param k $1 \le k \le n$
 * @throws InvalidParamError for a bad k or option; ShapeError/InvalidInputError as {@link eigh}.
 * @see ../../../../docs/level1-math/linalg.md
 */
export function topEigenpairs(A: MatrixLike, k: number, options: TopEigenpairsOptions = {}): TopEigenpairsResult {
  const M = symmetricMatrix(A, 'topEigenpairs');
  const n = M.rows;
  const { method = 'lanczos', seed = 0, tol = 1e-10 } = options;
  if (!Number.isInteger(k) || k < 1 || k > n) throw new InvalidParamError('topEigenpairs', 'k', k, `an integer in [1, ${n}]`);
  if (method !== 'power' && method !== 'lanczos') throw new InvalidParamError('topEigenpairs', 'method', method, "'power' or 'lanczos'");
  if (typeof tol !== 'number' || !(tol > 0)) throw new InvalidParamError('topEigenpairs', 'tol', tol, 'a number > 0');
  const maxIter = options.maxIter ?? (method === 'power' ? 1000 : n);
  if (!Number.isInteger(maxIter) || maxIter < 1) throw new InvalidParamError('topEigenpairs', 'maxIter', maxIter, 'an integer ≥ 1');
  const rng = new Rng(seed);
  return method === 'power' ? power(M, k, rng, maxIter, tol) : lanczos(M, k, rng, Math.min(Math.max(maxIter, k), n), tol);
}

/** Indices of the k entries of largest magnitude, by decreasing magnitude. */
function topByMagnitude(values: ArrayLike<number>, k: number): number[] {
  return Array.from({ length: values.length }, (_, i) => i).sort((a, b) => Math.abs(values[b]!) - Math.abs(values[a]!)).slice(0, k);
}

function power(M: Matrix, k: number, rng: Rng, maxIter: number, tol: number): TopEigenpairsResult {
  const n = M.rows;
  let Q = new Matrix(n, k);
  for (let t = 0; t < Q.data.length; t++) Q.data[t] = rng.normal();
  Q = qr(Q).Q;
  let values = new Float64Array(k);
  let it = 0, converged = false;
  while (it < maxIter) {
    it++;
    const Z = matmul(M, Q); // (n, k) = A Q
    // Rayleigh–Ritz on span(Q): QᵀAQ = W Θ Wᵀ
    const { values: theta, vectors: W } = eigh(symmetrize(matmulTransA(Q, Z)));
    const order = topByMagnitude(theta, k);
    const Wk = new Matrix(k, k);
    for (let c = 0; c < k; c++) for (let r = 0; r < k; r++) Wk.data[r * k + c] = W.data[r * k + order[c]!]!;
    values = Float64Array.from(order, (i) => theta[i]!);
    const V = matmul(Q, Wk), AV = matmul(Z, Wk); // Ritz vectors and A times them
    let worst = 0;
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let r = 0; r < n; r++) s += (AV.data[r * k + c]! - values[c]! * V.data[r * k + c]!) ** 2;
      worst = Math.max(worst, Math.sqrt(s));
    }
    if (worst <= tol * Math.max(Math.abs(values[0]!), Number.MIN_VALUE)) {
      Q = V;
      converged = true;
      break;
    }
    Q = qr(AV).Q; // next step: orthonormal basis of A·(Ritz vectors)
  }
  return finish(Q, values, it, converged, 'power', maxIter);
}

function lanczos(M: Matrix, k: number, rng: Rng, maxDim: number, tol: number): TopEigenpairsResult {
  const n = M.rows, a = M.data;
  const V = new Float64Array(maxDim * n); // rows are Lanczos vectors
  const alpha = new Float64Array(maxDim), beta = new Float64Array(maxDim);
  const w = new Float64Array(n);
  newStartVector(V, 0, n, rng);
  let j = 0, converged = false;
  let values = new Float64Array(k);
  let S = new Float64Array(0), order: number[] = [];
  for (; j < maxDim; j++) {
    const vj = V.subarray(j * n, j * n + n);
    for (let r = 0; r < n; r++) {
      let s = 0;
      const o = r * n;
      for (let c = 0; c < n; c++) s += a[o + c]! * vj[c]!;
      w[r] = s;
    }
    let al = 0;
    for (let r = 0; r < n; r++) al += w[r]! * vj[r]!;
    alpha[j] = al;
    reorthogonalize(V, j + 1, n, w);
    reorthogonalize(V, j + 1, n, w);
    let b = 0;
    for (let r = 0; r < n; r++) b += w[r]! * w[r]!;
    b = Math.sqrt(b);
    beta[j] = b;
    const dim = j + 1;
    const scaleA = Math.max(...Array.from(alpha.subarray(0, dim), Math.abs), ...Array.from(beta.subarray(0, dim)));
    const breakdown = b <= 1e-14 * scaleA;
    if (dim >= k && (dim % 4 === 0 || dim === maxDim || breakdown || dim === n)) {
      // Ritz values of T_j and residual bounds |β_j s_{j,i}|
      const d = alpha.slice(0, dim), e = new Float64Array(dim);
      e.set(beta.subarray(0, dim - 1));
      S = new Float64Array(dim * dim);
      for (let i = 0; i < dim; i++) S[i * dim + i] = 1;
      tql(d, e, S, dim);
      order = topByMagnitude(d, k);
      values = Float64Array.from(order, (i) => d[i]!);
      const bound = tol * Math.max(Math.abs(values[0]!), Number.MIN_VALUE);
      // row i of S is the eigenvector of d[i]; its last component is S[i*dim + dim-1]
      if (order.every((i) => Math.abs(b * S[i * dim + dim - 1]!) <= bound)) {
        converged = true;
        j = dim;
        break;
      }
    }
    if (dim === maxDim) { j = dim; break; }
    if (breakdown) {
      // invariant subspace found but Ritz pairs not yet converged: continue with a fresh direction
      beta[j] = 0;
      newStartVector(V, j + 1, n, rng);
    } else {
      for (let r = 0; r < n; r++) V[(j + 1) * n + r] = w[r]! / b;
    }
  }
  const dim = j;
  const Q = new Matrix(n, k); // Ritz vectors V_jᵀ s_i
  for (let c = 0; c < k; c++) {
    const i = order[c]!;
    for (let t = 0; t < dim; t++) {
      const s = S[i * dim + t]!;
      if (s === 0) continue;
      for (let r = 0; r < n; r++) Q.data[r * k + c]! += s * V[t * n + r]!;
    }
  }
  return finish(Q, values, dim, converged, 'lanczos', maxDim);
}

/** $w \leftarrow w - V_{0:j}^\top(V_{0:j} w)$ (one classical Gram–Schmidt pass). */
function reorthogonalize(V: Float64Array, j: number, n: number, w: Float64Array): void {
  for (let t = 0; t < j; t++) {
    const o = t * n;
    let s = 0;
    for (let r = 0; r < n; r++) s += V[o + r]! * w[r]!;
    for (let r = 0; r < n; r++) w[r] = w[r]! - s * V[o + r]!;
  }
}

/** A random unit vector orthogonal to rows 0..j-1 of V, written to row j. */
function newStartVector(V: Float64Array, j: number, n: number, rng: Rng): void {
  const v = new Float64Array(n);
  for (let r = 0; r < n; r++) v[r] = rng.normal();
  reorthogonalize(V, j, n, v);
  reorthogonalize(V, j, n, v);
  let s = 0;
  for (let r = 0; r < n; r++) s += v[r]! * v[r]!;
  s = Math.sqrt(s);
  for (let r = 0; r < n; r++) V[j * n + r] = v[r]! / s;
}

function symmetrize(T: Matrix): Matrix {
  const k = T.rows;
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++) {
      const s = 0.5 * (T.data[i * k + j]! + T.data[j * k + i]!);
      T.data[i * k + j] = s;
      T.data[j * k + i] = s;
    }
  }
  return T;
}

function finish(vectors: Matrix, values: Float64Array, nIter: number, converged: boolean, method: string, maxIter: number): TopEigenpairsResult {
  const warnings = converged
    ? []
    : [new ConvergenceWarning('topEigenpairs', `${method} reached maxIter = ${maxIter} before the residuals fell below tol`, nIter)];
  return { values, vectors, nIter, converged, warnings };
}
