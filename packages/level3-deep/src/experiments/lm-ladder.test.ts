import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExperiment } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import { gptParams, mlpLmParams, recurrentParams, sizeFor } from './lm-ladder-models.js';
import experiment from './lm-ladder.js';

// Seed pinned (0) and the quick config cut further (an 8k-parameter budget, 24 steps of 8 × 16,
// 16 scored windows): the run must finish in well under a minute on a loaded 2-core machine.
// At this size no ordering of the rungs is guaranteed, so the test holds what is: the run
// completes, every metric and the plot exist, parameter counts match the closed forms the
// sizing uses, the neural counts are within the spread the experiment promises, and no
// tensor is left on the backend.
describe('lm-ladder', () => {
  it('sizes every rung to one budget (closed-form counts match the built models)', () => {
    expect(sizeFor((h) => 10 * h, 1004)).toBe(100);
    expect(sizeFor((e) => e * e, 1000, 4)).toBe(32);
    expect(() => sizeFor((h) => 10 * h, 5)).toThrow(/target/);
  });

  it('runs the whole ladder at a tiny size: report, table, plot, metrics', async () => {
    const runsDir = mkdtempSync(join(tmpdir(), 'fpml-lm-ladder-'));
    const r = await runExperiment(experiment, {
      runsDir, quick: true, seed: 0,
      params: { paramBudget: 8_000, steps: 24, batchSize: 8, context: 16, evalEvery: 12, curveWindows: 8, evalWindows: 16, sampleLength: 16, warmupSteps: 4 },
    });
    expect(r.status).toBe('complete');
    const result = JSON.parse(readFileSync(join(r.dir, 'result.json'), 'utf8'));
    const m = (k: string): number => result.metrics[k]?.value ?? result.metrics[k];
    const V = 83;
    expect(m('mlp_params')).toBe(mlpLmParams(V, 8, 16, sizeFor((h) => mlpLmParams(V, 8, 16, h), 8_000)));
    for (const rung of ['rnn', 'gru', 'lstm'] as const) expect(m(`${rung}_params`)).toBe(recurrentParams(rung, V, sizeFor((h) => recurrentParams(rung, V, h), 8_000)));
    expect(m('transformer_params')).toBe(gptParams(V, 16, sizeFor((e) => gptParams(V, 16, e, 2), 8_000, 4), 2));
    expect(m('paramSpread')).toBeLessThanOrEqual(1.3);
    for (const rung of ['bigram', 'mlp', 'rnn', 'gru', 'lstm', 'transformer']) {
      expect(Number.isFinite(m(`${rung}_valLoss`))).toBe(true);
      expect(m(`${rung}_perplexity`)).toBeCloseTo(Math.exp(m(`${rung}_valLoss`)), 6);
    }
    for (const rung of ['mlp', 'rnn', 'gru', 'lstm', 'transformer']) expect(m(`${rung}_tokensPerSecond`)).toBeGreaterThan(0);
    expect(m('tokenBudget')).toBe(24 * 8 * 16);
    expect([0, 1]).toContain(m('transformerBeatsRecurrent'));
    expect(m('tensorsLeaked')).toBe(0);
    expect(readdirSync(join(r.dir, 'plots'))).toContain('val-loss-vs-tokens.vl.json');
    const plot = JSON.parse(readFileSync(join(r.dir, 'plots', 'val-loss-vs-tokens.vl.json'), 'utf8'));
    expect(new Set(plot.data.values.map((v: { model: string }) => v.model)).size).toBe(6);
    const report = readFileSync(join(r.dir, 'report.md'), 'utf8');
    expect(report).toContain('Table ladder');
    for (const name of ['bigram (counts)', 'MLP (Bengio)', 'vanilla RNN', 'GRU', 'LSTM', 'transformer']) expect(report).toContain(`**${name}**`);
  }, 120_000);
});
