/**
 * Growing a tree: scikit-learn 1.2's `DepthFirstTreeBuilder` (the default) and
 * `BestFirstTreeBuilder` (when `maxLeafNodes` is set), over the {@link Splitter}.
 *
 * A node becomes a leaf when it is at `maxDepth`, has fewer than `minSamplesSplit` rows, fewer
 * than `2 · minSamplesLeaf` rows, less than `2 · minWeightLeaf` weight, is pure
 * ($i(t) \le \varepsilon$, machine epsilon), or when its best split is missing or improves the
 * impurity by less than `minImpurityDecrease` (improvement $+\,\varepsilon <$ it). Otherwise it is
 * split and its children are grown:
 * - depth first: a stack, left child first, so node ids are a pre-order walk;
 * - best first: a max-heap of candidate nodes keyed by their split's improvement, expanded until
 *   `maxLeafNodes` leaves exist (the heap is libstdc++'s `push_heap`/`pop_heap`, so equal keys
 *   leave in sklearn's order).
 *
 * Complexity: $O(\sum_t (k\, m_t K + d\, m_t))$ over nodes $t$ with $m_t$ rows, i.e.
 * $O(\text{depth}\cdot d\, n\, K)$ for a balanced tree.
 *
 * @see ../../../../docs/level2-classical/trees.md
 */
import type { Splitter } from './splitter.js';
import { TREE_LEAF, TREE_UNDEFINED, Tree } from './tree-structure.js';

/** Stopping rules, resolved to absolute numbers. */
export interface GrowOptions {
  /** Maximum depth (2^31 − 1 for none). */
  maxDepth: number;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  /** Minimum weight of a leaf (absolute). */
  minWeightLeaf: number;
  minImpurityDecrease: number;
  /** Best-first growth with at most this many leaves, or null for depth-first. */
  maxLeafNodes: number | null;
}

const EPSILON = Number.EPSILON; // sklearn's np.finfo('double').eps

/** Growable node arrays (sklearn's Tree._add_node with capacity doubling). */
class NodeStore {
  count = 0;
  private cap: number;
  left: Int32Array;
  right: Int32Array;
  feature: Int32Array;
  threshold: Float64Array;
  impurity: Float64Array;
  nSamples: Int32Array;
  wSamples: Float64Array;
  value: Float64Array;

  constructor(
    readonly K: number,
    cap = 64,
  ) {
    this.cap = cap;
    this.left = new Int32Array(cap);
    this.right = new Int32Array(cap);
    this.feature = new Int32Array(cap);
    this.threshold = new Float64Array(cap);
    this.impurity = new Float64Array(cap);
    this.nSamples = new Int32Array(cap);
    this.wSamples = new Float64Array(cap);
    this.value = new Float64Array(cap * K);
  }

  private grow(): void {
    const cap = this.cap * 2;
    const g = <T extends Int32Array | Float64Array>(a: T, len: number): T => {
      const b = new (a.constructor as new (n: number) => T)(len);
      b.set(a);
      return b;
    };
    this.left = g(this.left, cap);
    this.right = g(this.right, cap);
    this.feature = g(this.feature, cap);
    this.threshold = g(this.threshold, cap);
    this.impurity = g(this.impurity, cap);
    this.nSamples = g(this.nSamples, cap);
    this.wSamples = g(this.wSamples, cap);
    this.value = g(this.value, cap * this.K);
    this.cap = cap;
  }

  add(parent: number, isLeft: boolean, isLeaf: boolean, feature: number, threshold: number, impurity: number, n: number, wn: number): number {
    if (this.count === this.cap) this.grow();
    const id = this.count++;
    if (parent !== TREE_UNDEFINED) {
      if (isLeft) this.left[parent] = id;
      else this.right[parent] = id;
    }
    this.impurity[id] = impurity;
    this.nSamples[id] = n;
    this.wSamples[id] = wn;
    if (isLeaf) this.makeLeaf(id);
    else {
      this.feature[id] = feature;
      this.threshold[id] = threshold;
    }
    return id;
  }

  makeLeaf(id: number): void {
    this.left[id] = TREE_LEAF;
    this.right[id] = TREE_LEAF;
    this.feature[id] = TREE_UNDEFINED;
    this.threshold[id] = TREE_UNDEFINED;
  }

  finish(nFeatures: number, maxDepth: number): Tree {
    const c = this.count;
    return new Tree({
      nFeatures,
      nClasses: this.K,
      maxDepth,
      childrenLeft: this.left.slice(0, c),
      childrenRight: this.right.slice(0, c),
      feature: this.feature.slice(0, c),
      threshold: this.threshold.slice(0, c),
      impurity: this.impurity.slice(0, c),
      nNodeSamples: this.nSamples.slice(0, c),
      weightedNNodeSamples: this.wSamples.slice(0, c),
      value: this.value.slice(0, c * this.K),
    });
  }
}

/**
 * Grow a tree on the splitter's rows.
 * @param K width of a value row: number of classes, or 1 for regression.
 */
export function growTree(splitter: Splitter, K: number, opts: GrowOptions): Tree {
  const store = new NodeStore(K);
  const maxDepth = opts.maxLeafNodes === null ? growDepthFirst(splitter, store, opts) : growBestFirst(splitter, store, opts, opts.maxLeafNodes);
  return store.finish(splitter.d, maxDepth);
}

function leafByCount(n: number, wn: number, depth: number, o: GrowOptions): boolean {
  return depth >= o.maxDepth || n < o.minSamplesSplit || n < 2 * o.minSamplesLeaf || wn < 2 * o.minWeightLeaf;
}

interface StackRecord {
  start: number;
  end: number;
  depth: number;
  parent: number;
  isLeft: boolean;
  impurity: number;
  nConstants: number;
}

/** Depth-first growth; returns the depth of the deepest node. */
function growDepthFirst(splitter: Splitter, store: NodeStore, o: GrowOptions): number {
  const K = store.K;
  const stack: StackRecord[] = [{ start: 0, end: splitter.m, depth: 0, parent: TREE_UNDEFINED, isLeft: false, impurity: Infinity, nConstants: 0 }];
  let first = true;
  let maxDepthSeen = -1;
  while (stack.length > 0) {
    const rec = stack.pop()!;
    const { start, end, depth } = rec;
    const n = end - start;
    const wn = splitter.nodeReset(start, end);
    let isLeaf = leafByCount(n, wn, depth, o);
    const impurity = first ? splitter.nodeImpurity() : rec.impurity;
    first = false;
    isLeaf = isLeaf || impurity <= EPSILON;
    let feature = 0;
    let threshold = 0;
    let pos = end;
    let impL = 0;
    let impR = 0;
    let nConstants = rec.nConstants;
    if (!isLeaf) {
      const r = splitter.nodeSplit(impurity, rec.nConstants);
      const s = r.split;
      isLeaf = s.pos >= end || s.improvement + EPSILON < o.minImpurityDecrease;
      ({ feature, threshold, pos, impurityLeft: impL, impurityRight: impR } = s);
      nConstants = r.nConstants;
    }
    const id = store.add(rec.parent, rec.isLeft, isLeaf, feature, threshold, impurity, n, wn);
    splitter.nodeValue(store.value, id * K);
    if (!isLeaf) {
      stack.push({ start: pos, end, depth: depth + 1, parent: id, isLeft: false, impurity: impR, nConstants });
      stack.push({ start, end: pos, depth: depth + 1, parent: id, isLeft: true, impurity: impL, nConstants });
    }
    if (depth > maxDepthSeen) maxDepthSeen = depth;
  }
  return maxDepthSeen;
}

/** A node waiting in the best-first frontier (sklearn's FrontierRecord). */
interface FrontierRecord {
  nodeId: number;
  start: number;
  end: number;
  pos: number;
  depth: number;
  isLeaf: boolean;
  impurity: number;
  impurityLeft: number;
  impurityRight: number;
  improvement: number;
}

/** sklearn's `_compare_records`: a max-heap on improvement. */
const before = (a: FrontierRecord, b: FrontierRecord): boolean => a.improvement < b.improvement;

/** libstdc++'s `__push_heap`: sift `value` up from `hole` towards `top`. */
function siftUp(h: FrontierRecord[], hole: number, top: number, value: FrontierRecord): void {
  let parent = Math.trunc((hole - 1) / 2);
  while (hole > top && before(h[parent]!, value)) {
    h[hole] = h[parent]!;
    hole = parent;
    parent = Math.trunc((hole - 1) / 2);
  }
  h[hole] = value;
}

/** `std::push_heap` after `push_back`. */
function heapPush(h: FrontierRecord[], rec: FrontierRecord): void {
  h.push(rec);
  siftUp(h, h.length - 1, 0, rec);
}

/** `std::pop_heap` then `back()`/`pop_back()`: remove and return the largest. */
function heapPop(h: FrontierRecord[]): FrontierRecord {
  const len = h.length - 1; // heap length after the pop
  if (len > 0) {
    const value = h[len]!;
    h[len] = h[0]!;
    // libstdc++'s __adjust_heap on [0, len)
    let hole = 0;
    let second = 0;
    while (second < Math.trunc((len - 1) / 2)) {
      second = 2 * (second + 1);
      if (before(h[second]!, h[second - 1]!)) second--;
      h[hole] = h[second]!;
      hole = second;
    }
    if ((len & 1) === 0 && second === Math.trunc((len - 2) / 2)) {
      second = 2 * (second + 1);
      h[hole] = h[second - 1]!;
      hole = second - 1;
    }
    siftUp(h, hole, 0, value);
  }
  return h.pop()!;
}

/** Best-first growth with at most `maxLeafNodes` leaves; returns the deepest depth. */
function growBestFirst(splitter: Splitter, store: NodeStore, o: GrowOptions, maxLeafNodes: number): number {
  const K = store.K;
  let maxSplitNodes = maxLeafNodes - 1;
  const addSplitNode = (start: number, end: number, impurity: number, isFirst: boolean, isLeft: boolean, parent: number, depth: number): FrontierRecord => {
    const wn = splitter.nodeReset(start, end);
    if (isFirst) impurity = splitter.nodeImpurity();
    const n = end - start;
    let isLeaf = leafByCount(n, wn, depth, o) || impurity <= EPSILON;
    let feature = 0;
    let threshold = 0;
    let pos = end;
    let impL = impurity;
    let impR = impurity;
    let improvement = 0;
    if (!isLeaf) {
      const s = splitter.nodeSplit(impurity, 0).split;
      isLeaf = s.pos >= end || s.improvement + EPSILON < o.minImpurityDecrease;
      if (!isLeaf) ({ feature, threshold, pos, improvement, impurityLeft: impL, impurityRight: impR } = s);
    }
    const nodeId = store.add(parent, isLeft, isLeaf, feature, threshold, impurity, n, wn);
    splitter.nodeValue(store.value, nodeId * K); // also for split nodes: they may end as leaves
    if (isLeaf) return { nodeId, start, end, pos: end, depth, isLeaf, impurity, impurityLeft: impurity, impurityRight: impurity, improvement: 0 };
    return { nodeId, start, end, pos, depth, isLeaf, impurity, impurityLeft: impL, impurityRight: impR, improvement };
  };
  const frontier: FrontierRecord[] = [];
  heapPush(frontier, addSplitNode(0, splitter.m, Infinity, true, false, TREE_UNDEFINED, 0));
  let maxDepthSeen = -1;
  while (frontier.length > 0) {
    const rec = heapPop(frontier);
    if (rec.isLeaf || maxSplitNodes <= 0) {
      store.makeLeaf(rec.nodeId);
    } else {
      maxSplitNodes--;
      const l = addSplitNode(rec.start, rec.pos, rec.impurityLeft, false, true, rec.nodeId, rec.depth + 1);
      const r = addSplitNode(rec.pos, rec.end, rec.impurityRight, false, false, rec.nodeId, rec.depth + 1);
      heapPush(frontier, l);
      heapPush(frontier, r);
    }
    if (rec.depth > maxDepthSeen) maxDepthSeen = rec.depth;
  }
  return maxDepthSeen;
}
