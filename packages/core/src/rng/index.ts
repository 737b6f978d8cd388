export { Rng, type RngState, type ChoiceOptions } from './rng.js';
export { logGamma, logBeta, gammaP, gammaQ, betaI, erf, erfc, normalCdf } from './special.js';
