/**
 * Probability distributions in float64: log-densities, CDFs, moments, entropies, exact samplers
 * over core's Rng, and closed-form or iterative MLE fits; plus Gaussian kernel density
 * estimation. Files: README.md.
 * @see ../../../../docs/level1-math/probability.md
 */
export { ContinuousDistribution, DiscreteDistribution, type UnivariateDistribution, type Points } from './distribution.js';
export { digamma, trigamma, invDigamma } from './special.js';
export { Normal } from './normal.js';
export { MultivariateNormal } from './multivariate-normal.js';
export { Bernoulli } from './bernoulli.js';
export { Binomial } from './binomial.js';
export { Categorical } from './categorical.js';
export { Poisson } from './poisson.js';
export { Exponential } from './exponential.js';
export { Gamma, type GammaFitOptions } from './gamma.js';
export { Beta, type BetaFitOptions } from './beta.js';
export { Dirichlet, type DirichletFitOptions } from './dirichlet.js';
export { StudentT, type StudentTFitOptions } from './student-t.js';
export { Uniform } from './uniform.js';
export { KernelDensity, type KernelDensityOptions, type KernelDensityParams, type Bandwidth } from './kernel-density.js';
