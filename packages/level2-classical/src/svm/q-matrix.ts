/**
 * The dual matrices SMO works on, row by row through the {@link KernelCache}:
 * - C-SVC: $Q_{ij} = y_i y_j K(x_i, x_j)$ over the $\ell$ samples, $y \in \{\pm1\}$;
 * - ε-SVR: over $2\ell$ variables $(\alpha, \alpha^*)$ with signs $s = (+1_\ell, -1_\ell)$,
 *   $Q_{ab} = s_a s_b K(x_{a \bmod \ell}, x_{b \bmod \ell})$: a $2\ell \times 2\ell$ matrix made of
 *   four copies of one $\ell \times \ell$ kernel, so only $\ell$ kernel rows are ever cached.
 *
 * Both expose `getQ(i, len)` (entries $[0, \mathrm{len})$ of row i, float32 as libsvm's
 * `Qfloat`), the diagonal `QD` (float64) and `swapIndex(i, j)`, which the solver calls when
 * shrinking moves a variable out of the active prefix $[0, \text{activeSize})$.
 *
 * A row costs $O(\mathrm{len} \cdot d)$ kernel work on a cache miss, $O(1)$ on a hit (SVC) or
 * $O(\mathrm{len})$ (SVR, which must expand the cached row to $2\ell$ signed entries).
 * @see ../../../../docs/level2-classical/svm.md#the-dual-problems
 */
import { cacheBudget, KernelCache } from './kernel-cache.js';
import { kernelFromDot, type KernelSpec, powi, rowSquares } from './kernels.js';

/** What SMO needs from a dual matrix. */
export interface QMatrix {
  /** Number of dual variables. */
  readonly size: number;
  /** Diagonal $Q_{ii}$, (size,), float64; permuted along with the variables. */
  readonly QD: Float64Array;
  /** Row i, valid on $[0, \mathrm{len})$ (may be longer); do not keep it across a swap. */
  getQ(i: number, len: number): Float32Array;
  /** Swap variables i and j (rows, columns, diagonal). */
  swapIndex(i: number, j: number): void;
}

/**
 * Dot products $x_i^\top x_j$ for $j \in [\text{start}, \text{end})$ into `out`, rows of a flat
 * (n, d) array. The same two-accumulator order as `rowDot` (kernels.ts) (so training and prediction
 * round identically), written out here so the hot loop has no call. $O((\text{end} - \text{start}) d)$.
 */
function rowDots(X: Float64Array, d: number, i: number, start: number, end: number, out: Float64Array): void {
  const io = i * d;
  const dEven = d - (d % 2);
  let j = start;
  // Four columns at a time share the loads of x_i; each dot keeps its own (even, odd) pair of sums.
  for (; j + 3 < end; j += 4) {
    const o0 = j * d;
    const o1 = o0 + d;
    const o2 = o1 + d;
    const o3 = o2 + d;
    let a0 = 0, b0 = 0, a1 = 0, b1 = 0, a2 = 0, b2 = 0, a3 = 0, b3 = 0;
    for (let k = 0; k < dEven; k += 2) {
      const u = X[io + k]!;
      const v = X[io + k + 1]!;
      a0 += u * X[o0 + k]!;
      b0 += v * X[o0 + k + 1]!;
      a1 += u * X[o1 + k]!;
      b1 += v * X[o1 + k + 1]!;
      a2 += u * X[o2 + k]!;
      b2 += v * X[o2 + k + 1]!;
      a3 += u * X[o3 + k]!;
      b3 += v * X[o3 + k + 1]!;
    }
    if (dEven < d) {
      const u = X[io + dEven]!;
      a0 += u * X[o0 + dEven]!;
      a1 += u * X[o1 + dEven]!;
      a2 += u * X[o2 + dEven]!;
      a3 += u * X[o3 + dEven]!;
    }
    out[j] = a0 + b0;
    out[j + 1] = a1 + b1;
    out[j + 2] = a2 + b2;
    out[j + 3] = a3 + b3;
  }
  for (; j < end; j++) {
    const jo = j * d;
    let s0 = 0;
    let s1 = 0;
    for (let k = 0; k < dEven; k += 2) {
      s0 += X[io + k]! * X[jo + k]!;
      s1 += X[io + k + 1]! * X[jo + k + 1]!;
    }
    if (dEven < d) s0 += X[io + dEven]! * X[jo + dEven]!;
    out[j] = s0 + s1;
  }
}

/** Scratch row of dot products, grown on demand (one per module: the solver is single-threaded). */
let scratch = new Float64Array(0);

/**
 * Kernel values $K(x_i, x_j)$ for $j \in [\text{start}, \text{end})$ into `out` (float32, as libsvm's
 * `Qfloat`), rows of a flat (n, d) array with squared norms `xsq`: one pass of dot products, then
 * the kernel's map, with the switch outside the loops. $O((\text{end} - \text{start}) d)$.
 */
export function fillKernelRow(
  spec: KernelSpec, X: Float64Array, xsq: Float64Array, d: number,
  i: number, start: number, end: number, out: Float32Array,
): void {
  if (scratch.length < end) scratch = new Float64Array(Math.max(end, 2 * scratch.length));
  const dots = scratch;
  rowDots(X, d, i, start, end, dots);
  const { gamma, coef0, degree } = spec;
  switch (spec.kernel) {
    case 'linear':
      for (let j = start; j < end; j++) out[j] = dots[j]!;
      return;
    case 'poly':
      for (let j = start; j < end; j++) out[j] = powi(gamma * dots[j]! + coef0, degree);
      return;
    case 'rbf': {
      const xi = xsq[i]!;
      for (let j = start; j < end; j++) out[j] = Math.exp(-gamma * (xi + xsq[j]! - 2 * dots[j]!));
      return;
    }
    case 'sigmoid':
      for (let j = start; j < end; j++) out[j] = Math.tanh(gamma * dots[j]! + coef0);
      return;
  }
}

/**
 * C-SVC's $Q = \operatorname{diag}(y) K \operatorname{diag}(y)$. Keeps its own copy of the rows of X
 * (it reorders them when the solver swaps variables, as libsvm's `Kernel::swap_index` does).
 */
export class SvcQ implements QMatrix {
  readonly size: number;
  readonly QD: Float64Array; // (l,)
  private readonly X: Float64Array; // (l, d) own copy, permuted with the variables
  private readonly xsq: Float64Array; // (l,)
  private readonly y: Int8Array; // (l,)
  private readonly cache: KernelCache;

  /**
   * @param X (n, d) flat training data; `rows` picks and orders the ℓ samples of this problem.
   * @param y (ℓ,) labels ±1 of the picked rows.
   */
  constructor(
    private readonly spec: KernelSpec,
    X: Float64Array, private readonly d: number, rows: Int32Array, y: Int8Array, cacheSizeMb: number,
  ) {
    const l = rows.length;
    this.size = l;
    this.X = new Float64Array(l * d);
    for (let k = 0; k < l; k++) this.X.set(X.subarray(rows[k]! * d, rows[k]! * d + d), k * d);
    this.xsq = rowSquares(this.X, l, d);
    this.y = Int8Array.from(y);
    this.cache = new KernelCache(l, cacheBudget(cacheSizeMb, l));
    this.QD = new Float64Array(l);
    for (let k = 0; k < l; k++) this.QD[k] = kernelFromDot(spec, this.xsq[k]!, this.xsq[k]!, this.xsq[k]!); // K(x_k, x_k)
  }

  /** Cache statistics (hits, misses). */
  get cacheStats(): { hits: number; misses: number } {
    return { hits: this.cache.hits, misses: this.cache.misses };
  }

  getQ(i: number, len: number): Float32Array {
    const { data, start } = this.cache.get(i, len);
    if (start < len) {
      fillKernelRow(this.spec, this.X, this.xsq, this.d, i, start, len, data);
      const yi = this.y[i]!;
      const y = this.y;
      for (let j = start; j < len; j++) if (y[j] !== yi) data[j] = -data[j]!; // Q_ij = y_i y_j K_ij
    }
    return data;
  }

  swapIndex(i: number, j: number): void {
    if (i === j) return;
    this.cache.swapIndex(i, j);
    const d = this.d;
    const X = this.X;
    for (let k = 0; k < d; k++) {
      const t = X[i * d + k]!;
      X[i * d + k] = X[j * d + k]!;
      X[j * d + k] = t;
    }
    swapF64(this.xsq, i, j);
    swapI8(this.y, i, j);
    swapF64(this.QD, i, j);
  }
}

/**
 * ε-SVR's $2\ell \times 2\ell$ matrix $Q_{ab} = s_a s_b K(x_{a \bmod \ell}, x_{b \bmod \ell})$.
 * The kernel rows live in an ℓ-row cache in the samples' own order; a variable swap only
 * permutes the index/sign maps. Two output buffers alternate, so the last two rows returned
 * stay valid (SMO holds $Q_i$ and $Q_j$ at once), as in libsvm's `SVR_Q`.
 */
export class SvrQ implements QMatrix {
  readonly size: number;
  readonly QD: Float64Array; // (2l,)
  private readonly X: Float64Array; // (l, d)
  private readonly xsq: Float64Array; // (l,)
  private readonly sign: Int8Array; // (2l,)
  private readonly index: Int32Array; // (2l,) sample of each variable
  private readonly cache: KernelCache;
  private readonly buffers: [Float32Array, Float32Array];
  private nextBuffer = 0;

  constructor(
    private readonly spec: KernelSpec,
    X: Float64Array, private readonly l: number, private readonly d: number, cacheSizeMb: number,
  ) {
    this.size = 2 * l;
    this.X = X.slice(0, l * d);
    this.xsq = rowSquares(this.X, l, d);
    this.cache = new KernelCache(l, cacheBudget(cacheSizeMb, l));
    this.sign = new Int8Array(2 * l);
    this.index = new Int32Array(2 * l);
    this.QD = new Float64Array(2 * l);
    for (let k = 0; k < l; k++) {
      this.sign[k] = 1;
      this.sign[k + l] = -1;
      this.index[k] = k;
      this.index[k + l] = k;
      this.QD[k] = kernelFromDot(spec, this.xsq[k]!, this.xsq[k]!, this.xsq[k]!); // K(x_k, x_k)
      this.QD[k + l] = this.QD[k]!;
    }
    this.buffers = [new Float32Array(2 * l), new Float32Array(2 * l)];
  }

  getQ(i: number, len: number): Float32Array {
    const real = this.index[i]!;
    const { data, start } = this.cache.get(real, this.l);
    if (start < this.l) fillKernelRow(this.spec, this.X, this.xsq, this.d, real, start, this.l, data);
    const buf = this.buffers[this.nextBuffer]!;
    this.nextBuffer = 1 - this.nextBuffer;
    const si = this.sign[i]!;
    const sign = this.sign;
    const index = this.index;
    for (let j = 0; j < len; j++) buf[j] = si * sign[j]! * data[index[j]!]!;
    return buf;
  }

  swapIndex(i: number, j: number): void {
    swapI8(this.sign, i, j);
    const t = this.index[i]!;
    this.index[i] = this.index[j]!;
    this.index[j] = t;
    swapF64(this.QD, i, j);
  }
}

function swapF64(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

function swapI8(a: Int8Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}
