/**
 * Log densities as autodiff expressions, for writing a model's `logDensity` (each summed over
 * its elements; arguments broadcast NumPy-style). Constants are kept, so values are exact.
 *
 * @see ../../../../docs/level4-probabilistic/bayesian-inference.md
 */
import { add, div, log, mul, square, sub, sum, type Tensor, type TensorLike } from '@fpml/level1-math';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * $\sum_i \log \mathcal N(x_i \mid \mu_i, \sigma_i^2) = \sum_i -\tfrac12 ((x_i-\mu_i)/\sigma_i)^2 - \log\sigma_i - \tfrac12\log 2\pi$. $O(n)$.
 * @see ../../../../docs/level4-probabilistic/bayesian-inference.md
 */
export function normalLogPdf(x: TensorLike, mu: TensorLike, sigma: TensorLike): Tensor {
  const z = div(sub(x, mu), sigma);
  const lp = sub(mul(square(z), -0.5), add(logOf(sigma), LOG_SQRT_2PI));
  return sum(lp);
}

/**
 * $\sum_i \log \mathrm{Cauchy}(x_i \mid x_0, \gamma) = \sum_i -\log\pi - \log\gamma - \log(1 + ((x_i - x_0)/\gamma)^2)$. $O(n)$.
 * A half-Cauchy on $x > 0$ adds $\log 2$ (a constant).
 * @see ../../../../docs/level4-probabilistic/bayesian-inference.md
 */
export function cauchyLogPdf(x: TensorLike, loc: TensorLike, scale: TensorLike): Tensor {
  const z = div(sub(x, loc), scale);
  return sum(sub(mul(add(logOf(scale), Math.log(Math.PI)), -1), log(add(square(z), 1))));
}

function logOf(x: TensorLike): TensorLike {
  return typeof x === 'number' ? Math.log(x) : log(x);
}
