/**
 * DecisionTreeRegressor: CART regression trees as scikit-learn 1.2's `DecisionTreeRegressor`.
 *
 * Each split $x_j \le \theta$ maximises the decrease of the weighted within-node variance
 * $$i(t) = \frac{1}{W_t}\sum_{i\in t} w_i (y_i - \bar y_t)^2, \qquad
 *   \Delta = \frac{W_t}{W}\Big(i(t) - \frac{W_L}{W_t}\, i(L) - \frac{W_R}{W_t}\, i(R)\Big),$$
 * found by the equivalent proxy $S_L^2/W_L + S_R^2/W_R$ ($S = \sum w_i y_i$). With
 * `'friedman_mse'` (what gradient boosting uses) splits are ranked by Friedman's
 * $\frac{W_L W_R}{W_L + W_R}(\bar y_L - \bar y_R)^2$, i.e. $(W_R S_L - W_L S_R)^2 / (W_L W_R)$.
 * A leaf predicts its weighted mean $\bar y_t$. Ties between features: as the classifier (lowest
 * feature index, then lowest threshold, when all features are tried).
 *
 * Fit is $O(d\,n\log n + \text{depth}\cdot d\,n)$; predict is $O(\text{depth})$ per row.
 * @see ../../../../docs/level2-classical/trees.md
 */
import {
  InvalidParamError,
  type MatrixLike,
  NotFittedError,
  type VectorLike,
  asMatrix,
  asVector,
  r2Score,
  readCount,
  readSerialized,
  registerEstimator,
  stateField,
  InvalidInputError,
  type Regressor,
  type SerializedEstimator,
} from '@fpml/core';
import { fitTree } from './fit-tree.js';
import { presort } from './presort.js';
import { type PruningPath, pruningPath } from './pruning.js';
import { checkX, regressorPredict } from './tree-common.js';
import { type TreeGrowthOptions, type TreeGrowthParams, checkGrowthParams, checkSampleWeight, growthDefaults } from './tree-params.js';
import { Tree, type TreeJSON } from './tree-structure.js';

/** Split criteria of {@link DecisionTreeRegressor}. */
export type RegressionCriterion = 'squared_error' | 'friedman_mse';
const CRITERIA: readonly RegressionCriterion[] = ['squared_error', 'friedman_mse'];

/** Options of {@link DecisionTreeRegressor} (sklearn's names in camelCase). */
export interface DecisionTreeRegressorOptions extends TreeGrowthOptions {
  /** Split quality measure. @default 'squared_error' */
  criterion?: RegressionCriterion;
}

/** The params of a {@link DecisionTreeRegressor}, defaults filled in. */
export type DecisionTreeRegressorParams = TreeGrowthParams & { criterion: RegressionCriterion };

interface FittedState {
  tree: Tree;
  nFeaturesIn: number;
  maxFeatures: number;
}

/** Saved fitted state (version 1). */
interface StateJSON {
  nFeaturesIn: number;
  maxFeatures: number;
  tree: TreeJSON;
}

const KIND = 'DecisionTreeRegressor';
const VERSION = 1;

/**
 * A CART regression tree. See the module comment.
 *
 * @example
 * const reg = new DecisionTreeRegressor({ criterion: 'friedman_mse', maxDepth: 3 }).fit(X, y, w);
 * const leaves = reg.apply(X);        // leaf of each row
 * reg.tree.value[leaves[0]] = 0.5;    // gradient boosting re-sets leaf values like this
 */
export class DecisionTreeRegressor implements Regressor<DecisionTreeRegressorParams> {
  private readonly params: Readonly<DecisionTreeRegressorParams>;
  private state: FittedState | null = null;

  /** Stores the params (defaults filled in); checks nothing: `fit` does. */
  constructor(options: DecisionTreeRegressorOptions = {}) {
    this.params = Object.freeze({ criterion: options.criterion ?? 'squared_error', ...growthDefaults(options) });
  }

  /** A frozen copy of the params. */
  getParams(): Readonly<DecisionTreeRegressorParams> {
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

  /** Features tried per split, resolved against d (sklearn's `max_features_`). */
  get maxFeatures(): number {
    return this.fitted('maxFeatures').maxFeatures;
  }

  /**
   * The fitted tree's arrays (sklearn's `tree_`); `value[t]` is node t's weighted mean. The arrays
   * are the model's storage: writing a leaf's `value` changes what `predict` returns for it.
   */
  get tree(): Tree {
    return this.fitted('tree').tree;
  }

  /** Normalised mean decrease in impurity per feature. */
  get featureImportances(): Float64Array {
    return this.fitted('featureImportances').tree.featureImportances();
  }

  /** Depth of the tree (a single leaf has depth 0). */
  getDepth(): number {
    return this.fitted('getDepth').tree.maxDepth;
  }

  /** Number of leaves. */
  getNLeaves(): number {
    return this.fitted('getNLeaves').tree.nLeaves;
  }

  /** @throws InvalidParamError naming the first bad param. */
  private checkParams(): void {
    if (!CRITERIA.includes(this.params.criterion)) {
      throw new InvalidParamError(KIND, 'criterion', this.params.criterion, `one of ${CRITERIA.map((c) => `'${c}'`).join(', ')}`);
    }
    checkGrowthParams(KIND, this.params);
  }

  /**
   * Grow the tree.
   * @param X (n, d) features.
   * @param y (n,) finite targets.
   * @param sampleWeight (n,) optional weights ≥ 0 (rows of weight 0 are ignored, as in sklearn).
   * @throws InvalidParamError, ShapeError, InvalidInputError.
   */
  fit(X: MatrixLike, y: VectorLike, sampleWeight?: ArrayLike<number> | null): this {
    this.checkParams();
    const Xm = asMatrix(X, 'X'); // (n, d)
    const yv = asVector(y, 'y', { length: Xm.rows }); // (n,)
    const w = checkSampleWeight(sampleWeight, Xm.rows);
    const { tree, maxFeatures } = fitTree(KIND, this.params, this.params.criterion, presort(Xm), { kind: 'regression', y: yv }, w);
    this.state = { tree, nFeaturesIn: Xm.cols, maxFeatures };
    return this;
  }

  /** The leaf id each row falls in. @param X (n, nFeaturesIn). @returns (n,). */
  apply(X: MatrixLike): Int32Array {
    const s = this.fitted('apply');
    return s.tree.apply(checkX(X, s.nFeaturesIn));
  }

  /** The leaf value (weighted mean of its training targets) of each row, (n,). */
  predict(X: MatrixLike): Float64Array {
    const s = this.fitted('predict');
    return regressorPredict(s.tree, checkX(X, s.nFeaturesIn));
  }

  /** $R^2$ of `predict(X)` against `y`. */
  score(X: MatrixLike, y: VectorLike): number {
    const s = this.fitted('score');
    const Xm = checkX(X, s.nFeaturesIn);
    const yv = asVector(y, 'y', { length: Xm.rows });
    return r2Score(yv, regressorPredict(s.tree, Xm));
  }

  /** The cost-complexity pruning path of the unpruned tree on (X, y) (see the classifier's). */
  costComplexityPruningPath(X: MatrixLike, y: VectorLike, sampleWeight?: ArrayLike<number> | null): PruningPath {
    const unpruned = new DecisionTreeRegressor({ ...this.params, ccpAlpha: 0 }).fit(X, y, sampleWeight);
    return pruningPath(unpruned.tree);
  }

  /** `{ kind: 'DecisionTreeRegressor', version: 1, params, state }`; JSON-safe, round-trips exactly. */
  toJSON(): SerializedEstimator<DecisionTreeRegressorParams, StateJSON> {
    const s = this.state;
    const state = s === null ? null : { nFeaturesIn: s.nFeaturesIn, maxFeatures: s.maxFeatures, tree: s.tree.toJSON() };
    return { kind: KIND, version: VERSION, params: { ...this.params }, state };
  }

  /**
   * Rebuild a model saved by {@link toJSON}.
   * @throws InvalidInputError for another kind, an unknown version or a malformed state;
   *   InvalidParamError for bad saved params.
   */
  static fromJSON(json: unknown): DecisionTreeRegressor {
    const saved = readSerialized(json, KIND, [VERSION]);
    const model = new DecisionTreeRegressor(saved.params as DecisionTreeRegressorOptions);
    model.checkParams();
    if (saved.state === null) return model;
    const st = saved.state;
    const nFeaturesIn = readCount(st, KIND, 'nFeaturesIn');
    const maxFeatures = readCount(st, KIND, 'maxFeatures');
    const tree = Tree.fromJSON(stateField(st, KIND, 'tree'), KIND);
    if (tree.nClasses !== 1 || tree.nFeatures !== nFeaturesIn || maxFeatures > nFeaturesIn) {
      throw new InvalidInputError(`${KIND}.fromJSON: the saved tree does not match nFeaturesIn / maxFeatures or is not a regression tree`);
    }
    model.state = { tree, nFeaturesIn, maxFeatures };
    return model;
  }

  /**
   * A fitted regressor around a tree grown elsewhere (forests, boosting).
   * @internal
   */
  static fromFittedTree(options: DecisionTreeRegressorOptions, tree: Tree, maxFeatures: number): DecisionTreeRegressor {
    const model = new DecisionTreeRegressor(options);
    model.state = { tree, nFeaturesIn: tree.nFeatures, maxFeatures };
    return model;
  }
}

registerEstimator(KIND, DecisionTreeRegressor.fromJSON);
