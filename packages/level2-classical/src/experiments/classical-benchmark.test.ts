import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExperiment } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import experiment from './classical-benchmark.js';

describe('classical-benchmark', () => {
  it('reproduces scikit-learn\'s fold accuracies for deterministic models and renders the table', async () => {
    const runsDir = mkdtempSync(join(tmpdir(), 'fpml-classical-bench-'));
    const r = await runExperiment(experiment, { runsDir, quick: true, params: { models: 'GaussianNB,KNeighborsClassifier,LogisticRegression', datasets: 'iris,wine' } });
    expect(r.status).toBe('complete');
    const result = JSON.parse(readFileSync(join(r.dir, 'result.json'), 'utf8'));
    expect(result.metrics.maxAbsDiffDeterministic).toBe(0);
    expect(result.tables[0].header).toEqual(['model', 'iris fpml', 'iris sklearn', 'wine fpml', 'wine sklearn', 'fpml s', 'sklearn s']);
    expect(result.tables[0].rows.map((row: string[]) => row[0])).toEqual(['GaussianNB', 'KNeighborsClassifier', 'LogisticRegression']);
    expect(readFileSync(join(r.dir, 'report.md'), 'utf8')).toContain('| GaussianNB | 96.0 ± 1.5 | 96.0 ± 1.5 |');
  });

  it('rejects an unknown model name, listing the available ones', async () => {
    const runsDir = mkdtempSync(join(tmpdir(), 'fpml-classical-bench-'));
    await expect(runExperiment(experiment, { runsDir, params: { models: 'XGBoost' } })).rejects.toThrow("classical-benchmark: param models must be 'all' or names from LogisticRegression, SGDClassifier");
  });
});
