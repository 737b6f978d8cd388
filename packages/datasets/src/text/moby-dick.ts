/**
 * Moby-Dick; or, The Whale (Herman Melville, 1851), public domain, UTF-8, about 1.19 million
 * characters over 83 distinct symbols (letters, digits, punctuation, curly quotes, em dash,
 * space and newline). For character-level language models.
 *
 * The vocabulary is the sorted set of code points in the text, so token ids are stable:
 * $\text{encode}(s)_t = \text{index of } s_t \text{ in vocab}$ and decode is its inverse.
 *
 * @see ../../../../docs/datasets.md
 */
import { InvalidInputError } from '@fpml/core';
import { readDataText } from '../files.js';

/** A character-level corpus with its codec. */
export interface CharCorpus {
  /** The whole text. */
  text: string;
  /** Distinct characters (code points), sorted by code point; token id = index. */
  vocab: string[];
  /**
   * Map a string to token ids, one per code point.
   * @throws InvalidInputError naming the first character not in `vocab` and its position.
   */
  encode(s: string): Int32Array;
  /**
   * Map token ids back to a string.
   * @throws InvalidInputError naming the first id outside `[0, vocab.length)`.
   */
  decode(ids: ArrayLike<number>): string;
  /** Source and license. */
  description: string;
}

/**
 * Build the codec of a text: vocabulary = sorted distinct code points. $O(\text{length})$.
 * @param name used in error messages, e.g. `'loadMobyDick'`.
 */
export function charCorpus(text: string, name: string, description = ''): CharCorpus {
  const set = new Set<string>();
  for (const ch of text) set.add(ch);
  const vocab = [...set].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
  const index = new Map<string, number>(vocab.map((c, i) => [c, i]));
  return {
    text,
    vocab,
    encode(s: string): Int32Array {
      if (typeof s !== 'string') throw new InvalidInputError(`${name}.encode: s must be a string, got ${typeof s}`);
      const ids: number[] = [];
      let pos = 0;
      for (const ch of s) {
        const id = index.get(ch);
        if (id === undefined) {
          throw new InvalidInputError(`${name}.encode: character ${JSON.stringify(ch)} (U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}) at position ${pos} is not in the vocabulary`);
        }
        ids.push(id);
        pos++;
      }
      return Int32Array.from(ids);
    },
    decode(ids: ArrayLike<number>): string {
      const parts = new Array<string>(ids.length);
      for (let t = 0; t < ids.length; t++) {
        const id = ids[t]!;
        const ch = Number.isInteger(id) ? vocab[id] : undefined;
        if (ch === undefined) throw new InvalidInputError(`${name}.decode: id ${id} at position ${t} is not in [0, ${vocab.length - 1}]`);
        parts[t] = ch;
      }
      return parts.join('');
    },
    description,
  };
}

/**
 * Load Moby-Dick as a character-level corpus.
 * @returns `{ text, vocab (83), encode, decode }`.
 * @see ../../../../docs/datasets.md
 */
export function loadMobyDick(): CharCorpus {
  return charCorpus(readDataText('text/moby-dick.txt', 'loadMobyDick'), 'loadMobyDick', MOBY_DICK_DESCRIPTION);
}

const MOBY_DICK_DESCRIPTION = `Moby-Dick; or, The Whale, by Herman Melville (1851)

The novel's text from "CHAPTER 1. Loomings." to the last line of Chapter 135 ("...as it
rolled five thousand years ago."): the front matter (Etymology, Extracts) and the Epilogue are
not included. UTF-8, about 1.19 million characters over 83 symbols. Public domain.`;
