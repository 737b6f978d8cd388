/**
 * Load a user's own CSV file as numbers: features `X`, an optional target `y`, and integer
 * codes for the columns declared categorical. Synchronous and dependency-free; for exploring
 * a file first (mixed types, `describe()`, group-bys) use {@link readCsvFrame}.
 *
 * A categorical column with levels $L = (l_0, \dots, l_{k-1})$, sorted (numerically if every
 * level is a number, else by code unit), becomes the code $c = \text{index of the value in } L$.
 *
 * Complexity: $O(nd)$ time and memory.
 *
 * @see ../../../../docs/datasets.md
 */
import { InvalidInputError, InvalidParamError, Matrix } from '@fpml/core';
import { parseNumber } from './parse.js';
import { readTable, type StringTable, type TableOptions } from './table.js';

/** Options of {@link loadCsv}. */
export interface LoadCsvOptions extends TableOptions {
  /** The target column, by name (or 0-based index); it goes to `y`, not `X`. Omit for no `y`. @default undefined */
  target?: string | number;
  /**
   * Columns (names or 0-based indices) holding categories rather than numbers; each is encoded
   * as integer codes (see `categories`). A categorical target gives an `Int32Array` `y`.
   * @default []
   */
  categorical?: (string | number)[];
}

/** A numeric table read from a CSV file. */
export interface CsvDataset {
  /** Every column except the target, numbers or category codes. */
  X: Matrix; // (n, d)
  /** The target column: category codes (`Int32Array`) if categorical, else `Float64Array`. */
  y?: Int32Array | Float64Array; // (n)
  /** Names of `X`'s columns. */
  featureNames: string[]; // (d)
  /** Name of the target column, when there is one. */
  targetName?: string;
  /** Levels of a categorical target (`targetNames[y[i]]`). */
  targetNames?: string[];
  /** Levels of each categorical column, in code order. */
  categories: Record<string, string[]>;
}

function columnIndex(table: StringTable, ref: string | number, what: string): number {
  const j = typeof ref === 'number' ? (Number.isInteger(ref) && ref >= 0 && ref < table.names.length ? ref : -1) : table.names.indexOf(ref);
  if (j < 0) {
    const shown = typeof ref === 'number' ? String(ref) : `'${ref}'`;
    throw new InvalidInputError(`${table.source}: ${what} column ${shown} not found; columns: ${table.names.join(', ')}`);
  }
  return j;
}

function encodeCategorical(table: StringTable, j: number): { codes: Int32Array; levels: string[] } {
  const values = table.rows.map((r) => r[j]!);
  const distinct = [...new Set(values)];
  const numeric = distinct.every((v) => parseNumber(v) !== undefined);
  const levels = numeric ? distinct.sort((a, b) => parseNumber(a)! - parseNumber(b)!) : distinct.sort();
  const index = new Map(levels.map((l, k) => [l, k]));
  return { codes: Int32Array.from(values, (v) => index.get(v)!), levels };
}

function numericColumn(table: StringTable, j: number): Float64Array {
  const out = new Float64Array(table.rows.length);
  for (let i = 0; i < table.rows.length; i++) {
    const s = table.rows[i]![j]!;
    const v = parseNumber(s);
    if (v === undefined) {
      const got = s.trim() === '' ? 'an empty value (missing values are not supported)' : JSON.stringify(s);
      throw new InvalidInputError(
        `${table.source} line ${table.lines[i]}, column '${table.names[j]}': expected a number, got ${got}; list the column in options.categorical if it holds categories`,
      );
    }
    out[i] = v;
  }
  return out;
}

/**
 * Read a CSV file into `{ X, y?, featureNames }`.
 *
 * @param path the file (a `.gz` file is decompressed).
 * @throws InvalidParamError for bad options; InvalidInputError naming the file, the line and the
 *   problem for an unreadable or empty file, a ragged row, a non-numeric value in a numeric
 *   column, a missing target or categorical column, a duplicate column name.
 * @see ../../../../docs/datasets.md
 */
export function loadCsv(path: string, options: LoadCsvOptions = {}): CsvDataset {
  const { target, categorical = [] } = options;
  if (!Array.isArray(categorical)) throw new InvalidParamError('loadCsv', 'categorical', categorical, 'an array of column names or indices');
  if (target !== undefined && typeof target !== 'string' && typeof target !== 'number') {
    throw new InvalidParamError('loadCsv', 'target', target, 'a column name or index');
  }
  const table = readTable(path, options, 'loadCsv');
  const n = table.rows.length;
  const targetIndex = target === undefined ? -1 : columnIndex(table, target, 'target');
  const isCategorical = new Set(categorical.map((c) => columnIndex(table, c, 'categorical')));
  const categories: Record<string, string[]> = {};

  const featureIndices = table.names.map((_, j) => j).filter((j) => j !== targetIndex);
  const d = featureIndices.length;
  const X = new Matrix(n, d); // (n, d)
  featureIndices.forEach((j, c) => {
    let col: ArrayLike<number>;
    if (isCategorical.has(j)) {
      const enc = encodeCategorical(table, j);
      categories[table.names[j]!] = enc.levels;
      col = enc.codes;
    } else col = numericColumn(table, j);
    for (let i = 0; i < n; i++) X.data[i * d + c] = col[i]!;
  });

  const out: CsvDataset = { X, featureNames: featureIndices.map((j) => table.names[j]!), categories };
  if (targetIndex >= 0) {
    out.targetName = table.names[targetIndex]!;
    if (isCategorical.has(targetIndex)) {
      const enc = encodeCategorical(table, targetIndex);
      categories[out.targetName] = enc.levels;
      out.y = enc.codes;
      out.targetNames = enc.levels;
    } else out.y = numericColumn(table, targetIndex);
  }
  return out;
}
