/**
 * HistGradientBoostingClassifier: gradient boosting of histogram trees on the log loss
 * (scikit-learn 1.2's `HistGradientBoostingClassifier`, same params and defaults).
 *
 * - Two classes: one tree per iteration on the logit $F$, $p(y = 1 \mid x) = \sigma(F(x))$,
 *   $F_0 = \operatorname{logit}\bar y$; leaf values $-\nu \sum (p_i - y_i) / (\sum p_i(1-p_i) + \lambda)$.
 * - $K > 2$ classes: $K$ trees per iteration, one per class logit, $p = \operatorname{softmax}(F)$,
 *   $F_{0k} = \log \pi_k - \frac1K \sum_j \log \pi_j$; leaf values use the gradient $p_k - [y = k]$
 *   and the diagonal hessian $p_k(1-p_k)$, all computed at the start of the iteration.
 *
 * The Newton leaf value is one step of Newton's method on the leaf's own loss, started at zero:
 * exact for the squared error, a good step for the log loss because the hessian is the local
 * curvature (see the docs page for the derivation and where it overshoots).
 * @see ../../../../docs/level2-classical/boosting.md
 */
import { InvalidInputError, InvalidParamError, LabelEncoding, Matrix, NotFittedError, asMatrix, assertColumns, readSerialized, registerEstimator, stateField, type Classifier, type Label, type LabelEncodingJSON, type Labels, type MatrixLike, type SerializedEstimator, type VectorLike } from '@fpml/core';
import { checkSampleWeight } from './gradient-boosting-input.js';
import { expit } from './gradient-boosting-numeric.js';
import { rejectInfinite } from './hist-binning.js';
import { type HistCommonParams, type HistModel, type HistModelJSON, checkHistParams, fitHist, histDefaults, histModelFromJSON, histModelToJSON, rawPredict, stagedRawPredict } from './hist-gradient-boosting-base.js';
import { binomialLoss, multinomialLoss } from './hist-losses.js';
import type { HistGradientBoostingRegressorOptions } from './hist-gradient-boosting-regressor.js';

/** Options of {@link HistGradientBoostingClassifier} (the regressor's, with the log loss). */
export type HistGradientBoostingClassifierOptions = Omit<HistGradientBoostingRegressorOptions, 'loss'> & {
  /** Loss; only the (binary or multinomial) log loss. @default 'log_loss' */
  loss?: 'log_loss';
};

/** Params of a {@link HistGradientBoostingClassifier}, defaults filled in. */
export type HistGradientBoostingClassifierParams = HistCommonParams & { loss: 'log_loss' };

const KIND = 'HistGradientBoostingClassifier';
const VERSION = 1;

interface FittedState {
  model: HistModel;
  encoding: LabelEncoding;
}

/** Class probabilities (n, K) from raw predictions: sigmoid for one slot, softmax for K. */
export function probaFromRaw(raw: Float64Array[], nClasses: number): Matrix {
  const n = raw[0]!.length;
  const P = new Matrix(n, nClasses); // (n, K)
  if (raw.length === 1) {
    for (let i = 0; i < n; i++) {
      const p1 = expit(raw[0]![i]!);
      P.data[2 * i + 1] = p1;
      P.data[2 * i] = 1 - p1;
    }
    return P;
  }
  for (let i = 0; i < n; i++) {
    let m = -Infinity;
    for (let k = 0; k < nClasses; k++) if (raw[k]![i]! > m) m = raw[k]![i]!;
    let s = 0;
    for (let k = 0; k < nClasses; k++) {
      const e = Math.exp(raw[k]![i]! - m);
      P.data[i * nClasses + k] = e;
      s += e;
    }
    for (let k = 0; k < nClasses; k++) P.data[i * nClasses + k] /= s;
  }
  return P;
}

/** Row-wise argmax (first maximum), (n,). */
export function argmaxRows(P: Matrix): Int32Array {
  const out = new Int32Array(P.rows);
  for (let i = 0; i < P.rows; i++) {
    let b = 0;
    for (let k = 1; k < P.cols; k++) if (P.data[i * P.cols + k]! > P.data[i * P.cols + b]!) b = k;
    out[i] = b;
  }
  return out;
}

/**
 * @example
 * const clf = new HistGradientBoostingClassifier({ maxIter: 50 }).fit(X, labels);
 * clf.predictProba(Xtest); // (n, K), rows sum to 1
 * clf.predict(Xtest);      // labels
 */
export class HistGradientBoostingClassifier implements Classifier<HistGradientBoostingClassifierParams> {
  private readonly params: Readonly<HistGradientBoostingClassifierParams>;
  private state: FittedState | null = null;

  /** Stores the params (defaults filled in); checks nothing: `fit` does. */
  constructor(options: HistGradientBoostingClassifierOptions = {}) {
    this.params = Object.freeze({ loss: options.loss ?? 'log_loss', ...histDefaults(options) });
  }

  getParams(): Readonly<HistGradientBoostingClassifierParams> {
    return Object.freeze({ ...this.params });
  }

  get isFitted(): boolean {
    return this.state !== null;
  }

  private fitted(method: string): FittedState {
    if (this.state === null) throw new NotFittedError(KIND, method);
    return this.state;
  }

  get classes(): readonly Label[] {
    return this.fitted('classes').encoding.classes;
  }

  get nClasses(): number {
    return this.fitted('nClasses').encoding.nClasses;
  }

  /** Iterations run. */
  get nIter(): number {
    return this.fitted('nIter').model.trees.length;
  }

  /** Trees per iteration: 1 for two classes, K otherwise. */
  get nTreesPerIteration(): number {
    return this.fitted('nTreesPerIteration').model.baseline.length;
  }

  get doEarlyStopping(): boolean {
    return this.fitted('doEarlyStopping').model.doEarlyStopping;
  }

  /** $-$mean log loss on the training part after 0..nIter iterations (empty without early stopping). */
  get trainScore(): Float64Array {
    return this.fitted('trainScore').model.trainScore.slice();
  }

  /** $-$mean log loss on the validation part (empty without early stopping or validation data). */
  get validationScore(): Float64Array {
    return this.fitted('validationScore').model.validationScore.slice();
  }

  /** Upper bin edges per feature (copies). */
  get binThresholds(): Float64Array[] {
    return this.fitted('binThresholds').model.binning.thresholds.map((t) => t.slice());
  }

  /** The baseline raw prediction $F_0$, (nTreesPerIteration,). */
  get baselinePrediction(): Float64Array {
    return this.fitted('baselinePrediction').model.baseline.slice();
  }

  get nFeaturesIn(): number {
    return this.fitted('nFeaturesIn').model.binning.thresholds.length;
  }

  private checkParams(): void {
    if (this.params.loss !== 'log_loss') throw new InvalidParamError(KIND, 'loss', this.params.loss, "'log_loss'");
    checkHistParams(KIND, this.params);
  }

  private checkX(X: MatrixLike, nFeatures?: number): Matrix {
    const Xm = asMatrix(X, 'X', { finite: !this.params.allowNan });
    if (this.params.allowNan) rejectInfinite(Xm);
    if (nFeatures !== undefined) assertColumns(Xm, nFeatures);
    return Xm;
  }

  /**
   * Fit the trees to the log loss.
   * @param X (n, d); @param y (n,) labels; @param sampleWeight (n,) optional.
   * @throws InvalidInputError for fewer than two classes.
   */
  fit(X: MatrixLike, y: Labels, sampleWeight?: VectorLike): this {
    this.checkParams();
    const Xm = this.checkX(X);
    const { encoding, codes } = LabelEncoding.fit(y, 'y', Xm.rows);
    if (encoding.nClasses < 2) throw new InvalidInputError(`${KIND} needs at least 2 classes in y, got 1 (${String(encoding.classes[0])})`);
    const w = sampleWeight === undefined ? null : checkSampleWeight(sampleWeight, Xm.rows);
    const loss = encoding.nClasses === 2 ? binomialLoss : multinomialLoss(encoding.nClasses);
    const model = fitHist(Xm, Float64Array.from(codes), w, loss, this.params, codes);
    this.state = { model, encoding };
    return this;
  }

  /** Raw predictions $F(x)$: (n, 1) for two classes, (n, K) otherwise (sklearn's `decision_function`). */
  decisionFunction(X: MatrixLike): Matrix {
    const s = this.fitted('decisionFunction');
    const raw = rawPredict(s.model, this.checkX(X, this.nFeaturesIn));
    const n = raw[0]!.length, K = raw.length;
    const out = new Matrix(n, K);
    for (let k = 0; k < K; k++) for (let i = 0; i < n; i++) out.data[i * K + k] = raw[k]![i]!;
    return out;
  }

  /** Class probabilities (n, K), columns in `classes` order. */
  predictProba(X: MatrixLike): Matrix {
    const s = this.fitted('predictProba');
    return probaFromRaw(rawPredict(s.model, this.checkX(X, this.nFeaturesIn)), s.encoding.nClasses);
  }

  /** Most probable labels. */
  predict(X: MatrixLike): Int32Array | Label[] {
    const s = this.fitted('predict');
    return s.encoding.decode(argmaxRows(this.predictProba(X)));
  }

  /** Probabilities after each iteration (sklearn's `staged_predict_proba`). */
  *stagedPredictProba(X: MatrixLike): Generator<Matrix> {
    const s = this.fitted('stagedPredictProba');
    for (const raw of stagedRawPredict(s.model, this.checkX(X, this.nFeaturesIn))) yield probaFromRaw(raw, s.encoding.nClasses);
  }

  /** Labels after each iteration (sklearn's `staged_predict`); the last equals `predict`. */
  *stagedPredict(X: MatrixLike): Generator<Int32Array | Label[]> {
    const s = this.fitted('stagedPredict');
    for (const P of this.stagedPredictProba(X)) yield s.encoding.decode(argmaxRows(P));
  }

  /** Mean accuracy of `predict(X)`. */
  score(X: MatrixLike, y: Labels): number {
    const s = this.fitted('score');
    const Xm = this.checkX(X, this.nFeaturesIn);
    const truth = s.encoding.encode(y, 'y', Xm.rows);
    const pred = argmaxRows(probaFromRaw(rawPredict(s.model, Xm), s.encoding.nClasses));
    let hits = 0;
    for (let i = 0; i < truth.length; i++) if (truth[i] === pred[i]) hits++;
    return hits / truth.length;
  }

  toJSON(): SerializedEstimator<HistGradientBoostingClassifierParams, HistModelJSON & { classes: Label[]; labelKind: LabelEncodingJSON['kind'] }> {
    const s = this.state;
    const state = s === null ? null : { ...histModelToJSON(s.model), classes: [...s.encoding.classes], labelKind: s.encoding.kind };
    return { kind: KIND, version: VERSION, params: { ...this.params }, state };
  }

  static fromJSON(json: unknown): HistGradientBoostingClassifier {
    const saved = readSerialized(json, KIND, [VERSION]);
    const model = new HistGradientBoostingClassifier(saved.params as HistGradientBoostingClassifierOptions);
    model.checkParams();
    if (saved.state === null) return model;
    const st = saved.state;
    const encoding = LabelEncoding.fromJSON({ classes: stateField(st, KIND, 'classes') as Label[], kind: stateField(st, KIND, 'labelKind') as LabelEncodingJSON['kind'] }, KIND);
    if (encoding.nClasses < 2) throw new InvalidInputError(`${KIND}.fromJSON: a fitted model has at least 2 classes`);
    model.state = { model: histModelFromJSON(st, KIND, encoding.nClasses === 2 ? 1 : encoding.nClasses), encoding };
    return model;
  }
}

registerEstimator(KIND, HistGradientBoostingClassifier.fromJSON);
