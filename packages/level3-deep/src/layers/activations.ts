/**
 * Activation modules, each a float64 reference and its tfjs twin (PyTorch's `nn.ReLU`, `nn.GELU`,
 * `nn.Tanh`, `nn.Sigmoid`, `nn.Softmax`), elementwise except Softmax:
 * $$\mathrm{relu}(x) = \max(x, 0),\quad \mathrm{gelu}(x) = x\,\Phi(x),\quad \tanh x,\quad
 *   \sigma(x) = \frac{1}{1+e^{-x}},\quad \mathrm{softmax}(x)_i = \frac{e^{x_i}}{\sum_j e^{x_j}}\ \text{(along `dim`)}.$$
 * Derivatives: $\mathbb 1[x>0]$ (0 at 0, as PyTorch), $\Phi(x) + x\varphi(x)$, $1-\tanh^2 x$,
 * $\sigma(1-\sigma)$, and $\bar x = y\odot(\bar y - \langle\bar y, y\rangle_\text{dim})$ for softmax.
 * No parameters. Cost $O(n)$. GELU's two forms and erf: ../nn/functional.ts.
 *
 * @see ../../../../docs/level3-deep/layers.md
 */
import { InvalidParamError, ShapeError, describeValue } from '@fpml/core';
import { Tensor } from '@fpml/level1-math';
import type { Tf } from '@fpml/core/tf';
import { checkGeluApproximate, gelu, tfGelu, type GeluApproximate } from '../nn/functional.js';
import { Module } from '../nn/module.js';
import { TfModule, type TfTensor } from '../nn/tf-module.js';

function refInput(owner: string, x: unknown): Tensor {
  if (!(x instanceof Tensor)) throw new ShapeError(`${owner}.forward: x must be a Tensor, got ${describeValue(x)}`);
  return x;
}

function tfInput(tf: Tf, owner: string, x: unknown): TfTensor {
  if (!(x instanceof tf.Tensor)) throw new ShapeError(`${owner}.forward: x must be a tf.Tensor, got ${describeValue(x)}`);
  return x;
}

/** $y = \max(x, 0)$, float64 reference. @see ../../../../docs/level3-deep/layers.md */
export class ReLU extends Module {
  forward(x: Tensor): Tensor {
    return refInput('ReLU', x).relu();
  }
}

/** tfjs twin of {@link ReLU}. @see ../../../../docs/level3-deep/layers.md */
export class TfReLU extends TfModule {
  forward(x: TfTensor): TfTensor {
    return this.tf.relu(tfInput(this.tf, 'TfReLU', x));
  }
}

/** Options of {@link GELU} and {@link TfGELU}. */
export interface GeluOptions {
  /** `'none'`: $x\Phi(x)$ with erf; `'tanh'`: the tanh approximation. @default 'none' */
  approximate?: GeluApproximate;
}

/**
 * GELU, float64 reference: $x\Phi(x)$ or its tanh approximation ({@link gelu}).
 * @see ../../../../docs/level3-deep/layers.md
 */
export class GELU extends Module {
  readonly approximate: GeluApproximate;
  constructor(options: GeluOptions = {}) {
    super();
    this.approximate = checkGeluApproximate('GELU', options?.approximate ?? 'none');
  }
  forward(x: Tensor): Tensor {
    return gelu(refInput('GELU', x), this.approximate);
  }
}

/** tfjs twin of {@link GELU} ({@link tfGelu}). @see ../../../../docs/level3-deep/layers.md */
export class TfGELU extends TfModule {
  readonly approximate: GeluApproximate;
  constructor(tf: Tf, options: GeluOptions = {}) {
    super(tf);
    this.approximate = checkGeluApproximate('TfGELU', options?.approximate ?? 'none');
  }
  forward(x: TfTensor): TfTensor {
    return tfGelu(this.tf, tfInput(this.tf, 'TfGELU', x), this.approximate);
  }
}

/** $y = \tanh x$, float64 reference. @see ../../../../docs/level3-deep/layers.md */
export class Tanh extends Module {
  forward(x: Tensor): Tensor {
    return refInput('Tanh', x).tanh();
  }
}

/** tfjs twin of {@link Tanh}. @see ../../../../docs/level3-deep/layers.md */
export class TfTanh extends TfModule {
  forward(x: TfTensor): TfTensor {
    return this.tf.tanh(tfInput(this.tf, 'TfTanh', x));
  }
}

/** $y = 1/(1+e^{-x})$, float64 reference. @see ../../../../docs/level3-deep/layers.md */
export class Sigmoid extends Module {
  forward(x: Tensor): Tensor {
    return refInput('Sigmoid', x).sigmoid();
  }
}

/** tfjs twin of {@link Sigmoid}. @see ../../../../docs/level3-deep/layers.md */
export class TfSigmoid extends TfModule {
  forward(x: TfTensor): TfTensor {
    return this.tf.sigmoid(tfInput(this.tf, 'TfSigmoid', x));
  }
}

function checkDim(owner: string, dim: unknown): number {
  if (typeof dim !== 'number' || !Number.isSafeInteger(dim)) throw new InvalidParamError(owner, 'dim', dim, 'an integer axis (negative counts from the end)');
  return dim;
}

function normDim(owner: string, dim: number, shape: readonly number[]): number {
  const r = shape.length;
  if (dim < -r || dim >= r) throw new ShapeError(`${owner}.forward: dim ${dim} is out of range for x of shape [${shape.join(', ')}]`);
  return dim < 0 ? dim + r : dim;
}

/**
 * Softmax along `dim`, float64 reference (level1's stable softmax: $e^{x_i - \mathrm{lse}(x)}$).
 * `forward(x)`: same shape. @see ../../../../docs/level3-deep/layers.md
 */
export class Softmax extends Module {
  readonly dim: number;
  /** @param dim the axis to normalise (negative counts from the end); required, as in PyTorch. */
  constructor(dim: number) {
    super();
    this.dim = checkDim('Softmax', dim);
  }
  forward(x: Tensor): Tensor {
    const t = refInput('Softmax', x);
    return t.softmax(normDim('Softmax', this.dim, t.shape)); // (same shape)
  }
}

/**
 * tfjs twin of {@link Softmax}: $e^{x - \mathrm{logSumExp}(x)}$ along `dim` (tfjs's own `softmax`
 * only takes the last axis). @see ../../../../docs/level3-deep/layers.md
 */
export class TfSoftmax extends TfModule {
  readonly dim: number;
  constructor(tf: Tf, dim: number) {
    super(tf);
    this.dim = checkDim('TfSoftmax', dim);
  }
  forward(x: TfTensor): TfTensor {
    const tf = this.tf;
    const t = tfInput(tf, 'TfSoftmax', x);
    const d = normDim('TfSoftmax', this.dim, t.shape);
    if (d === t.rank - 1) return tf.softmax(t); // fused kernel on the last axis
    return tf.exp(tf.sub(t, tf.logSumExp(t, d, true))); // (same shape), stable
  }
}
