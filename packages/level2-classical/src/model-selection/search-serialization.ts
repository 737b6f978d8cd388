/**
 * Saving the searches: how their params (an estimator, param values that may be estimators or
 * distributions, a `cv` that may be a splitter) and their scores (which may be NaN with a numeric
 * `errorScore`) become JSON and come back. Also the plain, deeply frozen `getParams()` view.
 *
 * - an estimator → its `toJSON()` with `state: null` (loaded back through the registry);
 * - a built-in distribution → `{ distribution, low, high }`;
 * - `cv` → the integer, `{ splitter: 'KFold' | 'StratifiedKFold' | 'GroupKFold', nSplits, shuffle, seed }`,
 *   or explicit folds `[[train...], [test...]]`;
 * - a non-finite number → the string `'NaN'`, `'Infinity'` or `'-Infinity'`.
 * A scoring function, a custom splitter or a custom sampler cannot be saved: `toJSON` throws.
 *
 * @see ../../../../docs/level2-classical/model-selection.md#searches-as-estimators
 */
import { InvalidInputError, KFold, StratifiedKFold, describeValue, estimatorFromJSON } from '@fpml/core';
import type { Fold } from '@fpml/core';
import { isEstimator, isSerializedEstimator, unfittedJSON } from './clone.js';
import type { CvOption, FoldLike } from './check-cv.js';
import { distributionFromJSON, isDistributionJSON, isSampler } from './distributions.js';
import { GroupKFold } from './group-k-fold.js';

/** A sampler's `toJSON()`, or null if it has none. */
function samplerJSON(v: object): unknown {
  const t = (v as { toJSON?: unknown }).toJSON;
  return typeof t === 'function' ? (t as () => unknown).call(v) : null;
}

/** JSON-safe number: finite as is, else its name. */
export const saveNumber = (v: number): number | string => (Number.isFinite(v) ? v : String(v));

/** Inverse of {@link saveNumber}. @throws InvalidInputError for anything else. */
export function loadNumber(v: unknown, what: string): number {
  if (typeof v === 'number') return v;
  if (v === 'NaN' || v === 'Infinity' || v === '-Infinity') return Number(v);
  throw new InvalidInputError(`${what} must be a number, got ${describeValue(v)}`);
}

/** A param value as JSON: estimators and distributions saved, arrays element-wise. */
export function saveValue(v: unknown, owner: string): unknown {
  if (isEstimator(v)) return unfittedJSON(v, owner);
  if (isSampler(v)) {
    const j = samplerJSON(v);
    if (!isDistributionJSON(j)) throw new InvalidInputError(`${owner}.toJSON: a custom sampler cannot be saved; use uniform, logUniform or randInt`);
    return j;
  }
  if (typeof v === 'number' && !Number.isFinite(v)) throw new InvalidInputError(`${owner}.toJSON: the param value ${describeValue(v)} is not JSON-safe`);
  if (Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView))) return Array.from(v as ArrayLike<unknown>, (x) => saveValue(x, owner));
  if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, saveValue(x, owner)]));
  if (typeof v === 'function') throw new InvalidInputError(`${owner}.toJSON: a function-valued param cannot be saved`);
  return v;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);

/** Inverse of {@link saveValue}. */
export function loadValue(v: unknown): unknown {
  if (isSerializedEstimator(v)) return estimatorFromJSON(v);
  if (isDistributionJSON(v)) return distributionFromJSON(v);
  if (Array.isArray(v)) return v.map(loadValue);
  if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, loadValue(x)]));
  return v;
}

/** A plain description of a param value for `getParams()` (estimators as `{ kind, params }`). */
export function describeParam(v: unknown): unknown {
  if (isEstimator(v)) return { kind: unfittedJSON(v).kind, params: structuredClone(v.getParams()) };
  if (isSampler(v)) return samplerJSON(v) ?? { sampler: 'custom' };
  if (typeof v === 'function') return { function: v.name || '(anonymous)' };
  if (Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView))) return Array.from(v as ArrayLike<unknown>, describeParam);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, describeParam(x)]));
  return v;
}

/** Deep-freeze plain data. */
export function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

type SavedSplitter = { splitter: 'KFold' | 'StratifiedKFold' | 'GroupKFold'; nSplits: number; shuffle: boolean; seed: number };

/** `cv` as JSON, or throw for a splitter fpml cannot rebuild. */
export function saveCv(cv: CvOption, owner: string): number | SavedSplitter | [number[], number[]][] {
  if (typeof cv === 'number') return cv;
  if (Array.isArray(cv)) {
    return (cv as readonly FoldLike[]).map((f) => {
      const [tr, te] = Array.isArray(f) ? f : [(f as Fold).trainIndex, (f as Fold).testIndex];
      return [Array.from(tr as ArrayLike<number>), Array.from(te as ArrayLike<number>)];
    });
  }
  for (const [name, Ctor] of [['KFold', KFold], ['StratifiedKFold', StratifiedKFold], ['GroupKFold', GroupKFold]] as const) {
    if ((cv as object).constructor === Ctor) {
      const s = cv as unknown as { nSplits: number; shuffle?: boolean; seed?: number };
      return { splitter: name, nSplits: s.nSplits, shuffle: s.shuffle ?? false, seed: s.seed ?? 0 };
    }
  }
  throw new InvalidInputError(`${owner}.toJSON: cannot save cv ${describeValue(cv)}; use an integer, KFold, StratifiedKFold, GroupKFold or explicit folds`);
}

/** Inverse of {@link saveCv}. */
export function loadCv(v: unknown, owner: string): CvOption {
  if (typeof v === 'number') return v;
  if (Array.isArray(v)) return v as [number[], number[]][];
  if (v !== null && typeof v === 'object') {
    const s = v as Partial<SavedSplitter>;
    if (s.splitter === 'KFold') return new KFold({ nSplits: s.nSplits, shuffle: s.shuffle, seed: s.seed });
    if (s.splitter === 'StratifiedKFold') return new StratifiedKFold({ nSplits: s.nSplits, shuffle: s.shuffle, seed: s.seed });
    if (s.splitter === 'GroupKFold') return new GroupKFold({ nSplits: s.nSplits });
  }
  throw new InvalidInputError(`${owner}.fromJSON: params.cv must be an integer, a saved splitter or folds, got ${describeValue(v)}`);
}

/** `cv` for `getParams()`: the integer, the splitter's settings, or the folds as arrays. */
export function describeCv(cv: CvOption): unknown {
  if (typeof cv === 'number') return cv;
  if (Array.isArray(cv)) return describeParam(saveCv(cv, 'getParams'));
  const fields = Object.fromEntries(Object.entries(cv as object).filter(([, x]) => typeof x !== 'function'));
  return { splitter: (cv as object).constructor?.name ?? 'splitter', ...(describeParam(fields) as object) };
}
