/**
 * Read a user's delimited file into a checked table of strings: the shared first step of
 * {@link loadCsv} and {@link readCsvFrame}. Every error names the function, the file, and
 * (where there is one) the line.
 *
 * @see ../../../../docs/datasets.md
 */
import { InvalidInputError, InvalidParamError } from '@fpml/core';
import { readText } from '../files.js';
import { parseDelimited } from './parse.js';

/** Options shared by the CSV readers. */
export interface TableOptions {
  /** The first record holds the column names; without it columns are named `column_0`, `column_1`, ... @default true */
  header?: boolean;
  /** Field separator, one character (`','`, `';'`, `'\t'`, `' '`, ...). @default ',' */
  delimiter?: string;
}

/** A rectangular table of string fields. */
export interface StringTable {
  /** Column names. */
  names: string[];
  /** Data records (header excluded), all `names.length` long. */
  rows: string[][];
  /** 1-based line of each data record in the file. */
  lines: number[];
  /** Prefix for error messages: `'<who>: <path>'`. */
  source: string;
}

/**
 * Read and check a delimited file: not empty, has data rows, no duplicate column names, no
 * ragged rows.
 * @param who the public function, for error messages.
 * @throws InvalidParamError for bad options; InvalidInputError for an unreadable, empty or
 *   malformed file.
 */
export function readTable(path: string, options: TableOptions, who: string): StringTable {
  const { header = true, delimiter = ',' } = options;
  if (typeof path !== 'string' || path.length === 0) throw new InvalidParamError(who, 'path', path, 'a non-empty file path');
  if (typeof header !== 'boolean') throw new InvalidParamError(who, 'header', header, 'true or false');
  if (typeof delimiter !== 'string' || delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new InvalidParamError(who, 'delimiter', delimiter, 'a single character other than a quote or a line break');
  }
  const source = `${who}: ${path}`;
  const text = readText(path, who);
  const { rows, lines } = parseDelimited(text, source, delimiter);
  if (rows.length === 0) throw new InvalidInputError(`${source} is empty`);
  const names = header ? rows[0]!.map((s) => s.trim()) : rows[0]!.map((_, j) => `column_${j}`);
  if (header) {
    const seen = new Set<string>();
    names.forEach((name) => {
      if (seen.has(name)) throw new InvalidInputError(`${source} line ${lines[0]}: duplicate column name '${name}'`);
      seen.add(name);
    });
  }
  const start = header ? 1 : 0;
  if (rows.length === start) throw new InvalidInputError(`${source} has a header but no data rows`);
  const width = names.length;
  const ref = header ? 'the header' : `line ${lines[0]}`;
  for (let k = start; k < rows.length; k++) {
    if (rows[k]!.length !== width) {
      throw new InvalidInputError(`${source} line ${lines[k]}: ragged row: expected ${width} fields (as in ${ref}), got ${rows[k]!.length}`);
    }
  }
  return { names, rows: rows.slice(start), lines: lines.slice(start), source };
}
