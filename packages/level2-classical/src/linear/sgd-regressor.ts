/**
 * Linear regression by stochastic gradient descent, as scikit-learn 1.2's `SGDRegressor`
 * (no early stopping, no averaging): minimises
 * $$\frac1n\sum_i \ell(w^\top x_i + b, y_i) + \alpha\Big(\frac{1-\rho}{2}\lVert w\rVert^2 + \rho\lVert w\rVert_1\Big)$$
 * with the per-sample updates of `sgd-kernel.ts`, rows shuffled by core's `Rng` (so results match
 * sklearn in distribution, not number for number: NumPy's generator differs).
 *
 * With `'squared_error'` and `penalty: 'l2'` the objective is ridge regression: its minimiser is
 * `Ridge({ alpha: n·alpha })`, which SGD approaches as the step shrinks (tested). Features on
 * very different scales make the problem ill-conditioned and the default `'invscaling'` rate
 * slow; standardise X first. `'optimal'` is tuned for classification losses and can blow up
 * with the squared loss (its first step is $\alpha^{-1/4}$).
 *
 * Complexity $O(nd)$ per epoch.
 * @see ../../../../docs/level2-classical/linear.md
 */
import { ConvergenceWarning, InvalidInputError, Rng, readSerialized, registerEstimator, type Matrix } from '@fpml/core';
import { LinearRegressorBase, readLinearFit, type LinearFit } from './linear-base.js';
import { plainSgd, type SgdLearningRate } from './sgd-kernel.js';
import { REGRESSOR_LOSSES, type SgdRegressorLoss } from './sgd-losses.js';
import { checkSgdParams, sgdCommonParams, sgdConfig, type SgdCommonOptions, type SgdCommonParams } from './sgd-params.js';

/** Options of {@link SGDRegressor}. */
export interface SGDRegressorOptions extends SgdCommonOptions {
  /** `'squared_error'`, `'huber'`, `'epsilon_insensitive'` or `'squared_epsilon_insensitive'`. @default 'squared_error' */
  loss?: SgdRegressorLoss;
  /** `'invscaling'` ($\eta_0/t^{\mathrm{powerT}}$), `'constant'`, `'optimal'` or `'adaptive'`. @default 'invscaling' */
  learningRate?: SgdLearningRate;
  /** @default 0.01 */
  eta0?: number;
  /** @default 0.25 */
  powerT?: number;
}

/** Params of {@link SGDRegressor}, defaults filled in. */
export type SGDRegressorParams = SgdCommonParams & { loss: SgdRegressorLoss; learningRate: SgdLearningRate };

/** Extras: epochs run and sklearn's `t_` (updates + 1). */
type Extra = { nIter: number; t: number };
const KIND = 'SGDRegressor';
const MAX_INT = 2147483647;

/**
 * SGD-fitted linear regressor.
 *
 * @example
 * const reg = new SGDRegressor({ seed: 0 }).fit(Xstd, y);
 * reg.score(Xstd, y); // R², close to Ridge's
 * @see ../../../../docs/level2-classical/linear.md
 */
export class SGDRegressor extends LinearRegressorBase<SGDRegressorParams, Extra> {
  protected readonly kind = KIND;

  /** Stores the params (defaults filled in); checks nothing: `fit` does. */
  constructor(options: SGDRegressorOptions = {}) {
    super({ ...sgdCommonParams(options, 0.01, 0.25), loss: options.loss ?? 'squared_error', learningRate: options.learningRate ?? 'invscaling' });
  }

  /** Epochs run by the last fit (sklearn's `n_iter_`). */
  get nIter(): number {
    return this.fitted('nIter').extra.nIter;
  }

  /** Number of weight updates plus one (sklearn's `t_`). */
  get t(): number {
    return this.fitted('t').extra.t;
  }

  protected checkParams(): void {
    checkSgdParams(KIND, this.params, REGRESSOR_LOSSES);
  }

  protected solve(X: Matrix, y: Float64Array, previous: LinearFit<Extra> | null): LinearFit<Extra> {
    const p = this.params;
    const n = X.rows, d = X.cols;
    const warm = p.warmStart && previous !== null && previous.nFeaturesIn === d ? previous : null;
    const w = warm === null ? new Float64Array(d) : warm.coef.slice(); // (d,)
    const rng = new Rng(new Rng(p.seed).int(MAX_INT)); // one derived seed, as sklearn's random_state.randint(MAX_INT)
    const r = plainSgd(X.data, n, d, y, w, warm === null ? 0 : warm.intercept, sgdConfig(p), rng);
    if (r.overflowEpoch !== null) {
      throw new InvalidInputError(`${KIND}: floating-point overflow at epoch ${r.overflowEpoch}; scale X (StandardScaler) or lower eta0`);
    }
    const warnings = p.tol !== null && r.nIter === p.maxIter
      ? [new ConvergenceWarning(KIND, `maximum number of epochs (maxIter = ${p.maxIter}) reached before the loss stopped improving by tol; increase maxIter`, r.nIter)]
      : [];
    return { coef: w, intercept: r.intercept, nFeaturesIn: d, extra: { nIter: r.nIter, t: r.nIter * n + 1 }, warnings };
  }

  /**
   * Rebuild a model saved by `toJSON`.
   * @throws InvalidInputError for another kind, an unknown version or a malformed state; InvalidParamError for bad params.
   */
  static fromJSON(json: unknown): SGDRegressor {
    const saved = readSerialized(json, KIND, [1]);
    const model = new SGDRegressor(saved.params as SGDRegressorOptions);
    model.checkParams();
    if (saved.state !== null) model.state = readLinearFit<Extra>(saved.state, KIND, ['nIter', 't']);
    return model;
  }
}

registerEstimator(KIND, SGDRegressor.fromJSON);
