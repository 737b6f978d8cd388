/**
 * GradientBoostingClassifier: gradient boosting on the log loss with regression trees,
 * scikit-learn 1.2's `GradientBoostingClassifier` step for step.
 *
 * - Two classes: one tree per stage on the logit, $p_1(x) = \sigma(F(x))$, prior
 *   $F_0 = \log\frac{\pi_1}{1-\pi_1}$, trees fitted to $r = y - p$, leaf values one Newton step
 *   $\gamma = \sum_{\text{leaf}} w r \,/ \sum_{\text{leaf}} w\, p(1-p)$.
 * - $K > 2$ classes: $K$ trees per stage, tree $k$ fitted to $[y = k] - p_k$ with all $p$ taken at
 *   the previous stage, leaf values $\frac{K-1}{K}\sum w r / \sum w\, p_k(1-p_k)$,
 *   $p = \operatorname{softmax}(F)$, prior $F_{0k} = \log\pi_k$.
 *
 * Versus {@link HistGradientBoostingClassifier}: same Newton leaf idea, but the tree is grown on
 * the residual with the friedman_mse criterion (a least-squares fit of the gradient) and only its
 * leaf values use the hessian; the histogram version uses $G^2/(H+\lambda)$ for the splits too.
 * @see ../../../../docs/level2-classical/boosting.md
 */
import { InvalidInputError, InvalidParamError, LabelEncoding, Matrix, NotFittedError, asMatrix, assertColumns, readSerialized, registerEstimator, stateField, type Classifier, type Label, type LabelEncodingJSON, type Labels, type MatrixLike, type SerializedEstimator, type VectorLike } from '@fpml/core';
import type { Tree } from '../tree/index.js';
import { type GBModel, type GBModelJSON, fitGB, gbFeatureImportances, gbModelFromJSON, gbModelToJSON, rawPredictGB, stagedRaw } from './gradient-boosting-base.js';
import { checkSampleWeight } from './gradient-boosting-input.js';
import { binomialDeviance, multinomialDeviance } from './gradient-boosting-losses.js';
import { expit, logsumexp } from './gradient-boosting-numeric.js';
import { type GradientBoostingCommonOptions, type GradientBoostingCommonParams, checkGbParams, gbDefaults } from './gradient-boosting-params.js';
import { argmaxRows } from './hist-gradient-boosting-classifier.js';

/** Options of {@link GradientBoostingClassifier}. */
export interface GradientBoostingClassifierOptions extends GradientBoostingCommonOptions {
  /** Loss: the (binomial or multinomial) log loss. @default 'log_loss' */
  loss?: 'log_loss';
}

/** Params of a {@link GradientBoostingClassifier}, defaults filled in. */
export type GradientBoostingClassifierParams = GradientBoostingCommonParams & { loss: 'log_loss' };

const KIND = 'GradientBoostingClassifier';
const VERSION = 1;

interface FittedState {
  model: GBModel;
  encoding: LabelEncoding;
}

/**
 * Probabilities from raw predictions as sklearn computes them: $[1 - \sigma(F), \sigma(F)]$ for one
 * slot, $\exp(F_k - \operatorname{logsumexp} F)$ for K.
 */
function gbProba(raw: Float64Array[], nClasses: number): Matrix {
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
  const buf = new Float64Array(nClasses);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < nClasses; k++) buf[k] = raw[k]![i]!;
    const lse = logsumexp(buf, 0, nClasses);
    for (let k = 0; k < nClasses; k++) P.data[i * nClasses + k] = Math.exp(buf[k]! - lse);
  }
  return P;
}

/**
 * @example
 * const gb = new GradientBoostingClassifier({ nEstimators: 100, maxDepth: 3 }).fit(X, labels);
 * gb.predictProba(Xtest);            // (n, K)
 * for (const P of gb.stagedPredictProba(Xtest)) { ... } // after each stage
 */
export class GradientBoostingClassifier implements Classifier<GradientBoostingClassifierParams> {
  private readonly params: Readonly<GradientBoostingClassifierParams>;
  private state: FittedState | null = null;

  /** Stores the params (defaults filled in); checks nothing: `fit` does. */
  constructor(options: GradientBoostingClassifierOptions = {}) {
    this.params = Object.freeze({ loss: options.loss ?? 'log_loss', ...gbDefaults(options) });
  }

  getParams(): Readonly<GradientBoostingClassifierParams> {
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

  /** Stages fitted (fewer than the param with early stopping). */
  get nEstimators(): number {
    return this.fitted('nEstimators').model.trees.length;
  }

  /** The fitted trees, stages × (1 or K) (copies). */
  get estimators(): Tree[][] {
    return this.fitted('estimators').model.trees.map((s) => s.map((t) => t.clone()));
  }

  /** Deviance after each stage (in-bag with subsampling): $-2\times$ mean log-likelihood for two classes, mean log loss for K. */
  get trainScore(): Float64Array {
    return this.fitted('trainScore').model.trainScore.slice();
  }

  /** Out-of-bag deviance decrease of each stage; null when subsample = 1. */
  get oobImprovement(): Float64Array | null {
    return this.fitted('oobImprovement').model.oobImprovement?.slice() ?? null;
  }

  /** Impurity-based importances, mean over all trees, summing to 1. */
  get featureImportances(): Float64Array {
    return gbFeatureImportances(this.fitted('featureImportances').model);
  }

  /** $F_0$, (1,) for two classes or (K,). */
  get initPrediction(): Float64Array {
    return this.fitted('initPrediction').model.initRaw.slice();
  }

  get nFeaturesIn(): number {
    return this.fitted('nFeaturesIn').model.nFeaturesIn;
  }

  private checkParams(): void {
    if (this.params.loss !== 'log_loss') throw new InvalidParamError(KIND, 'loss', this.params.loss, "'log_loss'");
    checkGbParams(KIND, this.params);
  }

  private checkX(X: MatrixLike, method: string): { s: FittedState; Xm: Matrix } {
    const s = this.fitted(method);
    const Xm = asMatrix(X, 'X');
    assertColumns(Xm, s.model.nFeaturesIn);
    return { s, Xm };
  }

  /**
   * Fit the stages.
   * @param X (n, d); @param y (n,) labels; @param sampleWeight (n,) optional.
   * @throws InvalidInputError for fewer than two classes.
   */
  fit(X: MatrixLike, y: Labels, sampleWeight?: VectorLike): this {
    this.checkParams();
    const Xm = asMatrix(X, 'X');
    const { encoding, codes } = LabelEncoding.fit(y, 'y', Xm.rows);
    if (encoding.nClasses < 2) throw new InvalidInputError(`${KIND} needs at least 2 classes in y, got 1 (${String(encoding.classes[0])})`);
    const w = sampleWeight === undefined ? null : checkSampleWeight(sampleWeight, Xm.rows);
    const loss = encoding.nClasses === 2 ? binomialDeviance : multinomialDeviance(encoding.nClasses);
    this.state = { model: fitGB(KIND, Xm, Float64Array.from(codes), w, loss, this.params, codes), encoding };
    return this;
  }

  /** Raw predictions $F(x)$: (n, 1) for two classes, (n, K) otherwise (sklearn's `decision_function`). */
  decisionFunction(X: MatrixLike): Matrix {
    const { s, Xm } = this.checkX(X, 'decisionFunction');
    const raw = rawPredictGB(s.model, Xm, this.params.learningRate);
    const K = raw.length;
    const out = new Matrix(Xm.rows, K);
    for (let k = 0; k < K; k++) for (let i = 0; i < Xm.rows; i++) out.data[i * K + k] = raw[k]![i]!;
    return out;
  }

  /** Class probabilities (n, K), columns in `classes` order. */
  predictProba(X: MatrixLike): Matrix {
    const { s, Xm } = this.checkX(X, 'predictProba');
    return gbProba(rawPredictGB(s.model, Xm, this.params.learningRate), s.encoding.nClasses);
  }

  /** Most probable labels. */
  predict(X: MatrixLike): Int32Array | Label[] {
    const { s, Xm } = this.checkX(X, 'predict');
    return s.encoding.decode(argmaxRows(gbProba(rawPredictGB(s.model, Xm, this.params.learningRate), s.encoding.nClasses)));
  }

  /** Probabilities after each stage (sklearn's `staged_predict_proba`). */
  *stagedPredictProba(X: MatrixLike): Generator<Matrix> {
    const { s, Xm } = this.checkX(X, 'stagedPredictProba');
    for (const raw of stagedRaw(s.model, Xm, this.params.learningRate)) yield gbProba(raw, s.encoding.nClasses);
  }

  /** Labels after each stage (sklearn's `staged_predict`); the last equals `predict`. */
  *stagedPredict(X: MatrixLike): Generator<Int32Array | Label[]> {
    const { s } = this.checkX(X, 'stagedPredict');
    for (const P of this.stagedPredictProba(X)) yield s.encoding.decode(argmaxRows(P));
  }

  /** Mean accuracy of `predict(X)`. */
  score(X: MatrixLike, y: Labels): number {
    const { s, Xm } = this.checkX(X, 'score');
    const truth = s.encoding.encode(y, 'y', Xm.rows);
    const pred = argmaxRows(gbProba(rawPredictGB(s.model, Xm, this.params.learningRate), s.encoding.nClasses));
    let hits = 0;
    for (let i = 0; i < truth.length; i++) if (truth[i] === pred[i]) hits++;
    return hits / truth.length;
  }

  toJSON(): SerializedEstimator<GradientBoostingClassifierParams, GBModelJSON & { classes: Label[]; labelKind: LabelEncodingJSON['kind'] }> {
    const s = this.state;
    const state = s === null ? null : { ...gbModelToJSON(s.model), classes: [...s.encoding.classes], labelKind: s.encoding.kind };
    return { kind: KIND, version: VERSION, params: { ...this.params }, state };
  }

  static fromJSON(json: unknown): GradientBoostingClassifier {
    const saved = readSerialized(json, KIND, [VERSION]);
    const model = new GradientBoostingClassifier(saved.params as GradientBoostingClassifierOptions);
    model.checkParams();
    if (saved.state === null) return model;
    const st = saved.state;
    const encoding = LabelEncoding.fromJSON({ classes: stateField(st, KIND, 'classes') as Label[], kind: stateField(st, KIND, 'labelKind') as LabelEncodingJSON['kind'] }, KIND);
    if (encoding.nClasses < 2) throw new InvalidInputError(`${KIND}.fromJSON: a fitted model has at least 2 classes`);
    model.state = { model: gbModelFromJSON(st, KIND, encoding.nClasses === 2 ? 1 : encoding.nClasses), encoding };
    return model;
  }
}

registerEstimator(KIND, GradientBoostingClassifier.fromJSON);
