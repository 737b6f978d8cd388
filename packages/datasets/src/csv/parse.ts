/**
 * A small RFC 4180 reader: delimited text → records of string fields, each with the 1-based
 * line it starts on, so every later error can name the line. Quoted fields may hold the
 * delimiter, newlines and doubled quotes (`""`); CRLF and LF endings are both accepted; empty
 * lines are skipped. Fields are returned verbatim (no trimming, no type conversion).
 *
 * Complexity: one pass, $O(\text{characters})$ time and memory.
 *
 * @see ../../../../docs/datasets.md
 */
import { InvalidInputError, InvalidParamError } from '@fpml/core';

/** Records of a delimited file, in order. */
export interface DelimitedRecords {
  /** The fields of each non-empty record. */
  rows: string[][];
  /** `lines[k]` is the 1-based line on which `rows[k]` starts. */
  lines: number[];
}

const QUOTE = 34; // "
const LF = 10;
const CR = 13;

/**
 * Split `text` into records and fields.
 *
 * @param source the file name (or other label) used in error messages.
 * @param delimiter one character, not a quote or a line break.
 * @throws InvalidParamError for a bad delimiter; InvalidInputError for an unterminated quoted
 *   field or text after a closing quote, naming `source` and the line.
 */
export function parseDelimited(text: string, source: string, delimiter = ','): DelimitedRecords {
  if (typeof delimiter !== 'string' || delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new InvalidParamError('parseDelimited', 'delimiter', delimiter, 'a single character other than a quote or a line break');
  }
  const delim = delimiter.charCodeAt(0);
  const rows: string[][] = [];
  const lines: number[] = [];
  let line = 1;
  let fields: string[] = [];
  let recordLine = 1;
  let i = 0;
  const n = text.length;
  // Invariant at the loop head: i is at the start of a field.
  while (i < n) {
    let field: string;
    if (text.charCodeAt(i) === QUOTE) {
      const openLine = line;
      let out = '';
      let start = ++i;
      for (;;) {
        if (i >= n) throw new InvalidInputError(`${source} line ${openLine}: quoted field is never closed`);
        const c = text.charCodeAt(i);
        if (c === QUOTE) {
          if (text.charCodeAt(i + 1) === QUOTE) {
            out += text.slice(start, i + 1);
            i += 2;
            start = i;
            continue;
          }
          out += text.slice(start, i);
          i++;
          break;
        }
        if (c === LF) line++;
        i++;
      }
      field = out;
      const next = i < n ? text.charCodeAt(i) : LF;
      if (next !== delim && next !== LF && next !== CR) {
        throw new InvalidInputError(`${source} line ${line}: unexpected ${JSON.stringify(text[i])} after a closing quote (a quote inside a quoted field must be doubled)`);
      }
    } else {
      const start = i;
      while (i < n) {
        const c = text.charCodeAt(i);
        if (c === delim || c === LF || c === CR) break;
        i++;
      }
      field = text.slice(start, i);
    }
    fields.push(field);
    const c = i < n ? text.charCodeAt(i) : LF;
    if (c === delim) {
      i++;
      continue;
    }
    // End of record: CRLF, LF, lone CR or end of text.
    if (c === CR) i++;
    if (i < n && text.charCodeAt(i) === LF) i++;
    if (!(fields.length === 1 && fields[0] === '')) {
      rows.push(fields);
      lines.push(recordLine);
    }
    fields = [];
    line++;
    recordLine = line;
  }
  if (fields.length > 0) {
    // The text ended right after a delimiter: the record's last field is empty.
    fields.push('');
    rows.push(fields);
    lines.push(recordLine);
  }
  return { rows, lines };
}

const NUMBER = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/**
 * The number a field spells in plain decimal or scientific notation (surrounding spaces
 * allowed), or `undefined` for anything else: empty fields, `NaN`, `Infinity`, hex, text.
 * Stricter than `Number(s)`, which reads `''` as 0 and `'0x10'` as 16.
 */
export function parseNumber(field: string): number | undefined {
  if (!NUMBER.test(field)) return undefined;
  const v = Number(field);
  return Number.isFinite(v) ? v : undefined;
}
