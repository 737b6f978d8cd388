/**
 * Shared plumbing of the leaf kernels: hyper-parameter bookkeeping, $\theta \mapsto$ values, and
 * pairwise (scaled) squared distances.
 *
 * @see ../../../../../docs/level4-probabilistic/gaussian-processes.md
 */
import { InvalidInputError, Matrix, ShapeError, asMatrix } from '@fpml/core';
import { Kernel, checkTheta, type Hyperparameter } from './kernel.js';

/** A kernel with its own hyper-parameters (no children). */
export abstract class LeafKernel extends Kernel {
  abstract override readonly hyperparameters: readonly Hyperparameter[];

  /** A new kernel of the same kind with these values (one array per hyper-parameter). */
  protected abstract rebuild(values: number[][]): Kernel;

  withTheta(theta: ArrayLike<number>): Kernel {
    const t = checkTheta(this.constructor.name, theta, this.theta.length);
    let k = 0;
    const values = this.hyperparameters.map((h) => (h.bounds === 'fixed' ? h.value.slice() : h.value.map(() => Math.exp(t[k++]!))));
    return this.rebuild(values);
  }
}

/** Validate an input of a kernel call: a finite matrix; `Y` must have X's columns. */
export function kernelInputs(owner: string, X: Matrix, Y?: Matrix): [Matrix, Matrix | undefined] {
  const Xm = X instanceof Matrix ? X : asMatrix(X, 'X');
  const Ym = Y === undefined ? undefined : Y instanceof Matrix ? Y : asMatrix(Y, 'Y');
  if (Ym !== undefined && Ym.cols !== Xm.cols) throw new ShapeError(`${owner}: Y has ${Ym.cols} columns but X has ${Xm.cols}`);
  return [Xm, Ym];
}

/** Check that an anisotropic length scale has one entry per column. */
export function checkArd(owner: string, lengthScale: readonly number[], X: Matrix): void {
  if (lengthScale.length !== 1 && lengthScale.length !== X.cols) {
    throw new ShapeError(`${owner}: length_scale has ${lengthScale.length} entries but X has ${X.cols} columns (give one, or one per column)`);
  }
}

/**
 * Squared distances scaled per dimension, $D_{ij} = \sum_k (x_{ik} - y_{jk})^2 / \ell_k^2$, (n, m);
 * with `perDim`, also each term $D^{(k)}_{ij}$ (for ARD gradients). $O(nmd)$.
 */
export function scaledSqDist(X: Matrix, Y: Matrix, ell: readonly number[], perDim = false): { D: Matrix; Dk: Matrix[] } {
  const n = X.rows, m = Y.rows, d = X.cols;
  const inv = Float64Array.from({ length: d }, (_, k) => 1 / (ell.length === 1 ? ell[0]! : ell[k]!));
  const D = new Matrix(n, m);
  const Dk = perDim ? Array.from({ length: d }, () => new Matrix(n, m)) : [];
  const x = X.data, y = Y.data;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) {
        const t = (x[i * d + k]! - y[j * d + k]!) * inv[k]!;
        const t2 = t * t;
        s += t2;
        if (perDim) Dk[k]!.data[i * m + j] = t2;
      }
      D.data[i * m + j] = s;
    }
  }
  return { D, Dk };
}

/** Render a value as scikit-learn does (`{:.3g}`). */
export function g3(v: number): string {
  return Number(v.toPrecision(3)).toString();
}

/** Render a scalar or vector hyper-parameter. */
export function g3v(v: readonly number[]): string {
  return v.length === 1 ? g3(v[0]!) : `[${v.map(g3).join(', ')}]`;
}

/** `InvalidInputError` for a kernel spec that cannot be read. */
export function badSpec(what: string, spec: unknown): InvalidInputError {
  return new InvalidInputError(`kernelFromJSON: ${what}, got ${JSON.stringify(spec)?.slice(0, 120)}`);
}
