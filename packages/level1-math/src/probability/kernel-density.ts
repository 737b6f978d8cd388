/**
 * Gaussian kernel density estimation, following scikit-learn 1.2's
 * `sklearn.neighbors.KernelDensity(kernel='gaussian')`: an isotropic bandwidth $h$ in the data's
 * own units, and its 'scott'/'silverman' rules are the bare factors $n^{-1/(d+4)}$ and
 * $\big(n(d+2)/4\big)^{-1/(d+4)}$, not multiplied by the data's spread. (scipy.stats.gaussian_kde
 * differs: it scales the same factors by the sample covariance; standardise the data first to get
 * its answer for a diagonal covariance.)
 *
 * @see ../../../../docs/level1-math/probability.md
 */
import { InvalidInputError, InvalidParamError, Matrix, NotFittedError, Rng, asMatrix, assertColumns, describeValue, readSerialized, stateField, type MatrixLike, type SerializedEstimator } from '@fpml/core';
import { checkSampleArgs } from './distribution.js';

/** How the bandwidth is chosen: a positive number, or a rule of thumb. */
export type Bandwidth = number | 'scott' | 'silverman';

/** Options of {@link KernelDensity} (sklearn's names in camelCase). */
export interface KernelDensityOptions {
  /** Bandwidth $h$: a number > 0, or `'scott'` ($n^{-1/(d+4)}$) or `'silverman'` ($(n(d+2)/4)^{-1/(d+4)}$). @default 1 */
  bandwidth?: Bandwidth;
}

/** The params of a {@link KernelDensity}, defaults filled in. */
export type KernelDensityParams = { bandwidth: Bandwidth };

interface KdeState {
  data: Matrix; // (n, d) training points
  bandwidth: number; // h actually used
}

const KIND = 'KernelDensity';
const VERSION = 1;
const LN_2PI = 1.8378770664093453; // ln 2π

/**
 * Gaussian KDE:
 * $$\hat p(x) = \frac1n\sum_{i=1}^n (2\pi h^2)^{-d/2}\exp\!\Big(-\frac{\lVert x - x_i\rVert^2}{2h^2}\Big),$$
 * evaluated in log space with a log-sum-exp, so a query far from every point gets its true
 * (very negative) log-density instead of $\ln 0$. `scoreSamples` is $O(mnd)$ for $m$ queries
 * (brute force; sklearn's tree answers the same sum exactly with `atol = rtol = 0`).
 * Sampling picks a training point uniformly and adds $\mathcal N(0, h^2 I)$.
 * @see ../../../../docs/level1-math/probability.md
 */
export class KernelDensity {
  readonly #params: KernelDensityParams;
  #state: KdeState | null = null;

  /** Stores the options; they are checked in {@link KernelDensity.fit}. */
  constructor(options: KernelDensityOptions = {}) {
    this.#params = Object.freeze({ bandwidth: options.bandwidth ?? 1 });
  }

  /** A frozen copy of the params. */
  getParams(): Readonly<KernelDensityParams> {
    return this.#params;
  }

  get isFitted(): boolean {
    return this.#state !== null;
  }

  /** The bandwidth $h$ used (after applying a rule). */
  get bandwidth(): number {
    return this.#fitted('bandwidth').bandwidth;
  }

  /**
   * Store the data and resolve the bandwidth. $O(nd)$.
   * @param X (n, d) samples.
   * @throws InvalidParamError for a bandwidth that is not > 0, 'scott' or 'silverman'; InvalidInputError for NaN/Inf or empty X.
   */
  fit(X: MatrixLike): this {
    const bw = this.#params.bandwidth;
    if (!(bw === 'scott' || bw === 'silverman' || (typeof bw === 'number' && Number.isFinite(bw) && bw > 0))) {
      throw new InvalidParamError(KIND, 'bandwidth', bw, "a finite number > 0, 'scott' or 'silverman'");
    }
    const data = asMatrix(X, 'X', { copy: true }); // (n, d)
    const n = data.rows, d = data.cols;
    const h = bw === 'scott' ? n ** (-1 / (d + 4)) : bw === 'silverman' ? ((n * (d + 2)) / 4) ** (-1 / (d + 4)) : bw;
    this.#state = { data, bandwidth: h };
    return this;
  }

  /**
   * Log-density $\ln\hat p(x)$ of each row, (m,).
   * @param X (m, d) query points.
   * @throws NotFittedError before fit; ShapeError for a wrong number of columns; InvalidInputError for NaN/Inf.
   */
  scoreSamples(X: MatrixLike): Float64Array {
    const { data, bandwidth: h } = this.#fitted('scoreSamples');
    const Q = asMatrix(X, 'X'); // (m, d)
    assertColumns(Q, data.cols);
    const n = data.rows, d = data.cols, m = Q.rows;
    const norm = -Math.log(n) - 0.5 * d * (LN_2PI + 2 * Math.log(h));
    const e = new Float64Array(n); // (n,) exponents −‖x − x_i‖²/(2h²)
    const out = new Float64Array(m); // (m,)
    const inv2h2 = 1 / (2 * h * h);
    for (let q = 0; q < m; q++) {
      let max = -Infinity;
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < d; j++) {
          const t = Q.data[q * d + j]! - data.data[i * d + j]!;
          s += t * t;
        }
        e[i] = -s * inv2h2;
        if (e[i]! > max) max = e[i]!;
      }
      let acc = 0;
      for (let i = 0; i < n; i++) acc += Math.exp(e[i]! - max);
      out[q] = max + Math.log(acc) + norm;
    }
    return out;
  }

  /** Total log-likelihood $\sum_q \ln\hat p(x_q)$ (sklearn's `score`). */
  score(X: MatrixLike): number {
    return this.scoreSamples(X).reduce((s, v) => s + v, 0);
  }

  /** `n` draws from $\hat p$, (n, d). $O(nd)$. */
  sample(rng: Rng, n: number): Matrix {
    const { data, bandwidth: h } = this.#fitted('sample');
    checkSampleArgs(KIND, rng, n);
    const d = data.cols;
    const out = new Matrix(n, d); // (n, d)
    for (let r = 0; r < n; r++) {
      const i = rng.int(data.rows);
      for (let j = 0; j < d; j++) out.data[r * d + j] = data.data[i * d + j]! + h * rng.normal();
    }
    return out;
  }

  /** `{ kind, version, params, state }`; the state holds the training points and $h$. */
  toJSON(): SerializedEstimator<KernelDensityParams> {
    const s = this.#state;
    return {
      kind: KIND,
      version: VERSION,
      params: { ...this.#params },
      state: s && { data: s.data.toArray(), bandwidth: s.bandwidth },
    };
  }

  /** Rebuild a model saved by {@link KernelDensity.toJSON}. @throws InvalidInputError for a foreign or corrupt save. */
  static fromJSON(json: unknown): KernelDensity {
    const j = readSerialized(json, KIND, [VERSION]);
    const model = new KernelDensity(j.params as KernelDensityOptions);
    if (j.state !== null) {
      const data = asMatrix(stateField(j.state, KIND, 'data'), 'state.data');
      const h = stateField(j.state, KIND, 'bandwidth');
      if (typeof h !== 'number' || !(h > 0) || !Number.isFinite(h)) {
        throw new InvalidInputError(`${KIND}.fromJSON: state.bandwidth must be a finite number > 0, got ${describeValue(h)}`);
      }
      model.#state = { data, bandwidth: h };
    }
    return model;
  }

  #fitted(method: string): KdeState {
    if (this.#state === null) throw new NotFittedError(KIND, method);
    return this.#state;
  }
}
