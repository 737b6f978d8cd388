import { InvalidInputError, InvalidParamError, NotFittedError, Rng, ShapeError } from '@fpml/core';
import { expectClose } from '@fpml/core/testing';
import { describe, expect, it } from 'vitest';
import { loadFixture } from './fixture.test-utils.js';
import { KernelDensity, type Bandwidth } from './kernel-density.js';

interface KdeCase {
  X: number[][];
  Q: number[][];
  bandwidthParam: Bandwidth;
  bandwidth: number;
  scoreSamples: number[];
  score: number;
}
const { kde } = loadFixture<{ kde: KdeCase[] }>(import.meta.url, 'probability.json');

describe('KernelDensity matches sklearn.neighbors.KernelDensity (frozen)', () => {
  for (const c of kde) {
    it(`d=${c.X[0]!.length}, bandwidth ${JSON.stringify(c.bandwidthParam)}`, () => {
      const model = new KernelDensity({ bandwidth: c.bandwidthParam }).fit(c.X);
      expectClose(model.bandwidth, c.bandwidth, { rtol: 1e-15 });
      // sklearn's tree sums the same kernels exactly (atol = rtol = 0); agreement is rounding-level
      expectClose(model.scoreSamples(c.Q), c.scoreSamples, { rtol: 1e-12 });
      expectClose(model.score(c.Q), c.score, { rtol: 1e-12 });
    });
  }
});

describe('KernelDensity behaviour', () => {
  it('integrates to 1 in 1-D (trapezoid on a fine grid)', () => {
    const model = new KernelDensity({ bandwidth: 0.5 }).fit([[0], [1], [3]]);
    const grid = Array.from({ length: 4001 }, (_, i) => [-10 + (i * 23) / 4000]);
    const p = model.scoreSamples(grid).map(Math.exp);
    let area = 0;
    for (let i = 1; i < p.length; i++) area += (0.5 * (p[i]! + p[i - 1]!) * 23) / 4000;
    expect(Math.abs(area - 1)).toBeLessThan(1e-9);
  });
  it('stays finite far from the data (log-sum-exp, no ln 0)', () => {
    const model = new KernelDensity({ bandwidth: 0.1 }).fit([[0], [1]]);
    const far = model.scoreSamples([[100]])[0]!;
    expectClose(far, -(99 * 99) / (2 * 0.01) - Math.log(2) - 0.5 * Math.log(2 * Math.PI * 0.01), { rtol: 1e-14 });
  });
  it('round-trips through toJSON/fromJSON and refuses foreign saves', () => {
    const model = new KernelDensity({ bandwidth: 'silverman' }).fit([[0, 1], [2, 3], [1, -1]]);
    const back = KernelDensity.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    expect(back.scoreSamples([[0.5, 0.5]])).toEqual(model.scoreSamples([[0.5, 0.5]]));
    expect(back.getParams()).toEqual({ bandwidth: 'silverman' });
    expect(KernelDensity.fromJSON(new KernelDensity().toJSON()).isFitted).toBe(false);
    expect(() => KernelDensity.fromJSON({ kind: 'PCA', version: 1, params: {}, state: null })).toThrow(InvalidInputError);
  });
  it('checks params in fit, state before use, and query shapes', () => {
    expect(() => new KernelDensity({ bandwidth: -1 }).fit([[0]])).toThrow(InvalidParamError);
    expect(() => new KernelDensity({ bandwidth: 'normal' as Bandwidth }).fit([[0]])).toThrow(InvalidParamError);
    expect(() => new KernelDensity().scoreSamples([[0]])).toThrow(NotFittedError);
    expect(() => new KernelDensity().sample(new Rng(0), 1)).toThrow(NotFittedError);
    const model = new KernelDensity().fit([[0, 1]]);
    expect(() => model.scoreSamples([[0]])).toThrow(ShapeError);
    expect(() => model.scoreSamples([[0, NaN]])).toThrow(InvalidInputError);
    expect(() => model.fit([[Infinity, 0]])).toThrow(InvalidInputError);
  });
  it('fitting twice gives the same model; sampling is reproducible from the seed', () => {
    const X = [[0.1, 2], [1, -1], [3, 0.5]];
    const a = new KernelDensity({ bandwidth: 'scott' }).fit(X);
    const b = new KernelDensity({ bandwidth: 'scott' }).fit(X).fit(X);
    expect(a.scoreSamples(X)).toEqual(b.scoreSamples(X));
    expect(a.sample(new Rng(5), 10).data).toEqual(a.sample(new Rng(5), 10).data);
  });
});
