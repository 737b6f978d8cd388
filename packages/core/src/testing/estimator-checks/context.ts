/**
 * Shared machinery of the contract checks: the loose view of an estimator the checks drive,
 * the per-run context, typed-error expectations and output comparisons.
 *
 * @see ../../../../../docs/core/testing.md
 */
import { FpmlError } from '../../errors.js';
import { Matrix } from '../../matrix/matrix.js';

/** What an estimator is, which decides the checks that apply. */
export type EstimatorKind = 'classifier' | 'regressor' | 'transformer';

/** A failed contract check; the message says what was done, expected and got. */
export class CheckFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckFailure';
  }
}

/** Any method, called loosely: the checks call methods that only some kinds have. */
export type Fn = (...args: unknown[]) => unknown;
/** The view of an estimator the checks drive (every member a kind may lack is optional). */
export interface AnyEstimator {
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

/** One run of the suite: the factory, the kind, fresh data and the JSON loader. */
export interface Ctx {
  make: () => AnyEstimator;
  kind: EstimatorKind;
  /** Fresh deep copies of the training data. */
  data: () => { X: number[][]; y: (number | string)[] };
  fromJSON: (json: unknown) => AnyEstimator;
}

/** Throw a CheckFailure. */
export const fail = (msg: string): never => {
  throw new CheckFailure(msg);
};

/** `Name: message` of a thrown value, for failure messages. */
export function errorName(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : `a thrown ${typeof e}`;
}

/** Run `fn` and require a typed error of one of `allowed` with a message. */
export function expectTyped(what: string, fn: () => unknown, allowed: readonly (abstract new (...a: never[]) => Error)[]): void {
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
export function step<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof CheckFailure) throw e;
    return fail(`${what} threw ${errorName(e)}`);
  }
}

/** `fit(X, y)`, or `fit(X)` for transformers. */
export function fitOn(est: AnyEstimator, ctx: Ctx, X: unknown, y: unknown): unknown {
  return ctx.kind === 'transformer' ? est.fit(X) : est.fit(X, y);
}

/** A fresh estimator fitted on fresh copies of the check data. */
export function fitted(ctx: Ctx): AnyEstimator {
  const est = ctx.make();
  const { X, y } = ctx.data();
  step('fit on the check data', () => fitOn(est, ctx, X, y));
  return est;
}

/** The outputs that define a fitted model's behaviour on X, as plain JSON-able arrays. */
export function outputs(est: AnyEstimator, ctx: Ctx, X: unknown): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  const flat = (v: unknown): unknown[] => (v instanceof Matrix ? [v.rows, v.cols, ...v.data] : Array.from(v as ArrayLike<unknown>));
  if (ctx.kind === 'transformer') out.transform = flat(step('transform', () => est.transform!(X)));
  else out.predict = flat(step('predict', () => est.predict!(X)));
  if (ctx.kind === 'classifier') out.predictProba = flat(step('predictProba', () => est.predictProba!(X)));
  return out;
}

/** Bitwise comparison (Object.is per element) with the first difference named. */
export function sameBits(a: Record<string, unknown[]>, b: Record<string, unknown[]>, what: string): void {
  for (const key of Object.keys(a)) {
    const u = a[key]!;
    const v = b[key]!;
    if (u.length !== v.length) fail(`${what}: ${key} has ${v.length} values, expected ${u.length}`);
    for (let i = 0; i < u.length; i++) {
      if (!Object.is(u[i], v[i])) fail(`${what}: ${key} differs at flat index ${i}: got ${String(v[i])}, expected ${String(u[i])}`);
    }
  }
}

/** Closeness for batch comparisons: labels exactly, floats to rtol 1e-9 + atol 1e-12. */
export function sameValues(u: unknown[], v: unknown[], what: string): void {
  if (u.length !== v.length) fail(`${what}: ${v.length} values, expected ${u.length}`);
  for (let i = 0; i < u.length; i++) {
    const a = u[i];
    const b = v[i];
    const ok = typeof a === 'number' && typeof b === 'number' ? Math.abs(a - b) <= 1e-12 + 1e-9 * Math.abs(a) || Object.is(a, b) : a === b;
    if (!ok) fail(`${what}: differs at flat index ${i}: got ${String(b)}, expected ${String(a)}`);
  }
}

/** `JSON.stringify(est.toJSON())`: the model's whole saved state as text. */
export const stateText = (est: AnyEstimator): string => JSON.stringify(step('toJSON', () => est.toJSON()));

/** One contract check: its name, the kinds it applies to, and its body (throws CheckFailure). */
export interface Check {
  name: string;
  kinds: readonly EstimatorKind[];
  applies?: (est: AnyEstimator) => boolean;
  run: (ctx: Ctx) => void;
}
/** Kind sets for {@link Check.kinds}. */
export const ALL: readonly EstimatorKind[] = ['classifier', 'regressor', 'transformer'];
export const SUPERVISED: readonly EstimatorKind[] = ['classifier', 'regressor'];

/**
 * Methods that need a fitted model, called on X (and y for score): those of the estimator's
 * kind (classifier: predict, predictProba, score; regressor: predict, score; transformer:
 * transform, inverseTransform), so a meta-estimator whose other methods depend on its final
 * step (a Pipeline ending in a classifier has no usable transform) is judged as what it is.
 * With `validData`, inverseTransform gets `transform(X)` (its own input space) instead of X.
 */
export function fittedCalls(est: AnyEstimator, ctx: Ctx, X: unknown, y: unknown, validData = false): [string, () => unknown][] {
  const calls: [string, () => unknown][] = [];
  const methods = ctx.kind === 'transformer' ? (['transform'] as const) : ctx.kind === 'classifier' ? (['predict', 'predictProba'] as const) : (['predict'] as const);
  for (const m of methods) {
    const f = est[m];
    if (typeof f === 'function') calls.push([m, () => f.call(est, X)]);
  }
  const inverse = ctx.kind === 'transformer' && typeof est.inverseTransform === 'function';
  // inverseTransform takes transformed data; given X itself it still must reject bad values.
  if (inverse && !validData) calls.push(['inverseTransform', () => est.inverseTransform!.call(est, X)]);
  if (inverse && validData) {
    calls.push(['inverseTransform', () => est.inverseTransform!.call(est, est.transform!.call(est, X))]);
  }
  if (typeof est.score === 'function' && ctx.kind !== 'transformer') calls.push(['score', () => est.score!.call(est, X, y)]);
  return calls;
}

