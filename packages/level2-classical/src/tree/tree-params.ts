/**
 * The hyper-parameters shared by the decision trees (and passed down by the forests): their
 * types, scikit-learn 1.2 defaults, validation and resolution to absolute numbers at fit time.
 *
 * Integers versus fractions: JavaScript has one number type, so a count and a fraction are told
 * apart by value. An integer is a count; a non-integer strictly between 0 and 1 is a fraction of
 * the samples (or features). So sklearn's `max_features=1.0` ("all features") is written `null`
 * here, and `minSamplesSplit: 1.0` ("all samples") is not expressible (use the row count).
 *
 * @see ../../../../docs/level2-classical/trees.md
 */
import { InvalidInputError, InvalidParamError, asVector } from '@fpml/core';
import type { GrowOptions } from './build-tree.js';

/** Features tried per split: a count, a fraction of d, `'sqrt'` ($\lfloor\sqrt d\rfloor$), `'log2'` ($\lfloor\log_2 d\rfloor$), or null (all d). */
export type MaxFeatures = number | 'sqrt' | 'log2' | null;

/** The tree params common to classifier, regressor and forests (sklearn's names in camelCase). */
export interface TreeGrowthOptions {
  /** Maximum depth of the tree; null grows until leaves are pure or too small. @default null */
  maxDepth?: number | null;
  /** Minimum rows to split a node: an integer ≥ 2, or a fraction in (0, 1) of n (rounded up). @default 2 */
  minSamplesSplit?: number;
  /** Minimum rows in each leaf: an integer ≥ 1, or a fraction in (0, 1) of n (rounded up). @default 1 */
  minSamplesLeaf?: number;
  /** Minimum fraction of the total sample weight in each leaf, in [0, 0.5]. @default 0 */
  minWeightFractionLeaf?: number;
  /** Features drawn at each split (see {@link MaxFeatures}). @default null for trees */
  maxFeatures?: MaxFeatures;
  /** Grow best-first with at most this many leaves (an integer ≥ 2); null grows depth-first. @default null */
  maxLeafNodes?: number | null;
  /** Split only if the weighted impurity decrease is at least this (≥ 0). @default 0 */
  minImpurityDecrease?: number;
  /** Complexity parameter of minimal cost-complexity pruning (≥ 0; 0 = no pruning). @default 0 */
  ccpAlpha?: number;
  /** Seed of the feature draw (used only when maxFeatures < d). @default 0 */
  seed?: number;
}

/** {@link TreeGrowthOptions} with the defaults filled in. */
export type TreeGrowthParams = {
  maxDepth: number | null;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  minWeightFractionLeaf: number;
  maxFeatures: MaxFeatures;
  maxLeafNodes: number | null;
  minImpurityDecrease: number;
  ccpAlpha: number;
  seed: number;
};

/** Fill in sklearn's defaults (maxFeatures defaults differ between trees and forests). */
export function growthDefaults(o: TreeGrowthOptions, maxFeatures: MaxFeatures = null): TreeGrowthParams {
  return {
    maxDepth: o.maxDepth ?? null,
    minSamplesSplit: o.minSamplesSplit ?? 2,
    minSamplesLeaf: o.minSamplesLeaf ?? 1,
    minWeightFractionLeaf: o.minWeightFractionLeaf ?? 0,
    maxFeatures: o.maxFeatures === undefined ? maxFeatures : o.maxFeatures,
    maxLeafNodes: o.maxLeafNodes ?? null,
    minImpurityDecrease: o.minImpurityDecrease ?? 0,
    ccpAlpha: o.ccpAlpha ?? 0,
    seed: o.seed ?? 0,
  };
}

const isCount = (v: unknown, min: number): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v >= min;
const isFraction = (v: unknown): boolean => typeof v === 'number' && v > 0 && v < 1;
const isNonNegative = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** @throws InvalidParamError naming the first bad growth param. */
export function checkGrowthParams(owner: string, p: TreeGrowthParams): void {
  if (p.maxDepth !== null && !isCount(p.maxDepth, 1)) throw new InvalidParamError(owner, 'maxDepth', p.maxDepth, 'an integer ≥ 1 or null');
  if (!isCount(p.minSamplesSplit, 2) && !isFraction(p.minSamplesSplit)) {
    throw new InvalidParamError(owner, 'minSamplesSplit', p.minSamplesSplit, 'an integer ≥ 2 or a fraction in (0, 1)');
  }
  if (!isCount(p.minSamplesLeaf, 1) && !isFraction(p.minSamplesLeaf)) {
    throw new InvalidParamError(owner, 'minSamplesLeaf', p.minSamplesLeaf, 'an integer ≥ 1 or a fraction in (0, 1)');
  }
  if (!(isNonNegative(p.minWeightFractionLeaf) && p.minWeightFractionLeaf <= 0.5)) {
    throw new InvalidParamError(owner, 'minWeightFractionLeaf', p.minWeightFractionLeaf, 'a number in [0, 0.5]');
  }
  const mf = p.maxFeatures;
  if (!(mf === null || mf === 'sqrt' || mf === 'log2' || isCount(mf, 1) || isFraction(mf))) {
    throw new InvalidParamError(owner, 'maxFeatures', mf, "an integer ≥ 1, a fraction in (0, 1), 'sqrt', 'log2' or null (all features)");
  }
  if (p.maxLeafNodes !== null && !isCount(p.maxLeafNodes, 2)) throw new InvalidParamError(owner, 'maxLeafNodes', p.maxLeafNodes, 'an integer ≥ 2 or null');
  if (!isNonNegative(p.minImpurityDecrease)) throw new InvalidParamError(owner, 'minImpurityDecrease', p.minImpurityDecrease, 'a finite number ≥ 0');
  if (!isNonNegative(p.ccpAlpha)) throw new InvalidParamError(owner, 'ccpAlpha', p.ccpAlpha, 'a finite number ≥ 0');
  if (!isCount(p.seed, 0)) throw new InvalidParamError(owner, 'seed', p.seed, 'a non-negative integer');
}

/** $\lfloor\cdot\rfloor$ of `maxFeatures` against d features (sklearn's `max_features_`). */
export function resolveMaxFeatures(owner: string, mf: MaxFeatures, d: number): number {
  let k: number;
  if (mf === null) k = d;
  else if (mf === 'sqrt') k = Math.max(1, Math.floor(Math.sqrt(d)));
  else if (mf === 'log2') k = Math.max(1, Math.floor(Math.log2(d)));
  else if (Number.isInteger(mf)) k = mf;
  else k = Math.max(1, Math.floor(mf * d));
  if (k > d) throw new InvalidParamError(owner, 'maxFeatures', mf, `at most the number of features (${d})`);
  return k;
}

/**
 * Stopping rules in absolute numbers for data of n rows, d features and total weight W
 * (sklearn's fit: fractions rounded up, `minSamplesSplit ≥ 2 · minSamplesLeaf`).
 */
export function resolveGrowth(p: TreeGrowthParams, n: number, W: number): GrowOptions {
  const minSamplesLeaf = Number.isInteger(p.minSamplesLeaf) ? p.minSamplesLeaf : Math.ceil(p.minSamplesLeaf * n);
  let minSamplesSplit = Number.isInteger(p.minSamplesSplit) ? p.minSamplesSplit : Math.max(2, Math.ceil(p.minSamplesSplit * n));
  minSamplesSplit = Math.max(minSamplesSplit, 2 * minSamplesLeaf);
  return {
    maxDepth: p.maxDepth ?? 2147483647,
    minSamplesSplit,
    minSamplesLeaf,
    minWeightLeaf: p.minWeightFractionLeaf * W,
    minImpurityDecrease: p.minImpurityDecrease,
    maxLeafNodes: p.maxLeafNodes,
  };
}

/**
 * Check optional per-row weights: finite, ≥ 0, one per row, positive total.
 * @returns the weights as a Float64Array (a copy), or null when none were given.
 * @throws ShapeError for a wrong length; InvalidInputError for NaN/Inf, negative weights or a zero total.
 */
export function checkSampleWeight(sampleWeight: unknown, n: number): Float64Array | null {
  if (sampleWeight === undefined || sampleWeight === null) return null;
  const w = Float64Array.from(asVector(sampleWeight, 'sampleWeight', { length: n }));
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (w[i]! < 0) throw new InvalidInputError(`sampleWeight must be ≥ 0, got ${w[i]} at index ${i}`);
    total += w[i]!;
  }
  if (!(total > 0)) throw new InvalidInputError('sampleWeight must have a positive sum, got all zeros');
  if (!Number.isFinite(total)) throw new InvalidInputError('sampleWeight sums to Infinity; rescale the weights');
  return w;
}
