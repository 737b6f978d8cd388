/**
 * Metrics: classification, ranking, probabilistic, regression and calibration scores,
 * following scikit-learn 1.2.1's definitions and conventions number for number.
 *
 * @see ../../../../docs/core/metrics.md
 */
export { compareLabels, uniqueLabels, type LabelsLike } from './labels.js';
export { accuracy, type AccuracyOptions } from './accuracy.js';
export { confusionMatrix, type ConfusionMatrixOptions } from './confusion-matrix.js';
export {
  precisionRecallFscoreSupport,
  precision,
  recall,
  f1,
  fbeta,
  type Average,
  type ZeroDivision,
  type PrfOptions,
  type PrfPerLabel,
  type PrfAveraged,
  type ScoreOptions,
} from './precision-recall-fscore.js';
export { logLoss, type LogLossOptions } from './log-loss.js';
export { rocCurve, rocAucScore, type RocCurve, type RocCurveOptions, type RocAucOptions } from './roc.js';
export {
  precisionRecallCurve,
  averagePrecisionScore,
  type PrecisionRecallCurve,
  type PrecisionRecallCurveOptions,
  type AveragePrecisionOptions,
} from './precision-recall-curve.js';
export { meanSquaredError, meanAbsoluteError, r2Score, type MeanSquaredErrorOptions } from './regression.js';
export { expectedCalibrationError, type EceOptions } from './calibration.js';
