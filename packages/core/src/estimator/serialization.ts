/**
 * Shared checks for `fromJSON`: every estimator saves `{ kind, version, params, state }` and
 * refuses to load anything else with a typed error, so a corrupt or foreign file never turns
 * into a half-built model.
 *
 * @see ../../../../docs/core/estimators.md
 */
import { InvalidInputError, describeValue } from '../errors.js';
import type { Params, SerializedEstimator } from './types.js';

/**
 * Check that `json` is a saved `kind` estimator of a supported `version` and return it typed.
 * `state` is returned as `unknown` for the caller to check field by field.
 *
 * @throws InvalidInputError naming what is wrong (not an object, other kind, unknown version,
 *   params not an object).
 */
export function readSerialized(json: unknown, kind: string, versions: readonly number[]): SerializedEstimator<Params, unknown> {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new InvalidInputError(`${kind}.fromJSON expects { kind, version, params, state }, got ${describeValue(json)}`);
  }
  const j = json as Partial<SerializedEstimator>;
  if (j.kind !== kind) {
    throw new InvalidInputError(`${kind}.fromJSON got a saved ${describeValue(j.kind)}; load it with that class or estimatorFromJSON`);
  }
  if (typeof j.version !== 'number' || !versions.includes(j.version)) {
    throw new InvalidInputError(`${kind}.fromJSON: version must be one of ${versions.join(', ')}, got ${describeValue(j.version)}`);
  }
  if (j.params === null || typeof j.params !== 'object' || Array.isArray(j.params)) {
    throw new InvalidInputError(`${kind}.fromJSON: params must be an object, got ${describeValue(j.params)}`);
  }
  if (j.state === undefined) {
    throw new InvalidInputError(`${kind}.fromJSON: state is missing (null for an unfitted model)`);
  }
  return { kind, version: j.version, params: j.params, state: j.state };
}

/** Read a field of a saved state object, or throw InvalidInputError naming it. */
export function stateField(state: unknown, kind: string, field: string): unknown {
  if (state === null || typeof state !== 'object' || Array.isArray(state)) {
    throw new InvalidInputError(`${kind}.fromJSON: state must be an object or null, got ${describeValue(state)}`);
  }
  if (!(field in state)) throw new InvalidInputError(`${kind}.fromJSON: state.${field} is missing`);
  return (state as Record<string, unknown>)[field];
}

/** A saved count (e.g. `nFeaturesIn`): a positive safe integer. */
export function readCount(state: unknown, kind: string, field: string): number {
  const v = stateField(state, kind, field);
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) {
    throw new InvalidInputError(`${kind}.fromJSON: state.${field} must be a positive integer, got ${describeValue(v)}`);
  }
  return v;
}

/** A saved vector of finite numbers of the given length, as a fresh Float64Array. */
export function readFiniteArray(state: unknown, kind: string, field: string, length?: number): Float64Array {
  const v = stateField(state, kind, field);
  if (!Array.isArray(v) || (length !== undefined && v.length !== length)) {
    const want = length === undefined ? 'an array' : `an array of length ${length}`;
    throw new InvalidInputError(`${kind}.fromJSON: state.${field} must be ${want}, got ${describeValue(v)}`);
  }
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const e: unknown = v[i];
    if (typeof e !== 'number' || !Number.isFinite(e)) {
      throw new InvalidInputError(`${kind}.fromJSON: state.${field}[${i}] must be a finite number, got ${describeValue(e)}`);
    }
    out[i] = e;
  }
  return out;
}
