/** naive-bayes: barrel (named re-exports only). */
export { GaussianNB, type GaussianNBOptions, type GaussianNBParams } from './gaussian-nb.js';
export { MultinomialNB, type MultinomialNBOptions, type MultinomialNBParams } from './multinomial-nb.js';
export { BernoulliNB, type BernoulliNBOptions, type BernoulliNBParams } from './bernoulli-nb.js';
export { ComplementNB, type ComplementNBOptions, type ComplementNBParams } from './complement-nb.js';
export { type DiscreteNBOptions, type DiscreteNBParams } from './discrete-nb.js';
