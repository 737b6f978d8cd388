/**
 * The IDX file format of MNIST and Fashion-MNIST: a 4-byte big-endian magic number
 * `0x00 0x00 <type> <rank>`, then `rank` big-endian uint32 dimensions, then the values in
 * row-major order. Only the unsigned-byte type (0x08) is read here, which is all (Fashion-)MNIST
 * uses.
 *
 * Complexity: $O(1)$; the values are a view into `bytes`, not a copy.
 *
 * @see ../../../../docs/datasets.md
 */
import { InvalidInputError } from '@fpml/core';

/** A parsed IDX array of unsigned bytes. */
export interface IdxArray {
  /** The magic number, e.g. 2051 (0x00000803) for a rank-3 uint8 array. */
  magic: number;
  /** Dimensions, outermost first, e.g. [10000, 28, 28]. */
  dims: number[];
  /** The values, row-major: a view into the input bytes. */
  data: Uint8Array;
}

const hex = (v: number): string => '0x' + v.toString(16).padStart(8, '0');

/**
 * Parse an (already decompressed) IDX buffer of unsigned bytes.
 *
 * @param source the file name, for error messages.
 * @param expectedRank the rank the caller needs (1 for labels, 3 for images).
 * @throws InvalidInputError naming `source` if the header is short, the magic number is wrong
 *   (not `0x0000 08 <rank>`), or the byte count disagrees with the dimensions.
 */
export function parseIdx(bytes: Uint8Array, source: string, expectedRank: number): IdxArray {
  if (bytes.length < 4) {
    throw new InvalidInputError(`${source}: not an IDX file: ${bytes.length} bytes, too short for the 4-byte magic number`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, false);
  const expected = 0x800 + expectedRank;
  if (magic !== expected) {
    throw new InvalidInputError(
      `${source}: bad IDX magic number ${hex(magic)}, expected ${hex(expected)} (unsigned bytes, rank ${expectedRank}); the file is corrupt or not this kind of IDX file`,
    );
  }
  const headerBytes = 4 + 4 * expectedRank;
  if (bytes.length < headerBytes) {
    throw new InvalidInputError(`${source}: IDX header truncated: ${bytes.length} bytes, need ${headerBytes} for ${expectedRank} dimensions`);
  }
  const dims: number[] = [];
  let size = 1;
  for (let k = 0; k < expectedRank; k++) {
    const dk = view.getUint32(4 + 4 * k, false);
    dims.push(dk);
    size *= dk;
  }
  const have = bytes.length - headerBytes;
  if (have !== size) {
    throw new InvalidInputError(`${source}: IDX dimensions ${dims.join('x')} need ${size} bytes of data but the file has ${have}`);
  }
  return { magic, dims, data: bytes.subarray(headerBytes) };
}
