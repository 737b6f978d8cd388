import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidParamError } from '@fpml/core';
import { dataPath } from '../files.js';
import { GERMAN_CREDIT_LEVELS, loadGermanCredit } from './german-credit.js';

/** Frozen by scripts/oracles/datasets_reference.py (pandas). */
const ref = JSON.parse(readFileSync(new URL('../__fixtures__/reference.json', import.meta.url), 'utf8')).germanCredit;

describe('loadGermanCredit', () => {
  const ds = loadGermanCredit();

  it('has 1000 rows, 700 good / 300 bad, y = 1 for good', () => {
    expect(ds.X.rows).toBe(1000);
    expect(ds.targetNames).toEqual(['bad', 'good']);
    const good = ds.y.reduce((a, b) => a + b, 0);
    expect([good, 1000 - good]).toEqual([ref.classCounts.good, ref.classCounts.bad]);
    expect(ds.description).toContain('Statlog');
  });

  it('keeps the raw table equal to the file, first row included', () => {
    expect(ds.columns).toEqual(ref.columns);
    const first = ds.columns.map((c) => String(ds.raw[c]![0]));
    expect(first).toEqual(ref.firstRow);
    const line1 = readFileSync(dataPath('fairness/german_credit.csv'), 'utf8').split('\n')[1]!.split(',');
    expect(first).toEqual(line1);
  });

  it('lists exactly the levels found in the data', () => {
    const catCols = Object.keys(ref.categoricalLevels).filter((c) => c !== 'class');
    expect(Object.keys(GERMAN_CREDIT_LEVELS).sort()).toEqual(catCols.sort());
    for (const c of catCols) expect([...GERMAN_CREDIT_LEVELS[c]!].sort()).toEqual(ref.categoricalLevels[c]);
  });

  it('one-hot encodes 13 categorical columns into 54 dummies plus 7 numeric columns', () => {
    expect(ds.X.cols).toBe(61);
    expect(ds.featureNames).toContain('checking_status=<0');
    const start = ds.featureNames.indexOf('purpose=new car');
    for (let i = 0; i < ds.X.rows; i++) {
      let s = 0;
      for (let k = 0; k < 10; k++) s += ds.X.get(i, start + k);
      expect(s).toBe(1);
    }
    const amount = ds.featureNames.indexOf('credit_amount');
    expect(ds.X.get(0, amount)).toBe(1169);
    expect(ds.X.get(0, ds.featureNames.indexOf('credit_history=critical/other existing credit'))).toBe(1);
  });

  it('ordinal encoding gives 20 columns of Statlog-order level indices', () => {
    const o = loadGermanCredit({ encoding: 'ordinal' });
    expect(o.X.cols).toBe(20);
    expect(o.featureNames).toEqual(ref.columns.slice(0, -1));
    expect(o.X.get(0, 0)).toBe(0); // checking_status '<0' is A11
    expect(o.X.get(1, 0)).toBe(1); // '0<=X<200' is A12
    expect(o.X.get(0, 2)).toBe(4); // credit_history 'critical/other existing credit' is A34
  });

  it('exposes sex (from personal_status) and age as sensitive attributes', () => {
    const female = ds.sensitive.sex.reduce((a, b) => a + b, 0);
    expect(female).toBe(ref.personalStatusCounts['female div/dep/mar']);
    expect(ds.sensitive.sexNames).toEqual(['male', 'female']);
    expect(ds.sensitive.age.reduce((a, b) => a + b, 0)).toBe(ref.ageSum);
    expect(ds.sensitive.age[0]).toBe(67);
  });

  it('rejects an unknown encoding', () => {
    expect(() => loadGermanCredit({ encoding: 'binary' as 'onehot' })).toThrow(
      new InvalidParamError('loadGermanCredit', 'encoding', 'binary', "'onehot' or 'ordinal'"),
    );
  });
});
