/**
 * AdaBoostClassifier: multi-class AdaBoost (SAMME and SAMME.R) over decision stumps, scikit-learn
 * 1.2's `AdaBoostClassifier` with its default base estimator `DecisionTreeClassifier(max_depth=1)`
 * (depth adjustable with `maxDepth`), step for step: weights start at $1/n$, are clipped at
 * machine epsilon, re-weighted after every learner (see `adaboost-samme.ts`) and renormalised.
 *
 * - SAMME: $F(x) = \arg\max_k \sum_m \alpha_m [h_m(x) = k]$, decision $\sum_m \alpha_m e_{h_m(x)} / \sum_m \alpha_m$.
 * - SAMME.R (sklearn 1.2's default): decision $\frac1M\sum_m f_m(x)$ with
 *   $f_{mk} = (K-1)(\log p_{mk} - \overline{\log p_m})$.
 * - `predictProba`: $\operatorname{softmax}(d / (K-1))$ ($d/2$ and $-d/2$ for two classes).
 *
 * Boosting stops early when a learner is perfect (error 0, kept with weight 1) or, for SAMME, no
 * better than chance (error $\ge 1 - 1/K$, dropped). Cost: $M$ stump fits on presorted X,
 * $O(M\, d\, n)$.
 * @see ../../../../docs/level2-classical/boosting.md
 */
import { InvalidInputError, InvalidParamError, LabelEncoding, Matrix, NotFittedError, asMatrix, assertColumns, readSerialized, registerEstimator, stateField, type Classifier, type Label, type LabelEncodingJSON, type Labels, type MatrixLike, type SerializedEstimator, type VectorLike } from '@fpml/core';
import { Tree, type TreeJSON, fitTree, makeWorkspace, presort } from '../tree/index.js';
import { addSammeProba, argmaxRow, probaFromDecision, sammeRStep, sammeStep, treeProba } from './adaboost-samme.js';
import { checkSampleWeight } from './gradient-boosting-input.js';
import { numpySum } from './gradient-boosting-numeric.js';

/** Options of {@link AdaBoostClassifier}. */
export interface AdaBoostClassifierOptions {
  /** Maximum number of weak learners $M$. @default 50 */
  nEstimators?: number;
  /** Shrinkage $\nu$ of every learner's weight. @default 1 */
  learningRate?: number;
  /** 'SAMME' (discrete votes) or 'SAMME.R' (real-valued, from probabilities; sklearn 1.2's default). @default 'SAMME.R' */
  algorithm?: 'SAMME' | 'SAMME.R';
  /** Depth of the base DecisionTreeClassifier (1 = stumps, sklearn's default estimator). @default 1 */
  maxDepth?: number;
  /** Kept for the API (sklearn's random_state seeds the base trees' feature order; fpml's trees try features in index order). @default 0 */
  seed?: number;
}

/** Params of an {@link AdaBoostClassifier}, defaults filled in. */
export type AdaBoostClassifierParams = { nEstimators: number; learningRate: number; algorithm: 'SAMME' | 'SAMME.R'; maxDepth: number; seed: number };

interface FittedState {
  encoding: LabelEncoding;
  trees: Tree[];
  /** (nEstimators,) as sklearn: zeros after an early stop. */
  weights: Float64Array;
  /** (nEstimators,) as sklearn: ones after an early stop. */
  errors: Float64Array;
  nFeaturesIn: number;
}

const KIND = 'AdaBoostClassifier';
const VERSION = 1;
const EPS = Number.EPSILON; // the floor of the boosting weights (sklearn: np.finfo(float).eps)

/**
 * @example
 * const ada = new AdaBoostClassifier({ algorithm: 'SAMME', nEstimators: 100 }).fit(X, labels);
 * ada.estimatorWeights; // α_m
 * ada.predict(Xtest);
 */
export class AdaBoostClassifier implements Classifier<AdaBoostClassifierParams> {
  private readonly params: Readonly<AdaBoostClassifierParams>;
  private state: FittedState | null = null;

  /** Stores the params (defaults filled in); checks nothing: `fit` does. */
  constructor(options: AdaBoostClassifierOptions = {}) {
    this.params = Object.freeze({ nEstimators: options.nEstimators ?? 50, learningRate: options.learningRate ?? 1, algorithm: options.algorithm ?? 'SAMME.R', maxDepth: options.maxDepth ?? 1, seed: options.seed ?? 0 });
  }

  getParams(): Readonly<AdaBoostClassifierParams> {
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

  /** The fitted base trees (copies). */
  get estimators(): Tree[] {
    return this.fitted('estimators').trees.map((t) => t.clone());
  }

  /** $\alpha_m$ per boosting iteration, (nEstimators,): 1 for SAMME.R, 0 after an early stop. */
  get estimatorWeights(): Float64Array {
    return this.fitted('estimatorWeights').weights.slice();
  }

  /** Weighted training error of each learner, (nEstimators,): 1 after an early stop. */
  get estimatorErrors(): Float64Array {
    return this.fitted('estimatorErrors').errors.slice();
  }

  /** $\sum_m \alpha_m I_m / \sum_m \alpha_m$ with $I_m$ the trees' normalised impurity importances. */
  get featureImportances(): Float64Array {
    const s = this.fitted('featureImportances');
    const acc = new Float64Array(s.nFeaturesIn);
    s.trees.forEach((t, m) => {
      const fi = t.featureImportances(true);
      for (let j = 0; j < acc.length; j++) acc[j] += s.weights[m]! * fi[j]!;
    });
    const norm = numpySum(s.weights);
    return acc.map((v) => v / norm);
  }

  get nFeaturesIn(): number {
    return this.fitted('nFeaturesIn').nFeaturesIn;
  }

  private checkParams(): void {
    const { nEstimators, learningRate, algorithm, maxDepth, seed } = this.params;
    if (!Number.isSafeInteger(nEstimators) || nEstimators < 1) throw new InvalidParamError(KIND, 'nEstimators', nEstimators, 'an integer ≥ 1');
    if (!(typeof learningRate === 'number' && learningRate > 0 && Number.isFinite(learningRate))) throw new InvalidParamError(KIND, 'learningRate', learningRate, 'a finite number > 0');
    if (algorithm !== 'SAMME' && algorithm !== 'SAMME.R') throw new InvalidParamError(KIND, 'algorithm', algorithm, "'SAMME' or 'SAMME.R'");
    if (!Number.isSafeInteger(maxDepth) || maxDepth < 1) throw new InvalidParamError(KIND, 'maxDepth', maxDepth, 'an integer ≥ 1');
    if (!Number.isSafeInteger(seed) || seed < 0) throw new InvalidParamError(KIND, 'seed', seed, 'a non-negative integer');
  }

  /**
   * Boost up to `nEstimators` trees.
   * @param X (n, d); @param y (n,) labels; @param sampleWeight (n,) optional (normalised to sum 1).
   * @throws InvalidInputError if the first SAMME learner is already no better than chance.
   */
  fit(X: MatrixLike, y: Labels, sampleWeight?: VectorLike): this {
    this.checkParams();
    const Xm = asMatrix(X, 'X');
    const { encoding, codes } = LabelEncoding.fit(y, 'y', Xm.rows);
    const K = encoding.nClasses, n = Xm.rows, M = this.params.nEstimators;
    let w = sampleWeight === undefined ? new Float64Array(n).fill(1) : checkSampleWeight(sampleWeight, n);
    const total = numpySum(w);
    w = w.map((v) => v / total);
    const zero = Uint8Array.from(w, (v) => (v === 0 ? 1 : 0));
    const data = presort(Xm);
    const workspace = makeWorkspace(n, Xm.cols);
    const growth = { maxDepth: this.params.maxDepth, minSamplesSplit: 2, minSamplesLeaf: 1, minWeightFractionLeaf: 0, maxFeatures: null, maxLeafNodes: null, minImpurityDecrease: 0, ccpAlpha: 0, seed: this.params.seed };
    const trees: Tree[] = [];
    const weights = new Float64Array(M);
    const errors = new Float64Array(M).fill(1);
    for (let m = 0; m < M; m++) {
      w = w.map((v, i) => (zero[i] ? 0 : Math.max(v, EPS)));
      const { tree } = fitTree(KIND, growth, 'gini', data, { kind: 'classification', codes, nClasses: K }, w, { source: null, workspace });
      trees.push(tree);
      const proba = treeProba(tree, Xm);
      const last = m === M - 1;
      let step;
      if (this.params.algorithm === 'SAMME.R') step = sammeRStep(proba, codes, w, K, this.params.learningRate, last);
      else {
        const pred = Int32Array.from({ length: n }, (_, i) => argmaxRow(proba, K, i));
        step = sammeStep(pred, codes, w, K, this.params.learningRate, last);
      }
      if (step.weights === null) {
        trees.pop();
        if (trees.length === 0) throw new InvalidInputError(`${KIND}: the first base tree is no better than chance (weighted error ${step.estimatorError} ≥ 1 − 1/K); the ensemble cannot be fit`);
        break;
      }
      weights[m] = step.estimatorWeight;
      errors[m] = step.estimatorError;
      if (step.estimatorError === 0) break;
      w = step.weights;
      const s = numpySum(w);
      if (!Number.isFinite(s) || s <= 0) break; // sklearn stops here too (weights overflowed or vanished)
      if (!last) w = w.map((v) => v / s);
    }
    this.state = { encoding, trees, weights, errors, nFeaturesIn: Xm.cols };
    return this;
  }

  private checkX(X: MatrixLike, method: string): { s: FittedState; Xm: Matrix } {
    const s = this.fitted(method);
    const Xm = asMatrix(X, 'X');
    assertColumns(Xm, s.nFeaturesIn);
    return { s, Xm };
  }

  /** The learners' summed votes/scores over their weights, after each of the first m learners. */
  private *stagedRaw(s: FittedState, Xm: Matrix): Generator<{ pred: Float64Array; norm: number }> {
    const K = s.encoding.nClasses;
    const pred = new Float64Array(Xm.rows * K);
    let norm = 0;
    for (let m = 0; m < s.trees.length; m++) {
      norm += s.weights[m]!;
      const P = treeProba(s.trees[m]!, Xm);
      if (this.params.algorithm === 'SAMME.R') addSammeProba(P, K, pred);
      else for (let i = 0; i < Xm.rows; i++) pred[i * K + argmaxRow(P, K, i)] += s.weights[m]!;
      yield { pred, norm };
    }
  }

  /** sklearn's `decision_function`: (n, 1) for two classes ($d_1 - d_0$), else (n, K). */
  decisionFunction(X: MatrixLike): Matrix {
    const { s, Xm } = this.checkX(X, 'decisionFunction');
    let last: { pred: Float64Array; norm: number } = { pred: new Float64Array(Xm.rows * s.encoding.nClasses), norm: 1 };
    for (const r of this.stagedRaw(s, Xm)) last = r;
    const W = numpySum(s.weights); // over all nEstimators entries, zeros included, as sklearn
    return this.finish(last.pred.map((v) => v / W), s.encoding.nClasses, Xm.rows, false, 1);
  }

  /** Binary: $-d_0 + d_1$ (sklearn negates column 0 then sums; staged divides by the running norm first). */
  private finish(pred: Float64Array, K: number, n: number, staged: boolean, norm: number): Matrix {
    if (K !== 2) return new Matrix(n, K, staged ? pred.map((v) => v / norm) : pred);
    const out = new Matrix(n, 1);
    for (let i = 0; i < n; i++) out.data[i] = staged ? -pred[2 * i]! / norm + pred[2 * i + 1]! / norm : -pred[2 * i]! + pred[2 * i + 1]!;
    return out;
  }

  /** Decision values after each learner (sklearn's `staged_decision_function`). */
  *stagedDecisionFunction(X: MatrixLike): Generator<Matrix> {
    const { s, Xm } = this.checkX(X, 'stagedDecisionFunction');
    for (const { pred, norm } of this.stagedRaw(s, Xm)) yield this.finish(pred, s.encoding.nClasses, Xm.rows, true, norm);
  }

  /** Softmax of the decision: $d/(K-1)$, or $(-d/2, d/2)$ for two classes. (n, K). */
  private probaOf(D: Matrix, K: number): Matrix {
    return new Matrix(D.rows, K, probaFromDecision(D.data, D.rows, K));
  }

  private codesOf(D: Matrix, K: number): Int32Array {
    const codes = new Int32Array(D.rows);
    for (let i = 0; i < D.rows; i++) codes[i] = K === 2 ? (D.data[i]! > 0 ? 1 : 0) : K === 1 ? 0 : argmaxRow(D.data, K, i);
    return codes;
  }

  private labelsOf(D: Matrix, s: FittedState): Int32Array | Label[] {
    return s.encoding.decode(this.codesOf(D, s.encoding.nClasses));
  }

  predictProba(X: MatrixLike): Matrix {
    const s = this.fitted('predictProba');
    return this.probaOf(this.decisionFunction(X), s.encoding.nClasses);
  }

  /** Labels: the sign of the decision (two classes) or its argmax. */
  predict(X: MatrixLike): Int32Array | Label[] {
    const s = this.fitted('predict');
    return this.labelsOf(this.decisionFunction(X), s);
  }

  /** Labels after each learner (sklearn's `staged_predict`); the last equals `predict`. */
  *stagedPredict(X: MatrixLike): Generator<Int32Array | Label[]> {
    const s = this.fitted('stagedPredict');
    for (const D of this.stagedDecisionFunction(X)) yield this.labelsOf(D, s);
  }

  /** Probabilities after each learner (sklearn's `staged_predict_proba`). */
  *stagedPredictProba(X: MatrixLike): Generator<Matrix> {
    const s = this.fitted('stagedPredictProba');
    for (const D of this.stagedDecisionFunction(X)) yield this.probaOf(D, s.encoding.nClasses);
  }

  /** Mean accuracy of `predict(X)`. */
  score(X: MatrixLike, y: Labels): number {
    const { s, Xm } = this.checkX(X, 'score');
    const truth = s.encoding.encode(y, 'y', Xm.rows);
    const pred = this.codesOf(this.decisionFunction(Xm), s.encoding.nClasses);
    let hits = 0;
    for (let i = 0; i < truth.length; i++) if (truth[i] === pred[i]) hits++;
    return hits / truth.length;
  }

  toJSON(): SerializedEstimator<AdaBoostClassifierParams, { classes: Label[]; labelKind: LabelEncodingJSON['kind']; trees: TreeJSON[]; weights: number[]; errors: number[]; nFeaturesIn: number }> {
    const s = this.state;
    const state = s === null ? null : { classes: [...s.encoding.classes], labelKind: s.encoding.kind, trees: s.trees.map((t) => t.toJSON()), weights: Array.from(s.weights), errors: Array.from(s.errors), nFeaturesIn: s.nFeaturesIn };
    return { kind: KIND, version: VERSION, params: { ...this.params }, state };
  }

  static fromJSON(json: unknown): AdaBoostClassifier {
    const saved = readSerialized(json, KIND, [VERSION]);
    const model = new AdaBoostClassifier(saved.params as AdaBoostClassifierOptions);
    model.checkParams();
    if (saved.state === null) return model;
    const st = saved.state;
    const encoding = LabelEncoding.fromJSON({ classes: stateField(st, KIND, 'classes') as Label[], kind: stateField(st, KIND, 'labelKind') as LabelEncodingJSON['kind'] }, KIND);
    const nFeaturesIn = stateField(st, KIND, 'nFeaturesIn');
    const trees = stateField(st, KIND, 'trees');
    const M = model.params.nEstimators;
    const arr = (f: string): Float64Array => {
      const v = stateField(st, KIND, f);
      if (!Array.isArray(v) || v.length !== M || v.some((e) => typeof e !== 'number' || !Number.isFinite(e))) throw new InvalidInputError(`${KIND}.fromJSON: state.${f} must be ${M} finite numbers`);
      return Float64Array.from(v as number[]);
    };
    if (typeof nFeaturesIn !== 'number' || !Number.isSafeInteger(nFeaturesIn) || nFeaturesIn < 1) throw new InvalidInputError(`${KIND}.fromJSON: state.nFeaturesIn must be a positive integer`);
    if (!Array.isArray(trees) || trees.length < 1 || trees.length > M) throw new InvalidInputError(`${KIND}.fromJSON: state.trees must hold 1 to ${M} trees`);
    const parsed = trees.map((t) => {
      const tree = Tree.fromJSON(t, KIND);
      if (tree.nFeatures !== nFeaturesIn || tree.nClasses !== encoding.nClasses) throw new InvalidInputError(`${KIND}.fromJSON: every tree must classify ${encoding.nClasses} classes on ${nFeaturesIn} features`);
      return tree;
    });
    model.state = { encoding, trees: parsed, weights: arr('weights'), errors: arr('errors'), nFeaturesIn };
    return model;
  }
}

registerEstimator(KIND, AdaBoostClassifier.fromJSON);
