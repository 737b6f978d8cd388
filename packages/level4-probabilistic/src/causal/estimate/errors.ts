/**
 * The estimators' own typed error: no overlap (positivity fails). Adjustment by weighting,
 * matching or doubly robust estimation needs $0 < e(x) < 1$ wherever units are; when the fitted
 * propensity $\hat e_i = P(T = 1 \mid X = x_i)$ reaches 0 or 1 numerically (outside
 * $[\varepsilon, 1-\varepsilon]$, $\varepsilon = 10^{-8}$), or a covariate separates the two
 * groups perfectly (the logistic MLE does not exist), the weights $1/\hat e$ or $1/(1-\hat e)$
 * explode and no estimate should be returned.
 * @see ../../../../../docs/level4-probabilistic/causal-estimation.md
 */
import { FpmlError } from '@fpml/core';

/**
 * Propensities outside $[\varepsilon, 1-\varepsilon]$ or a separating covariate: the effect is not estimable by adjustment.
 * @see ../../../../../docs/level4-probabilistic/causal-estimation.md
 */
export class NoOverlapError extends FpmlError {
  /** The covariates of the propensity model (those that separate on their own are listed in the message). */
  readonly covariates: readonly string[];
  /** Smallest and largest fitted propensity ($0$ and $1$ when the fit diverged). */
  readonly minPropensity: number;
  readonly maxPropensity: number;
  constructor(message: string, covariates: readonly string[], minPropensity: number, maxPropensity: number) {
    super(message);
    this.covariates = covariates;
    this.minPropensity = minPropensity;
    this.maxPropensity = maxPropensity;
  }
}
