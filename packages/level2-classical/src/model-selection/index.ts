/** model-selection: barrel (named re-exports only). See README.md for the files. */
export { clone, cloneWithParams, checkParamNames, estimatorTypeOf, isClassifier, type EstimatorType, type FittableEstimator, type ParamSet } from './clone.js';
export { getScorer, scorerNames, passthroughScorer, type Scorer, type Scoring } from './scoring.js';
export { checkCv, type CvOption, type FoldLike, type Splitter } from './check-cv.js';
export { GroupKFold, type GroupKFoldOptions } from './group-k-fold.js';
export { fitAndScore, type ErrorScore, type Clock, type FitAndScoreOptions, type FoldResult } from './fit-and-score.js';
export {
  crossValidate,
  crossValScore,
  type CvOptions,
  type CrossValScoreOptions,
  type CrossValidateOptions,
  type CrossValidateResult,
  type CrossValidateSingleResult,
  type MultiScoring,
} from './cross-validate.js';
export { crossValPredict, type CrossValPredictOptions, type PredictMethod } from './cross-val-predict.js';
export { ParameterGrid, type ParamGridSpec } from './parameter-grid.js';
export { ParameterSampler, type ParameterSamplerOptions, type ParamDistributionsSpec } from './parameter-sampler.js';
export { uniform, logUniform, randInt, distributionFromJSON, type Sampler, type ParamDistribution, type DistributionJSON } from './distributions.js';
export { type CvResults } from './search-results.js';
export { type BaseSearchOptions, type SearchError } from './base-search.js';
export { GridSearchCV, type GridSearchCVOptions, type GridSearchCVParams } from './grid-search-cv.js';
export { RandomizedSearchCV, type RandomizedSearchCVOptions, type RandomizedSearchCVParams } from './randomized-search-cv.js';
export { learningCurve, translateTrainSizes, type LearningCurveOptions, type LearningCurveResult, type TrainSizesKind } from './learning-curve.js';
export { validationCurve, type ValidationCurveOptions, type ValidationCurveResult } from './validation-curve.js';
export { permutationTestScore, type PermutationTestScoreOptions, type PermutationTestScoreResult } from './permutation-test-score.js';
