/**
 * Where the bundled data lives and how it is read: synchronously, from `../data` relative to
 * this module (so it resolves from `src/` under vitest and from `dist/` after a build), with
 * `.gz` files decompressed in memory by `node:zlib`. Never touches the network.
 *
 * @see ../../../docs/datasets.md
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { InvalidInputError } from '@fpml/core';

/** Absolute path of the package's `data/` folder (with a trailing separator). */
export const DATA_DIR: string = fileURLToPath(new URL('../data/', import.meta.url));

/** Absolute path of a bundled file, e.g. `dataPath('sklearn/iris.csv')`. */
export function dataPath(relative: string): string {
  return DATA_DIR + relative;
}

/**
 * Read any file as bytes, gunzipping it when its name ends in `.gz`.
 * @param who the public function reading it, for error messages.
 * @throws InvalidInputError if the file cannot be read or is not valid gzip.
 */
export function readBytes(path: string, who: string): Buffer {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new InvalidInputError(`${who}: cannot read file '${path}' (${code})`);
  }
  if (!path.endsWith('.gz')) return bytes;
  try {
    return gunzipSync(bytes);
  } catch (err) {
    throw new InvalidInputError(`${who}: file '${path}' is not valid gzip (${(err as Error).message})`);
  }
}

/** Read a file as UTF-8 text (gunzipped when `.gz`), without a leading byte-order mark. */
export function readText(path: string, who: string): string {
  const text = readBytes(path, who).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Read a bundled file's bytes (see {@link readBytes}). */
export function readDataBytes(relative: string, who: string): Buffer {
  return readBytes(dataPath(relative), who);
}

/** Read a bundled file's text (see {@link readText}). */
export function readDataText(relative: string, who: string): string {
  return readText(dataPath(relative), who);
}
