/**
 * scikit-learn's deterministic sign convention for SVD factors (`sklearn.utils.extmath.svd_flip`).
 *
 * @see ../../../../docs/level1-math/linalg.md
 */
import { InvalidInputError, Matrix, ShapeError, asMatrix, describeValue } from '@fpml/core';

/** Options of {@link svdFlip}. */
export interface SvdFlipOptions {
  /** Decide each sign from the columns of U (true) or the rows of Vt (false). @default true */
  uBased?: boolean;
}

/**
 * Fix the sign ambiguity $u_i v_i^\top = (-u_i)(-v_i)^\top$ of an SVD: with `uBased`, pair $i$ is
 * multiplied by $s_i = \operatorname{sign}(U_{r i})$ where $r = \arg\max_r |U_{ri}|$ (first maximum),
 * so the largest-magnitude entry of every column of $U$ is positive; otherwise
 * $s_i = \operatorname{sign}(V^\top_{i c})$, $c = \arg\max_c |V^\top_{ic}|$. The product
 * $U \Sigma V^\top$ is unchanged. Matches scikit-learn 1.2 number for number (an all-zero vector,
 * where numpy's sign is 0, is left as it is, which is the same zero vector). $O((m + n)k)$.
 *
 * @param U (m, k) @param Vt (k, n) @returns new, sign-adjusted copies `{ U, Vt }`.
 * @throws ShapeError if U has a different number of columns than Vt has rows.
 * @see ../../../../docs/level1-math/linalg.md
 */
export function svdFlip(U: Matrix, Vt: Matrix, options: SvdFlipOptions = {}): { U: Matrix; Vt: Matrix } {
  const { uBased = true } = options;
  if (typeof uBased !== 'boolean') throw new InvalidInputError(`svdFlip: uBased must be a boolean, got ${describeValue(uBased)}`);
  const u = asMatrix(U, 'U', { copy: true });
  const v = asMatrix(Vt, 'Vt', { copy: true });
  const m = u.rows, k = u.cols, n = v.cols;
  if (v.rows !== k) throw new ShapeError(`svdFlip: U is ${m}x${k} but Vt is ${v.rows}x${n} (U.cols must equal Vt.rows)`);
  for (let i = 0; i < k; i++) {
    let best = -1, sign = 1;
    if (uBased) {
      for (let r = 0; r < m; r++) {
        const x = u.data[r * k + i]!;
        if (Math.abs(x) > best) { best = Math.abs(x); sign = x < 0 ? -1 : 1; }
      }
    } else {
      for (let c = 0; c < n; c++) {
        const x = v.data[i * n + c]!;
        if (Math.abs(x) > best) { best = Math.abs(x); sign = x < 0 ? -1 : 1; }
      }
    }
    if (sign > 0) continue;
    for (let r = 0; r < m; r++) u.data[r * k + i] = -u.data[r * k + i]!;
    for (let c = 0; c < n; c++) v.data[i * n + c] = -v.data[i * n + c]!;
  }
  return { U: u, Vt: v };
}
