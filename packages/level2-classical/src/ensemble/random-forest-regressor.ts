/**
 * RandomForestRegressor: Breiman's random forest of CART regression trees, as scikit-learn 1.2's
 * `RandomForestRegressor`. Each tree is grown on a bootstrap sample; the forest predicts the mean
 * of the trees' leaf values,
 * $$\hat f(x) = \frac1T\sum_{t=1}^T f_t(x).$$
 * sklearn 1.2's default tries all features at every split (`max_features=1.0`, written `null`
 * here), so the trees differ only through their bootstraps. `oobScore` is the $R^2$ of the
 * out-of-bag predictions. Randomness as in {@link RandomForestClassifier}.
 *
 * Fit is one presort $O(d\,n\log n)$ plus $T$ tree growths; predict is $O(T\cdot\text{depth})$ per row.
 * @see ../../../../docs/level2-classical/trees.md
 */
import {
  InvalidInputError,
  InvalidParamError,
  type Matrix,
  type MatrixLike,
  NotFittedError,
  type VectorLike,
  asMatrix,
  asVector,
  r2Score,
  readCount,
  readFiniteArray,
  readSerialized,
  registerEstimator,
  stateField,
  type Regressor,
  type SerializedEstimator,
} from '@fpml/core';
import { DecisionTreeRegressor, type RegressionCriterion, Tree, type TreeJSON } from '../tree/index.js';
import { checkX } from '../tree/tree-common.js';
import { checkSampleWeight } from '../tree/tree-params.js';
import { type DrawTree, type ForestOptions, type ForestParams, checkForestParams, forestDefaults, forestImportances, growForest, oobAverage } from './random-forest-base.js';

/** Options of {@link RandomForestRegressor} (sklearn's names in camelCase). */
export interface RandomForestRegressorOptions extends ForestOptions {
  /** Split criterion of the trees. @default 'squared_error' */
  criterion?: RegressionCriterion;
}

/** The params of a {@link RandomForestRegressor}, defaults filled in (`maxFeatures` defaults to null = all). */
export type RandomForestRegressorParams = ForestParams & { criterion: RegressionCriterion };

interface FittedState {
  trees: Tree[];
  nFeaturesIn: number;
  maxFeatures: number;
  oobPrediction: Float64Array | null;
  oobScore: number | null;
}

/** Saved fitted state (version 1). */
interface StateJSON {
  nFeaturesIn: number;
  maxFeatures: number;
  trees: TreeJSON[];
  oobPrediction: number[] | null;
  oobScore: number | null;
}

const KIND = 'RandomForestRegressor';
const VERSION = 1;
const CRITERIA: readonly RegressionCriterion[] = ['squared_error', 'friedman_mse'];

/**
 * A random forest of CART regression trees. See the module comment.
 *
 * @example
 * const rf = new RandomForestRegressor({ nEstimators: 100, oobScore: true }).fit(X, y);
 * rf.oobScore;   // out-of-bag R^2
 */
export class RandomForestRegressor implements Regressor<RandomForestRegressorParams> {
  private readonly params: Readonly<RandomForestRegressorParams>;
  private state: FittedState | null = null;

  /** Stores the params (defaults filled in); checks nothing: `fit` does. */
  constructor(options: RandomForestRegressorOptions = {}) {
    this.params = Object.freeze({ criterion: options.criterion ?? 'squared_error', ...forestDefaults(options, null) });
  }

  /** A frozen copy of the params. */
  getParams(): Readonly<RandomForestRegressorParams> {
    return Object.freeze({ ...this.params });
  }

  get isFitted(): boolean {
    return this.state !== null;
  }

  private fitted(method: string): FittedState {
    if (this.state === null) throw new NotFittedError(KIND, method);
    return this.state;
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

  /** The trees as fitted {@link DecisionTreeRegressor}s (sklearn's `estimators_`; see the classifier's note on seeds). */
  get estimators(): DecisionTreeRegressor[] {
    const s = this.fitted('estimators');
    const { nEstimators: _n, bootstrap: _b, oobScore: _o, maxSamples: _m, ...treeParams } = this.params;
    return s.trees.map((t) => DecisionTreeRegressor.fromFittedTree(treeParams, t, s.maxFeatures));
  }

  /** Mean of the trees' normalised impurity decreases, renormalised (sums to 1). */
  get featureImportances(): Float64Array {
    const s = this.fitted('featureImportances');
    return forestImportances(s.trees, s.nFeaturesIn);
  }

  private oob(method: string): { oobPrediction: Float64Array; oobScore: number } {
    const s = this.fitted(method);
    if (s.oobPrediction === null || s.oobScore === null) throw new InvalidParamError(KIND, 'oobScore', false, `true at fit time to read ${method}`);
    return { oobPrediction: s.oobPrediction, oobScore: s.oobScore };
  }

  /** Out-of-bag $R^2$. */
  get oobScore(): number {
    return this.oob('oobScore').oobScore;
  }

  /** (n,) mean prediction of the trees that did not see each row (0 if none). */
  get oobPrediction(): Float64Array {
    return this.oob('oobPrediction').oobPrediction.slice();
  }

  private checkParams(): void {
    if (!CRITERIA.includes(this.params.criterion)) {
      throw new InvalidParamError(KIND, 'criterion', this.params.criterion, `one of ${CRITERIA.map((c) => `'${c}'`).join(', ')}`);
    }
    checkForestParams(KIND, this.params);
  }

  /**
   * Grow the forest.
   * @param X (n, d). @param y (n,) finite targets. @param sampleWeight (n,) optional weights ≥ 0.
   * @throws InvalidParamError, ShapeError, InvalidInputError.
   */
  fit(X: MatrixLike, y: VectorLike, sampleWeight?: ArrayLike<number> | null): this {
    return this.fitWith(X, y, sampleWeight);
  }

  /** fit with the trees' randomness supplied (tests replay sklearn's bootstraps this way). @internal */
  fitWith(X: MatrixLike, y: VectorLike, sampleWeight?: ArrayLike<number> | null, draw?: DrawTree): this {
    this.checkParams();
    const Xm = asMatrix(X, 'X'); // (n, d)
    const yv = asVector(y, 'y', { length: Xm.rows }); // (n,)
    const w = checkSampleWeight(sampleWeight, Xm.rows);
    const grown = growForest(KIND, this.params, this.params.criterion, Xm, { kind: 'regression', y: yv }, w, draw);
    let oobPrediction: Float64Array | null = null;
    let oobScore: number | null = null;
    if (grown.oob !== null) {
      oobPrediction = oobAverage(grown.oob, 1);
      oobScore = r2Score(yv, oobPrediction);
    }
    this.state = { trees: grown.trees, nFeaturesIn: Xm.cols, maxFeatures: grown.maxFeatures, oobPrediction, oobScore };
    return this;
  }

  private mean(s: FittedState, Xm: Matrix): Float64Array {
    const out = new Float64Array(Xm.rows); // (n,)
    for (const t of s.trees) for (let i = 0; i < Xm.rows; i++) out[i]! += t.value[t.leafOf(Xm.data, i, Xm.cols)]!;
    for (let i = 0; i < out.length; i++) out[i] = out[i]! / s.trees.length;
    return out;
  }

  /** The mean of the trees' predictions, (n,). */
  predict(X: MatrixLike): Float64Array {
    const s = this.fitted('predict');
    return this.mean(s, checkX(X, s.nFeaturesIn));
  }

  /** $R^2$ of `predict(X)` against `y`. */
  score(X: MatrixLike, y: VectorLike): number {
    const s = this.fitted('score');
    const Xm = checkX(X, s.nFeaturesIn);
    return r2Score(asVector(y, 'y', { length: Xm.rows }), this.mean(s, Xm));
  }

  /** `{ kind: 'RandomForestRegressor', version: 1, params, state }`; JSON-safe, round-trips exactly. */
  toJSON(): SerializedEstimator<RandomForestRegressorParams, StateJSON> {
    const s = this.state;
    const state =
      s === null
        ? null
        : {
            nFeaturesIn: s.nFeaturesIn,
            maxFeatures: s.maxFeatures,
            trees: s.trees.map((t) => t.toJSON()),
            oobPrediction: s.oobPrediction === null ? null : Array.from(s.oobPrediction),
            oobScore: s.oobScore,
          };
    return { kind: KIND, version: VERSION, params: { ...this.params }, state };
  }

  /**
   * Rebuild a model saved by {@link toJSON}.
   * @throws InvalidInputError for another kind, an unknown version or a malformed state.
   */
  static fromJSON(json: unknown): RandomForestRegressor {
    const saved = readSerialized(json, KIND, [VERSION]);
    const model = new RandomForestRegressor(saved.params as RandomForestRegressorOptions);
    model.checkParams();
    if (saved.state === null) return model;
    const st = saved.state;
    const nFeaturesIn = readCount(st, KIND, 'nFeaturesIn');
    const maxFeatures = readCount(st, KIND, 'maxFeatures');
    const raw = stateField(st, KIND, 'trees');
    if (!Array.isArray(raw) || raw.length !== model.params.nEstimators) throw new InvalidInputError(`${KIND}.fromJSON: state.trees must be an array of nEstimators trees`);
    const trees = raw.map((t) => Tree.fromJSON(t, KIND));
    if (trees.some((t) => t.nClasses !== 1 || t.nFeatures !== nFeaturesIn) || maxFeatures > nFeaturesIn) {
      throw new InvalidInputError(`${KIND}.fromJSON: the saved trees do not match nFeaturesIn or are not regression trees`);
    }
    let oobPrediction: Float64Array | null = null;
    let oobScore: number | null = null;
    if (stateField(st, KIND, 'oobPrediction') !== null) {
      oobPrediction = readFiniteArray(st, KIND, 'oobPrediction');
      const sc = stateField(st, KIND, 'oobScore');
      if (typeof sc !== 'number' || !Number.isFinite(sc)) throw new InvalidInputError(`${KIND}.fromJSON: state.oobScore must be a finite number`);
      oobScore = sc;
    }
    model.state = { trees, nFeaturesIn, maxFeatures, oobPrediction, oobScore };
    return model;
  }
}

registerEstimator(KIND, RandomForestRegressor.fromJSON);
