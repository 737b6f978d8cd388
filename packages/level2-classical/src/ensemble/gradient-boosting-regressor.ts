/**
 * GradientBoostingRegressor: Friedman's gradient boosting with regression trees, scikit-learn
 * 1.2's `GradientBoostingRegressor` step for step (same losses, priors, leaf line searches,
 * stage order, subsampling scheme and attributes).
 *
 * $$F_M(x) = F_0 + \nu \sum_{m=1}^{M} \sum_j \gamma_{jm}\,[x \in R_{jm}],$$
 * each tree fitted (criterion `friedman_mse`, depth 3) to the negative gradient of the loss at
 * $F_{m-1}$ and its leaves re-set by the loss's line search (see `gradient-boosting-losses.ts`).
 *
 * Versus {@link HistGradientBoostingRegressor}: exact thresholds (midpoints of sorted values, all
 * of them tried), depth-first trees of fixed depth, a line search in place of the Newton leaf
 * value, and $O(d\,n)$ per tree level in place of $O(d \cdot \texttt{maxBins})$ per split: exact
 * but slower on large n (see the docs page's benchmark).
 * @see ../../../../docs/level2-classical/boosting.md
 */
import { InvalidParamError, Matrix, NotFittedError, asMatrix, asVector, assertColumns, r2Score, readSerialized, registerEstimator, type MatrixLike, type Regressor, type SerializedEstimator, type VectorLike } from '@fpml/core';
import type { Tree } from '../tree/index.js';
import { type GBModel, type GBModelJSON, fitGB, gbFeatureImportances, gbModelFromJSON, gbModelToJSON, rawPredictGB, stagedRaw } from './gradient-boosting-base.js';
import { checkSampleWeight } from './gradient-boosting-input.js';
import { type GBLoss, huberLoss, leastAbsolute, leastSquares, quantileLoss } from './gradient-boosting-losses.js';
import { type GradientBoostingCommonOptions, type GradientBoostingCommonParams, checkGbParams, gbDefaults } from './gradient-boosting-params.js';

/** Losses of {@link GradientBoostingRegressor}. */
export type GradientBoostingRegressionLoss = 'squared_error' | 'absolute_error' | 'huber' | 'quantile';
const LOSSES: readonly GradientBoostingRegressionLoss[] = ['squared_error', 'absolute_error', 'huber', 'quantile'];

/** Options of {@link GradientBoostingRegressor}. */
export interface GradientBoostingRegressorOptions extends GradientBoostingCommonOptions {
  /** Loss to minimise. @default 'squared_error' */
  loss?: GradientBoostingRegressionLoss;
  /** Huber: the quantile of |y − F| where the loss turns linear; quantile: the target quantile. @default 0.9 */
  alpha?: number;
}

/** Params of a {@link GradientBoostingRegressor}, defaults filled in. */
export type GradientBoostingRegressorParams = GradientBoostingCommonParams & { loss: GradientBoostingRegressionLoss; alpha: number };

const KIND = 'GradientBoostingRegressor';
const VERSION = 1;

/**
 * @example
 * const gb = new GradientBoostingRegressor({ nEstimators: 200, learningRate: 0.05, subsample: 0.8, seed: 1 }).fit(X, y);
 * gb.predict(Xtest);        // Float64Array
 * gb.trainScore;            // in-bag loss after every stage
 * gb.oobImprovement;        // out-of-bag loss decrease per stage (subsample < 1)
 */
export class GradientBoostingRegressor implements Regressor<GradientBoostingRegressorParams> {
  private readonly params: Readonly<GradientBoostingRegressorParams>;
  private state: GBModel | null = null;

  /** Stores the params (defaults filled in); checks nothing: `fit` does. */
  constructor(options: GradientBoostingRegressorOptions = {}) {
    this.params = Object.freeze({ loss: options.loss ?? 'squared_error', alpha: options.alpha ?? 0.9, ...gbDefaults(options) });
  }

  getParams(): Readonly<GradientBoostingRegressorParams> {
    return Object.freeze({ ...this.params });
  }

  get isFitted(): boolean {
    return this.state !== null;
  }

  private fitted(method: string): GBModel {
    if (this.state === null) throw new NotFittedError(KIND, method);
    return this.state;
  }

  /** Stages fitted (fewer than the param with early stopping). */
  get nEstimators(): number {
    return this.fitted('nEstimators').trees.length;
  }

  /** The fitted trees, one per stage (copies; their leaf values are the line-search steps before ν). */
  get estimators(): Tree[] {
    return this.fitted('estimators').trees.map((s) => s[0]!.clone());
  }

  /** Training loss after each stage (in-bag with subsampling). */
  get trainScore(): Float64Array {
    return this.fitted('trainScore').trainScore.slice();
  }

  /** Out-of-bag loss decrease of each stage; null when subsample = 1. */
  get oobImprovement(): Float64Array | null {
    return this.fitted('oobImprovement').oobImprovement?.slice() ?? null;
  }

  /** Impurity-based importances, mean over the trees, summing to 1. */
  get featureImportances(): Float64Array {
    return gbFeatureImportances(this.fitted('featureImportances'));
  }

  /** $F_0$: the prior's raw prediction (mean, median or quantile of y, or 0 with init 'zero'). */
  get initPrediction(): number {
    return this.fitted('initPrediction').initRaw[0]!;
  }

  get nFeaturesIn(): number {
    return this.fitted('nFeaturesIn').nFeaturesIn;
  }

  private checkParams(): void {
    const { loss, alpha } = this.params;
    if (!LOSSES.includes(loss)) throw new InvalidParamError(KIND, 'loss', loss, LOSSES.map((l) => `'${l}'`).join(', '));
    if (!(typeof alpha === 'number' && alpha > 0 && alpha < 1)) throw new InvalidParamError(KIND, 'alpha', alpha, 'a number in (0, 1)');
    checkGbParams(KIND, this.params);
  }

  private makeLoss(): GBLoss {
    const { loss, alpha } = this.params;
    if (loss === 'absolute_error') return leastAbsolute;
    if (loss === 'huber') return huberLoss(alpha);
    if (loss === 'quantile') return quantileLoss(alpha);
    return leastSquares;
  }

  private checkX(X: MatrixLike, method: string): Matrix {
    const s = this.fitted(method);
    const Xm = asMatrix(X, 'X');
    assertColumns(Xm, s.nFeaturesIn);
    return Xm;
  }

  /**
   * Fit the stages.
   * @param X (n, d); @param y (n,); @param sampleWeight (n,) optional non-negative weights.
   */
  fit(X: MatrixLike, y: VectorLike, sampleWeight?: VectorLike): this {
    this.checkParams();
    const Xm = asMatrix(X, 'X');
    const yv = asVector(y, 'y', { length: Xm.rows });
    const w = sampleWeight === undefined ? null : checkSampleWeight(sampleWeight, Xm.rows);
    this.state = fitGB(KIND, Xm, yv, w, this.makeLoss(), this.params, null);
    return this;
  }

  /** $F_M(x)$, (n,). */
  predict(X: MatrixLike): Float64Array {
    return rawPredictGB(this.fitted('predict'), this.checkX(X, 'predict'), this.params.learningRate)[0]!;
  }

  /** $F_m(x)$ after each stage $m = 1..M$ (sklearn's `staged_predict`); the last equals `predict`. */
  *stagedPredict(X: MatrixLike): Generator<Float64Array> {
    for (const raw of stagedRaw(this.fitted('stagedPredict'), this.checkX(X, 'stagedPredict'), this.params.learningRate)) yield raw[0]!;
  }

  /** $R^2$ of `predict(X)`. */
  score(X: MatrixLike, y: VectorLike): number {
    const pred = this.predict(X);
    return r2Score(asVector(y, 'y', { length: pred.length }), pred);
  }

  toJSON(): SerializedEstimator<GradientBoostingRegressorParams, GBModelJSON> {
    return { kind: KIND, version: VERSION, params: { ...this.params }, state: this.state === null ? null : gbModelToJSON(this.state) };
  }

  static fromJSON(json: unknown): GradientBoostingRegressor {
    const saved = readSerialized(json, KIND, [VERSION]);
    const model = new GradientBoostingRegressor(saved.params as GradientBoostingRegressorOptions);
    model.checkParams();
    if (saved.state !== null) model.state = gbModelFromJSON(saved.state, KIND, 1);
    return model;
  }
}

registerEstimator(KIND, GradientBoostingRegressor.fromJSON);
