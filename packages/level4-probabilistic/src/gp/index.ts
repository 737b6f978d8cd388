/**
 * Gaussian processes: kernels, the log marginal likelihood and GP regression. See README.md.
 * @see ../../../../docs/level4-probabilistic/gaussian-processes.md
 */
export * from './kernels/index.js';
export { logMarginalLikelihood, KernelNotPositiveDefiniteError, type MarginalLikelihood } from './marginal-likelihood.js';
export { optimizeHyperparameters, type HyperFit } from './hyper-optimize.js';
export { GaussianProcessRegressor, type GaussianProcessRegressorOptions, type GaussianProcessRegressorParams, type GpPrediction } from './gaussian-process-regressor.js';
