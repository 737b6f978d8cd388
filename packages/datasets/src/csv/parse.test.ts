import { describe, expect, it } from 'vitest';
import { InvalidInputError, InvalidParamError } from '@fpml/core';
import { parseDelimited, parseNumber } from './parse.js';

describe('parseDelimited', () => {
  it('splits records and fields, skipping empty lines, with LF or CRLF', () => {
    const r = parseDelimited('a,b\r\n1,2\n\n3,4', 'x.csv');
    expect(r.rows).toEqual([['a', 'b'], ['1', '2'], ['3', '4']]);
    expect(r.lines).toEqual([1, 2, 4]);
  });

  it('reads quoted fields with delimiters, doubled quotes and newlines, and keeps line numbers', () => {
    const r = parseDelimited('"",name\n1,"a, ""b""\nc"\n2,d\n', 'q.csv');
    expect(r.rows).toEqual([['', 'name'], ['1', 'a, "b"\nc'], ['2', 'd']]);
    expect(r.lines).toEqual([1, 2, 4]);
  });

  it('keeps empty trailing fields', () => {
    expect(parseDelimited('a,b,\n1,,', 'e.csv').rows).toEqual([['a', 'b', ''], ['1', '', '']]);
  });

  it('uses another delimiter', () => {
    expect(parseDelimited('1 2 3\n4 5 6\n', 's.txt', ' ').rows).toEqual([['1', '2', '3'], ['4', '5', '6']]);
  });

  it('rejects an unterminated quote, text after a closing quote and a bad delimiter', () => {
    expect(() => parseDelimited('a,b\n1,"x\n2,3', 'u.csv')).toThrow(new InvalidInputError('u.csv line 2: quoted field is never closed'));
    expect(() => parseDelimited('a\n"x"y\n', 'v.csv')).toThrow(
      new InvalidInputError('v.csv line 2: unexpected "y" after a closing quote (a quote inside a quoted field must be doubled)'),
    );
    expect(() => parseDelimited('a', 'w.csv', ',,')).toThrow(InvalidParamError);
  });
});

describe('parseNumber', () => {
  it('reads decimal and scientific notation', () => {
    expect(parseNumber('3')).toBe(3);
    expect(parseNumber(' -2.5 ')).toBe(-2.5);
    expect(parseNumber('1.51e+02')).toBe(151);
    expect(parseNumber('.5')).toBe(0.5);
  });
  it('rejects what Number() would silently accept or turn into NaN', () => {
    for (const s of ['', ' ', 'NaN', 'Infinity', '0x10', 'abc', '1,5', '1e999']) expect(parseNumber(s)).toBeUndefined();
  });
});
