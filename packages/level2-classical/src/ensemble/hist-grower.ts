/**
 * Best-first growth of one histogram tree on gradients and hessians (scikit-learn 1.2's
 * `TreeGrower`, same order of operations so the same tree comes out).
 *
 * 1. The root holds every sample; its histograms are built from scratch.
 * 2. Every node that may split gets its best split ({@link findNodeSplit}) and, if the gain is
 *    positive, goes into a max-heap on gain.
 * 3. Repeatedly pop the node of largest gain, partition its samples, and make two children whose
 *    values are the Newton steps $-G/(H+\lambda)$ of their halves. Stop splitting a child when the
 *    tree reaches `maxLeafNodes` leaves (then every open node becomes a leaf), when it is at
 *    `maxDepth`, or when it has fewer than `2 * minSamplesLeaf` samples.
 * 4. Of two children, the smaller gets histograms from its samples, the larger gets
 *    `parent − smaller` (the subtraction trick).
 * 5. Leaf values are multiplied by the learning rate at the end (shrinkage).
 *
 * Growing by gain rather than depth spends the leaf budget where the loss drops most (LightGBM's
 * leaf-wise growth). Cost: $O(n d)$ histogram work per tree level (halved by subtraction) plus
 * $O(d \cdot \texttt{nBins})$ per split search.
 * @see ../../../../docs/level2-classical/boosting.md
 */
import { type Histogram, buildHistogram, newHistogram, subtractHistogram } from './hist-histogram.js';
import { PyHeap } from './hist-heap.js';
import { numThresholdOf, type HistTree } from './hist-predictor.js';
import { type SplitInfo, type SplitterParams, findNodeSplit, splitIndices } from './hist-splitter.js';
import type { BinningState } from './hist-binning.js';

/** Tree-size limits and regularisation of one tree. */
export interface GrowerParams {
  maxLeafNodes: number | null;
  maxDepth: number | null;
  minSamplesLeaf: number;
  l2Regularization: number;
  /** Learning rate, applied to the leaf values at the end. */
  shrinkage: number;
}

/** Data shared by every tree of one fit (binned X, buffers). */
export interface GrowerData {
  binned: Uint8Array; // column-major (d blocks of n)
  n: number;
  d: number;
  nBins: number; // maxBins + 1
  binning: BinningState;
  hasMissing: Uint8Array; // (d,)
  /** Work buffers, reused by every tree. */
  partition: Uint32Array; // (n,)
  scratchIdx: Uint32Array; // (n,)
  scratchG: Float32Array; // (n,)
  scratchH: Float32Array; // (n,)
  pool: Histogram[];
}

/** Allocate the shared buffers. */
export function growerData(binned: Uint8Array, n: number, d: number, binning: BinningState, hasMissing: Uint8Array): GrowerData {
  return {
    binned, n, d, nBins: binning.missingBin + 1, binning, hasMissing,
    partition: new Uint32Array(n), scratchIdx: new Uint32Array(n), scratchG: new Float32Array(n), scratchH: new Float32Array(n), pool: [],
  };
}

interface GNode {
  depth: number;
  start: number;
  stop: number;
  sumG: number;
  sumH: number;
  value: number;
  split: SplitInfo | null;
  isLeaf: boolean;
  left: GNode | null;
  right: GNode | null;
  hist: Histogram | null;
}

/** A grown tree plus its leaves' sample ranges in `data.partition` (valid until the next tree). */
export interface GrownTree {
  tree: HistTree;
  leaves: { start: number; stop: number; value: number }[];
}

/**
 * Grow one tree on gradients `g` and hessians `h` (null: constant hessian 1).
 * @param g (n,) float32 gradients; @param h (n,) float32 hessians or null.
 */
export function growTree(data: GrowerData, g: Float32Array, h: Float32Array | null, p: GrowerParams): GrownTree {
  const { n, d, nBins, binning, hasMissing, partition } = data;
  for (let i = 0; i < n; i++) partition[i] = i;
  const sp: SplitterParams = {
    nBins, nBinsNonMissing: binning.nBinsNonMissing, hasMissing, l2Regularization: p.l2Regularization,
    minHessianToSplit: 1e-3, minSamplesLeaf: p.minSamplesLeaf, minGainToSplit: 0, constantHessian: h === null,
  };
  const acquire = (): Histogram => data.pool.pop() ?? newHistogram(d, nBins);
  const release = (node: GNode): void => {
    if (node.hist !== null) data.pool.push(node.hist);
    node.hist = null;
  };
  const heap = new PyHeap<GNode>((a, b) => a.split!.gain > b.split!.gain);
  const leaves: GNode[] = [];
  const finalize = (node: GNode): void => {
    node.isLeaf = true;
    leaves.push(node);
  };
  const build = (node: GNode): void => {
    node.hist = acquire();
    buildHistogram(node.hist, data.binned, n, d, nBins, partition, node.start, node.stop, g, h, data.scratchG, data.scratchH);
  };
  const splitAndPush = (node: GNode): void => {
    node.split = findNodeSplit(node.hist!, d, node.stop - node.start, node.sumG, node.sumH, node.value, sp);
    if (node.split.gain <= 0) {
      finalize(node);
      release(node);
    } else heap.push(node);
  };
  const mk = (depth: number, start: number, stop: number, sumG: number, sumH: number, value: number): GNode => ({ depth, start, stop, sumG, sumH, value, split: null, isLeaf: false, left: null, right: null, hist: null });

  let sumG = 0;
  for (let i = 0; i < n; i++) sumG += g[i]!;
  let sumH: number;
  if (h === null) sumH = n;
  else {
    sumH = 0;
    for (let i = 0; i < n; i++) sumH += h[i]!;
  }
  const root = mk(0, 0, n, sumG, sumH, 0);
  if (n < 2 * p.minSamplesLeaf || sumH < sp.minHessianToSplit) finalize(root);
  else {
    build(root);
    splitAndPush(root);
  }

  while (heap.size > 0) {
    const node = heap.pop();
    const s = node.split!;
    const rightPos = splitIndices(partition, node.start, node.stop, data.binned, n, s, binning.missingBin, data.scratchIdx);
    const depth = node.depth + 1;
    const nLeafNodes = leaves.length + heap.size + 2;
    const left = mk(depth, node.start, rightPos, s.sumGradientLeft, s.sumHessianLeft, s.valueLeft);
    const right = mk(depth, rightPos, node.stop, s.sumGradientRight, s.sumHessianRight, s.valueRight);
    node.left = left;
    node.right = right;
    if (!hasMissing[s.feature]) s.missingGoToLeft = left.stop - left.start > right.stop - right.start;
    if (p.maxLeafNodes !== null && nLeafNodes === p.maxLeafNodes) {
      finalize(left);
      finalize(right);
      while (heap.size > 0) {
        const open = heap.items.pop()!;
        release(open);
        finalize(open);
      }
      release(node);
      break;
    }
    if (p.maxDepth !== null && depth === p.maxDepth) {
      finalize(left);
      finalize(right);
      release(node);
      continue;
    }
    if (left.stop - left.start < 2 * p.minSamplesLeaf) finalize(left);
    if (right.stop - right.start < 2 * p.minSamplesLeaf) finalize(right);
    if (!left.isLeaf || !right.isLeaf) {
      const [small, large] = left.stop - left.start < right.stop - right.start ? [left, right] : [right, left];
      build(small);
      large.hist = acquire();
      subtractHistogram(large.hist, node.hist!, small.hist!);
      if (!left.isLeaf) splitAndPush(left);
      if (!right.isLeaf) splitAndPush(right);
      if (left.isLeaf) release(left);
      if (right.isLeaf) release(right);
    }
    release(node);
  }
  for (const leaf of leaves) leaf.value *= p.shrinkage;
  return { tree: flatten(root, binning), leaves: leaves.map((l) => ({ start: l.start, stop: l.stop, value: l.value })) };
}

/** Pre-order arrays of the grown nodes (sklearn's `_fill_predictor_arrays` numbering). */
function flatten(root: GNode, binning: BinningState): HistTree {
  const nodes: GNode[] = [];
  const walk = (node: GNode): void => {
    nodes.push(node);
    if (!node.isLeaf) {
      walk(node.left!);
      walk(node.right!);
    }
  };
  walk(root);
  const m = nodes.length;
  const index = new Map(nodes.map((nd, k) => [nd, k]));
  const t: HistTree = {
    feature: new Int32Array(m), binThreshold: new Int32Array(m), numThreshold: new Float64Array(m), missingGoToLeft: new Uint8Array(m),
    left: new Int32Array(m), right: new Int32Array(m), isLeaf: new Uint8Array(m), value: new Float64Array(m), count: new Int32Array(m),
  };
  nodes.forEach((nd, k) => {
    t.value[k] = nd.value;
    t.count[k] = nd.stop - nd.start;
    if (nd.isLeaf) {
      t.isLeaf[k] = 1;
      return;
    }
    const s = nd.split!;
    t.feature[k] = s.feature;
    t.binThreshold[k] = s.bin;
    t.numThreshold[k] = numThresholdOf(binning, s.feature, s.bin);
    t.missingGoToLeft[k] = s.missingGoToLeft ? 1 : 0;
    t.left[k] = index.get(nd.left!)!;
    t.right[k] = index.get(nd.right!)!;
  });
  return t;
}
