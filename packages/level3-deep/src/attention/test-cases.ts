/**
 * Test helper: the PyTorch 1.13 cases frozen by `scripts/oracles/freeze_attention.py`, by layer.
 * Each is a {@link FrozenLayerCase} (so `oracleErrors` runs it) plus `extra` arrays (the
 * attention weights of MultiHeadAttention cases, the sinusoidal table).
 */
import fixture from './__fixtures__/attention_torch.json' with { type: 'json' };
import type { FrozenArray, FrozenLayerCase } from '../nn/oracle.js';

/** A frozen attention-family case. */
export type AttentionCase = FrozenLayerCase & { extra: Record<string, FrozenArray> };

/** The frozen cases of one layer (`'MultiHeadAttention'`, `'Sinusoidal'`, `'Learned'`, `'Rope'`, `'TransformerBlock'`, `'Gpt'`). */
export function attentionCases(layer: string): AttentionCase[] {
  return (fixture.cases as unknown as AttentionCase[]).filter((c) => c.layer === layer);
}

/** Max absolute difference (Infinity on a length mismatch or a NaN). */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    m = Number.isNaN(d) ? Infinity : Math.max(m, d);
  }
  return m;
}

/**
 * Overwrite every parameter of a reference module with $\mathcal N(0, s^2)$ values (LayerNorm
 * weights $1 + \mathcal N(0, s^2)$), so parity tests see non-zero biases (PyTorch's init zeroes
 * the attention biases, which would hide a wrong bias path). Returns the module.
 */
export function randomizeParameters<M extends { namedParameters(): [string, { data: Float64Array }][] }>(m: M, rng: { standardNormal(): number }, s = 0.5): M {
  for (const [k, p] of m.namedParameters()) {
    const base = /norm\d?\.weight$|ln_f\.weight$/.test(k) ? 1 : 0;
    for (let i = 0; i < p.data.length; i++) p.data[i] = base + s * rng.standardNormal();
  }
  return m;
}
