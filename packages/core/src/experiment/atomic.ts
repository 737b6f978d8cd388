/**
 * Atomic file writes: write to a temporary name in the same directory, then rename. A reader
 * (or a crash) never sees a half-written `report.md` or `result.json`.
 */
import { appendFileSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';

let counter = 0;

/** Write `data` to `path` atomically (temp file + rename on the same filesystem). */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${counter++}.tmp`);
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/** Write JSON atomically, pretty-printed with a trailing newline. */
export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomic(path, JSON.stringify(value, null, 2) + '\n');
}

/** Append one JSON line (used for streamed metrics: each line is complete or absent). */
export function appendJsonLine(path: string, value: unknown): void {
  appendFileSync(path, JSON.stringify(value) + '\n');
}
