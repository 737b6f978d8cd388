/**
 * Type-II maximum likelihood: $\hat\theta = \arg\max_\theta \log p(y \mid X, \theta)$ over the
 * box of log-bounds, by level1's L-BFGS on an unconstrained reparametrisation
 * $$\theta_j = l_j + (h_j - l_j)\,\sigma(u_j),\qquad \frac{\partial\theta_j}{\partial u_j} = (h_j - l_j)\,\sigma(u_j)(1 - \sigma(u_j)),$$
 * which keeps every iterate inside the bounds (scikit-learn uses L-BFGS-B on $\theta$ directly;
 * at an interior optimum both reach the same point, at a bound ours approaches it asymptotically).
 * A kernel matrix that stops being positive definite along a line search is an infinite loss,
 * so the search backtracks. Restarts draw $\theta$ uniformly in the log-box, as scikit-learn does.
 *
 * Cost per evaluation: $O(n^3 + n^2\,\#\theta)$.
 *
 * @see ../../../../docs/level4-probabilistic/gaussian-processes.md
 */
import { ConvergenceWarning, InvalidInputError, Matrix, Rng } from '@fpml/core';
import { lbfgs } from '@fpml/level1-math';
import type { Kernel } from './kernels/kernel.js';
import { KernelNotPositiveDefiniteError, logMarginalLikelihood } from './marginal-likelihood.js';

/** The best optimiser run. */
export interface HyperFit {
  theta: Float64Array;
  lml: number;
  /** Each optimiser run, the given start first: where it began and ended, log p at the end. */
  runs: { theta0: Float64Array; theta: Float64Array; lml: number; nIter: number }[];
  warnings: ConvergenceWarning[];
}

const sigmoid = (u: number) => 1 / (1 + Math.exp(-u));

/**
 * Maximise the log marginal likelihood from `kernel.theta` and `nRestarts` random starts.
 * @throws KernelNotPositiveDefiniteError when the starting kernel already fails.
 */
export function optimizeHyperparameters(kernel: Kernel, X: Matrix, y: Float64Array, alpha: number, options: { nRestarts: number; seed: number; maxIter: number }): HyperFit {
  const bounds = kernel.bounds; // log-space [lo, hi] per θ_j
  const toTheta = (u: Float64Array) => Float64Array.from(u, (v, j) => bounds[j]![0] + (bounds[j]![1] - bounds[j]![0]) * sigmoid(v));
  const toU = (theta: Float64Array) =>
    Float64Array.from(theta, (t, j) => {
      const [lo, hi] = bounds[j]!;
      const p = Math.min(1 - 1e-12, Math.max(1e-12, (t - lo) / (hi - lo)));
      return Math.log(p / (1 - p)); // logit
    });
  const objective = (u: Float64Array) => {
    const theta = toTheta(u);
    try {
      const m = logMarginalLikelihood(kernel.withTheta(theta), X, y, alpha, true);
      const grad = Float64Array.from(m.grad, (gj, j) => {
        const s = sigmoid(u[j]!);
        return -gj * (bounds[j]![1] - bounds[j]![0]) * s * (1 - s); // −∂ log p/∂θ_j · ∂θ_j/∂u_j
      });
      return { value: -m.value, grad };
    } catch (e) {
      if (e instanceof KernelNotPositiveDefiniteError) return { value: Infinity, grad: new Float64Array(u.length).fill(NaN) };
      throw e;
    }
  };
  const rng = new Rng(options.seed);
  const starts: Float64Array[] = [kernel.theta];
  for (let r = 0; r < options.nRestarts; r++) starts.push(Float64Array.from(bounds, ([lo, hi]) => rng.uniform(lo, hi)));
  const runs: HyperFit['runs'] = [];
  const warnings: ConvergenceWarning[] = [];
  for (const [r, theta0] of starts.entries()) {
    const u0 = toU(theta0);
    if (r === 0) logMarginalLikelihood(kernel.withTheta(toTheta(u0)), X, y, alpha, false); // throws the typed error if the given kernel fails
    else if (!Number.isFinite(objective(u0).value)) continue; // a random start where K is singular: skip it, as a failed run
    const res = lbfgs(objective, u0, { maxIter: options.maxIter, tol: 1e-5, fTol: 2.2e-9 });
    for (const w of res.warnings) warnings.push(new ConvergenceWarning('GaussianProcessRegressor', `optimiser run ${r}: ${w.message}`, w.nIter));
    runs.push({ theta0, theta: toTheta(res.x), lml: -res.value, nIter: res.nIter });
  }
  const best = runs.reduce((b, c) => (c.lml > b.lml ? c : b), runs[0]!);
  if (!Number.isFinite(best.lml)) throw new InvalidInputError('GaussianProcessRegressor: no optimiser run reached a finite log marginal likelihood');
  return { theta: best.theta, lml: best.lml, runs, warnings };
}
