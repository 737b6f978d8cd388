/**
 * Scaled dot-product attention (Vaswani et al. 2017, eq. 1), float64 reference on level1's
 * autodiff and its tfjs twin:
 * $$\operatorname{Attn}(Q, K, V) = \operatorname{softmax}\!\Big(\frac{Q K^\top}{\sqrt{d}} + M\Big) V,\qquad
 *   M_{ts} = \begin{cases} 0 & s \le t \\ -\infty & s > t \end{cases}\ \text{(causal)},$$
 * for $Q \in \mathbb R^{\dots\times T_q\times d}$, $K \in \mathbb R^{\dots\times T_k\times d}$,
 * $V \in \mathbb R^{\dots\times T_k\times d_v}$ (any leading batch axes, e.g. $(B, h)$).
 *
 * Masking convention: the mask is **additive** and applied **before** the softmax, $-\infty$ where
 * a query may not look; $e^{-\infty} = 0$ gives those keys weight exactly 0 and their gradient
 * exactly 0. With the causal mask, row $t$ always keeps key $s = t$, so no row is fully masked
 * (a fully masked row would be $0/0$). Causal needs $T_q = T_k$ (queries and keys are the same
 * positions).
 *
 * Backward (level1's ops record it; derived in the docs): with $P = \operatorname{softmax}(S)$,
 * $\bar V = P^\top \bar O$, $\bar P = \bar O V^\top$, $\bar S = P \odot (\bar P - \operatorname{rowsum}(\bar P \odot P))$,
 * $\bar Q = \bar S K / \sqrt d$, $\bar K = \bar S^\top Q / \sqrt d$.
 *
 * Cost $O(n\,T_q T_k (d + d_v))$ time and $O(n\,T_q T_k)$ memory for $n$ batch entries.
 *
 * @see ../../../../docs/level3-deep/attention.md
 */
import { InvalidParamError, ShapeError, describeValue } from '@fpml/core';
import { Tensor, tensor } from '@fpml/level1-math';
import type { Tf } from '@fpml/core/tf';
import type { TfTensor } from '../nn/tf-module.js';

/** Options of {@link scaledDotProductAttention} and {@link tfScaledDotProductAttention}. */
export interface AttentionOptions {
  /** Mask keys $s > t$ for query $t$ (autoregressive). @default false */
  causal?: boolean;
  /** Factor applied to $QK^\top$. @default $1/\sqrt d$ */
  scale?: number;
}

/** Output and attention weights $P$ (…, $T_q$, $T_k$) of one attention call. */
export interface AttentionResult<T> {
  output: T; // (..., Tq, dv)
  weights: T; // (..., Tq, Tk)
}

const fmt = (s: readonly number[]) => `[${s.join(', ')}]`;

/** Validate shapes and options; returns [Tq, Tk, d, scale, causal]. */
export function checkAttentionArgs(owner: string, q: readonly number[], k: readonly number[], v: readonly number[], options: AttentionOptions | undefined): [number, number, number, number, boolean] {
  if (q.length < 2 || k.length !== q.length || v.length !== q.length) {
    throw new ShapeError(`${owner}: q, k, v must have the same rank >= 2 (..., T, d), got shapes ${fmt(q)}, ${fmt(k)}, ${fmt(v)}`);
  }
  const r = q.length;
  for (let i = 0; i < r - 2; i++) {
    if (q[i] !== k[i] || q[i] !== v[i]) throw new ShapeError(`${owner}: q, k, v must share their leading (batch) axes, got shapes ${fmt(q)}, ${fmt(k)}, ${fmt(v)}`);
  }
  const [Tq, d, Tk, dk, Tv] = [q[r - 2]!, q[r - 1]!, k[r - 2]!, k[r - 1]!, v[r - 2]!];
  if (d !== dk) throw new ShapeError(`${owner}: q and k must have the same last dimension d, got ${d} and ${dk}`);
  if (Tk !== Tv) throw new ShapeError(`${owner}: k and v must have the same length T_k, got ${Tk} and ${Tv}`);
  const causal = options?.causal ?? false;
  if (typeof causal !== 'boolean') throw new InvalidParamError(owner, 'causal', causal, 'true or false');
  if (causal && Tq !== Tk) throw new ShapeError(`${owner}: a causal mask needs T_q = T_k, got ${Tq} and ${Tk}`);
  const scale = options?.scale ?? 1 / Math.sqrt(d);
  if (typeof scale !== 'number' || !Number.isFinite(scale) || scale <= 0) throw new InvalidParamError(owner, 'scale', scale, 'a finite positive number');
  return [Tq, Tk, d, scale, causal];
}

/**
 * The additive causal mask $M$ (T, T): 0 on and below the diagonal, $-\infty$ above it. $O(T^2)$.
 * @see ../../../../docs/level3-deep/attention.md
 */
export function causalMaskData(T: number): Float64Array {
  const m = new Float64Array(T * T); // (T, T)
  for (let t = 0; t < T; t++) for (let s = t + 1; s < T; s++) m[t * T + s] = -Infinity;
  return m;
}

/** Swap the last two axes (level1's transpose with a permutation). */
function mT(x: Tensor): Tensor {
  const r = x.rank;
  return x.transpose(Array.from({ length: r }, (_, i) => (i === r - 2 ? r - 1 : i === r - 1 ? r - 2 : i)));
}

/**
 * Scaled dot-product attention, float64 reference, returning the output (…, $T_q$, $d_v$)
 * and the weights $P$ (…, $T_q$, $T_k$). Differentiable in q, k and v.
 * @throws ShapeError for mismatched shapes (or causal with $T_q \ne T_k$); InvalidParamError for bad options.
 * @see ../../../../docs/level3-deep/attention.md
 */
export function scaledDotProductAttention(q: Tensor, k: Tensor, v: Tensor, options?: AttentionOptions): AttentionResult<Tensor> {
  for (const [n, x] of [['q', q], ['k', k], ['v', v]] as const) {
    if (!(x instanceof Tensor)) throw new ShapeError(`scaledDotProductAttention: ${n} must be a Tensor, got ${describeValue(x)}`);
  }
  const [T, , , scale, causal] = checkAttentionArgs('scaledDotProductAttention', q.shape, k.shape, v.shape, options);
  let s = q.matmul(mT(k)).mul(scale); // (..., Tq, Tk) = Q K^T / sqrt(d)
  if (causal) s = s.add(tensor(causalMaskData(T), [T, T])); // (..., T, T), -inf above the diagonal
  const weights = s.softmax(-1); // (..., Tq, Tk), rows sum to 1
  return { output: weights.matmul(v), weights }; // (..., Tq, dv)
}

/**
 * tfjs twin of {@link scaledDotProductAttention} for rank-3 inputs (n, T, d) (fold heads into
 * the batch axis first). One batched matMul with `transposeB` for $QK^\top$, the mask added as
 * a (T, T) constant (pass `mask` to reuse one built once, e.g. {@link TfCausalMasks}), softmax,
 * one batched matMul for $PV$. Call inside `tf.tidy`.
 * @see ../../../../docs/level3-deep/attention.md
 */
export function tfScaledDotProductAttention(tf: Tf, q: TfTensor, k: TfTensor, v: TfTensor, options?: AttentionOptions & { mask?: TfTensor }): AttentionResult<TfTensor> {
  for (const [n, x] of [['q', q], ['k', k], ['v', v]] as const) {
    if (!(x instanceof tf.Tensor)) throw new ShapeError(`tfScaledDotProductAttention: ${n} must be a tf.Tensor, got ${describeValue(x)}`);
  }
  const [T, , , scale, causal] = checkAttentionArgs('tfScaledDotProductAttention', q.shape, k.shape, v.shape, options);
  if (q.rank !== 3) throw new ShapeError(`tfScaledDotProductAttention: q, k, v must be rank 3 (n, T, d), got shape ${fmt(q.shape)}`);
  let s = tf.mul(tf.matMul(q, k, false, true), scale); // (n, Tq, Tk)
  if (causal) s = tf.add(s, options?.mask ?? tf.tensor2d(Float32Array.from(causalMaskData(T)), [T, T])); // (n, T, T)
  const weights = tf.softmax(s); // (n, Tq, Tk)
  return { output: tf.matMul(weights, v), weights }; // (n, Tq, dv)
}

/**
 * A cache of tfjs causal masks, one (T, T) constant per length, built on first use and kept
 * until {@link dispose} (the twin modules own one each).
 */
export class TfCausalMasks {
  readonly #masks = new Map<number, TfTensor>();
  constructor(readonly tf: Tf) {}

  /** The (T, T) additive causal mask (float32, $-\infty$ above the diagonal). */
  get(T: number): TfTensor {
    let m = this.#masks.get(T);
    if (!m || m.isDisposed) {
      const tf = this.tf;
      m = tf.keep(tf.tensor2d(Float32Array.from(causalMaskData(T)), [T, T]));
      this.#masks.set(T, m);
    }
    return m;
  }

  dispose(): void {
    for (const m of this.#masks.values()) m.dispose();
    this.#masks.clear();
  }
}
