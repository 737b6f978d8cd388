/**
 * Params of {@link GradientBoostingRegressor} and {@link GradientBoostingClassifier}: scikit-learn
 * 1.2's names (camelCase) and defaults, and their validation (checked in `fit`).
 *
 * Integers versus fractions follow the trees' rule: an integer is a count, a non-integer in
 * (0, 1) a fraction (so sklearn's `max_features=1.0` is written `null`).
 * @see ../../../../docs/level2-classical/boosting.md
 */
import { InvalidParamError } from '@fpml/core';
import type { MaxFeatures, TreeGrowthParams } from '../tree/index.js';

/** The options both exact gradient-boosting estimators take. */
export interface GradientBoostingCommonOptions {
  /** Shrinkage $\nu$ of every stage: $F_m = F_{m-1} + \nu\, h_m$. @default 0.1 */
  learningRate?: number;
  /** Boosting stages $M$. @default 100 */
  nEstimators?: number;
  /** Fraction of rows drawn (without replacement, seeded) to fit each stage; < 1 is stochastic gradient boosting. @default 1 */
  subsample?: number;
  /** Split criterion of the regression trees. @default 'friedman_mse' */
  criterion?: 'friedman_mse' | 'squared_error';
  /** Minimum rows to split a node (integer ≥ 2 or fraction). @default 2 */
  minSamplesSplit?: number;
  /** Minimum rows in a leaf (integer ≥ 1 or fraction). @default 1 */
  minSamplesLeaf?: number;
  /** Minimum fraction of the total weight in a leaf. @default 0 */
  minWeightFractionLeaf?: number;
  /** Depth of each tree; null = unlimited. @default 3 */
  maxDepth?: number | null;
  /** Minimum weighted impurity decrease of a split. @default 0 */
  minImpurityDecrease?: number;
  /** Initial model: null = the loss's prior (mean, median, class prior), 'zero' = $F_0 = 0$. @default null */
  init?: 'zero' | null;
  /** Features tried per split: count, fraction, 'sqrt', 'log2', or null (all). @default null */
  maxFeatures?: MaxFeatures;
  /** Best-first trees with at most this many leaves; null = depth-first. @default null */
  maxLeafNodes?: number | null;
  /** Held-out fraction for early stopping (used when nIterNoChange is set). @default 0.1 */
  validationFraction?: number;
  /** Stop when the validation loss has not improved by tol for this many stages; null = no early stopping. @default null */
  nIterNoChange?: number | null;
  /** Improvement threshold of early stopping. @default 1e-4 */
  tol?: number;
  /** Minimal cost-complexity pruning of each tree. @default 0 */
  ccpAlpha?: number;
  /** Seed of the subsampling, the feature draws and the early-stopping split. @default 0 */
  seed?: number;
}

/** Common params with the defaults filled in. */
export type GradientBoostingCommonParams = {
  learningRate: number;
  nEstimators: number;
  subsample: number;
  criterion: 'friedman_mse' | 'squared_error';
  minSamplesSplit: number;
  minSamplesLeaf: number;
  minWeightFractionLeaf: number;
  maxDepth: number | null;
  minImpurityDecrease: number;
  init: 'zero' | null;
  maxFeatures: MaxFeatures;
  maxLeafNodes: number | null;
  validationFraction: number;
  nIterNoChange: number | null;
  tol: number;
  ccpAlpha: number;
  seed: number;
};

/** Fill in scikit-learn 1.2's defaults. */
export function gbDefaults(o: GradientBoostingCommonOptions): GradientBoostingCommonParams {
  return {
    learningRate: o.learningRate ?? 0.1,
    nEstimators: o.nEstimators ?? 100,
    subsample: o.subsample ?? 1,
    criterion: o.criterion ?? 'friedman_mse',
    minSamplesSplit: o.minSamplesSplit ?? 2,
    minSamplesLeaf: o.minSamplesLeaf ?? 1,
    minWeightFractionLeaf: o.minWeightFractionLeaf ?? 0,
    maxDepth: o.maxDepth === undefined ? 3 : o.maxDepth,
    minImpurityDecrease: o.minImpurityDecrease ?? 0,
    init: o.init ?? null,
    maxFeatures: o.maxFeatures ?? null,
    maxLeafNodes: o.maxLeafNodes ?? null,
    validationFraction: o.validationFraction ?? 0.1,
    nIterNoChange: o.nIterNoChange ?? null,
    tol: o.tol ?? 1e-4,
    ccpAlpha: o.ccpAlpha ?? 0,
    seed: o.seed ?? 0,
  };
}

const isCount = (v: unknown, min: number): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v >= min;
const isFraction = (v: unknown): boolean => typeof v === 'number' && v > 0 && v < 1;
const isNonNeg = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** @throws InvalidParamError naming the first bad param. */
export function checkGbParams(owner: string, p: GradientBoostingCommonParams): void {
  const bad = (name: string, v: unknown, allowed: string): never => {
    throw new InvalidParamError(owner, name, v, allowed);
  };
  if (!isNonNeg(p.learningRate)) bad('learningRate', p.learningRate, 'a finite number ≥ 0');
  if (!isCount(p.nEstimators, 1)) bad('nEstimators', p.nEstimators, 'an integer ≥ 1');
  if (!(typeof p.subsample === 'number' && p.subsample > 0 && p.subsample <= 1)) bad('subsample', p.subsample, 'a number in (0, 1]');
  if (p.criterion !== 'friedman_mse' && p.criterion !== 'squared_error') bad('criterion', p.criterion, "'friedman_mse' or 'squared_error'");
  if (!isCount(p.minSamplesSplit, 2) && !isFraction(p.minSamplesSplit)) bad('minSamplesSplit', p.minSamplesSplit, 'an integer ≥ 2 or a fraction in (0, 1)');
  if (!isCount(p.minSamplesLeaf, 1) && !isFraction(p.minSamplesLeaf)) bad('minSamplesLeaf', p.minSamplesLeaf, 'an integer ≥ 1 or a fraction in (0, 1)');
  if (!(isNonNeg(p.minWeightFractionLeaf) && p.minWeightFractionLeaf <= 0.5)) bad('minWeightFractionLeaf', p.minWeightFractionLeaf, 'a number in [0, 0.5]');
  if (p.maxDepth !== null && !isCount(p.maxDepth, 1)) bad('maxDepth', p.maxDepth, 'an integer ≥ 1 or null');
  if (!isNonNeg(p.minImpurityDecrease)) bad('minImpurityDecrease', p.minImpurityDecrease, 'a finite number ≥ 0');
  if (p.init !== null && p.init !== 'zero') bad('init', p.init, "null (the loss's prior) or 'zero'");
  const mf = p.maxFeatures;
  if (!(mf === null || mf === 'sqrt' || mf === 'log2' || isCount(mf, 1) || isFraction(mf))) bad('maxFeatures', mf, "an integer ≥ 1, a fraction in (0, 1), 'sqrt', 'log2' or null");
  if (p.maxLeafNodes !== null && !isCount(p.maxLeafNodes, 2)) bad('maxLeafNodes', p.maxLeafNodes, 'an integer ≥ 2 or null');
  if (!isFraction(p.validationFraction)) bad('validationFraction', p.validationFraction, 'a fraction in (0, 1)');
  if (p.nIterNoChange !== null && !isCount(p.nIterNoChange, 1)) bad('nIterNoChange', p.nIterNoChange, 'an integer ≥ 1 or null');
  if (!isNonNeg(p.tol)) bad('tol', p.tol, 'a finite number ≥ 0');
  if (!isNonNeg(p.ccpAlpha)) bad('ccpAlpha', p.ccpAlpha, 'a finite number ≥ 0');
  if (!isCount(p.seed, 0)) bad('seed', p.seed, 'a non-negative integer');
}

/** The growth params of each stage's regression tree. */
export function treeParamsOf(p: GradientBoostingCommonParams): TreeGrowthParams {
  return {
    maxDepth: p.maxDepth, minSamplesSplit: p.minSamplesSplit, minSamplesLeaf: p.minSamplesLeaf, minWeightFractionLeaf: p.minWeightFractionLeaf,
    maxFeatures: p.maxFeatures, maxLeafNodes: p.maxLeafNodes, minImpurityDecrease: p.minImpurityDecrease, ccpAlpha: p.ccpAlpha, seed: p.seed,
  };
}
