/**
 * linear: linear and logistic models, as scikit-learn 1.2 (see README.md for the files).
 * @see ../../../../docs/level2-classical/linear.md
 */
export { LinearRegression, type LinearRegressionOptions, type LinearRegressionParams, type LinearRegressionSolver } from './linear-regression.js';
export { Ridge, type RidgeOptions, type RidgeParams, type RidgeSolver } from './ridge.js';
export { Lasso, type LassoOptions, type LassoParams } from './lasso.js';
export { ElasticNet, type ElasticNetOptions, type ElasticNetParams } from './elastic-net.js';
export type { EnetSelection } from './enet-fit.js';
export { enetPath, lassoPath, alphaGrid, type EnetPathOptions, type EnetPathResult } from './enet-path.js';
export { enetCoordinateDescent, enetDualityGap, type CdOptions, type CdResult } from './coordinate-descent.js';
export { LogisticRegression, type LogisticRegressionOptions, type LogisticRegressionParams, type LogisticPenalty, type LogisticMultiClass } from './logistic-regression.js';
export type { LogisticSolver } from './logistic-solvers.js';
export { logisticLossGrad, logisticHessian, type LogisticProblem } from './logistic-loss.js';
export { SGDClassifier, type SGDClassifierOptions, type SGDClassifierParams } from './sgd-classifier.js';
export { SGDRegressor, type SGDRegressorOptions, type SGDRegressorParams } from './sgd-regressor.js';
export type { SgdCommonOptions } from './sgd-params.js';
export { plainSgd, type SgdConfig, type SgdRun, type SgdLearningRate, type SgdPenalty } from './sgd-kernel.js';
export { sgdLoss, type SgdLossFn, type SgdClassifierLoss, type SgdRegressorLoss } from './sgd-losses.js';
export { PolynomialFeatures, polynomialPowers, type PolynomialFeaturesOptions, type PolynomialFeaturesParams } from './polynomial-features.js';
