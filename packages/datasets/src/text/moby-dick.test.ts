import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '@fpml/core';
import { loadMobyDick } from './moby-dick.js';

/** Frozen by scripts/oracles/datasets_reference.py (Python's own UTF-8 decoding and set()). */
const ref = JSON.parse(readFileSync(new URL('../__fixtures__/reference.json', import.meta.url), 'utf8')).mobyDick;

describe('loadMobyDick', () => {
  const corpus = loadMobyDick();

  it('reads the whole text with 83 symbols', () => {
    expect([...corpus.text].length).toBe(ref.length);
    expect(corpus.vocab.length).toBe(83);
    expect(corpus.vocab).toEqual(ref.vocab);
    expect(corpus.text.slice(0, 60)).toBe(ref.first60);
    expect(corpus.description).toContain('Melville');
  });

  it('encodes and decodes losslessly', () => {
    const s = corpus.text.slice(0, 5000);
    const ids = corpus.encode(s);
    expect(ids).toBeInstanceOf(Int32Array);
    expect(ids.length).toBe([...s].length);
    expect(corpus.decode(ids)).toBe(s);
    expect(corpus.vocab[ids[0]!]).toBe('C');
    expect(corpus.encode('\n')[0]).toBe(0); // the smallest code point
  });

  it('rejects unknown characters and ids with their position', () => {
    expect(() => corpus.encode('ab#')).toThrow(
      new InvalidInputError('loadMobyDick.encode: character "#" (U+0023) at position 2 is not in the vocabulary'),
    );
    expect(() => corpus.decode([0, 83])).toThrow(new InvalidInputError('loadMobyDick.decode: id 83 at position 1 is not in [0, 82]'));
    expect(() => corpus.decode([1.5])).toThrow(InvalidInputError);
  });
});
