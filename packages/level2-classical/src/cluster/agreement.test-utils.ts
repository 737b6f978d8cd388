/**
 * Records the measured agreement of an oracle test file (largest error per quantity, or a count)
 * and prints it as one table when the file finishes, so the figures quoted in
 * docs/level2-classical/clustering.md come from a command anyone can rerun.
 */
import { afterAll } from 'vitest';

/** A table of "largest value seen" (`note`) or running totals (`count`) per key, printed after the file's tests. */
export function agreementTable(title: string): { note: (key: string, value: number) => void; count: (key: string, by?: number) => void } {
  const rows = new Map<string, number>();
  afterAll(() => {
    const show = (v: number) => (Number.isInteger(v) ? String(v) : v.toExponential(2));
    const body = [...rows].map(([k, v]) => `  ${k.padEnd(66)} ${show(v)}`).join('\n');
    process.stdout.write(`\n${title}\n${body}\n`);
  });
  return {
    note: (key, value) => rows.set(key, Math.max(rows.get(key) ?? -Infinity, value)),
    count: (key, by = 1) => rows.set(key, (rows.get(key) ?? 0) + by),
  };
}
