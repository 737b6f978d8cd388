/**
 * Calibration and predictive uncertainty: reliability diagrams, ECE / MCE, proper scoring rules,
 * the entropy / mutual-information decomposition, OOD detection by an uncertainty score,
 * temperature scaling, and MC-dropout / deep-ensemble prediction on level3-deep's tfjs twins.
 * Files: ./README.md.
 *
 * @see ../../../../docs/level4-probabilistic/uncertainty.md
 */
export { checkProbabilities, checkClassLabels, checkProbabilityStack, ROW_SUM_TOLERANCE, type ClassLabels } from './probabilities.js';
export { reliabilityDiagram, expectedCalibrationErrorTopLabel, maxCalibrationError, type ReliabilityOptions, type ReliabilityBin, type ReliabilityDiagram } from './reliability.js';
export { negativeLogLikelihood, brierScore, type NllOptions } from './scoring-rules.js';
export { averageProbabilities, predictiveEntropy, decomposeUncertainty, mutualInformation, type UncertaintyDecomposition } from './decomposition.js';
export { oodAuroc } from './ood.js';
export { softmaxWithTemperature, temperatureNll, fitTemperature, type FitTemperatureOptions, type TemperatureFit } from './temperature-scaling.js';
export { predictLogits, predictProba, type PredictOptions, type TfClassifier } from './predict.js';
export { mcDropoutPredict, type McDropoutOptions, type PredictiveSamples } from './mc-dropout.js';
export { ensemblePredict } from './deep-ensemble.js';
