/**
 * Probabilities from SVM decision values, as libsvm computes them.
 *
 * **Platt scaling** (Platt 1999, with the improvements of Lin, Lin & Weng, "A note on Platt's
 * probabilistic outputs for support vector machines", Machine Learning 68, 2007): for one
 * binary classifier with decision values $f_i$ and labels $y_i \in \{\pm1\}$, fit
 * $$P(y = +1 \mid f) = \frac{1}{1 + \exp(Af + B)}$$
 * by minimising the cross-entropy against the regularised targets
 * $t_i = \frac{N_+ + 1}{N_+ + 2}$ for $y_i = +1$ and $t_i = \frac{1}{N_- + 2}$ for $y_i = -1$:
 * $$F(A, B) = \sum_i \big[ t_i (Af_i + B) + \log(1 + e^{-(Af_i + B)}) \big],$$
 * written in whichever of two algebraically equal forms cannot overflow. Newton's method with
 * the Hessian plus $\sigma = 10^{-12} I$ and a backtracking (Armijo, $10^{-4}$) line search, from
 * $A = 0$, $B = \log\frac{N_- + 1}{N_+ + 1}$; stop when both gradient entries are below $10^{-5}$
 * (at most 100 iterations). $O(n)$ per iteration.
 *
 * **Pairwise coupling** (Wu, Lin & Weng, "Probability estimates for multi-class classification by
 * pairwise coupling", JMLR 5, 2004, method 2): from the pairwise $r_{ij} \approx P(i \mid i \text{ or } j)$,
 * find $p$ on the simplex minimising
 * $$\tfrac12 \sum_i \sum_{j \ne i} (r_{ji} p_i - r_{ij} p_j)^2 = \tfrac12 p^\top Q p,\qquad
 *   Q_{tt} = \sum_{j \ne t} r_{jt}^2,\ Q_{tj} = -r_{jt} r_{tj},$$
 * whose optimality condition is $Qp = (p^\top Q p)\mathbf 1$; solved by libsvm's coordinate
 * fixed-point sweeps until $\max_t |(Qp)_t - p^\top Q p| < 0.005/k$ (at most $\max(100, k)$
 * sweeps of $O(k^2)$). For $k = 2$ the minimiser is exactly $p = (r_{01}, r_{10})$.
 * @see ../../../../docs/level2-classical/svm.md#probabilities
 */

/** The fitted sigmoid: $P(y = +1 \mid f) = 1/(1 + e^{Af + B})$. */
export interface Sigmoid {
  A: number;
  B: number;
  /** Newton iterations used. */
  nIter: number;
  /** Why it stopped. */
  stop: 'gradient' | 'maxIter' | 'lineSearch';
}

/**
 * Fit Platt's sigmoid to decision values `dec` (n,) with labels `labels` (n,) (> 0 is the
 * positive class). See the module comment.
 */
export function sigmoidTrain(dec: Float64Array, labels: ArrayLike<number>): Sigmoid {
  const n = dec.length;
  let prior1 = 0;
  let prior0 = 0;
  for (let i = 0; i < n; i++) if (labels[i]! > 0) prior1++; else prior0++;
  const maxIter = 100;
  const minStep = 1e-10;
  const sigma = 1e-12;
  const eps = 1e-5;
  const hiTarget = (prior1 + 1) / (prior1 + 2);
  const loTarget = 1 / (prior0 + 2);
  const t = new Float64Array(n); // (n,)
  for (let i = 0; i < n; i++) t[i] = labels[i]! > 0 ? hiTarget : loTarget;
  const objective = (A: number, B: number): number => {
    let f = 0;
    for (let i = 0; i < n; i++) {
      const fApB = dec[i]! * A + B;
      f += fApB >= 0 ? t[i]! * fApB + Math.log(1 + Math.exp(-fApB)) : (t[i]! - 1) * fApB + Math.log(1 + Math.exp(fApB));
    }
    return f;
  };
  let A = 0;
  let B = Math.log((prior0 + 1) / (prior1 + 1));
  let fval = objective(A, B);
  let iter = 0;
  let stop: Sigmoid['stop'] = 'maxIter';
  for (; iter < maxIter; iter++) {
    let h11 = sigma;
    let h22 = sigma;
    let h21 = 0;
    let g1 = 0;
    let g2 = 0;
    for (let i = 0; i < n; i++) {
      const fApB = dec[i]! * A + B;
      let p: number;
      let q: number;
      if (fApB >= 0) {
        p = Math.exp(-fApB) / (1 + Math.exp(-fApB));
        q = 1 / (1 + Math.exp(-fApB));
      } else {
        p = 1 / (1 + Math.exp(fApB));
        q = Math.exp(fApB) / (1 + Math.exp(fApB));
      }
      const d2 = p * q; // ∂²F/∂(Af+B)² per sample
      h11 += dec[i]! * dec[i]! * d2;
      h22 += d2;
      h21 += dec[i]! * d2;
      const d1 = t[i]! - p; // ∂F/∂(Af+B) per sample
      g1 += dec[i]! * d1;
      g2 += d1;
    }
    if (Math.abs(g1) < eps && Math.abs(g2) < eps) {
      stop = 'gradient';
      break;
    }
    const det = h11 * h22 - h21 * h21;
    const dA = -(h22 * g1 - h21 * g2) / det; // Newton direction −H⁻¹g
    const dB = -(-h21 * g1 + h11 * g2) / det;
    const gd = g1 * dA + g2 * dB;
    let step = 1;
    while (step >= minStep) {
      const newA = A + step * dA;
      const newB = B + step * dB;
      const newf = objective(newA, newB);
      if (newf < fval + 0.0001 * step * gd) {
        A = newA;
        B = newB;
        fval = newf;
        break;
      }
      step /= 2;
    }
    if (step < minStep) {
      stop = 'lineSearch';
      break;
    }
  }
  return { A, B, nIter: iter, stop };
}

/** $1/(1 + e^{Af + B})$, evaluated without cancellation on either side. $O(1)$. */
export function sigmoidPredict(dec: number, A: number, B: number): number {
  const fApB = dec * A + B;
  return fApB >= 0 ? Math.exp(-fApB) / (1 + Math.exp(-fApB)) : 1 / (1 + Math.exp(fApB));
}

/**
 * Class probabilities $p$ (k,) from pairwise probabilities `r` (k × k, row-major,
 * $r_{ij} + r_{ji} = 1$) by Wu–Lin–Weng method 2 (see the module comment). $O(k^2)$ per sweep.
 */
export function pairwiseCoupling(r: Float64Array, k: number): Float64Array {
  const p = new Float64Array(k).fill(1 / k); // (k,)
  if (k === 2) {
    p[0] = r[1]!; // r_01
    p[1] = r[k]!; // r_10
    return p;
  }
  const Q = new Float64Array(k * k); // (k, k)
  for (let t = 0; t < k; t++) {
    for (let j = 0; j < t; j++) {
      Q[t * k + t]! += r[j * k + t]! * r[j * k + t]!;
      Q[t * k + j] = Q[j * k + t]!;
    }
    for (let j = t + 1; j < k; j++) {
      Q[t * k + t]! += r[j * k + t]! * r[j * k + t]!;
      Q[t * k + j] = -r[j * k + t]! * r[t * k + j]!;
    }
  }
  const Qp = new Float64Array(k); // (k,)
  const maxIter = Math.max(100, k);
  const eps = 0.005 / k;
  for (let iter = 0; iter < maxIter; iter++) {
    let pQp = 0;
    for (let t = 0; t < k; t++) {
      let v = 0;
      for (let j = 0; j < k; j++) v += Q[t * k + j]! * p[j]!;
      Qp[t] = v;
      pQp += p[t]! * v;
    }
    let maxError = 0;
    for (let t = 0; t < k; t++) maxError = Math.max(maxError, Math.abs(Qp[t]! - pQp));
    if (maxError < eps) break;
    for (let t = 0; t < k; t++) {
      const diff = (-Qp[t]! + pQp) / Q[t * k + t]!; // exact minimiser in p_t, then renormalise
      p[t]! += diff;
      pQp = (pQp + diff * (diff * Q[t * k + t]! + 2 * Qp[t]!)) / (1 + diff) / (1 + diff);
      for (let j = 0; j < k; j++) {
        Qp[j] = (Qp[j]! + diff * Q[t * k + j]!) / (1 + diff);
        p[j]! /= 1 + diff;
      }
    }
  }
  return p;
}
