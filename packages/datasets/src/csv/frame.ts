/**
 * Read a CSV file into a danfojs `DataFrame` for exploration: mixed column types, `describe()`,
 * `head()`, group-bys, value counts. danfojs-node is imported lazily, on the first call, so
 * loading the typed datasets never pays for it.
 *
 * Parsing and checks are the same as {@link loadCsv}'s (so a malformed file fails with the same
 * clear error); then a column becomes numbers if every non-empty value is a number (empty
 * fields become NaN, which danfojs treats as missing), otherwise it stays strings.
 *
 * @see ../../../../docs/datasets.md
 */
import type { DataFrame } from 'danfojs-node';
import { parseNumber } from './parse.js';
import { readTable, type TableOptions } from './table.js';

/**
 * Read a CSV file as a danfojs DataFrame.
 *
 * @throws InvalidParamError / InvalidInputError as {@link loadCsv} does for the file itself.
 * @see ../../../../docs/datasets.md
 */
export async function readCsvFrame(path: string, options: TableOptions = {}): Promise<DataFrame> {
  const table = readTable(path, options, 'readCsvFrame');
  const columns: Record<string, (number | string)[]> = {};
  table.names.forEach((name, j) => {
    const raw = table.rows.map((r) => r[j]!);
    const numeric = raw.every((s) => s.trim() === '' || parseNumber(s) !== undefined) && raw.some((s) => s.trim() !== '');
    columns[name] = numeric ? raw.map((s) => (s.trim() === '' ? Number.NaN : parseNumber(s)!)) : raw;
  });
  const dfd = await import('danfojs-node');
  return new dfd.DataFrame(columns);
}
