/**
 * `Matern` kernel for $\nu \in \{\tfrac12, \tfrac32, \tfrac52\}$, with $r = \lVert (x - x')/\ell \rVert$:
 * $$k_{1/2} = e^{-r},\qquad k_{3/2} = (1 + \sqrt3\,r)\,e^{-\sqrt3 r},\qquad
 *   k_{5/2} = \big(1 + \sqrt5\,r + \tfrac53 r^2\big)\,e^{-\sqrt5 r}.$$
 * Sample paths are $\lceil\nu\rceil - 1$ times differentiable ($\nu = \tfrac12$: the
 * Ornstein–Uhlenbeck process); $\nu \to \infty$ gives the {@link RBF}.
 *
 * Gradient: with $D^{(k)} = (x_k - x'_k)^2/\ell_k^2$, $\partial k/\partial\log\ell_k = g(r)\,D^{(k)}$ where
 * $g = -k'(r)/r$: $g_{1/2} = e^{-r}/r$ (0 at $r = 0$), $g_{3/2} = 3e^{-\sqrt3 r}$,
 * $g_{5/2} = \tfrac53(1 + \sqrt5 r)e^{-\sqrt5 r}$. Isotropic: sum over $k$, i.e. $g(r)\,r^2$. $O(n^2 d)$.
 *
 * @see ../../../../../docs/level4-probabilistic/gaussian-processes.md
 */
import { InvalidParamError, Matrix } from '@fpml/core';
import { DEFAULT_BOUNDS, checkHyper, type Bounds, type Hyperparameter, type KernelGradient, type KernelSpec } from './kernel.js';
import { LeafKernel, checkArd, g3v, kernelInputs, scaledSqDist } from './leaf.js';

/** Smoothness values with closed forms. */
export type MaternNu = 0.5 | 1.5 | 2.5;

/** Options of {@link Matern}. */
export interface MaternOptions {
  /** $\ell > 0$, or one per column (ARD). @default 1 */
  lengthScale?: number | number[];
  /** Smoothness $\nu$ (fixed, not optimised). @default 1.5 */
  nu?: MaternNu;
  /** @default [1e-5, 1e5] */
  bounds?: Bounds;
}

const S3 = Math.sqrt(3), S5 = Math.sqrt(5);

/** $k(r)$ for each $\nu$. */
function kOf(nu: MaternNu, r: number): number {
  if (nu === 0.5) return Math.exp(-r);
  if (nu === 1.5) return (1 + S3 * r) * Math.exp(-S3 * r);
  return (1 + S5 * r + (5 / 3) * r * r) * Math.exp(-S5 * r);
}

/** $g(r) = -k'(r)/r$. */
function gOf(nu: MaternNu, r: number): number {
  if (nu === 0.5) return r > 0 ? Math.exp(-r) / r : 0;
  if (nu === 1.5) return 3 * Math.exp(-S3 * r);
  return (5 / 3) * (1 + S5 * r) * Math.exp(-S5 * r);
}

/** Matérn kernel. @see ../../../../../docs/level4-probabilistic/gaussian-processes.md */
export class Matern extends LeafKernel {
  readonly hyperparameters: readonly Hyperparameter[];
  readonly lengthScale: readonly number[];
  readonly nu: MaternNu;
  constructor(options: MaternOptions = {}) {
    super();
    const nu = options.nu ?? 1.5;
    if (nu !== 0.5 && nu !== 1.5 && nu !== 2.5) throw new InvalidParamError('Matern', 'nu', nu, '0.5, 1.5 or 2.5 (the closed forms)');
    this.nu = nu;
    const h = checkHyper('Matern', 'lengthScale', options.lengthScale ?? 1, options.bounds ?? DEFAULT_BOUNDS);
    this.lengthScale = h.value;
    this.hyperparameters = [{ name: 'length_scale', ...h }];
  }
  protected rebuild(values: number[][]): Matern {
    const ls = values[0]!;
    return new Matern({ lengthScale: ls.length === 1 ? ls[0]! : ls, nu: this.nu, bounds: this.hyperparameters[0]!.bounds });
  }
  call(X: Matrix, Y?: Matrix): Matrix {
    const [Xm, Ym] = kernelInputs('Matern', X, Y);
    checkArd('Matern', this.lengthScale, Xm);
    const { D } = scaledSqDist(Xm, Ym ?? Xm, this.lengthScale);
    for (let i = 0; i < D.data.length; i++) D.data[i] = kOf(this.nu, Math.sqrt(D.data[i]!));
    return D;
  }
  gradient(X: Matrix): KernelGradient {
    const [Xm] = kernelInputs('Matern', X);
    checkArd('Matern', this.lengthScale, Xm);
    const ard = this.lengthScale.length > 1;
    const { D, Dk } = scaledSqDist(Xm, Xm, this.lengthScale, ard);
    const K = new Matrix(D.rows, D.cols);
    const G = new Float64Array(D.data.length);
    for (let i = 0; i < D.data.length; i++) {
      const r = Math.sqrt(D.data[i]!);
      K.data[i] = kOf(this.nu, r);
      G[i] = gOf(this.nu, r);
    }
    if (this.hyperparameters[0]!.bounds === 'fixed') return { K, dK: [] };
    const parts = ard ? Dk : [D];
    for (const P of parts) for (let i = 0; i < P.data.length; i++) P.data[i]! *= G[i]!; // ∂k/∂log ℓ_k = g(r) D⁽ᵏ⁾
    return { K, dK: parts };
  }
  diag(X: Matrix): Float64Array {
    const [Xm] = kernelInputs('Matern', X);
    return new Float64Array(Xm.rows).fill(1);
  }
  toJSON(): KernelSpec {
    const ls = this.lengthScale;
    return { kind: 'Matern', lengthScale: ls.length === 1 ? ls[0]! : ls.slice(), nu: this.nu, bounds: this.hyperparameters[0]!.bounds };
  }
  toString(): string {
    return `Matern(length_scale=${g3v(this.lengthScale)}, nu=${this.nu})`;
  }
}
