/**
 * `Dropout` (float64 reference) and `TfDropout` (tfjs twin): PyTorch's `nn.Dropout`, inverted
 * dropout. In training mode each element is kept with probability $1-p$ and rescaled,
 * $$y = \frac{m \odot x}{1-p},\qquad m_i \sim \mathrm{Bernoulli}(1-p)\ \text{i.i.d.},$$
 * so $\mathbb E[y_i] = x_i$ and evaluation mode is the identity (no rescaling at test time).
 * $p = 0$ is the identity, $p = 1$ gives zeros. Backward: $\bar x = \bar y \odot m/(1-p)$ (the
 * same mask). No parameters, no state dict entries. Cost $O(n)$.
 *
 * Randomness: the reference draws a fresh mask per training-mode call from core's `Rng`
 * ($u_i$ = `rng.next()`, kept iff $u_i \ge p$); the twin draws one 32-bit seed per call from its
 * own `Rng` and hands it to tfjs's `randomUniform` (via `tf.dropout`). Both are deterministic
 * for a given seed, but **the masks differ between the two paths**, so their parity is checked in
 * evaluation mode and training mode is checked by its statistics (tests).
 *
 * @see ../../../../docs/level3-deep/layers.md
 */
import { Rng, ShapeError, describeValue } from '@fpml/core';
import { Tensor } from '@fpml/level1-math';
import type { Tf } from '@fpml/core/tf';
import { Module } from '../nn/module.js';
import { checkNumberIn, toRng, type RngLike } from '../nn/rng.js';
import { TfModule, type TfTensor } from '../nn/tf-module.js';

/** Options of {@link Dropout} and {@link TfDropout}. */
export interface DropoutOptions {
  /** Source of the masks (an `Rng`, advanced in place, or a seed). Required. */
  rng: RngLike;
}

/**
 * Inverted dropout, float64 reference. `forward(x)`: any shape to the same shape.
 * @see ../../../../docs/level3-deep/layers.md
 */
export class Dropout extends Module {
  readonly p: number;
  readonly #rng: Rng;

  /** @param p drop probability in $[0, 1]$. @throws InvalidParamError for a bad `p` or `rng`. */
  constructor(p: number, options: DropoutOptions) {
    super();
    this.p = checkNumberIn('Dropout', 'p', p, 0, 1);
    this.#rng = toRng(options?.rng, 'Dropout');
  }

  /**
   * A fresh scaled mask $m/(1-p)$ of `shape` (values $0$ or $1/(1-p)$), drawn from the layer's
   * `Rng` in row-major order; all zeros for $p = 1$.
   */
  sampleMask(shape: readonly number[]): Tensor {
    const n = shape.reduce((a, d) => a * d, 1);
    const scale = this.p < 1 ? 1 / (1 - this.p) : 0;
    const m = new Float64Array(n);
    for (let i = 0; i < n; i++) m[i] = this.#rng.next() >= this.p ? scale : 0; // kept with probability 1 - p
    return new Tensor(m, shape);
  }

  forward(x: Tensor): Tensor {
    if (!(x instanceof Tensor)) throw new ShapeError(`Dropout.forward: x must be a Tensor, got ${describeValue(x)}`);
    if (!this.training || this.p === 0) return x; // identity at evaluation time
    return x.mul(this.sampleMask(x.shape)); // (same shape); d y/d x = m / (1 - p)
  }
}

/**
 * tfjs twin of {@link Dropout} (same `p` and `rng` option; its masks differ from the
 * reference's). `forward(x)`: same shape; call inside `tf.tidy`.
 * @see ../../../../docs/level3-deep/layers.md
 */
export class TfDropout extends TfModule {
  readonly p: number;
  readonly #rng: Rng;

  constructor(tf: Tf, p: number, options: DropoutOptions) {
    super(tf);
    this.p = checkNumberIn('TfDropout', 'p', p, 0, 1);
    this.#rng = toRng(options?.rng, 'TfDropout');
  }

  forward(x: TfTensor): TfTensor {
    const tf = this.tf;
    if (!(x instanceof tf.Tensor)) throw new ShapeError(`TfDropout.forward: x must be a tf.Tensor, got ${describeValue(x)}`);
    if (!this.training || this.p === 0) return tf.clone(x); // identity (a new tensor: the caller may dispose either)
    if (this.p === 1) return tf.mul(x, 0); // all dropped; gradient 0
    return tf.dropout(x, this.p, undefined, this.#rng.nextUint32()); // floor(u + 1 - p) / (1 - p) mask
  }
}
