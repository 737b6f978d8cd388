/**
 * Sequential minimal optimisation (SMO) for libsvm's dual quadratic programme, as in libsvm's
 * `Solver` (Chang & Lin, LIBSVM, 2011; Fan, Chen & Lin, JMLR 6, 2005):
 *
 * $$\min_{\alpha}\ f(\alpha) = \tfrac12 \alpha^\top Q \alpha + p^\top \alpha
 *   \quad\text{s.t.}\quad y^\top \alpha = \Delta,\quad 0 \le \alpha_t \le C_t,$$
 *
 * with $y_t \in \{\pm1\}$. C-SVC is $Q_{ij} = y_i y_j K_{ij}$, $p = -\mathbf 1$; ε-SVR is the
 * $2\ell$-variable problem of `q-matrix.ts` with $p = (\varepsilon - z,\ \varepsilon + z)$.
 *
 * **KKT conditions.** With the gradient $G = \nabla f = Q\alpha + p$ and the index sets
 * $I_{up} = \{t : y_t = +1, \alpha_t < C_t\} \cup \{t : y_t = -1, \alpha_t > 0\}$ and
 * $I_{low} = \{t : y_t = +1, \alpha_t > 0\} \cup \{t : y_t = -1, \alpha_t < C_t\}$, a feasible
 * $\alpha$ is optimal iff some $b$ (= $-\rho$) satisfies
 * $$m(\alpha) = \max_{t \in I_{up}} -y_t G_t \ \le\ M(\alpha) = \min_{t \in I_{low}} -y_t G_t .$$
 * The solver stops at the $\varepsilon$-relaxed condition $m(\alpha) - M(\alpha) < \text{tol}$.
 *
 * **Update.** Each iteration picks a pair $(i, j)$ (`working-set.ts`: the maximal violator $i$
 * and the $j$ of largest guaranteed decrease, WSS3), and minimises $f$ exactly along the only
 * feasible direction that keeps $y^\top\alpha$ fixed. For $y_i \ne y_j$ it moves
 * $\alpha_i, \alpha_j$ by the same $\delta = -(G_i + G_j)/(Q_{ii} + Q_{jj} + 2Q_{ij})$; for
 * $y_i = y_j$ by $\mp\delta$ with $\delta = (G_i - G_j)/(Q_{ii} + Q_{jj} - 2Q_{ij})$; a curvature
 * $\le 0$ (indefinite kernels) is replaced by $\tau = 10^{-12}$. The pair is then clipped back into
 * the box along the same line, and $G$ is updated with two rows of Q:
 * $G \mathrel{+}= Q_{:i}\Delta\alpha_i + Q_{:j}\Delta\alpha_j$, $O(\ell)$.
 *
 * **Shrinking** (optional) drops from the active set variables stuck at a bound that no longer
 * violate the KKT conditions, keeping $\bar G_t = \sum_{s:\alpha_s = C_s} C_s Q_{ts}$ so the full
 * gradient can be rebuilt before the final check.
 *
 * Cost per iteration $O(\ell)$ plus two kernel rows ($O(\ell d)$ each on a cache miss); the number
 * of iterations is typically $O(\ell)$ to $O(\ell^2)$.
 * @see ../../../../docs/level2-classical/svm.md#smo
 */
import type { QMatrix } from './q-matrix.js';
import { calculateRho, doShrinking, LOWER, reconstructGradient, selectWorkingSet, type SmoState, TAU, updateAlphaStatus, UPPER } from './working-set.js';


/** One dual problem for {@link solveSmo}. */
export interface SmoProblem {
  Q: QMatrix;
  /** Linear term p, (l,). */
  p: Float64Array;
  /** Signs $y_t \in \{\pm 1\}$, (l,). */
  y: Int8Array;
  /** Upper bounds $C_t > 0$, (l,). */
  C: Float64Array;
  /** Feasible start. @default zeros */
  alpha?: Float64Array;
}

/** Options of {@link solveSmo} (libsvm's `eps`, `shrinking`, sklearn's `max_iter`). */
export interface SmoOptions {
  /** Stop when $m(\alpha) - M(\alpha) <$ tol. */
  tol: number;
  shrinking: boolean;
  /** Iteration limit; -1 for none. */
  maxIter: number;
}

/** The solution, in the problem's original variable order. */
export interface SmoResult {
  alpha: Float64Array; // (l,)
  /** Gradient $Q\alpha + p$ at the solution (as the solver tracked it, float32 Q), (l,). */
  G: Float64Array; // (l,)
  /** $\rho = -b$: the decision function is $\sum_t y_t \alpha_t K(x_t, x) - \rho$. */
  rho: number;
  /** Dual objective $f(\alpha)$. */
  obj: number;
  nIter: number;
  /** False when `maxIter` stopped the solver first. */
  converged: boolean;
}

/**
 * Solve the dual by SMO with WSS3 working-set selection (see the module comment).
 * The problem's arrays are not modified.
 */
export function solveSmo(problem: SmoProblem, options: SmoOptions): SmoResult {
  const { Q } = problem;
  const l = Q.size;
  const alpha = problem.alpha ? problem.alpha.slice() : new Float64Array(l);
  const s: SmoState = {
    l, activeSize: l, Q, QD: Q.QD,
    y: problem.y.slice(), p: problem.p.slice(), C: problem.C.slice(), alpha,
    status: new Uint8Array(l), activeSet: new Int32Array(l),
    G: new Float64Array(l), Gbar: new Float64Array(l),
    eps: options.tol, unshrink: false,
  };
  for (let t = 0; t < l; t++) {
    updateAlphaStatus(s, t);
    s.activeSet[t] = t;
  }
  initGradient(s);

  let iter = 0;
  let converged = true;
  let counter = Math.min(l, 1000) + 1;
  const pair: [number, number] = [-1, -1];
  for (;;) {
    if (options.maxIter !== -1 && iter >= options.maxIter) {
      converged = false;
      if (s.activeSize < l) {
        reconstructGradient(s);
        s.activeSize = l;
      }
      break;
    }
    if (--counter === 0) {
      counter = Math.min(l, 1000);
      if (options.shrinking) doShrinking(s);
    }
    if (!selectWorkingSet(s, pair)) {
      reconstructGradient(s); // the optimum of the shrunk problem: check it on all variables
      s.activeSize = l;
      if (!selectWorkingSet(s, pair)) break;
      counter = 1; // shrink again at the next iteration
    }
    iter++;
    updatePair(s, pair[0], pair[1]);
  }

  const rho = calculateRho(s);
  let obj = 0;
  for (let t = 0; t < l; t++) obj += s.alpha[t]! * (s.G[t]! + s.p[t]!);
  const outAlpha = new Float64Array(l);
  const outG = new Float64Array(l);
  for (let t = 0; t < l; t++) {
    outAlpha[s.activeSet[t]!] = s.alpha[t]!;
    outG[s.activeSet[t]!] = s.G[t]!;
  }
  return { alpha: outAlpha, G: outG, rho, obj: obj / 2, nIter: iter, converged };
}

/** $G = Q\alpha + p$ and $\bar G = \sum_{\alpha_s = C_s} C_s Q_{:s}$, one row per non-zero $\alpha$. */
function initGradient(s: SmoState): void {
  const { l, G, Gbar, alpha, p, status, Q, C } = s;
  G.set(p);
  for (let i = 0; i < l; i++) {
    if (status[i] === LOWER) continue;
    const Qi = Q.getQ(i, l);
    const ai = alpha[i]!;
    for (let j = 0; j < l; j++) G[j]! += ai * Qi[j]!;
    if (status[i] === UPPER) for (let j = 0; j < l; j++) Gbar[j]! += C[i]! * Qi[j]!;
  }
}

/** Minimise f along the feasible line through $(\alpha_i, \alpha_j)$, clip to the box, update G and $\bar G$. */
function updatePair(s: SmoState, i: number, j: number): void {
  const { alpha, G, y, QD, Q, C } = s;
  const active = s.activeSize;
  const Qi = Q.getQ(i, active);
  const Qj = Q.getQ(j, active);
  const Ci = C[i]!;
  const Cj = C[j]!;
  const oldAi = alpha[i]!;
  const oldAj = alpha[j]!;
  let ai = oldAi;
  let aj = oldAj;
  if (y[i] !== y[j]) {
    let quad = QD[i]! + QD[j]! + 2 * Qi[j]!;
    if (quad <= 0) quad = TAU;
    const delta = (-G[i]! - G[j]!) / quad; // argmin of f(α_i + δ, α_j + δ)
    const diff = ai - aj; // preserved: y_i α_i + y_j α_j = y_i (α_i − α_j)
    ai += delta;
    aj += delta;
    if (diff > 0) {
      if (aj < 0) { aj = 0; ai = diff; }
    } else if (ai < 0) { ai = 0; aj = -diff; }
    if (diff > Ci - Cj) {
      if (ai > Ci) { ai = Ci; aj = Ci - diff; }
    } else if (aj > Cj) { aj = Cj; ai = Cj + diff; }
  } else {
    let quad = QD[i]! + QD[j]! - 2 * Qi[j]!;
    if (quad <= 0) quad = TAU;
    const delta = (G[i]! - G[j]!) / quad; // argmin of f(α_i − δ, α_j + δ)
    const sum = ai + aj; // preserved
    ai -= delta;
    aj += delta;
    if (sum > Ci) {
      if (ai > Ci) { ai = Ci; aj = sum - Ci; }
    } else if (aj < 0) { aj = 0; ai = sum; }
    if (sum > Cj) {
      if (aj > Cj) { aj = Cj; ai = sum - Cj; }
    } else if (ai < 0) { ai = 0; aj = sum; }
  }
  alpha[i] = ai;
  alpha[j] = aj;
  const dai = ai - oldAi;
  const daj = aj - oldAj;
  for (let k = 0; k < active; k++) G[k]! += Qi[k]! * dai + Qj[k]! * daj; // ∂f/∂α = Qα + p changes by Q_{:i}Δα_i + Q_{:j}Δα_j

  const wasUpperI = s.status[i] === UPPER;
  const wasUpperJ = s.status[j] === UPPER;
  updateAlphaStatus(s, i);
  updateAlphaStatus(s, j);
  const l = s.l;
  const Gbar = s.Gbar;
  if (wasUpperI !== (s.status[i] === UPPER)) {
    const row = Q.getQ(i, l);
    const c = wasUpperI ? -Ci : Ci;
    for (let k = 0; k < l; k++) Gbar[k]! += c * row[k]!;
  }
  if (wasUpperJ !== (s.status[j] === UPPER)) {
    const row = Q.getQ(j, l);
    const c = wasUpperJ ? -Cj : Cj;
    for (let k = 0; k < l; k++) Gbar[k]! += c * row[k]!;
  }
}
