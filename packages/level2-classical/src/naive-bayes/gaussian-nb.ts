/**
 * Gaussian naive Bayes, as scikit-learn 1.2.1's `GaussianNB`: each class $c$ models each feature
 * as an independent normal, $x_j \mid c \sim \mathcal N(\theta_{cj}, \sigma^2_{cj})$, so
 * $$J_c(x) = \log \pi_c - \tfrac12 \sum_j \log(2\pi\sigma^2_{cj}) - \tfrac12 \sum_j \frac{(x_j - \theta_{cj})^2}{\sigma^2_{cj}},$$
 * with maximum-likelihood (biased, optionally weighted) per-class means and variances, and
 * $\sigma^2_{cj} = s^2_{cj} + \varepsilon$, where $\varepsilon = \texttt{varSmoothing}\cdot\max_j \operatorname{Var}(x_j)$
 * keeps a feature that is constant within a class from giving a zero variance.
 *
 * `partialFit` merges a chunk's statistics into the running ones (Chan, Golub & LeVeque 1979):
 * with weights $n_a, n_b$, means $\mu_a, \mu_b$ and biased variances $s^2_a, s^2_b$,
 * $$\mu = \frac{n_a\mu_a + n_b\mu_b}{n_a + n_b},\qquad (n_a + n_b)\,s^2 = n_a s^2_a + n_b s^2_b + \frac{n_a n_b}{n_a + n_b}(\mu_a - \mu_b)^2 .$$
 * **Deviation from scikit-learn 1.2:** its `partial_fit` recomputes $\varepsilon$ from the
 * current chunk only and subtracts that *new* $\varepsilon$ from variances that hold the old one,
 * so chunked fits drift from `fit` by $O(\varepsilon)$ (relatively large for features of tiny
 * variance). Here the unsmoothed variances are kept apart and $\varepsilon$ uses the variance of
 * all rows seen so far (merged the same way), so `partialFit` in chunks equals `fit` up to
 * rounding. A single `fit`, or a first `partialFit`, is scikit-learn's exactly.
 *
 * Fit is $O(nd)$, prediction $O(nKd)$.
 *
 * @see ../../../../docs/level2-classical/naive-bayes.md
 */
import {
  InvalidInputError, InvalidParamError, LabelEncoding, Matrix, NotFittedError, asMatrix, assertColumns, readCount,
  readFiniteArray, readSerialized, registerEstimator, stateField, type Classifier, type Label, type LabelEncodingJSON,
  type Labels, type MatrixLike, type SerializedEstimator, type VectorLike,
} from '@fpml/core';
import { chunkStats, mergeStats, type MomentStats } from './moments.js';
import { accuracy, argmaxRows, checkJll, checkPrior, expInPlace, jllToLogProba, partialFitLabels, readSampleWeight } from './nb-base.js';

const KIND = 'GaussianNB';
const VERSION = 1;

/** Options of {@link GaussianNB} (scikit-learn's names in camelCase). */
export interface GaussianNBOptions {
  /** Class priors $\pi_c$ (one per class, summing to 1); `null` = the (weighted) class frequencies. @default null */
  priors?: readonly number[] | null;
  /** $\varepsilon / \max_j \operatorname{Var}(x_j)$, added to every variance. @default 1e-9 */
  varSmoothing?: number;
}

/** The params of a {@link GaussianNB}, defaults filled in. */
export type GaussianNBParams = {
  priors: readonly number[] | null;
  varSmoothing: number;
};

/** Saved fitted state (version 1). */
interface StateJSON {
  classes: Label[];
  labelKind: LabelEncodingJSON['kind'];
  nFeaturesIn: number;
  classCount: number[];
  theta: number[]; // (K * d)
  varRaw: number[]; // (K * d), without epsilon
  seenCount: number;
  seenMean: number[];
  seenVar: number[];
}

interface State {
  encoding: LabelEncoding;
  d: number;
  classCount: Float64Array; // (K,)
  theta: Float64Array; // (K, d)
  varRaw: Float64Array; // (K, d): biased variances, no epsilon
  /** Unweighted moments of every row seen, for epsilon. */
  seen: MomentStats;
  epsilon: number;
  classPrior: Float64Array; // (K,)
  /** Per class: $\log\pi_c$ (−Infinity when π_c = 0). */
  logPrior: Float64Array; // (K,)
  /** Per class: $-\frac12\sum_j \log(2\pi\sigma^2_{cj})$. */
  halfLogDet: Float64Array; // (K,)
}

/**
 * Gaussian naive Bayes. See the module comment.
 *
 * @example
 * const nb = new GaussianNB().fit(X, y);  // X (n, d)
 * nb.theta; nb.var;                        // (K, d) means and smoothed variances
 * nb.predictProba(Xtest);                  // (m, K)
 * @see ../../../../docs/level2-classical/naive-bayes.md
 */
export class GaussianNB implements Classifier<GaussianNBParams> {
  private readonly params: Readonly<GaussianNBParams>;
  private state: State | null = null;

  /** Stores the params (defaults filled in); checks nothing: `fit` does. */
  constructor(options: GaussianNBOptions = {}) {
    const priors = options.priors ?? null;
    this.params = Object.freeze({ priors: Array.isArray(priors) ? Object.freeze([...priors]) : priors, varSmoothing: options.varSmoothing ?? 1e-9 });
  }

  /** A frozen copy of the params. */
  getParams(): Readonly<GaussianNBParams> {
    return Object.freeze({ ...this.params });
  }

  get isFitted(): boolean {
    return this.state !== null;
  }

  private fitted(method: string): State {
    if (this.state === null) throw new NotFittedError(KIND, method);
    return this.state;
  }

  /** The labels seen in fit, sorted. */
  get classes(): readonly Label[] {
    return this.fitted('classes').encoding.classes;
  }
  /** Per-class means $\theta$ (K, d). */
  get theta(): Matrix {
    const s = this.fitted('theta');
    return new Matrix(s.encoding.nClasses, s.d, s.theta.slice());
  }
  /** Per-class variances $\sigma^2 = s^2 + \varepsilon$ (K, d) (scikit-learn's `var_`). */
  get var(): Matrix {
    const s = this.fitted('var');
    return new Matrix(s.encoding.nClasses, s.d, s.varRaw.map((v) => v + s.epsilon));
  }
  /** The absolute smoothing $\varepsilon$ added to every variance. */
  get epsilon(): number {
    return this.fitted('epsilon').epsilon;
  }
  /** Class priors $\pi$ (K,): `priors`, or the weighted class frequencies. */
  get classPrior(): Float64Array {
    return this.fitted('classPrior').classPrior.slice();
  }
  /** (Weighted) number of training samples per class (K,). */
  get classCount(): Float64Array {
    return this.fitted('classCount').classCount.slice();
  }
  /** Columns of the training X. */
  get nFeaturesIn(): number {
    return this.fitted('nFeaturesIn').d;
  }

  /** @throws InvalidParamError naming the first bad param. */
  private checkParams(): void {
    const { priors, varSmoothing } = this.params;
    if (priors !== null && !Array.isArray(priors)) throw new InvalidParamError(KIND, 'priors', priors, 'null or an array of class probabilities');
    if (typeof varSmoothing !== 'number' || !Number.isFinite(varSmoothing) || varSmoothing < 0) throw new InvalidParamError(KIND, 'varSmoothing', varSmoothing, 'a finite number ≥ 0');
  }

  /**
   * Fit the per-class Gaussians from scratch.
   * @param X (n, d). @param y (n,) labels. @param sampleWeight (n,) non-negative weights. @default null (all 1)
   * @throws InvalidParamError, ShapeError, InvalidInputError (also when a fitted variance is 0).
   */
  fit(X: MatrixLike, y: Labels, sampleWeight?: VectorLike | null): this {
    this.checkParams();
    const Xm = asMatrix(X, 'X'); // (n, d)
    const { encoding, codes } = LabelEncoding.fit(y, 'y', Xm.rows);
    const w = readSampleWeight(KIND, sampleWeight, Xm.rows);
    const state = this.update(null, encoding, Xm, codes, w);
    assertUsable(state);
    this.state = state;
    return this;
  }

  /**
   * Update the model with one more chunk (online learning); the first call starts from scratch
   * and needs `classes`. Chunks fit this way equal one `fit` on all the rows (see the module comment).
   * @param classes every label that can occur (first call; later calls may repeat it).
   * @throws ShapeError if the chunk's width differs; InvalidInputError for unknown labels.
   */
  partialFit(X: MatrixLike, y: Labels, classes?: Labels | null, sampleWeight?: VectorLike | null): this {
    this.checkParams();
    const Xm = asMatrix(X, 'X');
    if (this.state !== null) assertColumns(Xm, this.state.d);
    const { encoding, codes } = partialFitLabels(KIND, this.state?.encoding ?? null, y, classes, Xm.rows);
    const w = readSampleWeight(KIND, sampleWeight, Xm.rows);
    this.state = this.update(this.state, encoding, Xm, codes, w);
    return this;
  }

  /** Merge (X, codes) into `prev` (or start from zero) and recompute the derived quantities. */
  private update(prev: State | null, encoding: LabelEncoding, X: Matrix, codes: Int32Array, w: Float64Array | null): State {
    const K = encoding.nClasses;
    const d = X.cols;
    const theta = prev ? prev.theta.slice() : new Float64Array(K * d);
    const varRaw = prev ? prev.varRaw.slice() : new Float64Array(K * d);
    const classCount = prev ? prev.classCount.slice() : new Float64Array(K);
    const all = chunkStats(X, null, null);
    const seen = prev ? mergeStats(prev.seen, all) : all;
    const byClass: number[][] = Array.from({ length: K }, () => []);
    for (let i = 0; i < codes.length; i++) byClass[codes[i]!]!.push(i);
    for (let c = 0; c < K; c++) {
      if (byClass[c]!.length === 0) continue;
      const chunk = chunkStats(X, byClass[c]!, w);
      if (w !== null && Math.abs(chunk.count) <= 1e-8) {
        classCount[c] = classCount[c]! + chunk.count; // np.isclose(n_new, 0): the moments stay (scikit-learn)
        continue;
      }
      const old: MomentStats = { count: classCount[c]!, mean: theta.subarray(c * d, (c + 1) * d), var: varRaw.subarray(c * d, (c + 1) * d) };
      const merged = old.count === 0 ? chunk : mergeStats(old, chunk);
      theta.set(merged.mean, c * d);
      varRaw.set(merged.var, c * d);
      classCount[c] = classCount[c]! + chunk.count;
    }
    let maxVar = 0;
    for (let j = 0; j < d; j++) if (seen.var[j]! > maxVar) maxVar = seen.var[j]!;
    const epsilon = this.params.varSmoothing * maxVar;
    const classPrior = this.params.priors !== null ? checkPrior(KIND, 'priors', this.params.priors, K, true) : priorFromCounts(classCount);
    return { encoding, d, classCount, theta, varRaw, seen, epsilon, classPrior, ...normalisers(classPrior, varRaw, epsilon, K, d) };
  }

  /** Checked X for a fitted model. */
  private checkX(X: MatrixLike, method: string): { s: State; Xm: Matrix } {
    const s = this.fitted(method);
    const Xm = asMatrix(X, 'X');
    assertColumns(Xm, s.d);
    assertUsable(s);
    return { s, Xm };
  }

  private jll(s: State, X: Matrix): Matrix {
    const K = s.encoding.nClasses;
    const d = s.d;
    const J = new Matrix(X.rows, K); // (n, K)
    for (let c = 0; c < K; c++) {
      const lp = s.logPrior[c]!;
      const hl = s.halfLogDet[c]!;
      const th = c * d;
      for (let i = 0; i < X.rows; i++) {
        if (lp === -Infinity) {
          J.data[i * K + c] = -Infinity; // prior 0: never this class
          continue;
        }
        let q = 0;
        for (let j = 0; j < d; j++) {
          const e = X.data[i * d + j]! - s.theta[th + j]!;
          q += (e * e) / (s.varRaw[th + j]! + s.epsilon);
        }
        J.data[i * K + c] = lp + (hl - 0.5 * q); // scikit-learn's association: jointi + (n_ij − ½ Σ …)
      }
    }
    return checkJll(KIND, J);
  }

  /** Joint log-likelihood $J_{ic} = \log\pi_c + \log p(x_i \mid c)$ (n, K) (scikit-learn's `predict_joint_log_proba`). */
  predictJointLogProba(X: MatrixLike): Matrix {
    const { s, Xm } = this.checkX(X, 'predictJointLogProba');
    return this.jll(s, Xm);
  }
  /** Log posteriors $\log P(c \mid x_i)$ (n, K). */
  predictLogProba(X: MatrixLike): Matrix {
    const { s, Xm } = this.checkX(X, 'predictLogProba');
    return jllToLogProba(KIND, this.jll(s, Xm));
  }
  /** Posteriors $P(c \mid x_i)$ (n, K); rows sum to 1. */
  predictProba(X: MatrixLike): Matrix {
    const { s, Xm } = this.checkX(X, 'predictProba');
    return expInPlace(jllToLogProba(KIND, this.jll(s, Xm)));
  }
  /** $\arg\max_c J_{ic}$ as labels. */
  predict(X: MatrixLike): Int32Array | Label[] {
    const { s, Xm } = this.checkX(X, 'predict');
    return s.encoding.decode(argmaxRows(this.jll(s, Xm)));
  }
  /** Mean accuracy of `predict(X)` against `y`. */
  score(X: MatrixLike, y: Labels): number {
    const { s, Xm } = this.checkX(X, 'score');
    return accuracy(s.encoding.encode(y, 'y', Xm.rows), argmaxRows(this.jll(s, Xm)));
  }

  /** `{ kind: 'GaussianNB', version: 1, params, state }`. */
  toJSON(): SerializedEstimator<GaussianNBParams, StateJSON> {
    const s = this.state;
    const params = { ...this.params, priors: this.params.priors === null ? null : [...this.params.priors] };
    if (s === null) return { kind: KIND, version: VERSION, params, state: null };
    const state: StateJSON = {
      classes: [...s.encoding.classes], labelKind: s.encoding.kind, nFeaturesIn: s.d, classCount: Array.from(s.classCount),
      theta: Array.from(s.theta), varRaw: Array.from(s.varRaw), seenCount: s.seen.count, seenMean: Array.from(s.seen.mean), seenVar: Array.from(s.seen.var),
    };
    return { kind: KIND, version: VERSION, params, state };
  }

  /**
   * Rebuild a model saved by {@link toJSON}.
   * @throws InvalidInputError for another kind, an unknown version or a malformed state; InvalidParamError for bad params.
   */
  static fromJSON(json: unknown): GaussianNB {
    const saved = readSerialized(json, KIND, [VERSION]);
    const model = new GaussianNB(saved.params as GaussianNBOptions);
    model.checkParams();
    if (saved.state === null) return model;
    const st = saved.state;
    const encoding = LabelEncoding.fromJSON(
      { classes: stateField(st, KIND, 'classes') as Label[], kind: stateField(st, KIND, 'labelKind') as LabelEncodingJSON['kind'] },
      KIND,
    );
    const K = encoding.nClasses;
    const d = readCount(st, KIND, 'nFeaturesIn');
    const classCount = readFiniteArray(st, KIND, 'classCount', K);
    const theta = readFiniteArray(st, KIND, 'theta', K * d);
    const varRaw = readFiniteArray(st, KIND, 'varRaw', K * d);
    const seen: MomentStats = { count: readCount(st, KIND, 'seenCount'), mean: readFiniteArray(st, KIND, 'seenMean', d), var: readFiniteArray(st, KIND, 'seenVar', d) };
    if ([...classCount, ...varRaw, ...seen.var].some((v) => v < 0)) throw new InvalidInputError(`${KIND}.fromJSON: counts and variances must be non-negative`);
    let maxVar = 0;
    for (let j = 0; j < d; j++) if (seen.var[j]! > maxVar) maxVar = seen.var[j]!;
    const epsilon = model.params.varSmoothing * maxVar;
    const classPrior = model.params.priors !== null ? checkPrior(KIND, 'priors', model.params.priors, K, true) : priorFromCounts(classCount);
    model.state = { encoding, d, classCount, theta, varRaw, seen, epsilon, classPrior, ...normalisers(classPrior, varRaw, epsilon, K, d) };
    return model;
  }
}

/** $\pi_c = n_c / \sum n$. */
function priorFromCounts(count: Float64Array): Float64Array {
  let total = 0;
  for (const v of count) total += v;
  return count.map((v) => v / total);
}

/** $\log\pi_c$ and $-\frac12\sum_j \log(2\pi\sigma^2_{cj})$ per class. */
function normalisers(prior: Float64Array, varRaw: Float64Array, epsilon: number, K: number, d: number): { logPrior: Float64Array; halfLogDet: Float64Array } {
  const logPrior = prior.map(Math.log);
  const halfLogDet = new Float64Array(K);
  for (let c = 0; c < K; c++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += Math.log(2 * Math.PI * (varRaw[c * d + j]! + epsilon));
    halfLogDet[c] = -0.5 * s;
  }
  return { logPrior, halfLogDet };
}

/**
 * A class with a positive prior and a zero variance has a degenerate (point-mass) density:
 * predictions would be NaN. It happens only when `varSmoothing` is 0 or every feature is
 * constant (a single sample, say).
 * @throws InvalidInputError naming the class and feature.
 */
function assertUsable(s: State): void {
  const d = s.d;
  for (let c = 0; c < s.encoding.nClasses; c++) {
    if (s.classPrior[c] === 0) continue;
    for (let j = 0; j < d; j++) {
      if (s.varRaw[c * d + j]! + s.epsilon === 0) {
        throw new InvalidInputError(
          `${KIND}: feature ${j} of class ${String(s.encoding.classes[c])} has variance 0 and the smoothing epsilon is 0 ` +
            `(varSmoothing · max variance = ${String(s.epsilon)}); give varSmoothing > 0, or data in which some feature varies`,
        );
      }
    }
  }
}
