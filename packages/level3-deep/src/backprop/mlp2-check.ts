/**
 * The finite-difference check of an {@link Mlp2}: every parameter and the input, with a step
 * that cannot cross a ReLU kink.
 *
 * Central differences assume $L$ is smooth within $\pm h$. ReLU is not: if a pre-activation
 * $z_{ij}$ lies within reach of 0, $L$ has a kink inside the stencil and the difference quotient
 * is off by $O(1)$ times the jump in slope, whatever the backward pass does. Perturbing one entry
 * of $W_1$, $b_1$ or $X$ by $h$ moves each $z_{ij}$ by at most $h \cdot s$ with
 * $s = \max(1, \max|X|, \max|W_1|)$, so the stencil is kink-free when
 * $$h < h_\text{kink} = \min_{ij} |z_{ij}| / s.$$
 * For ReLU the step used is $\min(h, h_\text{kink}/2)$; for tanh and the logistic it is $h$.
 * Cost: $2(|\theta| + nd)$ forward passes.
 *
 * @see ../../../../docs/level3-deep/backprop.md
 */
import { Matrix, type MatrixLike } from '@fpml/core';
import { checkTensors, type TensorCheck } from './gradient-check.js';
import type { Mlp2, Mlp2Grads } from './mlp2.js';

/** Options of {@link checkMlp2Gradients}. */
export interface Mlp2CheckOptions {
  /** Requested step h. @default ε^{1/3} ≈ 6.06e-6 */
  h?: number;
  /** The gradients under test. @default net.backward(net.forward(X), y) */
  grads?: Mlp2Grads;
  /** Cap the ReLU step below the nearest kink; `false` uses `h` as given (to show what kinks do). @default true */
  kinkSafe?: boolean;
}

/** What {@link checkMlp2Gradients} found. */
export interface Mlp2CheckResult {
  /** The step used (smaller than requested only for ReLU near a kink). */
  h: number;
  /** $h_\text{kink}$ (Infinity for smooth activations). */
  kinkStep: number;
  /** One row per tensor: W1, b1, W2, b2, X. */
  tensors: TensorCheck[];
  /** The largest `relError` over the tensors. */
  relError: number;
}

/** $\varepsilon^{1/3}$: the step that balances O(h²) truncation against O(ε/h) rounding for a unit-scale problem. */
export const CBRT_EPS = Math.cbrt(Number.EPSILON);

/**
 * Check `net`'s gradients of the loss on (X, y) against central differences. Neither `net` nor
 * `X` is changed (entries are perturbed and restored exactly; X is copied first).
 */
export function checkMlp2Gradients(net: Mlp2, X: MatrixLike, y: ArrayLike<number>, options: Mlp2CheckOptions = {}): Mlp2CheckResult {
  const Xc = Matrix.from(net.forward(X).X); // (n, d), a copy to perturb
  const cache = net.forward(Xc);
  const grads = options.grads ?? net.backward(cache, y);
  const kinkStep = net.activation === 'relu' ? reluKinkStep(cache.Z1, Xc, net.params.W1) : Infinity;
  const h = options.kinkSafe === false ? (options.h ?? CBRT_EPS) : Math.min(options.h ?? CBRT_EPS, kinkStep / 2);
  const { W1, b1, W2, b2 } = net.params;
  const tensors = checkTensors(
    () => net.loss(net.forward(Xc), y),
    { W1: W1.data, b1, W2: W2.data, b2, X: Xc.data },
    { W1: grads.W1.data, b1: grads.b1, W2: grads.W2.data, b2: grads.b2, X: grads.X.data },
    h,
  );
  return { h, kinkStep, tensors, relError: Math.max(...tensors.map((t) => t.relError)) };
}

/** $h_\text{kink} = \min_{ij}|z_{ij}| / \max(1, \max|X|, \max|W_1|)$. $O(nH + nd + Hd)$. */
export function reluKinkStep(Z1: Matrix, X: Matrix, W1: Matrix): number {
  let zmin = Infinity, s = 1;
  for (const v of Z1.data) zmin = Math.min(zmin, Math.abs(v));
  for (const v of X.data) s = Math.max(s, Math.abs(v));
  for (const v of W1.data) s = Math.max(s, Math.abs(v));
  return zmin / s;
}
