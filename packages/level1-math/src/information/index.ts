/**
 * Information theory in float64: entropy, cross-entropy, KL and Jensen–Shannon divergences,
 * mutual information (discrete, and the KSG kNN estimator for continuous variables) and
 * perplexity. Every function returns nats unless given `base` (`2` for bits). Files: README.md.
 * @see ../../../../docs/level1-math/information.md
 */
export { type LogBase, type InfoOptions } from './base.js';
export { entropy, entropyFromCounts, perplexity } from './entropy.js';
export { discreteCrossEntropy, klDivergence } from './divergence.js';
export { jensenShannonDivergence, jensenShannonDistance } from './jensen-shannon.js';
export { mutualInformation, mutualInformationFromTable } from './mutual-information.js';
export { ksgMutualInformation, type KsgOptions } from './ksg.js';
