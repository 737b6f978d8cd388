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
import { describe, it } from 'vitest';
import { InvalidInputError, ShapeError } from '../errors.js';
import { estimatorFromJSON } from '../estimator/registry.js';
import type { Estimator } from '../estimator/types.js';
import { Rng } from '../rng/rng.js';
import { type AnyEstimator, type Check, CheckFailure, type Ctx, type EstimatorKind, errorName } from './estimator-checks/context.js';
import { INPUT_CHECKS } from './estimator-checks/input-checks.js';
import { KIND_CHECKS } from './estimator-checks/kind-checks.js';
import { STATE_CHECKS } from './estimator-checks/state-checks.js';

export { CheckFailure, type EstimatorKind };

/** Every check, in run order: state and API first, then bad input, then kind-specific ones. */
const CHECKS: readonly Check[] = [...STATE_CHECKS, ...INPUT_CHECKS, ...KIND_CHECKS];

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
