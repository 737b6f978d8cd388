/**
 * Expected calibration error (Guo et al., 2017). scikit-learn has no ECE; the oracle is the
 * numpy reference in scripts/oracles/freeze_metrics.py.
 *
 * Reference: C. Guo, G. Pleiss, Y. Sun, K. Q. Weinberger, "On Calibration of Modern Neural
 * Networks", ICML 2017, eq. (3).
 *
 * @see ../../../../docs/core/metrics.md#expected-calibration-error
 */
import { InvalidInputError, InvalidParamError } from '../errors.js';
import type { MatrixLike, VectorLike } from '../matrix/matrix.js';
import { indexOfLabels, showLabel, showLabels, toLabels, toProbabilities, uniqueLabels, type Label, type LabelsLike } from './labels.js';

/** Options of {@link expectedCalibrationError}. */
export interface EceOptions {
  /** Number of equal-width confidence bins over [0, 1]. @default 15 */
  nBins?: number;
  /**
   * The class of each probability column (sorted like {@link logLoss}'s).
   * @default the sorted distinct labels of yTrue
   */
  labels?: readonly Label[];
}

/**
 * Top-label expected calibration error with $M$ equal-width bins:
 * $$\mathrm{ECE} = \sum_{m=1}^{M} \frac{|B_m|}{n}\,\bigl|\mathrm{acc}(B_m) - \mathrm{conf}(B_m)\bigr|,$$
 * where sample $i$ has confidence $c_i = \max_j p_{ij}$ and prediction $\hat y_i = \arg\max_j p_{ij}$
 * (first maximum), $B_m = \{ i : c_i \in (\tfrac{m-1}{M}, \tfrac{m}{M}] \}$ (a confidence of 0 joins
 * the first bin), $\mathrm{acc}(B_m)$ is the fraction of $B_m$ with $\hat y_i = y_i$ and
 * $\mathrm{conf}(B_m)$ the mean confidence there; empty bins contribute 0. A 1-D `yProba` holds
 * the probability of the larger of two labels and is read as the rows $[1 - p, p]$.
 * Complexity $O(nk + n \log M)$.
 *
 * @param yTrue labels (n,).
 * @param yProba probabilities (n, k), columns in sorted-label order, or (n,) for a binary problem.
 * @throws ShapeError if the row counts differ; InvalidInputError for NaN, values outside [0, 1],
 *   a class count that disagrees with the columns or unknown labels; InvalidParamError for `nBins`.
 * @see ../../../../docs/core/metrics.md#expected-calibration-error
 */
export function expectedCalibrationError(yTrue: LabelsLike, yProba: MatrixLike | VectorLike, options: EceOptions = {}): number {
  const { nBins = 15 } = options;
  if (!Number.isInteger(nBins) || nBins < 1) {
    throw new InvalidParamError('expectedCalibrationError', 'nBins', nBins, 'an integer >= 1');
  }
  const t = toLabels(yTrue, 'yTrue');
  const n = t.length;
  const { matrix, vector } = toProbabilities(yProba, 'yProba', 'yTrue', n);
  const classes = options.labels === undefined ? uniqueLabels(t) : uniqueLabels(toLabels(options.labels, 'labels'));
  const k = matrix ? matrix.cols : 2;
  if (classes.length !== k) {
    throw new InvalidInputError(`expectedCalibrationError: yProba has ${k} class columns but there are ${classes.length} classes ${showLabels(classes)}; pass the classes through options.labels`);
  }
  const index = indexOfLabels(classes);
  // bin edges exactly as np.linspace(0, 1, M + 1)
  const edges = Float64Array.from({ length: nBins + 1 }, (_, b) => (b === nBins ? 1 : b * (1 / nBins)));
  const count = new Float64Array(nBins);
  const correct = new Float64Array(nBins);
  const confSum = new Float64Array(nBins);
  for (let i = 0; i < n; i++) {
    let conf: number;
    let pred: number;
    if (vector) {
      const p = vector[i]!;
      conf = p > 1 - p ? p : 1 - p;
      pred = p > 1 - p ? 1 : 0;
    } else {
      const row = matrix!.row(i);
      pred = 0;
      for (let j = 1; j < k; j++) if (row[j]! > row[pred]!) pred = j;
      conf = row[pred]!;
    }
    const truth = index.get(t[i]!);
    if (truth === undefined) {
      throw new InvalidInputError(`expectedCalibrationError: yTrue[${i}] = ${showLabel(t[i]!)} is not one of the classes ${showLabels(classes)}`);
    }
    // smallest b with edges[b] >= conf, bin b - 1 (np.searchsorted side='left'); 0 joins bin 0
    let lo = 0;
    let hi = nBins;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (edges[mid]! >= conf) hi = mid;
      else lo = mid + 1;
    }
    const b = Math.max(lo - 1, 0);
    count[b]! += 1;
    confSum[b]! += conf;
    if (truth === pred) correct[b]! += 1;
  }
  let ece = 0;
  for (let b = 0; b < nBins; b++) {
    if (count[b] === 0) continue;
    ece += (count[b]! / n) * Math.abs(correct[b]! / count[b]! - confSum[b]! / count[b]!);
  }
  return ece;
}
