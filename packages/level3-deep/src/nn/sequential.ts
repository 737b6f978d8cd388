/**
 * `Sequential` and `TfSequential`: PyTorch's `nn.Sequential`, the composition
 * $$f = f_{k} \circ \dots \circ f_1,$$
 * with children named `'0'`, `'1'`, ... so state-dict keys are PyTorch's (`'0.weight'`, `'2.bias'`).
 * Cost: the sum of the children's.
 *
 * @see ../../../../docs/level3-deep/layers.md
 */
import { InvalidInputError, describeValue } from '@fpml/core';
import type { Tensor } from '@fpml/level1-math';
import type { Tf } from '@fpml/core/tf';
import { Module } from './module.js';
import { TfModule, type TfTensor } from './tf-module.js';

/** A chain of reference modules, each mapping one tensor to one tensor. */
export class Sequential extends Module {
  readonly layers: readonly Module[];

  constructor(...layers: Module[]) {
    super();
    if (layers.length === 0) throw new InvalidInputError('Sequential: needs at least one module');
    layers.forEach((m, i) => {
      if (!(m instanceof Module)) throw new InvalidInputError(`Sequential: argument ${i} must be a Module, got ${describeValue(m)}`);
      this.registerModule(String(i), m);
    });
    this.layers = layers.slice();
  }

  forward(x: Tensor): Tensor {
    let h = x;
    for (const m of this.layers) h = m.forward(h);
    return h;
  }
}

/** A chain of tfjs twins, each mapping one tensor to one tensor; call inside `tf.tidy`. */
export class TfSequential extends TfModule {
  readonly layers: readonly TfModule[];

  constructor(tf: Tf, ...layers: TfModule[]) {
    super(tf);
    if (layers.length === 0) throw new InvalidInputError('TfSequential: needs at least one module');
    layers.forEach((m, i) => {
      if (!(m instanceof TfModule)) throw new InvalidInputError(`TfSequential: argument ${i} must be a TfModule, got ${describeValue(m)}`);
      if (m.tf !== tf) throw new InvalidInputError(`TfSequential: argument ${i} was built with another tf namespace`);
      this.registerModule(String(i), m);
    });
    this.layers = layers.slice();
  }

  forward(x: TfTensor): TfTensor {
    let h = x;
    for (const m of this.layers) h = m.forward(h);
    return h;
  }
}
