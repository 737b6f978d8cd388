/**
 * `clone`: a fresh, unfitted estimator with the same hyper-parameters (scikit-learn's
 * `sklearn.base.clone`), and `cloneWithParams`, the same with some params replaced (sklearn's
 * `clone(est).set_params(**params)`). Every fold of a cross-validation and every candidate of a
 * search fits its own clone, so the estimator the caller passed in is never fitted or mutated.
 *
 * How a clone is made: fpml estimators are immutable (no `setParams`), and each one saves itself
 * as `{ kind, version, params, state }`. So
 * $$\mathrm{clone}(e) = \mathrm{fromJSON}(\{\dots e.\mathrm{toJSON}(),\ \mathrm{state}: \mathrm{null}\}),$$
 * with every nested saved estimator inside `params` (a Pipeline's steps) unfitted the same way.
 * The loader is the class's own static `fromJSON`, else the registry's `estimatorFromJSON`;
 * an estimator with neither is rebuilt by its constructor from `getParams()`. Params to replace
 * are written into the saved params before loading: a plain key (`alpha`) must be one of them; a
 * `step__param` key (sklearn's syntax) goes into the nested estimator named `step` (a Pipeline
 * step, or a param whose value is a saved estimator); a value that is itself an estimator is saved
 * unfitted in its place (replacing a whole Pipeline step by name, as sklearn allows).
 *
 * Cost: one `toJSON` and one `fromJSON`, $O(|\text{params}|)$ plus the estimator's own loader
 * (which also validates the params, so a bad value fails here with the estimator's own
 * `InvalidParamError`).
 *
 * @see ../../../../docs/level2-classical/model-selection.md#cloning
 */
import { InvalidInputError, InvalidParamError, Pipeline, describeValue, estimatorFromJSON, registeredEstimatorKinds } from '@fpml/core';
import type { MatrixLike, Params, SerializedEstimator } from '@fpml/core';

/**
 * What model selection needs of an estimator: `fit`, and `getParams`/`toJSON`/`isFitted` to clone
 * it. Every fpml estimator (and Pipeline) is one; a classifier need not have `predictProba`.
 */
export interface FittableEstimator {
  fit(X: MatrixLike, y?: unknown): unknown;
  getParams(): Readonly<Params>;
  toJSON(): SerializedEstimator;
  readonly isFitted: boolean;
}
type Estimator = FittableEstimator;

/** A param set: param name (or `step__param`) → value. */
export type ParamSet = Readonly<Record<string, unknown>>;

/** Whether `v` looks like a saved estimator `{ kind, version, params, state }`. */
export function isSerializedEstimator(v: unknown): v is SerializedEstimator {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  return typeof o.kind === 'string' && typeof o.version === 'number' && o.params !== null && typeof o.params === 'object' && 'state' in o;
}

/** Whether `v` is an estimator object (has `fit`, `getParams` and `toJSON`). */
export function isEstimator(v: unknown): v is Estimator {
  if (v === null || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  return typeof o.fit === 'function' && typeof o.getParams === 'function' && typeof o.toJSON === 'function';
}

/** Copy of a saved params object (or value) with every nested saved estimator made unfitted. */
function unfitDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(unfitDeep);
  if (isSerializedEstimator(v)) return { ...v, params: unfitDeep(v.params), state: null };
  if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unfitDeep(x)]));
  }
  return v;
}

/**
 * The saved form of `estimator` with `state: null`, nested estimators (Pipeline steps) unfitted too.
 * @throws InvalidInputError if `estimator` is not an estimator or its `toJSON` is not a saved estimator.
 */
export function unfittedJSON(estimator: Estimator, owner = 'clone'): SerializedEstimator {
  if (!isEstimator(estimator)) throw new InvalidInputError(`${owner}: expected an estimator with fit, getParams and toJSON, got ${describeValue(estimator)}`);
  const json: unknown = estimator.toJSON();
  if (!isSerializedEstimator(json)) {
    throw new InvalidInputError(`${owner}: ${describeValue(estimator)}.toJSON() must return { kind, version, params, state }, got ${describeValue(json)}`);
  }
  return unfitDeep(json) as SerializedEstimator;
}

/** A value as it goes into saved params: estimators saved unfitted, arrays element by element. */
function toSaved(value: unknown, owner: string): unknown {
  if (isEstimator(value)) return unfittedJSON(value, owner);
  if (Array.isArray(value)) return value.map((v) => toSaved(v, owner));
  return value;
}

/** A copy of `json` with `key = value` set (nested `a__b` keys walk into step/estimator `a`). */
function setParam(json: SerializedEstimator, key: string, value: unknown, owner: string, fullKey: string): SerializedEstimator {
  const params = { ...json.params } as Record<string, unknown>;
  const steps = Array.isArray(params.steps) && params.steps.every((s) => Array.isArray(s) && s.length === 2 && typeof s[0] === 'string' && isSerializedEstimator(s[1]))
    ? (params.steps as [string, SerializedEstimator][])
    : null;
  const cut = key.indexOf('__');
  const head = cut < 0 ? key : key.slice(0, cut);
  const rest = cut < 0 ? null : key.slice(cut + 2);
  const stepIndex = steps ? steps.findIndex(([n]) => n === head) : -1;
  const replacement = (old: SerializedEstimator): SerializedEstimator =>
    rest === null ? unfittedJSON(value as Estimator, owner) : setParam(old, rest, value, owner, fullKey);
  if (steps && stepIndex >= 0 && head !== 'steps') {
    if (rest === null && !isEstimator(value)) throw new InvalidParamError(owner, fullKey, value, `an estimator (it replaces the ${json.kind} step '${head}')`);
    params.steps = steps.map((s, i) => (i === stepIndex ? [s[0], replacement(s[1])] : s));
  } else if (Object.hasOwn(params, head) && (rest === null || isSerializedEstimator(params[head]))) {
    params[head] = rest === null ? toSaved(value, owner) : replacement(params[head] as SerializedEstimator);
  } else {
    throw new InvalidParamError(owner, fullKey, value, `a param of ${json.kind} (valid: ${validParamNames(json).join(', ')})`);
  }
  return { ...json, params };
}

/**
 * Names `cloneWithParams` accepts for a saved estimator: its params, and for a Pipeline (or an
 * estimator-valued param) the nested names `step__param`, sorted.
 */
export function validParamNames(json: SerializedEstimator): string[] {
  const names: string[] = [];
  const params = json.params as Record<string, unknown>;
  for (const [k, v] of Object.entries(params)) {
    if (k === 'steps' && Array.isArray(v)) {
      for (const s of v) {
        if (Array.isArray(s) && typeof s[0] === 'string' && isSerializedEstimator(s[1])) {
          names.push(s[0], ...validParamNames(s[1]).map((n) => `${s[0]}__${n}`));
        }
      }
    }
    names.push(k);
    if (isSerializedEstimator(v)) names.push(...validParamNames(v).map((n) => `${k}__${n}`));
  }
  return [...new Set(names)].sort();
}

/** The function that rebuilds `estimator`'s class from a saved form, or null if none is known. */
function loaderOf(estimator: Estimator, kind: string): ((json: SerializedEstimator) => Estimator) | null {
  const ctor = (estimator as object).constructor as { fromJSON?: (json: unknown) => Estimator } | undefined;
  if (ctor && Object.hasOwn(ctor, 'fromJSON') && typeof ctor.fromJSON === 'function') return (json) => ctor.fromJSON!(json);
  if (registeredEstimatorKinds().includes(kind)) return (json) => estimatorFromJSON(json);
  return null;
}

/** Rebuild from a saved form: the class's loader, else the constructor from the saved params. */
function rebuild<E extends Estimator>(estimator: E, json: SerializedEstimator, owner: string): E {
  const load = loaderOf(estimator, json.kind);
  let out: unknown;
  if (load) out = load(json);
  else {
    const Ctor = (estimator as object).constructor as new (options: unknown) => unknown;
    out = new Ctor({ ...json.params });
  }
  if (!isEstimator(out) || out === estimator || out.constructor !== estimator.constructor) {
    throw new InvalidInputError(`${owner}: rebuilding ${json.kind} from its saved params did not give a new ${json.kind}`);
  }
  if (out.isFitted) throw new InvalidInputError(`${owner}: the clone of ${json.kind} came back fitted; its fromJSON must honour state: null`);
  return out as E;
}

/**
 * A new, unfitted estimator of the same class with the same params. The original is untouched.
 *
 * @example
 * const fresh = clone(new DummyClassifier({ strategy: 'most_frequent' }));
 * fresh.getParams(); // { strategy: 'most_frequent', constant: null, seed: 0 }
 * @throws InvalidInputError if `estimator` is not an estimator or cannot be rebuilt.
 * @see ../../../../docs/level2-classical/model-selection.md#cloning
 */
export function clone<E extends Estimator>(estimator: E): E {
  return rebuild(estimator, unfittedJSON(estimator), 'clone');
}

/**
 * A clone of `estimator` with `params` replaced (sklearn's `clone(e).set_params(**params)`).
 * Keys are param names, `step__param` for nested estimators, or a Pipeline step's name (value: an
 * estimator, replacing the step).
 *
 * @param owner who is asking, for error messages (e.g. `'GridSearchCV'`).
 * @throws InvalidParamError naming an unknown param (listing the valid names), or the
 *   estimator's own InvalidParamError for a bad value; InvalidInputError as {@link clone}.
 */
export function cloneWithParams<E extends Estimator>(estimator: E, params: ParamSet, owner = 'cloneWithParams'): E {
  let json = unfittedJSON(estimator, owner);
  for (const [k, v] of Object.entries(params)) json = setParam(json, k, v, owner, k);
  return rebuild(estimator, json, owner);
}

/**
 * Throw InvalidParamError for the first name of `names` that `cloneWithParams(estimator, ...)`
 * would reject, without building anything. Used by the searches to check a whole grid before
 * the first fit.
 */
export function checkParamNames(estimator: Estimator, names: Iterable<string>, owner: string, what = 'paramGrid'): void {
  const json = unfittedJSON(estimator, owner);
  const valid = new Set(validParamNames(json));
  for (const name of names) {
    if (!valid.has(name)) {
      throw new InvalidParamError(owner, `${what}.${name}`, name, `a param name of ${json.kind} (valid: ${[...valid].join(', ')})`);
    }
  }
}

/** What an estimator is, for choosing the default splitter and scorer. */
export type EstimatorType = 'classifier' | 'regressor' | 'transformer';

/**
 * sklearn's `is_classifier`/`is_regressor`, read from what an fpml estimator has:
 * 1. an `estimatorType` property (`'classifier'`, `'regressor'`, `'transformer'`), if it declares
 *    one (the searches do: theirs is their estimator's);
 * 2. a {@link Pipeline}: its final step's type;
 * 3. a `classes` property or a `predictProba` method: a classifier (API.md's `Classifier` has both);
 * 4. else a `predict` method: a regressor (so are clusterers here: sklearn's `is_classifier` is
 *    false for them too, and they get `KFold`);
 * 5. else a transformer.
 */
export function estimatorTypeOf(estimator: unknown): EstimatorType {
  if (estimator === null || typeof estimator !== 'object') return 'transformer';
  const declared = (estimator as { estimatorType?: unknown }).estimatorType;
  if (declared === 'classifier' || declared === 'regressor' || declared === 'transformer') return declared;
  if (estimator instanceof Pipeline) {
    const steps = Object.values(estimator.namedSteps);
    return steps.length === 0 ? 'transformer' : estimatorTypeOf(steps[steps.length - 1]);
  }
  if ('classes' in estimator || typeof (estimator as { predictProba?: unknown }).predictProba === 'function') return 'classifier';
  if (typeof (estimator as { predict?: unknown }).predict === 'function') return 'regressor';
  return 'transformer';
}

/** `estimatorTypeOf(estimator) === 'classifier'`. */
export function isClassifier(estimator: unknown): boolean {
  return estimatorTypeOf(estimator) === 'classifier';
}
