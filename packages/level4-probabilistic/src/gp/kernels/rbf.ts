/**
 * `RBF` (squared exponential): $$k(x, x') = \exp\!\Big(-\tfrac12 \sum_k \frac{(x_k - x'_k)^2}{\ell_k^2}\Big),$$
 * isotropic ($\ell$ a scalar) or ARD (one $\ell_k$ per column). Infinitely differentiable sample
 * paths; $\ell$ is the distance over which the function changes appreciably.
 *
 * Gradient in log space: $\partial K/\partial\log\ell = K \odot D$ with
 * $D_{ij} = \lVert (x_i - x_j)/\ell\rVert^2$; for ARD, $\partial K/\partial\log\ell_k = K \odot D^{(k)}$.
 * Cost $O(n^2 d)$.
 *
 * @see ../../../../../docs/level4-probabilistic/gaussian-processes.md
 */
import { Matrix } from '@fpml/core';
import { DEFAULT_BOUNDS, checkHyper, type Bounds, type Hyperparameter, type KernelGradient, type KernelSpec } from './kernel.js';
import { LeafKernel, checkArd, g3v, kernelInputs, scaledSqDist } from './leaf.js';

/** Options of {@link RBF}. */
export interface RBFOptions {
  /** $\ell > 0$, or one per column (ARD). @default 1 */
  lengthScale?: number | number[];
  /** @default [1e-5, 1e5] */
  bounds?: Bounds;
}

/** Squared-exponential kernel. @see ../../../../../docs/level4-probabilistic/gaussian-processes.md */
export class RBF extends LeafKernel {
  readonly hyperparameters: readonly Hyperparameter[];
  readonly lengthScale: readonly number[];
  constructor(options: RBFOptions = {}) {
    super();
    const h = checkHyper('RBF', 'lengthScale', options.lengthScale ?? 1, options.bounds ?? DEFAULT_BOUNDS);
    this.lengthScale = h.value;
    this.hyperparameters = [{ name: 'length_scale', ...h }];
  }
  protected rebuild(values: number[][]): RBF {
    const ls = values[0]!;
    return new RBF({ lengthScale: ls.length === 1 ? ls[0]! : ls, bounds: this.hyperparameters[0]!.bounds });
  }
  call(X: Matrix, Y?: Matrix): Matrix {
    const [Xm, Ym] = kernelInputs('RBF', X, Y);
    checkArd('RBF', this.lengthScale, Xm);
    const { D } = scaledSqDist(Xm, Ym ?? Xm, this.lengthScale);
    for (let i = 0; i < D.data.length; i++) D.data[i] = Math.exp(-0.5 * D.data[i]!); // exp(−D/2)
    return D;
  }
  gradient(X: Matrix): KernelGradient {
    const [Xm] = kernelInputs('RBF', X);
    checkArd('RBF', this.lengthScale, Xm);
    const ard = this.lengthScale.length > 1;
    const { D, Dk } = scaledSqDist(Xm, Xm, this.lengthScale, ard);
    const K = new Matrix(D.rows, D.cols);
    for (let i = 0; i < D.data.length; i++) K.data[i] = Math.exp(-0.5 * D.data[i]!);
    if (this.hyperparameters[0]!.bounds === 'fixed') return { K, dK: [] };
    const parts = ard ? Dk : [D];
    for (const P of parts) for (let i = 0; i < P.data.length; i++) P.data[i]! *= K.data[i]!; // ∂K/∂log ℓ_k = K ⊙ D⁽ᵏ⁾
    return { K, dK: parts };
  }
  diag(X: Matrix): Float64Array {
    const [Xm] = kernelInputs('RBF', X);
    return new Float64Array(Xm.rows).fill(1);
  }
  toJSON(): KernelSpec {
    const ls = this.lengthScale;
    return { kind: 'RBF', lengthScale: ls.length === 1 ? ls[0]! : ls.slice(), bounds: this.hyperparameters[0]!.bounds };
  }
  toString(): string {
    return `RBF(length_scale=${g3v(this.lengthScale)})`;
  }
}
