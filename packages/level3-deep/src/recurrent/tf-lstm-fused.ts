/**
 * One LSTM layer over a whole sequence as a single tfjs op with a hand-written backward pass
 * (`tf.customGrad`), the way cuDNN does it. The forward pass is {@link tfLstmStep}'s equations,
 * step by step, keeping the gate activations (stacked, $(T, B, H)$ each); the backward pass runs only the part that is truly sequential step by step,
 * $$\bar h_t = \bar y_t + \bar a_{t+1} W_{hh},\qquad
 *   \bar c_t = \bar c_{t+1}\odot f_{t+1} + \bar h_t\odot o_t\odot(1-\tanh^2 c_t),\qquad
 *   \bar a_t = [\bar c_t;\bar c_t;\bar c_t;\bar h_t]\odot M_t,$$
 * with every factor that does not depend on the recursion computed for all steps at once,
 * $$M = [\,g\odot i(1-i);\ c_{t-1}\odot f(1-f);\ i\odot(1-g^2);\ \tanh c\odot o(1-o)\,]\in\mathbb R^{T\times B\times 4H},$$
 * and the parameter gradients as three products over all $TB$ rows:
 * $\bar W_{hh} = \bar A^\top H_{\text{prev}}$, $\bar W_{ih} = \bar A^\top X$, $\bar x = \bar A W_{ih}$,
 * $\bar b = \mathbf 1^\top\bar A$. Per step: 7 kernels backward (one matmul) instead of the ~50
 * that autodiff of the step's ops records, and $T$ fewer matmuls.
 *
 * The op returns $[h_1; \dots; h_T; c_T]$, $(T+1, B, H)$: the outputs and, in the last slot, the
 * final cell (slices of one tensor, so the gradient of $h_T$ from the output and from $h_n$ add).
 *
 * @see ../../../../docs/level3-deep/recurrent.md
 */
import type { Tf } from '@fpml/core/tf';
import type { TfTensor } from '../nn/tf-module.js';
import { unstack0 } from './tf-sequence.js';

/**
 * Run one LSTM layer: `x` $(T, B, I)$, `h0`, `c0` $(B, H)$, `wih` $(4H, I)$, `whh` $(4H, H)$,
 * `b` $(4H)$ ($b_{ih} + b_{hh}$, zeros without biases). Returns $(T+1, B, H)$ as described above.
 * Differentiable with respect to all six inputs. Cost $O(T\,B\,4H(I+H))$ forward and backward.
 * @see ../../../../docs/level3-deep/recurrent.md
 */
export function tfLstmSequence(tf: Tf, x: TfTensor, h0: TfTensor, c0: TfTensor, wih: TfTensor, whh: TfTensor, b: TfTensor): TfTensor {
  const op = tf.customGrad((...args: unknown[]) => {
    const [xs, h0s, c0s, wihs, whhs, bs] = args as TfTensor[];
    const save = args[6] as (ts: TfTensor[]) => void;
    const [T, B, I] = xs!.shape as [number, number, number];
    const H = whhs!.shape[1]!;
    const x2 = xs!.reshape([T * B, I]); // (T·B, I)
    const steps = unstack0(tf, tf.add(tf.matMul(x2, wihs!, false, true), bs!).reshape([T, B, 4 * H])); // T × (B, 4H)
    let h = h0s!;
    let c = c0s!;
    const gates: TfTensor[][] = [[], [], [], [], []]; // i, f, g, o, c per step
    const hs: TfTensor[] = [];
    for (let t = 0; t < T; t++) {
      const [ai, af, ag, ao] = tf.split(tf.add(steps[t]!, tf.matMul(h, whhs!, false, true)), 4, 1); // (B, H) each
      const i = tf.sigmoid(ai!), f = tf.sigmoid(af!), g = tf.tanh(ag!), o = tf.sigmoid(ao!); // (B, H) each
      c = tf.add(tf.mul(f, c), tf.mul(i, g)); // (B, H) = f c + i g
      h = tf.mul(o, tf.tanh(c)); // (B, H) = o tanh c
      [i, f, g, o, c].forEach((v, k) => gates[k]!.push(v));
      hs.push(h);
    }
    const Hs = tf.stack(hs); // (T, B, H)
    save([xs!, h0s!, c0s!, wihs!, whhs!, Hs, ...gates.map((v) => tf.stack(v))]); // gates kept for the backward, (T, B, H) each
    return {
      value: tf.concat([Hs, tf.expandDims(c, 0)], 0), // (T+1, B, H)
      gradFunc: (dy: TfTensor, saved: TfTensor[]) => lstmSequenceBackward(tf, dy, saved, T, B, I, H),
    };
  });
  return op(x, h0, c0, wih, whh, b);
}

/** The backward pass of {@link tfLstmSequence}; `saved` = [x, h0, c0, wih, whh, H, i, f, g, o, C] (the last six $(T, B, H)$). */
function lstmSequenceBackward(tf: Tf, dy: TfTensor, saved: TfTensor[], T: number, B: number, I: number, H: number): TfTensor[] {
  const [x, h0, c0, wih, whh, Hs, i, f, g, o, Cs] = saved as TfTensor[] as [TfTensor, TfTensor, TfTensor, TfTensor, TfTensor, TfTensor, TfTensor, TfTensor, TfTensor, TfTensor, TfTensor];
  const x2 = x.reshape([T * B, I]); // (T·B, I)
  const shift = (first: TfTensor, all: TfTensor) => (T === 1 ? tf.expandDims(first, 0) : tf.concat([tf.expandDims(first, 0), tf.slice(all, [0, 0, 0], [T - 1, B, H])], 0));
  const Hprev = shift(h0, Hs); // (T, B, H): h_{t-1}
  const Cprev = shift(c0, Cs); // (T, B, H): c_{t-1}
  const tc = tf.tanh(Cs); // (T, B, H)
  const one = tf.scalar(1);
  const sig = (s: TfTensor) => tf.mul(s, tf.sub(one, s)); // σ' = σ(1 - σ)
  const Ko = tf.mul(o, tf.sub(one, tf.square(tc))); // ∂h_t/∂c_t = o ⊙ (1 - tanh² c)
  const M = tf.concat([
    tf.mul(g, sig(i)), // ∂c_t/∂a^i = g ⊙ σ'(a^i)
    tf.mul(Cprev, sig(f)), // ∂c_t/∂a^f = c_{t-1} ⊙ σ'(a^f)
    tf.mul(i, tf.sub(one, tf.square(g))), // ∂c_t/∂a^g = i ⊙ (1 - g²)
    tf.mul(tc, sig(o)), // ∂h_t/∂a^o = tanh c ⊙ σ'(a^o)
  ], 2); // (T, B, 4H)
  const dys = tf.unstack(dy); // T + 1 × (B, H): ∂L/∂h_1..h_T, then ∂L/∂c_T
  const Kos = tf.unstack(Ko); // T × (B, H)
  const Ms = tf.unstack(M); // T × (B, 4H)
  const fs = tf.unstack(f); // T × (B, H)
  let dc = dys[T]!; // (B, H) ∂L/∂c_T from the final-state slot
  let dhNext: TfTensor | null = null; // (B, H) ∂L/∂h_t through step t+1
  const dA: TfTensor[] = new Array(T);
  for (let t = T - 1; t >= 0; t--) {
    const dh: TfTensor = dhNext ? tf.add(dys[t]!, dhNext) : dys[t]!; // ∂L/∂h_t = direct + through a_{t+1}
    dc = tf.add(dc, tf.mul(dh, Kos[t]!)); // ∂L/∂c_t += ∂L/∂h_t ⊙ o ⊙ (1 - tanh² c_t)
    dA[t] = tf.mul(tf.concat([dc, dc, dc, dh], 1), Ms[t]!); // ∂L/∂a_t = [∂c; ∂c; ∂c; ∂h] ⊙ M_t, (B, 4H)
    dhNext = tf.matMul(dA[t]!, whh); // ∂L/∂h_{t-1} via a_t = ... + h_{t-1} W_hh^T
    dc = tf.mul(dc, fs[t]!); // ∂L/∂c_{t-1} = ∂L/∂c_t ⊙ f_t
  }
  const dA2 = tf.stack(dA).reshape([T * B, 4 * H]); // (T·B, 4H)
  return [
    tf.matMul(dA2, wih).reshape([T, B, I]), // ∂L/∂x = Ā W_ih
    dhNext!, // ∂L/∂h_0
    dc, // ∂L/∂c_0
    tf.matMul(dA2, x2, true, false), // ∂L/∂W_ih = Āᵀ X, (4H, I)
    tf.matMul(dA2, Hprev.reshape([T * B, H]), true, false), // ∂L/∂W_hh = Āᵀ H_prev, (4H, H)
    tf.sum(dA2, 0), // ∂L/∂b = 1ᵀ Ā, (4H,)
  ];
}
