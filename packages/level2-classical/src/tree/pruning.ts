/**
 * Minimal cost-complexity pruning (Breiman et al. 1984, ch. 3; scikit-learn 1.2's
 * `_cost_complexity_prune`, step for step).
 *
 * With $R(t) = \frac{W_t}{W_0}\, i(t)$ the weighted impurity of node $t$ and $\tilde T_t$ the leaves
 * of the branch rooted at $t$, the cost of a subtree $T$ at complexity $\alpha$ is
 * $$R_\alpha(T) = \sum_{\ell \in \tilde T} R(\ell) + \alpha\,|\tilde T|.$$
 * Collapsing the branch $T_t$ into the leaf $t$ changes the cost by $R(t) - R(T_t) - \alpha(|\tilde T_t| - 1)$,
 * so it pays for $\alpha \ge g(t) = \frac{R(t) - R(T_t)}{|\tilde T_t| - 1}$. Weakest-link pruning
 * repeatedly collapses the internal node with the smallest $g$ (the lowest node id on ties) and
 * records that $g$ as the next effective alpha; `ccpAlpha` keeps pruning while the smallest
 * $g \le$ `ccpAlpha`. The path is $(\alpha_0 = 0, R(T_0)), (\alpha_1, R(T_1)), \dots$ down to the
 * root alone.
 *
 * Each step is $O(\text{nodeCount})$ (scan for the weakest link, then walk up to the root), so the
 * whole path is $O(\text{nodeCount}^2)$ in the worst case.
 *
 * @see ../../../../docs/level2-classical/trees.md
 */
import { TREE_LEAF, TREE_UNDEFINED, Tree } from './tree-structure.js';

/** The cost-complexity pruning path: `ccpAlphas[k]` and the total leaf impurity $R(T_k)$ of the k-th subtree. */
export interface PruningPath {
  ccpAlphas: Float64Array;
  impurities: Float64Array;
}

/**
 * Run weakest-link pruning on `tree`. Stops before collapsing a node whose $g$ exceeds
 * `ccpAlpha` (never, with `Infinity`). Returns the mask of the pruned subtree's leaves and the
 * path it walked.
 */
function prune(tree: Tree, ccpAlpha: number): { leaves: Uint8Array; path: PruningPath } {
  const n = tree.nodeCount;
  const W = tree.weightedNNodeSamples;
  const left = tree.childrenLeft;
  const right = tree.childrenRight;
  const total = W[0]!;
  const rNode = new Float64Array(n); // R(t)
  for (let i = 0; i < n; i++) rNode[i] = (W[i]! * tree.impurity[i]!) / total;
  const parent = new Int32Array(n);
  const leaves = new Uint8Array(n);
  // parents and leaves, with sklearn's stack order (left pushed first, so right popped first)
  const stack: [number, number][] = [[0, TREE_UNDEFINED]];
  while (stack.length > 0) {
    const [t, p] = stack.pop()!;
    parent[t] = p;
    if (left[t] === TREE_LEAF) leaves[t] = 1;
    else {
      stack.push([left[t]!, t]);
      stack.push([right[t]!, t]);
    }
  }
  const nLeaves = new Int32Array(n);
  const rBranch = new Float64Array(n); // R(T_t)
  for (let leaf = 0; leaf < n; leaf++) {
    if (!leaves[leaf]) continue;
    rBranch[leaf] = rNode[leaf]!;
    const r = rNode[leaf]!;
    let t = leaf;
    while (t !== 0) {
      const p = parent[t]!;
      rBranch[p]! += r;
      nLeaves[p]!++;
      t = p;
    }
  }
  const candidate = new Uint8Array(n);
  for (let i = 0; i < n; i++) candidate[i] = leaves[i] ? 0 : 1;
  const inSubtree = new Uint8Array(n).fill(1);
  const alphas: number[] = [0];
  const impurities: number[] = [rBranch[0]!];
  while (candidate[0]) {
    let effective = Number.MAX_VALUE;
    let weakest = 0;
    for (let i = 0; i < n; i++) {
      if (!candidate[i]) continue;
      const g = (rNode[i]! - rBranch[i]!) / (nLeaves[i]! - 1);
      if (g < effective) {
        effective = g;
        weakest = i;
      }
    }
    if (ccpAlpha < effective) break;
    // the branch below `weakest` leaves the subtree
    const st = [weakest];
    while (st.length > 0) {
      const t = st.pop()!;
      if (!inSubtree[t]) continue;
      candidate[t] = 0;
      leaves[t] = 0;
      inSubtree[t] = 0;
      if (left[t] !== TREE_LEAF) st.push(left[t]!, right[t]!);
    }
    leaves[weakest] = 1;
    inSubtree[weakest] = 1;
    const nPruned = nLeaves[weakest]! - 1;
    nLeaves[weakest] = 0;
    const rDiff = rNode[weakest]! - rBranch[weakest]!;
    rBranch[weakest] = rNode[weakest]!;
    for (let t = parent[weakest]!; t !== TREE_UNDEFINED; t = parent[t]!) {
      nLeaves[t]! -= nPruned;
      rBranch[t]! += rDiff;
    }
    alphas.push(effective);
    impurities.push(rBranch[0]!);
  }
  return { leaves, path: { ccpAlphas: Float64Array.from(alphas), impurities: Float64Array.from(impurities) } };
}

/** The whole pruning path of `tree` (sklearn's `ccp_pruning_path`). */
export function pruningPath(tree: Tree): PruningPath {
  return prune(tree, Infinity).path;
}

/**
 * The subtree of `tree` for complexity `ccpAlpha` (sklearn's `_build_pruned_tree_ccp`): nodes
 * renumbered in pre-order (left first), values, impurities and counts copied from the original.
 */
export function pruneTree(tree: Tree, ccpAlpha: number): Tree {
  const { leaves } = prune(tree, ccpAlpha);
  const K = tree.nClasses;
  const keep: number[] = []; // original ids in new order
  const newLeft: number[] = [];
  const newRight: number[] = [];
  const isLeafNew: boolean[] = [];
  let maxDepth = -1;
  const stack: { t: number; depth: number; parent: number; isLeft: boolean }[] = [{ t: 0, depth: 0, parent: TREE_UNDEFINED, isLeft: false }];
  while (stack.length > 0) {
    const { t, depth, parent, isLeft } = stack.pop()!;
    const id = keep.length;
    keep.push(t);
    newLeft.push(TREE_LEAF);
    newRight.push(TREE_LEAF);
    isLeafNew.push(leaves[t] === 1);
    if (parent !== TREE_UNDEFINED) {
      if (isLeft) newLeft[parent] = id;
      else newRight[parent] = id;
    }
    if (!leaves[t]) {
      stack.push({ t: tree.childrenRight[t]!, depth: depth + 1, parent: id, isLeft: false });
      stack.push({ t: tree.childrenLeft[t]!, depth: depth + 1, parent: id, isLeft: true });
    }
    if (depth > maxDepth) maxDepth = depth;
  }
  const c = keep.length;
  const feature = new Int32Array(c);
  const threshold = new Float64Array(c);
  const value = new Float64Array(c * K);
  for (let k = 0; k < c; k++) {
    const t = keep[k]!;
    feature[k] = isLeafNew[k] ? TREE_UNDEFINED : tree.feature[t]!;
    threshold[k] = isLeafNew[k] ? TREE_UNDEFINED : tree.threshold[t]!;
    value.set(tree.value.subarray(t * K, (t + 1) * K), k * K);
  }
  const pick = <T extends Float64Array | Int32Array>(a: T, out: T): T => {
    for (let k = 0; k < c; k++) out[k] = a[keep[k]!]!;
    return out;
  };
  return new Tree({
    nFeatures: tree.nFeatures,
    nClasses: K,
    maxDepth,
    childrenLeft: Int32Array.from(newLeft),
    childrenRight: Int32Array.from(newRight),
    feature,
    threshold,
    impurity: pick(tree.impurity, new Float64Array(c)),
    nNodeSamples: pick(tree.nNodeSamples, new Int32Array(c)),
    weightedNNodeSamples: pick(tree.weightedNNodeSamples, new Float64Array(c)),
    value,
  });
}
