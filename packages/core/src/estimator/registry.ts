/**
 * The estimator registry: maps a saved model's `kind` to the `fromJSON` that rebuilds it, so a
 * {@link SerializedEstimator} of any registered class can be loaded without knowing its class
 * up front (what `Pipeline.fromJSON` needs for its steps).
 *
 * Each estimator module registers itself once, at load time:
 * ```ts
 * registerEstimator('DummyClassifier', DummyClassifier.fromJSON);
 * ```
 * The registry is a module-level map; it is the only piece of shared state in the estimator
 * area and holds only constructors-from-JSON (no configuration).
 *
 * @see ../../../../docs/core/estimators.md
 */
import { InvalidInputError, NotFoundError, describeValue } from '../errors.js';
import type { Estimator, SerializedEstimator } from './types.js';

/** Rebuilds an estimator from its saved form. */
export type EstimatorFromJSON = (json: SerializedEstimator) => Estimator;

const registry = new Map<string, EstimatorFromJSON>();

/**
 * Register `fromJSON` as the loader for saved estimators whose `kind` is `kind`.
 * Registering the same function twice is a no-op (modules may be evaluated more than once
 * under some bundlers); registering a different function for a taken kind throws.
 *
 * @throws InvalidInputError if `kind` is empty or already taken by another loader.
 */
export function registerEstimator(kind: string, fromJSON: EstimatorFromJSON): void {
  if (typeof kind !== 'string' || kind.length === 0) {
    throw new InvalidInputError(`registerEstimator: kind must be a non-empty string, got ${describeValue(kind)}`);
  }
  if (typeof fromJSON !== 'function') {
    throw new InvalidInputError(`registerEstimator: fromJSON for '${kind}' must be a function, got ${describeValue(fromJSON)}`);
  }
  const existing = registry.get(kind);
  if (existing !== undefined && existing !== fromJSON) {
    throw new InvalidInputError(`registerEstimator: kind '${kind}' is already registered with another loader`);
  }
  registry.set(kind, fromJSON);
}

/** The registered kinds, sorted. */
export function registeredEstimatorKinds(): string[] {
  return [...registry.keys()].sort();
}

/**
 * Rebuild any registered estimator from its saved form (a parsed `toJSON()` result).
 *
 * @throws InvalidInputError if `json` is not an object with a string `kind`;
 *   NotFoundError for an unknown kind, listing the registered ones.
 */
export function estimatorFromJSON(json: unknown): Estimator {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new InvalidInputError(`estimatorFromJSON expects a saved estimator { kind, version, params, state }, got ${describeValue(json)}`);
  }
  const kind = (json as { kind?: unknown }).kind;
  if (typeof kind !== 'string') {
    throw new InvalidInputError(`estimatorFromJSON: json.kind must be a string, got ${describeValue(kind)}`);
  }
  const load = registry.get(kind);
  if (load === undefined) throw new NotFoundError('estimator kind', kind, registeredEstimatorKinds());
  return load(json as SerializedEstimator);
}
