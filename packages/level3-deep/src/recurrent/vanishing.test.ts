/**
 * Vanishing gradients over 50 steps: the Jacobian norm ‖∂h_T/∂x_t‖_F (exact, from one backward
 * pass over H copies of the sequence) of a vanilla tanh RNN decays geometrically in T - t, while
 * an LSTM whose forget gates are open (forget-gate pre-activation bias 3, so f ≈ σ(3) ≈ 0.95) keeps it within
 * a small factor: the constant-error carousel ∂c_t/∂c_{t-1} = diag(f_t). At PyTorch's default
 * init the forget gate sits near σ(0) = 1/2 and the LSTM's gradient decays too; the table
 * prints that case, the Jozefowicz et al. (2015) forget bias 1, and a GRU, for the docs.
 *
 * The assertions are orders of magnitude away from the figures (checked over seeds 0-7 of this
 * construction: t=1/t=50 ratio of the RNN ≤ 2e-11, of the default-init LSTM ≤ 2e-9, of the
 * open-gate LSTM ≥ 0.07), so any seed passes; seed 0 is fixed only so the printed table is
 * reproducible.
 */
import { Rng } from '@fpml/core';
import { Tensor, gradients, tensor } from '@fpml/level1-math';
import { describe, expect, it } from 'vitest';
import { GRU } from './gru.js';
import { LSTM } from './lstm.js';
import { RNN } from './rnn.js';

const T = 50, I = 4, H = 16;

/**
 * ‖∂h_T/∂x_t‖_F for t = 1..T, exactly, in one backward pass: H identical copies of the sequence
 * form a batch, and copy j is seeded with e_j, so its input gradient is row j of every ∂h_T/∂x_t.
 */
function jacobianNorms(m: RNN | GRU | LSTM, x: Float64Array): number[] {
  const copies = new Float64Array(T * H * I);
  for (let t = 0; t < T; t++) for (let b = 0; b < H; b++) copies.set(x.subarray(t * I, (t + 1) * I), (t * H + b) * I);
  const xl = new Tensor(copies, [T, H, I], true); // (T, H copies, I)
  const [out] = (m as RNN).forward(xl); // (T, H copies, H)
  const eye = new Float64Array(H * H);
  for (let j = 0; j < H; j++) eye[j * H + j] = 1;
  const [g] = gradients(out.index(T - 1, 0), [xl], tensor(eye, [H, H])); // (T, H, I): [t, j, :] = row j of ∂h_T/∂x_t
  return Array.from({ length: T }, (_, t) => Math.hypot(...g!.data.subarray(t * H * I, (t + 1) * H * I)));
}

/** Set the forget-gate block (rows H..2H) of bias_ih and bias_hh to b/2 each: pre-activation bias b. */
function forgetBias(m: LSTM, b: number): LSTM {
  for (const [n, p] of m.namedParameters()) if (n.startsWith('bias_')) p.data.fill(b / 2, H, 2 * H);
  return m;
}

describe('vanishing gradients over 50 steps', () => {
  it('‖∂h_T/∂x_t‖ decays geometrically for a tanh RNN, not for an LSTM with open forget gates', () => {
    const seed = 0;
    const rng = new Rng(seed);
    const x = Float64Array.from({ length: T * I }, () => rng.standardNormal()); // (T, I), one sequence
    const models: [string, RNN | GRU | LSTM][] = [
      ['RNN tanh (default init)', new RNN(I, H, { rng: seed })],
      ['GRU (default init)', new GRU(I, H, { rng: seed })],
      ['LSTM (default init)', new LSTM(I, H, { rng: seed })],
      ['LSTM forget bias 1', forgetBias(new LSTM(I, H, { rng: seed }), 1)],
      ['LSTM forget bias 3', forgetBias(new LSTM(I, H, { rng: seed }), 3)],
    ];
    const at = [1, 10, 20, 30, 40, 50];
    const ratio = new Map<string, number>();
    const rows = models.map(([name, m]) => {
      const j = jacobianNorms(m, x);
      ratio.set(name, j[0]! / j[T - 1]!);
      const perStep = Math.pow(j[0]! / j[T - 1]!, 1 / (T - 1));
      return `${name.padEnd(24)} ${at.map((t) => j[t - 1]!.toExponential(2).padStart(9)).join(' ')}   ${(j[0]! / j[T - 1]!).toExponential(2).padStart(9)}   ${perStep.toFixed(3)}`;
    });
    console.log(`[vanishing] ‖∂h_50/∂x_t‖_F, I=${I}, H=${H}, seed ${seed}\n  ${'model'.padEnd(24)} ${at.map((t) => `t=${t}`.padStart(9)).join(' ')}   ${'t=1/t=50'.padStart(9)}   per step\n  ${rows.join('\n  ')}`);
    expect(ratio.get('RNN tanh (default init)')!).toBeLessThan(1e-6);
    expect(ratio.get('LSTM forget bias 3')!).toBeGreaterThan(1e-2);
    expect(ratio.get('LSTM (default init)')!).toBeLessThan(1e-4); // gates help only when open
    expect(ratio.get('LSTM forget bias 3')! / ratio.get('RNN tanh (default init)')!).toBeGreaterThan(1e4);
  });
});
