/**
 * The hidden-layer activations of the hand-written MLP ({@link ./mlp2.ts}), each with its
 * derivative written in the form backprop wants: from the values the forward pass already has,
 * so the backward pass costs one multiply per entry.
 *
 * | name | $\sigma(z)$ | $\sigma'(z)$ |
 * |---|---|---|
 * | `tanh` | $\tanh z$ | $1 - \tanh^2 z = 1 - h^2$ |
 * | `sigmoid` | $1/(1 + e^{-z})$ | $\sigma(z)(1 - \sigma(z)) = h(1 - h)$ |
 * | `relu` | $\max(z, 0)$ | $\mathbb 1[z > 0]$ (0 at the kink, as PyTorch) |
 *
 * @see ../../../../docs/level3-deep/backprop.md
 */
import { InvalidParamError } from '@fpml/core';

/** A hidden activation of {@link ./mlp2.ts}. */
export type HiddenActivation = 'tanh' | 'relu' | 'sigmoid';

/** Every supported hidden activation, in documentation order. */
export const HIDDEN_ACTIVATIONS: readonly HiddenActivation[] = ['tanh', 'relu', 'sigmoid'];

/**
 * The logistic function $\sigma(z) = 1/(1 + e^{-z})$, evaluated without overflow:
 * $e^{-z}$ for $z \ge 0$ and $e^{z}/(1 + e^{z})$ for $z < 0$. $O(1)$.
 * @see ../../../../docs/level3-deep/backprop.md
 */
export function logistic(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/**
 * $h = \sigma(z)$ elementwise into a new array. $O(n)$.
 * @param z pre-activations, any length
 * @see ../../../../docs/level3-deep/backprop.md
 */
export function activate(kind: HiddenActivation, z: Float64Array): Float64Array {
  const h = new Float64Array(z.length);
  if (kind === 'tanh') for (let i = 0; i < z.length; i++) h[i] = Math.tanh(z[i]!);
  else if (kind === 'sigmoid') for (let i = 0; i < z.length; i++) h[i] = logistic(z[i]!);
  else for (let i = 0; i < z.length; i++) h[i] = z[i]! > 0 ? z[i]! : 0;
  return h;
}

/**
 * The backward step through the activation, $\partial L/\partial z = \partial L/\partial h \odot
 * \sigma'(z)$, with $\sigma'$ read off the forward pass's $z$ and $h$. Returns a new array. $O(n)$.
 * @param dh $\partial L/\partial h$ @param z pre-activations @param h $\sigma(z)$ (all the same length)
 * @see ../../../../docs/level3-deep/backprop.md
 */
export function activateBackward(kind: HiddenActivation, dh: Float64Array, z: Float64Array, h: Float64Array): Float64Array {
  const dz = new Float64Array(dh.length);
  if (kind === 'tanh') for (let i = 0; i < dh.length; i++) dz[i] = dh[i]! * (1 - h[i]! * h[i]!); // tanh' = 1 − h²
  else if (kind === 'sigmoid') for (let i = 0; i < dh.length; i++) dz[i] = dh[i]! * h[i]! * (1 - h[i]!); // σ' = h(1 − h)
  else for (let i = 0; i < dh.length; i++) dz[i] = z[i]! > 0 ? dh[i]! : 0; // relu' = 1[z > 0]
  return dz;
}

/** @throws InvalidParamError unless `kind` is one of {@link HIDDEN_ACTIVATIONS}. */
export function checkActivation(owner: string, kind: unknown): HiddenActivation {
  if (!HIDDEN_ACTIVATIONS.includes(kind as HiddenActivation)) throw new InvalidParamError(owner, 'activation', kind, `one of ${HIDDEN_ACTIVATIONS.map((a) => `'${a}'`).join(', ')}`);
  return kind as HiddenActivation;
}
