/**
 * Keep a package README's example honest: run its first ```js block and check that every
 * `console.log(...)` line whose comment starts with an arrow prints what the comment says.
 *
 * - `console.log('acc', acc); // → acc 0.96` passes when `util.format('acc', acc)` is exactly
 *   `acc 0.96` (Node's own formatting, so arrays print as `[ 1, 2 ]`);
 * - `// ≈ acc 0.96` compares each number to the precision written (0.955 ≤ acc < 0.965), for
 *   figures that depend on floating-point rounding or the machine;
 * - any other comment is prose and is not checked.
 * Whitespace runs compare as one space (Node wraps long arrays over several lines).
 * A log inside a loop prints several lines; they are joined with `\n` and compared with the comment
 * (write `\n` in it). The block runs as an ES module written next to the README (so bare imports
 * resolve from that package) inside the test runner (so the `@fpml/source` condition applies).
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';
import { vi } from 'vitest';

/** One checked line of a README example. */
export interface ReadmeLine {
  /** 1-based line number inside the code block. */
  line: number;
  code: string;
  expected: string;
  /** Whether the comment asked for `≈` (numbers to the written precision). */
  approx: boolean;
  actual: string | undefined;
  ok: boolean;
}

/** The result of {@link runReadmeExample}. */
export interface ReadmeExampleResult {
  /** Every `console.log` line with a checkable comment, in order. */
  checked: ReadmeLine[];
  /** Everything the example printed. */
  printed: string[];
}

/** The first fenced ```js (```mjs, ```javascript) block of a Markdown file. */
export function readmeExampleCode(markdown: string): string {
  const m = /```(?:js|mjs|javascript)\n([\s\S]*?)```/.exec(markdown);
  if (!m) throw new Error('README has no ```js code block');
  return m[1]!;
}

/** Runs of whitespace (Node wraps long arrays over lines) compare as one space. */
function squash(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Does `actual` match `expected` with each number rounded to the precision written in `expected`? */
function approxMatch(expected: string, actual: string): boolean {
  const num = /-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/gi;
  const want = expected.split(num), got = actual.split(num);
  if (want.length !== got.length || want.some((w, i) => w !== got[i])) return false;
  const wn = expected.match(num) ?? [], gn = actual.match(num) ?? [];
  return wn.every((w, i) => {
    const decimals = (w.split('.')[1] ?? '').replace(/e.*/i, '').length;
    return Math.abs(Number(gn[i]) - Number(w)) <= 0.5 * 10 ** -decimals * (1 + 1e-9);
  });
}

/**
 * Run the README's example and pair each `console.log` with its comment.
 * @param readmePath absolute path of the README.md
 */
export async function runReadmeExample(readmePath: string): Promise<ReadmeExampleResult> {
  const code = readmeExampleCode(readFileSync(readmePath, 'utf8'));
  const lines = code.split('\n');
  const expectations = lines
    .map((l, i) => ({ line: i + 1, code: l, m: /console\.log\(.*\);?\s*\/\/\s*([→≈])\s?(.*)$/.exec(l) }))
    .filter((x) => x.m !== null)
    .map((x) => ({ line: x.line, code: x.code.trim(), approx: x.m![1] === '≈', expected: x.m![2]!.trimEnd().replace(/\\n/g, '\n') }));
  const file = join(dirname(readmePath), `.readme-example-${process.pid}-${Date.now()}.mjs`);
  const printed: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => { printed.push(format(...args)); });
  // Each console.log line in the code is numbered, so outputs pair with their comments even if
  // some log lines have no comment: wrap every log call to record its line.
  const instrumented = lines
    .map((l, i) => (l.includes('console.log(') ? l.replace('console.log(', `__fpmlLog(${i + 1}, `) : l))
    .join('\n');
  const byLine = new Map<number, string>();
  const header = `const __fpmlLog = (line, ...args) => { globalThis.__fpmlReadme.set(line, (globalThis.__fpmlReadme.get(line) ?? []).concat([args])); console.log(...args); };\n`;
  const store = new Map<number, unknown[][]>();
  (globalThis as Record<string, unknown>).__fpmlReadme = store;
  try {
    writeFileSync(file, header + instrumented);
    await import(/* @vite-ignore */ pathToFileURL(file).href);
  } finally {
    spy.mockRestore();
    rmSync(file, { force: true });
    delete (globalThis as Record<string, unknown>).__fpmlReadme;
  }
  for (const [line, calls] of store) byLine.set(line, calls.map((a) => format(...a)).join('\n'));
  const checked = expectations.map((e): ReadmeLine => {
    const actual = byLine.get(e.line);
    const got = actual === undefined ? undefined : squash(actual), want = squash(e.expected);
    const ok = got !== undefined && (e.approx ? approxMatch(want, got) : got === want);
    return { line: e.line, code: e.code, expected: e.expected, actual, approx: e.approx, ok };
  });
  return { checked, printed };
}
