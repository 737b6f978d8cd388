/**
 * What the two random forests share (Breiman 2001, as scikit-learn 1.2's `BaseForest`): params,
 * growing the trees on bootstrap weights, out-of-bag accumulation and feature importances.
 *
 * Tree $t$ gets its own stream: the $t$-th `fork()` of `new Rng(seed)` (streams $2^{128}$ draws
 * apart). From it, first the bootstrap: $n_b$ draws $i \sim U\{0..n-1\}$ with replacement, turned
 * into counts $c_i$ and then weights $w_i c_i$ (sklearn fits the tree on the whole X with these
 * weights, so rows with $c_i = 0$ are simply absent); then the tree's feature draws. So tree $t$
 * depends only on (seed, t), never on how many trees come before or after it.
 *
 * Out of bag: row $i$ is scored by the trees whose bootstrap missed it ($c_i = 0$), averaging
 * their leaf class fractions (or values). X is presorted once for the whole forest.
 *
 * Cost: one presort $O(d\,n\log n)$, then per tree $O(dn)$ to filter the presorted lists plus the
 * growth (see the tree docs).
 *
 * @see ../../../../docs/level2-classical/trees.md
 */
import { InvalidParamError, type Matrix, Rng } from '@fpml/core';
import {
  type CriterionName,
  type MaxFeatures,
  type RandomSource,
  type SplitTarget,
  type Tree,
  type TreeGrowthOptions,
  type TreeGrowthParams,
  fitTree,
  makeWorkspace,
  presort,
  rngSource,
} from '../tree/index.js';
import { checkGrowthParams, growthDefaults, resolveMaxFeatures } from '../tree/tree-params.js';

/** Forest-level options (with the tree options in {@link TreeGrowthOptions}). */
export interface ForestOptions extends TreeGrowthOptions {
  /** Number of trees. @default 100 */
  nEstimators?: number;
  /** Fit each tree on a bootstrap sample (else on the whole data). @default true */
  bootstrap?: boolean;
  /** Compute the out-of-bag score (needs bootstrap). @default false */
  oobScore?: boolean;
  /** Bootstrap size: null = n, an integer in [1, n], or a fraction in (0, 1) of n (rounded half to even, at least 1). @default null */
  maxSamples?: number | null;
}

/** {@link ForestOptions} with defaults filled in. */
export type ForestParams = TreeGrowthParams & { nEstimators: number; bootstrap: boolean; oobScore: boolean; maxSamples: number | null };

/** Fill in sklearn 1.2's forest defaults. */
export function forestDefaults(o: ForestOptions, maxFeatures: MaxFeatures): ForestParams {
  return {
    ...growthDefaults(o, maxFeatures),
    nEstimators: o.nEstimators ?? 100,
    bootstrap: o.bootstrap ?? true,
    oobScore: o.oobScore ?? false,
    maxSamples: o.maxSamples ?? null,
  };
}

/** @throws InvalidParamError naming the first bad forest param. */
export function checkForestParams(owner: string, p: ForestParams): void {
  if (!(typeof p.nEstimators === 'number' && Number.isSafeInteger(p.nEstimators) && p.nEstimators >= 1)) {
    throw new InvalidParamError(owner, 'nEstimators', p.nEstimators, 'an integer ≥ 1');
  }
  if (typeof p.bootstrap !== 'boolean') throw new InvalidParamError(owner, 'bootstrap', p.bootstrap, 'true or false');
  if (typeof p.oobScore !== 'boolean') throw new InvalidParamError(owner, 'oobScore', p.oobScore, 'true or false');
  if (p.oobScore && !p.bootstrap) throw new InvalidParamError(owner, 'oobScore', p.oobScore, 'false when bootstrap is false (out-of-bag estimation needs bootstrap samples)');
  const m = p.maxSamples;
  if (m !== null) {
    if (!p.bootstrap) throw new InvalidParamError(owner, 'maxSamples', m, 'null when bootstrap is false');
    const ok = typeof m === 'number' && ((Number.isSafeInteger(m) && m >= 1) || (m > 0 && m < 1));
    if (!ok) throw new InvalidParamError(owner, 'maxSamples', m, 'null, an integer ≥ 1 or a fraction in (0, 1)');
  }
  checkGrowthParams(owner, p);
}

/** Python's `round` (half to even). */
function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const r = x - f;
  if (r > 0.5) return f + 1;
  if (r < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** Bootstrap size $n_b$ (sklearn's `_get_n_samples_bootstrap`). @throws InvalidParamError if an integer exceeds n. */
export function resolveMaxSamples(owner: string, maxSamples: number | null, n: number): number {
  if (maxSamples === null) return n;
  if (Number.isInteger(maxSamples)) {
    if (maxSamples > n) throw new InvalidParamError(owner, 'maxSamples', maxSamples, `at most the number of samples (${n})`);
    return maxSamples;
  }
  return Math.max(roundHalfEven(n * maxSamples), 1);
}

/** Bootstrap counts $c_i$ of $n_b$ uniform draws from $0..n-1$. */
export function bootstrapCounts(rng: Rng, n: number, nBoot: number): Float64Array {
  const counts = new Float64Array(n); // (n,)
  for (let k = 0; k < nBoot; k++) counts[rng.int(n)]!++;
  return counts;
}

/** The randomness of one tree: its bootstrap counts (null without bootstrap) and its feature draw. */
export interface TreeDraw {
  counts: Float64Array | null;
  source: RandomSource | null;
}

/** Supplies tree t's draws; the default is fpml's forked Rng streams (see the module comment). */
export type DrawTree = (t: number, n: number, nBoot: number | null, needsSource: boolean) => TreeDraw;

/** fpml's draws: stream t is the t-th fork of `new Rng(seed)`; bootstrap first, then features. */
export function rngDraws(seed: number): DrawTree {
  const root = new Rng(seed);
  const streams: Rng[] = [];
  return (t, n, nBoot, needsSource) => {
    while (streams.length <= t) streams.push(root.fork());
    const rng = streams[t]!;
    const counts = nBoot === null ? null : bootstrapCounts(rng, n, nBoot);
    return { counts, source: needsSource ? rngSource(rng) : null };
  };
}

/** A grown forest and, if asked, its out-of-bag sums. */
export interface GrownForest {
  trees: Tree[];
  maxFeatures: number;
  /** Per row, the sum of out-of-bag predictions (n, K) and how many trees contributed (n,). */
  oob: { sum: Float64Array; count: Int32Array } | null;
}

/**
 * Grow `p.nEstimators` trees.
 * @param X (n, d) validated features. @param w (n,) sample weights or null.
 */
export function growForest(owner: string, p: ForestParams, criterion: CriterionName, X: Matrix, target: SplitTarget, w: Float64Array | null, draw: DrawTree = rngDraws(p.seed)): GrownForest {
  const n = X.rows;
  const nBoot = p.bootstrap ? resolveMaxSamples(owner, p.maxSamples, n) : null;
  const data = presort(X);
  const ws = makeWorkspace(n, X.cols);
  const K = target.kind === 'classification' ? target.nClasses : 1;
  const oob = p.oobScore ? { sum: new Float64Array(n * K), count: new Int32Array(n) } : null;
  const trees: Tree[] = [];
  let maxFeatures = X.cols;
  const tw = new Float64Array(n);
  const needsSource = resolveMaxFeatures(owner, p.maxFeatures, X.cols) < X.cols; // as fitTree resolves it
  for (let t = 0; t < p.nEstimators; t++) {
    const d = draw(t, n, nBoot, needsSource);
    let weights = w;
    if (d.counts !== null) {
      for (let i = 0; i < n; i++) tw[i] = (w === null ? 1.0 : w[i]!) * d.counts[i]!;
      weights = tw;
    }
    const fitted = fitTree(owner, p, criterion, data, target, weights, { source: d.source, workspace: ws });
    maxFeatures = fitted.maxFeatures;
    trees.push(fitted.tree);
    if (oob !== null && d.counts !== null) accumulateOob(fitted.tree, X, d.counts, oob, target.kind === 'classification');
  }
  return { trees, maxFeatures, oob };
}

/** Add tree's prediction for every row it did not see (count 0). */
function accumulateOob(tree: Tree, X: Matrix, counts: Float64Array, oob: { sum: Float64Array; count: Int32Array }, isClass: boolean): void {
  const K = tree.nClasses;
  for (let i = 0; i < X.rows; i++) {
    if (counts[i] !== 0) continue;
    const off = tree.leafOf(X.data, i, X.cols) * K;
    let norm = 1;
    if (isClass) {
      let s = 0;
      for (let k = 0; k < K; k++) s += tree.value[off + k]!;
      norm = s === 0 ? 1 : s;
    }
    for (let k = 0; k < K; k++) oob.sum[i * K + k]! += tree.value[off + k]! / norm;
    oob.count[i]!++;
  }
}

/** Average out-of-bag predictions (n, K): sums divided by counts (rows never out of bag stay 0, as sklearn). */
export function oobAverage(oob: { sum: Float64Array; count: Int32Array }, K: number): Float64Array {
  const out = new Float64Array(oob.sum.length);
  for (let i = 0; i < oob.count.length; i++) {
    const c = oob.count[i] === 0 ? 1 : oob.count[i]!;
    for (let k = 0; k < K; k++) out[i * K + k] = oob.sum[i * K + k]! / c;
  }
  return out;
}

/**
 * Forest importances (sklearn): the mean of the normalised importances of the trees that split at
 * least once, renormalised to sum to 1; all zeros if no tree split.
 */
export function forestImportances(trees: readonly Tree[], d: number): Float64Array {
  const mean = new Float64Array(d); // (d,)
  let used = 0;
  for (const t of trees) {
    if (t.nodeCount <= 1) continue;
    const imp = t.featureImportances();
    for (let j = 0; j < d; j++) mean[j]! += imp[j]!;
    used++;
  }
  if (used === 0) return mean;
  let total = 0;
  for (let j = 0; j < d; j++) {
    mean[j] = mean[j]! / used;
    total += mean[j]!;
  }
  for (let j = 0; j < d; j++) mean[j] = mean[j]! / total;
  return mean;
}
