/**
 * `ExpSineSquared` (periodic) kernel, with $d = \lVert x - x' \rVert$:
 * $$k(x, x') = \exp\!\Big(-\frac{2\sin^2(\pi d / p)}{\ell^2}\Big).$$
 * Exactly periodic with period $p$; $\ell$ sets the smoothness within a period. Multiply by an
 * {@link RBF} for a quasi-periodic signal that may drift (the CO2 seasonal term).
 *
 * Gradients, with $a = \pi d/p$: $\partial k/\partial\log\ell = \frac{4\sin^2 a}{\ell^2}\,k$ and
 * $\partial k/\partial\log p = \frac{4 a \sin a\cos a}{\ell^2}\,k$. $O(n^2 d)$.
 *
 * @see ../../../../../docs/level4-probabilistic/gaussian-processes.md
 */
import { InvalidParamError, Matrix } from '@fpml/core';
import { DEFAULT_BOUNDS, checkHyper, type Bounds, type Hyperparameter, type KernelGradient, type KernelSpec } from './kernel.js';
import { LeafKernel, g3, kernelInputs, scaledSqDist } from './leaf.js';

/** Options of {@link ExpSineSquared}. */
export interface ExpSineSquaredOptions {
  /** $\ell > 0$. @default 1 */
  lengthScale?: number;
  /** Period $p > 0$. @default 1 */
  periodicity?: number;
  /** @default [1e-5, 1e5] */
  lengthScaleBounds?: Bounds;
  /** @default [1e-5, 1e5] */
  periodicityBounds?: Bounds;
}

/** Periodic kernel. @see ../../../../../docs/level4-probabilistic/gaussian-processes.md */
export class ExpSineSquared extends LeafKernel {
  readonly hyperparameters: readonly Hyperparameter[];
  readonly lengthScale: number;
  readonly periodicity: number;
  constructor(options: ExpSineSquaredOptions = {}) {
    super();
    if (typeof options.lengthScale === 'object') throw new InvalidParamError('ExpSineSquared', 'lengthScale', options.lengthScale, 'a finite positive number (this kernel is isotropic)');
    const l = checkHyper('ExpSineSquared', 'lengthScale', options.lengthScale ?? 1, options.lengthScaleBounds ?? DEFAULT_BOUNDS);
    const p = checkHyper('ExpSineSquared', 'periodicity', options.periodicity ?? 1, options.periodicityBounds ?? DEFAULT_BOUNDS);
    this.lengthScale = l.value[0]!;
    this.periodicity = p.value[0]!;
    this.hyperparameters = [{ name: 'length_scale', ...l }, { name: 'periodicity', ...p }]; // sklearn's (alphabetical) order
  }
  protected rebuild(values: number[][]): ExpSineSquared {
    const [l, p] = this.hyperparameters;
    return new ExpSineSquared({ lengthScale: values[0]![0]!, periodicity: values[1]![0]!, lengthScaleBounds: l!.bounds, periodicityBounds: p!.bounds });
  }
  #kernel(X: Matrix, Y: Matrix, grad: boolean): { K: Matrix; dL: Matrix; dP: Matrix } {
    const { D } = scaledSqDist(X, Y, [1]); // ‖x − x'‖²
    const K = new Matrix(D.rows, D.cols), dL = new Matrix(grad ? D.rows : 0, grad ? D.cols : 0), dP = new Matrix(grad ? D.rows : 0, grad ? D.cols : 0);
    const l2 = this.lengthScale * this.lengthScale;
    for (let i = 0; i < D.data.length; i++) {
      const a = (Math.PI * Math.sqrt(D.data[i]!)) / this.periodicity; // a = πd/p
      const s = Math.sin(a), c = Math.cos(a);
      const k = Math.exp((-2 * s * s) / l2);
      K.data[i] = k;
      if (grad) {
        dL.data[i] = ((4 * s * s) / l2) * k; // ∂k/∂log ℓ
        dP.data[i] = ((4 * a * s * c) / l2) * k; // ∂k/∂log p
      }
    }
    return { K, dL, dP };
  }
  call(X: Matrix, Y?: Matrix): Matrix {
    const [Xm, Ym] = kernelInputs('ExpSineSquared', X, Y);
    return this.#kernel(Xm, Ym ?? Xm, false).K;
  }
  gradient(X: Matrix): KernelGradient {
    const [Xm] = kernelInputs('ExpSineSquared', X);
    const { K, dL, dP } = this.#kernel(Xm, Xm, true);
    const dK: Matrix[] = [];
    if (this.hyperparameters[0]!.bounds !== 'fixed') dK.push(dL);
    if (this.hyperparameters[1]!.bounds !== 'fixed') dK.push(dP);
    return { K, dK };
  }
  diag(X: Matrix): Float64Array {
    const [Xm] = kernelInputs('ExpSineSquared', X);
    return new Float64Array(Xm.rows).fill(1);
  }
  toJSON(): KernelSpec {
    const [l, p] = this.hyperparameters;
    return { kind: 'ExpSineSquared', lengthScale: this.lengthScale, periodicity: this.periodicity, lengthScaleBounds: l!.bounds, periodicityBounds: p!.bounds };
  }
  toString(): string {
    return `ExpSineSquared(length_scale=${g3(this.lengthScale)}, periodicity=${g3(this.periodicity)})`;
  }
}
