/** model-selection: barrel (named re-exports only). */
export { clone, cloneWithParams, checkParamNames, estimatorTypeOf, isClassifier, type EstimatorType, type ParamSet } from './clone.js';
export { getScorer, scorerNames, passthroughScorer, type Scorer, type Scoring } from './scoring.js';
export { checkCv, type CvOption, type FoldLike, type Splitter } from './check-cv.js';
export { fitAndScore, type ErrorScore, type Clock } from './fit-and-score.js';
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
