/**
 * Bernoulli naive Bayes, as scikit-learn 1.2.1's `BernoulliNB`: every feature is a binary
 * indicator (after thresholding at `binarize`), independent given the class, with the
 * smoothed estimate
 * $$\hat p_{cj} = \frac{N_{cj} + \alpha_j}{N_c + 2\alpha_j},\qquad J_c(x) = \log\pi_c + \sum_j \big[x_j\log\hat p_{cj} + (1 - x_j)\log(1 - \hat p_{cj})\big].$$
 * Unlike the multinomial model, an *absent* feature counts as evidence too.
 * $\log(1 - \hat p)$ is computed as `log1p(-p)` (scikit-learn: `log(1 - exp(log p))`, equal to
 * rounding). Per-feature $\alpha$ enters $N_c + 2\alpha_j$ feature by feature (scikit-learn
 * 1.2 only supports a scalar there).
 *
 * Fit and `partialFit` are $O(nd)$; prediction $O(nKd)$.
 *
 * @see ../../../../docs/level2-classical/naive-bayes.md
 */
import { InvalidInputError, InvalidParamError, Matrix, registerEstimator } from '@fpml/core';
import { BaseDiscreteNB, type DiscreteCounts, type DiscreteNBOptions, type DiscreteNBParams, discreteParams, sparseDotT } from './discrete-nb.js';

const KIND = 'BernoulliNB';

/** Options of {@link BernoulliNB}. */
export interface BernoulliNBOptions extends DiscreteNBOptions {
  /** Threshold: $x_j > t \mapsto 1$, else 0; `null` = X is already binary (entries in [0, 1]). @default 0 */
  binarize?: number | null;
}
/** The params of a {@link BernoulliNB}, defaults filled in. */
export type BernoulliNBParams = DiscreteNBParams & { binarize: number | null };

/**
 * Bernoulli naive Bayes for binary (or thresholded) features.
 * @see ../../../../docs/level2-classical/naive-bayes.md
 */
export class BernoulliNB extends BaseDiscreteNB<BernoulliNBParams> {
  protected readonly kind = KIND;

  /** Stores the params (defaults filled in); checks nothing: `fit` does. */
  constructor(options: BernoulliNBOptions = {}) {
    super({ ...discreteParams(options), binarize: options.binarize === undefined ? 0 : options.binarize });
  }

  protected override checkOwnParams(): void {
    const b = this.params.binarize;
    if (b !== null && (typeof b !== 'number' || !Number.isFinite(b))) throw new InvalidParamError(KIND, 'binarize', b, 'a finite threshold or null');
  }

  /**
   * Threshold X, or with `binarize: null` check that it is in [0, 1] (beyond, $\hat p$ can exceed
   * 1 and $\log(1 - \hat p)$ is NaN; scikit-learn returns NaN there).
   * @throws InvalidInputError for an entry outside [0, 1] when `binarize` is null.
   */
  protected prepareX(X: Matrix): Matrix {
    const t = this.params.binarize;
    if (t === null) {
      for (let i = 0; i < X.data.length; i++) {
        const v = X.data[i]!;
        if (v < 0 || v > 1) throw new InvalidInputError(`${KIND}: with binarize null, X must be binary (or in [0, 1]), got ${v} at (${Math.floor(i / X.cols)}, ${i % X.cols}); set binarize to a threshold`);
      }
      return X;
    }
    return new Matrix(X.rows, X.cols, X.data.map((v) => (v > t ? 1 : 0)));
  }

  protected computeFeatureLogProb(c: DiscreteCounts, alpha: Float64Array): Float64Array {
    const { K, d } = c;
    const out = new Float64Array(K * d);
    for (let k = 0; k < K; k++) {
      for (let j = 0; j < d; j++) out[k * d + j] = Math.log(c.featureCount[k * d + j]! + alpha[j]!) - Math.log(c.classCount[k]! + alpha[j]! * 2);
    }
    return out;
  }

  protected jointLogLikelihood(c: DiscreteCounts, flp: Float64Array, classLogPrior: Float64Array, X: Matrix): Matrix {
    const { K, d } = c;
    const diff = new Float64Array(K * d); // log p − log(1 − p)
    const negSum = new Float64Array(K); // Σ_j log(1 − p)
    for (let k = 0; k < K; k++) {
      for (let j = 0; j < d; j++) {
        const neg = Math.log1p(-Math.exp(flp[k * d + j]!));
        diff[k * d + j] = flp[k * d + j]! - neg;
        negSum[k] = negSum[k]! + neg;
      }
    }
    const J = sparseDotT(X, diff, K);
    for (let i = 0; i < J.rows; i++) for (let k = 0; k < K; k++) J.data[i * K + k] = J.data[i * K + k]! + (classLogPrior[k]! + negSum[k]!);
    return J;
  }

  /** Rebuild a model saved by `toJSON`. @throws InvalidInputError for a malformed save. */
  static fromJSON(json: unknown): BernoulliNB {
    const params = (json as { params?: BernoulliNBOptions } | null)?.params;
    return new BernoulliNB(typeof params === 'object' && params !== null ? params : {}).restore(json);
  }
}

registerEstimator(KIND, BernoulliNB.fromJSON);
