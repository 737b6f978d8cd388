/**
 * The stage loop of exact gradient boosting, shared by {@link GradientBoostingRegressor} and
 * {@link GradientBoostingClassifier} (scikit-learn 1.2's `BaseGradientBoosting._fit_stages`).
 *
 * Friedman's gradient boosting machine (Algorithm 1 of Friedman 2001): start from the prior
 * $F_0$, then for $m = 1..M$ and each of the loss's $K$ slots
 * 1. pseudo-residuals $r_i = -\partial L(y_i, F) / \partial F_k \big|_{F = F_{m-1}(x_i)}$;
 * 2. fit a regression tree (criterion `friedman_mse`) to $r$, giving leaves $R_{jm}$;
 * 3. line search per leaf: $\gamma_{jm} = \arg\min_\gamma \sum_{x_i \in R_{jm}} L(y_i, F_{m-1}(x_i) + \gamma)$,
 *    solved exactly (squared / absolute / quantile error) or by one Newton step (log loss);
 * 4. $F_{m,k}(x) = F_{m-1,k}(x) + \nu \sum_j \gamma_{jm} [x \in R_{jm}]$.
 * With `subsample` < 1, each stage is fitted on a seeded random subset of rows (Friedman 2002):
 * the others get weight 0 in the tree and the line search, and give `oobImprovement`.
 *
 * Cost: one presort $O(d\, n \log n)$, then per tree $O(\text{depth}\cdot d\, n)$: $O(M K\, \text{depth}\, d\, n)$.
 * @see ../../../../docs/level2-classical/boosting.md
 */
import { InvalidInputError, Matrix, Rng, describeValue, readCount, stateField, trainTestSplit } from '@fpml/core';
import { TREE_LEAF, Tree, type TreeJSON, fitTree, makeWorkspace, presort, rngSource } from '../tree/index.js';
import type { GBLoss } from './gradient-boosting-losses.js';
import { numpySum } from './gradient-boosting-numeric.js';
import { type GradientBoostingCommonParams, treeParamsOf } from './gradient-boosting-params.js';

/** A fitted exact gradient-boosting model. */
export interface GBModel {
  /** $F_0$, (K,). */
  initRaw: Float64Array;
  /** stages × K regression trees whose leaf values are the line-search steps $\gamma$ (before $\nu$). */
  trees: Tree[][];
  trainScore: Float64Array;
  /** Per-stage decrease of the out-of-bag loss, or null without subsampling. */
  oobImprovement: Float64Array | null;
  nFeaturesIn: number;
}

/**
 * sklearn's `_random_sample_mask`: sequential selection sampling of exactly `nInbag` of `n` rows
 * (row i is taken with probability (still needed)/(still left)), one uniform per row.
 */
export function randomSampleMask(n: number, nInbag: number, rng: Rng): Uint8Array {
  const mask = new Uint8Array(n);
  let taken = 0;
  for (let i = 0; i < n; i++) {
    if (rng.next() * (n - i) < nInbag - taken) {
      mask[i] = 1;
      taken++;
    }
  }
  return mask;
}

/** Indices i with mask[i] === v, ascending. */
function rowsWhere(mask: Uint8Array, v: number): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < mask.length; i++) if (mask[i] === v) out.push(i);
  return Int32Array.from(out);
}

/** Rows grouped by leaf, each group in row order (sklearn's `np.where(terminal_regions == leaf)`). */
function rowsByLeaf(leaves: Int32Array, mask: Uint8Array | null, nodeCount: number): Int32Array[] {
  const counts = new Int32Array(nodeCount);
  for (let i = 0; i < leaves.length; i++) if (mask === null || mask[i]) counts[leaves[i]!]!++;
  const groups = Array.from(counts, (c) => new Int32Array(c));
  counts.fill(0);
  for (let i = 0; i < leaves.length; i++) if (mask === null || mask[i]) groups[leaves[i]!]![counts[leaves[i]!]!++] = i;
  return groups;
}

/**
 * Fit the stages. `y` holds targets (regression) or class codes (classification); `w` user
 * weights or null.
 */
export function fitGB(owner: string, X: Matrix, y: Float64Array, w: Float64Array | null, loss: GBLoss, p: GradientBoostingCommonParams, stratify: Int32Array | null): GBModel {
  let Xt = X, yt = y, wt = w;
  let Xv: Matrix | null = null, yv: Float64Array | null = null, wv: Float64Array | null = null;
  if (p.nIterNoChange !== null) {
    if (X.rows < 2) throw new InvalidInputError(`${owner}: early stopping (nIterNoChange) needs at least 2 samples to hold some out, got ${X.rows}`);
    const split = trainTestSplit(X, y, { testSize: p.validationFraction, seed: p.seed, ...(stratify === null ? {} : { stratify }) });
    Xt = split.XTrain; yt = split.yTrain; Xv = split.XTest; yv = split.yTest;
    if (w !== null) {
      wt = Float64Array.from(split.trainIndex, (i) => w[i]!);
      wv = Float64Array.from(split.testIndex, (i) => w[i]!);
    }
    if (stratify !== null && new Set(yt).size !== new Set(y).size) {
      throw new InvalidInputError(`${owner}: the training part of the early-stopping split is missing some classes; use more data or nIterNoChange: null`);
    }
  }
  const n = Xt.rows, K = loss.K;
  const sw = wt ?? new Float64Array(n).fill(1);
  const swVal = Xv === null ? null : (wv ?? new Float64Array(Xv.rows).fill(1));
  const initRaw = p.init === 'zero' ? new Float64Array(K) : loss.initRaw(yt, wt);
  const raw = Array.from({ length: K }, (_, k) => new Float64Array(n).fill(initRaw[k]!));
  const rawVal = Xv === null ? null : Array.from({ length: K }, (_, k) => new Float64Array(Xv!.rows).fill(initRaw[k]!));
  const data = presort(Xt);
  const workspace = makeWorkspace(n, Xt.cols);
  const rng = new Rng(p.seed);
  const growth = treeParamsOf(p);
  const doOob = p.subsample < 1;
  const nInbag = Math.max(1, Math.floor(p.subsample * n));
  const trees: Tree[][] = [];
  const trainScore: number[] = [];
  const oob: number[] = [];
  const lossHistory = new Float64Array(p.nIterNoChange ?? 0).fill(Infinity);
  const indicator = (k: number) => Float64Array.from(yt, (v) => (v === k ? 1 : 0));
  let source: ReturnType<typeof rngSource> | null | undefined;
  for (let m = 0; m < p.nEstimators; m++) {
    const mask = doOob ? randomSampleMask(n, nInbag, rng) : null;
    const inbag = mask === null ? null : rowsWhere(mask, 1);
    const outbag = mask === null ? null : rowsWhere(mask, 0);
    const oldOob = outbag !== null && outbag.length > 0 ? loss.loss(yt, raw, sw, outbag) : 0;
    const rawPrev = raw.map((r) => r.slice()); // gradients of every slot at F_{m-1}
    let swStage = sw;
    const stage: Tree[] = [];
    for (let k = 0; k < K; k++) {
      const yk = K > 1 ? indicator(k) : yt;
      const residual = loss.negativeGradient(yk, rawPrev, k, swStage);
      if (mask !== null) swStage = swStage.map((v, i) => v * mask[i]!);
      source ??= p.maxFeatures === null ? null : rngSource(rng);
      const { tree } = fitTree(owner, growth, p.criterion, data, { kind: 'regression', y: residual }, wt === null && mask === null ? null : swStage, { source, workspace });
      const leaves = tree.apply(Xt); // (n,) leaf of every row, in and out of bag
      const groups = rowsByLeaf(leaves, mask, tree.nodeCount);
      for (let t = 0; t < tree.nodeCount; t++) {
        if (tree.childrenLeft[t] !== TREE_LEAF) continue;
        const v = loss.leafValue(groups[t]!, yk, residual, raw[k]!, swStage);
        if (v !== null) tree.value[t] = v;
      }
      const rk = raw[k]!;
      for (let i = 0; i < n; i++) rk[i] += p.learningRate * tree.value[leaves[i]!]!;
      stage.push(tree);
    }
    trees.push(stage);
    if (inbag !== null) {
      trainScore.push(loss.loss(yt, raw, sw, inbag));
      oob.push(outbag!.length > 0 ? oldOob - loss.loss(yt, raw, sw, outbag!) : 0);
    } else trainScore.push(loss.loss(yt, raw, sw, null));
    if (rawVal !== null) {
      for (let k = 0; k < K; k++) {
        const rv = rawVal[k]!, t = stage[k]!;
        for (let i = 0; i < Xv!.rows; i++) rv[i] += p.learningRate * t.value[t.leafOf(Xv!.data, i, Xv!.cols)]!;
      }
      const vl = loss.loss(yv!, rawVal, swVal!, null);
      if (lossHistory.some((h) => vl + p.tol < h)) lossHistory[m % lossHistory.length] = vl;
      else break;
    }
  }
  return { initRaw, trees, trainScore: Float64Array.from(trainScore), oobImprovement: doOob ? Float64Array.from(oob) : null, nFeaturesIn: X.cols };
}

/** Raw predictions after each stage (sklearn's `_staged_raw_predict`), one copy per stage. */
export function* stagedRaw(m: GBModel, X: Matrix, learningRate: number): Generator<Float64Array[]> {
  const K = m.initRaw.length;
  const cur = Array.from({ length: K }, (_, k) => new Float64Array(X.rows).fill(m.initRaw[k]!));
  for (const stage of m.trees) {
    for (let k = 0; k < K; k++) {
      const t = stage[k]!, o = cur[k]!;
      for (let i = 0; i < X.rows; i++) o[i] += learningRate * t.value[t.leafOf(X.data, i, X.cols)]!;
    }
    yield cur.map((c) => c.slice());
  }
}

/** Raw predictions of all stages, (K,) arrays of (n,). */
export function rawPredictGB(m: GBModel, X: Matrix, learningRate: number): Float64Array[] {
  let last: Float64Array[] = [];
  for (const r of stagedRaw(m, X, learningRate)) last = r;
  return last;
}

/**
 * Impurity-based importances (sklearn's `feature_importances_`): the mean over trees with more
 * than one node of each tree's unnormalised mean decrease in impurity, normalised to sum to 1
 * (all zeros when every tree is a single leaf).
 */
export function gbFeatureImportances(m: GBModel): Float64Array {
  const d = m.nFeaturesIn;
  const acc = new Float64Array(d);
  let count = 0;
  for (const stage of m.trees) {
    for (const t of stage) {
      if (t.nodeCount <= 1) continue;
      const imp = t.featureImportances(false);
      for (let j = 0; j < d; j++) acc[j] += imp[j]!;
      count++;
    }
  }
  if (count === 0) return acc;
  for (let j = 0; j < d; j++) acc[j] = acc[j]! / count;
  const total = numpySum(acc);
  return acc.map((v) => v / total);
}

/** Saved form of a {@link GBModel}. */
export interface GBModelJSON {
  initRaw: number[];
  trees: TreeJSON[][];
  trainScore: number[];
  oobImprovement: number[] | null;
  nFeaturesIn: number;
}

/** JSON-safe form of a fitted model; {@link gbModelFromJSON} rebuilds it bit for bit. */
export function gbModelToJSON(m: GBModel): GBModelJSON {
  return {
    initRaw: Array.from(m.initRaw), trees: m.trees.map((s) => s.map((t) => t.toJSON())), trainScore: Array.from(m.trainScore),
    oobImprovement: m.oobImprovement === null ? null : Array.from(m.oobImprovement), nFeaturesIn: m.nFeaturesIn,
  };
}

/** @throws InvalidInputError for a malformed saved model. */
export function gbModelFromJSON(st: unknown, owner: string, K: number): GBModel {
  const nFeaturesIn = readCount(st, owner, 'nFeaturesIn');
  const nums = (field: string, len?: number): Float64Array => {
    const v = stateField(st, owner, field);
    if (!Array.isArray(v) || (len !== undefined && v.length !== len) || v.some((e) => typeof e !== 'number' || !Number.isFinite(e))) {
      throw new InvalidInputError(`${owner}.fromJSON: state.${field} must be an array of finite numbers${len === undefined ? '' : ` of length ${len}`}, got ${describeValue(v)}`);
    }
    return Float64Array.from(v as number[]);
  };
  const trees = stateField(st, owner, 'trees');
  if (!Array.isArray(trees) || trees.length < 1 || trees.some((s) => !Array.isArray(s) || s.length !== K)) {
    throw new InvalidInputError(`${owner}.fromJSON: state.trees must be a non-empty array of stages of ${K} trees`);
  }
  const parsed = trees.map((s: unknown[]) =>
    s.map((t) => {
      const tree = Tree.fromJSON(t, owner);
      if (tree.nFeatures !== nFeaturesIn || tree.nClasses !== 1) throw new InvalidInputError(`${owner}.fromJSON: every tree must be a regression tree on ${nFeaturesIn} features`);
      return tree;
    }),
  );
  const trainScore = nums('trainScore', parsed.length);
  const oobRaw = stateField(st, owner, 'oobImprovement');
  return { initRaw: nums('initRaw', K), trees: parsed, trainScore, oobImprovement: oobRaw === null ? null : nums('oobImprovement', parsed.length), nFeaturesIn };
}
