/**
 * `WhiteKernel`: independent noise, $k(x_i, x_j) = \sigma_n^2\,[i = j]$ on the training Gram
 * matrix $k(X, X)$ and $0$ between different sets ($k(X_*, X) = 0$), as in scikit-learn: it adds
 * $\sigma_n^2 I$ to the covariance of the targets and $\sigma_n^2$ to the predictive variance.
 * $\partial K/\partial\log\sigma_n^2 = \sigma_n^2 I$.
 *
 * @see ../../../../../docs/level4-probabilistic/gaussian-processes.md
 */
import { Matrix } from '@fpml/core';
import { DEFAULT_BOUNDS, checkHyper, type Bounds, type Hyperparameter, type KernelGradient, type KernelSpec } from './kernel.js';
import { LeafKernel, g3, kernelInputs } from './leaf.js';

/** Options of {@link WhiteKernel}. */
export interface WhiteKernelOptions {
  /** $\sigma_n^2 > 0$. @default 1 */
  noiseLevel?: number;
  /** @default [1e-5, 1e5] */
  bounds?: Bounds;
}

/** Noise on the diagonal of $k(X, X)$. @see ../../../../../docs/level4-probabilistic/gaussian-processes.md */
export class WhiteKernel extends LeafKernel {
  readonly hyperparameters: readonly Hyperparameter[];
  readonly noiseLevel: number;
  constructor(options: WhiteKernelOptions = {}) {
    super();
    const h = checkHyper('WhiteKernel', 'noiseLevel', options.noiseLevel ?? 1, options.bounds ?? DEFAULT_BOUNDS);
    this.noiseLevel = h.value[0]!;
    this.hyperparameters = [{ name: 'noise_level', ...h }];
  }
  protected rebuild(values: number[][]): WhiteKernel {
    return new WhiteKernel({ noiseLevel: values[0]![0]!, bounds: this.hyperparameters[0]!.bounds });
  }
  call(X: Matrix, Y?: Matrix): Matrix {
    const [Xm, Ym] = kernelInputs('WhiteKernel', X, Y);
    if (Ym !== undefined) return new Matrix(Xm.rows, Ym.rows); // zeros between different sets
    const K = new Matrix(Xm.rows, Xm.rows);
    for (let i = 0; i < Xm.rows; i++) K.data[i * Xm.rows + i] = this.noiseLevel; // σ² I
    return K;
  }
  gradient(X: Matrix): KernelGradient {
    const K = this.call(X);
    return { K, dK: this.hyperparameters[0]!.bounds === 'fixed' ? [] : [K.clone()] }; // ∂σ²I/∂log σ² = σ² I
  }
  diag(X: Matrix): Float64Array {
    const [Xm] = kernelInputs('WhiteKernel', X);
    return new Float64Array(Xm.rows).fill(this.noiseLevel);
  }
  toJSON(): KernelSpec {
    return { kind: 'White', noiseLevel: this.noiseLevel, bounds: this.hyperparameters[0]!.bounds };
  }
  toString(): string {
    return `WhiteKernel(noise_level=${g3(this.noiseLevel)})`;
  }
}
