import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidParamError } from '@fpml/core';
import { loadAirPassengers, loadCo2MaunaLoa } from './timeseries.js';

/** Frozen by scripts/oracles/datasets_reference.py (pandas period_range for the missing months). */
const ref = JSON.parse(readFileSync(new URL('../__fixtures__/reference.json', import.meta.url), 'utf8')).timeseries;

describe('loadAirPassengers', () => {
  it('has 144 monthly values equal to the file', () => {
    const s = loadAirPassengers();
    expect(s.values.length).toBe(ref.air.n);
    expect(s.dates.length).toBe(144);
    expect([s.dates[0], s.values[0]]).toEqual(ref.air.first);
    expect([s.dates[143], s.values[143]]).toEqual(ref.air.last);
    expect(s.values.reduce((a, b) => a + b, 0)).toBe(ref.air.sum);
    expect(s.unit).toBe('thousands of passengers');
    expect(s.description).toContain('Box');
  });
});

describe('loadCo2MaunaLoa', () => {
  it('returns the 741 observed months and lists the 5 absent ones', () => {
    const s = loadCo2MaunaLoa();
    expect(s.values.length).toBe(ref.co2.n);
    expect(s.missing).toEqual(ref.co2.missingMonths);
    expect([s.dates[0], s.values[0]]).toEqual([ref.co2.first[0].slice(0, 7), ref.co2.first[1]]);
    expect([s.dates[740], s.values[740]]).toEqual([ref.co2.last[0].slice(0, 7), ref.co2.last[1]]);
    expect(s.values.reduce((a, b) => a + b, 0)).toBeCloseTo(ref.co2.sum, 6);
    expect(s.imputed.every((f) => f === 0)).toBe(true);
    expect(s.dates).not.toContain('1958-06');
    expect(s.unit).toBe('ppm');
    expect(s.description).toContain('Scripps');
  });

  it('reads the seasonally adjusted column', () => {
    const s = loadCo2MaunaLoa({ adjusted: true });
    expect(s.values[0]).toBe(314.44);
    expect(s.name).toBe('co2-mauna-loa-adjusted');
  });

  it('fills gaps linearly only when asked, and flags them', () => {
    const obs = loadCo2MaunaLoa();
    const s = loadCo2MaunaLoa({ fillGaps: 'linear' });
    expect(s.values.length).toBe(746);
    expect(s.imputed.reduce((a, b) => a + b, 0)).toBe(5);
    const june = s.dates.indexOf('1958-06');
    expect(s.imputed[june]).toBe(1);
    expect(s.values[june]).toBeCloseTo((317.51 + 315.86) / 2, 12); // between 1958-05 and 1958-07
    const jan64 = obs.values[obs.dates.indexOf('1964-01')]!;
    const may64 = obs.values[obs.dates.indexOf('1964-05')]!;
    expect(s.values[s.dates.indexOf('1964-03')]).toBeCloseTo(jan64 + (may64 - jan64) / 2, 12);
    expect(s.values[s.dates.indexOf('2020-04')]).toBe(416.18);
  });

  it('rejects an unknown fillGaps', () => {
    expect(() => loadCo2MaunaLoa({ fillGaps: 'mean' as 'none' })).toThrow(
      new InvalidParamError('loadCo2MaunaLoa', 'fillGaps', 'mean', "'none' or 'linear'"),
    );
  });
});
