/**
 * DecisionTreeClassifier: CART (Breiman, Friedman, Olshen & Stone 1984) as scikit-learn 1.2's
 * `DecisionTreeClassifier`, same params, same splits, same tree arrays.
 *
 * Greedy top-down growth: at each node choose, among the features tried, the split
 * $x_j \le \theta$ that maximises the weighted impurity decrease
 * $$\Delta = \frac{W_t}{W}\Big(i(t) - \frac{W_L}{W_t}\, i(L) - \frac{W_R}{W_t}\, i(R)\Big),$$
 * with $i$ the Gini index $1 - \sum_k p_k^2$ or the entropy $-\sum_k p_k \log_2 p_k$ of the
 * weighted class fractions. A leaf predicts its weighted class fractions; `predict` is their argmax
 * (lowest class index on ties). Optionally pruned by minimal cost-complexity (`ccpAlpha`).
 *
 * Tie-break (documented difference): with `maxFeatures: null` all features are tried in index
 * order, and a split only replaces the best one if its score is strictly larger, so exact ties go
 * to the lowest feature index, then the lowest threshold. sklearn tries the features in a random
 * order (even with `max_features=None`), so its ties depend on `random_state`.
 *
 * Fit is $O(d\,n\log n)$ to presort plus $O(\text{depth}\cdot d\, n\, K)$ to grow; predict is
 * $O(\text{depth})$ per row.
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
  readSerialized,
  registerEstimator,
  stateField,
  type Classifier,
  type Labels,
  type SerializedEstimator,
} from '@fpml/core';
import { fitTree } from './fit-tree.js';
import { presort } from './presort.js';
import { type PruningPath, pruningPath } from './pruning.js';
import { checkX, classifierProba, codesAccuracy, probaArgmax } from './tree-common.js';
import { type TreeGrowthOptions, type TreeGrowthParams, checkGrowthParams, checkSampleWeight, growthDefaults } from './tree-params.js';
import { Tree, type TreeJSON } from './tree-structure.js';

/** Split criteria of {@link DecisionTreeClassifier}; `'log_loss'` is sklearn's alias of `'entropy'`. */
export type ClassificationCriterion = 'gini' | 'entropy' | 'log_loss';
const CRITERIA: readonly ClassificationCriterion[] = ['gini', 'entropy', 'log_loss'];

/** Options of {@link DecisionTreeClassifier} (sklearn's names in camelCase). */
export interface DecisionTreeClassifierOptions extends TreeGrowthOptions {
  /** Impurity measure. @default 'gini' */
  criterion?: ClassificationCriterion;
}

/** The params of a {@link DecisionTreeClassifier}, defaults filled in. */
export type DecisionTreeClassifierParams = TreeGrowthParams & { criterion: ClassificationCriterion };

interface FittedState {
  encoding: LabelEncoding;
  tree: Tree;
  nFeaturesIn: number;
  maxFeatures: number;
}

/** Saved fitted state (version 1). */
interface StateJSON {
  classes: Label[];
  labelKind: LabelEncodingJSON['kind'];
  nFeaturesIn: number;
  maxFeatures: number;
  tree: TreeJSON;
}

const KIND = 'DecisionTreeClassifier';
const VERSION = 1;

/**
 * A CART classification tree. See the module comment for the maths and the tie-break.
 *
 * @example
 * const clf = new DecisionTreeClassifier({ maxDepth: 3 }).fit(X, y);
 * clf.predict(X);          // labels
 * clf.tree.threshold;      // the split thresholds, node by node (sklearn's tree_.threshold)
 */
export class DecisionTreeClassifier implements Classifier<DecisionTreeClassifierParams> {
  private readonly params: Readonly<DecisionTreeClassifierParams>;
  private state: FittedState | null = null;

  /** Stores the params (defaults filled in); checks nothing: `fit` does. */
  constructor(options: DecisionTreeClassifierOptions = {}) {
    this.params = Object.freeze({ criterion: options.criterion ?? 'gini', ...growthDefaults(options) });
  }

  /** A frozen copy of the params. */
  getParams(): Readonly<DecisionTreeClassifierParams> {
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

  /** Features tried per split, resolved against d (sklearn's `max_features_`). */
  get maxFeatures(): number {
    return this.fitted('maxFeatures').maxFeatures;
  }

  /** The fitted tree's arrays (sklearn's `tree_`); `value` rows are weighted class counts. */
  get tree(): Tree {
    return this.fitted('tree').tree;
  }

  /** Normalised mean decrease in impurity per feature (sums to 1 unless the tree is one leaf). */
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
   * @param y (n,) labels: numbers or strings.
   * @param sampleWeight (n,) optional weights ≥ 0 (rows of weight 0 are ignored, as in sklearn).
   * @throws InvalidParamError, ShapeError, InvalidInputError.
   */
  fit(X: MatrixLike, y: Labels, sampleWeight?: ArrayLike<number> | null): this {
    this.checkParams();
    const Xm = asMatrix(X, 'X'); // (n, d)
    const { encoding, codes } = LabelEncoding.fit(y, 'y', Xm.rows);
    const w = checkSampleWeight(sampleWeight, Xm.rows);
    const criterion = this.params.criterion === 'gini' ? 'gini' : 'entropy';
    const target = { kind: 'classification' as const, codes, nClasses: encoding.nClasses };
    const { tree, maxFeatures } = fitTree(KIND, this.params, criterion, presort(Xm), target, w);
    this.state = { encoding, tree, nFeaturesIn: Xm.cols, maxFeatures };
    return this;
  }

  /**
   * The leaf id each row falls in (sklearn's `apply`).
   * @param X (n, nFeaturesIn). @returns (n,) node ids into the `tree` arrays.
   */
  apply(X: MatrixLike): Int32Array {
    const s = this.fitted('apply');
    return s.tree.apply(checkX(X, s.nFeaturesIn));
  }

  /**
   * Class probabilities: the weighted class fractions of each row's leaf, (n, K), rows sum to 1.
   * @param X (n, nFeaturesIn).
   */
  predictProba(X: MatrixLike): Matrix {
    const s = this.fitted('predictProba');
    return classifierProba(s.tree, checkX(X, s.nFeaturesIn));
  }

  /** Predicted labels: argmax of {@link predictProba} (lowest class on ties), decoded. */
  predict(X: MatrixLike): Int32Array | Label[] {
    const s = this.fitted('predict');
    return s.encoding.decode(probaArgmax(classifierProba(s.tree, checkX(X, s.nFeaturesIn))));
  }

  /** Mean accuracy of `predict(X)` against `y`. */
  score(X: MatrixLike, y: Labels): number {
    const s = this.fitted('score');
    const Xm = checkX(X, s.nFeaturesIn);
    const truth = s.encoding.encode(y, 'y', Xm.rows);
    return codesAccuracy(truth, probaArgmax(classifierProba(s.tree, Xm)));
  }

  /**
   * The minimal cost-complexity pruning path of the unpruned tree grown on (X, y, sampleWeight)
   * with these params (sklearn's `cost_complexity_pruning_path`): effective alphas
   * $0 = \alpha_0 < \alpha_1 \le \dots$ and the total leaf impurity of each pruned subtree. Does
   * not change this estimator.
   */
  costComplexityPruningPath(X: MatrixLike, y: Labels, sampleWeight?: ArrayLike<number> | null): PruningPath {
    const unpruned = new DecisionTreeClassifier({ ...this.params, ccpAlpha: 0 }).fit(X, y, sampleWeight);
    return pruningPath(unpruned.tree);
  }

  /** `{ kind: 'DecisionTreeClassifier', version: 1, params, state }`; JSON-safe, round-trips exactly. */
  toJSON(): SerializedEstimator<DecisionTreeClassifierParams, StateJSON> {
    const s = this.state;
    const state =
      s === null
        ? null
        : { classes: [...s.encoding.classes], labelKind: s.encoding.kind, nFeaturesIn: s.nFeaturesIn, maxFeatures: s.maxFeatures, tree: s.tree.toJSON() };
    return { kind: KIND, version: VERSION, params: { ...this.params }, state };
  }

  /**
   * Rebuild a model saved by {@link toJSON}.
   * @throws InvalidInputError for another kind, an unknown version or a malformed state;
   *   InvalidParamError for bad saved params.
   */
  static fromJSON(json: unknown): DecisionTreeClassifier {
    const saved = readSerialized(json, KIND, [VERSION]);
    const model = new DecisionTreeClassifier(saved.params as DecisionTreeClassifierOptions);
    model.checkParams();
    if (saved.state === null) return model;
    const st = saved.state;
    const encoding = LabelEncoding.fromJSON(
      { classes: stateField(st, KIND, 'classes') as Label[], kind: stateField(st, KIND, 'labelKind') as LabelEncodingJSON['kind'] },
      KIND,
    );
    const nFeaturesIn = readCount(st, KIND, 'nFeaturesIn');
    const maxFeatures = readCount(st, KIND, 'maxFeatures');
    const tree = Tree.fromJSON(stateField(st, KIND, 'tree'), KIND);
    if (tree.nClasses !== encoding.nClasses || tree.nFeatures !== nFeaturesIn || maxFeatures > nFeaturesIn) {
      throw new InvalidInputError(`${KIND}.fromJSON: the saved tree does not match the saved classes / nFeaturesIn / maxFeatures`);
    }
    if (tree.value.some((v) => v < 0)) throw new InvalidInputError(`${KIND}.fromJSON: saved class counts must be ≥ 0`);
    model.state = { encoding, tree, nFeaturesIn, maxFeatures };
    return model;
  }

  /**
   * A fitted classifier around a tree grown elsewhere (the forests build their trees in bulk).
   * @internal
   */
  static fromFittedTree(options: DecisionTreeClassifierOptions, encoding: LabelEncoding, tree: Tree, maxFeatures: number): DecisionTreeClassifier {
    const model = new DecisionTreeClassifier(options);
    model.state = { encoding, tree, nFeaturesIn: tree.nFeatures, maxFeatures };
    return model;
  }
}

registerEstimator(KIND, DecisionTreeClassifier.fromJSON);
