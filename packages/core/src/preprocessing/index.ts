/**
 * Preprocessing: scalers, one-hot encoding, train/test splits, cross-validation folds and
 * pipelines, following scikit-learn 1.2.1.
 *
 * @see ../../../../docs/core/preprocessing.md
 */
export { StandardScaler, type StandardScalerOptions, type StandardScalerParams, type StandardScalerStateJSON } from './standard-scaler.js';
export { MinMaxScaler, type MinMaxScalerOptions, type MinMaxScalerParams, type MinMaxScalerStateJSON } from './min-max-scaler.js';
export { OneHotEncoder, type OneHotEncoderOptions, type OneHotEncoderParams, type OneHotEncoderStateJSON, type CategoricalTable } from './one-hot-encoder.js';
export { trainTestSplit, splitSizes, type TrainTestSplitOptions, type TrainTestSplit, type SplitTarget } from './train-test-split.js';
export { KFold, type KFoldOptions, type Fold } from './k-fold.js';
export { StratifiedKFold, type StratifiedKFoldOptions } from './stratified-k-fold.js';
export { Pipeline, type PipelineOptions, type PipelineParams, type PipelineParamsJSON, type PipelineStep, type EstimatorLoaders } from './pipeline.js';
