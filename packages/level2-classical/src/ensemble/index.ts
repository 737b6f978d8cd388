/** ensemble: barrel (named re-exports only). */
// boosting (histogram gradient boosting)
export { HistBinMapper, type HistBinMapperOptions, type HistBinMapperParams } from './hist-binning.js';
export { HistGradientBoostingRegressor, type HistGradientBoostingRegressorOptions, type HistGradientBoostingRegressorParams } from './hist-gradient-boosting-regressor.js';
export { HistGradientBoostingClassifier, type HistGradientBoostingClassifierOptions, type HistGradientBoostingClassifierParams } from './hist-gradient-boosting-classifier.js';
