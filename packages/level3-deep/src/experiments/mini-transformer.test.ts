import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExperiment } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import experiment from './mini-transformer.js';

// Seed pinned (0) and the quick config cut further (d_model 16, 40 steps, 2 values per ablation
// axis, 32 validation windows) so the run fits a CI budget. At this size the orderings the
// criterion compares (positions vs none, transformer vs bigram) are within noise, so the test
// holds what must hold at any size: the run completes, every distinct model is trained and
// scored with a finite loss, the criterion's metrics exist, every plot and table is emitted,
// and no tensor is left on the backend.
describe('mini-transformer', () => {
  it('trains every ablation variant, logs per-layer gradient norms, emits plots, tables and samples, leaks no tensor', async () => {
    const runsDir = mkdtempSync(join(tmpdir(), 'fpml-mini-transformer-'));
    const r = await runExperiment(experiment, {
      runsDir, quick: true, seed: 0,
      params: { dModel: 16, nHeads: 2, dFF: 32, context: 16, batchSize: 8, heads: '1,2', positionals: 'learned,none', norms: 'pre,none', depths: '1,2', steps: 40, warmupSteps: 5, gradEvery: 10, evalMaxWindows: 32, entropyWindows: 4, heatmapLength: 12, sampleLength: 20 },
    });
    expect(r.status).toBe('complete');
    const result = JSON.parse(readFileSync(join(r.dir, 'result.json'), 'utf8'));
    const m = (k: string): number => result.metrics[k];
    expect(m('tensorsLeaked')).toBe(0);
    // base h2-learned-pre-L2 plus one variant per other value of each axis: 5 distinct models
    for (const k of ['h2-learned-pre-L2', 'h1-learned-pre-L2', 'h2-none-pre-L2', 'h2-learned-none-L2', 'h2-learned-pre-L1']) {
      expect(Number.isFinite(m(`${k}_valLoss_mean`))).toBe(true);
      expect(m(`${k}_valLoss_mean`)).toBeLessThan(Math.log(83) + 0.5); // near or below a uniform guess over 83 symbols
    }
    for (const k of ['bestPositional_valLoss', 'noPositional_valLoss', 'base_valLoss', 'bigram_valLoss']) expect(Number.isFinite(m(k))).toBe(true);
    expect(m('base_valLoss')).toBe(m('h2-learned-pre-L2_valLoss_mean'));
    // recurrent baselines: sized to the base model's parameter count (within 10 %), scored, compared
    for (const k of ['gru', 'lstm']) {
      expect(Number.isFinite(m(`${k}_valLoss_mean`))).toBe(true);
      expect(Math.abs(m(`${k}_params`) / m('base_params') - 1)).toBeLessThan(0.1);
    }
    expect(m('bestRecurrent_valLoss')).toBe(Math.min(m('gru_valLoss_mean'), m('lstm_valLoss_mean')));
    expect(m('baseMinusBestRecurrent')).toBeCloseTo(m('base_valLoss') - m('bestRecurrent_valLoss'), 12);
    // the head's entropies are in [0, log T]
    for (const l of [0, 1]) for (const h of [0, 1]) { const e = m(`base_entropy_layer${l}_head${h}`); expect(e).toBeGreaterThanOrEqual(0); expect(e).toBeLessThanOrEqual(Math.log(16) + 1e-4); }
    const plots = readdirSync(join(r.dir, 'plots'));
    for (const p of ['val-loss-heads', 'val-loss-positional', 'val-loss-norm', 'val-loss-depth', 'grad-norms-preln', 'grad-norms-nolayernorm', 'attention-layer0', 'attention-layer1', 'val-loss-vs-recurrent']) expect(plots).toContain(`${p}.vl.json`);
    const grad = JSON.parse(readFileSync(join(r.dir, 'plots', 'grad-norms-preln.vl.json'), 'utf8'));
    expect(new Set(grad.data.values.map((v: { layer: string }) => v.layer))).toEqual(new Set(['embeddings', 'block 0', 'block 1', 'head']));
    const log = readFileSync(join(r.dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(log.some((x) => Number.isFinite(x['gradNorm block 1']))).toBe(true);
    const report = readFileSync(join(r.dir, 'report.md'), 'utf8');
    expect(report).toContain('Table results');
    expect(report).toContain('Table samples');
    expect(report).toContain('Table recurrent-baselines');
  }, 120_000);
});
