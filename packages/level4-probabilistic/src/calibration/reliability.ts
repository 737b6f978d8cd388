/**
 * Top-label reliability diagram, expected calibration error (ECE) and maximum calibration error
 * (MCE), with equal-width or adaptive (equal-mass) bins.
 *
 * Sample $i$ has confidence $c_i = \max_j p_{ij}$, prediction $\hat y_i = \arg\max_j p_{ij}$ (first
 * maximum) and correctness $a_i = [\hat y_i = y_i]$. With bin edges $0 = e_0 < \dots < e_M = 1$,
 * bin $B_m = \{i : c_i \in (e_{m-1}, e_m]\}$ (a confidence equal to $e_0$ joins $B_1$), and
 * $$\mathrm{acc}(B_m) = \frac{1}{|B_m|}\sum_{i\in B_m} a_i,\qquad \mathrm{conf}(B_m) = \frac{1}{|B_m|}\sum_{i\in B_m} c_i,$$
 * $$\mathrm{ECE} = \sum_{m} \frac{|B_m|}{n}\,\bigl|\mathrm{acc}(B_m)-\mathrm{conf}(B_m)\bigr|,\qquad
 *   \mathrm{MCE} = \max_{m:\,|B_m|>0} \bigl|\mathrm{acc}(B_m)-\mathrm{conf}(B_m)\bigr|$$
 * (Guo et al., 2017, eqs. 3 and 5; Naeini et al., 2015). Empty bins are skipped.
 *
 * Edges: `'uniform'` $e_m = m/M$ (exactly `np.linspace(0, 1, M + 1)`); `'quantile'` (adaptive,
 * equal mass) $e_m$ = the $m/M$ quantile of the confidences with numpy's linear interpolation,
 * so ties may merge bins. Assignment is `np.searchsorted(edges[1:-1], c, side='left')`, as
 * scikit-learn 1.2's `calibration_curve` does on the binary problem (correct, confidence): its
 * `prob_true`, `prob_pred` are this diagram's non-empty `accuracy`, `confidence`.
 *
 * Complexity $O(nk + n\log M)$ (plus $O(n\log n)$ for the quantile edges).
 *
 * @see ../../../../docs/level4-probabilistic/uncertainty.md
 */
import { InvalidParamError, type MatrixLike } from '@fpml/core';
import { checkClassLabels, checkProbabilities, type ClassLabels } from './probabilities.js';

/** Options of {@link reliabilityDiagram}, {@link expectedCalibrationErrorTopLabel} and {@link maxCalibrationError}. */
export interface ReliabilityOptions {
  /** Number of bins $M$. @default 15 */
  nBins?: number;
  /** `'uniform'`: equal-width bins on [0, 1]; `'quantile'`: equal-mass (adaptive) bins. @default 'uniform' */
  strategy?: 'uniform' | 'quantile';
}

/** One bin of a reliability diagram. Empty bins have `count` 0 and null averages. */
export interface ReliabilityBin {
  /** Edges $(e_{m-1}, e_m]$. */
  lower: number;
  upper: number;
  count: number;
  /** $\mathrm{acc}(B_m)$, null when empty. */
  accuracy: number | null;
  /** $\mathrm{conf}(B_m)$, null when empty. */
  confidence: number | null;
}

/** A reliability diagram with its summary errors. */
export interface ReliabilityDiagram {
  /** All $M$ bins, in order (empty ones included). */
  bins: ReliabilityBin[];
  /** Expected calibration error. */
  ece: number;
  /** Maximum calibration error over non-empty bins. */
  mce: number;
  /** Overall accuracy $\frac1n\sum_i a_i$ and mean confidence $\frac1n\sum_i c_i$. */
  accuracy: number;
  meanConfidence: number;
  n: number;
  strategy: 'uniform' | 'quantile';
}

/** np.percentile(x, 100 q) for sorted x, method 'linear' (numpy 1.24's floating-point steps). */
function percentileSorted(x: Float64Array, q: number): number {
  const n = x.length;
  const v = (n - 1) * q; // virtual index
  if (v >= n - 1) return x[n - 1]!;
  if (v < 0) return x[0]!;
  const lo = Math.floor(v);
  const t = v - lo, a = x[lo]!, b = x[lo + 1]!, d = b - a;
  return t >= 0.5 ? b - d * (1 - t) : a + d * t; // numpy's _lerp
}

/** Bin edges $e_0..e_M$ for the strategy (confidences `c` needed for 'quantile'). */
function binEdges(nBins: number, strategy: 'uniform' | 'quantile', c: Float64Array): Float64Array {
  const lin = Float64Array.from({ length: nBins + 1 }, (_, b) => (b === nBins ? 1 : b * (1 / nBins))); // np.linspace(0, 1, M + 1)
  if (strategy === 'uniform') return lin;
  const sorted = Float64Array.from(c).sort();
  return lin.map((q) => percentileSorted(sorted, (q * 100) / 100)); // np.percentile(c, linspace * 100)
}

/**
 * The top-label reliability diagram of `probs` against `labels`, with ECE and MCE (equations in
 * the file header). $O(nk + n\log M)$.
 * @param probs (n, k) probabilities, rows summing to 1.
 * @param labels (n,) class indices in [0, k).
 * @throws ShapeError / InvalidInputError for bad `probs` or `labels`; InvalidParamError for `nBins` or `strategy`.
 * @see ../../../../docs/level4-probabilistic/uncertainty.md
 */
export function reliabilityDiagram(probs: MatrixLike, labels: ClassLabels, options: ReliabilityOptions = {}): ReliabilityDiagram {
  const owner = 'reliabilityDiagram';
  const { nBins = 15, strategy = 'uniform' } = options;
  if (!Number.isInteger(nBins) || nBins < 1) throw new InvalidParamError(owner, 'nBins', nBins, 'an integer ≥ 1');
  if (strategy !== 'uniform' && strategy !== 'quantile') throw new InvalidParamError(owner, 'strategy', strategy, "'uniform' or 'quantile'");
  const P = checkProbabilities(owner, probs); // (n, k)
  const { rows: n, cols: k, data } = P;
  const y = checkClassLabels(owner, labels, n, k); // (n,)
  const conf = new Float64Array(n), correct = new Uint8Array(n); // (n,), (n,)
  for (let i = 0; i < n; i++) {
    let pred = 0;
    for (let j = 1; j < k; j++) if (data[i * k + j]! > data[i * k + pred]!) pred = j;
    conf[i] = data[i * k + pred]!;
    correct[i] = pred === y[i] ? 1 : 0;
  }
  const edges = binEdges(nBins, strategy, conf); // (M + 1,)
  const count = new Float64Array(nBins), hits = new Float64Array(nBins), confSum = new Float64Array(nBins);
  let accAll = 0, confAll = 0;
  for (let i = 0; i < n; i++) {
    // searchsorted(edges[1:-1], c, 'left'): the number of interior edges strictly below c
    let lo = 1, hi = nBins;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (edges[mid]! >= conf[i]!) hi = mid;
      else lo = mid + 1;
    }
    const b = lo - 1;
    count[b]! += 1;
    confSum[b]! += conf[i]!;
    hits[b]! += correct[i]!;
    accAll += correct[i]!;
    confAll += conf[i]!;
  }
  let ece = 0, mce = 0;
  const bins: ReliabilityBin[] = [];
  for (let b = 0; b < nBins; b++) {
    const m = count[b]!;
    if (m === 0) {
      bins.push({ lower: edges[b]!, upper: edges[b + 1]!, count: 0, accuracy: null, confidence: null });
      continue;
    }
    const acc = hits[b]! / m, cf = confSum[b]! / m, gap = Math.abs(acc - cf);
    ece += (m / n) * gap;
    if (gap > mce) mce = gap;
    bins.push({ lower: edges[b]!, upper: edges[b + 1]!, count: m, accuracy: acc, confidence: cf });
  }
  return { bins, ece, mce, accuracy: accAll / n, meanConfidence: confAll / n, n, strategy };
}

/**
 * Top-label ECE, $\sum_m \frac{|B_m|}{n}|\mathrm{acc}(B_m)-\mathrm{conf}(B_m)|$, of
 * {@link reliabilityDiagram}; with the defaults it equals `@fpml/core`'s
 * `expectedCalibrationError` (15 equal-width bins). $O(nk + n\log M)$.
 * @throws as {@link reliabilityDiagram}.
 * @see ../../../../docs/level4-probabilistic/uncertainty.md
 */
export function expectedCalibrationErrorTopLabel(probs: MatrixLike, labels: ClassLabels, options: ReliabilityOptions = {}): number {
  return reliabilityDiagram(probs, labels, options).ece;
}

/**
 * Maximum calibration error, $\max_{m:|B_m|>0}|\mathrm{acc}(B_m)-\mathrm{conf}(B_m)|$, of
 * {@link reliabilityDiagram}. $O(nk + n\log M)$.
 * @throws as {@link reliabilityDiagram}.
 * @see ../../../../docs/level4-probabilistic/uncertainty.md
 */
export function maxCalibrationError(probs: MatrixLike, labels: ClassLabels, options: ReliabilityOptions = {}): number {
  return reliabilityDiagram(probs, labels, options).mce;
}
