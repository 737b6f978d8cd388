/**
 * DummyRegressor: predicts one constant learnt from y alone (scikit-learn 1.2's
 * `DummyRegressor`), the baseline every real regressor must beat: with `'mean'` its $R^2$ on the
 * training set is exactly 0.
 *
 * The constant $c$ is
 * - `'mean'` (default): $c = \frac1n\sum_i y_i$ (compensated summation);
 * - `'median'`: the middle order statistic, or the mean of the two middle ones for even $n$;
 * - `'quantile'`: numpy's linear-interpolation percentile at $q$: with the order statistics
 *   $y_{(0)} \le \dots \le y_{(n-1)}$, $v = (n-1)q$, $j = \lfloor v \rfloor$, $\gamma = v - j$,
 *   $$c = y_{(j)} + \gamma\,(y_{(j+1)} - y_{(j)});$$
 * - `'constant'`: the given `constant`.
 *
 * Fit is $O(n)$ for `'mean'`/`'constant'` and $O(n \log n)$ for the order statistics; predict is $O(n)$.
 * @see ../../../../docs/core/estimators.md
 */
import { InvalidInputError, InvalidParamError, NotFittedError } from '../errors.js';
import type { MatrixLike, VectorLike } from '../matrix/matrix.js';
import { asMatrix, asVector, assertColumns } from '../validation/validate.js';
import { registerEstimator } from './registry.js';
import { r2Score } from '../metrics/regression.js';
import { compensatedSum } from './scoring.js';
import { readCount, readSerialized, stateField } from './serialization.js';
import type { Regressor, SerializedEstimator } from './types.js';

/** The strategies of {@link DummyRegressor}. */
export type DummyRegressorStrategy = 'mean' | 'median' | 'quantile' | 'constant';
const STRATEGIES: readonly DummyRegressorStrategy[] = ['mean', 'median', 'quantile', 'constant'];

/** Options of {@link DummyRegressor} (sklearn's names in camelCase). */
export interface DummyRegressorOptions {
  /** How the constant is chosen. @default 'mean' */
  strategy?: DummyRegressorStrategy;
  /** The quantile $q \in [0, 1]$ for `strategy: 'quantile'` (0.5 is the median). @default null */
  quantile?: number | null;
  /** The value to predict with `strategy: 'constant'`. @default null */
  constant?: number | null;
}

/** The params of a {@link DummyRegressor}, defaults filled in. */
export type DummyRegressorParams = {
  strategy: DummyRegressorStrategy;
  quantile: number | null;
  constant: number | null;
};

/** Saved fitted state (version 1). */
interface DummyRegressorStateJSON {
  constant: number;
  nFeaturesIn: number;
}

const KIND = 'DummyRegressor';
const VERSION = 1;

/**
 * numpy's `percentile(y, 100 q)` with the default linear method, bit for bit: numpy divides the
 * percentile by 100 again, and interpolates from the upper neighbour when $\gamma \ge 1/2$.
 * $O(n \log n)$.
 */
export function numpyQuantile(y: Float64Array, q: number): number {
  const s = y.slice().sort(); // typed-array sort is numeric
  const n = s.length;
  const v = (n - 1) * ((q * 100) / 100);
  if (v >= n - 1) return s[n - 1]!;
  const j = Math.floor(v);
  const gamma = v - j;
  const a = s[j]!;
  const b = s[j + 1]!;
  const diff = b - a;
  return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
}

/** The median: the middle order statistic, or the mean of the two middle ones. $O(n \log n)$. */
export function median(y: Float64Array): number {
  const s = y.slice().sort();
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * A regressor that predicts one constant, whatever X is.
 *
 * @example
 * const reg = new DummyRegressor({ strategy: 'quantile', quantile: 0.9 }).fit(X, y);
 * reg.constant;     // the 90th percentile of y
 * reg.score(X, y);  // R^2 of that constant
 */
export class DummyRegressor implements Regressor<DummyRegressorParams> {
  private readonly params: Readonly<DummyRegressorParams>;
  private state: { constant: number; nFeaturesIn: number } | null = null;

  /** Stores the params (defaults filled in); checks nothing: `fit` does. */
  constructor(options: DummyRegressorOptions = {}) {
    this.params = Object.freeze({
      strategy: options.strategy ?? 'mean',
      quantile: options.quantile ?? null,
      constant: options.constant ?? null,
    });
  }

  /** A frozen copy of the params. */
  getParams(): Readonly<DummyRegressorParams> {
    return Object.freeze({ ...this.params });
  }

  get isFitted(): boolean {
    return this.state !== null;
  }

  private fitted(method: string): { constant: number; nFeaturesIn: number } {
    if (this.state === null) throw new NotFittedError(KIND, method);
    return this.state;
  }

  /** The fitted constant $c$ every prediction equals. */
  get constant(): number {
    return this.fitted('constant').constant;
  }

  /** Number of columns of the X given to fit. */
  get nFeaturesIn(): number {
    return this.fitted('nFeaturesIn').nFeaturesIn;
  }

  /** @throws InvalidParamError naming the first bad param. */
  private checkParams(): void {
    const { strategy, quantile, constant } = this.params;
    if (!STRATEGIES.includes(strategy)) {
      throw new InvalidParamError(KIND, 'strategy', strategy, `one of ${STRATEGIES.map((s) => `'${s}'`).join(', ')}`);
    }
    if (strategy === 'quantile' && !(typeof quantile === 'number' && quantile >= 0 && quantile <= 1)) {
      throw new InvalidParamError(KIND, 'quantile', quantile, "a number in [0, 1] when strategy is 'quantile'");
    }
    if (strategy === 'constant' && !(typeof constant === 'number' && Number.isFinite(constant))) {
      throw new InvalidParamError(KIND, 'constant', constant, "a finite number when strategy is 'constant'");
    }
  }

  /**
   * Learn the constant from y. X is only checked (shape, finiteness).
   * @param X (n, d) features.
   * @param y (n,) targets.
   * @throws InvalidParamError, ShapeError, InvalidInputError.
   */
  fit(X: MatrixLike, y: VectorLike): this {
    this.checkParams();
    const Xm = asMatrix(X, 'X'); // (n, d)
    const yv = asVector(y, 'y', { length: Xm.rows }); // (n,)
    const { strategy, quantile, constant } = this.params;
    let c: number;
    if (strategy === 'mean') c = compensatedSum(yv) / yv.length;
    else if (strategy === 'median') c = median(yv);
    else if (strategy === 'quantile') c = numpyQuantile(yv, quantile!);
    else c = constant!;
    if (!Number.isFinite(c)) {
      throw new InvalidInputError(`${KIND}: the ${strategy} of y overflowed to ${c}; rescale y`);
    }
    this.state = { constant: c, nFeaturesIn: Xm.cols };
    return this;
  }

  /** `constant` repeated, (n,). @param X (n, nFeaturesIn). */
  predict(X: MatrixLike): Float64Array {
    const s = this.fitted('predict');
    const Xm = asMatrix(X, 'X');
    assertColumns(Xm, s.nFeaturesIn);
    return new Float64Array(Xm.rows).fill(s.constant);
  }

  /** $R^2$ of `predict(X)` against `y` (sklearn's `r2_score`). */
  score(X: MatrixLike, y: VectorLike): number {
    const s = this.fitted('score');
    const Xm = asMatrix(X, 'X');
    assertColumns(Xm, s.nFeaturesIn);
    const yv = asVector(y, 'y', { length: Xm.rows });
    return r2Score(yv, new Float64Array(Xm.rows).fill(s.constant));
  }

  /** `{ kind: 'DummyRegressor', version: 1, params, state }`; JSON-safe, round-trips exactly. */
  toJSON(): SerializedEstimator<DummyRegressorParams, DummyRegressorStateJSON> {
    const state = this.state === null ? null : { ...this.state };
    return { kind: KIND, version: VERSION, params: { ...this.params }, state };
  }

  /**
   * Rebuild a model saved by {@link toJSON}.
   * @throws InvalidInputError for another kind, an unknown version or a malformed state;
   *   InvalidParamError for bad saved params.
   */
  static fromJSON(json: unknown): DummyRegressor {
    const saved = readSerialized(json, KIND, [VERSION]);
    const model = new DummyRegressor(saved.params as DummyRegressorOptions);
    model.checkParams();
    if (saved.state === null) return model;
    const c = stateField(saved.state, KIND, 'constant');
    if (typeof c !== 'number' || !Number.isFinite(c)) {
      throw new InvalidInputError(`${KIND}.fromJSON: state.constant must be a finite number, got ${String(c)}`);
    }
    model.state = { constant: c, nFeaturesIn: readCount(saved.state, KIND, 'nFeaturesIn') };
    return model;
  }
}

registerEstimator(KIND, DummyRegressor.fromJSON);
