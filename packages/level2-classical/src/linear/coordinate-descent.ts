/**
 * Coordinate descent for the elastic net with a duality-gap stop, a line-by-line port of
 * scikit-learn 1.2's dense `enet_coordinate_descent` (`sklearn/linear_model/_cd_fast.pyx`), so the
 * iterates, `nIter` and the stopping point match.
 *
 * It minimises the $n$-scaled objective (what ElasticNet's objective becomes after multiplying
 * by $n$, with $\lambda_1 = \alpha\rho n$, $\lambda_2 = \alpha(1-\rho)n$):
 * $$P(w) = \tfrac12\lVert y - Xw\rVert_2^2 + \lambda_1\lVert w\rVert_1 + \tfrac{\lambda_2}2\lVert w\rVert_2^2.$$
 *
 * One coordinate update keeps the residual $R = y - Xw$ current: with $x_j$ the j-th column,
 * $$w_j \leftarrow \frac{S(x_j^\top R + \lVert x_j\rVert^2 w_j,\ \lambda_1)}{\lVert x_j\rVert^2 + \lambda_2},\qquad S(z, \lambda) = \operatorname{sign}(z)\max(|z| - \lambda, 0),$$
 * the exact minimiser of $P$ along $w_j$ (soft thresholding; with `positive`, negative $z$ give 0).
 *
 * Stop: after a sweep whose largest change is small ($\max_j|\Delta w_j| < \mathrm{tol}\cdot\max_j|w_j|$),
 * compute the duality gap with the dual point $\theta = c\,R$, $c = \min(1, \lambda_1/\lVert X^\top R - \lambda_2 w\rVert_\infty)$:
 * $$G = \tfrac12(\lVert R\rVert^2 + c^2\lVert R\rVert^2) + \lambda_1\lVert w\rVert_1 - c\,R^\top y + \tfrac{\lambda_2}2(1 + c^2)\lVert w\rVert^2 \ \ge\ P(w) - P(w^*),$$
 * and stop when $G < \mathrm{tol}\cdot\lVert y\rVert^2$. The gap bounds the sub-optimality, so
 * a small gap *certifies* the answer, which a small step alone does not.
 *
 * Cost: $O(nd)$ per sweep (two passes over each column), $O(nd)$ per gap check. X is passed
 * transposed (feature-major, each column contiguous) so every pass is a contiguous loop.
 * @see ../../../../docs/level2-classical/linear.md
 */
import type { Rng } from '@fpml/core';

/** Result of {@link enetCoordinateDescent} (sklearn returns `w, gap, tol, n_iter`). */
export interface CdResult {
  /** Sweeps performed (sklearn's `n_iter_`). */
  nIter: number;
  /** Duality gap of the $n$-scaled objective at the last check (divide by n for sklearn's `dual_gap_`). */
  gap: number;
  /** The stopping threshold $\mathrm{tol}\cdot\lVert y\rVert^2$. */
  tolScaled: number;
  /** Whether the gap fell below the threshold before `maxIter`. */
  converged: boolean;
}

/** Options of {@link enetCoordinateDescent}. */
export interface CdOptions {
  maxIter: number;
  tol: number;
  positive: boolean;
  /** Pick coordinates uniformly at random (sklearn's `selection='random'`) instead of cyclically. */
  rng: Rng | null;
}

/** $u^\top v$ over `n` entries starting at `ou` in u. */
function dotAt(u: Float64Array, ou: number, v: Float64Array, n: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += u[ou + i]! * v[i]!;
    s1 += u[ou + i + 1]! * v[i + 1]!;
    s2 += u[ou + i + 2]! * v[i + 2]!;
    s3 += u[ou + i + 3]! * v[i + 3]!;
  }
  for (; i < n; i++) s0 += u[ou + i]! * v[i]!;
  return s0 + s1 + (s2 + s3);
}

/** $v \leftarrow v + a\,u_{ou:ou+n}$. */
function axpyAt(a: number, u: Float64Array, ou: number, v: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) v[i] = v[i]! + a * u[ou + i]!;
}

/** The duality gap $G$ at w (see the module comment). $O(nd)$. */
export function enetDualityGap(w: Float64Array, l1: number, l2: number, Xt: Float64Array, y: Float64Array, R: Float64Array, positive: boolean): number {
  const d = w.length, n = y.length;
  let dualNorm = 0;
  let wNorm2 = 0;
  let l1Norm = 0;
  for (let j = 0; j < d; j++) {
    const xtA = dotAt(Xt, j * n, R, n) - l2 * w[j]!; // (XᵀR − λ₂w)_j
    const a = positive ? xtA : Math.abs(xtA);
    if (a > dualNorm) dualNorm = a;
    wNorm2 += w[j]! * w[j]!;
    l1Norm += Math.abs(w[j]!);
  }
  const rNorm2 = dotAt(R, 0, R, n);
  let c: number;
  let gap: number;
  if (dualNorm > l1) {
    c = l1 / dualNorm;
    gap = 0.5 * (rNorm2 + rNorm2 * c * c);
  } else {
    c = 1;
    gap = rNorm2;
  }
  return gap + l1 * l1Norm - c * dotAt(R, 0, y, n) + 0.5 * l2 * (1 + c * c) * wNorm2;
}

/**
 * Minimise $\tfrac12\lVert y - Xw\rVert^2 + \lambda_1\lVert w\rVert_1 + \tfrac{\lambda_2}{2}\lVert w\rVert^2$
 * by coordinate descent, updating `w` in place from its current value (warm start).
 * @param w (d,) start, overwritten with the solution.
 * @param Xt (d, n) X transposed, row-major: column j of X is `Xt[j*n .. j*n+n)`.
 * @param y (n,) targets (centred by the caller when there is an intercept).
 */
export function enetCoordinateDescent(w: Float64Array, l1: number, l2: number, Xt: Float64Array, y: Float64Array, options: CdOptions): CdResult {
  const { maxIter, tol, positive, rng } = options;
  const d = w.length, n = y.length;
  const normCols = new Float64Array(d); // (d,) ‖x_j‖²
  for (let j = 0; j < d; j++) {
    let s = 0;
    for (let i = j * n, e = i + n; i < e; i++) s += Xt[i]! * Xt[i]!;
    normCols[j] = s;
  }
  const R = y.slice(); // (n,) residual y − Xw
  for (let j = 0; j < d; j++) if (w[j] !== 0) axpyAt(-w[j]!, Xt, j * n, R, n);
  const tolScaled = tol * dotAt(y, 0, y, n);
  let gap = tol + 1;
  let nIter = 0;
  let converged = false;
  for (; nIter < maxIter; nIter++) {
    let wMax = 0;
    let dwMax = 0;
    for (let f = 0; f < d; f++) {
      const j = rng === null ? f : rng.int(d);
      const nj = normCols[j]!;
      if (nj === 0) continue;
      const wj = w[j]!;
      const o = j * n;
      if (wj !== 0) axpyAt(wj, Xt, o, R, n); // R += w_j x_j
      const tmp = dotAt(Xt, o, R, n); // x_jᵀ(R + w_j x_j)
      let next: number;
      if (positive && tmp < 0) next = 0;
      else next = (Math.sign(tmp) * Math.max(Math.abs(tmp) - l1, 0)) / (nj + l2); // soft threshold
      w[j] = next;
      if (next !== 0) axpyAt(-next, Xt, o, R, n); // R −= w_j x_j
      const dw = Math.abs(next - wj);
      if (dw > dwMax) dwMax = dw;
      if (Math.abs(next) > wMax) wMax = Math.abs(next);
    }
    if (wMax === 0 || dwMax / wMax < tol || nIter === maxIter - 1) {
      gap = enetDualityGap(w, l1, l2, Xt, y, R, positive);
      if (gap < tolScaled) {
        converged = true;
        nIter++;
        break;
      }
    }
  }
  return { nIter: converged ? nIter : maxIter, gap, tolScaled, converged };
}
