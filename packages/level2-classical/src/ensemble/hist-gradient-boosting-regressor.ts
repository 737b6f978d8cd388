/**
 * HistGradientBoostingRegressor: gradient boosting of histogram trees on the squared error
 * (scikit-learn 1.2's `HistGradientBoostingRegressor`, same params and defaults).
 *
 * Model: $F(x) = F_0 + \sum_{m=1}^{M} T_m(x)$ with $F_0 = \bar y$ and each $T_m$ a best-first tree
 * of at most `maxLeafNodes` leaves grown on binned features, with leaf values the shrunk Newton
 * step on the half squared error $\tfrac12 (y - F)^2$:
 * $$v_\text{leaf} = -\nu \frac{\sum_{i \in \text{leaf}} (F_i - y_i)}{|\text{leaf}| + \lambda},$$
 * i.e. $\nu$ times the (ridge-shrunk) mean residual of the leaf. Binning makes the split search
 * $O(d \cdot \texttt{maxBins})$ per node instead of $O(n d)$ after sorting, which is the whole
 * speed difference to {@link GradientBoostingRegressor}.
 *
 * NaN in X is rejected unless `allowNan: true` (sklearn always accepts it); then it is a missing
 * value, sent at each split to the side that lowers the loss more.
 * @see ../../../../docs/level2-classical/boosting.md
 */
import { InvalidParamError, Matrix, NotFittedError, asMatrix, asVector, assertColumns, r2Score, readSerialized, registerEstimator, type MatrixLike, type Regressor, type SerializedEstimator, type VectorLike } from '@fpml/core';
import { checkSampleWeight } from './gradient-boosting-input.js';
import { rejectInfinite } from './hist-binning.js';
import { type HistCommonParams, type HistModel, type HistModelJSON, checkHistParams, fitHist, histDefaults, histModelFromJSON, histModelToJSON, rawPredict, stagedRawPredict } from './hist-gradient-boosting-base.js';
import { squaredError } from './hist-losses.js';
import { nLeaves } from './hist-predictor.js';

/** Options of {@link HistGradientBoostingRegressor}. */
export interface HistGradientBoostingRegressorOptions {
  /** Loss; only the squared error. @default 'squared_error' */
  loss?: 'squared_error';
  /** Shrinkage $\nu$ of every leaf value. @default 0.1 */
  learningRate?: number;
  /** Boosting iterations $M$ (one tree each). @default 100 */
  maxIter?: number;
  /** Leaves per tree (best-first growth); null = no limit. @default 31 */
  maxLeafNodes?: number | null;
  /** Depth limit per tree (edges from the root); null = none. @default null */
  maxDepth?: number | null;
  /** Minimum samples in a leaf. @default 20 */
  minSamplesLeaf?: number;
  /** $\lambda$ in the leaf value $-G/(H+\lambda)$ and the split gain. @default 0 */
  l2Regularization?: number;
  /** Bins for non-missing values per feature, in [2, 255]. @default 255 */
  maxBins?: number;
  /** Hold out a validation set and stop early; 'auto' = when n > 10 000. @default 'auto' */
  earlyStopping?: 'auto' | boolean;
  /** Held-out fraction (or count) for early stopping; null = score on the training data. @default 0.1 */
  validationFraction?: number | null;
  /** Stop when none of the last nIterNoChange scores improves by more than tol. @default 10 */
  nIterNoChange?: number;
  /** Improvement threshold of early stopping. @default 1e-7 */
  tol?: number;
  /** Accept NaN in X as missing values (sklearn always does). @default false */
  allowNan?: boolean;
  /** Seed of the early-stopping split (and of the binning subsample above 200 000 rows). @default 0 */
  seed?: number;
}

/** Params of a {@link HistGradientBoostingRegressor}, defaults filled in. */
export type HistGradientBoostingRegressorParams = HistCommonParams & { loss: 'squared_error' };

const KIND = 'HistGradientBoostingRegressor';
const VERSION = 1;

/**
 * @example
 * const reg = new HistGradientBoostingRegressor({ maxIter: 200, learningRate: 0.05 }).fit(X, y);
 * reg.predict(Xtest); // Float64Array
 * reg.nIter;          // iterations run (fewer than maxIter with early stopping)
 */
export class HistGradientBoostingRegressor implements Regressor<HistGradientBoostingRegressorParams> {
  private readonly params: Readonly<HistGradientBoostingRegressorParams>;
  private state: HistModel | null = null;

  /** Stores the params (defaults filled in); checks nothing: `fit` does. */
  constructor(options: HistGradientBoostingRegressorOptions = {}) {
    this.params = Object.freeze({ loss: options.loss ?? 'squared_error', ...histDefaults(options) });
  }

  getParams(): Readonly<HistGradientBoostingRegressorParams> {
    return Object.freeze({ ...this.params });
  }

  get isFitted(): boolean {
    return this.state !== null;
  }

  private fitted(method: string): HistModel {
    if (this.state === null) throw new NotFittedError(KIND, method);
    return this.state;
  }

  /** Iterations run. */
  get nIter(): number {
    return this.fitted('nIter').trees.length;
  }

  /** Trees per iteration (1). */
  get nTreesPerIteration(): number {
    return 1;
  }

  /** Whether early stopping was used. */
  get doEarlyStopping(): boolean {
    return this.fitted('doEarlyStopping').doEarlyStopping;
  }

  /** $-$mean loss on the training part after 0..nIter iterations (empty without early stopping, as in sklearn). */
  get trainScore(): Float64Array {
    return this.fitted('trainScore').trainScore.slice();
  }

  /** $-$mean loss on the validation part (empty without early stopping or validation data). */
  get validationScore(): Float64Array {
    return this.fitted('validationScore').validationScore.slice();
  }

  /** Upper bin edges per feature (copies). */
  get binThresholds(): Float64Array[] {
    return this.fitted('binThresholds').binning.thresholds.map((t) => t.slice());
  }

  /** The baseline $F_0 = \bar y$. */
  get baselinePrediction(): number {
    return this.fitted('baselinePrediction').baseline[0]!;
  }

  /** Leaves of each tree, in fit order. */
  get nLeavesPerTree(): Int32Array {
    return Int32Array.from(this.fitted('nLeavesPerTree').trees, (s) => nLeaves(s[0]!));
  }

  get nFeaturesIn(): number {
    return this.fitted('nFeaturesIn').binning.thresholds.length;
  }

  private checkParams(): void {
    if (this.params.loss !== 'squared_error') throw new InvalidParamError(KIND, 'loss', this.params.loss, "'squared_error'");
    checkHistParams(KIND, this.params);
  }

  private checkX(X: MatrixLike, nFeatures?: number): Matrix {
    const Xm = asMatrix(X, 'X', { finite: !this.params.allowNan });
    if (this.params.allowNan) rejectInfinite(Xm);
    if (nFeatures !== undefined) assertColumns(Xm, nFeatures);
    return Xm;
  }

  /**
   * Fit $M$ trees to the squared error.
   * @param X (n, d); @param y (n,); @param sampleWeight (n,) non-negative weights, optional.
   */
  fit(X: MatrixLike, y: VectorLike, sampleWeight?: VectorLike): this {
    this.checkParams();
    const Xm = this.checkX(X);
    const yv = asVector(y, 'y', { length: Xm.rows });
    const w = sampleWeight === undefined ? null : checkSampleWeight(sampleWeight, Xm.rows);
    this.state = fitHist(Xm, yv, w, squaredError, this.params, null);
    return this;
  }

  /** $F(x)$, (n,). @param X (n, nFeaturesIn). */
  predict(X: MatrixLike): Float64Array {
    const s = this.fitted('predict');
    return rawPredict(s, this.checkX(X, s.binning.thresholds.length))[0]!;
  }

  /** Predictions after each iteration (sklearn's `staged_predict`); the last equals `predict`. */
  *stagedPredict(X: MatrixLike): Generator<Float64Array> {
    const s = this.fitted('stagedPredict');
    for (const raw of stagedRawPredict(s, this.checkX(X, s.binning.thresholds.length))) yield raw[0]!;
  }

  /** $R^2$ of `predict(X)`. */
  score(X: MatrixLike, y: VectorLike): number {
    const pred = this.predict(X);
    return r2Score(asVector(y, 'y', { length: pred.length }), pred);
  }

  toJSON(): SerializedEstimator<HistGradientBoostingRegressorParams, HistModelJSON> {
    return { kind: KIND, version: VERSION, params: { ...this.params }, state: this.state === null ? null : histModelToJSON(this.state) };
  }

  static fromJSON(json: unknown): HistGradientBoostingRegressor {
    const saved = readSerialized(json, KIND, [VERSION]);
    const model = new HistGradientBoostingRegressor(saved.params as HistGradientBoostingRegressorOptions);
    model.checkParams();
    if (saved.state !== null) model.state = histModelFromJSON(saved.state, KIND, 1);
    return model;
  }
}

registerEstimator(KIND, HistGradientBoostingRegressor.fromJSON);
