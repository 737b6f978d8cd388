import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidParamError } from '@fpml/core';
import { dataPath } from '../files.js';
import { loadLalonde, type CausalDataset } from './lalonde.js';

/** Frozen by scripts/oracles/datasets_reference.py (pandas). */
const ref = JSON.parse(readFileSync(new URL('../__fixtures__/reference.json', import.meta.url), 'utf8')).lalonde;

function groups(ds: CausalDataset): { treated: number; control: number; diff: number } {
  const t = ds.data[ds.treatment]!;
  const y = ds.data[ds.outcome]!;
  let n1 = 0, s1 = 0, n0 = 0, s0 = 0;
  for (let i = 0; i < ds.n; i++) {
    if (t[i] === 1) { n1++; s1 += y[i]!; } else { n0++; s0 += y[i]!; }
  }
  return { treated: n1, control: n0, diff: s1 / n1 - s0 / n0 };
}

describe('loadLalonde', () => {
  it('nsw: 185 treated / 260 control, difference in means of re78 about $1,794', () => {
    const ds = loadLalonde('nsw');
    expect(ds.n).toBe(445);
    const g = groups(ds);
    expect([g.treated, g.control]).toEqual([185, 260]);
    expect(Math.round(g.diff)).toBe(1794); // README's reference figure
    expect(g.diff).toBeCloseTo(ref.nsw.diffInMeansRe78, 8);
    expect(ds.columns).toEqual(ref.nsw.columns);
    expect(ds.treatment).toBe('treat');
    expect(ds.outcome).toBe('re78');
    expect(ds.description).toContain('LaLonde');
  });

  it('nsw: first row equal to the raw file, X holds the covariates', () => {
    const ds = loadLalonde();
    const [header, first] = readFileSync(dataPath('causal/lalonde_nsw_dehejia_wahba.csv'), 'utf8').split('\n');
    const names = header!.split(',');
    const values = first!.split(',').map(Number);
    names.forEach((c, j) => expect(ds.data[c]![0]).toBe(values[j]));
    expect([ds.X.rows, ds.X.cols]).toEqual([445, ds.covariateNames.length]);
    expect(ds.covariateNames).not.toContain('treat');
    expect(ds.covariateNames).not.toContain('re78');
    ds.covariateNames.forEach((c, j) => expect(ds.X.get(0, j)).toBe(ds.data[c]![0]));
  });

  it('psid: 185 treated / 429 control, race split into 0/1 columns, ids kept', () => {
    const ds = loadLalonde('psid');
    expect(ds.n).toBe(614);
    const g = groups(ds);
    expect([g.treated, g.control]).toEqual([185, 429]);
    expect(g.diff).toBeCloseTo(ref.psid.diffInMeansRe78, 8);
    expect(g.diff).toBeLessThan(0);
    expect(ds.ids[0]).toBe('NSW1');
    expect(ds.ids[613]).toMatch(/^PSID/);
    const black = ds.data['black']!.reduce((a, b) => a + b, 0);
    const hispan = ds.data['hispan']!.reduce((a, b) => a + b, 0);
    expect([black, hispan, 614 - black - hispan]).toEqual([ref.psid.raceCounts.black, ref.psid.raceCounts.hispan, ref.psid.raceCounts.white]);
    expect(ds.race[1]).toBe('hispan');
    expect(ds.data['re78']![0]).toBe(9930.046);
    expect(ds.columns).toEqual(['treat', 'age', 'educ', 'black', 'hispan', 'married', 'nodegree', 're74', 're75', 're78']);
  });

  it('rejects an unknown sample', () => {
    expect(() => loadLalonde('cps' as 'nsw')).toThrow(new InvalidParamError('loadLalonde', 'sample', 'cps', "'nsw' or 'psid'"));
  });
});
