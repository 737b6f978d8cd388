/**
 * Gradient clipping by the global norm: PyTorch 1.13's `torch.nn.utils.clip_grad_norm_`, on the
 * reference path (in place on `.grad`) and the tfjs path (returns clipped copies). With
 * per-parameter gradients $g_1, \dots, g_k$ and $p \in [1, \infty]$:
 * $$N = \bigl\lVert (\lVert g_1\rVert_p, \dots, \lVert g_k\rVert_p) \bigr\rVert_p,\qquad
 *   c = \min\Bigl(1, \frac{\text{maxNorm}}{N + 10^{-6}}\Bigr),\qquad g_i \leftarrow c\, g_i,$$
 * i.e. the $p$-norm of all gradients concatenated (for $p = \infty$ the largest $|g|$). The
 * $10^{-6}$ and the clamp are PyTorch's: below the threshold the gradients are multiplied by 1.
 * Parameters without a gradient are left out, as in PyTorch. Returns $N$ (before clipping).
 *
 * Cost $O(n)$ for $n$ gradient values. One deliberate difference from PyTorch 1.13: a NaN or
 * infinite $N$ throws by default (`errorIfNonfinite: true`) instead of writing NaN into every
 * gradient.
 *
 * @see ../../../../docs/level3-deep/training.md
 */
import { InvalidInputError, InvalidParamError, describeValue } from '@fpml/core';
import type { Tf } from '@fpml/core/tf';
import { Tensor } from '@fpml/level1-math';
import { Module } from '../nn/module.js';
import type { TfTensor } from '../nn/tf-module.js';

/** Options of {@link clipGradNorm} and {@link tfClipGradNorm}. */
export interface ClipOptions {
  /** The $p$ of the norm: a number ≥ 1 or `Infinity`. @default 2 */
  normType?: number;
  /** Throw `InvalidInputError` (before touching any gradient) if $N$ is NaN or infinite. @default true */
  errorIfNonfinite?: boolean;
}

/**
 * PyTorch's guard against division by zero.
 * @see ../../../../docs/level3-deep/training.md
 */
export const CLIP_EPS = 1e-6;

/**
 * Check `maxNorm` and the options; returns `[maxNorm, p, errorIfNonfinite]`. @throws InvalidParamError
 * @see ../../../../docs/level3-deep/training.md
 */
export function checkClip(owner: string, maxNorm: unknown, o: ClipOptions = {}): [number, number, boolean] {
  if (typeof maxNorm !== 'number' || Number.isNaN(maxNorm) || maxNorm < 0) throw new InvalidParamError(owner, 'maxNorm', maxNorm, 'a number ≥ 0 (Infinity measures without clipping)');
  const p = o.normType ?? 2;
  if (typeof p !== 'number' || Number.isNaN(p) || p < 1) throw new InvalidParamError(owner, 'normType', p, 'a number ≥ 1 or Infinity');
  const e = o.errorIfNonfinite ?? true;
  if (typeof e !== 'boolean') throw new InvalidParamError(owner, 'errorIfNonfinite', e, 'true or false');
  return [maxNorm, p, e];
}

/**
 * $\lVert x\rVert_p$ of one array ($p = 2$ as $\sqrt{\sum x^2}$, $p=\infty$ as $\max|x|$).
 * @see ../../../../docs/level3-deep/training.md
 */
export function pNorm(x: ArrayLike<number>, p: number): number {
  let s = 0;
  if (p === Infinity) {
    for (let i = 0; i < x.length; i++) s = Math.max(s, Math.abs(x[i]!)); // NaN-safe below
    for (let i = 0; i < x.length; i++) if (Number.isNaN(x[i]!)) return Number.NaN;
    return s;
  }
  if (p === 2) {
    for (let i = 0; i < x.length; i++) s += x[i]! * x[i]!;
    return Math.sqrt(s);
  }
  for (let i = 0; i < x.length; i++) s += Math.abs(x[i]!) ** p;
  return s ** (1 / p);
}

function nonfinite(owner: string, n: number, p: number): InvalidInputError {
  return new InvalidInputError(`${owner}: the total ${p === Infinity ? 'inf' : p}-norm of the gradients is ${describeValue(n)}; the loss diverged or a backward pass is broken (errorIfNonfinite: false to clip anyway)`);
}

/**
 * Clip the `.grad` of `params` (a module's parameters or a list) in place so that their global
 * $p$-norm is at most `maxNorm`; returns the norm $N$ before clipping (0 if no parameter has a gradient).
 * @throws InvalidParamError for a bad `maxNorm`/`normType`; InvalidInputError for a non-finite $N$.
 * @see ../../../../docs/level3-deep/training.md
 */
export function clipGradNorm(params: Module<unknown[], unknown> | readonly Tensor[], maxNorm: number, options: ClipOptions = {}): number {
  const [max, p, check] = checkClip('clipGradNorm', maxNorm, options);
  const list = params instanceof Module ? params.parameters() : params;
  if (!Array.isArray(list)) throw new InvalidInputError(`clipGradNorm: params must be a Module or an array of Tensors, got ${describeValue(params)}`);
  const grads: Float64Array[] = [];
  list.forEach((t, i) => {
    if (!(t instanceof Tensor)) throw new InvalidInputError(`clipGradNorm: params[${i}] must be a Tensor, got ${describeValue(t)}`);
    if (t.grad !== null) grads.push(t.grad.data);
  });
  if (grads.length === 0) return 0;
  const norms = grads.map((g) => pNorm(g, p)); // ‖g_i‖_p
  const total = pNorm(norms, p); // N = ‖(‖g_1‖, …, ‖g_k‖)‖_p
  if (check && !Number.isFinite(total)) throw nonfinite('clipGradNorm', total, p);
  const coef = Math.min(max / (total + CLIP_EPS), 1); // c = min(1, maxNorm / (N + 1e-6))
  for (const g of grads) for (let i = 0; i < g.length; i++) g[i] = g[i]! * coef; // g ← c g
  return total;
}

/** Gradients on the tfjs path: a list, or a map by variable name (what `tf.variableGrads` returns). */
export type TfGrads = readonly TfTensor[] | Readonly<Record<string, TfTensor>>;

/**
 * The global $p$-norm of tfjs gradients as a scalar tensor (caller owns it), computed over
 * the per-tensor norms as PyTorch does. $O(n)$, $2k + 2$ ops for $k$ tensors ($p = 2$).
  * @see ../../../../docs/level3-deep/training.md
 */
export function tfTotalNorm(tf: Tf, grads: readonly TfTensor[], p: number): TfTensor {
  return tf.tidy(() => {
    if (p === Infinity) return tf.max(tf.stack(grads.map((g) => tf.max(tf.abs(g))))); // max |g|
    if (p === 2) return tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g))))); // √Σ‖g_i‖²
    return tf.pow(tf.addN(grads.map((g) => tf.sum(tf.pow(tf.abs(g), p)))), 1 / p); // (Σ‖g_i‖_p^p)^{1/p}
  });
}

/**
 * tfjs twin of {@link clipGradNorm}: returns the clipped gradients (new tensors, same list or
 * map shape; the inputs are not disposed) and $N$ read back as a number (one scalar sync).
 * Call inside the step's `tf.tidy` so the returned gradients are freed with it.
 * @throws as {@link clipGradNorm}; nothing is allocated when it throws.
 * @see ../../../../docs/level3-deep/training.md
 */
export function tfClipGradNorm<G extends TfGrads>(tf: Tf, grads: G, maxNorm: number, options: ClipOptions = {}): { grads: G; totalNorm: number } {
  const [max, p, check] = checkClip('tfClipGradNorm', maxNorm, options);
  const isList = Array.isArray(grads);
  const keys = isList ? [] : Object.keys(grads);
  const list: TfTensor[] = isList ? (grads as readonly TfTensor[]).slice() : keys.map((k) => (grads as Record<string, TfTensor>)[k]!);
  list.forEach((g, i) => {
    if (!(g instanceof tf.Tensor)) throw new InvalidInputError(`tfClipGradNorm: grads[${isList ? i : JSON.stringify(keys[i])}] must be a tf.Tensor, got ${describeValue(g)}`);
  });
  if (list.length === 0) return { grads, totalNorm: 0 };
  const normT = tfTotalNorm(tf, list, p);
  const total = normT.dataSync()[0]!;
  if (check && !Number.isFinite(total)) {
    normT.dispose();
    throw nonfinite('tfClipGradNorm', total, p);
  }
  const clipped = tf.tidy(() => {
    const coef = tf.minimum(tf.div(max, tf.add(normT, CLIP_EPS)), 1); // c = min(1, maxNorm / (N + 1e-6))
    return list.map((g) => tf.mul(g, coef)); // g ← c g
  });
  normT.dispose();
  const out = isList ? clipped : Object.fromEntries(keys.map((k, i) => [k, clipped[i]!]));
  return { grads: out as unknown as G, totalNorm: total };
}
