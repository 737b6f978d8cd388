/**
 * The fitted tree itself, laid out as scikit-learn's `tree_` (parallel arrays indexed by node id),
 * so a tree can be printed, walked, compared with sklearn number for number, and have its leaf
 * values rewritten (gradient boosting sets each leaf to its Newton step).
 *
 * Node 0 is the root; nodes are numbered in the order the builder creates them (depth first, left
 * child before right, for the default builder; in order of creation for best-first growth). For an
 * internal node $t$ with feature $j_t$ and threshold $\theta_t$, a row $x$ goes to
 * `childrenLeft[t]` if $x_{j_t} \le \theta_t$ and to `childrenRight[t]` otherwise. Leaves have
 * `childrenLeft = childrenRight = -1` ({@link TREE_LEAF}) and `feature = -2`, `threshold = -2`
 * ({@link TREE_UNDEFINED}), as sklearn.
 *
 * `value` is `(nodeCount, nClasses)` row-major: for a classifier the weighted class counts
 * $\sum_{i \in t} w_i [y_i = k]$ of the node (sklearn 1.2 stores counts, not fractions); for a
 * regressor (`nClasses = 1`) the weighted mean $\sum_{i\in t} w_i y_i / \sum_{i\in t} w_i$.
 *
 * @see ../../../../docs/level2-classical/trees.md
 */
import { InvalidInputError, type Matrix } from '@fpml/core';

/** `childrenLeft`/`childrenRight` of a leaf (sklearn's `_TREE_LEAF`). */
export const TREE_LEAF = -1;
/** `feature`/`threshold` of a leaf (sklearn's `_TREE_UNDEFINED`). */
export const TREE_UNDEFINED = -2;

/** The arrays of a {@link Tree}, as plain numbers (its JSON form). */
export interface TreeJSON {
  nFeatures: number;
  nClasses: number;
  maxDepth: number;
  childrenLeft: number[];
  childrenRight: number[];
  feature: number[];
  threshold: number[];
  impurity: number[];
  nNodeSamples: number[];
  weightedNNodeSamples: number[];
  value: number[];
}

/** The fields a {@link Tree} is made of (its constructor argument). */
export interface TreeArrays {
  nFeatures: number;
  nClasses: number;
  maxDepth: number;
  childrenLeft: Int32Array; // (nodeCount,)
  childrenRight: Int32Array; // (nodeCount,)
  feature: Int32Array; // (nodeCount,)
  threshold: Float64Array; // (nodeCount,)
  impurity: Float64Array; // (nodeCount,)
  nNodeSamples: Int32Array; // (nodeCount,)
  weightedNNodeSamples: Float64Array; // (nodeCount,)
  value: Float64Array; // (nodeCount * nClasses,)
}

/**
 * A binary decision tree as parallel arrays (sklearn's `sklearn.tree._tree.Tree`).
 *
 * The arrays are the model's own storage, not copies: read them freely; write only `value` (the
 * leaf values), which is what gradient boosting does after fitting each tree. Prediction walks
 * one root-to-leaf path per row: $O(\text{depth})$ per row.
 *
 * @see ../../../../docs/level2-classical/trees.md
 */
export class Tree {
  /** Number of features of the data the tree was grown on. */
  readonly nFeatures: number;
  /** Width of a `value` row: number of classes, or 1 for a regression tree (sklearn's `n_classes`). */
  readonly nClasses: number;
  /** Depth of the deepest leaf (the root alone has depth 0). */
  readonly maxDepth: number;
  /** Number of nodes. */
  readonly nodeCount: number;
  /** Left child of each node, or -1 for a leaf. */
  readonly childrenLeft: Int32Array; // (nodeCount,)
  /** Right child of each node, or -1 for a leaf. */
  readonly childrenRight: Int32Array; // (nodeCount,)
  /** Feature tested at each internal node, -2 for a leaf. */
  readonly feature: Int32Array; // (nodeCount,)
  /** Threshold $\theta_t$ of each internal node ($x_j \le \theta_t$ goes left), -2 for a leaf. */
  readonly threshold: Float64Array; // (nodeCount,)
  /** Impurity of each node (Gini, entropy in bits, or weighted variance). */
  readonly impurity: Float64Array; // (nodeCount,)
  /** Number of training rows (with positive weight) reaching each node. */
  readonly nNodeSamples: Int32Array; // (nodeCount,)
  /** Total sample weight reaching each node. */
  readonly weightedNNodeSamples: Float64Array; // (nodeCount,)
  /** `(nodeCount, nClasses)` row-major: weighted class counts (classifier) or weighted mean (regressor). */
  readonly value: Float64Array; // (nodeCount * nClasses,)

  /** Wraps the arrays (no copy). Use {@link Tree.fromJSON} for untrusted input: it checks them. */
  constructor(a: TreeArrays) {
    this.nFeatures = a.nFeatures;
    this.nClasses = a.nClasses;
    this.maxDepth = a.maxDepth;
    this.nodeCount = a.childrenLeft.length;
    this.childrenLeft = a.childrenLeft;
    this.childrenRight = a.childrenRight;
    this.feature = a.feature;
    this.threshold = a.threshold;
    this.impurity = a.impurity;
    this.nNodeSamples = a.nNodeSamples;
    this.weightedNNodeSamples = a.weightedNNodeSamples;
    this.value = a.value;
  }

  /** Number of leaves. $O(\text{nodeCount})$. */
  get nLeaves(): number {
    let leaves = 0;
    for (let t = 0; t < this.nodeCount; t++) if (this.childrenLeft[t] === TREE_LEAF) leaves++;
    return leaves;
  }

  /** Whether node `t` is a leaf. */
  isLeaf(t: number): boolean {
    return this.childrenLeft[t] === TREE_LEAF;
  }

  /** The leaf reached by row `i` of the row-major `data` with `cols` columns. */
  leafOf(data: Float64Array, i: number, cols: number): number {
    const left = this.childrenLeft;
    const right = this.childrenRight;
    const feature = this.feature;
    const threshold = this.threshold;
    const base = i * cols;
    let t = 0;
    while (left[t] !== TREE_LEAF) t = data[base + feature[t]!]! <= threshold[t]! ? left[t]! : right[t]!;
    return t;
  }

  /**
   * The leaf id of every row of X (already validated: X.cols = nFeatures). $O(n \cdot \text{depth})$.
   * @param X (n, nFeatures).
   */
  apply(X: Matrix): Int32Array {
    const out = new Int32Array(X.rows); // (n,)
    for (let i = 0; i < X.rows; i++) out[i] = this.leafOf(X.data, i, X.cols);
    return out;
  }

  /**
   * Mean decrease in impurity of each feature (sklearn's `compute_feature_importances`):
   * $$I_j = \frac{1}{W_0}\sum_{t:\,j_t = j} \big(W_t\, i_t - W_{L(t)}\, i_{L(t)} - W_{R(t)}\, i_{R(t)}\big),$$
   * with $W_t$ the weighted sample count and $i_t$ the impurity of node $t$; then, when
   * `normalize`, divided by $\sum_j I_j$ (left at 0 when the sum is 0, e.g. a single-leaf tree).
   * $O(\text{nodeCount} + d)$.
   */
  featureImportances(normalize = true): Float64Array {
    const imp = new Float64Array(this.nFeatures); // (d,)
    const W = this.weightedNNodeSamples;
    const I = this.impurity;
    for (let t = 0; t < this.nodeCount; t++) {
      const l = this.childrenLeft[t]!;
      if (l === TREE_LEAF) continue;
      const r = this.childrenRight[t]!;
      imp[this.feature[t]!]! += W[t]! * I[t]! - W[l]! * I[l]! - W[r]! * I[r]!;
    }
    for (let j = 0; j < imp.length; j++) imp[j] = imp[j]! / W[0]!;
    if (normalize) {
      let total = 0;
      for (let j = 0; j < imp.length; j++) total += imp[j]!;
      if (total > 0) for (let j = 0; j < imp.length; j++) imp[j] = imp[j]! / total;
    }
    return imp;
  }

  /** A deep copy (the arrays are copied). */
  clone(): Tree {
    return new Tree({
      nFeatures: this.nFeatures,
      nClasses: this.nClasses,
      maxDepth: this.maxDepth,
      childrenLeft: this.childrenLeft.slice(),
      childrenRight: this.childrenRight.slice(),
      feature: this.feature.slice(),
      threshold: this.threshold.slice(),
      impurity: this.impurity.slice(),
      nNodeSamples: this.nNodeSamples.slice(),
      weightedNNodeSamples: this.weightedNNodeSamples.slice(),
      value: this.value.slice(),
    });
  }

  /** JSON-safe form; {@link Tree.fromJSON} rebuilds it bit for bit. */
  toJSON(): TreeJSON {
    return {
      nFeatures: this.nFeatures,
      nClasses: this.nClasses,
      maxDepth: this.maxDepth,
      childrenLeft: Array.from(this.childrenLeft),
      childrenRight: Array.from(this.childrenRight),
      feature: Array.from(this.feature),
      threshold: Array.from(this.threshold),
      impurity: Array.from(this.impurity),
      nNodeSamples: Array.from(this.nNodeSamples),
      weightedNNodeSamples: Array.from(this.weightedNNodeSamples),
      value: Array.from(this.value),
    };
  }

  /**
   * Rebuild a tree saved by {@link Tree.toJSON}, checking that it is one: consistent lengths,
   * children that point forward to existing nodes, each node reached once, features in range and
   * finite numbers.
   * @param owner the class loading it, for error messages.
   * @throws InvalidInputError naming the first problem.
   */
  static fromJSON(json: unknown, owner = 'Tree'): Tree {
    const bad = (why: string): never => {
      throw new InvalidInputError(`${owner}.fromJSON: saved tree ${why}`);
    };
    if (json === null || typeof json !== 'object' || Array.isArray(json)) bad('must be an object');
    const j = json as Record<string, unknown>;
    const count = (k: string, min: number): number => {
      const v = j[k];
      if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) bad(`${k} must be an integer ≥ ${min}, got ${String(v)}`);
      return v as number;
    };
    const nFeatures = count('nFeatures', 1);
    const nClasses = count('nClasses', 1);
    const maxDepth = count('maxDepth', 0);
    const nums = (k: string, len?: number): number[] => {
      const v = j[k];
      if (!Array.isArray(v) || (len !== undefined && v.length !== len)) bad(`${k} must be an array${len === undefined ? '' : ` of length ${len}`}`);
      const a = v as unknown[];
      for (let i = 0; i < a.length; i++) if (typeof a[i] !== 'number' || !Number.isFinite(a[i])) bad(`${k}[${i}] must be a finite number`);
      return a as number[];
    };
    const left = nums('childrenLeft');
    const n = left.length;
    if (n < 1) bad('has no nodes');
    const right = nums('childrenRight', n);
    const feature = nums('feature', n);
    const tree = new Tree({
      nFeatures,
      nClasses,
      maxDepth,
      childrenLeft: Int32Array.from(left),
      childrenRight: Int32Array.from(right),
      feature: Int32Array.from(feature),
      threshold: Float64Array.from(nums('threshold', n)),
      impurity: Float64Array.from(nums('impurity', n)),
      nNodeSamples: Int32Array.from(nums('nNodeSamples', n)),
      weightedNNodeSamples: Float64Array.from(nums('weightedNNodeSamples', n)),
      value: Float64Array.from(nums('value', n * nClasses)),
    });
    const seen = new Uint8Array(n);
    seen[0] = 1;
    let deepest = 0;
    const depth = new Int32Array(n);
    for (let t = 0; t < n; t++) {
      const l = left[t]!, r = right[t]!;
      if (l === TREE_LEAF || r === TREE_LEAF) {
        if (l !== r) bad(`node ${t} has one child`);
        deepest = Math.max(deepest, depth[t]!);
        continue;
      }
      if (!Number.isInteger(feature[t]) || feature[t]! < 0 || feature[t]! >= nFeatures) bad(`node ${t} tests feature ${feature[t]}, not in [0, ${nFeatures})`);
      for (const c of [l, r]) {
        if (!Number.isInteger(c) || c <= t || c >= n || seen[c]) bad(`node ${t} has an invalid child ${c}`);
        seen[c] = 1;
        depth[c] = depth[t]! + 1;
      }
    }
    if (!seen.every((s) => s === 1)) bad('has nodes not reachable from the root');
    if (deepest !== maxDepth) bad(`maxDepth is ${maxDepth} but the deepest leaf is at depth ${deepest}`);
    return tree;
  }
}
