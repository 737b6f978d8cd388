/**
 * The parts of libsvm's `Solver` around the SMO update: the solver state, working-set selection
 * (WSS3), the bias $\rho$, and shrinking.
 *
 * **WSS3** (Fan, Chen & Lin 2005, "Working set selection using second order information"):
 * $$i = \arg\max_{t \in I_{up}} -y_t G_t,\qquad
 *   j = \arg\min_{t \in I_{low},\ -y_t G_t < -y_i G_i} -\frac{b_{it}^2}{a_{it}},$$
 * with $b_{it} = -y_i G_i + y_t G_t > 0$ and $a_{it} = Q_{ii} + Q_{tt} - 2 y_i y_t Q_{it}$
 * (or $\tau$ if $\le 0$): $-b^2/(2a)$ is the exact decrease of f along the pair's line before
 * clipping, so j is the partner of largest second-order decrease. The loop stops when
 * $m(\alpha) - M(\alpha) = \max_{I_{up}} -y_t G_t + \max_{I_{low}} y_t G_t < \varepsilon$.
 *
 * **Bias.** For a free $\alpha_t$ ($0 < \alpha_t < C_t$) the KKT conditions give
 * $y_t G_t = \rho$ exactly, so $\rho$ is their average; with no free variable any
 * $\rho \in [\max_{\text{lb}}, \min_{\text{ub}}]$ is optimal and libsvm takes the midpoint.
 *
 * **Shrinking.** A variable at a bound whose $-y_t G_t$ lies beyond the current violating range
 * (`beShrunk`) will stay there; it is swapped out of the active prefix. Once the gap first falls
 * below $10\varepsilon$ the full gradient is rebuilt and shrinking restarts (`unshrink`).
 *
 * Each function is $O(\text{activeSize})$ except `reconstructGradient`,
 * $O(\text{free} \cdot \text{inactive})$ kernel entries.
 * @see ../../../../docs/level2-classical/svm.md#working-set-selection
 */
import type { QMatrix } from './q-matrix.js';

/** libsvm's curvature floor for a non-positive $Q_{ii} + Q_{jj} \mp 2Q_{ij}$. */
export const TAU = 1e-12;

/** Status of $\alpha_t$: at its lower bound 0. */
export const LOWER = 0;
/** Status of $\alpha_t$: at its upper bound $C_t$. */
export const UPPER = 1;
/** Status of $\alpha_t$: strictly inside $(0, C_t)$. */
export const FREE = 2;

/** The mutable state of one SMO run, in the solver's (permuted) variable order. */
export interface SmoState {
  l: number;
  /** Variables $[0, \text{activeSize})$ are active; the rest are shrunk. */
  activeSize: number;
  Q: QMatrix;
  QD: Float64Array; // (l,) Q's own diagonal, permuted by Q.swapIndex
  y: Int8Array; // (l,)
  p: Float64Array; // (l,)
  C: Float64Array; // (l,)
  alpha: Float64Array; // (l,)
  /** LOWER ($\alpha = 0$), UPPER ($\alpha = C$) or FREE. */
  status: Uint8Array; // (l,)
  /** Original index of each position. */
  activeSet: Int32Array; // (l,)
  G: Float64Array; // (l,) gradient Qα + p
  Gbar: Float64Array; // (l,) Σ_{α_s = C_s} C_s Q_{:s}
  eps: number;
  unshrink: boolean;
}

/** Recompute the bound status of $\alpha_t$ (exact comparisons, as libsvm). $O(1)$. */
export function updateAlphaStatus(s: SmoState, t: number): void {
  const a = s.alpha[t]!;
  s.status[t] = a >= s.C[t]! ? UPPER : a <= 0 ? LOWER : FREE;
}

/**
 * WSS3: write the pair into `out` and return true, or return false when the active problem
 * satisfies the stopping condition.
 */
export function selectWorkingSet(s: SmoState, out: [number, number]): boolean {
  const { y, G, status, QD } = s;
  const active = s.activeSize;
  let Gmax = -Infinity; // max_{t ∈ I_up} −y_t G_t
  let Gmax2 = -Infinity; // max_{t ∈ I_low} y_t G_t
  let iIdx = -1;
  let jIdx = -1;
  let objDiffMin = Infinity;
  for (let t = 0; t < active; t++) {
    if (y[t] === 1) {
      if (status[t] !== UPPER && -G[t]! >= Gmax) { Gmax = -G[t]!; iIdx = t; }
    } else if (status[t] !== LOWER && G[t]! >= Gmax) { Gmax = G[t]!; iIdx = t; }
  }
  const i = iIdx;
  const Qi = i !== -1 ? s.Q.getQ(i, active) : null;
  const QDi = i !== -1 ? QD[i]! : 0;
  const yi = i !== -1 ? y[i]! : 0;
  for (let j = 0; j < active; j++) {
    if (y[j] === 1) {
      if (status[j] === LOWER) continue;
      const gradDiff = Gmax + G[j]!;
      if (G[j]! >= Gmax2) Gmax2 = G[j]!;
      if (gradDiff > 0 && Qi !== null) {
        const quad = QDi + QD[j]! - 2 * yi * Qi[j]!;
        const objDiff = -(gradDiff * gradDiff) / (quad > 0 ? quad : TAU);
        if (objDiff <= objDiffMin) { jIdx = j; objDiffMin = objDiff; }
      }
    } else {
      if (status[j] === UPPER) continue;
      const gradDiff = Gmax - G[j]!;
      if (-G[j]! >= Gmax2) Gmax2 = -G[j]!;
      if (gradDiff > 0 && Qi !== null) {
        const quad = QDi + QD[j]! + 2 * yi * Qi[j]!;
        const objDiff = -(gradDiff * gradDiff) / (quad > 0 ? quad : TAU);
        if (objDiff <= objDiffMin) { jIdx = j; objDiffMin = objDiff; }
      }
    }
  }
  if (Gmax + Gmax2 < s.eps || jIdx === -1) return false;
  out[0] = iIdx;
  out[1] = jIdx;
  return true;
}

/** $\rho$: the mean of $y_t G_t$ over free variables, else the midpoint of the feasible interval. */
export function calculateRho(s: SmoState): number {
  const { y, G, status } = s;
  let ub = Infinity;
  let lb = -Infinity;
  let nFree = 0;
  let sumFree = 0;
  for (let t = 0; t < s.activeSize; t++) {
    const yG = y[t]! * G[t]!;
    if (status[t] === UPPER) {
      if (y[t] === -1) ub = Math.min(ub, yG);
      else lb = Math.max(lb, yG);
    } else if (status[t] === LOWER) {
      if (y[t] === 1) ub = Math.min(ub, yG);
      else lb = Math.max(lb, yG);
    } else {
      nFree++;
      sumFree += yG;
    }
  }
  return nFree > 0 ? sumFree / nFree : (ub + lb) / 2;
}

/** Move variable i to position j everywhere (Q, its diagonal, and every per-variable array). */
function swapIndex(s: SmoState, i: number, j: number): void {
  s.Q.swapIndex(i, j);
  const t8 = s.y[i]!;
  s.y[i] = s.y[j]!;
  s.y[j] = t8;
  const st = s.status[i]!;
  s.status[i] = s.status[j]!;
  s.status[j] = st;
  const ta = s.activeSet[i]!;
  s.activeSet[i] = s.activeSet[j]!;
  s.activeSet[j] = ta;
  for (const a of [s.G, s.alpha, s.p, s.Gbar, s.C]) swapF64(a, i, j);
}

function swapF64(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

function beShrunk(s: SmoState, t: number, Gmax1: number, Gmax2: number): boolean {
  const g = s.G[t]!;
  if (s.status[t] === UPPER) return s.y[t] === 1 ? -g > Gmax1 : -g > Gmax2;
  if (s.status[t] === LOWER) return s.y[t] === 1 ? g > Gmax2 : g > Gmax1;
  return false;
}

/** libsvm's `do_shrinking`: swap variables that will stay at their bound out of the active prefix. */
export function doShrinking(s: SmoState): void {
  const { y, G, status } = s;
  let Gmax1 = -Infinity; // max_{I_up} −y_t G_t
  let Gmax2 = -Infinity; // max_{I_low} y_t G_t
  for (let t = 0; t < s.activeSize; t++) {
    if (y[t] === 1) {
      if (status[t] !== UPPER && -G[t]! >= Gmax1) Gmax1 = -G[t]!;
      if (status[t] !== LOWER && G[t]! >= Gmax2) Gmax2 = G[t]!;
    } else {
      if (status[t] !== UPPER && -G[t]! >= Gmax2) Gmax2 = -G[t]!;
      if (status[t] !== LOWER && G[t]! >= Gmax1) Gmax1 = G[t]!;
    }
  }
  if (!s.unshrink && Gmax1 + Gmax2 <= s.eps * 10) {
    s.unshrink = true;
    reconstructGradient(s);
    s.activeSize = s.l;
  }
  for (let t = 0; t < s.activeSize; t++) {
    if (!beShrunk(s, t, Gmax1, Gmax2)) continue;
    s.activeSize--;
    while (s.activeSize > t) {
      if (!beShrunk(s, s.activeSize, Gmax1, Gmax2)) {
        swapIndex(s, t, s.activeSize);
        break;
      }
      s.activeSize--;
    }
  }
}

/**
 * Rebuild G on the shrunk variables from $\bar G$ and the free variables:
 * $G_t = \bar G_t + p_t + \sum_{s\ \text{free}} \alpha_s Q_{ts}$, by whichever loop order reads fewer kernel entries.
 */
export function reconstructGradient(s: SmoState): void {
  const { l, G, Gbar, p, status, alpha, Q } = s;
  const active = s.activeSize;
  if (active === l) return;
  for (let j = active; j < l; j++) G[j] = Gbar[j]! + p[j]!;
  let nFree = 0;
  for (let j = 0; j < active; j++) if (status[j] === FREE) nFree++;
  if (nFree * l > 2 * active * (l - active)) {
    for (let i = active; i < l; i++) {
      const Qi = Q.getQ(i, active);
      let g = G[i]!;
      for (let j = 0; j < active; j++) if (status[j] === FREE) g += alpha[j]! * Qi[j]!;
      G[i] = g;
    }
  } else {
    for (let i = 0; i < active; i++) {
      if (status[i] !== FREE) continue;
      const Qi = Q.getQ(i, l);
      const ai = alpha[i]!;
      for (let j = active; j < l; j++) G[j]! += ai * Qi[j]!;
    }
  }
}
