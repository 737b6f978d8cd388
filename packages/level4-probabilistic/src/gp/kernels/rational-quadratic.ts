/**
 * `RationalQuadratic` kernel, with $d = \lVert x - x'\rVert$:
 * $$k(x, x') = \Big(1 + \frac{d^2}{2\alpha\ell^2}\Big)^{-\alpha},$$
 * a scale mixture of {@link RBF} kernels with Gamma-distributed inverse squared length scales
 * (shape $\alpha$); $\alpha \to \infty$ gives the RBF. Models variation at many scales.
 *
 * Gradients, with $b = 1 + d^2/(2\alpha\ell^2)$: $\partial k/\partial\log\ell = \frac{d^2}{\ell^2}\,b^{-\alpha-1}$ and
 * $\partial k/\partial\log\alpha = k\,\big(-\alpha\log b + \frac{d^2}{2\ell^2 b}\big)$. $O(n^2 d)$.
 * Hyper-parameter order is scikit-learn's: `alpha`, then `length_scale`.
 *
 * @see ../../../../../docs/level4-probabilistic/gaussian-processes.md
 */
import { InvalidParamError, Matrix } from '@fpml/core';
import { DEFAULT_BOUNDS, checkHyper, type Bounds, type Hyperparameter, type KernelGradient, type KernelSpec } from './kernel.js';
import { LeafKernel, g3, kernelInputs, scaledSqDist } from './leaf.js';

/** Options of {@link RationalQuadratic}. */
export interface RationalQuadraticOptions {
  /** $\ell > 0$. @default 1 */
  lengthScale?: number;
  /** Scale-mixture shape $\alpha > 0$. @default 1 */
  alpha?: number;
  /** @default [1e-5, 1e5] */
  lengthScaleBounds?: Bounds;
  /** @default [1e-5, 1e5] */
  alphaBounds?: Bounds;
}

/** Rational quadratic kernel. @see ../../../../../docs/level4-probabilistic/gaussian-processes.md */
export class RationalQuadratic extends LeafKernel {
  readonly hyperparameters: readonly Hyperparameter[];
  readonly lengthScale: number;
  readonly alpha: number;
  constructor(options: RationalQuadraticOptions = {}) {
    super();
    if (typeof options.lengthScale === 'object') throw new InvalidParamError('RationalQuadratic', 'lengthScale', options.lengthScale, 'a finite positive number (this kernel is isotropic)');
    const l = checkHyper('RationalQuadratic', 'lengthScale', options.lengthScale ?? 1, options.lengthScaleBounds ?? DEFAULT_BOUNDS);
    const a = checkHyper('RationalQuadratic', 'alpha', options.alpha ?? 1, options.alphaBounds ?? DEFAULT_BOUNDS);
    this.lengthScale = l.value[0]!;
    this.alpha = a.value[0]!;
    this.hyperparameters = [{ name: 'alpha', ...a }, { name: 'length_scale', ...l }]; // sklearn's (alphabetical) order
  }
  protected rebuild(values: number[][]): RationalQuadratic {
    const [a, l] = this.hyperparameters;
    return new RationalQuadratic({ alpha: values[0]![0]!, lengthScale: values[1]![0]!, alphaBounds: a!.bounds, lengthScaleBounds: l!.bounds });
  }
  #kernel(X: Matrix, Y: Matrix, grad: boolean): { K: Matrix; dA: Matrix; dL: Matrix } {
    const { D } = scaledSqDist(X, Y, [1]); // d²
    const n = grad ? D.rows : 0, m = grad ? D.cols : 0;
    const K = new Matrix(D.rows, D.cols), dA = new Matrix(n, m), dL = new Matrix(n, m);
    const al = this.alpha, l2 = this.lengthScale * this.lengthScale;
    for (let i = 0; i < D.data.length; i++) {
      const d2 = D.data[i]!;
      const b = 1 + d2 / (2 * al * l2);
      const lb = Math.log(b);
      const k = Math.exp(-al * lb); // b^(−α)
      K.data[i] = k;
      if (grad) {
        dL.data[i] = (d2 / l2) * (k / b); // ∂k/∂log ℓ = (d²/ℓ²) b^(−α−1)
        dA.data[i] = k * (-al * lb + d2 / (2 * l2 * b)); // ∂k/∂log α
      }
    }
    return { K, dA, dL };
  }
  call(X: Matrix, Y?: Matrix): Matrix {
    const [Xm, Ym] = kernelInputs('RationalQuadratic', X, Y);
    return this.#kernel(Xm, Ym ?? Xm, false).K;
  }
  gradient(X: Matrix): KernelGradient {
    const [Xm] = kernelInputs('RationalQuadratic', X);
    const { K, dA, dL } = this.#kernel(Xm, Xm, true);
    const dK: Matrix[] = [];
    if (this.hyperparameters[0]!.bounds !== 'fixed') dK.push(dA);
    if (this.hyperparameters[1]!.bounds !== 'fixed') dK.push(dL);
    return { K, dK };
  }
  diag(X: Matrix): Float64Array {
    const [Xm] = kernelInputs('RationalQuadratic', X);
    return new Float64Array(Xm.rows).fill(1);
  }
  toJSON(): KernelSpec {
    const [a, l] = this.hyperparameters;
    return { kind: 'RationalQuadratic', lengthScale: this.lengthScale, alpha: this.alpha, lengthScaleBounds: l!.bounds, alphaBounds: a!.bounds };
  }
  toString(): string {
    return `RationalQuadratic(alpha=${g3(this.alpha)}, length_scale=${g3(this.lengthScale)})`;
  }
}
