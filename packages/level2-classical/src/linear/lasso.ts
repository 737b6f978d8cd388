/**
 * The lasso, as scikit-learn 1.2's `Lasso` (single target, dense X, `precompute=False`):
 * $$\min_{w, b}\ \frac1{2n}\lVert y - Xw - b\mathbf 1\rVert_2^2 + \alpha\lVert w\rVert_1,$$
 * the elastic net with `l1Ratio` = 1, by the same coordinate descent and duality-gap stop
 * (`coordinate-descent.ts`). Each coordinate step is a soft threshold, so coefficients hit
 * exactly zero: for $\alpha \ge \alpha_{\max} = \lVert X_c^\top y_c\rVert_\infty / n$ every one is zero.
 *
 * MAP reading: the posterior mode under Gaussian noise and a Laplace prior on each $w_j$.
 * Failure modes: with correlated features the selected set is unstable (any convex combination
 * of two identical columns is optimal) and without strong convexity the minimiser need not be
 * unique; `ElasticNet` fixes both.
 *
 * Complexity $O(nd)$ per sweep.
 * @see ../../../../docs/level2-classical/linear.md
 */
import { readSerialized, registerEstimator, type Matrix } from '@fpml/core';
import { checkEnetParams, fitEnet, type EnetCommonParams, type EnetExtra, type EnetSelection } from './enet-fit.js';
import { LinearRegressorBase, readLinearFit, type LinearFit } from './linear-base.js';

/** Options of {@link Lasso} (sklearn's names in camelCase). */
export interface LassoOptions {
  /** Penalty strength $\alpha \ge 0$ on $\lVert w\rVert_1$. @default 1.0 */
  alpha?: number;
  /** Fit an unpenalised intercept by centring X and y. @default true */
  fitIntercept?: boolean;
  /** Maximum number of coordinate sweeps. @default 1000 */
  maxIter?: number;
  /** Stop when the duality gap is below `tol`·‖y_c‖². @default 1e-4 */
  tol?: number;
  /** Start from the previous fit's coef. @default false */
  warmStart?: boolean;
  /** Constrain every coefficient to be ≥ 0. @default false */
  positive?: boolean;
  /** `'cyclic'` or `'random'` coordinate order. @default 'cyclic' */
  selection?: EnetSelection;
  /** Seed of the Rng behind `selection: 'random'`. @default 0 */
  seed?: number;
}

/** Params of {@link Lasso}, defaults filled in. */
export type LassoParams = EnetCommonParams;

const KIND = 'Lasso';

/**
 * Linear regression with an $\ell_1$ penalty.
 *
 * @example
 * const lasso = new Lasso({ alpha: 0.5 }).fit(X, y);
 * lasso.coef;   // (d,), some entries exactly 0
 * @see ../../../../docs/level2-classical/linear.md
 */
export class Lasso extends LinearRegressorBase<LassoParams, EnetExtra> {
  protected readonly kind = KIND;

  /** Stores the params (defaults filled in); checks nothing: `fit` does. */
  constructor(options: LassoOptions = {}) {
    super({
      alpha: options.alpha ?? 1.0,
      fitIntercept: options.fitIntercept ?? true,
      maxIter: options.maxIter ?? 1000,
      tol: options.tol ?? 1e-4,
      warmStart: options.warmStart ?? false,
      positive: options.positive ?? false,
      selection: options.selection ?? 'cyclic',
      seed: options.seed ?? 0,
    });
  }

  /** Coordinate sweeps run by the last fit (sklearn's `n_iter_`). */
  get nIter(): number {
    return this.fitted('nIter').extra.nIter;
  }

  /** Duality gap of the (mean) objective at the solution (sklearn's `dual_gap_`). */
  get dualGap(): number {
    return this.fitted('dualGap').extra.dualGap;
  }

  protected checkParams(): void {
    checkEnetParams(KIND, { ...this.params, l1Ratio: 1 });
  }

  protected solve(X: Matrix, y: Float64Array, previous: LinearFit<EnetExtra> | null): LinearFit<EnetExtra> {
    return fitEnet(KIND, { ...this.params, l1Ratio: 1 }, X, y, previous);
  }

  /**
   * Rebuild a model saved by `toJSON`.
   * @throws InvalidInputError for another kind, an unknown version or a malformed state; InvalidParamError for bad params.
   */
  static fromJSON(json: unknown): Lasso {
    const saved = readSerialized(json, KIND, [1]);
    const model = new Lasso(saved.params as LassoOptions);
    model.checkParams();
    if (saved.state !== null) model.state = readLinearFit<EnetExtra>(saved.state, KIND, ['nIter', 'dualGap']);
    return model;
  }
}

registerEstimator(KIND, Lasso.fromJSON);
