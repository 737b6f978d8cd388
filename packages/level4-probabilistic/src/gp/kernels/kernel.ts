/**
 * Covariance functions for Gaussian processes, with scikit-learn's conventions so values compare
 * number for number: hyper-parameters are optimised in log space, $\theta = \log(\text{values})$
 * (fixed ones excluded), and {@link Kernel.gradient} returns $\partial K/\partial\theta_j$.
 *
 * A kernel is immutable: {@link Kernel.withTheta} returns a new one. Kernels compose with
 * {@link Kernel.plus} and {@link Kernel.times} (sums and products of positive semi-definite
 * kernels are positive semi-definite), and save as plain JSON ({@link KernelSpec}).
 *
 * @see ../../../../../docs/level4-probabilistic/gaussian-processes.md
 */
import { InvalidInputError, InvalidParamError, Matrix, describeValue } from '@fpml/core';

/** Bounds of one hyper-parameter in its natural (positive) units, or `'fixed'` (not optimised). */
export type Bounds = readonly [number, number] | 'fixed';

/** scikit-learn's default bounds, $[10^{-5}, 10^{5}]$. */
export const DEFAULT_BOUNDS: Bounds = [1e-5, 1e5];

/** One hyper-parameter: a positive scalar or (ARD length scales) a positive vector. */
export interface Hyperparameter {
  /** scikit-learn's name, e.g. `'length_scale'`, prefixed `k1__`/`k2__` inside sums and products. */
  readonly name: string;
  readonly value: readonly number[];
  readonly bounds: Bounds;
}

/** The saved form of a kernel; {@link kernelFromJSON} rebuilds it. */
export type KernelSpec =
  | { kind: 'Constant'; constantValue: number; bounds: Bounds }
  | { kind: 'White'; noiseLevel: number; bounds: Bounds }
  | { kind: 'RBF'; lengthScale: number | number[]; bounds: Bounds }
  | { kind: 'Matern'; lengthScale: number | number[]; nu: 0.5 | 1.5 | 2.5; bounds: Bounds }
  | { kind: 'ExpSineSquared'; lengthScale: number; periodicity: number; lengthScaleBounds: Bounds; periodicityBounds: Bounds }
  | { kind: 'RationalQuadratic'; lengthScale: number; alpha: number; lengthScaleBounds: Bounds; alphaBounds: Bounds }
  | { kind: 'Sum' | 'Product'; k1: KernelSpec; k2: KernelSpec };

/** $K$ and its derivatives with respect to each free $\theta_j$, all (n, n). */
export interface KernelGradient {
  K: Matrix;
  dK: Matrix[];
}

/**
 * Base class of every kernel $k(x, x')$.
 * @see ../../../../../docs/level4-probabilistic/gaussian-processes.md
 */
export abstract class Kernel {
  /** Hyper-parameters in scikit-learn's order (alphabetical within a kernel; `k1` before `k2`). */
  abstract readonly hyperparameters: readonly Hyperparameter[];

  /**
   * Gram matrix: $K_{ij} = k(x_i, y_j)$, (n, m). With `Y` omitted, $k(X, X)$ (n, n), where a
   * {@link WhiteKernel} adds its noise on the diagonal (and only there: with `Y` given it adds 0).
   */
  abstract call(X: Matrix, Y?: Matrix): Matrix;

  /** $K = k(X, X)$ and $\partial K/\partial\theta_j$ for each free hyper-parameter. */
  abstract gradient(X: Matrix): KernelGradient;

  /** $k(x_i, x_i)$ for each row, (n,). $O(n)$ for stationary kernels. */
  abstract diag(X: Matrix): Float64Array;

  /** The same kernel with hyper-parameters $\exp(\theta)$ (free ones, in order). */
  abstract withTheta(theta: ArrayLike<number>): Kernel;

  abstract toJSON(): KernelSpec;

  /** scikit-learn-like rendering, e.g. `1.08**2 * RBF(length_scale=1.83)`. */
  abstract toString(): string;

  /** $\theta$: the logs of the free hyper-parameter values, flattened in order. */
  get theta(): Float64Array {
    const out: number[] = [];
    for (const h of this.hyperparameters) if (h.bounds !== 'fixed') for (const v of h.value) out.push(Math.log(v));
    return Float64Array.from(out);
  }

  /** Bounds of $\theta$ in log space, one `[lo, hi]` per entry of {@link theta}. */
  get bounds(): [number, number][] {
    const out: [number, number][] = [];
    for (const h of this.hyperparameters) if (h.bounds !== 'fixed') for (let i = 0; i < h.value.length; i++) out.push([Math.log(h.bounds[0]), Math.log(h.bounds[1])]);
    return out;
  }

  /** $k_1 + k_2$. */
  plus(other: Kernel): Kernel {
    return new Sum(this, other);
  }

  /** $k_1 \cdot k_2$ (elementwise product of Gram matrices). */
  times(other: Kernel): Kernel {
    return new Product(this, other);
  }
}

/** Prefix child names as scikit-learn does (`k1__`, `k2__`). */
function prefixed(prefix: string, k: Kernel): Hyperparameter[] {
  return k.hyperparameters.map((h) => ({ ...h, name: `${prefix}__${h.name}` }));
}

/** Split `theta` between two children. */
function splitTheta(k1: Kernel, theta: ArrayLike<number>): [number[], number[]] {
  const n1 = k1.theta.length;
  const all = Array.from(theta);
  return [all.slice(0, n1), all.slice(n1)];
}

/**
 * $k(x, x') = k_1(x, x') + k_2(x, x')$; $\partial K/\partial\theta = [\partial K_1, \partial K_2]$.
 * @see ../../../../../docs/level4-probabilistic/gaussian-processes.md
 */
export class Sum extends Kernel {
  readonly hyperparameters: readonly Hyperparameter[];
  constructor(readonly k1: Kernel, readonly k2: Kernel) {
    super();
    assertKernel('Sum', 'k1', k1);
    assertKernel('Sum', 'k2', k2);
    this.hyperparameters = [...prefixed('k1', k1), ...prefixed('k2', k2)];
  }
  call(X: Matrix, Y?: Matrix): Matrix {
    const a = this.k1.call(X, Y), b = this.k2.call(X, Y);
    for (let i = 0; i < a.data.length; i++) a.data[i]! += b.data[i]!;
    return a;
  }
  gradient(X: Matrix): KernelGradient {
    const g1 = this.k1.gradient(X), g2 = this.k2.gradient(X);
    for (let i = 0; i < g1.K.data.length; i++) g1.K.data[i]! += g2.K.data[i]!;
    return { K: g1.K, dK: [...g1.dK, ...g2.dK] }; // ∂(K1+K2)/∂θ1 = ∂K1/∂θ1, likewise θ2
  }
  diag(X: Matrix): Float64Array {
    const a = this.k1.diag(X), b = this.k2.diag(X);
    for (let i = 0; i < a.length; i++) a[i]! += b[i]!;
    return a;
  }
  withTheta(theta: ArrayLike<number>): Kernel {
    const [t1, t2] = splitTheta(this.k1, theta);
    return new Sum(this.k1.withTheta(t1), this.k2.withTheta(t2));
  }
  toJSON(): KernelSpec {
    return { kind: 'Sum', k1: this.k1.toJSON(), k2: this.k2.toJSON() };
  }
  toString(): string {
    return `${this.k1.toString()} + ${this.k2.toString()}`;
  }
}

/**
 * $k(x, x') = k_1(x, x')\,k_2(x, x')$; product rule
 * $\partial K/\partial\theta_1 = \partial K_1 \odot K_2$, $\partial K/\partial\theta_2 = K_1 \odot \partial K_2$.
 * @see ../../../../../docs/level4-probabilistic/gaussian-processes.md
 */
export class Product extends Kernel {
  readonly hyperparameters: readonly Hyperparameter[];
  constructor(readonly k1: Kernel, readonly k2: Kernel) {
    super();
    assertKernel('Product', 'k1', k1);
    assertKernel('Product', 'k2', k2);
    this.hyperparameters = [...prefixed('k1', k1), ...prefixed('k2', k2)];
  }
  call(X: Matrix, Y?: Matrix): Matrix {
    const a = this.k1.call(X, Y), b = this.k2.call(X, Y);
    for (let i = 0; i < a.data.length; i++) a.data[i]! *= b.data[i]!;
    return a;
  }
  gradient(X: Matrix): KernelGradient {
    const g1 = this.k1.gradient(X), g2 = this.k2.gradient(X);
    const K1 = g1.K.data, K2 = g2.K.data;
    for (const d of g1.dK) for (let i = 0; i < K2.length; i++) d.data[i]! *= K2[i]!; // ∂K1 ⊙ K2
    for (const d of g2.dK) for (let i = 0; i < K1.length; i++) d.data[i]! *= K1[i]!; // K1 ⊙ ∂K2
    const K = new Matrix(g1.K.rows, g1.K.cols);
    for (let i = 0; i < K1.length; i++) K.data[i] = K1[i]! * K2[i]!;
    return { K, dK: [...g1.dK, ...g2.dK] };
  }
  diag(X: Matrix): Float64Array {
    const a = this.k1.diag(X), b = this.k2.diag(X);
    for (let i = 0; i < a.length; i++) a[i]! *= b[i]!;
    return a;
  }
  withTheta(theta: ArrayLike<number>): Kernel {
    const [t1, t2] = splitTheta(this.k1, theta);
    return new Product(this.k1.withTheta(t1), this.k2.withTheta(t2));
  }
  toJSON(): KernelSpec {
    return { kind: 'Product', k1: this.k1.toJSON(), k2: this.k2.toJSON() };
  }
  toString(): string {
    const wrap = (k: Kernel) => (k instanceof Sum ? `(${k.toString()})` : k.toString());
    return `${wrap(this.k1)} * ${wrap(this.k2)}`;
  }
}

function assertKernel(owner: string, name: string, k: unknown): void {
  if (!(k instanceof Kernel)) throw new InvalidInputError(`${owner}: ${name} must be a Kernel, got ${describeValue(k)}`);
}

/**
 * Check a positive hyper-parameter value and its bounds.
 * @throws InvalidParamError naming the owner and the parameter.
 */
export function checkHyper(owner: string, name: string, value: unknown, bounds: unknown): { value: number[]; bounds: Bounds } {
  const vals = typeof value === 'number' ? [value] : Array.isArray(value) ? value : null;
  if (vals === null || vals.length === 0 || !vals.every((v) => typeof v === 'number' && Number.isFinite(v) && v > 0)) {
    throw new InvalidParamError(owner, name, value, 'a finite positive number (or a non-empty array of them)');
  }
  if (bounds !== 'fixed') {
    const ok = Array.isArray(bounds) && bounds.length === 2 && bounds.every((b) => typeof b === 'number' && Number.isFinite(b) && b > 0) && bounds[0] < bounds[1];
    if (!ok) throw new InvalidParamError(owner, `${name}Bounds`, bounds, "'fixed' or [lo, hi] with 0 < lo < hi finite");
  }
  return { value: vals.slice(), bounds: bounds as Bounds };
}

/**
 * Check that `theta` has one entry per free hyper-parameter and that each is finite.
 * @throws InvalidInputError naming the kernel.
 */
export function checkTheta(owner: string, theta: ArrayLike<number>, expected: number): Float64Array {
  if (theta === null || typeof theta !== 'object' || typeof theta.length !== 'number' || theta.length !== expected) {
    throw new InvalidInputError(`${owner}.withTheta: theta must have ${expected} entries (one per free hyper-parameter), got ${describeValue(theta)}`);
  }
  const t = Float64Array.from(theta);
  for (let i = 0; i < t.length; i++) if (!Number.isFinite(t[i]!)) throw new InvalidInputError(`${owner}.withTheta: theta[${i}] must be finite, got ${t[i]}`);
  return t;
}
