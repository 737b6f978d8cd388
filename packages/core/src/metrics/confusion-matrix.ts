/**
 * Confusion matrix, as scikit-learn's `confusion_matrix`.
 *
 * @see ../../../../docs/core/metrics.md#confusion-matrix
 */
import { InvalidInputError, InvalidParamError } from '../errors.js';
import { Matrix } from '../matrix/matrix.js';
import { checkLengths, indexOfLabels, showLabels, toLabels, uniqueLabels, type Label, type LabelsLike } from './labels.js';

/** Options of {@link confusionMatrix}. */
export interface ConfusionMatrixOptions {
  /**
   * Labels indexing the rows and columns, in this order. Samples whose true or predicted label
   * is not listed are left out. @default the sorted union of the labels in yTrue and yPred
   */
  labels?: readonly Label[];
  /**
   * Normalise over the true labels (rows sum to 1), the predicted labels (columns sum to 1) or
   * all samples; an empty row/column stays 0. `null` keeps counts. @default null
   */
  normalize?: 'true' | 'pred' | 'all' | null;
}

/**
 * The $k \times k$ matrix $C$ with
 * $$C_{ij} = \#\{\, s : y_s = \ell_i,\ \hat y_s = \ell_j \,\}$$
 * for labels $\ell_1, \dots, \ell_k$: rows are true labels, columns predicted labels. With
 * `normalize: 'true'` each row is divided by its sum, `'pred'` each column, `'all'` the total.
 * Complexity $O(n + k^2)$.
 *
 * @param yTrue true labels (n,).
 * @param yPred predicted labels (n,).
 * @returns Matrix (k, k) of counts (or fractions when normalised).
 * @throws ShapeError if the lengths differ; InvalidInputError for bad labels, empty `labels` or
 *   `labels` none of which occurs in yTrue; InvalidParamError for an unknown `normalize`.
 * @see ../../../../docs/core/metrics.md#confusion-matrix
 */
export function confusionMatrix(yTrue: LabelsLike, yPred: LabelsLike, options: ConfusionMatrixOptions = {}): Matrix {
  const { normalize = null } = options;
  if (normalize !== null && normalize !== 'true' && normalize !== 'pred' && normalize !== 'all') {
    throw new InvalidParamError('confusionMatrix', 'normalize', normalize, "'true', 'pred', 'all' or null");
  }
  const t = toLabels(yTrue, 'yTrue');
  const p = toLabels(yPred, 'yPred');
  checkLengths('yTrue', t.length, 'yPred', p.length);
  let labels: readonly Label[];
  if (options.labels === undefined) {
    labels = uniqueLabels(t, p);
  } else {
    labels = toLabels(options.labels, 'labels');
    const inTrue = new Set<Label>(t);
    if (!labels.some((l) => inTrue.has(l))) {
      throw new InvalidInputError(`confusionMatrix: at least one of labels ${showLabels(labels)} must occur in yTrue`);
    }
  }
  const k = labels.length;
  const index = indexOfLabels(labels);
  const cm = new Matrix(k, k); // (k, k)
  for (let s = 0; s < t.length; s++) {
    const i = index.get(t[s]!);
    const j = index.get(p[s]!);
    if (i !== undefined && j !== undefined) cm.data[i * k + j]! += 1;
  }
  if (normalize === 'true') {
    for (let i = 0; i < k; i++) {
      let sum = 0;
      for (let j = 0; j < k; j++) sum += cm.data[i * k + j]!;
      if (sum > 0) for (let j = 0; j < k; j++) cm.data[i * k + j]! /= sum;
    }
  } else if (normalize === 'pred') {
    for (let j = 0; j < k; j++) {
      let sum = 0;
      for (let i = 0; i < k; i++) sum += cm.data[i * k + j]!;
      if (sum > 0) for (let i = 0; i < k; i++) cm.data[i * k + j]! /= sum;
    }
  } else if (normalize === 'all') {
    let sum = 0;
    for (let q = 0; q < k * k; q++) sum += cm.data[q]!;
    if (sum > 0) for (let q = 0; q < k * k; q++) cm.data[q]! /= sum;
  }
  return cm;
}
