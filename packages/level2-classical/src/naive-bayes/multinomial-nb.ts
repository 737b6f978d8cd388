/**
 * Multinomial naive Bayes, as scikit-learn 1.2.1's `MultinomialNB`: a sample is a vector of
 * counts drawn from a class-specific multinomial over the $d$ features, with the Lidstone
 * (Laplace at $\alpha = 1$) estimate of its parameters
 * $$\hat\theta_{cj} = \frac{N_{cj} + \alpha_j}{\sum_{j'} (N_{cj'} + \alpha_{j'})},\qquad J_c(x) = \log\pi_c + \sum_j x_j \log\hat\theta_{cj}$$
 * (the multinomial coefficient is the same for every class and cancels in the posterior).
 * $\alpha$ is the MAP estimate under a symmetric Dirichlet($\alpha + 1$) prior: it keeps a
 * feature never seen with a class from vetoing that class ($\log 0$).
 *
 * Fit and `partialFit` are $O(nd)$ (counting); prediction $O(nKd)$.
 *
 * @see ../../../../docs/level2-classical/naive-bayes.md
 */
import { registerEstimator, type Matrix } from '@fpml/core';
import { BaseDiscreteNB, type DiscreteCounts, type DiscreteNBOptions, type DiscreteNBParams, assertNonNegative, discreteParams, sparseDotT } from './discrete-nb.js';

const KIND = 'MultinomialNB';

/** Options of {@link MultinomialNB}. */
export type MultinomialNBOptions = DiscreteNBOptions;
/** The params of a {@link MultinomialNB}, defaults filled in. */
export type MultinomialNBParams = DiscreteNBParams;

/**
 * Multinomial naive Bayes for count features (word counts, pixel intensities).
 *
 * @example
 * const nb = new MultinomialNB({ alpha: 0.5 }).fit(counts, y); // counts (n, d) ≥ 0
 * nb.featureLogProb;                                          // (K, d)
 * @see ../../../../docs/level2-classical/naive-bayes.md
 */
export class MultinomialNB extends BaseDiscreteNB<MultinomialNBParams> {
  protected readonly kind = KIND;

  /** Stores the params (defaults filled in); checks nothing: `fit` does. */
  constructor(options: MultinomialNBOptions = {}) {
    super(discreteParams(options));
  }

  protected prepareX(X: Matrix): Matrix {
    return assertNonNegative(KIND, X);
  }

  protected computeFeatureLogProb(c: DiscreteCounts, alpha: Float64Array): Float64Array {
    const { K, d } = c;
    const out = new Float64Array(K * d);
    for (let k = 0; k < K; k++) {
      let total = 0;
      for (let j = 0; j < d; j++) total += c.featureCount[k * d + j]! + alpha[j]!;
      const lt = Math.log(total);
      for (let j = 0; j < d; j++) out[k * d + j] = Math.log(c.featureCount[k * d + j]! + alpha[j]!) - lt;
    }
    return out;
  }

  protected jointLogLikelihood(c: DiscreteCounts, flp: Float64Array, classLogPrior: Float64Array, X: Matrix): Matrix {
    const J = sparseDotT(X, flp, c.K);
    for (let i = 0; i < J.rows; i++) for (let k = 0; k < c.K; k++) J.data[i * c.K + k] = J.data[i * c.K + k]! + classLogPrior[k]!;
    return J;
  }

  /** Rebuild a model saved by `toJSON`. @throws InvalidInputError for a malformed save. */
  static fromJSON(json: unknown): MultinomialNB {
    const params = (json as { params?: MultinomialNBOptions } | null)?.params;
    return new MultinomialNB(typeof params === 'object' && params !== null ? params : {}).restore(json);
  }
}

registerEstimator(KIND, MultinomialNB.fromJSON);
