/**
 * A fitted histogram tree, flattened in pre-order like scikit-learn's `TreePredictor` nodes, and
 * its prediction on raw or binned features.
 *
 * A sample at an internal node $t$ goes left iff
 * $$x_{f_t} \le \theta_t \quad\text{(raw)},\qquad b_{f_t}(x) \le \beta_t \quad\text{(binned)},$$
 * where $\theta_t$ is the upper edge of bin $\beta_t$ (or $+\infty$ for a split that separates
 * all non-missing values from the missing ones); a NaN goes where `missingGoToLeft` says. The two
 * rules agree because $b(x) \le \beta \iff x \le \theta_\beta$. Prediction is $O(\text{depth})$ per sample.
 * @see ../../../../docs/level2-classical/boosting.md
 */
import { InvalidInputError, describeValue } from '@fpml/core';
import type { BinningState } from './hist-binning.js';

/** One tree, nodes in pre-order; arrays indexed by node. */
export interface HistTree {
  feature: Int32Array;
  binThreshold: Int32Array;
  /** Raw-value threshold (may be +Infinity), derived from the bin thresholds. */
  numThreshold: Float64Array;
  missingGoToLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  isLeaf: Uint8Array;
  /** Leaf values (learning rate applied); internal nodes keep their unshrunk Newton value. */
  value: Float64Array;
  /** Training samples that reached the node. */
  count: Int32Array;
}

/** Number of leaves of a tree. */
export function nLeaves(t: HistTree): number {
  let c = 0;
  for (let k = 0; k < t.isLeaf.length; k++) c += t.isLeaf[k]!;
  return c;
}

/** Raw threshold of a split on bin `bin` of feature `f`: $+\infty$ for the last non-missing bin. */
export function numThresholdOf(binning: BinningState, f: number, bin: number): number {
  return bin === binning.nBinsNonMissing[f]! - 1 ? Infinity : binning.thresholds[f]![bin]!;
}

/** Leaf value of row `i` of row-major X (n, d). */
export function predictRow(t: HistTree, X: Float64Array, d: number, i: number): number {
  let k = 0;
  while (!t.isLeaf[k]) {
    const x = X[i * d + t.feature[k]!]!;
    const left = Number.isNaN(x) ? t.missingGoToLeft[k] === 1 : x <= t.numThreshold[k]!;
    k = left ? t.left[k]! : t.right[k]!;
  }
  return t.value[k]!;
}

/** `out[i] += leaf value` for every row of column-major binned data (n rows). */
export function addPredictBinned(t: HistTree, binned: Uint8Array, n: number, missingBin: number, out: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let k = 0;
    while (!t.isLeaf[k]) {
      const b = binned[t.feature[k]! * n + i]!;
      const left = b === missingBin ? t.missingGoToLeft[k] === 1 : b <= t.binThreshold[k]!;
      k = left ? t.left[k]! : t.right[k]!;
    }
    out[i] += t.value[k]!;
  }
}

/** The saved form of a tree (JSON-safe: no infinite numbers; thresholds are rebuilt from bins). */
export interface HistTreeJSON {
  feature: number[];
  binThreshold: number[];
  missingGoToLeft: number[];
  left: number[];
  right: number[];
  isLeaf: number[];
  value: number[];
  count: number[];
}

/** JSON-safe form of a tree (numeric thresholds are rebuilt from the bins on load). */
export function treeToJSON(t: HistTree): HistTreeJSON {
  return {
    feature: Array.from(t.feature), binThreshold: Array.from(t.binThreshold), missingGoToLeft: Array.from(t.missingGoToLeft),
    left: Array.from(t.left), right: Array.from(t.right), isLeaf: Array.from(t.isLeaf), value: Array.from(t.value), count: Array.from(t.count),
  };
}

/** Rebuild a tree and check that it is a well-formed pre-order binary tree over the features. */
export function treeFromJSON(json: unknown, owner: string, binning: BinningState): HistTree {
  const bad = (why: string): never => {
    throw new InvalidInputError(`${owner}.fromJSON: a saved tree ${why}`);
  };
  if (json === null || typeof json !== 'object') bad(`must be an object, got ${describeValue(json)}`);
  const j = json as Record<string, unknown>;
  const keys = ['feature', 'binThreshold', 'missingGoToLeft', 'left', 'right', 'isLeaf', 'value', 'count'] as const;
  const m = Array.isArray(j.value) ? j.value.length : 0;
  if (m < 1) bad('has no nodes');
  for (const k of keys) {
    const v = j[k];
    if (!Array.isArray(v) || v.length !== m || v.some((e) => typeof e !== 'number' || !Number.isFinite(e))) bad(`field ${k} must be ${m} finite numbers`);
  }
  const int = (k: (typeof keys)[number]) => Int32Array.from(j[k] as number[]);
  const t: HistTree = {
    feature: int('feature'), binThreshold: int('binThreshold'), missingGoToLeft: Uint8Array.from(j.missingGoToLeft as number[]),
    left: int('left'), right: int('right'), isLeaf: Uint8Array.from(j.isLeaf as number[]), value: Float64Array.from(j.value as number[]),
    count: int('count'), numThreshold: new Float64Array(m),
  };
  const d = binning.thresholds.length;
  for (let k = 0; k < m; k++) {
    if (t.isLeaf[k]) continue;
    const f = t.feature[k]!;
    if (f < 0 || f >= d) bad(`splits on feature ${f} of ${d}`);
    if (t.binThreshold[k]! < 0 || t.binThreshold[k]! >= binning.nBinsNonMissing[f]!) bad(`has bin threshold ${t.binThreshold[k]} out of range at node ${k}`);
    if (!(t.left[k]! > k && t.left[k]! < m && t.right[k]! > t.left[k]! && t.right[k]! < m)) bad(`has bad children at node ${k}`);
    t.numThreshold[k] = numThresholdOf(binning, f, t.binThreshold[k]!);
  }
  return t;
}
