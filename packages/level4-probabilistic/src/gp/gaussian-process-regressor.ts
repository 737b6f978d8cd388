/**
 * `GaussianProcessRegressor`: scikit-learn's GP regression (Rasmussen & Williams, Alg. 2.1).
 * Prior $f \sim \mathcal{GP}(0, k_\theta)$, observations $y = f(X) + \varepsilon$ with the noise
 * carried by `alpha` (added to the diagonal) and/or a {@link WhiteKernel}. Posterior at $X_*$:
 * $$\mu_* = K_{*}^\top K^{-1} y,\qquad \Sigma_* = K_{**} - K_{*}^\top K^{-1} K_{*},$$
 * with $K = k(X, X) + \alpha I = LL^\top$, $K_* = k(X, X_*)$, computed as $\mu_* = K_*^\top a$ and
 * $\Sigma_* = K_{**} - V^\top V$, $V = L^{-1}K_*$. `fit` picks $\theta$ by maximising the log
 * marginal likelihood ({@link optimizeHyperparameters}) unless `optimizer` is `null`.
 * With `normalizeY`, $y$ is standardised before fitting and predictions are mapped back.
 *
 * Cost: fit $O(n^3)$ per likelihood evaluation; predict $O(n^2)$ per test point for the mean and
 * variance.
 *
 * @see ../../../../docs/level4-probabilistic/gaussian-processes.md
 */
import {
  ConvergenceWarning, InvalidParamError, Matrix, NotFittedError, asMatrix, asVector, assertColumns, r2Score, readSerialized,
  registerEstimator, stateField, type Regressor, type SerializedEstimator, type VectorLike, type MatrixLike,
} from '@fpml/core';
import { forwardSubMatrix } from './cholesky-solve.js';
import { optimizeHyperparameters } from './hyper-optimize.js';
import { ConstantKernel } from './kernels/constant.js';
import { kernelFromJSON } from './kernels/from-json.js';
import { Kernel, type KernelSpec } from './kernels/kernel.js';
import { RBF } from './kernels/rbf.js';
import { logMarginalLikelihood } from './marginal-likelihood.js';

const KIND = 'GaussianProcessRegressor';
const VERSION = 1;

/** Options of {@link GaussianProcessRegressor}. */
export interface GaussianProcessRegressorOptions {
  /** Prior covariance (a {@link Kernel} or its JSON). @default `1.0 (fixed) * RBF(1.0, fixed)`, scikit-learn's default */
  kernel?: Kernel | KernelSpec | null;
  /** Added to the diagonal of $k(X, X)$: noise variance and/or jitter. @default 1e-10 */
  alpha?: number;
  /** `'lbfgs'` maximises the log marginal likelihood over $\theta$; `null` keeps the kernel as given. @default 'lbfgs' */
  optimizer?: 'lbfgs' | null;
  /** Extra optimiser runs from $\theta$ drawn uniformly in the log-bounds. @default 0 */
  nRestartsOptimizer?: number;
  /** Standardise $y$ (mean 0, std 1) before fitting. @default false */
  normalizeY?: boolean;
  /** Seed of the restart draws. @default 0 */
  seed?: number;
  /** L-BFGS iterations per run. @default 15000 (scipy's default) */
  maxIter?: number;
}

/** Stored params (JSON-safe: the kernel as its spec). */
export type GaussianProcessRegressorParams = {
  kernel: KernelSpec | null;
  alpha: number;
  optimizer: 'lbfgs' | null;
  nRestartsOptimizer: number;
  normalizeY: boolean;
  seed: number;
  maxIter: number;
};

interface Fitted {
  kernel: Kernel;
  X: Matrix; // (n, d)
  L: Matrix; // (n, n) Cholesky factor of k(X, X) + αI
  a: Float64Array; // (n,) K⁻¹ y
  y: Float64Array; // (n,) the (standardised) training targets
  yMean: number;
  yStd: number;
  lml: number;
}

/** Predictive mean and spread at test points. */
export interface GpPrediction {
  /** $\mu_*$, (m,). */
  mean: Float64Array;
  /** $\sqrt{\operatorname{diag}\Sigma_*}$, (m,), negative variances from rounding clipped to 0. */
  std: Float64Array;
  /** $\Sigma_*$, (m, m), when asked for. */
  cov?: Matrix;
}

function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object') {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

/** scikit-learn's default kernel: `ConstantKernel(1.0, 'fixed') * RBF(1.0, 'fixed')`. */
function defaultKernel(): Kernel {
  return new ConstantKernel({ constantValue: 1, bounds: 'fixed' }).times(new RBF({ lengthScale: 1, bounds: 'fixed' }));
}

/**
 * Gaussian-process regression with marginal-likelihood hyper-parameters.
 * @see ../../../../docs/level4-probabilistic/gaussian-processes.md
 */
export class GaussianProcessRegressor implements Regressor<GaussianProcessRegressorParams> {
  private readonly params: Readonly<GaussianProcessRegressorParams>;
  private state: Fitted | null = null;
  /** Non-fatal problems of the last fit (optimiser runs that hit `maxIter`). */
  warnings: ConvergenceWarning[] = [];

  /** Stores the params (defaults filled in); checks them in `fit`. */
  constructor(options: GaussianProcessRegressorOptions = {}) {
    const k = options.kernel ?? null;
    this.params = Object.freeze({
      kernel: k instanceof Kernel ? k.toJSON() : k === null ? null : structuredClone(k),
      alpha: options.alpha ?? 1e-10,
      optimizer: options.optimizer === undefined ? 'lbfgs' : options.optimizer,
      nRestartsOptimizer: options.nRestartsOptimizer ?? 0,
      normalizeY: options.normalizeY ?? false,
      seed: options.seed ?? 0,
      maxIter: options.maxIter ?? 15000,
    });
  }

  /** A deep-frozen copy of the params (the kernel spec included). */
  getParams(): Readonly<GaussianProcessRegressorParams> {
    return deepFreeze(structuredClone(this.params));
  }

  get isFitted(): boolean {
    return this.state !== null;
  }

  #fitted(method: string): Fitted {
    if (this.state === null) throw new NotFittedError(KIND, method);
    return this.state;
  }

  /** The kernel after fitting (optimised hyper-parameters), scikit-learn's `kernel_`. */
  get fittedKernel(): Kernel {
    return this.#fitted('fittedKernel').kernel;
  }

  /** $\log p(y \mid X, \hat\theta)$ at the fitted kernel (on the standardised $y$ with `normalizeY`). */
  get logMarginalLikelihoodValue(): number {
    return this.#fitted('logMarginalLikelihoodValue').lml;
  }

  #checkParams(): Kernel {
    const { alpha, optimizer, nRestartsOptimizer, normalizeY, seed, maxIter } = this.params;
    if (!(typeof alpha === 'number' && Number.isFinite(alpha) && alpha >= 0)) throw new InvalidParamError(KIND, 'alpha', alpha, 'a finite number ≥ 0');
    if (optimizer !== 'lbfgs' && optimizer !== null) throw new InvalidParamError(KIND, 'optimizer', optimizer, "'lbfgs' or null");
    if (!Number.isInteger(nRestartsOptimizer) || nRestartsOptimizer < 0) throw new InvalidParamError(KIND, 'nRestartsOptimizer', nRestartsOptimizer, 'an integer ≥ 0');
    if (typeof normalizeY !== 'boolean') throw new InvalidParamError(KIND, 'normalizeY', normalizeY, 'true or false');
    if (!Number.isInteger(seed)) throw new InvalidParamError(KIND, 'seed', seed, 'an integer');
    if (!Number.isInteger(maxIter) || maxIter < 1) throw new InvalidParamError(KIND, 'maxIter', maxIter, 'an integer ≥ 1');
    return this.params.kernel === null ? defaultKernel() : kernelFromJSON(this.params.kernel);
  }

  /**
   * Fit the GP: standardise y (optionally), choose $\theta$ (optionally), factor $K$.
   * @param X (n, d) inputs; y (n,) targets.
   * @throws InvalidParamError, ShapeError, InvalidInputError; KernelNotPositiveDefiniteError when
   *   $k(X, X) + \alpha I$ cannot be factored (raise `alpha` or add a WhiteKernel).
   */
  fit(X: MatrixLike, y: VectorLike): this {
    let kernel = this.#checkParams();
    const Xm = asMatrix(X, 'X'); // (n, d)
    const yv = asVector(y, 'y', { length: Xm.rows }); // (n,)
    let yMean = 0, yStd = 1;
    if (this.params.normalizeY) {
      yMean = yv.reduce((s, v) => s + v, 0) / yv.length;
      const v = yv.reduce((s, t) => s + (t - yMean) ** 2, 0) / yv.length; // ddof = 0, as numpy's std
      yStd = v > 0 ? Math.sqrt(v) : 1; // a constant y is left unscaled (scikit-learn's _handle_zeros_in_scale)
    }
    const yn = Float64Array.from(yv, (t) => (t - yMean) / yStd);
    this.warnings = [];
    if (this.params.optimizer === 'lbfgs' && kernel.theta.length > 0) {
      const opt = optimizeHyperparameters(kernel, Xm, yn, this.params.alpha, { nRestarts: this.params.nRestartsOptimizer, seed: this.params.seed, maxIter: this.params.maxIter });
      kernel = kernel.withTheta(opt.theta);
      this.warnings = opt.warnings;
    }
    const m = logMarginalLikelihood(kernel, Xm, yn, this.params.alpha, false);
    this.state = { kernel, X: Xm.clone(), L: m.L, a: m.a, y: yn, yMean, yStd, lml: m.value };
    return this;
  }

  /**
   * $\log p(y \mid X, \theta)$ of the training data at another $\theta$ (default: the fitted one),
   * and its gradient in $\theta$ with `evalGradient`.
   */
  logMarginalLikelihood(theta?: ArrayLike<number>, evalGradient = false): { value: number; grad: Float64Array } {
    const s = this.#fitted('logMarginalLikelihood');
    const kernel = theta === undefined ? s.kernel : s.kernel.withTheta(theta);
    const m = logMarginalLikelihood(kernel, s.X, s.y, this.params.alpha, evalGradient);
    return { value: m.value, grad: m.grad };
  }

  /** Posterior mean $\mu_*$ at `X`, (m,). */
  predict(X: MatrixLike): Float64Array {
    const s = this.#fitted('predict');
    const Xs = asMatrix(X, 'X');
    assertColumns(Xs, s.X.cols);
    const Ks = s.kernel.call(Xs, s.X); // (m, n) = K_*ᵀ
    const mean = new Float64Array(Xs.rows);
    for (let i = 0; i < Xs.rows; i++) {
      let t = 0;
      for (let j = 0; j < s.X.rows; j++) t += Ks.data[i * s.X.rows + j]! * s.a[j]!;
      mean[i] = t * s.yStd + s.yMean;
    }
    return mean;
  }

  /**
   * Posterior mean and standard deviation at `X`, and the full covariance with `{ cov: true }`.
   * The noise of a {@link WhiteKernel} is included (it sits on $k(X_*, X_*)$'s diagonal); `alpha` is not.
   */
  predictDistribution(X: MatrixLike, options: { cov?: boolean } = {}): GpPrediction {
    const s = this.#fitted('predictDistribution');
    const Xs = asMatrix(X, 'X');
    assertColumns(Xs, s.X.cols);
    const KsT = s.kernel.call(s.X, Xs); // (n, m) = K_*, evaluated once for the mean and V
    const m = Xs.rows, n = s.X.rows, k = KsT.data;
    const mean = new Float64Array(m);
    for (let i = 0; i < n; i++) {
      const ai = s.a[i]!;
      for (let j = 0; j < m; j++) mean[j]! += k[i * m + j]! * ai; // μ_* = K_*ᵀ a
    }
    for (let j = 0; j < m; j++) mean[j] = mean[j]! * s.yStd + s.yMean;
    const V = forwardSubMatrix(s.L, KsT); // (n, m) = L⁻¹K_*
    const v = V.data;
    const diag = s.kernel.diag(Xs);
    const std = new Float64Array(m);
    for (let j = 0; j < m; j++) {
      let q = 0;
      for (let i = 0; i < n; i++) q += v[i * m + j]! ** 2;
      std[j] = Math.sqrt(Math.max(0, diag[j]! - q)) * s.yStd; // σ_* = √(k_** − ‖v‖²), clipped at 0
    }
    if (!options.cov) return { mean, std };
    const cov = s.kernel.call(Xs); // (m, m) K_**
    const y2 = s.yStd * s.yStd;
    for (let p = 0; p < m; p++) {
      for (let q = 0; q < m; q++) {
        let t = 0;
        for (let i = 0; i < n; i++) t += v[i * m + p]! * v[i * m + q]!;
        cov.data[p * m + q] = (cov.data[p * m + q]! - t) * y2; // Σ_* = K_** − VᵀV
      }
    }
    return { mean, std, cov };
  }

  /** $R^2$ of the posterior mean. */
  score(X: MatrixLike, y: VectorLike): number {
    const pred = this.predict(X);
    return r2Score(asVector(y, 'y', { length: pred.length }), pred);
  }

  /** `{ kind, version, params, state }`; the state keeps the fitted kernel, X, y, L and a. */
  toJSON(): SerializedEstimator<GaussianProcessRegressorParams> {
    const s = this.state;
    const state = s === null ? null : {
      kernel: s.kernel.toJSON(), X: s.X.toJSON(), L: s.L.toJSON(), a: Array.from(s.a), y: Array.from(s.y), yMean: s.yMean, yStd: s.yStd, lml: s.lml,
    };
    return { kind: KIND, version: VERSION, params: { ...this.params }, state };
  }

  /**
   * Rebuild a model saved by {@link toJSON}.
   * @throws InvalidInputError for another kind, version or a malformed state.
   */
  static fromJSON(json: unknown): GaussianProcessRegressor {
    const saved = readSerialized(json, KIND, [VERSION]);
    const model = new GaussianProcessRegressor(saved.params as GaussianProcessRegressorOptions);
    model.#checkParams();
    if (saved.state === null) return model;
    const st = saved.state;
    const mat = (f: string) => Matrix.fromJSON(stateField(st, KIND, f) as { rows: number; cols: number; data: number[] });
    const num = (f: string) => {
      const v = stateField(st, KIND, f);
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new InvalidParamError(`${KIND}.fromJSON`, `state.${f}`, v, 'a finite number');
      return v;
    };
    const X = mat('X'), L = mat('L');
    const a = asVector(stateField(st, KIND, 'a'), 'state.a', { length: X.rows });
    const y = asVector(stateField(st, KIND, 'y'), 'state.y', { length: X.rows });
    model.state = { kernel: kernelFromJSON(stateField(st, KIND, 'kernel') as KernelSpec), X, L, a, y, yMean: num('yMean'), yStd: num('yStd'), lml: num('lml') };
    return model;
  }
}

registerEstimator(KIND, (json) => GaussianProcessRegressor.fromJSON(json));
