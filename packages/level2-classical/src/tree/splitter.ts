/**
 * The best-split search of CART over presorted columns (scikit-learn 1.2's `BestSplitter`, with
 * presorting in place of its per-node sort).
 *
 * Every node owns a range `[start, end)` of each feature's sorted row list. To split a node on
 * feature $j$, sweep its range in ascending $x_j$: move rows one by one from the right child's
 * statistics to the left's (class counts, or $\sum w y$), and at each boundary between two
 * distinct values (values closer than `FEATURE_THRESHOLD` = 1e-7 count as equal, as in sklearn)
 * score the split with the criterion's proxy. The threshold is the midpoint
 * $\theta = x_{(p-1)}/2 + x_{(p)}/2$ (or $x_{(p-1)}$ if the midpoint rounds up to $x_{(p)}$).
 * After the best split, every feature's range is stably partitioned into left rows then right
 * rows, so the children's ranges stay sorted: no sort below the root.
 *
 * Which features a node tries: with `source = null`, all of them in index order (so a tie in the
 * proxy goes to the lowest feature index, then the lowest threshold). With a {@link RandomSource},
 * sklearn's Fisher–Yates draw of up to `maxFeatures` features (continuing past `maxFeatures`
 * until one non-constant feature was seen, skipping features known to be constant in an
 * ancestor), draw for draw: given sklearn's own generator it visits features in sklearn's order.
 *
 * Cost per node of $m_t$ rows: $O(k\, m_t\, K)$ for the sweeps of the $k$ features tried ($K$
 * classes, 1 for regression) plus $O(d\, m_t)$ for the partition. No allocation per node.
 *
 * @see ../../../../docs/level2-classical/trees.md
 */
import { type CriterionName, entropyImpurity, friedmanImprovement, giniImpurity, impurityImprovement, log2, squaredErrorImpurity } from './criteria.js';
import type { PresortedX } from './presort.js';

/** Values closer than this are treated as equal (sklearn's `FEATURE_THRESHOLD`). */
export const FEATURE_THRESHOLD = 1e-7;

/** A source of the integers the feature draw needs: uniform in `[low, high)`. */
export interface RandomSource {
  randInt(low: number, high: number): number;
}

/** What the splitter fits: class codes or real targets. */
export type SplitTarget = { kind: 'classification'; codes: Int32Array; nClasses: number } | { kind: 'regression'; y: Float64Array };

/** The resolved knobs of the search. */
export interface SplitterOptions {
  criterion: CriterionName;
  /** Features to draw per node, in [1, d]. */
  maxFeatures: number;
  minSamplesLeaf: number;
  /** Minimum weight of a child (absolute). */
  minWeightLeaf: number;
}

/** The best split found for a node (`pos === end` means none). */
export interface SplitRecord {
  feature: number;
  pos: number;
  threshold: number;
  improvement: number;
  impurityLeft: number;
  impurityRight: number;
}

/** Buffers a forest reuses from tree to tree. */
export interface SplitterWorkspace {
  idx: Int32Array;
  val: Float64Array;
  tmpIdx: Int32Array;
  tmpVal: Float64Array;
  mark: Uint8Array;
}

/** Fresh buffers for data of n rows and d features. */
export function makeWorkspace(n: number, d: number): SplitterWorkspace {
  return { idx: new Int32Array(n * d), val: new Float64Array(n * d), tmpIdx: new Int32Array(n), tmpVal: new Float64Array(n), mark: new Uint8Array(n) };
}

/** See the module comment. One instance per tree fit. */
export class Splitter {
  /** Rows with positive weight (the only ones the tree sees). */
  readonly m: number;
  /** Total weight of all training rows, $W$. */
  readonly weightedNSamples: number;
  readonly d: number;
  private readonly idx: Int32Array; // (d, m) rows of each feature in ascending order, node by node
  private readonly val: Float64Array; // (d, m) the matching values
  private readonly tmpIdx: Int32Array;
  private readonly tmpVal: Float64Array;
  private readonly mark: Uint8Array; // (n,) 1 = goes left
  private readonly w: Float64Array | null;
  private readonly isClass: boolean;
  private readonly codes: Int32Array;
  private readonly y: Float64Array;
  private readonly K: number;
  private readonly entropy: boolean;
  private readonly friedman: boolean;
  // node statistics (set by nodeReset)
  private start = 0;
  private end = 0;
  private wn = 0;
  private readonly total: Float64Array; // (K,) class counts of the node
  private sumTotal = 0;
  private sqSumTotal = 0;
  private readonly left: Float64Array; // (K,) sweep scratch
  private readonly right: Float64Array; // (K,) scratch of childrenStats
  // feature draw state (sklearn's features / constant_features arrays)
  private readonly features: Int32Array;
  private readonly constantFeatures: Int32Array;
  private readonly best: SplitRecord = { feature: 0, pos: 0, threshold: 0, improvement: -Infinity, impurityLeft: Infinity, impurityRight: Infinity };
  private bestProxy = -Infinity;

  constructor(
    data: PresortedX,
    target: SplitTarget,
    w: Float64Array | null, // (n,) non-negative, or null for unit weights
    private readonly opts: SplitterOptions,
    private readonly source: RandomSource | null,
    ws?: SplitterWorkspace,
  ) {
    const { n, d, Xc, order } = data;
    this.d = d;
    this.w = w;
    this.isClass = target.kind === 'classification';
    this.codes = target.kind === 'classification' ? target.codes : new Int32Array(0);
    this.y = target.kind === 'regression' ? target.y : new Float64Array(0);
    this.K = target.kind === 'classification' ? target.nClasses : 1;
    this.entropy = opts.criterion === 'entropy';
    this.friedman = opts.criterion === 'friedman_mse';
    let m = n;
    let W = 0;
    if (w !== null) {
      m = 0;
      for (let i = 0; i < n; i++) {
        if (w[i] !== 0) m++;
        W += w[i]!;
      }
    } else W = n;
    this.m = m;
    this.weightedNSamples = W;
    const space = ws !== undefined && ws.idx.length >= d * m && ws.mark.length >= n ? ws : makeWorkspace(n, d);
    this.idx = space.idx;
    this.val = space.val;
    this.tmpIdx = space.tmpIdx;
    this.tmpVal = space.tmpVal;
    this.mark = space.mark;
    for (let f = 0; f < d; f++) {
      let r = f * m;
      const col = f * n;
      for (let k = 0; k < n; k++) {
        const i = order[col + k]!;
        if (w !== null && w[i] === 0) continue;
        this.idx[r] = i;
        this.val[r++] = Xc[col + i]!;
      }
    }
    this.total = new Float64Array(this.K);
    this.left = new Float64Array(this.K);
    this.right = new Float64Array(this.K);
    this.features = new Int32Array(d);
    for (let f = 0; f < d; f++) this.features[f] = f;
    this.constantFeatures = new Int32Array(d);
  }

  /** Gather the statistics of the node `[start, end)`; returns its weight $W_t$. */
  nodeReset(start: number, end: number): number {
    this.start = start;
    this.end = end;
    const { idx, w } = this;
    let wn = 0;
    if (this.isClass) {
      const total = this.total;
      total.fill(0);
      for (let p = start; p < end; p++) {
        const i = idx[p]!;
        const wt = w === null ? 1.0 : w[i]!;
        total[this.codes[i]!]! += wt;
        wn += wt;
      }
    } else {
      let s = 0;
      let q = 0;
      for (let p = start; p < end; p++) {
        const i = idx[p]!;
        const wt = w === null ? 1.0 : w[i]!;
        const wy = wt * this.y[i]!;
        s += wy;
        q += wy * this.y[i]!;
        wn += wt;
      }
      this.sumTotal = s;
      this.sqSumTotal = q;
    }
    this.wn = wn;
    return wn;
  }

  /** Impurity of the current node. */
  nodeImpurity(): number {
    if (!this.isClass) return squaredErrorImpurity(this.sumTotal, this.sqSumTotal, this.wn);
    return this.entropy ? entropyImpurity(this.total, 0, this.K, this.wn) : giniImpurity(this.total, 0, this.K, this.wn);
  }

  /** Write the node's value (class counts, or the weighted mean) at `out[off ..]`. */
  nodeValue(out: Float64Array, off: number): void {
    if (this.isClass) out.set(this.total, off);
    else out[off] = this.sumTotal / this.wn;
  }

  /**
   * Find the best split of the current node and partition every feature's range around it.
   * @param nKnownConstants features known constant here (sampling mode), from the parent.
   * @returns the split (shared record, valid until the next call) and the new constant count.
   */
  nodeSplit(impurity: number, nKnownConstants: number): { split: SplitRecord; nConstants: number } {
    const { start, end, d } = this;
    const best = this.best;
    best.feature = 0;
    best.pos = end;
    best.threshold = 0;
    best.improvement = -Infinity;
    best.impurityLeft = Infinity;
    best.impurityRight = Infinity;
    this.bestProxy = -Infinity;
    let nConstants = 0;
    if (this.source === null) {
      for (let f = 0; f < d; f++) if (!this.isConstant(f)) this.sweep(f);
    } else {
      nConstants = this.drawFeatures(nKnownConstants);
    }
    if (best.pos < end) {
      this.childrenStats(impurity);
      this.partition();
    }
    return { split: best, nConstants };
  }

  private isConstant(f: number): boolean {
    const b = f * this.m;
    return this.val[b + this.end - 1]! <= this.val[b + this.start]! + FEATURE_THRESHOLD;
  }

  /** sklearn's feature draw, draw for draw (see the module comment). */
  private drawFeatures(nKnown: number): number {
    const features = this.features;
    const src = this.source!;
    let fI = this.d;
    let nVisited = 0;
    let nFound = 0;
    let nDrawn = 0;
    let nTotal = nKnown;
    const maxF = this.opts.maxFeatures;
    while (fI > nTotal && (nVisited < maxF || nVisited <= nFound + nDrawn)) {
      nVisited++;
      let fJ = src.randInt(nDrawn, fI - nFound);
      if (fJ < nKnown) {
        // a known constant: set it aside
        const t = features[nDrawn]!;
        features[nDrawn] = features[fJ]!;
        features[fJ] = t;
        nDrawn++;
        continue;
      }
      fJ += nFound;
      const f = features[fJ]!;
      if (this.isConstant(f)) {
        features[fJ] = features[nTotal]!;
        features[nTotal] = f;
        nFound++;
        nTotal++;
        continue;
      }
      fI--;
      features[fJ] = features[fI]!;
      features[fI] = f;
      this.sweep(f);
    }
    // restore the known constants' order and record the new ones (sklearn's invariant)
    features.set(this.constantFeatures.subarray(0, nKnown), 0);
    this.constantFeatures.set(features.subarray(nKnown, nKnown + nFound), nKnown);
    return nTotal;
  }

  /** Sweep feature f's range of the node, updating `best` when a split beats it. */
  private sweep(f: number): void {
    if (this.isClass) this.sweepClass(f);
    else this.sweepRegression(f);
  }

  /** Record a split of feature f before sorted position q if its proxy beats the best so far. */
  private offer(f: number, b: number, q: number, proxy: number): void {
    if (!(proxy > this.bestProxy)) return;
    this.bestProxy = proxy;
    const lo = this.val[b + q - 1]!;
    const hi = this.val[b + q]!;
    let t = lo / 2.0 + hi / 2.0; // sum of halves: no overflow
    if (t === hi || t === Infinity || t === -Infinity) t = lo;
    const best = this.best;
    best.feature = f;
    best.pos = q;
    best.threshold = t;
  }

  /**
   * The classification sweep: class counts move left row by row; at each boundary between
   * distinct values the proxy $-W_L\,i(L) - W_R\,i(R)$ is scored.
   */
  private sweepClass(f: number): void {
    const { start, end, idx, val, w, wn, left, codes, total, K } = this;
    const minLeaf = this.opts.minSamplesLeaf;
    const minWeight = this.opts.minWeightLeaf;
    const entropy = this.entropy;
    const b = f * this.m;
    left.fill(0);
    let wl = 0;
    let pos = start; // rows [start, pos) are in the left counts
    let q = start;
    while (q < end) {
      while (q + 1 < end && val[b + q + 1]! <= val[b + q]! + FEATURE_THRESHOLD) q++;
      q++;
      if (q >= end) break;
      if (q - start < minLeaf) continue;
      if (end - q < minLeaf) break;
      // move rows to the left child: forward from pos, or back from the end when that is shorter (as sklearn)
      if (q - pos <= end - q) {
        if (w === null) {
          for (; pos < q; pos++) left[codes[idx[b + pos]!]!]! += 1.0;
          wl = pos - start;
        } else {
          for (; pos < q; pos++) {
            const i = idx[b + pos]!;
            left[codes[i]!]! += w[i]!;
            wl += w[i]!;
          }
        }
      } else {
        left.set(total);
        wl = wn;
        for (let p = end - 1; p >= q; p--) {
          const i = idx[b + p]!;
          const wt = w === null ? 1.0 : w[i]!;
          left[codes[i]!]! -= wt;
          wl -= wt;
        }
        pos = q;
      }
      const wr = wn - wl;
      if (wl < minWeight || wr < minWeight) continue;
      let iL = 0;
      let iR = 0;
      if (entropy) {
        for (let k = 0; k < K; k++) {
          let cl = left[k]!;
          let cr = total[k]! - cl;
          if (cl > 0.0) {
            cl /= wl;
            iL -= cl * log2(cl);
          }
          if (cr > 0.0) {
            cr /= wr;
            iR -= cr * log2(cr);
          }
        }
      } else {
        let sqL = 0;
        let sqR = 0;
        for (let k = 0; k < K; k++) {
          const cl = left[k]!;
          const cr = total[k]! - cl;
          sqL += cl * cl;
          sqR += cr * cr;
        }
        iL = 1.0 - sqL / (wl * wl);
        iR = 1.0 - sqR / (wr * wr);
      }
      this.offer(f, b, q, -wr * iR - wl * iL);
    }
  }

  /**
   * The regression sweep: $S_L = \sum_{i \in L} w_i y_i$ grows row by row; each boundary is scored
   * by $S_L^2/W_L + S_R^2/W_R$ (or Friedman's proxy).
   */
  private sweepRegression(f: number): void {
    const { start, end, idx, val, w, wn, y } = this;
    const minLeaf = this.opts.minSamplesLeaf;
    const minWeight = this.opts.minWeightLeaf;
    const friedman = this.friedman;
    const sumTotal = this.sumTotal;
    const b = f * this.m;
    let wl = 0;
    let sl = 0;
    let pos = start;
    let q = start;
    while (q < end) {
      while (q + 1 < end && val[b + q + 1]! <= val[b + q]! + FEATURE_THRESHOLD) q++;
      q++;
      if (q >= end) break;
      if (q - start < minLeaf) continue;
      if (end - q < minLeaf) break;
      if (q - pos <= end - q) {
        for (; pos < q; pos++) {
          const i = idx[b + pos]!;
          const wt = w === null ? 1.0 : w[i]!;
          sl += wt * y[i]!;
          wl += wt;
        }
      } else {
        sl = sumTotal;
        wl = wn;
        for (let p = end - 1; p >= q; p--) {
          const i = idx[b + p]!;
          const wt = w === null ? 1.0 : w[i]!;
          sl -= wt * y[i]!;
          wl -= wt;
        }
        pos = q;
      }
      const wr = wn - wl;
      if (wl < minWeight || wr < minWeight) continue;
      const sr = sumTotal - sl;
      let proxy: number;
      if (friedman) {
        const diff = wr * sl - wl * sr;
        proxy = (diff * diff) / (wl * wr);
      } else proxy = (sl * sl) / wl + (sr * sr) / wr;
      this.offer(f, b, q, proxy);
    }
  }

  /** Impurities of the best split's children and its improvement. */
  private childrenStats(impurity: number): void {
    const best = this.best;
    const { start, end, idx, w, wn } = this;
    const b = best.feature * this.m;
    const pos = best.pos;
    let wl = 0;
    if (this.isClass) {
      const K = this.K;
      const left = this.left;
      const right = this.right;
      left.fill(0);
      for (let p = start; p < pos; p++) {
        const i = idx[b + p]!;
        const wt = w === null ? 1.0 : w[i]!;
        left[this.codes[i]!]! += wt;
        wl += wt;
      }
      for (let k = 0; k < K; k++) right[k] = this.total[k]! - left[k]!;
      const wr = wn - wl;
      const imp = this.entropy ? entropyImpurity : giniImpurity;
      best.impurityLeft = imp(left, 0, K, wl);
      best.impurityRight = imp(right, 0, K, wr);
      best.improvement = impurityImprovement(this.weightedNSamples, wn, wl, wr, impurity, best.impurityLeft, best.impurityRight);
    } else {
      let sl = 0;
      let ql = 0;
      for (let p = start; p < pos; p++) {
        const i = idx[b + p]!;
        const wt = w === null ? 1.0 : w[i]!;
        const wy = wt * this.y[i]!;
        sl += wy;
        ql += wy * this.y[i]!;
        wl += wt;
      }
      const wr = wn - wl;
      const sr = this.sumTotal - sl;
      best.impurityLeft = squaredErrorImpurity(sl, ql, wl);
      best.impurityRight = squaredErrorImpurity(sr, this.sqSumTotal - ql, wr);
      best.improvement = this.friedman
        ? friedmanImprovement(wn, wl, wr, sl, sr)
        : impurityImprovement(this.weightedNSamples, wn, wl, wr, impurity, best.impurityLeft, best.impurityRight);
    }
  }

  /**
   * Stable partition of every feature's range: rows of the best split's left child first,
   * right-child rows through a scratch buffer. A feature constant on
   * the node is skipped: its children's ranges then hold the right number of rows, all with the
   * same value, which is all a constant feature's range is ever used for (feature 0, whose rows
   * give the node statistics, is always partitioned).
   */
  private partition(): void {
    const { start, end, idx, val, mark, tmpIdx, tmpVal, m, d } = this;
    const fb = this.best.feature;
    const pos = this.best.pos;
    const bb = fb * m;
    for (let p = start; p < pos; p++) mark[idx[bb + p]!] = 1;
    for (let p = pos; p < end; p++) mark[idx[bb + p]!] = 0;
    for (let f = 0; f < d; f++) {
      if (f === fb) continue;
      const b = f * m;
      if (f !== 0 && val[b + end - 1]! <= val[b + start]! + FEATURE_THRESHOLD) continue;
      let l = b + start;
      let r = 0;
      for (let p = b + start; p < b + end; p++) {
        const i = idx[p]!;
        if (mark[i] === 1) {
          idx[l] = i;
          val[l++] = val[p]!;
        } else {
          tmpIdx[r] = i;
          tmpVal[r++] = val[p]!;
        }
      }
      idx.set(tmpIdx.subarray(0, r), l);
      val.set(tmpVal.subarray(0, r), l);
    }
  }
}
