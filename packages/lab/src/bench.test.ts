import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { benchTable, collectBenchResults } from './bench.js';

describe('fpml bench tables', () => {
  it('collects every package bench-results JSON and shows peer ratios', () => {
    const root = mkdtempSync(join(tmpdir(), 'fpml-bench-'));
    mkdirSync(join(root, 'packages', 'core', 'bench-results'), { recursive: true });
    mkdirSync(join(root, 'packages', 'level2-classical', 'bench-results'), { recursive: true });
    mkdirSync(join(root, 'packages', 'datasets'), { recursive: true });
    writeFileSync(join(root, 'packages', 'core', 'bench-results', 'core-matrix.json'), JSON.stringify([
      { id: 'W7/matmul-512/naive', unit: 'GFLOP/s', value: 1, n: 5 },
      { id: 'W7/matmul-512/float64', unit: 'GFLOP/s', value: 8, n: 50, peer: { name: 'W7/matmul-512/naive', value: 1 } },
    ]));
    writeFileSync(join(root, 'packages', 'level2-classical', 'bench-results', 'trees.json'), JSON.stringify([{ id: 'W3/cart-fit', unit: 's', value: 0.25, n: 9 }]));
    const all = collectBenchResults(root);
    expect(all.map((g) => `${g.pkg}/${g.file}`)).toEqual(['core/core-matrix.json', 'level2-classical/trees.json']);
    const text = benchTable(all);
    expect(text).toMatch(/core\s+W7\/matmul-512\/float64\s+8 GFLOP\/s\s+50\s+W7\/matmul-512\/naive: 1\s+8×/);
    expect(text).toMatch(/level2-classical\s+W3\/cart-fit\s+0\.25 s\s+9\s+-\s+-/);
    expect(collectBenchResults(root, '@fpml/level2-classical')).toHaveLength(1);
    expect(benchTable(collectBenchResults(root, 'datasets'))).toBe('no bench results found');
  });
});
