/**
 * Householder QR, optionally with column pivoting (Businger–Golub) for rank detection.
 *
 * @see ../../../../docs/level1-math/linalg.md
 */
import { InvalidParamError, Matrix, type MatrixLike } from '@fpml/core';
import { accumulateReflectors, applyBlockReflector, blockReflector, makeHouseholder, reflectRows } from './householder.js';
import { finiteMatrix } from './validate.js';

/** Options of {@link qr}. */
export interface QrOptions {
  /** Column pivoting: at each step bring the remaining column of largest norm forward. @default false */
  pivoting?: boolean;
  /** `'reduced'`: Q (m, k), R (k, n) with k = min(m, n); `'complete'`: Q (m, m), R (m, n). @default 'reduced' */
  mode?: 'reduced' | 'complete';
}

/** Result of {@link qr}: $AP = QR$ ($P = I$ without pivoting). */
export interface QrResult {
  Q: Matrix; // (m, k) or (m, m)
  R: Matrix; // (k, n) or (m, n)
  /** With pivoting: column `j` of $AP$ is column `perm[j]` of A. */
  perm?: Int32Array; // (n,)
  /** With pivoting: numerical rank, $\#\{i : |r_{ii}| > \max(m,n)\,\varepsilon\,|r_{00}|\}$. */
  rank?: number;
}

const EPS = 2 ** -52;
/** Reflectors per block of the unpivoted QR (compact WY, applied by GEMM). */
const QR_BLOCK = 16;

/**
 * Householder QR, $$AP = QR,\qquad Q^\top Q = I,\quad R \text{ upper triangular},$$ with
 * $Q = H_0 \cdots H_{k-1}$ and $H_j = I - \beta_j v_j v_j^\top$ zeroing column $j$ below the diagonal
 * (the sign convention of LAPACK `dgeqrf`: $r_{jj} = -\operatorname{sign}(a_{jj})\lVert a_{j:,j}\rVert$).
 * Backward stable: $\hat Q\hat R = A + E$, $\lVert E\rVert_F = O(\varepsilon\lVert A\rVert_F)$, and $\hat Q$ is
 * orthogonal to $O(\varepsilon)$ whatever $\kappa(A)$ (unlike Gram–Schmidt).
 *
 * With `pivoting`, step $j$ swaps in the column of largest remaining norm (norms downdated as
 * $\nu_c^2 \leftarrow \nu_c^2 - r_{jc}^2$, recomputed when cancellation makes the downdate
 * unreliable, as LAPACK `dlaqp2`), so $|r_{00}| \ge |r_{11}| \ge \dots$ and a rank-$r$ matrix has
 * $r_{ii} \approx 0$ for $i \ge r$. This is a rank-revealing heuristic: it can miss rank deficiency
 * on contrived matrices (Kahan's), where the SVD cannot.
 *
 * Complexity $2mn^2 - \tfrac23 n^3$ for R, plus $4m^2 n - \dots$ for Q.
 *
 * @param A (m, n), finite.
 * @throws InvalidInputError for NaN/Inf or empty input; InvalidParamError for an unknown mode.
 * @see ../../../../docs/level1-math/linalg.md
 */
export function qr(A: MatrixLike, options: QrOptions = {}): QrResult {
  const { pivoting = false, mode = 'reduced' } = options;
  if (mode !== 'reduced' && mode !== 'complete') throw new InvalidParamError('qr', 'mode', mode, "'reduced' or 'complete'");
  if (typeof pivoting !== 'boolean') throw new InvalidParamError('qr', 'pivoting', pivoting, 'a boolean');
  const M = finiteMatrix(A, 'qr');
  const m = M.rows, n = M.cols, k = Math.min(m, n);
  const a = M.data.slice(); // (m, n) working copy
  const perm = new Int32Array(n);
  for (let j = 0; j < n; j++) perm[j] = j;
  const norms = new Float64Array(n), norms0 = new Float64Array(n);
  if (pivoting) {
    for (let j = 0; j < n; j++) norms[j] = norms0[j] = columnNorm(a, m, n, 0, j);
  }
  const vs: Float64Array[] = [], betas: number[] = [];
  const w = new Float64Array(n);
  const diag = new Float64Array(k);
  // Without pivoting the reflectors go in blocks of QR_BLOCK: inside a block each one updates
  // only the block's columns; at the block's end the trailing columns get the whole block at
  // once, (I − V Tᵀ Vᵀ) A₂, in two GEMMs. Pivoting needs every column updated at every step.
  const nb = pivoting ? 1 : QR_BLOCK;
  const blocks: Array<{ V: Matrix; T: Float64Array }> = []; // compact WY of each block, reused for Q
  for (let j = 0; j < k; j++) {
    const blockEnd = pivoting ? n : Math.min(Math.floor(j / nb) * nb + nb, k);
    if (pivoting) {
      let p = j;
      for (let c = j + 1; c < n; c++) if (norms[c]! > norms[p]!) p = c;
      if (p !== j) {
        for (let i = 0; i < m; i++) {
          const t = a[i * n + j]!; a[i * n + j] = a[i * n + p]!; a[i * n + p] = t;
        }
        let t: number = perm[j]!; perm[j] = perm[p]!; perm[p] = t;
        t = norms[j]!; norms[j] = norms[p]!; norms[p] = t;
        t = norms0[j]!; norms0[j] = norms0[p]!; norms0[p] = t;
      }
    }
    const v = new Float64Array(m - j);
    for (let i = j; i < m; i++) v[i - j] = a[i * n + j]!;
    const [alpha, beta] = makeHouseholder(v);
    vs.push(v);
    betas.push(beta);
    diag[j] = alpha;
    reflectRows(a, n, j, j + 1, blockEnd, v, beta, w);
    a[j * n + j] = alpha;
    for (let i = j + 1; i < m; i++) a[i * n + j] = 0;
    if (!pivoting && j + 1 === blockEnd && blockEnd < n) {
      const block = blockReflector(m, Math.floor(j / nb) * nb, blockEnd, vs, betas);
      blocks.push(block);
      applyBlockReflector(a, n, Math.floor(j / nb) * nb, blockEnd, n, block.V, block.T, true);
    }
    if (pivoting) {
      for (let c = j + 1; c < n; c++) {
        if (norms[c] === 0) continue;
        const r = Math.abs(a[j * n + c]!) / norms[c]!;
        const t = Math.max(0, (1 + r) * (1 - r));
        const t2 = t * (norms[c]! / norms0[c]!) ** 2;
        if (t2 <= Math.sqrt(EPS)) {
          norms[c] = norms0[c] = columnNorm(a, m, n, j + 1, c);
        } else {
          norms[c] = norms[c]! * Math.sqrt(t);
        }
      }
    }
  }
  const qCols = mode === 'complete' ? m : k;
  const Q = new Matrix(m, qCols, pivoting ? accumulateReflectors(m, qCols, vs, betas) : formQBlocked(m, qCols, vs, betas, nb, blocks)); // (m, qCols)
  const rRows = mode === 'complete' ? m : k;
  const R = new Matrix(rRows, n, a.slice(0, rRows * n)); // (rRows, n)
  const out: QrResult = { Q, R };
  if (pivoting) {
    out.perm = perm;
    const tol = Math.max(m, n) * EPS * Math.abs(diag[0] ?? 0);
    let rank = 0;
    for (let i = 0; i < k; i++) if (Math.abs(diag[i]!) > tol) rank++;
    out.rank = rank;
  }
  return out;
}

/**
 * $Q = H_0 \cdots H_{k-1}$ restricted to its first `qCols` columns, accumulated backwards one
 * block of `nb` reflectors at a time, $Q_{j_0:, j_0:} \leftarrow (I - VTV^\top) Q_{j_0:, j_0:}$
 * (columns left of $j_0$ are still the identity's zeros there). $O(4mk\,q_{cols})$, in GEMM.
 */
function formQBlocked(m: number, qCols: number, vs: readonly Float64Array[], betas: readonly number[], nb: number, known: ReadonlyArray<{ V: Matrix; T: Float64Array }>): Float64Array {
  const q = new Float64Array(m * qCols);
  for (let i = 0; i < Math.min(m, qCols); i++) q[i * qCols + i] = 1;
  const k = vs.length;
  for (let j0 = Math.floor((k - 1) / nb) * nb; j0 >= 0; j0 -= nb) {
    const { V, T } = known[j0 / nb] ?? blockReflector(m, j0, Math.min(j0 + nb, k), vs, betas);
    applyBlockReflector(q, qCols, j0, Math.min(j0, qCols), qCols, V, T, false);
  }
  return q;
}

/** $\lVert a_{r_0:, c}\rVert_2$ without overflow. */
function columnNorm(a: Float64Array, m: number, n: number, r0: number, c: number): number {
  let scale = 0;
  for (let i = r0; i < m; i++) scale = Math.max(scale, Math.abs(a[i * n + c]!));
  if (scale === 0) return 0;
  let s = 0;
  for (let i = r0; i < m; i++) {
    const x = a[i * n + c]! / scale;
    s += x * x;
  }
  return scale * Math.sqrt(s);
}
