/**
 * Bayesian inference: a model-definition API (log density + transforms), conjugate and Laplace
 * posteriors, MCMC (random-walk Metropolis, HMC, NUTS) with Stan-style warm-up, and the
 * rank-normalised diagnostics. See README.md for the files.
 *
 * @see ../../../../docs/level4-probabilistic/bayesian-inference.md
 */
export { defineModel, softplus, sigmoid, type Model, type ModelSpec, type ParamDef, type Transform, type TensorParams, type ArrayParams, type LogpGrad } from './model.js';
export { normalLogPdf, cauchyLogPdf } from './densities.js';
export { DualAveraging, VarianceEstimator, warmupSchedule, type WarmupSchedule } from './adaptation.js';
export { leapfrog, kinetic, energy, sampleMomentum, velocity, findReasonableStepSize, type PhaseState } from './hamiltonian.js';
export { runChains, chainsOf, type McmcOptions, type McmcResult, type TransitionKernel, type TransitionStats } from './chains.js';
export { nuts, nutsKernel, type NutsOptions } from './nuts.js';
export { hmc, hmcKernel, type HmcOptions } from './hmc.js';
export { metropolis, metropolisKernel } from './metropolis.js';
export { rhat, rhatBasic, essBulk, essTail, essMean, essBasic, splitChains, rankNormalize, summarize, divergences, type SummaryRow } from './diagnostics.js';
export { tracePlot, rankPlot, rankHistogram } from './plots.js';
export { BayesianRidge, type BayesianRidgeOptions, type BayesianRidgeParams, type BayesianPrediction } from './bayesian-ridge.js';
export { laplaceLogistic, type LaplaceLogisticOptions, type LaplacePosterior } from './laplace-logistic.js';
export { advi, type AdviOptions, type AdviResult } from './advi.js';
