/** ensemble: barrel (named re-exports only). */
// boosting (histogram gradient boosting)
export { HistBinMapper, type HistBinMapperOptions, type HistBinMapperParams } from './hist-binning.js';
export { HistGradientBoostingRegressor, type HistGradientBoostingRegressorOptions, type HistGradientBoostingRegressorParams } from './hist-gradient-boosting-regressor.js';
export { HistGradientBoostingClassifier, type HistGradientBoostingClassifierOptions, type HistGradientBoostingClassifierParams } from './hist-gradient-boosting-classifier.js';
// boosting (exact gradient boosting)
export { GradientBoostingRegressor, type GradientBoostingRegressorOptions, type GradientBoostingRegressorParams, type GradientBoostingRegressionLoss } from './gradient-boosting-regressor.js';
export { GradientBoostingClassifier, type GradientBoostingClassifierOptions, type GradientBoostingClassifierParams } from './gradient-boosting-classifier.js';
export { type GradientBoostingCommonOptions } from './gradient-boosting-params.js';
// boosting (AdaBoost)
export { AdaBoostClassifier, type AdaBoostClassifierOptions, type AdaBoostClassifierParams } from './adaboost-classifier.js';
// random forests
export { RandomForestClassifier, type RandomForestClassifierOptions, type RandomForestClassifierParams } from './random-forest-classifier.js';
export { RandomForestRegressor, type RandomForestRegressorOptions, type RandomForestRegressorParams } from './random-forest-regressor.js';
export { type ForestOptions, type ForestParams } from './random-forest-base.js';
