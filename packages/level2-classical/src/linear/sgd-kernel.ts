/**
 * Plain stochastic gradient descent for a linear model, a port of scikit-learn 1.2's
 * `_plain_sgd` (`sgd_fast.pyx`, dense data, no averaging, no early stopping, unit weights).
 * It minimises the regularised empirical risk
 * $$E(w, b) = \frac1n\sum_i \ell(w^\top x_i + b, y_i) + \alpha\Big(\frac{1-\rho}2\lVert w\rVert_2^2 + \rho\lVert w\rVert_1\Big)$$
 * one sample at a time. For sample $i$ at step $t$ with rate $\eta_t$:
 * $$w \leftarrow (1 - (1-\rho)\eta_t\alpha)\,w - \eta_t\,\ell'(p_i, y_i)\,x_i,\qquad b \leftarrow b - \eta_t\,\ell'(p_i, y_i),$$
 * ($p_i$ computed before the update, $\ell'$ clipped to $\pm10^{12}$), then the $\ell_1$ part by the
 * cumulative-penalty rule of Tsuruoka, Tsujii & Ananiadou (2009): each weight is pulled towards
 * 0 by the total penalty $u_t = \sum_{s\le t}\rho\eta_s\alpha$ it has not yet received, and never
 * across 0 (so weights become exactly 0).
 *
 * Rates (`learningRate`): `'constant'` $\eta_t = \eta_0$; `'invscaling'` $\eta_t = \eta_0/t^{\,\mathrm{powerT}}$;
 * `'optimal'` (Bottou's SGD) $\eta_t = 1/(\alpha(t_0 + t - 1))$ with $t_0$ chosen so that the first
 * step is $\eta^{(0)} = \tau/\max(1, \ell'(-\tau, 1))$, $\tau = \alpha^{-1/4}$ (the rate that is optimal
 * for a strongly convex objective, $1/(\alpha t)$, shifted so it does not start huge);
 * `'adaptive'` keeps $\eta_0$ and divides it by 5 whenever the loss stops improving.
 *
 * The L2 shrink multiplies every weight, $O(d)$; as sklearn's `WeightVector` does, $w$ is stored
 * as $s \cdot v$ and the shrink only updates the scale $s$ ($O(1)$), folding it back when $s < 10^{-9}$.
 *
 * Stop: after each epoch (a pass over the shuffled rows), if the summed loss did not fall below
 * `bestLoss − tol·n` for `nIterNoChange` epochs in a row. No `tol` (null): run `maxIter` epochs.
 *
 * Cost $O(nd)$ per epoch.
 * @see ../../../../docs/level2-classical/linear.md
 */
import type { Rng } from '@fpml/core';
import type { SgdLossFn } from './sgd-losses.js';

/** Learning-rate schedules (sklearn's `learning_rate`). */
export type SgdLearningRate = 'constant' | 'optimal' | 'invscaling' | 'adaptive';
/** Penalties (sklearn's `penalty`; `null` = none). */
export type SgdPenalty = 'l2' | 'l1' | 'elasticnet' | null;

/** Settings of one {@link plainSgd} run. */
export interface SgdConfig {
  loss: SgdLossFn;
  penalty: SgdPenalty;
  alpha: number;
  l1Ratio: number;
  fitIntercept: boolean;
  maxIter: number;
  tol: number | null;
  shuffle: boolean;
  learningRate: SgdLearningRate;
  eta0: number;
  powerT: number;
  nIterNoChange: number;
}

/** What {@link plainSgd} returns; `w` is updated in place. */
export interface SgdRun {
  intercept: number;
  /** Epochs run (sklearn's `n_iter_`). */
  nIter: number;
  /** The weights or intercept became NaN/Inf at this epoch (sklearn raises). */
  overflowEpoch: number | null;
}

const MAX_DLOSS = 1e12;

/**
 * Run SGD on X (n, d) row-major with targets y (±1 for classification) from `w` (updated in
 * place, (d,)) and `intercept`, shuffling rows with `rng` every epoch.
 */
export function plainSgd(X: Float64Array, n: number, d: number, y: Float64Array, w: Float64Array, intercept: number, c: SgdConfig, rng: Rng): SgdRun {
  const { loss, alpha, fitIntercept, maxIter, learningRate, eta0, powerT, nIterNoChange } = c;
  const l1Ratio = c.penalty === 'l2' ? 0 : c.penalty === 'l1' ? 1 : c.l1Ratio;
  const shrinkL2 = c.penalty === 'l2' || c.penalty === 'elasticnet';
  const useL1 = c.penalty === 'l1' || c.penalty === 'elasticnet';
  const tol = c.tol ?? -Infinity;
  const v = w; // the weights are wscale * v
  let wscale = 1;
  const q = useL1 ? new Float64Array(d) : null; // (d,) l1 penalty each weight has received
  let u = 0; // l1 penalty every weight should have received
  let eta = eta0;
  let optimalInit = 0;
  if (learningRate === 'optimal') {
    const typw = Math.sqrt(1 / Math.sqrt(alpha));
    const initialEta0 = typw / Math.max(1, loss.dloss(-typw, 1));
    optimalInit = 1 / (initialEta0 * alpha); // so that η at t = 1 is initialEta0
  }
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let t = 1;
  let bestLoss = Infinity;
  let noImprovement = 0;
  let epoch = 0;
  let overflowEpoch: number | null = null;
  for (; epoch < maxIter; epoch++) {
    let sumLoss = 0;
    if (c.shuffle) rng.shuffle(order);
    for (let s = 0; s < n; s++) {
      const i = order[s]!;
      const o = i * d;
      const yi = y[i]!;
      let dotv = 0;
      for (let j = 0; j < d; j++) dotv += v[j]! * X[o + j]!;
      const p = wscale * dotv + intercept; // score before the update
      if (learningRate === 'optimal') eta = 1 / (alpha * (optimalInit + t - 1));
      else if (learningRate === 'invscaling') eta = eta0 / t ** powerT;
      sumLoss += loss.loss(p, yi);
      const dl = Math.min(MAX_DLOSS, Math.max(-MAX_DLOSS, loss.dloss(p, yi)));
      const update = -eta * dl;
      if (shrinkL2) {
        wscale *= Math.max(0, 1 - (1 - l1Ratio) * eta * alpha); // w ← (1 − (1−ρ)ηα) w
        if (wscale < 1e-9) {
          for (let j = 0; j < d; j++) v[j] = v[j]! * wscale;
          wscale = 1;
        }
      }
      if (update !== 0) {
        const a = update / wscale;
        for (let j = 0; j < d; j++) v[j] = v[j]! + a * X[o + j]!; // w ← w − η ℓ'(p, y) x
        if (fitIntercept) intercept += update;
      }
      if (q !== null) {
        u += l1Ratio * eta * alpha;
        for (let j = 0; j < d; j++) {
          const z = v[j]!;
          if (wscale * z > 0) v[j] = Math.max(0, z - (u + q[j]!) / wscale);
          else if (wscale * z < 0) v[j] = Math.min(0, z + (u - q[j]!) / wscale);
          q[j] = q[j]! + wscale * (v[j]! - z);
        }
      }
      t++;
    }
    let finite = Number.isFinite(intercept) && Number.isFinite(wscale);
    for (let j = 0; j < d && finite; j++) finite = Number.isFinite(v[j]!);
    if (!finite) {
      overflowEpoch = epoch + 1;
      break;
    }
    if (tol > -Infinity && sumLoss > bestLoss - tol * n) noImprovement++;
    else noImprovement = 0;
    if (sumLoss < bestLoss) bestLoss = sumLoss;
    if (noImprovement >= nIterNoChange) {
      if (learningRate === 'adaptive' && eta > 1e-6) {
        eta /= 5;
        noImprovement = 0;
      } else {
        break;
      }
    }
  }
  for (let j = 0; j < d; j++) v[j] = v[j]! * wscale;
  return { intercept, nIter: Math.min(epoch + 1, maxIter), overflowEpoch };
}
