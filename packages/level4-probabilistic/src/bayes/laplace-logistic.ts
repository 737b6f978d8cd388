/**
 * Bayesian logistic regression by the Laplace approximation (MacKay 1992; Bishop, PRML §4.4–4.5).
 * Model: $y_i \sim \mathrm{Bernoulli}(\sigma(x_i^\top w))$, prior $w \sim \mathcal N(0, \lambda^{-1}I)$
 * (add a constant column for an intercept; it gets the same prior).
 *
 * The log posterior $\ell(w) = \sum_i [y_i\log\sigma(a_i) + (1-y_i)\log(1-\sigma(a_i))] - \tfrac\lambda2\lVert w\rVert^2$
 * is strictly concave; its mode $w_{\text{MAP}}$ is found by Newton's method (level1 `newton`), and
 * the posterior is replaced by the Gaussian with the curvature there:
 * $$q(w) = \mathcal N(w_{\text{MAP}}, H^{-1}),\qquad H = \lambda I + X^\top \mathrm{diag}(\pi_i(1-\pi_i))X.$$
 * Predictive $p(y_* = 1 \mid x_*) = \int\sigma(a)\,\mathcal N(a \mid \mu_a, s_a^2)\,da$ with
 * $\mu_a = x_*^\top w_{\text{MAP}}$, $s_a^2 = x_*^\top H^{-1}x_*$, by the probit approximation
 * $$p \approx \sigma\Big(\mu_a / \sqrt{1 + \pi s_a^2/8}\Big)$$
 * or by Monte Carlo over $a \sim \mathcal N(\mu_a, s_a^2)$. Laplace evidence:
 * $\log p(y) \approx \ell(w_{\text{MAP}}) + \tfrac d2\log\lambda - \tfrac12\log\det H$.
 *
 * Cost: $O(nd^2 + d^3)$ per Newton iteration (quadratic convergence, ~10 iterations).
 *
 * @see ../../../../docs/level4-probabilistic/bayesian-inference.md
 */
import { InvalidInputError, InvalidParamError, Matrix, Rng, asMatrix, asVector, assertColumns, type MatrixLike, type VectorLike } from '@fpml/core';
import { cholesky, newton } from '@fpml/level1-math';
import { sigmoid, softplus } from './model.js';

/** Options of {@link laplaceLogistic}. */
export interface LaplaceLogisticOptions {
  /** Prior precision $\lambda$ (sklearn `C` = 1/λ). @default 1 */
  lambda?: number;
  /** Newton iterations allowed. @default 100 */
  maxIter?: number;
  /** Newton gradient-norm tolerance. @default 1e-10 */
  tol?: number;
}

/** The fitted Laplace posterior. */
export interface LaplacePosterior {
  /** $w_{\text{MAP}}$, (d,). */
  wMap: Float64Array;
  /** $H^{-1}$, (d, d). */
  cov: Matrix;
  /** Laplace approximation of $\log p(y \mid X)$. */
  logEvidence: number;
  /** Newton iterations used. */
  nIter: number;
  /**
   * $p(y = 1 \mid x)$ per row, (n,): `'map'` plugs in $w_{\text{MAP}}$; `'probit'` (default) and
   * `'mc'` (`nSamples` draws of the activation, seeded) integrate over $q(w)$.
   */
  predictProba(X: MatrixLike, options?: { method?: 'map' | 'probit' | 'mc'; nSamples?: number; seed?: number }): Float64Array;
}

/**
 * Fit the Laplace approximation to the posterior of L2 logistic regression.
 * @throws InvalidInputError for labels other than 0/1; InvalidParamError for a bad option.
 * @see ../../../../docs/level4-probabilistic/bayesian-inference.md
 */
export function laplaceLogistic(X: MatrixLike, y: VectorLike, options: LaplaceLogisticOptions = {}): LaplacePosterior {
  const lambda = options.lambda ?? 1;
  if (!(lambda > 0 && Number.isFinite(lambda))) throw new InvalidParamError('laplaceLogistic', 'lambda', lambda, 'a finite number > 0');
  const Xm = asMatrix(X, 'X'); // (n, d)
  const yv = asVector(y, 'y', { length: Xm.rows }); // (n,)
  for (let i = 0; i < yv.length; i++) if (yv[i] !== 0 && yv[i] !== 1) throw new InvalidInputError(`laplaceLogistic: y must be 0/1 labels, got ${yv[i]} at index ${i}`);
  const n = Xm.rows, d = Xm.cols, A = Xm.data;
  const act = (w: Float64Array): Float64Array => Float64Array.from({ length: n }, (_, i) => { let s = 0; for (let j = 0; j < d; j++) s += A[i * d + j]! * w[j]!; return s; });
  // Minimise the negative log posterior f(w) = Σ softplus(a) - y a + λ/2 |w|².
  const objective = (w: Float64Array) => {
    const a = act(w);
    let value = 0;
    const grad = Float64Array.from(w, (v) => lambda * v); // (d,)
    for (let i = 0; i < n; i++) {
      value += softplus(a[i]!) - yv[i]! * a[i]!;
      const r = sigmoid(a[i]!) - yv[i]!; // d/da [softplus(a) - y a] = σ(a) - y
      for (let j = 0; j < d; j++) grad[j]! += r * A[i * d + j]!;
    }
    for (const v of w) value += 0.5 * lambda * v * v;
    return { value, grad };
  };
  const hessian = (w: Float64Array): Matrix => {
    const a = act(w);
    const H = new Matrix(d, d); // (d, d)
    for (let j = 0; j < d; j++) H.data[j * d + j] = lambda;
    for (let i = 0; i < n; i++) {
      const p = sigmoid(a[i]!), s = p * (1 - p); // d²/da² = σ(1-σ)
      for (let j = 0; j < d; j++) for (let k = 0; k < d; k++) H.data[j * d + k]! += s * A[i * d + j]! * A[i * d + k]!;
    }
    return H;
  };
  const r = newton(objective, hessian, new Float64Array(d), { maxIter: options.maxIter ?? 100, tol: options.tol ?? 1e-10 });
  const wMap = r.x;
  const H = hessian(wMap);
  const L = cholesky(H); // (d, d), H = L Lᵀ
  const cov = new Matrix(d, d); // H⁻¹ column by column through L
  for (let c = 0; c < d; c++) {
    const z = new Float64Array(d);
    for (let i = 0; i < d; i++) { let s = i === c ? 1 : 0; for (let k = 0; k < i; k++) s -= L.data[i * d + k]! * z[k]!; z[i] = s / L.data[i * d + i]!; }
    for (let i = d - 1; i >= 0; i--) { let s = z[i]!; for (let k = i + 1; k < d; k++) s -= L.data[k * d + i]! * cov.data[k * d + c]!; cov.data[i * d + c] = s / L.data[i * d + i]!; }
  }
  let logdet = 0;
  for (let j = 0; j < d; j++) logdet += 2 * Math.log(L.data[j * d + j]!);
  const logEvidence = -r.value + 0.5 * d * Math.log(lambda) - 0.5 * logdet;
  const predictProba: LaplacePosterior['predictProba'] = (Xt, o = {}) => {
    const T = asMatrix(Xt, 'X');
    assertColumns(T, d, 'X');
    const method = o.method ?? 'probit';
    if (!['map', 'probit', 'mc'].includes(method)) throw new InvalidParamError('predictProba', 'method', method, "'map', 'probit' or 'mc'");
    const nSamples = o.nSamples ?? 1000;
    if (!(Number.isInteger(nSamples) && nSamples >= 1)) throw new InvalidParamError('predictProba', 'nSamples', nSamples, 'a positive integer');
    const rng = new Rng(o.seed ?? 0);
    return Float64Array.from({ length: T.rows }, (_, i) => {
      const x = T.data.subarray(i * d, (i + 1) * d);
      let mu = 0, s2 = 0;
      for (let j = 0; j < d; j++) { mu += x[j]! * wMap[j]!; let q = 0; for (let k = 0; k < d; k++) q += cov.data[j * d + k]! * x[k]!; s2 += x[j]! * q; }
      if (method === 'map') return sigmoid(mu);
      if (method === 'probit') return sigmoid(mu / Math.sqrt(1 + (Math.PI * s2) / 8));
      let acc = 0;
      for (let k = 0; k < nSamples; k++) acc += sigmoid(mu + Math.sqrt(s2) * rng.standardNormal());
      return acc / nSamples;
    });
  };
  return { wMap, cov, logEvidence, nIter: r.nIter, predictProba };
}
