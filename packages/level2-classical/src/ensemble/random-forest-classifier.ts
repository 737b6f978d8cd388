/**
 * RandomForestClassifier: Breiman's random forest (2001) as scikit-learn 1.2's
 * `RandomForestClassifier`: `nEstimators` CART trees, each grown on a bootstrap sample (as
 * weights) and trying $\lfloor\sqrt d\rfloor$ random features per split by default; prediction by
 * soft voting,
 * $$\hat p(k \mid x) = \frac1T \sum_{t=1}^T p_t(k \mid x), \qquad \hat y = \arg\max_k \hat p(k\mid x),$$
 * where $p_t$ is the class-fraction vector of the leaf of tree $t$ that $x$ reaches.
 *
 * Averaging de-correlated trees cuts the variance of a single deep tree while keeping its low
 * bias; the out-of-bag estimate (`oobScore`) scores each row with only the trees that did not see
 * it, a nearly free estimate of test accuracy. Tree $t$ uses the $t$-th fork of `new Rng(seed)`,
 * so results do not depend on fitting order and the first $T'$ trees of a larger forest are the
 * trees of a $T'$-tree forest.
 *
 * Fit is one presort $O(d\,n\log n)$ plus $T$ tree growths; predict is $O(T\cdot\text{depth})$ per row.
 * @see ../../../../docs/level2-classical/trees.md
 */
import {
  InvalidInputError,
  InvalidParamError,
  LabelEncoding,
  type Label,
  type LabelEncodingJSON,
  Matrix,
  type MatrixLike,
  NotFittedError,
  asMatrix,
  readCount,
  readFiniteArray,
  readSerialized,
  registerEstimator,
  stateField,
  type Classifier,
  type Labels,
  type SerializedEstimator,
} from '@fpml/core';
import { type ClassificationCriterion, DecisionTreeClassifier, Tree, type TreeJSON } from '../tree/index.js';
import { checkX, classifierProba, codesAccuracy, probaArgmax } from '../tree/tree-common.js';
import { checkSampleWeight } from '../tree/tree-params.js';
import { type DrawTree, type ForestOptions, type ForestParams, checkForestParams, forestDefaults, forestImportances, growForest, oobAverage } from './random-forest-base.js';

/** Options of {@link RandomForestClassifier} (sklearn's names in camelCase). */
export interface RandomForestClassifierOptions extends ForestOptions {
  /** Impurity measure of the trees. @default 'gini' */
  criterion?: ClassificationCriterion;
}

/** The params of a {@link RandomForestClassifier}, defaults filled in (`maxFeatures` defaults to `'sqrt'`). */
export type RandomForestClassifierParams = ForestParams & { criterion: ClassificationCriterion };

interface FittedState {
  encoding: LabelEncoding;
  trees: Tree[];
  nFeaturesIn: number;
  maxFeatures: number;
  /** (n, K) averaged out-of-bag class fractions, when oobScore. */
  oobDecision: Matrix | null;
  oobScore: number | null;
}

/** Saved fitted state (version 1). */
interface StateJSON {
  classes: Label[];
  labelKind: LabelEncodingJSON['kind'];
  nFeaturesIn: number;
  maxFeatures: number;
  trees: TreeJSON[];
  oobDecision: number[] | null;
  oobScore: number | null;
}

const KIND = 'RandomForestClassifier';
const VERSION = 1;
const CRITERIA: readonly ClassificationCriterion[] = ['gini', 'entropy', 'log_loss'];

/**
 * A random forest of CART classification trees. See the module comment.
 *
 * @example
 * const rf = new RandomForestClassifier({ nEstimators: 200, oobScore: true, seed: 0 }).fit(X, y);
 * rf.oobScore;             // out-of-bag accuracy
 * rf.featureImportances;   // mean decrease in impurity, sums to 1
 */
export class RandomForestClassifier implements Classifier<RandomForestClassifierParams> {
  private readonly params: Readonly<RandomForestClassifierParams>;
  private state: FittedState | null = null;

  /** Stores the params (defaults filled in); checks nothing: `fit` does. */
  constructor(options: RandomForestClassifierOptions = {}) {
    this.params = Object.freeze({ criterion: options.criterion ?? 'gini', ...forestDefaults(options, 'sqrt') });
  }

  /** A frozen copy of the params. */
  getParams(): Readonly<RandomForestClassifierParams> {
    return Object.freeze({ ...this.params });
  }

  get isFitted(): boolean {
    return this.state !== null;
  }

  private fitted(method: string): FittedState {
    if (this.state === null) throw new NotFittedError(KIND, method);
    return this.state;
  }

  /** The labels seen in fit, sorted. */
  get classes(): readonly Label[] {
    return this.fitted('classes').encoding.classes;
  }

  /** Number of classes $K$. */
  get nClasses(): number {
    return this.fitted('nClasses').encoding.nClasses;
  }

  /** Number of columns of the X given to fit. */
  get nFeaturesIn(): number {
    return this.fitted('nFeaturesIn').nFeaturesIn;
  }

  /** Features tried per split, resolved against d. */
  get maxFeatures(): number {
    return this.fitted('maxFeatures').maxFeatures;
  }

  /** The fitted trees' arrays, one per estimator. */
  get trees(): readonly Tree[] {
    return this.fitted('trees').trees;
  }

  /**
   * The trees as fitted {@link DecisionTreeClassifier}s (sklearn's `estimators_`). Their `seed`
   * is the forest's: tree t drew from the forest's t-th stream, not from `new Rng(seed)`.
   */
  get estimators(): DecisionTreeClassifier[] {
    const s = this.fitted('estimators');
    const { nEstimators: _n, bootstrap: _b, oobScore: _o, maxSamples: _m, ...treeParams } = this.params;
    return s.trees.map((t) => DecisionTreeClassifier.fromFittedTree(treeParams, s.encoding, t, s.maxFeatures));
  }

  /** Mean of the trees' normalised impurity decreases, renormalised (sums to 1). */
  get featureImportances(): Float64Array {
    const s = this.fitted('featureImportances');
    return forestImportances(s.trees, s.nFeaturesIn);
  }

  private oob(method: string): FittedState & { oobDecision: Matrix; oobScore: number } {
    const s = this.fitted(method);
    if (s.oobDecision === null || s.oobScore === null) throw new InvalidParamError(KIND, 'oobScore', false, `true at fit time to read ${method}`);
    return { ...s, oobDecision: s.oobDecision, oobScore: s.oobScore };
  }

  /** Out-of-bag accuracy: argmax of {@link oobDecisionFunction} against the training labels. */
  get oobScore(): number {
    return this.oob('oobScore').oobScore;
  }

  /** (n, K) averaged class fractions of the trees that did not see each row (a zero row if none). */
  get oobDecisionFunction(): Matrix {
    return this.oob('oobDecisionFunction').oobDecision.clone();
  }

  private checkParams(): void {
    if (!CRITERIA.includes(this.params.criterion)) {
      throw new InvalidParamError(KIND, 'criterion', this.params.criterion, `one of ${CRITERIA.map((c) => `'${c}'`).join(', ')}`);
    }
    checkForestParams(KIND, this.params);
  }

  /**
   * Grow the forest.
   * @param X (n, d). @param y (n,) labels. @param sampleWeight (n,) optional weights ≥ 0.
   * @throws InvalidParamError, ShapeError, InvalidInputError.
   */
  fit(X: MatrixLike, y: Labels, sampleWeight?: ArrayLike<number> | null): this {
    return this.fitWith(X, y, sampleWeight);
  }

  /** fit with the trees' randomness supplied (tests replay sklearn's bootstraps this way). @internal */
  fitWith(X: MatrixLike, y: Labels, sampleWeight?: ArrayLike<number> | null, draw?: DrawTree): this {
    this.checkParams();
    const Xm = asMatrix(X, 'X'); // (n, d)
    const { encoding, codes } = LabelEncoding.fit(y, 'y', Xm.rows);
    const w = checkSampleWeight(sampleWeight, Xm.rows);
    const K = encoding.nClasses;
    const criterion = this.params.criterion === 'gini' ? 'gini' : 'entropy';
    const grown = growForest(KIND, this.params, criterion, Xm, { kind: 'classification', codes, nClasses: K }, w, draw);
    let oobDecision: Matrix | null = null;
    let oobScore: number | null = null;
    if (grown.oob !== null) {
      oobDecision = new Matrix(Xm.rows, K, oobAverage(grown.oob, K));
      oobScore = codesAccuracy(codes, probaArgmax(oobDecision));
    }
    this.state = { encoding, trees: grown.trees, nFeaturesIn: Xm.cols, maxFeatures: grown.maxFeatures, oobDecision, oobScore };
    return this;
  }

  /** (n, K) mean of the trees' leaf class fractions (soft voting); rows sum to 1. */
  predictProba(X: MatrixLike): Matrix {
    const s = this.fitted('predictProba');
    return this.proba(s, checkX(X, s.nFeaturesIn));
  }

  private proba(s: FittedState, Xm: Matrix): Matrix {
    const P = new Matrix(Xm.rows, s.encoding.nClasses); // (n, K)
    for (const t of s.trees) classifierProba(t, Xm, P);
    for (let k = 0; k < P.data.length; k++) P.data[k] = P.data[k]! / s.trees.length;
    return P;
  }

  /** Predicted labels: argmax of {@link predictProba}, decoded. */
  predict(X: MatrixLike): Int32Array | Label[] {
    const s = this.fitted('predict');
    return s.encoding.decode(probaArgmax(this.proba(s, checkX(X, s.nFeaturesIn))));
  }

  /** Mean accuracy of `predict(X)` against `y`. */
  score(X: MatrixLike, y: Labels): number {
    const s = this.fitted('score');
    const Xm = checkX(X, s.nFeaturesIn);
    return codesAccuracy(s.encoding.encode(y, 'y', Xm.rows), probaArgmax(this.proba(s, Xm)));
  }

  /** `{ kind: 'RandomForestClassifier', version: 1, params, state }`; JSON-safe, round-trips exactly. */
  toJSON(): SerializedEstimator<RandomForestClassifierParams, StateJSON> {
    const s = this.state;
    const state =
      s === null
        ? null
        : {
            classes: [...s.encoding.classes],
            labelKind: s.encoding.kind,
            nFeaturesIn: s.nFeaturesIn,
            maxFeatures: s.maxFeatures,
            trees: s.trees.map((t) => t.toJSON()),
            oobDecision: s.oobDecision === null ? null : Array.from(s.oobDecision.data),
            oobScore: s.oobScore,
          };
    return { kind: KIND, version: VERSION, params: { ...this.params }, state };
  }

  /**
   * Rebuild a model saved by {@link toJSON}.
   * @throws InvalidInputError for another kind, an unknown version or a malformed state.
   */
  static fromJSON(json: unknown): RandomForestClassifier {
    const saved = readSerialized(json, KIND, [VERSION]);
    const model = new RandomForestClassifier(saved.params as RandomForestClassifierOptions);
    model.checkParams();
    if (saved.state === null) return model;
    const st = saved.state;
    const encoding = LabelEncoding.fromJSON(
      { classes: stateField(st, KIND, 'classes') as Label[], kind: stateField(st, KIND, 'labelKind') as LabelEncodingJSON['kind'] },
      KIND,
    );
    const nFeaturesIn = readCount(st, KIND, 'nFeaturesIn');
    const maxFeatures = readCount(st, KIND, 'maxFeatures');
    const raw = stateField(st, KIND, 'trees');
    if (!Array.isArray(raw) || raw.length !== model.params.nEstimators) throw new InvalidInputError(`${KIND}.fromJSON: state.trees must be an array of nEstimators trees`);
    const trees = raw.map((t) => Tree.fromJSON(t, KIND));
    if (trees.some((t) => t.nClasses !== encoding.nClasses || t.nFeatures !== nFeaturesIn) || maxFeatures > nFeaturesIn) {
      throw new InvalidInputError(`${KIND}.fromJSON: the saved trees do not match the saved classes / nFeaturesIn`);
    }
    let oobDecision: Matrix | null = null;
    let oobScore: number | null = null;
    if (stateField(st, KIND, 'oobDecision') !== null) {
      const flat = readFiniteArray(st, KIND, 'oobDecision');
      if (flat.length % encoding.nClasses !== 0) throw new InvalidInputError(`${KIND}.fromJSON: state.oobDecision has the wrong length`);
      oobDecision = new Matrix(flat.length / encoding.nClasses, encoding.nClasses, flat);
      const sc = stateField(st, KIND, 'oobScore');
      if (typeof sc !== 'number' || !(sc >= 0 && sc <= 1)) throw new InvalidInputError(`${KIND}.fromJSON: state.oobScore must be a number in [0, 1]`);
      oobScore = sc;
    }
    model.state = { encoding, trees, nFeaturesIn, maxFeatures, oobDecision, oobScore };
    return model;
  }
}

registerEstimator(KIND, RandomForestClassifier.fromJSON);
