import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '@fpml/core';
import { readCsvFrame } from './frame.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../__fixtures__/${name}`, import.meta.url));

describe('readCsvFrame', () => {
  it('returns a danfojs DataFrame with numeric and string columns', async () => {
    const df = await readCsvFrame(fixture('good.csv'));
    expect(df.shape).toEqual([4, 4]);
    expect(df.columns).toEqual(['sepal', 'petal', 'color', 'species']);
    expect(df.column('sepal').values).toEqual([5.1, 4.9, 6.0, 6.3]);
    expect(df.column('color').values).toEqual(['red', 'blue', 'red', 'green']);
    const summary = df.describe();
    expect(summary.columns).toEqual(['sepal', 'petal']);
    expect(summary.column('sepal').values[1]).toBeCloseTo((5.1 + 4.9 + 6.0 + 6.3) / 4, 12); // mean
  });

  it('keeps empty numeric cells as NaN and fails on malformed files like loadCsv', async () => {
    const df = await readCsvFrame(fixture('missing-value.csv'));
    expect(df.column('b').values[1]).toBeNaN();
    const p = fixture('ragged.csv');
    await expect(readCsvFrame(p)).rejects.toThrow(
      new InvalidInputError(`readCsvFrame: ${p} line 3: ragged row: expected 3 fields (as in the header), got 2`),
    );
  });
});
