import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidInputError, InvalidParamError } from '@fpml/core';
import { FASHION_MNIST_CLASSES, loadFashionMnist } from './fashion-mnist.js';
import { parseIdx } from './idx.js';

/** Frozen by scripts/oracles/datasets_reference.py (numpy over the same gzipped IDX files). */
const ref = JSON.parse(readFileSync(new URL('../__fixtures__/reference.json', import.meta.url), 'utf8')).fashionMnist;

// The full split is parsed once for the whole file.
const full = loadFashionMnist({ raw: true });

describe('loadFashionMnist', () => {
  it('reads 10 000 images of 28x28 with 1000 labels per class', () => {
    expect(full.imageShape).toEqual([28, 28]);
    expect(full.pixels.length).toBe(10000 * 784);
    expect(full.labels.length).toBe(10000);
    const counts = new Array<number>(10).fill(0);
    for (const l of full.labels) counts[l]!++;
    expect(counts).toEqual(ref.labelCounts);
    expect(Array.from(full.labels.subarray(0, 10))).toEqual(ref.firstLabels);
    expect(full.targetNames).toEqual([...FASHION_MNIST_CLASSES]);
    expect(full.targetNames[9]).toBe('Ankle boot');
    expect(full.description).toContain('Zalando SE');
  });

  it('raw pixels equal the file: first image and total sum', () => {
    const first = full.pixels.subarray(0, 784);
    expect(first.reduce((a, b) => a + b, 0)).toBe(ref.firstImageSum);
    expect(Array.from(first.subarray(14 * 28, 15 * 28))).toEqual(ref.firstImageRow14);
    let total = 0;
    for (const p of full.pixels) total += p;
    expect(total).toBe(ref.pixelSum);
  });

  it('scales to [0, 1] and honours limit', () => {
    const s = loadFashionMnist({ limit: 100 });
    expect([s.X.rows, s.X.cols]).toEqual([100, 784]);
    expect(s.labels).toEqual(full.labels.subarray(0, 100));
    const expected = Float64Array.from(full.pixels.subarray(0, 100 * 784), (p) => p / 255);
    expect(s.X.data).toEqual(expected);
    expect(Math.max(...s.X.data)).toBe(1);
    expect(Math.min(...s.X.data)).toBe(0);
  });

  it('rejects a bad limit', () => {
    expect(() => loadFashionMnist({ limit: 0 })).toThrow(
      new InvalidParamError('loadFashionMnist', 'limit', 0, 'an integer in [1, 10000]'),
    );
    expect(() => loadFashionMnist({ limit: 2.5 })).toThrow(InvalidParamError);
    expect(() => loadFashionMnist({ limit: 10001 })).toThrow(InvalidParamError);
  });
});

describe('parseIdx', () => {
  const header = (magic: number, ...dims: number[]): number[] => {
    const be = (v: number): number[] => [(v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
    return [...be(magic), ...dims.flatMap(be)];
  };

  it('reads a well-formed rank-1 and rank-3 file', () => {
    const a = parseIdx(new Uint8Array([...header(0x801, 3), 7, 8, 9]), 'a', 1);
    expect(a.dims).toEqual([3]);
    expect(Array.from(a.data)).toEqual([7, 8, 9]);
    const b = parseIdx(new Uint8Array([...header(0x803, 1, 2, 2), 1, 2, 3, 4]), 'b', 3);
    expect(b.magic).toBe(2051);
    expect(b.dims).toEqual([1, 2, 2]);
  });

  it('names the file and the problem when corrupt', () => {
    expect(() => parseIdx(new Uint8Array([0, 0]), 'x.idx', 1)).toThrow(
      new InvalidInputError('x.idx: not an IDX file: 2 bytes, too short for the 4-byte magic number'),
    );
    expect(() => parseIdx(new Uint8Array([...header(0x1f8b0800, 1), 0]), 'x.idx', 1)).toThrow(
      new InvalidInputError('x.idx: bad IDX magic number 0x1f8b0800, expected 0x00000801 (unsigned bytes, rank 1); the file is corrupt or not this kind of IDX file'),
    );
    expect(() => parseIdx(new Uint8Array([...header(0x803, 1, 2, 2), 1, 2, 3]), 'x.idx', 3)).toThrow(
      new InvalidInputError('x.idx: IDX dimensions 1x2x2 need 4 bytes of data but the file has 3'),
    );
    expect(() => parseIdx(new Uint8Array(header(0x803, 1)), 'x.idx', 3)).toThrow(
      new InvalidInputError('x.idx: IDX header truncated: 8 bytes, need 16 for 3 dimensions'),
    );
  });
});
