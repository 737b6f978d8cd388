/**
 * The machinery shared by the naive Bayes models of counts (scikit-learn's `_BaseDiscreteNB`):
 * the sufficient statistics are (weighted) class counts $N_c$ and per-class feature totals
 * $N_{cj} = \sum_{i: y_i = c} w_i x_{ij}$, which simply add up over `fit`/`partialFit` chunks;
 * additive (Laplace/Lidstone) smoothing $\alpha$; and the class log prior
 * $$\log\pi_c = \begin{cases} \log p_c & \texttt{classPrior} = p \text{ given} \\ \log N_c - \log \sum_{c'} N_{c'} & \texttt{fitPrior} \\ -\log K & \text{otherwise.}\end{cases}$$
 * Each subclass says how to read X, how to turn counts into `featureLogProb`, and how to score.
 *
 * As in scikit-learn 1.2 (`force_alpha=False`), an $\alpha < 10^{-10}$ is raised to $10^{-10}$
 * unless `forceAlpha` is set (scikit-learn also warns; library code here prints nothing).
 *
 * @see ../../../../docs/level2-classical/naive-bayes.md
 */
import {
  InvalidInputError, InvalidParamError, LabelEncoding, Matrix, NotFittedError, asMatrix, assertColumns, readCount,
  readFiniteArray, readSerialized, stateField, type Classifier, type Label, type LabelEncodingJSON, type Labels,
  type MatrixLike, type SerializedEstimator, type VectorLike,
} from '@fpml/core';
import { accuracy, argmaxRows, checkJll, checkPrior, expInPlace, jllToLogProba, partialFitLabels, readSampleWeight } from './nb-base.js';

/** Params every discrete naive Bayes has (scikit-learn's names in camelCase). */
export type DiscreteNBParams = {
  /** Additive smoothing: one number, or one per feature. */
  alpha: number | readonly number[];
  /** Keep an $\alpha < 10^{-10}$ as given instead of raising it to $10^{-10}$. */
  forceAlpha: boolean;
  /** Learn the class prior from the counts (else uniform). */
  fitPrior: boolean;
  /** Fixed class prior (one entry per class), overriding `fitPrior`. */
  classPrior: readonly number[] | null;
};

/** Options common to the discrete models. */
export interface DiscreteNBOptions {
  /** Additive (Laplace/Lidstone) smoothing $\alpha \ge 0$, a number or one per feature. @default 1 */
  alpha?: number | readonly number[];
  /** Keep a tiny $\alpha$ (below $10^{-10}$) instead of raising it to $10^{-10}$. @default false */
  forceAlpha?: boolean;
  /** Learn class priors from the (weighted) counts; `false`: uniform. @default true */
  fitPrior?: boolean;
  /** Fixed class priors (one per class, non-negative). @default null */
  classPrior?: readonly number[] | null;
}

/** The sufficient statistics and what is derived from them. */
export interface DiscreteCounts {
  K: number;
  d: number;
  classCount: Float64Array; // (K,)
  featureCount: Float64Array; // (K, d)
}

interface State extends DiscreteCounts {
  encoding: LabelEncoding;
  featureLogProb: Float64Array; // (K, d)
  classLogPrior: Float64Array; // (K,)
}

/** Saved fitted state (version 1): counts only; the log probabilities are recomputed. */
export interface DiscreteStateJSON {
  classes: Label[];
  labelKind: LabelEncodingJSON['kind'];
  nFeaturesIn: number;
  classCount: number[];
  featureCount: number[]; // (K * d)
}

const ALPHA_MIN = 1e-10;

/** Freeze-copy the common options with their defaults. */
export function discreteParams(o: DiscreteNBOptions): DiscreteNBParams {
  const alpha = o.alpha ?? 1;
  const classPrior = o.classPrior ?? null;
  return {
    alpha: Array.isArray(alpha) ? Object.freeze([...alpha]) : alpha,
    forceAlpha: o.forceAlpha ?? false,
    fitPrior: o.fitPrior ?? true,
    classPrior: Array.isArray(classPrior) ? Object.freeze([...classPrior]) : classPrior,
  };
}

/**
 * Base class of MultinomialNB, BernoulliNB and ComplementNB. Subclasses implement
 * {@link prepareX}, {@link computeFeatureLogProb} and {@link jointLogLikelihood}.
 */
export abstract class BaseDiscreteNB<P extends DiscreteNBParams> implements Classifier<P> {
  protected readonly params: Readonly<P>;
  private state: State | null = null;
  /** The class name, for errors and `toJSON`. */
  protected abstract readonly kind: string;

  protected constructor(params: P) {
    this.params = Object.freeze(params);
  }

  /** Check and transform X for counting and scoring (non-negativity, binarisation). */
  protected abstract prepareX(X: Matrix): Matrix;
  /** $\log P(x_j \mid c)$ parameters (K, d) from the counts and the per-feature $\alpha$. */
  protected abstract computeFeatureLogProb(c: DiscreteCounts, alpha: Float64Array): Float64Array;
  /** The joint log-likelihood (n, K) of prepared rows. */
  protected abstract jointLogLikelihood(c: DiscreteCounts, featureLogProb: Float64Array, classLogPrior: Float64Array, X: Matrix): Matrix;
  /** Check the subclass's own params. */
  protected checkOwnParams(): void {}

  /** A frozen copy of the params. */
  getParams(): Readonly<P> {
    return Object.freeze({ ...this.params });
  }

  get isFitted(): boolean {
    return this.state !== null;
  }

  protected fitted(method: string): State {
    if (this.state === null) throw new NotFittedError(this.kind, method);
    return this.state;
  }

  /** The labels seen in fit, sorted. */
  get classes(): readonly Label[] {
    return this.fitted('classes').encoding.classes;
  }
  /** (Weighted) samples per class $N_c$ (K,). */
  get classCount(): Float64Array {
    return this.fitted('classCount').classCount.slice();
  }
  /** (Weighted) feature totals per class $N_{cj}$ (K, d). */
  get featureCount(): Matrix {
    const s = this.fitted('featureCount');
    return new Matrix(s.K, s.d, s.featureCount.slice());
  }
  /** The smoothed log parameters of $P(x_j \mid c)$ (K, d). */
  get featureLogProb(): Matrix {
    const s = this.fitted('featureLogProb');
    return new Matrix(s.K, s.d, s.featureLogProb.slice());
  }
  /** $\log \pi_c$ (K,). */
  get classLogPrior(): Float64Array {
    return this.fitted('classLogPrior').classLogPrior.slice();
  }
  /** Columns of the training X. */
  get nFeaturesIn(): number {
    return this.fitted('nFeaturesIn').d;
  }

  /** @throws InvalidParamError naming the first bad param. */
  protected checkParams(): void {
    const { alpha, forceAlpha, fitPrior, classPrior } = this.params;
    const okAlpha = (a: unknown) => typeof a === 'number' && Number.isFinite(a) && a >= 0;
    if (!(okAlpha(alpha) || (Array.isArray(alpha) && alpha.length > 0 && alpha.every(okAlpha)))) {
      throw new InvalidParamError(this.kind, 'alpha', alpha, 'a finite number ≥ 0 or an array of them (one per feature)');
    }
    if (typeof forceAlpha !== 'boolean') throw new InvalidParamError(this.kind, 'forceAlpha', forceAlpha, 'a boolean');
    if (typeof fitPrior !== 'boolean') throw new InvalidParamError(this.kind, 'fitPrior', fitPrior, 'a boolean');
    if (classPrior !== null && !Array.isArray(classPrior)) throw new InvalidParamError(this.kind, 'classPrior', classPrior, 'null or an array of class probabilities');
    this.checkOwnParams();
  }

  /** scikit-learn's `_check_alpha`: per-feature $\alpha$, raised to $10^{-10}$ unless `forceAlpha`. */
  private alphaFor(d: number): Float64Array {
    const { alpha, forceAlpha } = this.params;
    if (typeof alpha !== 'number' && alpha.length !== d) throw new InvalidParamError(this.kind, 'alpha', alpha, `a number or an array with one entry per feature (${d})`);
    const a = typeof alpha === 'number' ? new Float64Array(d).fill(alpha) : Float64Array.from(alpha);
    if (!forceAlpha) for (let j = 0; j < d; j++) if (a[j]! < ALPHA_MIN) a[j] = ALPHA_MIN;
    return a;
  }

  private derive(encoding: LabelEncoding, counts: DiscreteCounts): State {
    const featureLogProb = this.computeFeatureLogProb(counts, this.alphaFor(counts.d));
    const K = counts.K;
    let classLogPrior: Float64Array;
    if (this.params.classPrior !== null) {
      classLogPrior = checkPrior(this.kind, 'classPrior', this.params.classPrior, K, false).map(Math.log);
    } else if (this.params.fitPrior) {
      let total = 0;
      for (const v of counts.classCount) total += v;
      const lt = Math.log(total);
      classLogPrior = counts.classCount.map((v) => Math.log(v) - lt);
    } else {
      classLogPrior = new Float64Array(K).fill(-Math.log(K));
    }
    return { ...counts, encoding, featureLogProb, classLogPrior };
  }

  /** Add (weighted) rows to the counts. */
  private accumulate(counts: DiscreteCounts, X: Matrix, codes: Int32Array, w: Float64Array | null): void {
    const d = counts.d;
    for (let i = 0; i < X.rows; i++) {
      const c = codes[i]!;
      const wi = w === null ? 1 : w[i]!;
      counts.classCount[c] = counts.classCount[c]! + wi;
      const o = c * d;
      for (let j = 0; j < d; j++) counts.featureCount[o + j] = counts.featureCount[o + j]! + wi * X.data[i * d + j]!;
    }
  }

  /**
   * Count the training data from scratch.
   * @param X (n, d). @param y (n,) labels. @param sampleWeight (n,) non-negative weights. @default null (all 1)
   * @throws InvalidParamError, ShapeError, InvalidInputError.
   */
  fit(X: MatrixLike, y: Labels, sampleWeight?: VectorLike | null): this {
    this.checkParams();
    const Xm = this.prepareX(asMatrix(X, 'X'));
    const { encoding, codes } = LabelEncoding.fit(y, 'y', Xm.rows);
    const w = readSampleWeight(this.kind, sampleWeight, Xm.rows);
    const counts: DiscreteCounts = { K: encoding.nClasses, d: Xm.cols, classCount: new Float64Array(encoding.nClasses), featureCount: new Float64Array(encoding.nClasses * Xm.cols) };
    this.accumulate(counts, Xm, codes, w);
    this.state = this.derive(encoding, counts);
    return this;
  }

  /**
   * Add one more chunk to the counts (online learning): chunks give exactly the counts of one
   * `fit` on all their rows. The first call needs `classes` (every label that can occur).
   * @throws ShapeError if the chunk's width differs; InvalidInputError for unknown labels.
   */
  partialFit(X: MatrixLike, y: Labels, classes?: Labels | null, sampleWeight?: VectorLike | null): this {
    this.checkParams();
    const Xm = this.prepareX(asMatrix(X, 'X'));
    const prev = this.state;
    if (prev !== null) assertColumns(Xm, prev.d);
    const { encoding, codes } = partialFitLabels(this.kind, prev?.encoding ?? null, y, classes, Xm.rows);
    const w = readSampleWeight(this.kind, sampleWeight, Xm.rows);
    const K = encoding.nClasses;
    const counts: DiscreteCounts =
      prev === null
        ? { K, d: Xm.cols, classCount: new Float64Array(K), featureCount: new Float64Array(K * Xm.cols) }
        : { K, d: prev.d, classCount: prev.classCount.slice(), featureCount: prev.featureCount.slice() };
    this.accumulate(counts, Xm, codes, w);
    this.state = this.derive(encoding, counts);
    return this;
  }

  private checkX(X: MatrixLike, method: string): { s: State; Xm: Matrix } {
    const s = this.fitted(method);
    const Xm = asMatrix(X, 'X');
    assertColumns(Xm, s.d);
    return { s, Xm };
  }

  private jll(X: MatrixLike, method: string): { s: State; J: Matrix } {
    const { s, Xm } = this.checkX(X, method);
    const J = checkJll(this.kind, this.jointLogLikelihood(s, s.featureLogProb, s.classLogPrior, this.prepareX(Xm)));
    return { s, J };
  }

  /** Joint log-likelihood $J_{ic}$ (n, K) (scikit-learn's `predict_joint_log_proba`). */
  predictJointLogProba(X: MatrixLike): Matrix {
    return this.jll(X, 'predictJointLogProba').J;
  }
  /** Log posteriors (n, K). */
  predictLogProba(X: MatrixLike): Matrix {
    return jllToLogProba(this.kind, this.jll(X, 'predictLogProba').J);
  }
  /** Posteriors (n, K); rows sum to 1. */
  predictProba(X: MatrixLike): Matrix {
    return expInPlace(jllToLogProba(this.kind, this.jll(X, 'predictProba').J));
  }
  /** $\arg\max_c J_{ic}$ as labels. */
  predict(X: MatrixLike): Int32Array | Label[] {
    const { s, J } = this.jll(X, 'predict');
    return s.encoding.decode(argmaxRows(J));
  }
  /** Mean accuracy of `predict(X)` against `y`. */
  score(X: MatrixLike, y: Labels): number {
    const { s, Xm } = this.checkX(X, 'score');
    const truth = s.encoding.encode(y, 'y', Xm.rows);
    return accuracy(truth, argmaxRows(this.jll(Xm, 'score').J));
  }

  /** `{ kind, version: 1, params, state }` with the counts as state. */
  toJSON(): SerializedEstimator<P, DiscreteStateJSON> {
    const s = this.state;
    const p = this.params;
    const alpha: number | readonly number[] = p.alpha;
    const prior: readonly number[] | null = p.classPrior;
    const params = { ...p, alpha: typeof alpha === 'number' ? alpha : [...alpha], classPrior: prior === null ? null : [...prior] };
    if (s === null) return { kind: this.kind, version: 1, params, state: null };
    const state = { classes: [...s.encoding.classes], labelKind: s.encoding.kind, nFeaturesIn: s.d, classCount: Array.from(s.classCount), featureCount: Array.from(s.featureCount) };
    return { kind: this.kind, version: 1, params, state };
  }

  /** Load a saved state into this (unfitted, param-checked) model: the `fromJSON` of each subclass. */
  protected restore(json: unknown): this {
    const saved = readSerialized(json, this.kind, [1]);
    this.checkParams();
    if (saved.state === null) return this;
    const st = saved.state;
    const k = this.kind;
    const encoding = LabelEncoding.fromJSON({ classes: stateField(st, k, 'classes') as Label[], kind: stateField(st, k, 'labelKind') as LabelEncodingJSON['kind'] }, k);
    const K = encoding.nClasses;
    const d = readCount(st, k, 'nFeaturesIn');
    const counts: DiscreteCounts = { K, d, classCount: readFiniteArray(st, k, 'classCount', K), featureCount: readFiniteArray(st, k, 'featureCount', K * d) };
    if ([...counts.classCount, ...counts.featureCount].some((v) => v < 0)) throw new InvalidInputError(`${k}.fromJSON: counts must be non-negative`);
    this.state = this.derive(encoding, counts);
    return this;
  }
}

/**
 * Reject negative entries (the multinomial and complement models read X as counts).
 * @throws InvalidInputError naming the first one.
 */
export function assertNonNegative(owner: string, X: Matrix): Matrix {
  for (let t = 0; t < X.data.length; t++) {
    if (X.data[t]! < 0) throw new InvalidInputError(`${owner}: X must be non-negative (counts or frequencies), got ${X.data[t]} at (${Math.floor(t / X.cols)}, ${t % X.cols})`);
  }
  return X;
}

/** $\sum_j x_{ij} W_{cj}$ (n, K), skipping $x_{ij} = 0$ (so a $-\infty$ weight of an absent feature gives no NaN). $O(nKd)$. */
export function sparseDotT(X: Matrix, W: Float64Array, K: number): Matrix {
  const d = X.cols;
  const J = new Matrix(X.rows, K);
  for (let i = 0; i < X.rows; i++) {
    const o = i * d;
    for (let c = 0; c < K; c++) {
      const wc = c * d;
      let s = 0;
      for (let j = 0; j < d; j++) {
        const x = X.data[o + j]!;
        if (x !== 0) s += x * W[wc + j]!;
      }
      J.data[i * K + c] = s;
    }
  }
  return J;
}
