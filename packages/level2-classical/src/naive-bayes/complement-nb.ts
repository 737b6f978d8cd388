/**
 * Complement naive Bayes (Rennie, Shih, Teevan & Karger 2003), as scikit-learn 1.2.1's
 * `ComplementNB`: each class is scored by how badly the *other* classes explain the sample,
 * which is less biased towards large classes than the multinomial model. With the complement
 * counts $\tilde N_{cj} = \sum_{c' \ne c} N_{c'j} + \alpha_j$,
 * $$w_{cj} = -\log\frac{\tilde N_{cj}}{\sum_{j'}\tilde N_{cj'}} \quad\Big(\text{or } \frac{\log(\cdot)}{\sum_{j'}\log(\cdot)} \text{ with } \texttt{norm}\Big),\qquad J_c(x) = \sum_j x_j w_{cj},$$
 * and the class prior enters only when there is a single class (as in scikit-learn). $J$ is a
 * score, not a log-likelihood; `predictProba` is its softmax.
 *
 * Fit and `partialFit` are $O(nd + Kd)$; prediction $O(nKd)$.
 *
 * @see ../../../../docs/level2-classical/naive-bayes.md
 */
import { InvalidParamError, Matrix, registerEstimator } from '@fpml/core';
import { BaseDiscreteNB, type DiscreteCounts, type DiscreteNBOptions, type DiscreteNBParams, assertNonNegative, discreteParams, sparseDotT } from './discrete-nb.js';

const KIND = 'ComplementNB';

/** Options of {@link ComplementNB}. */
export interface ComplementNBOptions extends DiscreteNBOptions {
  /** Normalise each class's weights by their sum (Rennie et al.'s second normalisation). @default false */
  norm?: boolean;
}
/** The params of a {@link ComplementNB}, defaults filled in. */
export type ComplementNBParams = DiscreteNBParams & { norm: boolean };

/**
 * Complement naive Bayes for (imbalanced) count data.
 * @see ../../../../docs/level2-classical/naive-bayes.md
 */
export class ComplementNB extends BaseDiscreteNB<ComplementNBParams> {
  protected readonly kind = KIND;

  /** Stores the params (defaults filled in); checks nothing: `fit` does. */
  constructor(options: ComplementNBOptions = {}) {
    super({ ...discreteParams(options), norm: options.norm ?? false });
  }

  /** Per-feature totals over all classes, $\sum_c N_{cj}$ (d,) (scikit-learn's `feature_all_`). */
  get featureAll(): Float64Array {
    const fc = this.featureCount;
    const out = new Float64Array(fc.cols);
    for (let k = 0; k < fc.rows; k++) for (let j = 0; j < fc.cols; j++) out[j] = out[j]! + fc.get(k, j);
    return out;
  }

  protected override checkOwnParams(): void {
    if (typeof this.params.norm !== 'boolean') throw new InvalidParamError(KIND, 'norm', this.params.norm, 'a boolean');
  }

  protected prepareX(X: Matrix): Matrix {
    return assertNonNegative(KIND, X);
  }

  protected computeFeatureLogProb(c: DiscreteCounts, alpha: Float64Array): Float64Array {
    const { K, d } = c;
    const all = new Float64Array(d);
    for (let k = 0; k < K; k++) for (let j = 0; j < d; j++) all[j] = all[j]! + c.featureCount[k * d + j]!;
    const out = new Float64Array(K * d);
    for (let k = 0; k < K; k++) {
      let total = 0;
      for (let j = 0; j < d; j++) {
        const comp = all[j]! + alpha[j]! - c.featureCount[k * d + j]!;
        out[k * d + j] = comp;
        total += comp;
      }
      let logSum = 0;
      for (let j = 0; j < d; j++) {
        const l = Math.log(out[k * d + j]! / total);
        out[k * d + j] = l;
        logSum += l;
      }
      for (let j = 0; j < d; j++) out[k * d + j] = this.params.norm ? out[k * d + j]! / logSum : -out[k * d + j]!;
    }
    return out;
  }

  protected jointLogLikelihood(c: DiscreteCounts, flp: Float64Array, classLogPrior: Float64Array, X: Matrix): Matrix {
    const J = sparseDotT(X, flp, c.K);
    if (c.K === 1) for (let i = 0; i < J.rows; i++) J.data[i] = J.data[i]! + classLogPrior[0]!;
    return J;
  }

  /** Rebuild a model saved by `toJSON`. @throws InvalidInputError for a malformed save. */
  static fromJSON(json: unknown): ComplementNB {
    const params = (json as { params?: ComplementNBOptions } | null)?.params;
    return new ComplementNB(typeof params === 'object' && params !== null ? params : {}).restore(json);
  }
}

registerEstimator(KIND, ComplementNB.fromJSON);
