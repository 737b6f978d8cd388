/**
 * `ConstantKernel`: $k(x, x') = c$. Multiplies another kernel to give it an amplitude
 * ($c = \sigma^2$, printed as `σ**2` like scikit-learn). $\partial K/\partial\log c = c\,\mathbf 1\mathbf 1^\top$.
 *
 * @see ../../../../../docs/level4-probabilistic/gaussian-processes.md
 */
import { Matrix } from '@fpml/core';
import { DEFAULT_BOUNDS, checkHyper, type Bounds, type Hyperparameter, type KernelGradient, type KernelSpec } from './kernel.js';
import { LeafKernel, g3, kernelInputs } from './leaf.js';

/** Options of {@link ConstantKernel}. */
export interface ConstantKernelOptions {
  /** $c > 0$. @default 1 */
  constantValue?: number;
  /** @default [1e-5, 1e5] */
  bounds?: Bounds;
}

/** $k(x, x') = c$. @see ../../../../../docs/level4-probabilistic/gaussian-processes.md */
export class ConstantKernel extends LeafKernel {
  readonly hyperparameters: readonly Hyperparameter[];
  readonly constantValue: number;
  constructor(options: ConstantKernelOptions = {}) {
    super();
    const h = checkHyper('ConstantKernel', 'constantValue', options.constantValue ?? 1, options.bounds ?? DEFAULT_BOUNDS);
    this.constantValue = h.value[0]!;
    this.hyperparameters = [{ name: 'constant_value', ...h }];
  }
  protected rebuild(values: number[][]): ConstantKernel {
    return new ConstantKernel({ constantValue: values[0]![0]!, bounds: this.hyperparameters[0]!.bounds });
  }
  call(X: Matrix, Y?: Matrix): Matrix {
    const [Xm, Ym] = kernelInputs('ConstantKernel', X, Y);
    return Matrix.full(Xm.rows, (Ym ?? Xm).rows, this.constantValue); // (n, m)
  }
  gradient(X: Matrix): KernelGradient {
    const K = this.call(X);
    return { K, dK: this.hyperparameters[0]!.bounds === 'fixed' ? [] : [K.clone()] }; // ∂c/∂log c = c
  }
  diag(X: Matrix): Float64Array {
    const [Xm] = kernelInputs('ConstantKernel', X);
    return new Float64Array(Xm.rows).fill(this.constantValue);
  }
  toJSON(): KernelSpec {
    return { kind: 'Constant', constantValue: this.constantValue, bounds: this.hyperparameters[0]!.bounds };
  }
  toString(): string {
    return `${g3(Math.sqrt(this.constantValue))}**2`;
  }
}
