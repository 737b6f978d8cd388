/**
 * One GRU layer over a whole sequence as a single tfjs op with a hand-written backward pass
 * (`tf.customGrad`), the GRU counterpart of {@link tfLstmSequence}. Forward: {@link tfGruStep}'s
 * equations step by step, keeping $r, z, n, \hat n$ (stacked, $(T, B, H)$ each). Backward: with
 * $\hat n_t = h_{t-1}W_{hn}^\top + b_{hn}$, every pre-activation gradient is $\bar h_t$ times a
 * factor that does not depend on the recursion,
 * $$\bar a^z_t = \bar h_t\odot\underbrace{(h_{t-1}-n_t)\odot z_t(1-z_t)}_{P_1},\quad
 *   \bar a^n_t = \bar h_t\odot\underbrace{(1-z_t)\odot(1-n_t^2)}_{P_2},\quad
 *   \bar a^r_t = \bar a^n_t\odot\underbrace{\hat n_t\odot r_t(1-r_t)}_{P_3},$$
 * so the factors are computed for all steps at once and the sequential part is
 * $$\bar h_{t-1} = \bar y_{t-1} + \bar h_t\odot z_t + [\bar h_t;\bar h_t;\bar h_t]\odot M^h_t\,W_{hh},\qquad
 *   M^h = [P_2P_3;\ P_1;\ P_2\odot r].$$
 * Parameter gradients are products over all $TB$ rows: $\bar W_{ih} = \bar P_x^\top X$,
 * $\bar W_{hh} = \bar P_h^\top H_\text{prev}$, $\bar x = \bar P_x W_{ih}$, with
 * $\bar P_x = [\bar a^r;\bar a^z;\bar a^n]$ and $\bar P_h = [\bar a^r;\bar a^z;\bar a^n\odot r]$.
 * Per step: 6 kernels and one matmul backward.
 *
 * @see ../../../../docs/level3-deep/recurrent.md
 */
import type { Tf } from '@fpml/core/tf';
import type { TfTensor } from '../nn/tf-module.js';
import { unstack0 } from './tf-sequence.js';

/**
 * Run one GRU layer: `x` $(T, B, I)$, `h0` $(B, H)$, `wih` $(3H, I)$, `whh` $(3H, H)$, `bIn` $(3H)$
 * $= b_{ih} + [b_{hr}; b_{hz}; 0]$ and `bhn` $(H)$ (zeros without biases). Returns $h_{1..T}$,
 * $(T, B, H)$. Differentiable with respect to all six inputs. Cost $O(T\,B\,3H(I+H))$.
 * @see ../../../../docs/level3-deep/recurrent.md
 */
export function tfGruSequence(tf: Tf, x: TfTensor, h0: TfTensor, wih: TfTensor, whh: TfTensor, bIn: TfTensor, bhn: TfTensor): TfTensor {
  const op = tf.customGrad((...args: unknown[]) => {
    const [xs, h0s, wihs, whhs, bIns, bhns] = args as TfTensor[];
    const save = args[6] as (ts: TfTensor[]) => void;
    const [T, B, I] = xs!.shape as [number, number, number];
    const H = whhs!.shape[1]!;
    const steps = unstack0(tf, tf.add(tf.matMul(xs!.reshape([T * B, I]), wihs!, false, true), bIns!).reshape([T, B, 3 * H])); // T × (B, 3H)
    let h = h0s!;
    const hs: TfTensor[] = [];
    const gates: TfTensor[][] = [[], [], [], []]; // r, z, n, n̂ per step
    for (let t = 0; t < T; t++) {
      const [xrz, xn] = tf.split(steps[t]!, [2 * H, H], 1); // (B, 2H), (B, H)
      const [hrz, hn] = tf.split(tf.matMul(h, whhs!, false, true), [2 * H, H], 1); // (B, 2H), (B, H)
      const [r, z] = tf.split(tf.sigmoid(tf.add(xrz!, hrz!)), 2, 1); // (B, H) each
      const nHat = tf.add(hn!, bhns!); // (B, H) = h W_hnᵀ + b_hn
      const n = tf.tanh(tf.add(xn!, tf.mul(r!, nHat))); // (B, H)
      h = tf.add(n, tf.mul(z!, tf.sub(h, n))); // (B, H) = (1 - z) n + z h
      [r!, z!, n, nHat].forEach((v, k) => gates[k]!.push(v));
      hs.push(h);
    }
    const Hs = tf.stack(hs); // (T, B, H)
    save([xs!, h0s!, wihs!, whhs!, Hs, ...gates.map((v) => tf.stack(v))]); // gates kept for the backward, (T, B, H) each
    return { value: Hs, gradFunc: (dy: TfTensor, saved: TfTensor[]) => gruSequenceBackward(tf, dy, saved, T, B, I, H) };
  });
  return op(x, h0, wih, whh, bIn, bhn);
}

/** The backward pass of {@link tfGruSequence}; `saved` = [x, h0, wih, whh, H, r, z, n, n̂] (the last five $(T, B, H)$). */
function gruSequenceBackward(tf: Tf, dy: TfTensor, saved: TfTensor[], T: number, B: number, I: number, H: number): TfTensor[] {
  const [x, h0, wih, whh, Hs, r, z, n, nHat] = saved as [TfTensor, TfTensor, TfTensor, TfTensor, TfTensor, TfTensor, TfTensor, TfTensor, TfTensor];
  const x2 = x.reshape([T * B, I]); // (T·B, I)
  const Hprev = T === 1 ? tf.expandDims(h0, 0) : tf.concat([tf.expandDims(h0, 0), tf.slice(Hs, [0, 0, 0], [T - 1, B, H])], 0); // (T, B, H): h_{t-1}
  const one = tf.scalar(1);
  const P1 = tf.mul(tf.sub(Hprev, n), tf.mul(z, tf.sub(one, z))); // ∂h_t/∂a^z = (h_{t-1} - n) ⊙ σ'(a^z)
  const P2 = tf.mul(tf.sub(one, z), tf.sub(one, tf.square(n))); // ∂h_t/∂a^n = (1 - z) ⊙ (1 - n²)
  const P23 = tf.mul(P2, tf.mul(nHat, tf.mul(r, tf.sub(one, r)))); // ∂h_t/∂a^r = P2 ⊙ n̂ ⊙ σ'(a^r)
  const Mh = tf.concat([P23, P1, tf.mul(P2, r)], 2); // (T, B, 3H): ∂h_t/∂(h_{t-1}W_hhᵀ + b_hh) blocks
  const Mx = tf.concat([P23, P1, P2], 2); // (T, B, 3H): ∂h_t/∂(x_t W_ihᵀ + b) blocks
  const dys = unstack0(tf, dy); // T × (B, H): ∂L/∂h_t from the outputs
  const Mhs = unstack0(tf, Mh); // T × (B, 3H)
  const zs = unstack0(tf, z); // T × (B, H)
  const dH: TfTensor[] = new Array(T);
  let dhNext: TfTensor | null = null; // (B, H) ∂L/∂h_t through step t+1
  for (let t = T - 1; t >= 0; t--) {
    const dh: TfTensor = dhNext ? tf.add(dys[t]!, dhNext) : dys[t]!; // ∂L/∂h_t = direct + through step t+1
    dH[t] = dh;
    const dHP = tf.mul(tf.concat([dh, dh, dh], 1), Mhs[t]!); // ∂L/∂(h_{t-1}W_hhᵀ + b_hh), (B, 3H)
    dhNext = tf.add(tf.mul(dh, zs[t]!), tf.matMul(dHP, whh)); // ∂L/∂h_{t-1} = ∂h ⊙ z + ∂HP W_hh
  }
  const dH3 = tf.tile(tf.stack(dH), [1, 1, 3]); // (T, B, 3H): [∂h; ∂h; ∂h]
  const dPx = tf.mul(dH3, Mx).reshape([T * B, 3 * H]); // ∂L/∂(x W_ihᵀ + b), (T·B, 3H)
  const dPh = tf.mul(dH3, Mh).reshape([T * B, 3 * H]); // ∂L/∂(h_prev W_hhᵀ + b_hh), (T·B, 3H)
  return [
    tf.matMul(dPx, wih).reshape([T, B, I]), // ∂L/∂x = P̄x W_ih
    dhNext!, // ∂L/∂h_0
    tf.matMul(dPx, x2, true, false), // ∂L/∂W_ih = P̄xᵀ X, (3H, I)
    tf.matMul(dPh, Hprev.reshape([T * B, H]), true, false), // ∂L/∂W_hh = P̄hᵀ H_prev, (3H, H)
    tf.sum(dPx, 0), // ∂L/∂b_in = 1ᵀ P̄x, (3H,)
    tf.slice(tf.sum(dPh, 0), [2 * H], [H]), // ∂L/∂b_hn = 1ᵀ (ā^n ⊙ r), (H,)
  ];
}
