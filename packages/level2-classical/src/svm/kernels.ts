/**
 * Kernels of libsvm (as scikit-learn 1.2 calls them): the inner products
 * $K(x, z) = \langle \phi(x), \phi(z) \rangle$ of an implicit feature map $\phi$ that SVC and SVR
 * use instead of $x^\top z$:
 *
 * | kernel | $K(x, z)$ |
 * |---|---|
 * | `'linear'` | $x^\top z$ |
 * | `'poly'` | $(\gamma\, x^\top z + r)^{d}$ |
 * | `'rbf'` | $\exp(-\gamma \lVert x - z \rVert^2)$ |
 * | `'sigmoid'` | $\tanh(\gamma\, x^\top z + r)$ |
 *
 * with $\gamma$ = `gamma`, $r$ = `coef0`, $d$ = `degree`. `'sigmoid'` is not positive
 * semidefinite for most $(\gamma, r)$; the solver copes (it replaces a non-positive curvature
 * by $\tau = 10^{-12}$) but the "margin" then has no geometric meaning.
 *
 * The formulas are libsvm's to the operation: the RBF distance is expanded as
 * $\lVert x\rVert^2 + \lVert z\rVert^2 - 2x^\top z$ and integer powers use repeated squaring
 * (`powi`), so kernel values round the same way as in scikit-learn.
 *
 * Each evaluation is $O(d)$ for $d$ features.
 * @see ../../../../docs/level2-classical/svm.md#kernels
 */

/** The kernels of {@link SVC} and {@link SVR}. */
export type KernelName = 'linear' | 'poly' | 'rbf' | 'sigmoid';
/** Every kernel name, in sklearn's order. */
export const KERNELS: readonly KernelName[] = ['linear', 'poly', 'rbf', 'sigmoid'];

/** `gamma` as the user gives it: sklearn's `'scale'`, `'auto'` or a number $\ge 0$. */
export type GammaOption = 'scale' | 'auto' | number;

/** A kernel with its numeric parameters resolved (gamma is a number here). */
export interface KernelSpec {
  kernel: KernelName;
  /** $\gamma \ge 0$ (ignored by `'linear'`). */
  gamma: number;
  /** $r$ of `'poly'` and `'sigmoid'`. */
  coef0: number;
  /** Integer degree $d \ge 0$ of `'poly'`. */
  degree: number;
}

/**
 * numpy's pairwise summation (`pairwise_sum_DOUBLE`, what `np.sum`/`X.var()` use on a contiguous
 * array): blocks of at most 128 summed by 8 interleaved accumulators, larger spans split in two.
 * Error $O(\varepsilon \log n)$ instead of $O(\varepsilon n)$, and bit-equal to numpy. $O(n)$.
 */
export function pairwiseSum(a: Float64Array, start = 0, n = a.length - start): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i]!;
    return res;
  }
  if (n <= 128) {
    const r = a.slice(start, start + 8); // (8,) interleaved partial sums
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j]! += a[start + i + j]!;
    let res = ((r[0]! + r[1]!) + (r[2]! + r[3]!)) + ((r[4]! + r[5]!) + (r[6]! + r[7]!));
    for (; i < n; i++) res += a[start + i]!;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, start, n2) + pairwiseSum(a, start + n2, n - n2);
}

/**
 * scikit-learn's value of `gamma` for the data X (n, d):
 * - `'scale'`: $\gamma = 1 / (d \cdot \operatorname{Var}(X))$, the variance of all $nd$ entries
 *   (numpy's `X.var()`, divisor $nd$, computed as numpy does, so bit-equal), or 1 when it is 0;
 * - `'auto'`: $\gamma = 1/d$;
 * - a number: itself.
 *
 * `'scale'` makes the RBF kernel invariant to a global rescaling $X \to cX$. Two passes, $O(nd)$.
 */
export function resolveGamma(gamma: GammaOption, data: Float64Array, cols: number): number {
  if (typeof gamma === 'number') return gamma;
  if (gamma === 'auto') return 1 / cols;
  const m = data.length;
  const mean = pairwiseSum(data) / m;
  const sq = new Float64Array(m); // (nd,) squared deviations
  for (let k = 0; k < m; k++) {
    const t = data[k]! - mean;
    sq[k] = t * t;
  }
  const v = pairwiseSum(sq) / m;
  return v !== 0 ? 1 / (cols * v) : 1;
}

/** libsvm's `powi`: $b^t$ for an integer $t \ge 0$ by repeated squaring, $O(\log t)$. */
export function powi(base: number, times: number): number {
  let tmp = base;
  let ret = 1;
  for (let t = times; t > 0; t = Math.floor(t / 2)) {
    if (t % 2 === 1) ret *= tmp;
    tmp *= tmp;
  }
  return ret;
}

/** $a_{[ia, ia+d)}^\top b_{[ib, ib+d)}$: the dot product of two rows stored in flat arrays. $O(d)$. */
export function rowDot(a: Float64Array, ia: number, b: Float64Array, ib: number, d: number): number {
  let s0 = 0;
  let s1 = 0;
  let k = 0;
  for (; k + 1 < d; k += 2) {
    s0 += a[ia + k]! * b[ib + k]!;
    s1 += a[ia + k + 1]! * b[ib + k + 1]!;
  }
  if (k < d) s0 += a[ia + k]! * b[ib + k]!;
  return s0 + s1;
}

/** Squared norms $\lVert x_i \rVert^2$ of the n rows of a flat (n, d) array. $O(nd)$. */
export function rowSquares(data: Float64Array, n: number, d: number): Float64Array {
  const out = new Float64Array(n); // (n,)
  for (let i = 0; i < n; i++) out[i] = rowDot(data, i * d, data, i * d, d);
  return out;
}

/**
 * The kernel as a function of a dot product and two squared norms:
 * $K = \kappa(x^\top z, \lVert x\rVert^2, \lVert z\rVert^2)$. Every kernel here is of that form,
 * which lets a kernel row be computed from one pass of dot products.
 */
export function kernelFromDot(spec: KernelSpec, dot: number, xx: number, zz: number): number {
  switch (spec.kernel) {
    case 'linear':
      return dot;
    case 'poly':
      return powi(spec.gamma * dot + spec.coef0, spec.degree);
    case 'rbf':
      return Math.exp(-spec.gamma * (xx + zz - 2 * dot));
    case 'sigmoid':
      return Math.tanh(spec.gamma * dot + spec.coef0);
  }
}

/**
 * $K(x_i, z_j)$ for rows i of A and j of B (flat row-major, d columns), with their squared norms.
 * $O(d)$.
 */
export function kernelValue(
  spec: KernelSpec,
  A: Float64Array, i: number, aa: Float64Array,
  B: Float64Array, j: number, bb: Float64Array,
  d: number,
): number {
  return kernelFromDot(spec, rowDot(A, i * d, B, j * d, d), aa[i]!, bb[j]!);
}

/**
 * The kernel matrix between the rows of A (n, d) and B (m, d), flat (n, m) row-major:
 * $K_{ij} = K(a_i, b_j)$. In float64, as libsvm's prediction path. $O(nmd)$.
 */
export function kernelMatrix(spec: KernelSpec, A: Float64Array, n: number, B: Float64Array, m: number, d: number): Float64Array {
  const aa = rowSquares(A, n, d);
  const bb = rowSquares(B, m, d);
  const out = new Float64Array(n * m); // (n, m)
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) out[i * m + j] = kernelFromDot(spec, rowDot(A, i * d, B, j * d, d), aa[i]!, bb[j]!);
  }
  return out;
}
