import { mkdtempSync, readFileSync, readdirSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendJsonLine, writeFileAtomic, writeJsonAtomic } from './atomic.js';

describe('atomic writes', () => {
  it('writes through a temporary file and leaves none behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fpml-atomic-'));
    writeJsonAtomic(join(dir, 'sub', 'result.json'), { a: 1 });
    expect(readdirSync(join(dir, 'sub'))).toEqual(['result.json']);
    expect(JSON.parse(readFileSync(join(dir, 'sub', 'result.json'), 'utf8'))).toEqual({ a: 1 });
  });

  it('keeps the old file whole when the new write cannot complete', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fpml-atomic-'));
    const path = join(dir, 'report.md');
    writeFileSync(path, 'old complete report');
    // A value that cannot be serialised fails before the rename: the old file is untouched.
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => writeJsonAtomic(path, cyclic)).toThrow(TypeError);
    expect(readFileSync(path, 'utf8')).toBe('old complete report');
    // A directory we cannot write into fails at the temp file, never half-writing the target.
    if (process.getuid?.() !== 0) {
      chmodSync(dir, 0o500);
      expect(() => writeFileAtomic(path, 'new')).toThrow();
      chmodSync(dir, 0o700);
      expect(readFileSync(path, 'utf8')).toBe('old complete report');
    }
    expect(readdirSync(dir)).toEqual(['report.md']);
  });

  it('appends complete JSON lines', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fpml-atomic-'));
    const path = join(dir, 'metrics.jsonl');
    appendJsonLine(path, { step: 0, loss: 1.5 });
    appendJsonLine(path, { step: 1, loss: 0.75 });
    expect(readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l))).toEqual([{ step: 0, loss: 1.5 }, { step: 1, loss: 0.75 }]);
  });
});
