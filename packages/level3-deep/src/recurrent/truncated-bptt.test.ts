/**
 * Truncated BPTT: with chunks of k steps and the state carried detached, the gradient of a loss
 * at step t with respect to an input u < (start of t's chunk) is exactly zero (so every input k
 * or more steps back), inputs inside the chunk get exactly the full-BPTT gradient (non-zero),
 * forward values are unchanged, and the tfjs utility agrees with the reference and leaks nothing.
 */
import { InvalidInputError, InvalidParamError, Rng, ShapeError } from '@fpml/core';
import { getTf } from '@fpml/core/tf';
import { expectNoTensorLeak } from '@fpml/core/testing';
import { Tensor, tensor } from '@fpml/level1-math';
import { describe, expect, it } from 'vitest';
import { LSTM, TfLSTM } from './lstm.js';
import { RNN } from './rnn.js';
import { truncatedBptt, tfTruncatedBptt, type BpttChunk } from './truncated-bptt.js';

const T = 12, B = 2, I = 3, H = 4, K = 4;
const randn = (rng: Rng, n: number) => Float64Array.from({ length: n }, () => rng.standardNormal());

/** Per step s, the largest |∂L/∂x_s| over batch and features. */
function perStep(g: Float64Array): number[] {
  return Array.from({ length: T }, (_, s) => Math.max(...Array.from(g.subarray(s * B * I, (s + 1) * B * I), Math.abs)));
}

/** L = u · h_{t*}, read from the chunk that contains t* (a constant 0 elsewhere). */
const lossAt = (tStar: number, u: Tensor) => (out: Tensor, c: BpttChunk) =>
  tStar >= c.start && tStar < c.start + c.length ? out.index(tStar - c.start, 0).mul(u).sum() : tensor(0);

describe('truncatedBptt (float64 reference)', () => {
  for (const [name, make] of [['RNN tanh', (r: Rng) => new RNN(I, H, { numLayers: 2, rng: r })], ['LSTM', (r: Rng) => new LSTM(I, H, { rng: r })]] as const) {
    it(`${name}: ∂L_t/∂x_u is exactly 0 before t's chunk, equal to full BPTT (and non-zero) inside it`, () => {
      const rng = new Rng(21);
      const m = make(rng);
      const xData = randn(rng, T * B * I);
      const u = tensor(randn(rng, B * H), [B, H]);
      const rows: string[] = [];
      for (const tStar of [3, 4, 7, 10, 11]) {
        const xt = new Tensor(Float64Array.from(xData), [T, B, I], true);
        truncatedBptt(m as RNN, xt, lossAt(tStar, u), { k: K });
        const xf = new Tensor(Float64Array.from(xData), [T, B, I], true);
        truncatedBptt(m as RNN, xf, lossAt(tStar, u), { k: T }); // k = T: full BPTT
        const gt = perStep(xt.grad!.data);
        const gf = perStep(xf.grad!.data);
        const start = Math.floor(tStar / K) * K;
        for (let s = 0; s < T; s++) {
          if (s < start || s > tStar) expect(gt[s], `t*=${tStar} u=${s}`).toBe(0);
          else expect(gt[s], `t*=${tStar} u=${s}`).toBeGreaterThan(1e-8);
          if (s <= tStar) expect(gf[s], `full t*=${tStar} u=${s}`).toBeGreaterThan(0); // full BPTT reaches every earlier step
        }
        for (let k = start * B * I; k < (tStar + 1) * B * I; k++) expect(xt.grad!.data[k]).toBe(xf.grad!.data[k]);
        rows.push(`t*=${String(tStar).padStart(2)}: truncated ${gt.map((v) => v.toExponential(1)).join(' ')}\n          full      ${gf.map((v) => v.toExponential(1)).join(' ')}`);
        m.zeroGrad();
      }
      console.log(`[truncated BPTT] ${name}, T=${T}, k=${K}: max_b,i |dL_t*/dx_u| for u = 0..${T - 1}\n  ${rows.join('\n  ')}`);
    });
  }

  it('leaves the forward values unchanged and returns the final state', () => {
    const rng = new Rng(22);
    const m = new LSTM(I, H, { numLayers: 2, batchFirst: true, rng });
    const x = tensor(randn(rng, B * T * I), [B, T, I]);
    const [full, [hn, cn]] = m.forward(x);
    const outs: Tensor[] = [];
    const seen: number[] = [];
    const r = truncatedBptt(m, x, (o, c) => (outs.push(o), seen.push(c.length), o.sum()), { k: 5, afterChunk: (c) => expect(Number.isFinite(c.loss)).toBe(true) });
    expect(seen).toEqual([5, 5, 2]);
    expect(r.losses.length).toBe(3);
    let err = 0;
    outs.forEach((o, j) => {
      for (let b = 0; b < B; b++) for (let t = 0; t < o.shape[1]!; t++) for (let h = 0; h < H; h++) err = Math.max(err, Math.abs(o.data[(b * o.shape[1]! + t) * H + h]! - full.data[(b * T + j * 5 + t) * H + h]!));
    });
    expect(err).toBeLessThan(1e-14);
    const [h2, c2] = r.state as [Tensor, Tensor];
    expect(h2.requiresGrad).toBe(false);
    expect(Math.max(...h2.data.map((v, i) => Math.abs(v - hn.data[i]!)), ...c2.data.map((v, i) => Math.abs(v - cn.data[i]!)))).toBeLessThan(1e-14);
  });

  it('rejects a bad k, a bad x and a non-scalar loss with typed errors', () => {
    const m = new RNN(I, H, { rng: 0 });
    const x = tensor(new Float64Array(T * B * I), [T, B, I]);
    expect(() => truncatedBptt(m, x, (o) => o.sum(), { k: 0 })).toThrow(InvalidParamError);
    expect(() => truncatedBptt(m, x, (o) => o.sum(), { k: 2.5 })).toThrow(/k/);
    expect(() => truncatedBptt(m, tensor(new Float64Array(6), [2, 3]), (o) => o.sum(), { k: 2 })).toThrow(ShapeError);
    expect(() => truncatedBptt(m, x, (o) => o, { k: 4 })).toThrow(InvalidInputError);
  });
});

describe('tfTruncatedBptt (tfjs twin)', () => {
  it('matches the reference gradients (input and parameters), cuts at chunk starts, leaks nothing', async () => {
    const { tf } = await getTf();
    const rng = new Rng(23);
    const ref = new LSTM(I, H, { numLayers: 2, rng });
    const xData = randn(rng, T * B * I);
    const w = randn(rng, K * B * H);
    const twin = new TfLSTM(tf, I, H, { numLayers: 2, rng: 0 }).loadStateDict(ref.stateDict());
    // Reference: L_c = sum(w[:len] * out_c), summed over chunks; gradients accumulate in .grad.
    const xr = new Tensor(Float64Array.from(xData), [T, B, I], true);
    const r = truncatedBptt(ref, xr, (o, c) => o.mul(tensor(w.subarray(0, c.length * B * H), o.shape)).sum(), { k: K });
    const xv = tf.variable(tf.tensor3d(Float32Array.from(xData), [T, B, I]));
    const acc = new Map<string, Float64Array>();
    const wt = tf.tensor3d(Float32Array.from(w), [K, B, H]);
    await expectNoTensorLeak(() => {
      const res = tfTruncatedBptt(tf, twin, xv, (o, c) => tf.sum(tf.mul(o, tf.slice(wt, [0, 0, 0], [c.length, B, H]))), {
        k: K,
        varList: [...twin.parameters(), xv],
        afterChunk: ({ grads }) => {
          for (const [k, g] of Object.entries(grads)) {
            const a = acc.get(k) ?? new Float64Array(g.size);
            g.dataSync().forEach((v, i) => (a[i]! += v));
            acc.set(k, a);
          }
        },
      });
      expect(res.losses.length).toBe(3);
      res.losses.forEach((l, i) => expect(Math.abs(l - r.losses[i]!)).toBeLessThan(1e-4 * (1 + Math.abs(r.losses[i]!))));
      tf.dispose(res.state as never);
    }, { tf, label: 'tfTruncatedBptt' });
    const rel = (a: ArrayLike<number>, b: ArrayLike<number>) => {
      let d = 0, s = 0;
      for (let i = 0; i < b.length; i++) { d = Math.max(d, Math.abs(a[i]! - b[i]!)); s = Math.max(s, Math.abs(b[i]!)); }
      return d / s;
    };
    expect(rel(acc.get(xv.name)!, xr.grad!.data)).toBeLessThan(1e-4);
    for (const [k, p] of twin.namedParameters()) expect(rel(acc.get(p.name)!, ref.namedParameters().find(([n]) => n === k)![1].grad!.data), k).toBeLessThan(1e-4);
    // A loss on the last step of chunk 2 only: x's gradient is exactly 0 before step 2k, non-zero inside.
    const gx = new Float64Array(T * B * I);
    const res = tfTruncatedBptt(tf, twin, xv, (o, c) => (c.index === 2 ? tf.sum(tf.slice(o, [K - 1, 0, 0], [1, B, H])) : tf.mul(tf.sum(o), 0)), {
      k: K,
      varList: [xv],
      afterChunk: ({ grads }) => grads[xv.name]!.dataSync().forEach((v, i) => (gx[i]! += v)),
    });
    tf.dispose(res.state as never);
    const steps = perStep(gx);
    // A loss or callback that throws leaves nothing behind either.
    await expectNoTensorLeak(() => {
      expect(() => tfTruncatedBptt(tf, twin, xv, (o) => o as never, { k: K })).toThrow(InvalidInputError);
      expect(() => tfTruncatedBptt(tf, twin, xv, (o) => tf.sum(o), { k: K, afterChunk: (c) => { if (c.index === 1) throw new Error('stop'); } })).toThrow('stop');
    }, { tf, label: 'tfTruncatedBptt on error' });
    steps.forEach((g, s) => (s < 2 * K ? expect(g, `u=${s}`).toBe(0) : expect(g, `u=${s}`).toBeGreaterThan(1e-6)));
    tf.dispose([xv, wt]);
    twin.dispose();
  });
});
