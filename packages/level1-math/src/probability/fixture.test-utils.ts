/**
 * Test-only: read a frozen oracle JSON from __fixtures__, turning the strings "inf", "-inf" and
 * "nan" (how the Python freezer writes non-finite numbers) back into numbers.
 */
import { readFileSync } from 'node:fs';

function decode(v: unknown): unknown {
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  if (v === 'nan') return NaN;
  if (Array.isArray(v)) return v.map(decode);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decode(x)]));
  return v;
}

/** The decoded fixture `name` next to the calling test (pass `import.meta.url`). */
export function loadFixture<T>(base: string, name: string): T {
  return decode(JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, base), 'utf8'))) as T;
}
