/**
 * Deliberately broken estimators, one per contract check, each wrong in exactly one way, so the
 * meta-tests can show that every check of `checkEstimator` can fail (and fails alone).
 *
 * The shells (`ShellRegressor`, `ShellClassifier`) delegate to the reference Dummy estimators and
 * pass every check; each broken variant overrides one method. `CenterTransformer` plays the same
 * role for transformers. Test-only code: never exported from the package.
 */
import { NotFittedError } from '../../errors.js';
import { DummyClassifier, type DummyClassifierOptions } from '../../estimator/dummy-classifier.js';
import { DummyRegressor, type DummyRegressorOptions } from '../../estimator/dummy-regressor.js';
import type { Label } from '../../estimator/label-encoder.js';
import { r2Score } from '../../metrics/regression.js';
import { readSerialized } from '../../estimator/serialization.js';
import type { Classifier, Labels, Params, Regressor, SerializedEstimator } from '../../estimator/types.js';
import { Matrix, type MatrixLike, type VectorLike } from '../../matrix/matrix.js';
import { Rng } from '../../rng/rng.js';
import { asLabels, asMatrix, asVector } from '../../validation/validate.js';
import { CenterTransformer } from './center-transformer.js';

/* ------------------------------------------------------------------------------------------- */
/* Shells: pass every check.                                                                    */
/* ------------------------------------------------------------------------------------------- */

type ShellState = { inner: unknown; extra: unknown };

/** A DummyRegressor behind a delegating shell whose methods the broken variants override. */
export class ShellRegressor implements Regressor {
  protected inner: DummyRegressor;
  protected params: Params;
  constructor(options: DummyRegressorOptions = {}) {
    this.inner = new DummyRegressor(options);
    this.params = { ...this.inner.getParams() };
  }
  getParams(): Readonly<Params> {
    return Object.freeze({ ...this.params });
  }
  get isFitted(): boolean {
    return this.inner.isFitted;
  }
  fit(X: MatrixLike, y: VectorLike): this {
    this.inner.fit(X, y);
    return this;
  }
  predict(X: MatrixLike): Float64Array {
    return this.inner.predict(X);
  }
  /** R² of this.predict, so variants that change predict stay consistent. */
  score(X: MatrixLike, y: VectorLike): number {
    const p = this.predict(X);
    return r2Score(asVector(y, 'y', { length: p.length }), p);
  }
  /** Extra fitted state a variant wants saved. */
  protected extra(): unknown {
    return null;
  }
  protected restore(_extra: unknown): void {}
  protected saveInner(): unknown {
    return this.inner.toJSON().state;
  }
  toJSON(): SerializedEstimator<Params, ShellState> {
    const state = this.isFitted ? { inner: this.saveInner(), extra: this.extra() } : null;
    return { kind: this.constructor.name, version: 1, params: { ...this.params }, state };
  }
  static fromJSON<T extends ShellRegressor>(this: new (o: DummyRegressorOptions) => T, json: unknown): T {
    const saved = readSerialized(json, this.name, [1]);
    const model = new this(saved.params as DummyRegressorOptions);
    const st = saved.state as ShellState | null;
    if (st !== null) {
      model.inner = DummyRegressor.fromJSON({ kind: 'DummyRegressor', version: 1, params: saved.params, state: st.inner });
      model.restore(st.extra);
    }
    return model;
  }
}

/** A DummyClassifier behind a delegating shell. */
export class ShellClassifier implements Classifier {
  protected inner: DummyClassifier;
  constructor(options: DummyClassifierOptions = {}) {
    this.inner = new DummyClassifier(options);
  }
  getParams(): Readonly<Params> {
    return this.inner.getParams();
  }
  get isFitted(): boolean {
    return this.inner.isFitted;
  }
  get classes(): readonly Label[] {
    return this.inner.classes;
  }
  fit(X: MatrixLike, y: Labels): this {
    this.inner.fit(X, y);
    return this;
  }
  predict(X: MatrixLike): Int32Array | Label[] {
    return this.inner.predict(X);
  }
  predictProba(X: MatrixLike): Matrix {
    return this.inner.predictProba(X);
  }
  /** Accuracy of this.predict, so variants that change predict stay consistent. */
  score(X: MatrixLike, y: Labels): number {
    const p = this.predict(X);
    const t = asLabels(y, 'y', p.length);
    return t.filter((v, i) => v === p[i]).length / t.length;
  }
  toJSON(): SerializedEstimator {
    return { ...this.inner.toJSON(), kind: this.constructor.name };
  }
  static fromJSON<T extends ShellClassifier>(this: new (o: DummyClassifierOptions) => T, json: unknown): T {
    const saved = readSerialized(json, this.name, [1]);
    const model = new this(saved.params as DummyClassifierOptions);
    model.inner = DummyClassifier.fromJSON({ ...saved, kind: 'DummyClassifier' });
    return model;
  }
}

/* ------------------------------------------------------------------------------------------- */
/* Generic checks: broken regressors.                                                           */
/* ------------------------------------------------------------------------------------------- */

/** fit-returns-this: returns a fitted copy instead of itself. */
export class ReturnsCopy extends ShellRegressor {
  override fit(X: MatrixLike, y: VectorLike): this {
    super.fit(X, y);
    return new ShellRegressor(this.params as DummyRegressorOptions).fit(X, y) as unknown as this;
  }
}

/** unfitted-raises: predict before fit returns zeros instead of throwing NotFittedError. */
export class PredictsZerosUnfitted extends ShellRegressor {
  override predict(X: MatrixLike): Float64Array {
    if (!this.isFitted) return new Float64Array(asMatrix(X).rows);
    return super.predict(X);
  }
}

/** rejects-nan: silently replaces NaN in X by 0 (fit and predict). */
export class ImputesNaN extends ShellRegressor {
  private clean(X: MatrixLike): MatrixLike {
    if (X instanceof Matrix) return new Matrix(X.rows, X.cols, X.data.map((v) => (Number.isNaN(v) ? 0 : v)));
    return Array.isArray(X) ? X.map((r) => (Array.isArray(r) ? r.map((v: number) => (Number.isNaN(v) ? 0 : v)) : r)) : X;
  }
  override fit(X: MatrixLike, y: VectorLike): this {
    return super.fit(this.clean(X), y);
  }
  override predict(X: MatrixLike): Float64Array {
    return super.predict(this.clean(X));
  }
}

/** rejects-inf: clips ±Inf in X to ±MAX_VALUE instead of rejecting it. */
export class ClipsInf extends ShellRegressor {
  private clip(X: MatrixLike): MatrixLike {
    const c = (v: number) => (v === Infinity ? Number.MAX_VALUE : v === -Infinity ? -Number.MAX_VALUE : v);
    if (X instanceof Matrix) return new Matrix(X.rows, X.cols, X.data.map(c));
    return Array.isArray(X) ? X.map((r) => (Array.isArray(r) ? r.map(c) : r)) : X;
  }
  override fit(X: MatrixLike, y: VectorLike): this {
    return super.fit(this.clip(X), y);
  }
  override predict(X: MatrixLike): Float64Array {
    return super.predict(this.clip(X));
  }
}

/** rejects-empty-x: "fits" an empty X by doing nothing. */
export class AcceptsEmpty extends ShellRegressor {
  override fit(X: MatrixLike, y: VectorLike): this {
    const n = X instanceof Matrix ? X.rows * X.cols : Array.isArray(X) ? X.length && (X[0] as unknown[]).length : 1;
    return n === 0 ? this : super.fit(X, y);
  }
}

/** rejects-ragged-x: truncates ragged rows to the shortest one at fit. */
export class TruncatesRagged extends ShellRegressor {
  override fit(X: MatrixLike, y: VectorLike): this {
    if (Array.isArray(X) && X.every((r) => Array.isArray(r))) {
      const d = Math.min(...X.map((r) => r.length));
      return super.fit(X.map((r) => r.slice(0, d)), y);
    }
    return super.fit(X, y);
  }
}

/** rejects-wrong-type-x: reads X.length before validating, so null/undefined escape as a raw TypeError. */
export class RawTypeError extends ShellRegressor {
  override fit(X: MatrixLike, y: VectorLike): this {
    const n = (X as unknown as { length: number }).length; // TypeError for null/undefined
    void n;
    return super.fit(X, y);
  }
}

/** rejects-wrong-length-y: pads or truncates y to the rows of X. */
export class ResizesY extends ShellRegressor {
  override fit(X: MatrixLike, y: VectorLike): this {
    const n = asMatrix(X).rows;
    const v = Array.from(y);
    while (v.length < n) v.push(v[v.length - 1]!);
    return super.fit(X, v.slice(0, n));
  }
  override score(X: MatrixLike, y: VectorLike): number {
    const n = asMatrix(X).rows;
    const v = Array.from(y);
    while (v.length < n) v.push(v[v.length - 1]!);
    return super.score(X, v.slice(0, n));
  }
}

/** wrong-columns-at-predict: predict never checks the column count. */
export class IgnoresColumns extends ShellRegressor {
  override predict(X: MatrixLike): Float64Array {
    const rows = asMatrix(X).rows;
    return new Float64Array(rows).fill(this.inner.constant);
  }
}

/** fit-idempotent: counts its fits and shifts predictions by the count (state leaks across fits). */
export class CountsFits extends ShellRegressor {
  private fits = 0;
  override fit(X: MatrixLike, y: VectorLike): this {
    super.fit(X, y);
    this.fits++;
    return this;
  }
  override predict(X: MatrixLike): Float64Array {
    return super.predict(X).map((v) => v + this.fits);
  }
  protected override extra(): unknown {
    return this.fits;
  }
  protected override restore(extra: unknown): void {
    this.fits = extra as number;
  }
}

/** params-not-mutated: writes the fitted constant back into its params (sklearn's classic sin). */
export class WritesParams extends ShellRegressor {
  override fit(X: MatrixLike, y: VectorLike): this {
    super.fit(X, y);
    this.params.constant = this.inner.constant;
    return this;
  }
}

/** input-not-mutated: sorts the caller's y in place while fitting (a median the lazy way). */
export class SortsYInPlace extends ShellRegressor {
  override fit(X: MatrixLike, y: VectorLike): this {
    if (Array.isArray(y)) (y as number[]).sort((a, b) => a - b);
    else (y as Float64Array).sort();
    return super.fit(X, y);
  }
}

/** get-params-frozen: hands out its live params object. */
export class LeaksParams extends ShellRegressor {
  override getParams(): Readonly<Params> {
    return this.params;
  }
}

/** single-sample: after validation, allocates an (n − 2) workspace: a raw RangeError when n = 1. */
export class CrashesOnOneSample extends ShellRegressor {
  override fit(X: MatrixLike, y: VectorLike): this {
    super.fit(X, y); // validates: n >= 1 from here
    const n = Array.from(y).length;
    const work = new Float64Array(n - 2); // second differences; RangeError when n = 1
    void work;
    return this;
  }
}

/** batch-independent: centres feature 0 with the batch's own mean at predict time. */
export class UsesBatchStatistics extends ShellRegressor {
  override predict(X: MatrixLike): Float64Array {
    const base = super.predict(X);
    const A = asMatrix(X);
    let m = 0;
    for (let i = 0; i < A.rows; i++) m += A.get(i, 0) / A.rows;
    return base.map((v, i) => v + 0.1 * (A.get(i, 0) - m));
  }
}

/** json-round-trip: saves the constant rounded to 7 significant digits. */
export class LosesPrecision extends ShellRegressor {
  protected override saveInner(): unknown {
    const s = this.inner.toJSON().state!;
    return { ...s, constant: Number(s.constant.toPrecision(7)) };
  }
}

let constructions = 0;
/** seed-reproducible: mixes a global construction counter into its seed (saved, so JSON still round-trips). */
export class GlobalCounterSeed extends ShellRegressor {
  private effectiveSeed: number;
  private jitter = 0;
  constructor(options: DummyRegressorOptions = {}) {
    super(options);
    this.effectiveSeed = constructions++;
  }
  override fit(X: MatrixLike, y: VectorLike): this {
    super.fit(X, y);
    this.jitter = 1e-3 * new Rng(this.effectiveSeed).next();
    return this;
  }
  override predict(X: MatrixLike): Float64Array {
    return super.predict(X).map((v) => v + this.jitter);
  }
  protected override extra(): unknown {
    return { seed: this.effectiveSeed, jitter: this.jitter };
  }
  protected override restore(extra: unknown): void {
    ({ seed: this.effectiveSeed, jitter: this.jitter } = extra as { seed: number; jitter: number });
  }
}

/** score-is-r2: score returns the negative mean squared error instead of R². */
export class ScoresNegMSE extends ShellRegressor {
  override score(X: MatrixLike, y: VectorLike): number {
    const p = this.predict(X);
    const t = asVector(y, 'y', { length: p.length });
    return -t.reduce((s, v, i) => s + (v - p[i]!) ** 2, 0) / t.length;
  }
}

/* ------------------------------------------------------------------------------------------- */
/* Classifier checks.                                                                           */
/* ------------------------------------------------------------------------------------------- */

/** proba-valid: returns class counts (unnormalised) instead of probabilities. */
export class UnnormalisedProba extends ShellClassifier {
  override predictProba(X: MatrixLike): Matrix {
    const P = super.predictProba(X);
    return new Matrix(P.rows, P.cols, P.data.map((p) => p * 24));
  }
}

/** predict-argmax-proba: predicts the least likely class (an argmin bug). */
export class PredictsArgmin extends ShellClassifier {
  override predict(X: MatrixLike): Int32Array | Label[] {
    const P = this.predictProba(X);
    const classes = this.classes;
    const out: Label[] = [];
    for (let i = 0; i < P.rows; i++) {
      const row = Array.from(P.row(i));
      out.push(classes[row.indexOf(Math.min(...row))]!);
    }
    return typeof classes[0] === 'string' ? out : Int32Array.from(out as number[]);
  }
}

/** string-labels: returns class indices even when fit got string labels. */
export class ForgetsLabels extends ShellClassifier {
  override predict(X: MatrixLike): Int32Array | Label[] {
    const p = super.predict(X);
    if (p instanceof Int32Array) return p;
    return Int32Array.from(p, (v) => this.classes.indexOf(v));
  }
}

/** score-is-accuracy: score returns the error rate (1 − accuracy). */
export class ScoresErrorRate extends ShellClassifier {
  override score(X: MatrixLike, y: Labels): number {
    return 1 - super.score(X, y);
  }
}

/* ------------------------------------------------------------------------------------------- */
/* Transformer checks.                                                                          */
/* ------------------------------------------------------------------------------------------- */

/** fit-transform-consistent: fitTransform fits but returns X untransformed. */
export class FitTransformForgets extends CenterTransformer {
  override fitTransform(X: MatrixLike): Matrix {
    this.fit(X);
    return asMatrix(X, 'X', { copy: true });
  }
}

/** inverse-transform-round-trip: inverseTransform subtracts the means again. */
export class InverseSubtracts extends CenterTransformer {
  override inverseTransform(Z: MatrixLike): Matrix {
    if (!this.isFitted) throw new NotFittedError('InverseSubtracts', 'inverseTransform');
    return this.transform(Z);
  }
}
