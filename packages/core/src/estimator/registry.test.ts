import { describe, expect, it } from 'vitest';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { estimatorFromJSON, registerEstimator, registeredEstimatorKinds } from './registry.js';
import type { Estimator, SerializedEstimator } from './types.js';

/** A stand-in estimator: only the identity of the returned object matters here. */
const fake = { tag: 'fake' } as unknown as Estimator;
const loadFake = (json: SerializedEstimator): Estimator => {
  (fake as unknown as { seen: unknown }).seen = json.params;
  return fake;
};

describe('estimator registry', () => {
  it('dispatches on kind to the registered loader', () => {
    registerEstimator('RegistryTestFake', loadFake);
    const out = estimatorFromJSON({ kind: 'RegistryTestFake', version: 1, params: { a: 1 }, state: null });
    expect(out).toBe(fake);
    expect((out as unknown as { seen: unknown }).seen).toEqual({ a: 1 });
    expect(registeredEstimatorKinds()).toContain('RegistryTestFake');
  });
  it('accepts re-registering the same loader but not a different one', () => {
    registerEstimator('RegistryTestFake2', loadFake);
    expect(() => registerEstimator('RegistryTestFake2', loadFake)).not.toThrow();
    expect(() => registerEstimator('RegistryTestFake2', () => fake)).toThrow(InvalidInputError);
  });
  it('names the unknown kind and lists the known ones', () => {
    registerEstimator('RegistryTestFake', loadFake);
    expect(() => estimatorFromJSON({ kind: 'NoSuchModel', version: 1, params: {}, state: null })).toThrow(NotFoundError);
    expect(() => estimatorFromJSON({ kind: 'NoSuchModel', version: 1, params: {}, state: null })).toThrow(
      /unknown estimator kind 'NoSuchModel'; available: .*RegistryTestFake/,
    );
  });
  it('rejects non-objects and a missing kind with InvalidInputError', () => {
    expect(() => estimatorFromJSON(null)).toThrow(InvalidInputError);
    expect(() => estimatorFromJSON([1])).toThrow(InvalidInputError);
    expect(() => estimatorFromJSON({ version: 1 })).toThrow('json.kind must be a string, got undefined');
    expect(() => registerEstimator('', loadFake)).toThrow(InvalidInputError);
  });
});
