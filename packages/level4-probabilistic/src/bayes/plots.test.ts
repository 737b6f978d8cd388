import { InvalidParamError } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import { gaussianTarget } from './gaussian-target.test-utils.js';
import { metropolis } from './metropolis.js';
import { rankHistogram, rankPlot, tracePlot } from './plots.js';

describe('trace and rank plots', () => {
  it('rank histograms count every draw once, uniform for exchangeable chains and sloped for a shifted one', () => {
    const same = [Float64Array.of(1, 4, 5, 8), Float64Array.of(2, 3, 6, 7)];
    expect(rankHistogram(same, 2)).toEqual([[2, 2], [2, 2]]);
    const shifted = [Float64Array.of(1, 2, 3, 4), Float64Array.of(5, 6, 7, 8)];
    expect(rankHistogram(shifted, 2)).toEqual([[4, 0], [0, 4]]);
    expect(() => rankHistogram(same, 1)).toThrow(InvalidParamError);
  });

  it('builds Vega-Lite specs with one series per chain', () => {
    const fit = metropolis(gaussianTarget().handModel, { chains: 3, draws: 50, warmup: 50, seed: 0 });
    const t = tracePlot(fit, 'x[0]', { title: 'trace' }) as { data: { values: { chain: string }[] } };
    expect(t.data.values).toHaveLength(150);
    expect(new Set(t.data.values.map((r) => r.chain)).size).toBe(3);
    const r = rankPlot(fit, 0, { title: 'ranks', bins: 10 }) as { data: { values: { count: number }[] } };
    expect(r.data.values.reduce((s, v) => s + v.count, 0)).toBe(150);
  });
});
