/**
 * Gaussian mixture fitted by EM, as scikit-learn 1.2.1's `GaussianMixture` (four covariance
 * types, k-means/k-means++/random initialisations, explicit inits, several restarts, warm start).
 *
 * @see ../../../../docs/level2-classical/clustering.md
 */
import {
  ConvergenceWarning, InvalidInputError, InvalidParamError, Matrix, NotFittedError, Rng, ShapeError, asMatrix, assertColumns,
  readCount, readFiniteArray, readSerialized, stateField,
  type MatrixLike, type SerializedEstimator,
} from '@fpml/core';
import { argmaxRows, eStep, initialMixture, mStep, precisionsOf, sampleMixture, weightedLogProb, type Mixture, type MixtureSpec } from './gmm-em.js';
import { covarianceLength, type CovarianceType } from './gmm-gaussian.js';
import { gmmInitialResponsibilities, logSumExpRows } from './gmm-init.js';
import { checkGmmParams, checkInits, gmmParams, type GaussianMixtureOptions, type GaussianMixtureParams } from './gmm-params.js';
import { registerClusterer } from './register.js';
import { readWarnings, type WarningJSON } from './state-json.js';

const KIND = 'GaussianMixture';
const VERSION = 1;

/** A covariance-shaped value: full → K matrices (d, d); tied → one (d, d); diag → (K, d); spherical → (K,). */
export type CovarianceValue = Matrix[] | Matrix | Float64Array;

/** Saved fitted state (version 1); buffers flattened row-major in the covariance storage layout. */
export interface GaussianMixtureStateJSON {
  nFeaturesIn: number;
  weights: number[];
  means: number[];
  covariances: number[];
  precisionsCholesky: number[];
  converged: boolean;
  nIter: number;
  /** null stands for −∞ (maxIter = 0). */
  lowerBound: number | null;
  warnings: WarningJSON[];
}

interface State extends Mixture {
  d: number;
  converged: boolean;
  nIter: number;
  lowerBound: number;
  warnings: ConvergenceWarning[];
}

/**
 * A mixture of $K$ Gaussians, $p(x) = \sum_k \pi_k\,\mathcal N(x\mid\mu_k,\Sigma_k)$, fitted by
 * expectation–maximisation. The E-step computes responsibilities in log space,
 * $$\ln r_{ik} = \ln\pi_k + \ln\mathcal N(x_i\mid\mu_k,\Sigma_k) - \operatorname{logsumexp}_j\big(\ln\pi_j + \ln\mathcal N(x_i\mid\mu_j,\Sigma_j)\big),$$
 * the M-step sets $\pi_k = N_k/n$, $\mu_k$ and $\Sigma_k$ to the responsibility-weighted moments
 * (plus `regCovar` on the diagonal). Each iteration does not decrease the mean log-likelihood
 * $\frac1n\sum_i\ln p(x_i)$ (the `lowerBound`); EM stops when it changes by less than `tol`.
 * With `nInit` > 1 the initialisation with the highest final lower bound is kept.
 *
 * Complexity per iteration: full $O(nKd^2 + Kd^3)$, tied $O(nKd^2 + d^3)$, diag/spherical $O(nKd)$.
 *
 * @example
 * const gm = new GaussianMixture({ nComponents: 3, covarianceType: 'diag', seed: 0 }).fit(X);
 * gm.predictProba(X);   // (n, 3), rows sum to 1
 * gm.bic(X);            // −2 n score + p ln n
 * @see ../../../../docs/level2-classical/clustering.md
 */
export class GaussianMixture {
  private readonly params: Readonly<GaussianMixtureParams>;
  private state: State | null = null;

  /** Stores the params (defaults filled in); checks nothing: `fit` does. */
  constructor(options: GaussianMixtureOptions = {}) {
    this.params = Object.freeze(gmmParams(options));
  }

  /** A frozen copy of the params. */
  getParams(): Readonly<GaussianMixtureParams> {
    return Object.freeze({ ...this.params });
  }

  get isFitted(): boolean {
    return this.state !== null;
  }

  private fitted(method: string): State {
    if (this.state === null) throw new NotFittedError(KIND, method);
    return this.state;
  }

  private spec(): MixtureSpec {
    return { type: this.params.covarianceType, K: this.params.nComponents, regCovar: this.params.regCovar };
  }

  /** Mixture weights $\pi$ (K,), summing to 1 (a copy). */
  get weights(): Float64Array {
    return this.fitted('weights').weights.slice();
  }

  /** Component means (K, d). */
  get means(): Matrix {
    const s = this.fitted('means');
    return new Matrix(this.params.nComponents, s.d, s.means.slice());
  }

  /** Covariances, shaped by `covarianceType` (see {@link CovarianceValue}). */
  get covariances(): CovarianceValue {
    const s = this.fitted('covariances');
    return this.shaped(s.covariances, s.d);
  }

  /** Precision Cholesky factors $U$ ($UU^\top = \Sigma^{-1}$), shaped by `covarianceType`. */
  get precisionsCholesky(): CovarianceValue {
    const s = this.fitted('precisionsCholesky');
    return this.shaped(s.precisionsCholesky, s.d);
  }

  /** Precisions $\Sigma^{-1} = UU^\top$ (full, tied) or $u^2$ (diag, spherical), shaped by `covarianceType`. */
  get precisions(): CovarianceValue {
    const s = this.fitted('precisions');
    const { covarianceType: type, nComponents: K } = this.params;
    return this.shaped(precisionsOf(s.precisionsCholesky, type, K, s.d), s.d);
  }

  /** Whether EM met `tol` (in any initialisation, as scikit-learn's `converged_`). */
  get converged(): boolean {
    return this.fitted('converged').converged;
  }

  /** EM iterations of the kept initialisation. */
  get nIter(): number {
    return this.fitted('nIter').nIter;
  }

  /** Mean log-likelihood of the training data at the kept initialisation's last iteration (−∞ when maxIter = 0). */
  get lowerBound(): number {
    return this.fitted('lowerBound').lowerBound;
  }

  /** Number of columns of the X given to fit. */
  get nFeaturesIn(): number {
    return this.fitted('nFeaturesIn').d;
  }

  /** Convergence warnings of the last fit. */
  get warnings(): readonly ConvergenceWarning[] {
    return this.fitted('warnings').warnings.slice();
  }

  /** Free parameters: covariance entries + $Kd$ means + $K - 1$ weights. */
  get nParameters(): number {
    const d = this.fitted('nParameters').d;
    const { nComponents: K, covarianceType: t } = this.params;
    const cov = t === 'full' ? (K * d * (d + 1)) / 2 : t === 'diag' ? K * d : t === 'tied' ? (d * (d + 1)) / 2 : K;
    return cov + d * K + K - 1;
  }

  private shaped(v: Float64Array, d: number): CovarianceValue {
    const { covarianceType: t, nComponents: K } = this.params;
    if (t === 'full') return Array.from({ length: K }, (_, j) => new Matrix(d, d, v.slice(j * d * d, (j + 1) * d * d)));
    if (t === 'tied') return new Matrix(d, d, v.slice());
    if (t === 'diag') return new Matrix(K, d, v.slice());
    return v.slice();
  }

  /**
   * Fit by EM (scikit-learn's `fit_predict` loop).
   * @param X (n, d), n ≥ max(2, nComponents). @param _y ignored.
   * @throws InvalidParamError, ShapeError, InvalidInputError (also when a covariance becomes singular: raise regCovar).
   */
  fit(X: MatrixLike, _y?: unknown): this {
    this.fitLabels(X);
    return this;
  }

  /** `fit(X)` then the most probable component of each training row, (n,). */
  fitPredict(X: MatrixLike, _y?: unknown): Int32Array {
    return this.fitLabels(X);
  }

  private fitLabels(X: MatrixLike): Int32Array {
    const p = this.params;
    checkGmmParams(p);
    const Xm = asMatrix(X, 'X');
    const { rows: n, cols: d } = Xm;
    const K = p.nComponents;
    if (n < 2) throw new InvalidInputError(`${KIND}: X must have at least 2 samples, got ${n}`);
    if (n < K) throw new InvalidParamError(KIND, 'nComponents', K, `at most the number of samples (${n})`);
    const inits = checkInits(p, d);
    const prev = p.warmStart ? this.state : null;
    if (prev !== null && prev.d !== d) throw new ShapeError(`X has ${d} columns but the model was fit with ${prev.d} (warmStart)`);
    const nInit = prev === null ? p.nInit : 1;
    const rng = new Rng(p.seed);
    const logResp = new Float64Array(n * K); // (n, K)
    let best: Mixture | null = null;
    let bestNIter = 0;
    let maxLowerBound = -Infinity;
    let converged = false;
    let lowerBound = -Infinity;
    for (let init = 0; init < nInit; init++) {
      let mix: Mixture;
      if (prev === null) {
        mix = initialMixture(this.spec(), Xm, gmmInitialResponsibilities(Xm, K, p.initParams, rng), inits);
        lowerBound = -Infinity;
      } else {
        mix = { weights: prev.weights.slice(), means: prev.means.slice(), covariances: prev.covariances.slice(), precisionsCholesky: prev.precisionsCholesky.slice() };
        lowerBound = prev.lowerBound;
      }
      if (p.maxIter === 0) {
        best = mix;
        bestNIter = 0;
        continue;
      }
      let nIter = 0;
      for (nIter = 1; nIter <= p.maxIter; nIter++) {
        const prevBound = lowerBound;
        lowerBound = eStep(this.spec(), Xm, mix, logResp);
        mix = mStep(this.spec(), Xm, logResp);
        if (Math.abs(lowerBound - prevBound) < p.tol) {
          converged = true;
          break;
        }
      }
      nIter = Math.min(nIter, p.maxIter);
      if (lowerBound > maxLowerBound || maxLowerBound === -Infinity) {
        maxLowerBound = lowerBound;
        best = mix;
        bestNIter = nIter;
      }
    }
    if (best === null) throw new InvalidParamError(KIND, 'nInit', p.nInit, 'at least 1'); // unreachable: nInit ≥ 1
    const warnings: ConvergenceWarning[] = [];
    if (!converged && p.maxIter > 0) {
      warnings.push(new ConvergenceWarning(KIND, `initialization ${nInit} did not converge; try different init parameters, or increase maxIter, tol or check for degenerate data`, bestNIter));
    }
    this.state = { ...best, d, converged, nIter: bestNIter, lowerBound: maxLowerBound, warnings };
    eStep(this.spec(), Xm, best, logResp);
    return argmaxRows(logResp, n, K);
  }

  private checkX(X: MatrixLike, method: string): { s: State; Xm: Matrix } {
    const s = this.fitted(method);
    const Xm = asMatrix(X, 'X');
    assertColumns(Xm, s.d);
    return { s, Xm };
  }

  /** Most probable component $\arg\max_k \ln\pi_k + \ln\mathcal N(x\mid k)$ of each row, (m,). */
  predict(X: MatrixLike): Int32Array {
    const { s, Xm } = this.checkX(X, 'predict');
    const K = this.params.nComponents;
    const out = new Float64Array(Xm.rows * K);
    weightedLogProb(this.spec(), Xm, s, out);
    return argmaxRows(out, Xm.rows, K);
  }

  /** Posterior component probabilities $r_{ik}$, (m, K), rows sum to 1. */
  predictProba(X: MatrixLike): Matrix {
    const { s, Xm } = this.checkX(X, 'predictProba');
    const K = this.params.nComponents;
    const out = new Matrix(Xm.rows, K);
    eStep(this.spec(), Xm, s, out.data);
    for (let q = 0; q < out.data.length; q++) out.data[q] = Math.exp(out.data[q]!);
    return out;
  }

  /** Log-likelihood of each row, $\ln p(x_i) = \operatorname{logsumexp}_k(\ln\pi_k + \ln\mathcal N(x_i\mid k))$, (m,). */
  scoreSamples(X: MatrixLike): Float64Array {
    const { s, Xm } = this.checkX(X, 'scoreSamples');
    const K = this.params.nComponents;
    const out = new Float64Array(Xm.rows * K);
    weightedLogProb(this.spec(), Xm, s, out);
    return logSumExpRows(out, Xm.rows, K);
  }

  /** Mean log-likelihood $\frac1m\sum_i \ln p(x_i)$. */
  score(X: MatrixLike, _y?: unknown): number {
    const v = this.scoreSamples(X);
    return v.reduce((a, b) => a + b, 0) / v.length;
  }

  /** Bayesian information criterion $-2\,m\,\text{score}(X) + p\ln m$ ($p$ = {@link nParameters}); lower is better. */
  bic(X: MatrixLike): number {
    const m = asMatrix(X, 'X').rows;
    return -2 * this.score(X) * m + this.nParameters * Math.log(m);
  }

  /** Akaike information criterion $-2\,m\,\text{score}(X) + 2p$; lower is better. */
  aic(X: MatrixLike): number {
    const m = asMatrix(X, 'X').rows;
    return -2 * this.score(X) * m + 2 * this.nParameters;
  }

  /**
   * Draw `n` samples: component counts from Multinomial(n, π), then $x = \mu_k + L_k z$,
   * $z\sim\mathcal N(0, I)$ ($L_k$ the Cholesky factor of $\Sigma_k$; diag/spherical: $\sqrt{\sigma^2}\odot z$).
   * Rows come grouped by component, as scikit-learn. A fresh `new Rng(seed)` per call: the same
   * call gives the same samples. $O(n d^2 + K d^3)$.
   * @returns X (n, d) and the component y (n,) of each row.
   * @throws InvalidInputError unless n is an integer ≥ 1.
   */
  sample(n = 1): { X: Matrix; y: Int32Array } {
    const s = this.fitted('sample');
    if (!Number.isSafeInteger(n) || n < 1) throw new InvalidInputError(`${KIND}.sample: n must be an integer ≥ 1, got ${String(n)}`);
    return sampleMixture(this.spec(), s, s.d, n, new Rng(this.params.seed));
  }

  /** `{ kind: 'GaussianMixture', version: 1, params, state }`; JSON-safe, round-trips exactly. */
  toJSON(): SerializedEstimator<GaussianMixtureParams, GaussianMixtureStateJSON> {
    const s = this.state;
    const state =
      s === null
        ? null
        : {
            nFeaturesIn: s.d, weights: Array.from(s.weights), means: Array.from(s.means), covariances: Array.from(s.covariances),
            precisionsCholesky: Array.from(s.precisionsCholesky), converged: s.converged, nIter: s.nIter,
            lowerBound: Number.isFinite(s.lowerBound) ? s.lowerBound : null, warnings: s.warnings.map((w) => ({ message: w.message, nIter: w.nIter })),
          };
    return { kind: KIND, version: VERSION, params: structuredClone({ ...this.params }), state };
  }

  /**
   * Rebuild a model saved by {@link toJSON}.
   * @throws InvalidInputError for another kind, an unknown version or a malformed state; InvalidParamError for bad params.
   */
  static fromJSON(json: unknown): GaussianMixture {
    const saved = readSerialized(json, KIND, [VERSION]);
    const model = new GaussianMixture(saved.params as GaussianMixtureOptions);
    checkGmmParams(model.params);
    if (saved.state === null) return model;
    const st = saved.state;
    const d = readCount(st, KIND, 'nFeaturesIn');
    const { nComponents: K, covarianceType: type } = model.params;
    const len = covarianceLength(type, K, d);
    const converged = stateField(st, KIND, 'converged');
    if (typeof converged !== 'boolean') throw new InvalidInputError(`${KIND}.fromJSON: state.converged must be a boolean, got ${String(converged)}`);
    const nIter = stateField(st, KIND, 'nIter');
    if (typeof nIter !== 'number' || !Number.isSafeInteger(nIter) || nIter < 0) throw new InvalidInputError(`${KIND}.fromJSON: state.nIter must be an integer ≥ 0, got ${String(nIter)}`);
    const lb = stateField(st, KIND, 'lowerBound');
    if (lb !== null && (typeof lb !== 'number' || !Number.isFinite(lb))) throw new InvalidInputError(`${KIND}.fromJSON: state.lowerBound must be a finite number or null, got ${String(lb)}`);
    model.state = {
      d, weights: readFiniteArray(st, KIND, 'weights', K), means: readFiniteArray(st, KIND, 'means', K * d),
      covariances: readFiniteArray(st, KIND, 'covariances', len), precisionsCholesky: readFiniteArray(st, KIND, 'precisionsCholesky', len),
      converged, nIter, lowerBound: lb === null ? -Infinity : lb, warnings: readWarnings(st, KIND),
    };
    return model;
  }
}

registerClusterer(KIND, GaussianMixture.fromJSON);

export type { CovarianceType };
