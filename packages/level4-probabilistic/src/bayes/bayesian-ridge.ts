/**
 * Conjugate Bayesian linear regression, as scikit-learn 1.2's `BayesianRidge`: Gaussian noise of
 * precision $\alpha$ and a Gaussian prior of precision $\lambda$ on the weights,
 * $$y \mid w \sim \mathcal N(Xw, \alpha^{-1}I),\qquad w \sim \mathcal N(0, \lambda^{-1}I).$$
 * The posterior is Gaussian (conjugacy):
 * $$\Sigma = (\lambda I + \alpha X^\top X)^{-1},\qquad m = \alpha\,\Sigma X^\top y,$$
 * and so is the posterior predictive at a new $x$:
 * $$p(y_* \mid x_*, \mathcal D) = \mathcal N\big(x_*^\top m,\; \alpha^{-1} + x_*^\top\Sigma x_*\big),$$
 * noise plus parameter uncertainty (the bands widen away from the data).
 *
 * With `fitPrecisions` (the default, sklearn's behaviour) $\alpha, \lambda$ maximise the evidence
 * by MacKay's (1992) fixed point with Gamma($a_1, a_2$), Gamma($l_1, l_2$) hyper-priors, on the
 * eigenvalues $e_i$ of $X^\top X$:
 * $$\gamma = \sum_i \frac{\alpha e_i}{\lambda + \alpha e_i},\quad
 * \lambda \leftarrow \frac{\gamma + 2l_1}{\lVert m\rVert^2 + 2l_2},\quad
 * \alpha \leftarrow \frac{n - \gamma + 2a_1}{\lVert y - Xm\rVert^2 + 2a_2},$$
 * stopping when $\sum_j |m_j - m_j^{\text{old}}| <$ `tol`, then $m, \Sigma$ at the final precisions.
 * With `fitPrecisions: false` it is the plain conjugate update at `alphaInit`, `lambdaInit`.
 * The intercept (if fitted) is unpenalised: X and y are centred, $b = \bar y - \bar x^\top m$.
 *
 * Cost: $O(nd^2 + d^3)$ once (eigendecomposition of $X^\top X$), then $O(nd + d^2)$ per iteration.
 *
 * @see ../../../../docs/level4-probabilistic/bayesian-inference.md
 */
import {
  InvalidParamError, Matrix, NotFittedError, asMatrix, asVector, assertColumns, describeValue, r2Score, readSerialized, registerEstimator, stateField,
  type MatrixLike, type Regressor, type SerializedEstimator, type VectorLike,
} from '@fpml/core';
import { eigh } from '@fpml/level1-math';

/** Options of {@link BayesianRidge} (scikit-learn's names in camelCase). */
export interface BayesianRidgeOptions {
  /** Maximum evidence iterations (sklearn `n_iter`). @default 300 */
  maxIter?: number;
  /** Stop when the L1 change of the coefficients is below tol. @default 1e-3 */
  tol?: number;
  /** Gamma shape of the noise-precision hyper-prior. @default 1e-6 */
  alpha1?: number;
  /** Gamma rate of the noise-precision hyper-prior. @default 1e-6 */
  alpha2?: number;
  /** Gamma shape of the weight-precision hyper-prior. @default 1e-6 */
  lambda1?: number;
  /** Gamma rate of the weight-precision hyper-prior. @default 1e-6 */
  lambda2?: number;
  /** Initial (or, without fitPrecisions, fixed) noise precision $\alpha$; null: $1/\mathrm{var}(y)$. @default null */
  alphaInit?: number | null;
  /** Initial (or fixed) weight precision $\lambda$; null: 1. @default null */
  lambdaInit?: number | null;
  /** Maximise the evidence over $\alpha, \lambda$ (false: conjugate update at the init values). @default true */
  fitPrecisions?: boolean;
  /** Fit an unpenalised intercept by centring. @default true */
  fitIntercept?: boolean;
}

/** Params of {@link BayesianRidge}, defaults filled in. */
export type BayesianRidgeParams = Required<BayesianRidgeOptions>;

/** The posterior predictive at some inputs. */
export interface BayesianPrediction {
  /** $x^\top m + b$, (n,). */
  mean: Float64Array;
  /** $\sqrt{\alpha^{-1} + x_c^\top\Sigma x_c}$ (noise included), (n,). */
  std: Float64Array;
  /** $\sqrt{x_c^\top\Sigma x_c}$: uncertainty of the regression function only, (n,). */
  stdMean: Float64Array;
}

interface Fitted {
  coef: Float64Array; // (d,)
  intercept: number;
  xOffset: Float64Array; // (d,)
  alpha: number;
  lambda: number;
  sigma: Matrix; // (d, d)
  nIter: number;
  logEvidence: number;
}

const KIND = 'BayesianRidge';
const VERSION = 1;

/**
 * Bayesian ridge regression with posterior covariance and predictive bands.
 *
 * @example
 * const br = new BayesianRidge().fit(X, y);
 * const { mean, std } = br.predictDistribution(Xtest); // 95% band: mean ± 1.96 std
 * @see ../../../../docs/level4-probabilistic/bayesian-inference.md
 */
export class BayesianRidge implements Regressor<BayesianRidgeParams> {
  private readonly params: Readonly<BayesianRidgeParams>;
  private state: Fitted | null = null;

  /** Stores the params (defaults filled in); `fit` checks them. */
  constructor(options: BayesianRidgeOptions = {}) {
    this.params = {
      maxIter: options.maxIter ?? 300, tol: options.tol ?? 1e-3, alpha1: options.alpha1 ?? 1e-6, alpha2: options.alpha2 ?? 1e-6,
      lambda1: options.lambda1 ?? 1e-6, lambda2: options.lambda2 ?? 1e-6, alphaInit: options.alphaInit ?? null, lambdaInit: options.lambdaInit ?? null,
      fitPrecisions: options.fitPrecisions ?? true, fitIntercept: options.fitIntercept ?? true,
    };
  }

  getParams(): Readonly<BayesianRidgeParams> {
    return Object.freeze({ ...this.params });
  }
  get isFitted(): boolean {
    return this.state !== null;
  }
  #fitted(method: string): Fitted {
    if (this.state === null) throw new NotFittedError(KIND, method);
    return this.state;
  }
  /** Posterior mean of the weights $m$, (d,). */
  get coef(): Float64Array { return this.#fitted('coef').coef.slice(); }
  /** Intercept $b$ (0 without fitIntercept). */
  get intercept(): number { return this.#fitted('intercept').intercept; }
  /** Noise precision $\alpha$ (sklearn `alpha_`). */
  get alpha(): number { return this.#fitted('alpha').alpha; }
  /** Weight precision $\lambda$ (sklearn `lambda_`). */
  get lambda(): number { return this.#fitted('lambda').lambda; }
  /** Posterior covariance $\Sigma$ of the weights (sklearn `sigma_`), (d, d). */
  get sigma(): Matrix { return this.#fitted('sigma').sigma.clone(); }
  /** Evidence iterations run (sklearn `n_iter_`; 0 without fitPrecisions). */
  get nIter(): number { return this.#fitted('nIter').nIter; }
  /** $\log p(y \mid X, \alpha, \lambda)$ at the final precisions (centred data; no hyper-prior terms). */
  get logMarginalLikelihood(): number { return this.#fitted('logMarginalLikelihood').logEvidence; }

  #checkParams(): void {
    const p = this.params;
    if (!(Number.isInteger(p.maxIter) && p.maxIter >= 1)) throw new InvalidParamError(KIND, 'maxIter', p.maxIter, 'a positive integer');
    for (const k of ['tol', 'alpha1', 'alpha2', 'lambda1', 'lambda2'] as const) if (!(p[k] >= 0 && Number.isFinite(p[k]))) throw new InvalidParamError(KIND, k, p[k], 'a finite number >= 0');
    for (const k of ['alphaInit', 'lambdaInit'] as const) if (p[k] !== null && !(p[k]! > 0 && Number.isFinite(p[k]))) throw new InvalidParamError(KIND, k, p[k], 'null or a finite number > 0');
    for (const k of ['fitPrecisions', 'fitIntercept'] as const) if (typeof p[k] !== 'boolean') throw new InvalidParamError(KIND, k, p[k], 'a boolean');
  }

  /** Fit the posterior (and, with fitPrecisions, the precisions). Returns this. */
  fit(X: MatrixLike, y: VectorLike): this {
    this.#checkParams();
    const Xm = asMatrix(X, 'X'); // (n, d)
    const yv = asVector(y, 'y', { length: Xm.rows }); // (n,)
    const n = Xm.rows, d = Xm.cols, p = this.params;
    const xOffset = new Float64Array(d); // (d,)
    let yOffset = 0;
    if (p.fitIntercept) {
      for (let i = 0; i < n; i++) { yOffset += yv[i]! / n; for (let j = 0; j < d; j++) xOffset[j]! += Xm.data[i * d + j]! / n; }
    }
    const Xc = new Matrix(n, d, Float64Array.from(Xm.data, (v, k) => v - xOffset[k % d]!)); // (n, d)
    const yc = Float64Array.from(yv, (v) => v - yOffset); // (n,)
    const XtX = new Matrix(d, d), Xty = new Float64Array(d); // (d, d), (d,)
    for (let i = 0; i < n; i++) {
      const o = i * d;
      for (let a = 0; a < d; a++) {
        const xa = Xc.data[o + a]!;
        Xty[a]! += xa * yc[i]!;
        for (let b = a; b < d; b++) XtX.data[a * d + b]! += xa * Xc.data[o + b]!;
      }
    }
    for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) XtX.data[a * d + b] = XtX.data[b * d + a]!;
    const { values, vectors: V } = eigh(XtX); // e (d,), V (d, d)
    const e = values.map((v) => Math.max(0, v));
    const Vty = new Float64Array(d); // (d,) Vᵀ Xᵀy
    for (let k = 0; k < d; k++) { let s = 0; for (let a = 0; a < d; a++) s += V.data[a * d + k]! * Xty[a]!; Vty[k] = s; }
    /** m = V diag(1/(e + λ/α)) Vᵀ Xᵀ y and ‖y - Xm‖². */
    const update = (alpha: number, lambda: number): { coef: Float64Array; rss: number } => {
      const coef = new Float64Array(d); // (d,)
      for (let k = 0; k < d; k++) {
        const f = Vty[k]! / (e[k]! + lambda / alpha);
        for (let a = 0; a < d; a++) coef[a]! += V.data[a * d + k]! * f;
      }
      let rss = 0;
      for (let i = 0; i < n; i++) { let r = yc[i]!; for (let a = 0; a < d; a++) r -= Xc.data[i * d + a]! * coef[a]!; rss += r * r; }
      return { coef, rss };
    };
    const mean = yc.reduce((s, v) => s + v, 0) / n;
    let alpha = p.alphaInit ?? 1 / (yc.reduce((s, v) => s + (v - mean) ** 2, 0) / n + 2 ** -52);
    let lambda = p.lambdaInit ?? 1;
    let nIter = 0;
    if (p.fitPrecisions) {
      let old: Float64Array | null = null;
      for (let it = 0; it < p.maxIter; it++) {
        nIter = it + 1;
        const { coef, rss } = update(alpha, lambda);
        let gamma = 0;
        for (let k = 0; k < d; k++) gamma += (alpha * e[k]!) / (lambda + alpha * e[k]!); // effective number of parameters
        let m2 = 0;
        for (const c of coef) m2 += c * c;
        lambda = (gamma + 2 * p.lambda1) / (m2 + 2 * p.lambda2);
        alpha = (n - gamma + 2 * p.alpha1) / (rss + 2 * p.alpha2);
        if (old !== null) { let dl = 0; for (let a = 0; a < d; a++) dl += Math.abs(old[a]! - coef[a]!); if (dl < p.tol) break; }
        old = coef;
      }
    }
    if (!(alpha > 0 && lambda > 0 && Number.isFinite(alpha) && Number.isFinite(lambda))) throw new InvalidParamError(KIND, 'alphaInit/lambdaInit', { alpha, lambda }, 'data giving finite positive precisions (is y constant?)');
    const { coef, rss } = update(alpha, lambda);
    const sigma = new Matrix(d, d); // (d, d) = V diag(1/(λ + α e)) Vᵀ
    for (let k = 0; k < d; k++) {
      const f = 1 / (lambda + alpha * e[k]!);
      for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) sigma.data[a * d + b]! += V.data[a * d + k]! * V.data[b * d + k]! * f;
    }
    let m2 = 0, logdet = 0;
    for (const c of coef) m2 += c * c;
    for (let k = 0; k < d; k++) logdet += Math.log(lambda + alpha * e[k]!);
    const logEvidence = 0.5 * (d * Math.log(lambda) + n * Math.log(alpha) - alpha * rss - lambda * m2 - logdet - n * Math.log(2 * Math.PI));
    let intercept = 0;
    if (p.fitIntercept) { intercept = yOffset; for (let a = 0; a < d; a++) intercept -= xOffset[a]! * coef[a]!; }
    this.state = { coef, intercept, xOffset, alpha, lambda, sigma, nIter, logEvidence };
    return this;
  }

  /** Posterior predictive mean $x^\top m + b$, (n,). */
  predict(X: MatrixLike): Float64Array {
    return this.predictDistribution(X).mean;
  }

  /**
   * Posterior predictive mean and standard deviations. With an intercept the inputs are centred
   * at the training mean, $x_c = x - \bar x$ (scikit-learn uses the raw $x$ there).
   * $O(nd^2)$.
   */
  predictDistribution(X: MatrixLike): BayesianPrediction {
    const s = this.#fitted('predictDistribution');
    const Xm = asMatrix(X, 'X'); // (n, d)
    assertColumns(Xm, s.coef.length, 'X');
    const n = Xm.rows, d = s.coef.length;
    const mean = new Float64Array(n), std = new Float64Array(n), stdMean = new Float64Array(n); // (n,)
    const xc = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      let m = s.intercept;
      for (let a = 0; a < d; a++) { const v = Xm.data[i * d + a]!; m += v * s.coef[a]!; xc[a] = v - s.xOffset[a]!; }
      let q = 0;
      for (let a = 0; a < d; a++) { let r = 0; for (let b = 0; b < d; b++) r += s.sigma.data[a * d + b]! * xc[b]!; q += xc[a]! * r; }
      mean[i] = m;
      stdMean[i] = Math.sqrt(Math.max(0, q));
      std[i] = Math.sqrt(Math.max(0, q) + 1 / s.alpha);
    }
    return { mean, std, stdMean };
  }

  /** $R^2$ of the predictive mean. */
  score(X: MatrixLike, y: VectorLike): number {
    const pred = this.predict(X);
    return r2Score(asVector(y, 'y', { length: pred.length }), pred);
  }

  /** `{ kind, version, params, state }`. */
  toJSON(): SerializedEstimator<BayesianRidgeParams> {
    const s = this.state;
    const state = s === null ? null : { coef: Array.from(s.coef), intercept: s.intercept, xOffset: Array.from(s.xOffset), alpha: s.alpha, lambda: s.lambda, sigma: s.sigma.toJSON(), nIter: s.nIter, logEvidence: s.logEvidence };
    return { kind: KIND, version: VERSION, params: { ...this.params }, state };
  }

  /**
   * Rebuild a model saved by {@link toJSON}.
   * @throws InvalidInputError for another kind, version or a malformed state.
   */
  static fromJSON(json: unknown): BayesianRidge {
    const saved = readSerialized(json, KIND, [VERSION]);
    const model = new BayesianRidge(saved.params as BayesianRidgeOptions);
    model.#checkParams();
    if (saved.state === null) return model;
    const st = saved.state;
    const num = (f: string): number => {
      const v = stateField(st, KIND, f);
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new InvalidParamError(`${KIND}.fromJSON`, `state.${f}`, describeValue(v), 'a finite number');
      return v;
    };
    const coef = asVector(stateField(st, KIND, 'coef'), 'state.coef');
    const sigma = Matrix.fromJSON(stateField(st, KIND, 'sigma') as { rows: number; cols: number; data: number[] });
    model.state = { coef, intercept: num('intercept'), xOffset: asVector(stateField(st, KIND, 'xOffset'), 'state.xOffset', { length: coef.length }), alpha: num('alpha'), lambda: num('lambda'), sigma, nIter: num('nIter'), logEvidence: num('logEvidence') };
    return model;
  }
}

registerEstimator(KIND, (json) => BayesianRidge.fromJSON(json));
