/**
 * The boosting loop shared by {@link HistGradientBoostingRegressor} and
 * {@link HistGradientBoostingClassifier} (scikit-learn 1.2's `BaseHistGradientBoosting.fit`).
 *
 * With raw predictions $F^{(0)} = F_0$ (the loss's baseline), iteration $m = 1..M$:
 * 1. $g_i = \partial_F \ell(y_i, F^{(m-1)}_i)$, $h_i = \partial^2_F \ell(y_i, F^{(m-1)}_i)$ (float32);
 * 2. for each of the loss's $K$ tree slots, grow a tree $T_{mk}$ on the binned X best-first
 *    (leaf values $-\nu\, G/(H + \lambda)$, the shrunk Newton step, $\nu$ = `learningRate`);
 * 3. $F^{(m)}_k = F^{(m-1)}_k + T_{mk}(x)$.
 * Early stopping (on when asked, or with `'auto'` when $n > 10\,000$) holds out a seeded,
 * stratified-for-classifiers fraction of the rows, scores $-\text{mean loss}$ after every
 * iteration, and stops when none of the last `nIterNoChange` scores beats the one before them by
 * more than `tol`. Cost per iteration: $O(K\, n\, d)$ for histograms plus $O(K\, L\, d \cdot \texttt{maxBins})$ for splits ($L$ leaves).
 * @see ../../../../docs/level2-classical/boosting.md
 */
import { InvalidInputError, InvalidParamError, Matrix, describeValue, readCount, stateField, trainTestSplit } from '@fpml/core';
import { type BinningState, binData, binningFromJSON, binningToJSON, checkBinningParams, fitBinning } from './hist-binning.js';
import { growTree, growerData } from './hist-grower.js';
import type { HistLoss } from './hist-losses.js';
import { type HistTree, type HistTreeJSON, addPredictBinned, predictRow, treeFromJSON, treeToJSON } from './hist-predictor.js';

/** Params common to both histogram estimators (sklearn's names in camelCase). */
export type HistCommonParams = {
  learningRate: number;
  maxIter: number;
  maxLeafNodes: number | null;
  maxDepth: number | null;
  minSamplesLeaf: number;
  l2Regularization: number;
  maxBins: number;
  earlyStopping: 'auto' | boolean;
  validationFraction: number | null;
  nIterNoChange: number;
  tol: number;
  allowNan: boolean;
  seed: number;
};

/** Fill the defaults of the common params (sklearn 1.2's, `seed` for `random_state`). */
export function histDefaults(o: Partial<HistCommonParams>): HistCommonParams {
  return {
    learningRate: o.learningRate ?? 0.1,
    maxIter: o.maxIter ?? 100,
    maxLeafNodes: o.maxLeafNodes === undefined ? 31 : o.maxLeafNodes,
    maxDepth: o.maxDepth ?? null,
    minSamplesLeaf: o.minSamplesLeaf ?? 20,
    l2Regularization: o.l2Regularization ?? 0,
    maxBins: o.maxBins ?? 255,
    earlyStopping: o.earlyStopping ?? 'auto',
    validationFraction: o.validationFraction === undefined ? 0.1 : o.validationFraction,
    nIterNoChange: o.nIterNoChange ?? 10,
    tol: o.tol ?? 1e-7,
    allowNan: o.allowNan ?? false,
    seed: o.seed ?? 0,
  };
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** @throws InvalidParamError naming the first bad param. */
export function checkHistParams(owner: string, p: HistCommonParams): void {
  const bad = (name: string, v: unknown, allowed: string): never => {
    throw new InvalidParamError(owner, name, v, allowed);
  };
  if (!(typeof p.learningRate === 'number' && p.learningRate > 0 && Number.isFinite(p.learningRate))) bad('learningRate', p.learningRate, 'a finite number > 0');
  if (!isInt(p.maxIter) || p.maxIter < 1) bad('maxIter', p.maxIter, 'an integer ≥ 1');
  if (p.maxLeafNodes !== null && (!isInt(p.maxLeafNodes) || p.maxLeafNodes < 2)) bad('maxLeafNodes', p.maxLeafNodes, 'an integer ≥ 2 or null');
  if (p.maxDepth !== null && (!isInt(p.maxDepth) || p.maxDepth < 1)) bad('maxDepth', p.maxDepth, 'an integer ≥ 1 or null');
  if (!isInt(p.minSamplesLeaf) || p.minSamplesLeaf < 1) bad('minSamplesLeaf', p.minSamplesLeaf, 'an integer ≥ 1');
  if (!(typeof p.l2Regularization === 'number' && p.l2Regularization >= 0 && Number.isFinite(p.l2Regularization))) bad('l2Regularization', p.l2Regularization, 'a finite number ≥ 0');
  checkBinningParams(owner, p.maxBins, p.allowNan);
  if (p.earlyStopping !== 'auto' && typeof p.earlyStopping !== 'boolean') bad('earlyStopping', p.earlyStopping, "'auto' or a boolean");
  const vf = p.validationFraction;
  if (vf !== null && !(typeof vf === 'number' && ((vf > 0 && vf < 1) || (isInt(vf) && vf >= 1)))) bad('validationFraction', vf, 'a fraction in (0, 1), a count ≥ 1, or null');
  if (!isInt(p.nIterNoChange) || p.nIterNoChange < 1) bad('nIterNoChange', p.nIterNoChange, 'an integer ≥ 1');
  if (!(typeof p.tol === 'number' && p.tol >= 0 && Number.isFinite(p.tol))) bad('tol', p.tol, 'a finite number ≥ 0');
  if (!Number.isSafeInteger(p.seed) || p.seed < 0) bad('seed', p.seed, 'a non-negative integer');
}

/** A fitted histogram boosting model (what the estimators keep and save). */
export interface HistModel {
  binning: BinningState;
  baseline: Float64Array; // (K,)
  trees: HistTree[][]; // (nIter, K)
  trainScore: Float64Array;
  validationScore: Float64Array;
  doEarlyStopping: boolean;
}

/** sklearn's `_should_stop`: none of the last `nIterNoChange` scores beats the one before them by > tol. */
function shouldStop(scores: number[], nIterNoChange: number, tol: number): boolean {
  const ref = nIterNoChange + 1;
  if (scores.length < ref) return false;
  const refScore = scores[scores.length - ref]! + tol;
  for (let k = scores.length - ref + 1; k < scores.length; k++) if (scores[k]! > refScore) return false;
  return true;
}

/**
 * Fit the trees. `y` is the loss's encoding (targets, or class codes as numbers); `stratify`
 * holds class codes for a stratified validation split (classifiers).
 */
export function fitHist(X: Matrix, y: Float64Array, w: Float64Array | null, loss: HistLoss, p: HistCommonParams, stratify: Int32Array | null): HistModel {
  const doEarlyStopping = p.earlyStopping === 'auto' ? X.rows > 10000 : p.earlyStopping;
  let Xt = X, yt = y, wt = w;
  let Xv: Matrix | null = null, yv: Float64Array | null = null, wv: Float64Array | null = null;
  if (doEarlyStopping && p.validationFraction !== null) {
    if (X.rows < 2) throw new InvalidInputError(`early stopping with validationFraction ${p.validationFraction} needs at least 2 samples to hold some out, got ${X.rows}; use validationFraction: null or earlyStopping: false`);
    const split = trainTestSplit(X, y, { testSize: p.validationFraction, seed: p.seed, ...(stratify === null ? {} : { stratify }) });
    Xt = split.XTrain; yt = split.yTrain; Xv = split.XTest; yv = split.yTest;
    if (w !== null) {
      wt = Float64Array.from(split.trainIndex, (i) => w[i]!);
      wv = Float64Array.from(split.testIndex, (i) => w[i]!);
    }
    if (stratify !== null && new Set(Array.from(split.trainIndex, (i) => stratify[i]!)).size !== new Set(stratify).size) {
      throw new InvalidInputError('the training part of the early-stopping split is missing a class; use more data or earlyStopping: false');
    }
  }
  const n = Xt.rows, d = Xt.cols, K = loss.nTrees;
  const binning = fitBinning(Xt, p.maxBins, 200000, p.seed);
  const binned = binData(Xt, binning);
  const hasMissing = new Uint8Array(d);
  for (let j = 0; j < d; j++) for (let i = 0; i < n; i++) if (binned[j * n + i] === binning.missingBin) { hasMissing[j] = 1; break; }
  const baseline = loss.baseline(yt, wt);
  const raw = Array.from({ length: K }, (_, k) => new Float64Array(n).fill(baseline[k]!));
  const binnedVal = Xv === null ? null : binData(Xv, binning);
  const rawVal = Xv === null ? null : Array.from({ length: K }, (_, k) => new Float64Array(Xv!.rows).fill(baseline[k]!));
  const trainScore: number[] = [], validationScore: number[] = [];
  const record = (): boolean => {
    trainScore.push(-loss.loss(yt, raw, wt));
    if (rawVal !== null) {
      validationScore.push(-loss.loss(yv!, rawVal, wv));
      return shouldStop(validationScore, p.nIterNoChange, p.tol);
    }
    return shouldStop(trainScore, p.nIterNoChange, p.tol);
  };
  if (doEarlyStopping) record();
  const constant = loss.constantHessian(wt);
  const g = Array.from({ length: K }, () => new Float32Array(n));
  const h = Array.from({ length: K }, () => new Float32Array(constant ? 0 : n));
  const data = growerData(binned, n, d, binning, hasMissing);
  const trees: HistTree[][] = [];
  const gp = { maxLeafNodes: p.maxLeafNodes, maxDepth: p.maxDepth, minSamplesLeaf: p.minSamplesLeaf, l2Regularization: p.l2Regularization, shrinkage: p.learningRate };
  for (let it = 0; it < p.maxIter; it++) {
    loss.gradHess(yt, raw, wt, g, h);
    const stage: HistTree[] = [];
    for (let k = 0; k < K; k++) {
      const grown = growTree(data, g[k]!, constant ? null : h[k]!, gp);
      stage.push(grown.tree);
      const rk = raw[k]!;
      for (const leaf of grown.leaves) for (let q = leaf.start; q < leaf.stop; q++) rk[data.partition[q]!] += leaf.value;
    }
    trees.push(stage);
    if (doEarlyStopping) {
      if (rawVal !== null) for (let k = 0; k < K; k++) addPredictBinned(stage[k]!, binnedVal!, Xv!.rows, binning.missingBin, rawVal[k]!);
      if (record()) break;
    }
  }
  return { binning, baseline, trees, trainScore: Float64Array.from(trainScore), validationScore: Float64Array.from(validationScore), doEarlyStopping };
}

/** Raw predictions after `nStages` iterations (all by default): (K,) arrays of (n,). */
export function rawPredict(m: HistModel, X: Matrix, nStages = m.trees.length): Float64Array[] {
  const K = m.baseline.length, n = X.rows, d = X.cols;
  const out = Array.from({ length: K }, (_, k) => new Float64Array(n).fill(m.baseline[k]!));
  for (let it = 0; it < nStages; it++) {
    for (let k = 0; k < K; k++) {
      const t = m.trees[it]![k]!, o = out[k]!;
      for (let i = 0; i < n; i++) o[i] += predictRow(t, X.data, d, i);
    }
  }
  return out;
}

/** Raw predictions after each iteration, one copy per iteration (sklearn's `_staged_raw_predict`). */
export function* stagedRawPredict(m: HistModel, X: Matrix): Generator<Float64Array[]> {
  const K = m.baseline.length, n = X.rows, d = X.cols;
  const cur = Array.from({ length: K }, (_, k) => new Float64Array(n).fill(m.baseline[k]!));
  for (const stage of m.trees) {
    for (let k = 0; k < K; k++) {
      const t = stage[k]!, o = cur[k]!;
      for (let i = 0; i < n; i++) o[i] += predictRow(t, X.data, d, i);
    }
    yield cur.map((c) => c.slice());
  }
}

/** Saved form of a {@link HistModel}. */
export interface HistModelJSON {
  binning: ReturnType<typeof binningToJSON>;
  baseline: number[];
  trees: HistTreeJSON[][];
  trainScore: number[];
  validationScore: number[];
  doEarlyStopping: boolean;
  nFeaturesIn: number;
}

/** JSON-safe form of a fitted model (thresholds, baseline, trees, scores); {@link histModelFromJSON} rebuilds it bit for bit. */
export function histModelToJSON(m: HistModel): HistModelJSON {
  return {
    binning: binningToJSON(m.binning), baseline: Array.from(m.baseline), trees: m.trees.map((s) => s.map(treeToJSON)),
    trainScore: Array.from(m.trainScore), validationScore: Array.from(m.validationScore), doEarlyStopping: m.doEarlyStopping,
    nFeaturesIn: m.binning.thresholds.length,
  };
}

/** @throws InvalidInputError for a malformed saved model. */
export function histModelFromJSON(st: unknown, owner: string, K: number): HistModel {
  const nFeatures = readCount(st, owner, 'nFeaturesIn');
  const binning = binningFromJSON(stateField(st, owner, 'binning'), owner, nFeatures);
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
  const early = stateField(st, owner, 'doEarlyStopping');
  if (typeof early !== 'boolean') throw new InvalidInputError(`${owner}.fromJSON: state.doEarlyStopping must be a boolean`);
  return {
    binning, baseline: nums('baseline', K), trees: trees.map((s: unknown[]) => s.map((t) => treeFromJSON(t, owner, binning))),
    trainScore: nums('trainScore'), validationScore: nums('validationScore'), doEarlyStopping: early,
  };
}
