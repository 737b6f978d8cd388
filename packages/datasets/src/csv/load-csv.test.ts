import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InvalidInputError, InvalidParamError } from '@fpml/core';
import { dataPath } from '../files.js';
import { loadDigits } from '../tabular/sklearn.js';
import { loadCsv } from './load-csv.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../__fixtures__/${name}`, import.meta.url));

describe('loadCsv', () => {
  it('reads numeric features, a categorical feature and a categorical target', () => {
    const p = fixture('good.csv');
    const ds = loadCsv(p, { target: 'species', categorical: ['color', 'species'] });
    expect(ds.featureNames).toEqual(['sepal', 'petal', 'color']);
    expect(ds.X.toArray()).toEqual([
      [5.1, 1.4, 2],
      [4.9, 1.3, 0],
      [6.0, 4.5, 2],
      [6.3, 6.0, 1],
    ]);
    expect(ds.categories['color']).toEqual(['blue', 'green', 'red']);
    expect(ds.targetName).toBe('species');
    expect(ds.targetNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(ds.y).toEqual(new Int32Array([0, 1, 2, 2]));
  });

  it('gives a numeric target as Float64Array and no y without a target', () => {
    const ds = loadCsv(fixture('good.csv'), { target: 1, categorical: [2, 3] });
    expect(ds.y).toEqual(new Float64Array([1.4, 1.3, 4.5, 6.0]));
    expect(ds.targetName).toBe('petal');
    expect(ds.targetNames).toBeUndefined();
    const noY = loadCsv(fixture('blank-line.csv'));
    expect(noY.y).toBeUndefined();
    expect(noY.X.toArray()).toEqual([[1, 2], [3, 4]]);
  });

  it('reads a headerless file with another delimiter, naming columns column_j', () => {
    const ds = loadCsv(fixture('semicolon.csv'), { header: false, delimiter: ';', target: 'column_2', categorical: ['column_2'] });
    expect(ds.featureNames).toEqual(['column_0', 'column_1']);
    expect(ds.X.toArray()).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(ds.y).toEqual(new Int32Array([0, 1, 1]));
    expect(ds.targetNames).toEqual(['0', '1']);
  });

  it('reads a gzipped bundled file the same way the typed loader does', () => {
    const ds = loadCsv(dataPath('sklearn/digits.csv.gz'), { header: false, target: 64 });
    const ref = loadDigits();
    expect(ds.X.data).toEqual(ref.X.data);
    expect(Array.from(ds.y!)).toEqual(Array.from(ref.y));
  });

  it('rejects a ragged row with the line', () => {
    const p = fixture('ragged.csv');
    expect(() => loadCsv(p)).toThrow(new InvalidInputError(`loadCsv: ${p} line 3: ragged row: expected 3 fields (as in the header), got 2`));
  });

  it('rejects a non-numeric value in a numeric column with line and column', () => {
    const p = fixture('non-numeric.csv');
    expect(() => loadCsv(p)).toThrow(
      new InvalidInputError(`loadCsv: ${p} line 4, column 'b': expected a number, got "abc"; list the column in options.categorical if it holds categories`),
    );
  });

  it('rejects a missing value', () => {
    const p = fixture('missing-value.csv');
    expect(() => loadCsv(p)).toThrow(
      new InvalidInputError(
        `loadCsv: ${p} line 3, column 'b': expected a number, got an empty value (missing values are not supported); list the column in options.categorical if it holds categories`,
      ),
    );
  });

  it('rejects an empty file and a header without data', () => {
    const e = fixture('empty.csv');
    expect(() => loadCsv(e)).toThrow(new InvalidInputError(`loadCsv: ${e} is empty`));
    const h = fixture('header-only.csv');
    expect(() => loadCsv(h)).toThrow(new InvalidInputError(`loadCsv: ${h} has a header but no data rows`));
  });

  it('rejects a missing target or categorical column, listing the columns', () => {
    const p = fixture('good.csv');
    expect(() => loadCsv(p, { target: 'label' })).toThrow(
      new InvalidInputError(`loadCsv: ${p}: target column 'label' not found; columns: sepal, petal, color, species`),
    );
    expect(() => loadCsv(p, { target: 9 })).toThrow(
      new InvalidInputError(`loadCsv: ${p}: target column 9 not found; columns: sepal, petal, color, species`),
    );
    expect(() => loadCsv(p, { categorical: ['colour'] })).toThrow(
      new InvalidInputError(`loadCsv: ${p}: categorical column 'colour' not found; columns: sepal, petal, color, species`),
    );
  });

  it('rejects duplicate column names and an unclosed quote', () => {
    const d = fixture('duplicate-header.csv');
    expect(() => loadCsv(d)).toThrow(new InvalidInputError(`loadCsv: ${d} line 1: duplicate column name 'a'`));
    const q = fixture('unclosed-quote.csv');
    expect(() => loadCsv(q)).toThrow(new InvalidInputError(`loadCsv: ${q} line 3: quoted field is never closed`));
  });

  it('rejects a file that does not exist', () => {
    const p = fixture('no-such-file.csv');
    expect(() => loadCsv(p)).toThrow(new InvalidInputError(`loadCsv: cannot read file '${p}' (ENOENT)`));
  });

  it('rejects bad options', () => {
    const p = fixture('good.csv');
    expect(() => loadCsv(p, { delimiter: ';;' })).toThrow(
      new InvalidParamError('loadCsv', 'delimiter', ';;', 'a single character other than a quote or a line break'),
    );
    expect(() => loadCsv(p, { header: 'yes' as unknown as boolean })).toThrow(new InvalidParamError('loadCsv', 'header', 'yes', 'true or false'));
    expect(() => loadCsv(p, { categorical: 'color' as unknown as string[] })).toThrow(InvalidParamError);
    expect(() => loadCsv('')).toThrow(new InvalidParamError('loadCsv', 'path', '', 'a non-empty file path'));
  });
});
