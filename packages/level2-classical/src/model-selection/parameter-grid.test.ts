/** ParameterGrid and ParameterSampler: order and indexing properties, seeded draws, typed errors. */
import { InvalidParamError, Rng } from '@fpml/core';
import { ksTest } from '@fpml/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distributionFromJSON, logUniform, randInt, uniform } from './distributions.js';
import { ParameterGrid } from './parameter-grid.js';
import { ParameterSampler } from './parameter-sampler.js';

/** A random grid: up to 4 keys with 1..4 distinct values each. */
const arbGrid = fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), fc.uniqueArray(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 4 }), { minKeys: 0, maxKeys: 4 });

describe('ParameterGrid', () => {
  it('length is the sum of products; get(i) equals the i-th iterated set; sets are distinct (any grids)', () => {
    fc.assert(
      fc.property(fc.array(arbGrid, { minLength: 1, maxLength: 3 }), (grids) => {
        const g = new ParameterGrid(grids);
        const all = g.toArray();
        expect(all.length).toBe(grids.reduce((s, d) => s + Object.values(d).reduce((p, v) => p * v.length, 1), 0));
        all.forEach((p, i) => expect(g.get(i)).toEqual(p));
        grids.forEach((d, gi) => {
          const offset = grids.slice(0, gi).reduce((s, e) => s + Object.values(e).reduce((p, v) => p * v.length, 1), 0);
          const mine = all.slice(offset, offset + Object.values(d).reduce((p, v) => p * v.length, 1)).map((p) => JSON.stringify(p));
          expect(new Set(mine).size).toBe(mine.length);
        });
      }),
    );
  });
  it('sorts keys by code point and turns the last key fastest', () => {
    const g = new ParameterGrid({ b: [1, 2], C: ['x'], a: [true, false] });
    expect(g.toArray()).toEqual([
      { C: 'x', a: true, b: 1 },
      { C: 'x', a: true, b: 2 },
      { C: 'x', a: false, b: 1 },
      { C: 'x', a: false, b: 2 },
    ]);
    expect(Object.keys(g.toArray()[0]!)).toEqual(['C', 'a', 'b']);
    expect(new ParameterGrid({}).toArray()).toEqual([{}]);
    expect(new ParameterGrid([]).length).toBe(0);
    expect(new ParameterGrid({ alpha: Float64Array.from([0.5, 2]) }).toArray()).toEqual([{ alpha: 0.5 }, { alpha: 2 }]);
    expect(new ParameterGrid([{ a: [1] }, { b: [2] }]).paramNames()).toEqual(['a', 'b']);
  });
  it('rejects malformed grids, naming the key', () => {
    expect(() => new ParameterGrid({ alpha: [] })).toThrow(/param paramGrid\.alpha must be a non-empty array/);
    expect(() => new ParameterGrid({ alpha: 1 } as never)).toThrow(/param paramGrid\.alpha must be an array of values to try/);
    expect(() => new ParameterGrid({ alpha: 'abc' } as never)).toThrow(InvalidParamError);
    expect(() => new ParameterGrid([{ a: [1] }, 3] as never)).toThrow(/paramGrid\[1\]/);
    expect(() => new ParameterGrid({ a: [1] }).get(1)).toThrow(InvalidParamError);
  });
});

describe('ParameterSampler', () => {
  it('all lists: distinct grid points, the same for the same seed, all of them when nIter exceeds the grid', () => {
    const spec = { a: [1, 2, 3, 4], b: ['x', 'y', 'z'] };
    const s = new ParameterSampler(spec, 7, { seed: 3 });
    const draws = s.toArray();
    expect(draws).toHaveLength(7);
    expect(new Set(draws.map((d) => JSON.stringify(d))).size).toBe(7);
    expect(s.toArray()).toEqual(draws);
    expect(new ParameterSampler(spec, 7, { seed: 3 }).toArray()).toEqual(draws);
    expect(new ParameterSampler(spec, 7, { seed: 4 }).toArray()).not.toEqual(draws);
    const every = new ParameterSampler(spec, 50, { seed: 0 }).toArray();
    expect(every).toHaveLength(12);
    expect(new Set(every.map((d) => JSON.stringify(d))).size).toBe(12);
  });
  it('with distributions: keys in sorted order, values inside their supports, reproducible', () => {
    const spec = { gamma: logUniform(1e-4, 1), C: uniform(0.5, 2), k: randInt(1, 4), kernel: ['rbf', 'poly'] };
    const draws = new ParameterSampler(spec, 200, { seed: 11 }).toArray();
    for (const d of draws) {
      expect(Object.keys(d)).toEqual(['C', 'gamma', 'k', 'kernel']);
      expect(d.C).toBeGreaterThanOrEqual(0.5);
      expect(d.C).toBeLessThan(2);
      expect(d.gamma).toBeGreaterThanOrEqual(1e-4);
      expect(d.gamma).toBeLessThanOrEqual(1);
      expect([1, 2, 3]).toContain(d.k);
      expect(['rbf', 'poly']).toContain(d.kernel);
    }
    expect(new ParameterSampler(spec, 200, { seed: 11 }).toArray()).toEqual(draws);
  });
  it('logUniform draws are uniform in log space (KS test, seed pinned so the test is deterministic: a true KS test rejects 1 run in 1000)', () => {
    const d = logUniform(1e-3, 1e3);
    const rng = new Rng(20240601);
    const u = Array.from({ length: 2000 }, () => (Math.log10(d.sample(rng)) + 3) / 6);
    expect(ksTest(u, (x) => Math.min(Math.max(x, 0), 1)).pValue).toBeGreaterThan(1e-3);
  });
  it('distributions round-trip through JSON and check their bounds', () => {
    for (const d of [uniform(-1, 1), logUniform(0.1, 10), randInt(0, 5)]) expect(distributionFromJSON(JSON.parse(JSON.stringify(d)))).toMatchObject(d.toJSON());
    expect(() => logUniform(0, 1)).toThrow(/param low must be a finite number > 0/);
    expect(() => uniform(2, 1)).toThrow(InvalidParamError);
    expect(() => randInt(3, 3)).toThrow(InvalidParamError);
    expect(() => distributionFromJSON({ distribution: 'beta' })).toThrow(/distributionFromJSON expects/);
  });
  it('rejects bad specs and counts', () => {
    expect(() => new ParameterSampler({ a: [] }, 3)).toThrow(/paramDistributions\.a/);
    expect(() => new ParameterSampler({ a: 5 } as never, 3)).toThrow(InvalidParamError);
    expect(() => new ParameterSampler([], 3)).toThrow(InvalidParamError);
    expect(() => new ParameterSampler({ a: [1] }, 0)).toThrow(/nIter/);
    expect(() => new ParameterSampler({ a: [1] }, 2, { seed: -1 })).toThrow(/seed/);
  });
});
