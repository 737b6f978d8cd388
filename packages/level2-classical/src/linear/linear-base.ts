/**
 * What every single-target linear regressor here shares: centring the data for the intercept
 * (scikit-learn's `_preprocess_data`), the prediction $\hat y = Xw + b$, $R^2$ scoring, and the
 * saved form `{ coef, intercept, nFeaturesIn, extra, warnings }`. Each model (LinearRegression,
 * Ridge, Lasso, ElasticNet, SGDRegressor) extends {@link LinearRegressorBase} and only says how
 * to check its params and how to solve for $w$.
 *
 * Why centring gives the intercept: for any objective $L(y - Xw - b\mathbf 1) + P(w)$ with a
 * squared loss and an unpenalised $b$, setting $\partial/\partial b = 0$ gives
 * $b = \bar y - \bar x^\top w$; substituting it leaves the same problem on the centred data
 * $X_c = X - \mathbf 1\bar x^\top$, $y_c = y - \bar y$ with no intercept.
 *
 * @see ../../../../docs/level2-classical/linear.md
 */
import {
  ConvergenceWarning, InvalidInputError, Matrix, NotFittedError, asMatrix, asVector, assertColumns, describeValue, r2Score,
  readCount, readFiniteArray, stateField,
  type MatrixLike, type Params, type Regressor, type SerializedEstimator, type VectorLike,
} from '@fpml/core';

/** The centred problem of a fit with an unpenalised intercept. */
export interface Centered {
  /** $X - \mathbf 1\bar x^\top$ (a fresh copy), or a copy of X without an intercept. */
  Xc: Matrix; // (n, d)
  /** $y - \bar y$ (a fresh copy). */
  yc: Float64Array; // (n,)
  /** $\bar x$, zeros without an intercept. */
  xOffset: Float64Array; // (d,)
  /** $\bar y$, 0 without an intercept. */
  yOffset: number;
}

/**
 * Centre X and y by their column means when `fitIntercept` (sklearn's `_preprocess_data` with
 * `normalize=False`); else copy them unchanged. $O(nd)$.
 */
export function centerData(X: Matrix, y: Float64Array, fitIntercept: boolean): Centered {
  const n = X.rows, d = X.cols;
  const Xc = X.clone(); // (n, d)
  const yc = y.slice(); // (n,)
  const xOffset = new Float64Array(d); // (d,)
  let yOffset = 0;
  if (fitIntercept) {
    const a = Xc.data;
    for (let i = 0; i < n; i++) {
      const o = i * d;
      for (let j = 0; j < d; j++) xOffset[j]! += a[o + j]!;
      yOffset += yc[i]!;
    }
    for (let j = 0; j < d; j++) xOffset[j] = xOffset[j]! / n;
    yOffset /= n;
    for (let i = 0; i < n; i++) {
      const o = i * d;
      for (let j = 0; j < d; j++) a[o + j] = a[o + j]! - xOffset[j]!;
      yc[i] = yc[i]! - yOffset;
    }
  }
  return { Xc, yc, xOffset, yOffset };
}

/** $b = \bar y - \bar x^\top w$ (0 without an intercept). $O(d)$. */
export function interceptFrom(c: Centered, coef: Float64Array, fitIntercept: boolean): number {
  if (!fitIntercept) return 0;
  let s = 0;
  for (let j = 0; j < coef.length; j++) s += c.xOffset[j]! * coef[j]!;
  return c.yOffset - s;
}

/** $\hat y = Xw + b$, row by row. $O(nd)$. */
export function linearPredict(X: Matrix, coef: Float64Array, intercept: number): Float64Array {
  const n = X.rows, d = X.cols, a = X.data;
  const out = new Float64Array(n); // (n,)
  for (let i = 0; i < n; i++) {
    const o = i * d;
    let s = 0;
    for (let j = 0; j < d; j++) s += a[o + j]! * coef[j]!;
    out[i] = s + intercept;
  }
  return out;
}

/** Replace `-0` by `0` in place, so a saved model (JSON drops the sign of zero) predicts bit for bit the same. */
export function positiveZeros(v: Float64Array): Float64Array {
  for (let j = 0; j < v.length; j++) if (v[j] === 0) v[j] = 0;
  return v;
}

/** A {@link ConvergenceWarning} as JSON. */
export interface WarningJSON {
  estimator: string;
  message: string;
  nIter: number;
}

/** Save warnings. */
export function warningsToJSON(ws: readonly ConvergenceWarning[]): WarningJSON[] {
  return ws.map((w) => ({ estimator: w.estimator, message: w.message, nIter: w.nIter }));
}

/** Load warnings saved by {@link warningsToJSON}. @throws InvalidInputError for a malformed entry. */
export function warningsFromJSON(state: unknown, kind: string): ConvergenceWarning[] {
  const v = stateField(state, kind, 'warnings');
  if (!Array.isArray(v)) throw new InvalidInputError(`${kind}.fromJSON: state.warnings must be an array, got ${describeValue(v)}`);
  return v.map((w: unknown, i) => {
    const o = w as Partial<WarningJSON> | null;
    if (o === null || typeof o !== 'object' || typeof o.estimator !== 'string' || typeof o.message !== 'string' || typeof o.nIter !== 'number') {
      throw new InvalidInputError(`${kind}.fromJSON: state.warnings[${i}] must be { estimator, message, nIter }, got ${describeValue(w)}`);
    }
    return new ConvergenceWarning(o.estimator, o.message, o.nIter);
  });
}

/** A saved finite number. */
export function readNumber(state: unknown, kind: string, field: string): number {
  const v = stateField(state, kind, field);
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new InvalidInputError(`${kind}.fromJSON: state.${field} must be a finite number, got ${describeValue(v)}`);
  return v;
}

/** Fitted state of a linear regressor; `extra` holds the model's own scalars (nIter, dualGap, rank...). */
export interface LinearFit<E extends Record<string, number>> {
  coef: Float64Array; // (d,)
  intercept: number;
  nFeaturesIn: number;
  extra: E;
  warnings: readonly ConvergenceWarning[];
}

/** Saved form of a {@link LinearFit}. */
export interface LinearFitJSON<E extends Record<string, number>> {
  coef: number[];
  intercept: number;
  nFeaturesIn: number;
  extra: E;
  warnings: WarningJSON[];
}

/** Read a saved {@link LinearFit} whose extras are the finite numbers named in `extraKeys`. */
export function readLinearFit<E extends Record<string, number>>(state: unknown, kind: string, extraKeys: readonly (keyof E & string)[]): LinearFit<E> {
  const nFeaturesIn = readCount(state, kind, 'nFeaturesIn');
  const coef = readFiniteArray(state, kind, 'coef', nFeaturesIn);
  const intercept = readNumber(state, kind, 'intercept');
  const ex = stateField(state, kind, 'extra');
  const extra: Record<string, number> = {};
  for (const k of extraKeys) {
    const v = stateField(ex, kind, k);
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new InvalidInputError(`${kind}.fromJSON: state.extra.${k} must be a finite number, got ${describeValue(v)}`);
    extra[k] = v;
  }
  return { coef, intercept, nFeaturesIn, extra: extra as E, warnings: warningsFromJSON(state, kind) };
}

/**
 * Base of the single-target linear regressors: $\hat y = Xw + b$. Subclasses store their params
 * (defaults filled, frozen) in the constructor, implement {@link checkParams} and
 * {@link solve}, and a static `fromJSON` that calls {@link readLinearFit}.
 */
export abstract class LinearRegressorBase<P extends Params, E extends Record<string, number>> implements Regressor<P> {
  protected readonly params: Readonly<P>;
  protected state: LinearFit<E> | null = null;
  /** Class name: the saved `kind` and the error prefix. */
  protected abstract readonly kind: string;
  /** Saved-state version. */
  protected readonly version: number = 1;

  protected constructor(params: P) {
    this.params = Object.freeze(params);
  }

  /** @throws InvalidParamError naming the first bad param. */
  protected abstract checkParams(): void;

  /**
   * Solve for the coefficients on validated data. `previous` is the last fitted state (for
   * warm starts) or null.
   */
  protected abstract solve(X: Matrix, y: Float64Array, previous: LinearFit<E> | null): LinearFit<E>;

  /** A frozen copy of the params. */
  getParams(): Readonly<P> {
    return Object.freeze({ ...this.params });
  }

  get isFitted(): boolean {
    return this.state !== null;
  }

  protected fitted(method: string): LinearFit<E> {
    if (this.state === null) throw new NotFittedError(this.kind, method);
    return this.state;
  }

  /** The coefficients $w$ (d,), a copy. */
  get coef(): Float64Array {
    return this.fitted('coef').coef.slice();
  }

  /** The intercept $b$ (0 when `fitIntercept` is false). */
  get intercept(): number {
    return this.fitted('intercept').intercept;
  }

  /** Columns of the X given to fit. */
  get nFeaturesIn(): number {
    return this.fitted('nFeaturesIn').nFeaturesIn;
  }

  /** Convergence warnings of the last fit (empty when it converged). Reported, never thrown. */
  get warnings(): readonly ConvergenceWarning[] {
    return this.fitted('warnings').warnings;
  }

  /**
   * Fit on X (n, d) and y (n,).
   * @throws InvalidParamError, ShapeError, InvalidInputError.
   */
  fit(X: MatrixLike, y: VectorLike): this {
    this.checkParams();
    const Xm = asMatrix(X, 'X'); // (n, d)
    const yv = asVector(y, 'y', { length: Xm.rows }); // (n,)
    const s = this.solve(Xm, yv, this.state);
    positiveZeros(s.coef);
    if (s.intercept === 0) s.intercept = 0;
    if (!s.coef.every(Number.isFinite) || !Number.isFinite(s.intercept)) {
      throw new InvalidInputError(`${this.kind}: the fit produced non-finite coefficients; the data may hold values too large for float64 (rescale X and y)`);
    }
    this.state = s;
    return this;
  }

  private checkedX(X: MatrixLike, method: string): { s: LinearFit<E>; Xm: Matrix } {
    const s = this.fitted(method);
    const Xm = asMatrix(X, 'X');
    assertColumns(Xm, s.nFeaturesIn);
    return { s, Xm };
  }

  /** $\hat y = Xw + b$ (n,). @param X (n, nFeaturesIn). */
  predict(X: MatrixLike): Float64Array {
    const { s, Xm } = this.checkedX(X, 'predict');
    return linearPredict(Xm, s.coef, s.intercept);
  }

  /** $R^2$ of `predict(X)` against `y` (sklearn's `r2_score`). */
  score(X: MatrixLike, y: VectorLike): number {
    const { s, Xm } = this.checkedX(X, 'score');
    const yv = asVector(y, 'y', { length: Xm.rows });
    return r2Score(yv, linearPredict(Xm, s.coef, s.intercept));
  }

  /** `{ kind, version, params, state }`; JSON-safe, round-trips exactly. */
  toJSON(): SerializedEstimator<P, LinearFitJSON<E>> {
    const s = this.state;
    const state =
      s === null
        ? null
        : { coef: Array.from(s.coef), intercept: s.intercept, nFeaturesIn: s.nFeaturesIn, extra: { ...s.extra }, warnings: warningsToJSON(s.warnings) };
    return { kind: this.kind, version: this.version, params: { ...this.params }, state };
  }
}
