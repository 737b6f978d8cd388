/**
 * The estimator contract suite: fpml's port of scikit-learn's `check_estimator`. One call runs
 * every check of API.md's estimator contract against a factory of fresh, unfitted estimators:
 * ```ts
 * checkEstimator('DummyClassifier(prior)', () => new DummyClassifier());
 * ```
 * registers `describe('DummyClassifier(prior)')` with one vitest case per check;
 * {@link runEstimatorChecks} runs the same checks without vitest (for meta-tests). Each check is
 * a small function that throws a {@link CheckFailure} saying what it did, what was expected and
 * what came.
 *
 * Data: unless `options.data` is given, each check gets fresh copies of a small fixed dataset
 * drawn from `new Rng(0)` (24 samples, 3 features; 3 imbalanced classes for classifiers, a
 * noisy linear target for regressors).
 *
 * Skips are strict expected failures (sklearn's `xfail` checks): a skipped check still runs,
 * and its case fails if the check *passes*, so a stale skip cannot hide a fixed estimator.
 *
 * @see ../../../../docs/core/testing.md
 */
import { isDeepStrictEqual } from 'node:util';
import { describe, it } from 'vitest';
import { FpmlError, InvalidInputError, NotFittedError, ShapeError } from '../errors.js';
import { LabelEncoding } from '../estimator/label-encoder.js';
import { estimatorFromJSON } from '../estimator/registry.js';
import { r2Score } from '../estimator/scoring.js';
import type { Estimator } from '../estimator/types.js';
import { Matrix } from '../matrix/matrix.js';
import { Rng } from '../rng/rng.js';

/** What an estimator is, which decides the checks that apply. */
export type EstimatorKind = 'classifier' | 'regressor' | 'transformer';

/** Training data for the checks: X plus labels/targets (ignored by transformers). */
export interface CheckData {
  X: number[][]; // (n, d)
  y?: (number | string)[]; // (n,)
}

/** Options of {@link checkEstimator} and {@link runEstimatorChecks}. */
export interface CheckEstimatorOptions {
  /** What the estimator is. @default inferred: `transform` → transformer, `predictProba` → classifier, else regressor */
  kind?: EstimatorKind;
  /** Training data (at least 4 samples, at least 2 distinct rows). @default a seeded 24 × 3 dataset */
  data?: CheckData;
  /** Checks expected to fail, each with the reason (strict: a skipped check that passes fails). @default [] */
  skip?: readonly { check: string; reason: string }[];
  /** Loader for the JSON round-trip. @default the class's static `fromJSON`, else `estimatorFromJSON` */
  fromJSON?: (json: unknown) => Estimator;
}

/** One check's outcome. `skipped` holds the skip reason when the check was listed in `skip`. */
export interface CheckResult {
  check: string;
  passed: boolean;
  error?: string;
  skipped?: string;
}

/** A failed contract check; the message says what was done, expected and got. */
export class CheckFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckFailure';
  }
}

/* ----------------------------------------------------------------------------------------------
 * Loose views of an estimator: the checks call methods that only some kinds have.
 * --------------------------------------------------------------------------------------------*/
type Fn = (...args: unknown[]) => unknown;
interface AnyEstimator {
  fit: Fn;
  predict?: Fn;
  predictProba?: Fn;
  score?: Fn;
  transform?: Fn;
  fitTransform?: Fn;
  inverseTransform?: Fn;
  getParams: () => unknown;
  toJSON: () => unknown;
  isFitted: boolean;
  classes?: readonly (number | string)[];
}

interface Ctx {
  make: () => AnyEstimator;
  kind: EstimatorKind;
  /** Fresh deep copies of the training data. */
  data: () => { X: number[][]; y: (number | string)[] };
  fromJSON: (json: unknown) => AnyEstimator;
}

const fail = (msg: string): never => {
  throw new CheckFailure(msg);
};

function errorName(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : `a thrown ${typeof e}`;
}

/** Run `fn` and require a typed error of one of `allowed` with a message. */
function expectTyped(what: string, fn: () => unknown, allowed: readonly (abstract new (...a: never[]) => Error)[]): void {
  const names = allowed.map((c) => c.name).join(' or ');
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  if (thrown === undefined) fail(`${what}: no error was thrown; expected ${names}`);
  if (!allowed.some((c) => thrown instanceof c)) {
    const raw = thrown instanceof FpmlError ? '' : ' (a raw error escaped: validate at the public boundary)';
    fail(`${what}: threw ${errorName(thrown)}${raw}; expected ${names}`);
  }
  if (!(thrown as Error).message) fail(`${what}: threw ${(thrown as Error).name} with an empty message`);
}

/** Call `fn`; a throw becomes a CheckFailure saying which step failed. */
function step<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof CheckFailure) throw e;
    return fail(`${what} threw ${errorName(e)}`);
  }
}

function fitOn(est: AnyEstimator, ctx: Ctx, X: unknown, y: unknown): unknown {
  return ctx.kind === 'transformer' ? est.fit(X) : est.fit(X, y);
}

function fitted(ctx: Ctx): AnyEstimator {
  const est = ctx.make();
  const { X, y } = ctx.data();
  step('fit on the check data', () => fitOn(est, ctx, X, y));
  return est;
}

/** The outputs that define a fitted model's behaviour on X, as plain JSON-able arrays. */
function outputs(est: AnyEstimator, ctx: Ctx, X: unknown): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  const flat = (v: unknown): unknown[] => (v instanceof Matrix ? [v.rows, v.cols, ...v.data] : Array.from(v as ArrayLike<unknown>));
  if (ctx.kind === 'transformer') out.transform = flat(step('transform', () => est.transform!(X)));
  else out.predict = flat(step('predict', () => est.predict!(X)));
  if (ctx.kind === 'classifier') out.predictProba = flat(step('predictProba', () => est.predictProba!(X)));
  return out;
}

/** Bitwise comparison (Object.is per element) with the first difference named. */
function sameBits(a: Record<string, unknown[]>, b: Record<string, unknown[]>, what: string): void {
  for (const key of Object.keys(a)) {
    const u = a[key]!;
    const v = b[key]!;
    if (u.length !== v.length) fail(`${what}: ${key} has ${v.length} values, expected ${u.length}`);
    for (let i = 0; i < u.length; i++) {
      if (!Object.is(u[i], v[i])) fail(`${what}: ${key} differs at flat index ${i}: ${String(v[i])} vs ${String(u[i])}`);
    }
  }
}

/** Closeness for batch comparisons: labels exactly, floats to rtol 1e-9 + atol 1e-12. */
function sameValues(u: unknown[], v: unknown[], what: string): void {
  if (u.length !== v.length) fail(`${what}: ${v.length} values, expected ${u.length}`);
  for (let i = 0; i < u.length; i++) {
    const a = u[i];
    const b = v[i];
    const ok = typeof a === 'number' && typeof b === 'number' ? Math.abs(a - b) <= 1e-12 + 1e-9 * Math.abs(a) || Object.is(a, b) : a === b;
    if (!ok) fail(`${what}: differs at flat index ${i}: ${String(b)} vs ${String(a)}`);
  }
}

const stateText = (est: AnyEstimator): string => JSON.stringify(step('toJSON', () => est.toJSON()));

/* ----------------------------------------------------------------------------------------------
 * The checks.
 * --------------------------------------------------------------------------------------------*/
interface Check {
  name: string;
  kinds: readonly EstimatorKind[];
  applies?: (est: AnyEstimator) => boolean;
  run: (ctx: Ctx) => void;
}
const ALL: readonly EstimatorKind[] = ['classifier', 'regressor', 'transformer'];
const SUPERVISED: readonly EstimatorKind[] = ['classifier', 'regressor'];

/**
 * Methods that need a fitted model, called on X (and y for score). With `validData`,
 * inverseTransform gets `transform(X)` (its own input space) instead of X.
 */
function fittedCalls(est: AnyEstimator, ctx: Ctx, X: unknown, y: unknown, validData = false): [string, () => unknown][] {
  const calls: [string, () => unknown][] = [];
  for (const m of ['predict', 'predictProba', 'transform'] as const) {
    const f = est[m];
    if (typeof f === 'function') calls.push([m, () => f.call(est, X)]);
  }
  // inverseTransform takes transformed data; given X itself it still must reject bad values.
  if (typeof est.inverseTransform === 'function' && !validData) calls.push(['inverseTransform', () => est.inverseTransform!.call(est, X)]);
  if (typeof est.inverseTransform === 'function' && validData) {
    calls.push(['inverseTransform', () => est.inverseTransform!.call(est, est.transform!.call(est, X))]);
  }
  if (typeof est.score === 'function' && ctx.kind !== 'transformer') calls.push(['score', () => est.score!.call(est, X, y)]);
  return calls;
}

const CHECKS: readonly Check[] = [
  {
    name: 'fit-returns-this',
    kinds: ALL,
    run(ctx) {
      const est = ctx.make();
      const { X, y } = ctx.data();
      const r = step('fit', () => fitOn(est, ctx, X, y));
      if (r !== est) fail(`fit-returns-this: fit returned ${r === undefined ? 'undefined' : 'a different object'}, expected the estimator itself`);
    },
  },
  {
    name: 'unfitted-raises',
    kinds: ALL,
    run(ctx) {
      const est = ctx.make();
      const { X, y } = ctx.data();
      if (est.isFitted !== false) fail(`unfitted-raises: isFitted is ${String(est.isFitted)} before fit, expected false`);
      for (const [m, call] of fittedCalls(est, ctx, X, y)) expectTyped(`unfitted-raises: ${m} before fit`, call, [NotFittedError]);
      step('fit', () => fitOn(est, ctx, X, y));
      if (est.isFitted !== true) fail(`unfitted-raises: isFitted is ${String(est.isFitted)} after fit, expected true`);
    },
  },
  {
    name: 'rejects-nan',
    kinds: ALL,
    run(ctx) {
      const { X, y } = ctx.data();
      X[1]![X[0]!.length - 1] = NaN;
      expectTyped('rejects-nan: fit with NaN at X[1][last]', () => fitOn(ctx.make(), ctx, X, y), [InvalidInputError]);
      if (ctx.kind === 'regressor') {
        const d = ctx.data();
        d.y[2] = NaN;
        expectTyped('rejects-nan: fit with NaN at y[2]', () => fitOn(ctx.make(), ctx, d.X, d.y), [InvalidInputError]);
      }
      const est = fitted(ctx);
      for (const [m, call] of fittedCalls(est, ctx, X, ctx.data().y)) expectTyped(`rejects-nan: ${m} with NaN in X`, call, [InvalidInputError]);
    },
  },
  {
    name: 'rejects-inf',
    kinds: ALL,
    run(ctx) {
      for (const bad of [Infinity, -Infinity]) {
        const { X, y } = ctx.data();
        X[0]![0] = bad;
        expectTyped(`rejects-inf: fit with ${bad} at X[0][0]`, () => fitOn(ctx.make(), ctx, X, y), [InvalidInputError]);
        if (ctx.kind === 'regressor') {
          const d = ctx.data();
          d.y[0] = bad;
          expectTyped(`rejects-inf: fit with ${bad} at y[0]`, () => fitOn(ctx.make(), ctx, d.X, d.y), [InvalidInputError]);
        }
        const est = fitted(ctx);
        for (const [m, call] of fittedCalls(est, ctx, X, ctx.data().y)) expectTyped(`rejects-inf: ${m} with ${bad} in X`, call, [InvalidInputError]);
      }
    },
  },
  {
    name: 'rejects-empty-x',
    kinds: ALL,
    run(ctx) {
      const { X } = ctx.data();
      const allowed = [InvalidInputError, ShapeError];
      expectTyped('rejects-empty-x: fit with X = []', () => fitOn(ctx.make(), ctx, [], []), allowed);
      expectTyped('rejects-empty-x: fit with X = Matrix(0, d)', () => fitOn(ctx.make(), ctx, Matrix.zeros(0, X[0]!.length), []), allowed);
      const yy = ctx.data().y;
      expectTyped('rejects-empty-x: fit with rows of 0 columns', () => fitOn(ctx.make(), ctx, X.map(() => []), yy), allowed);
      const est = fitted(ctx);
      for (const [m, call] of fittedCalls(est, ctx, [], [])) expectTyped(`rejects-empty-x: ${m} with X = []`, call, allowed);
    },
  },
  {
    name: 'rejects-ragged-x',
    kinds: ALL,
    run(ctx) {
      const { X, y } = ctx.data();
      X[2] = X[2]!.slice(1);
      expectTyped('rejects-ragged-x: fit with row 2 one value short', () => fitOn(ctx.make(), ctx, X, y), [ShapeError]);
      const est = fitted(ctx);
      for (const [m, call] of fittedCalls(est, ctx, X, ctx.data().y)) expectTyped(`rejects-ragged-x: ${m} with a ragged X`, call, [ShapeError]);
    },
  },
  {
    name: 'rejects-wrong-type-x',
    kinds: ALL,
    run(ctx) {
      const { X, y } = ctx.data();
      const strings = X.map((r) => r.map(String));
      const bad: [string, unknown][] = [['null', null], ['undefined', undefined], ['a string', 'abc'], ['a number', 42], ['a plain object', { a: 1 }], ['rows of strings', strings], ['a 1-D array', X.map((r) => r[0])]];
      const allowed = [InvalidInputError, ShapeError];
      for (const [what, v] of bad) expectTyped(`rejects-wrong-type-x: fit with X = ${what}`, () => fitOn(ctx.make(), ctx, v, y), allowed);
      const est = fitted(ctx);
      for (const [what, v] of bad) {
        for (const [m, call] of fittedCalls(est, ctx, v, y)) expectTyped(`rejects-wrong-type-x: ${m} with X = ${what}`, call, allowed);
      }
    },
  },
  {
    name: 'rejects-wrong-length-y',
    kinds: SUPERVISED,
    run(ctx) {
      const { X, y } = ctx.data();
      expectTyped('rejects-wrong-length-y: fit with y one entry short', () => ctx.make().fit(X, y.slice(1)), [ShapeError]);
      expectTyped('rejects-wrong-length-y: fit with y one entry long', () => ctx.make().fit(X, [...y, y[0]]), [ShapeError]);
      const est = fitted(ctx);
      expectTyped('rejects-wrong-length-y: score with y one entry short', () => est.score!(X, y.slice(1)), [ShapeError]);
    },
  },
  {
    name: 'wrong-columns-at-predict',
    kinds: ALL,
    run(ctx) {
      const est = fitted(ctx);
      const { X, y } = ctx.data();
      const wider = X.map((r) => [...r, 1]);
      for (const [m, call] of fittedCalls(est, ctx, wider, y)) expectTyped(`wrong-columns-at-predict: ${m} with one extra column`, call, [ShapeError]);
      if (X[0]!.length > 1) {
        const narrower = X.map((r) => r.slice(1));
        for (const [m, call] of fittedCalls(est, ctx, narrower, y)) expectTyped(`wrong-columns-at-predict: ${m} with one column fewer`, call, [ShapeError]);
      }
    },
  },
  {
    name: 'fit-idempotent',
    kinds: ALL,
    run(ctx) {
      const est = fitted(ctx);
      const { X, y } = ctx.data();
      const first = outputs(est, ctx, X);
      const state = stateText(est);
      step('second fit', () => fitOn(est, ctx, X, y));
      sameBits(first, outputs(est, ctx, X), 'fit-idempotent: after a second fit on the same data');
      if (stateText(est) !== state) fail('fit-idempotent: toJSON() differs after a second fit on the same data');
    },
  },
  {
    name: 'params-not-mutated',
    kinds: ALL,
    run(ctx) {
      const est = ctx.make();
      const before = structuredClone(step('getParams', () => est.getParams()));
      const { X, y } = ctx.data();
      step('fit', () => fitOn(est, ctx, X, y));
      const after = est.getParams();
      if (!isDeepStrictEqual(before, after)) fail(`params-not-mutated: getParams() was ${JSON.stringify(before)} before fit and ${JSON.stringify(after)} after`);
    },
  },
  {
    name: 'input-not-mutated',
    kinds: ALL,
    run(ctx) {
      const { X, y } = ctx.data();
      const Xm = Matrix.from(X);
      const ints = y.every((v) => typeof v === 'number' && Number.isInteger(v));
      const yTyped = ctx.kind === 'regressor' ? Float64Array.from(y as number[]) : ints ? Int32Array.from(y as number[]) : y.slice();
      const snap = () => JSON.stringify([X, y, Array.from(Xm.data), Array.from(yTyped as ArrayLike<unknown>)]);
      const before = snap();
      for (const [xs, ys, label] of [[X, y, 'number[][] X and array y'], [Xm, yTyped, 'Matrix X and typed y']] as const) {
        const est = ctx.make();
        step('fit', () => fitOn(est, ctx, xs, ys));
        for (const [m, call] of fittedCalls(est, ctx, xs, ys, true)) step(m, call);
        if (typeof est.fitTransform === 'function') step('fitTransform', () => est.fitTransform!(xs, ys));
        if (snap() !== before) fail(`input-not-mutated: the caller's X or y changed during fit/predict (${label})`);
      }
    },
  },
  {
    name: 'get-params-frozen',
    kinds: ALL,
    run(ctx) {
      const est = ctx.make();
      const frozenDeep = (v: unknown): boolean =>
        v === null || typeof v !== 'object' || (Object.isFrozen(v) && Object.values(v as object).every(frozenDeep));
      for (const when of ['before fit', 'after fit']) {
        const p = step('getParams', () => est.getParams());
        if (p === null || typeof p !== 'object') fail(`get-params-frozen: getParams() returned ${String(p)} ${when}, expected an object`);
        if (!frozenDeep(p)) fail(`get-params-frozen: getParams() ${when} is not (deeply) frozen; return Object.freeze({ ...params })`);
        const { X, y } = ctx.data();
        step('fit', () => fitOn(est, ctx, X, y));
      }
    },
  },
  {
    name: 'single-sample',
    kinds: ALL,
    run(ctx) {
      const { X, y } = ctx.data();
      const one = ctx.make();
      let ok = true;
      try {
        fitOn(one, ctx, [X[0]!], [y[0]!]);
      } catch (e) {
        if (!(e instanceof FpmlError)) fail(`single-sample: fit on one sample threw ${errorName(e)}; it must work or throw a typed fpml error`);
        ok = false;
      }
      if (ok) {
        for (const [m, call] of fittedCalls(one, ctx, [X[0]!], [y[0]!], true)) {
          const r = step(`${m} after fitting one sample`, call);
          const vals = r instanceof Matrix ? Array.from(r.data) : typeof r === 'number' ? [r] : Array.from(r as ArrayLike<unknown>);
          if (vals.some((v) => typeof v === 'number' && Number.isNaN(v))) fail(`single-sample: ${m} after fitting one sample returned NaN`);
        }
      }
      const est = fitted(ctx);
      const out = outputs(est, ctx, [X[0]!]);
      for (const [k, v] of Object.entries(out)) if (v.length === 0) fail(`single-sample: ${k} on one row returned nothing`);
    },
  },
  {
    name: 'batch-independent',
    kinds: ALL,
    run(ctx) {
      const est = fitted(ctx);
      const { X } = ctx.data();
      const whole = outputs(est, ctx, X);
      const rowsOf = (o: Record<string, unknown[]>, key: string, n: number): unknown[][] => {
        const v = o[key]!;
        const body = key === 'predict' ? v : v.slice(2);
        const w = body.length / n;
        return Array.from({ length: n }, (_, i) => body.slice(i * w, (i + 1) * w));
      };
      for (const key of Object.keys(whole)) {
        const full = rowsOf(whole, key, X.length);
        X.forEach((row, i) => sameValues(full[i]!, rowsOf(outputs(est, ctx, [row]), key, 1)[0]!, `batch-independent: ${key} of row ${i} alone vs in the whole batch`));
        const order = new Rng(1).permutation(X.length);
        const half = Array.from(order.subarray(0, Math.ceil(X.length / 2)));
        const part = rowsOf(outputs(est, ctx, half.map((i) => X[i]!)), key, half.length);
        half.forEach((i, k) => sameValues(full[i]!, part[k]!, `batch-independent: ${key} of row ${i} in a shuffled half vs in the whole batch`));
      }
    },
  },
  {
    name: 'json-round-trip',
    kinds: ALL,
    run(ctx) {
      const unfitted = ctx.make();
      const text0 = stateText(unfitted);
      const back0 = step('fromJSON of an unfitted model', () => ctx.fromJSON(JSON.parse(text0)));
      if (back0.isFitted !== false || stateText(back0) !== text0) fail('json-round-trip: an unfitted model does not round-trip through JSON');
      const est = fitted(ctx);
      const { X } = ctx.data();
      const text = stateText(est);
      const back = step('fromJSON', () => ctx.fromJSON(JSON.parse(text)));
      if (stateText(back) !== text) fail('json-round-trip: fromJSON(JSON.parse(JSON.stringify(toJSON()))).toJSON() differs from the original');
      sameBits(outputs(est, ctx, X), outputs(back, ctx, X), 'json-round-trip: the reloaded model');
    },
  },
  {
    name: 'seed-reproducible',
    kinds: ALL,
    run(ctx) {
      const a = fitted(ctx);
      const b = fitted(ctx);
      const { X } = ctx.data();
      if (stateText(a) !== stateText(b)) fail('seed-reproducible: two estimators from the same factory (same seed) fit different states');
      sameBits(outputs(a, ctx, X), outputs(b, ctx, X), 'seed-reproducible: a second estimator with the same seed');
    },
  },
  {
    name: 'proba-valid',
    kinds: ['classifier'],
    run(ctx) {
      const est = fitted(ctx);
      const { X } = ctx.data();
      const P = step('predictProba', () => est.predictProba!(X));
      const K = step('classes', () => est.classes!.length);
      if (!(P instanceof Matrix) || P.rows !== X.length || P.cols !== K) fail(`proba-valid: predictProba must return a Matrix (${X.length}, ${K})`);
      const M = P as Matrix;
      for (let i = 0; i < M.rows; i++) {
        let s = 0;
        for (let k = 0; k < K; k++) {
          const p = M.get(i, k);
          if (!(p >= 0 && p <= 1)) fail(`proba-valid: predictProba[${i}][${k}] = ${p} is not in [0, 1]`);
          s += p;
        }
        if (Math.abs(s - 1) > 1e-12) fail(`proba-valid: predictProba row ${i} sums to ${s}, expected 1 within 1e-12`);
      }
    },
  },
  {
    name: 'predict-argmax-proba',
    kinds: ['classifier'],
    run(ctx) {
      const est = fitted(ctx);
      const { X } = ctx.data();
      const pred = Array.from(step('predict', () => est.predict!(X)) as ArrayLike<number | string>);
      const P = step('predictProba', () => est.predictProba!(X)) as Matrix;
      const classes = step('classes', () => est.classes!);
      pred.forEach((label, i) => {
        const k = classes.indexOf(label);
        if (k < 0) fail(`predict-argmax-proba: predict[${i}] = ${String(label)} is not one of classes`);
        const row = P.row(i);
        if (row[k]! < Math.max(...row)) fail(`predict-argmax-proba: row ${i} predicts ${String(label)} (p = ${row[k]}) but another class has p = ${Math.max(...row)}`);
      });
    },
  },
  {
    name: 'string-labels',
    kinds: ['classifier'],
    run(ctx) {
      const { X, y } = ctx.data();
      const { encoding, codes } = LabelEncoding.fit(y);
      const names = Array.from(codes, (c) => `class_${String(c).padStart(3, '0')}`); // same sort order as the codes
      const asInt = ctx.make();
      const asStr = ctx.make();
      step('fit with integer labels', () => asInt.fit(X, codes));
      step('fit with string labels', () => asStr.fit(X, names));
      const want = Array.from(step('predict', () => asInt.predict!(X)) as ArrayLike<number>, (c) => `class_${String(c).padStart(3, '0')}`);
      const got = step('predict', () => asStr.predict!(X));
      if (!Array.isArray(got) || got.some((v, i) => v !== want[i])) fail(`string-labels: predict after fitting string labels returned ${JSON.stringify(Array.from(got as ArrayLike<unknown>).slice(0, 5))}..., expected the labels ${JSON.stringify(want.slice(0, 5))}...`);
      const cls = step('classes', () => asStr.classes!);
      if (!isDeepStrictEqual([...cls], encoding.classes.map((_, c) => `class_${String(c).padStart(3, '0')}`))) fail(`string-labels: classes are ${JSON.stringify(cls)}`);
      const s1 = step('score', () => asInt.score!(X, codes));
      const s2 = step('score', () => asStr.score!(X, names));
      if (s1 !== s2) fail(`string-labels: score with string labels ${String(s2)} differs from score with integer labels ${String(s1)}`);
    },
  },
  {
    name: 'score-is-accuracy',
    kinds: ['classifier'],
    run(ctx) {
      const est = fitted(ctx);
      const { X, y } = ctx.data();
      const pred = Array.from(step('predict', () => est.predict!(X)) as ArrayLike<unknown>);
      const acc = pred.filter((p, i) => p === y[i]).length / y.length;
      const s = step('score', () => est.score!(X, y));
      if (typeof s !== 'number' || Math.abs(s - acc) > 1e-12) fail(`score-is-accuracy: score() = ${String(s)} but the accuracy of predict() is ${acc}`);
    },
  },
  {
    name: 'score-is-r2',
    kinds: ['regressor'],
    run(ctx) {
      const est = fitted(ctx);
      const { X, y } = ctx.data();
      const pred = Float64Array.from(step('predict', () => est.predict!(X)) as ArrayLike<number>);
      const r2 = r2Score(Float64Array.from(y as number[]), pred);
      const s = step('score', () => est.score!(X, y));
      if (typeof s !== 'number' || Math.abs(s - r2) > 1e-10 * Math.max(1, Math.abs(r2))) fail(`score-is-r2: score() = ${String(s)} but R^2 of predict() is ${r2}`);
    },
  },
  {
    name: 'fit-transform-consistent',
    kinds: ['transformer'],
    run(ctx) {
      const { X } = ctx.data();
      const a = step('fitTransform', () => ctx.make().fitTransform!(X)) as Matrix;
      const est = fitted(ctx);
      const b = step('transform', () => est.transform!(X)) as Matrix;
      sameValues([a.rows, a.cols, ...a.data], [b.rows, b.cols, ...b.data], 'fit-transform-consistent: fitTransform(X) vs fit(X).transform(X)');
    },
  },
  {
    name: 'inverse-transform-round-trip',
    kinds: ['transformer'],
    applies: (est) => typeof est.inverseTransform === 'function',
    run(ctx) {
      const est = fitted(ctx);
      const { X } = ctx.data();
      const Z = step('transform', () => est.transform!(X));
      const back = step('inverseTransform', () => est.inverseTransform!(Z)) as Matrix;
      const scale = Math.max(1, ...X.flat().map(Math.abs));
      back.toArray().forEach((row, i) =>
        row.forEach((v, j) => {
          if (!(Math.abs(v - X[i]![j]!) <= 1e-9 * scale)) fail(`inverse-transform-round-trip: inverseTransform(transform(X))[${i}][${j}] = ${v}, expected ${X[i]![j]}`);
        }),
      );
    },
  },
];

/** Names of every check, in run order. */
export const ESTIMATOR_CHECKS: readonly string[] = Object.freeze(CHECKS.map((c) => c.name));

/* ----------------------------------------------------------------------------------------------
 * Data and set-up.
 * --------------------------------------------------------------------------------------------*/

/** The default check data: fixed by `new Rng(0)`, so every run sees the same numbers. */
export function defaultCheckData(kind: EstimatorKind): CheckData {
  const rng = new Rng(0);
  const n = 24;
  const d = 3;
  const counts = [11, 8, 5]; // imbalanced: a unique majority class
  const labels = rng.shuffle(counts.flatMap((c, k) => new Array<number>(c).fill(k)));
  const w = [1.5, -2, 0.5];
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = Array.from({ length: d }, (_, j) => rng.normal(kind === 'classifier' ? 2 * labels[i]! : j, 1 + j));
    X.push(row);
    y.push(kind === 'classifier' ? labels[i]! : 0.5 + row.reduce((s, v, j) => s + v * w[j]!, 0) + rng.normal(0, 0.1));
  }
  return { X, y };
}

function inferKind(est: AnyEstimator): EstimatorKind {
  if (typeof est.transform === 'function') return 'transformer';
  if (typeof est.predictProba === 'function') return 'classifier';
  return 'regressor';
}

interface Plan {
  ctx: Ctx;
  checks: { check: Check; skip?: string }[];
}

function plan(make: () => Estimator, options: CheckEstimatorOptions): Plan {
  const probe = make() as unknown as AnyEstimator;
  const kind = options.kind ?? inferKind(probe);
  const data = options.data ?? defaultCheckData(kind);
  if (!data.X || data.X.length < 4) throw new InvalidInputError(`checkEstimator: data.X must have at least 4 rows, got ${data.X?.length}`);
  if (kind !== 'transformer' && (!data.y || data.y.length !== data.X.length)) throw new ShapeError('checkEstimator: data.y must have one entry per row of data.X');
  const ctor = (probe as object).constructor as { fromJSON?: (j: unknown) => unknown };
  const fromJSON =
    options.fromJSON ?? (typeof ctor.fromJSON === 'function' ? (j: unknown) => ctor.fromJSON!(j) : estimatorFromJSON);
  const ctx: Ctx = {
    make: () => make() as unknown as AnyEstimator,
    kind,
    data: () => ({ X: data.X.map((r) => r.slice()), y: (data.y ?? data.X.map(() => 0)).slice() }),
    fromJSON: fromJSON as (json: unknown) => AnyEstimator,
  };
  const skips = new Map((options.skip ?? []).map((s) => [s.check, s.reason]));
  for (const name of skips.keys()) {
    if (!ESTIMATOR_CHECKS.includes(name)) throw new InvalidInputError(`checkEstimator: unknown check '${name}' in skip; checks: ${ESTIMATOR_CHECKS.join(', ')}`);
  }
  const checks = CHECKS.filter((c) => c.kinds.includes(kind) && (c.applies?.(probe) ?? true)).map((check) => {
    const reason = skips.get(check.name);
    return reason === undefined ? { check } : { check, skip: reason };
  });
  return { ctx, checks };
}

function runOne(check: Check, ctx: Ctx): CheckResult {
  try {
    check.run(ctx);
    return { check: check.name, passed: true };
  } catch (e) {
    return { check: check.name, passed: false, error: e instanceof CheckFailure ? e.message : `${check.name}: unexpected ${errorName(e)}` };
  }
}

/**
 * Run every applicable check and report each outcome (no vitest needed). A skipped check is still
 * run: its result carries `skipped` (the reason) and its real outcome.
 * @throws InvalidInputError for an unknown check name in `skip` or unusable `data`.
 */
export async function runEstimatorChecks(make: () => Estimator, options: CheckEstimatorOptions = {}): Promise<CheckResult[]> {
  const { ctx, checks } = plan(make, options);
  return checks.map(({ check, skip }) => (skip === undefined ? runOne(check, ctx) : { ...runOne(check, ctx), skipped: skip }));
}

/**
 * Register `describe(name)` with one vitest case per applicable check. A case listed in `skip`
 * expects its check to fail and fails if it passes (remove the skip then).
 * @example checkEstimator('DummyRegressor(median)', () => new DummyRegressor({ strategy: 'median' }));
 */
export function checkEstimator(name: string, make: () => Estimator, options: CheckEstimatorOptions = {}): void {
  const { ctx, checks } = plan(make, options);
  describe(name, () => {
    for (const { check, skip } of checks) {
      const title = skip === undefined ? check.name : `${check.name} (expected to fail: ${skip})`;
      it(title, () => {
        const r = runOne(check, ctx);
        if (skip === undefined && !r.passed) throw new CheckFailure(r.error!);
        if (skip !== undefined && r.passed) throw new CheckFailure(`${check.name} passed but is listed in skip (${skip}); remove the skip`);
      });
    }
  });
}
