/**
 * One tree fit from validated inputs: resolve the params against the data, build the
 * {@link Splitter}, grow, and prune when `ccpAlpha > 0`. Shared by the two tree estimators and the
 * forests (which presort once and pass their own random stream per tree).
 *
 * @see ../../../../docs/level2-classical/trees.md
 */
import { Rng } from '@fpml/core';
import { growTree } from './build-tree.js';
import type { CriterionName } from './criteria.js';
import type { PresortedX } from './presort.js';
import { pruneTree } from './pruning.js';
import { type RandomSource, type SplitTarget, Splitter, type SplitterWorkspace } from './splitter.js';
import { type TreeGrowthParams, resolveGrowth, resolveMaxFeatures } from './tree-params.js';
import type { Tree } from './tree-structure.js';

/** A {@link RandomSource} drawing from fpml's {@link Rng}: $\mathrm{low} + U\{0, \dots, \mathrm{high} - \mathrm{low} - 1\}$. */
export function rngSource(rng: Rng): RandomSource {
  return { randInt: (low, high) => low + rng.int(high - low) };
}

/** Options of {@link fitTree} beyond the params. */
export interface FitTreeOptions {
  /** Feature draw; default: `new Rng(seed)` when maxFeatures < d, else none (all features in index order). */
  source?: RandomSource | null;
  /** Buffers to reuse (forests). */
  workspace?: SplitterWorkspace;
}

/**
 * Fit one tree.
 * @param w (n,) weights ≥ 0 with a positive sum, or null.
 * @returns the tree and the resolved `maxFeatures`.
 * @throws InvalidParamError when maxFeatures exceeds d.
 */
export function fitTree(
  owner: string,
  p: TreeGrowthParams,
  criterion: CriterionName,
  data: PresortedX,
  target: SplitTarget,
  w: Float64Array | null,
  options: FitTreeOptions = {},
): { tree: Tree; maxFeatures: number } {
  const maxFeatures = resolveMaxFeatures(owner, p.maxFeatures, data.d);
  let W = data.n;
  if (w !== null) {
    W = 0;
    for (let i = 0; i < w.length; i++) W += w[i]!;
  }
  const grow = resolveGrowth(p, data.n, W);
  const source = options.source !== undefined ? options.source : maxFeatures < data.d ? rngSource(new Rng(p.seed)) : null;
  const splitter = new Splitter(data, target, w, { criterion, maxFeatures, minSamplesLeaf: grow.minSamplesLeaf, minWeightLeaf: grow.minWeightLeaf }, source, options.workspace);
  let tree = growTree(splitter, target.kind === 'classification' ? target.nClasses : 1, grow);
  if (p.ccpAlpha > 0) tree = pruneTree(tree, p.ccpAlpha);
  return { tree, maxFeatures };
}
