/**
 * The log marginal likelihood of a zero-mean GP regression model with covariance
 * $K_\theta = k_\theta(X, X) + \alpha I$,
 * $$\log p(y \mid X, \theta) = -\tfrac12 y^\top K_\theta^{-1} y - \tfrac12\log\lvert K_\theta\rvert - \tfrac n2\log 2\pi
 *   = -\tfrac12 y^\top a - \textstyle\sum_i \log L_{ii} - \tfrac n2 \log 2\pi,$$
 * with $K_\theta = LL^\top$ and $a = K_\theta^{-1}y$ (Rasmussen & Williams, Alg. 2.1), and its gradient
 * with respect to the log-hyper-parameters (eq. 5.9)
 * $$\frac{\partial}{\partial\theta_j}\log p = \tfrac12\operatorname{tr}\!\Big((a a^\top - K_\theta^{-1})\,\frac{\partial K_\theta}{\partial\theta_j}\Big).$$
 * Cost: $O(n^3)$ for the factor and (with the gradient) the inverse, plus $O(n^2)$ per $\theta_j$.
 *
 * @see ../../../../docs/level4-probabilistic/gaussian-processes.md
 */
import { InvalidInputError, Matrix } from '@fpml/core';
import { NotPositiveDefiniteError, cholesky } from '@fpml/level1-math';
import { choInverse, choSolve } from './cholesky-solve.js';
import type { Kernel } from './kernels/kernel.js';

/** The pieces of the likelihood that prediction reuses. */
export interface MarginalLikelihood {
  /** $\log p(y \mid X, \theta)$. */
  value: number;
  /** $\partial\log p/\partial\theta$, (nTheta,); empty unless asked for. */
  grad: Float64Array;
  /** Cholesky factor of $k(X, X) + \alpha I$, (n, n). */
  L: Matrix;
  /** $a = K^{-1}y$, (n,). */
  a: Float64Array;
}

/**
 * Thrown when $k(X, X) + \alpha I$ is not numerically positive definite: duplicated inputs without
 * noise, or a length scale so long that columns coincide. A subclass of `InvalidInputError`.
 */
export class KernelNotPositiveDefiniteError extends InvalidInputError {}

/**
 * $\log p(y \mid X, \theta)$ and, with `evalGradient`, its gradient in $\theta$.
 * @param kernel the covariance function at the $\theta$ to evaluate.
 * @param X (n, d) training inputs; y (n,) targets (already centred/scaled if normalising).
 * @param alpha value (or per-sample values, (n,)) added to the diagonal.
 * @throws KernelNotPositiveDefiniteError naming the kernel and the remedy.
 */
export function logMarginalLikelihood(kernel: Kernel, X: Matrix, y: Float64Array, alpha: number | Float64Array, evalGradient: boolean): MarginalLikelihood {
  const n = X.rows;
  const g = evalGradient ? kernel.gradient(X) : { K: kernel.call(X), dK: [] as Matrix[] };
  const K = g.K; // (n, n)
  for (let i = 0; i < n; i++) K.data[i * n + i]! += typeof alpha === 'number' ? alpha : alpha[i]!; // K + αI
  let L: Matrix;
  try {
    L = cholesky(K);
  } catch (e) {
    if (e instanceof NotPositiveDefiniteError) {
      throw new KernelNotPositiveDefiniteError(`GaussianProcessRegressor: the kernel ${kernel.toString()} does not give a positive definite k(X, X) + alpha·I (pivot ${e.pivot} is ${Number(e.value.toPrecision(3))}); increase alpha or add a WhiteKernel`);
    }
    throw e;
  }
  const a = choSolve(L, y); // K⁻¹y, (n,)
  let quad = 0, logDet = 0;
  for (let i = 0; i < n; i++) {
    quad += y[i]! * a[i]!;
    logDet += Math.log(L.data[i * n + i]!);
  }
  const value = -0.5 * quad - logDet - 0.5 * n * Math.log(2 * Math.PI);
  const grad = new Float64Array(g.dK.length);
  if (g.dK.length > 0) {
    const Kinv = choInverse(L).data; // K⁻¹, (n, n)
    for (let j = 0; j < g.dK.length; j++) {
      const d = g.dK[j]!.data;
      let s = 0; // tr((aaᵀ − K⁻¹) ∂K) = Σ_pq (a_p a_q − K⁻¹_pq) ∂K_qp, ∂K symmetric
      for (let p = 0; p < n; p++) {
        const ap = a[p]!, op = p * n;
        for (let q = 0; q < n; q++) s += (ap * a[q]! - Kinv[op + q]!) * d[op + q]!;
      }
      grad[j] = 0.5 * s;
    }
  }
  return { value, grad, L, a };
}
