/**
 * RNN (tanh, relu), GRU, LSTM and their cells against PyTorch 1.13 float64
 * (scripts/oracles/freeze_recurrent.py): outputs, final states, and the gradients with respect to
 * the input, the initial state and every parameter, for 1 and 2 layers, batchFirst both ways,
 * with and without an initial state, with and without biases.
 */
import { describe, expect, it } from 'vitest';
import type { Tensor } from '@fpml/level1-math';
import { oracleErrors, type FrozenLayerCase } from '../nn/oracle.js';
import fixture from './__fixtures__/recurrent_torch.json' with { type: 'json' };
import { flatReference, makeReference, type Kind, type LayerConfig } from './test-utils.js';

const cases = (fixture as unknown as { cases: (FrozenLayerCase & { layer: Kind })[] }).cases;

describe('recurrent layers vs PyTorch 1.13', () => {
  it('fixture records torch 1.13, float64 and the seed', () => {
    expect(fixture.meta.torch).toMatch(/^1\.13/);
    expect(fixture.meta.dtype).toBe('float64');
    expect(Number.isInteger(fixture.meta.seed)).toBe(true);
    expect(cases.length).toBe(28);
  });

  for (const kind of ['RNN', 'GRU', 'LSTM', 'RNNCell', 'GRUCell', 'LSTMCell'] as const) {
    it(`${kind}: outputs, final states and all gradients agree to 1e-12`, () => {
      const mine = cases.filter((c) => c.layer === kind);
      expect(mine.length).toBeGreaterThanOrEqual(2);
      const rows: string[] = [];
      for (const c of mine) {
        const m = makeReference(kind, c.config as unknown as LayerConfig, 0);
        const e = oracleErrors(m, c, (mm, ...xs: Tensor[]) => flatReference(kind, mm, xs[0]!, xs[1], xs[2]));
        rows.push(`${c.name}: output ${e.output.toExponential(2)}, grads ${e.grads.toExponential(2)}`);
        expect(e.missing, c.name).toEqual([]);
        expect(Object.keys(c.grads).length, c.name).toBe(c.inputs.length + Object.keys(c.state).length);
        expect(e.max, c.name).toBeLessThan(1e-12);
      }
      console.log(`[recurrent oracle] ${kind} max abs errors:\n  ${rows.join('\n  ')}`);
    });
  }
});
