/**
 * A contract suite for clusterers, in the spirit of core's `checkEstimator`, which has no
 * clusterer kind (its kinds are classifier, regressor and transformer, and every check drives
 * `predict` or `transform`; DBSCAN and AgglomerativeClustering have neither). The checks here
 * drive `fit`, `fitPredict`, `labels` and `toJSON`/`fromJSON`, with the same bad-input cases as
 * core's suite.
 */
import { isDeepStrictEqual } from 'node:util';
import { FpmlError, InvalidInputError, Matrix, NotFittedError, Rng, ShapeError, estimatorFromJSON } from '@fpml/core';
import { describe, expect, it } from 'vitest';

/** What the suite needs from a clusterer. */
export interface Clusterer {
  fit(X: unknown, y?: unknown): unknown;
  fitPredict(X: unknown, y?: unknown): Int32Array;
  readonly labels: Int32Array;
  readonly isFitted: boolean;
  getParams(): unknown;
  toJSON(): unknown;
}

/** 30 rows in 3 features around three well-separated centres, drawn from `new Rng(0)`. */
export function clusterData(): number[][] {
  const rng = new Rng(0);
  const centres = [[0, 0, 0], [6, 6, 0], [0, 6, 6]];
  return Array.from({ length: 30 }, (_, i) => centres[i % 3]!.map((c) => c + rng.normal(0, 0.7)));
}

const deepFrozen = (v: unknown): boolean => v === null || typeof v !== 'object' || (Object.isFrozen(v) && Object.values(v as object).every(deepFrozen));

function throwsTyped(fn: () => unknown, allowed: readonly (abstract new (...a: never[]) => Error)[]): void {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown, 'an error was thrown').toBeDefined();
  expect(allowed.some((c) => thrown instanceof c), `typed error, got ${String(thrown)}`).toBe(true);
  expect((thrown as Error).message.length).toBeGreaterThan(0);
}

/**
 * Register `describe(name)` with the clusterer checks.
 * @param fromJSON the class's static loader.
 */
export function checkClusterer(name: string, make: () => Clusterer, fromJSON: (json: unknown) => Clusterer, data: number[][] = clusterData()): void {
  const X = () => data.map((r) => r.slice());
  const fitted = () => {
    const c = make();
    c.fit(X());
    return c;
  };
  describe(`${name} (clusterer contract)`, () => {
    it('fit returns this; isFitted flips; labels before fit throw NotFittedError', () => {
      const c = make();
      expect(c.isFitted).toBe(false);
      throwsTyped(() => c.labels, [NotFittedError]);
      expect(c.fit(X())).toBe(c);
      expect(c.isFitted).toBe(true);
      expect(c.labels).toBeInstanceOf(Int32Array);
      expect(c.labels.length).toBe(data.length);
    });
    it('fitPredict(X) equals fit(X).labels, and labels is a copy', () => {
      const c = make();
      const a = c.fitPredict(X());
      expect(Array.from(a)).toEqual(Array.from(fitted().labels));
      c.labels[0] = 999;
      expect(c.labels[0]).not.toBe(999);
    });
    it('fitting twice gives the same model; params are frozen and not mutated', () => {
      const c = make();
      const before = structuredClone(c.getParams());
      expect(deepFrozen(c.getParams())).toBe(true);
      c.fit(X());
      const s1 = JSON.stringify(c.toJSON());
      c.fit(X());
      expect(JSON.stringify(c.toJSON())).toBe(s1);
      expect(isDeepStrictEqual(c.getParams(), before)).toBe(true);
      expect(deepFrozen(c.getParams())).toBe(true);
      expect(JSON.stringify(fitted().toJSON())).toBe(s1); // a second instance (same seed) agrees
    });
    it("does not mutate the caller's X (array or Matrix)", () => {
      const xs = X();
      const M = Matrix.from(xs);
      const snap = JSON.stringify([xs, Array.from(M.data)]);
      make().fit(xs);
      make().fit(M);
      make().fitPredict(M);
      expect(JSON.stringify([xs, Array.from(M.data)])).toBe(snap);
    });
    it('rejects NaN, ±Inf, empty, ragged and non-numeric X with typed errors', () => {
      for (const bad of [NaN, Infinity, -Infinity]) {
        const xs = X();
        xs[1]![2] = bad;
        throwsTyped(() => make().fit(xs), [InvalidInputError]);
      }
      throwsTyped(() => make().fit([]), [InvalidInputError, ShapeError]);
      throwsTyped(() => make().fit(Matrix.zeros(0, 3)), [InvalidInputError, ShapeError]);
      throwsTyped(() => make().fit(X().map(() => [])), [InvalidInputError, ShapeError]);
      const ragged = X();
      ragged[2] = ragged[2]!.slice(1);
      throwsTyped(() => make().fit(ragged), [ShapeError]);
      for (const v of [null, undefined, 'abc', 42, { a: 1 }, X().map((r) => r.map(String)), X().map((r) => r[0])]) {
        throwsTyped(() => make().fit(v), [InvalidInputError, ShapeError]);
      }
    });
    it('one sample: fits or throws a typed fpml error', () => {
      try {
        const c = make();
        c.fit([data[0]!]);
        expect(c.labels.length).toBe(1);
      } catch (e) {
        expect(e).toBeInstanceOf(FpmlError);
      }
    });
    it('JSON round-trips exactly (own loader and the registry), fitted and unfitted', () => {
      for (const c of [make(), fitted()]) {
        const text = JSON.stringify(c.toJSON());
        expect(JSON.stringify(fromJSON(JSON.parse(text)).toJSON())).toBe(text);
        expect(JSON.stringify((estimatorFromJSON(JSON.parse(text)) as unknown as Clusterer).toJSON())).toBe(text);
      }
      const back = fromJSON(JSON.parse(JSON.stringify(fitted().toJSON())));
      expect(Array.from(back.labels)).toEqual(Array.from(fitted().labels));
      throwsTyped(() => fromJSON({ kind: 'Other', version: 1, params: {}, state: null }), [InvalidInputError]);
      throwsTyped(() => fromJSON('nonsense'), [InvalidInputError]);
    });
  });
}
