/**
 * Log loss (cross-entropy), as scikit-learn 1.2.1's `log_loss` with `eps='auto'`.
 *
 * @see ../../../../docs/core/metrics.md#log-loss
 */
import { InvalidInputError, InvalidParamError } from '../errors.js';
import type { MatrixLike, VectorLike } from '../matrix/matrix.js';
import { indexOfLabels, showLabel, showLabels, toLabels, toProbabilities, uniqueLabels, type Label, type LabelsLike } from './labels.js';

/** Options of {@link logLoss}. */
export interface LogLossOptions {
  /**
   * The classes, one per column of the probabilities; they are sorted (as sklearn's
   * LabelBinarizer does), so column $j$ belongs to the $j$-th smallest label.
   * @default the sorted distinct labels of yTrue
   */
  labels?: readonly Label[];
  /**
   * Probabilities are clipped to $[\epsilon, 1-\epsilon]$. `'auto'` is float64's machine epsilon
   * $2^{-52}$ (sklearn ≥ 1.2). @default 'auto'
   */
  eps?: number | 'auto';
  /** Mean over samples (`true`) or sum (`false`). @default true */
  normalize?: boolean;
}

/**
 * $$\mathcal L = -\frac{1}{n}\sum_{i=1}^{n} \log \tilde p_{i, y_i},\qquad
 * \tilde p_{ij} = \frac{\operatorname{clip}(p_{ij}, \epsilon, 1-\epsilon)}{\sum_{j'} \operatorname{clip}(p_{ij'}, \epsilon, 1-\epsilon)}$$
 * (natural log). Exactly sklearn 1.2.1's recipe: clip with $\epsilon = 2^{-52}$, then renormalise
 * each row. A 1-D `yProba` holds the probability of the larger of two labels and becomes the
 * rows $[1 - \operatorname{clip}(p), \operatorname{clip}(p)]$. Complexity $O(nk)$.
 *
 * @param yTrue true labels (n,).
 * @param yProba probabilities: Matrix (n, k) with columns in sorted-label order, or (n,) for
 *   the positive (larger) label of a binary problem.
 * @throws ShapeError if the row counts differ; InvalidInputError for NaN, probabilities outside
 *   [0, 1], fewer than two classes, a class count that disagrees with the columns, or a label
 *   of yTrue missing from `labels`; InvalidParamError for a bad `eps`.
 * @see ../../../../docs/core/metrics.md#log-loss
 */
export function logLoss(yTrue: LabelsLike, yProba: MatrixLike | VectorLike, options: LogLossOptions = {}): number {
  const { normalize = true } = options;
  const epsOpt = options.eps ?? 'auto';
  if (epsOpt !== 'auto' && !(typeof epsOpt === 'number' && epsOpt >= 0 && epsOpt < 0.5)) {
    throw new InvalidParamError('logLoss', 'eps', epsOpt, "'auto' or a number in [0, 0.5)");
  }
  const eps = epsOpt === 'auto' ? Number.EPSILON : epsOpt;
  const t = toLabels(yTrue, 'yTrue');
  const n = t.length;
  const classes = options.labels === undefined ? uniqueLabels(t) : uniqueLabels(toLabels(options.labels, 'labels'));
  if (classes.length < 2) {
    throw new InvalidInputError(
      options.labels === undefined
        ? `logLoss: yTrue contains only one label (${showLabels(classes)}); pass all classes through options.labels`
        : `logLoss: labels must contain at least two classes, got ${showLabels(classes)}`,
    );
  }
  const { matrix, vector } = toProbabilities(yProba, 'yProba', 'yTrue', n);
  const k = matrix ? (matrix.cols === 1 ? 2 : matrix.cols) : 2;
  if (k !== classes.length) {
    throw new InvalidInputError(
      `logLoss: yProba has ${k} class columns but there are ${classes.length} classes ${showLabels(classes)}; pass the classes through options.labels`,
    );
  }
  const index = indexOfLabels(classes);
  const clip = (p: number): number => (p < eps ? eps : p > 1 - eps ? 1 - eps : p);
  const positive = vector ?? (matrix && matrix.cols === 1 ? matrix.data : null);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const c = index.get(t[i]!);
    if (c === undefined) {
      throw new InvalidInputError(`logLoss: yTrue[${i}] = ${showLabel(t[i]!)} is not one of the classes ${showLabels(classes)}`);
    }
    let num: number;
    let den: number;
    if (positive) {
      const p1 = clip(positive[i]!);
      const p0 = 1 - p1;
      num = c === 1 ? p1 : p0;
      den = p0 + p1;
    } else {
      const row = matrix!.row(i);
      den = 0;
      for (let j = 0; j < k; j++) den += clip(row[j]!);
      num = clip(row[c]!);
    }
    total -= Math.log(num / den);
  }
  return normalize ? total / n : total;
}
