/**
 * Elastic net, as scikit-learn 1.2's `ElasticNet` (single target, dense X, `precompute=False`):
 * $$\min_{w, b}\ \frac1{2n}\lVert y - Xw - b\mathbf 1\rVert_2^2 + \alpha\rho\lVert w\rVert_1 + \frac{\alpha(1-\rho)}{2}\lVert w\rVert_2^2,\qquad \rho = \texttt{l1Ratio},$$
 * by cyclic coordinate descent with sklearn's duality-gap stop (`coordinate-descent.ts`), the
 * intercept unpenalised (centred data). $\rho = 1$ is the lasso, $\rho = 0$ ridge with
 * penalty $n\alpha$ in Ridge's units.
 *
 * Why both penalties: the $\ell_1$ term sets coefficients exactly to zero (sparse models), the
 * $\ell_2$ term makes the problem strongly convex, so among correlated features it spreads the
 * weight instead of picking one arbitrarily (the lasso's instability) and the solution is unique.
 *
 * Complexity $O(nd)$ per sweep; sweeps until the gap $< \mathrm{tol}\cdot\lVert y_c\rVert^2$.
 * @see ../../../../docs/level2-classical/linear.md
 */
import { readSerialized, registerEstimator, type Matrix } from '@fpml/core';
import { checkEnetParams, fitEnet, type EnetCommonParams, type EnetExtra, type EnetSelection } from './enet-fit.js';
import { LinearRegressorBase, readLinearFit, type LinearFit } from './linear-base.js';

/** Options of {@link ElasticNet} (sklearn's names in camelCase). */
export interface ElasticNetOptions {
  /** Overall penalty strength $\alpha \ge 0$. @default 1.0 */
  alpha?: number;
  /** Mix $\rho \in [0, 1]$: share of the $\ell_1$ penalty. @default 0.5 */
  l1Ratio?: number;
  /** Fit an unpenalised intercept by centring X and y. @default true */
  fitIntercept?: boolean;
  /** Maximum number of coordinate sweeps. @default 1000 */
  maxIter?: number;
  /** Stop when the duality gap is below `tol`·‖y_c‖² (checked once a sweep changes w by less than `tol` relative). @default 1e-4 */
  tol?: number;
  /** Start from the previous fit's coef (same number of features). @default false */
  warmStart?: boolean;
  /** Constrain every coefficient to be ≥ 0. @default false */
  positive?: boolean;
  /** `'cyclic'` or `'random'` coordinate order. @default 'cyclic' */
  selection?: EnetSelection;
  /** Seed of the Rng behind `selection: 'random'`. @default 0 */
  seed?: number;
}

/** Params of {@link ElasticNet}, defaults filled in. */
export type ElasticNetParams = EnetCommonParams & { l1Ratio: number };

const KIND = 'ElasticNet';

/**
 * Linear regression with combined $\ell_1$ and $\ell_2$ penalties.
 *
 * @example
 * const enet = new ElasticNet({ alpha: 0.1, l1Ratio: 0.7 }).fit(X, y);
 * enet.coef;     // sparse-ish (d,)
 * enet.nIter;    // coordinate sweeps run
 * enet.dualGap;  // certificate: objective − optimum ≤ dualGap
 * @see ../../../../docs/level2-classical/linear.md
 */
export class ElasticNet extends LinearRegressorBase<ElasticNetParams, EnetExtra> {
  protected readonly kind = KIND;

  /** Stores the params (defaults filled in); checks nothing: `fit` does. */
  constructor(options: ElasticNetOptions = {}) {
    super({
      alpha: options.alpha ?? 1.0,
      l1Ratio: options.l1Ratio ?? 0.5,
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

  /** Duality gap of the (mean) objective at the solution: objective − optimum ≤ dualGap (sklearn's `dual_gap_`). */
  get dualGap(): number {
    return this.fitted('dualGap').extra.dualGap;
  }

  protected checkParams(): void {
    checkEnetParams(KIND, this.params);
  }

  protected solve(X: Matrix, y: Float64Array, previous: LinearFit<EnetExtra> | null): LinearFit<EnetExtra> {
    return fitEnet(KIND, this.params, X, y, previous);
  }

  /**
   * Rebuild a model saved by `toJSON`.
   * @throws InvalidInputError for another kind, an unknown version or a malformed state; InvalidParamError for bad params.
   */
  static fromJSON(json: unknown): ElasticNet {
    const saved = readSerialized(json, KIND, [1]);
    const model = new ElasticNet(saved.params as ElasticNetOptions);
    model.checkParams();
    if (saved.state !== null) model.state = readLinearFit<EnetExtra>(saved.state, KIND, ['nIter', 'dualGap']);
    return model;
  }
}

registerEstimator(KIND, ElasticNet.fromJSON);
