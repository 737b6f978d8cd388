/**
 * Finite-difference gradient and Jacobian checks in float64: the test every hand-written
 * backward pass in fpml must pass.
 *
 * Central differences with a step scaled to each coordinate, $h_i = h\,\max(1, |x_i|)$:
 * $$\tilde g_i = \frac{f(x + h_i e_i) - f(x - h_i e_i)}{2 h_i},$$
 * whose truncation error is $O(h_i^2 f''')$ and rounding error $O(\varepsilon |f| / h_i)$, so
 * $h = 10^{-6}$ gives about 8–10 correct digits for smooth $f$ of moderate size.
 * Coordinate $i$ passes when
 * $$|\tilde g_i - g_i| \le \mathrm{tol}\cdot\max(1, |\tilde g_i|, |g_i|),$$
 * i.e. an absolute test for small entries and a relative one for large entries.
 *
 * Cost: $2n$ evaluations of $f$ for $x \in \mathbb{R}^n$ (Jacobian: $2n$ evaluations of the
 * vector function).
 *
 * @see ../../../../docs/core/testing.md
 */
import { InvalidInputError, ShapeError, describeValue } from '../errors.js';
import { Matrix } from '../matrix/matrix.js';
import { CloseAssertionError } from './close.js';

/** Options of {@link checkGradient} and {@link checkJacobian}. */
export interface GradientCheckOptions {
  /** Relative finite-difference step (scaled by max(1, |x_i|)). @default 1e-6 */
  h?: number;
  /** Tolerance of the mixed absolute/relative test. @default 1e-6 */
  tol?: number;
}

/** What {@link checkGradient} found. */
export interface GradientCheckResult {
  /** $\max_i |\tilde g_i - g_i|$. */
  maxAbsError: number;
  /** $\max_i |\tilde g_i - g_i| / \max(|\tilde g_i|, |g_i|)$ (0 where both are 0). */
  maxRelError: number;
  /** Coordinate with the largest mixed error $|\tilde g_i - g_i| / \max(1, |\tilde g_i|, |g_i|)$. */
  worstIndex: number;
  /** Central-difference gradient $\tilde g$, (n,). */
  numeric: Float64Array;
  /** The gradient under test $g$, (n,). */
  analytic: Float64Array;
  /** Every coordinate within tolerance. */
  passed: boolean;
}

/** What {@link checkJacobian} found; `worstIndex` is `[output i, input j]`. */
export interface JacobianCheckResult {
  maxAbsError: number;
  maxRelError: number;
  worstIndex: [number, number];
  /** Central-difference Jacobian, (m, n). */
  numeric: Matrix;
  /** The Jacobian under test, (m, n). */
  analytic: Matrix;
  passed: boolean;
}

function toPoint(x0: unknown): Float64Array {
  if (!(x0 instanceof Float64Array || Array.isArray(x0) || (ArrayBuffer.isView(x0) && !(x0 instanceof DataView)))) {
    throw new InvalidInputError(`checkGradient: x0 must be a Float64Array or number[], got ${describeValue(x0)}`);
  }
  const x = Float64Array.from(x0 as ArrayLike<number>);
  if (x.length === 0) throw new InvalidInputError('checkGradient: x0 must not be empty');
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]!)) throw new InvalidInputError(`checkGradient: x0[${i}] is ${describeValue(x[i])}; the point must be finite`);
  }
  return x;
}

function options(opts: GradientCheckOptions): { h: number; tol: number } {
  const { h = 1e-6, tol = 1e-6 } = opts;
  if (!(h > 0 && h < 1)) throw new InvalidInputError(`checkGradient: h must be in (0, 1), got ${describeValue(h)}`);
  if (!(tol > 0)) throw new InvalidInputError(`checkGradient: tol must be positive, got ${describeValue(tol)}`);
  return { h, tol };
}

/** Error statistics over paired numeric/analytic entries. */
function compareEntries(numeric: Float64Array, analytic: Float64Array, tol: number) {
  let maxAbsError = 0;
  let maxRelError = 0;
  let worst = 0;
  let worstMixed = -1;
  for (let k = 0; k < numeric.length; k++) {
    const nk = numeric[k]!;
    const ak = analytic[k]!;
    let abs = Math.abs(nk - ak);
    if (Number.isNaN(abs)) abs = Infinity; // a NaN on either side always fails
    const scale = Math.max(Math.abs(nk), Math.abs(ak));
    const finite = Number.isFinite(abs);
    const rel = abs === 0 ? 0 : finite ? abs / scale : Infinity;
    const mixed = finite ? abs / Math.max(1, scale) : Infinity;
    maxAbsError = Math.max(maxAbsError, abs);
    maxRelError = Math.max(maxRelError, rel);
    if (mixed > worstMixed) {
      worstMixed = mixed;
      worst = k;
    }
  }
  return { maxAbsError, maxRelError, worst, passed: worstMixed <= tol };
}

/**
 * Compare `grad(x0)` with central differences of `f` at `x0`. Neither function may keep the
 * array it is given (the checker reuses it); `x0` itself is not modified.
 *
 * @param f scalar function $\mathbb{R}^n \to \mathbb{R}$.
 * @param grad its claimed gradient, returning (n,).
 * @throws ShapeError if `grad` returns the wrong length; InvalidInputError for a bad `x0` or options.
 */
export function checkGradient(
  f: (x: Float64Array) => number,
  grad: (x: Float64Array) => ArrayLike<number>,
  x0: ArrayLike<number>,
  opts: GradientCheckOptions = {},
): GradientCheckResult {
  const { h, tol } = options(opts);
  const x = toPoint(x0); // (n,)
  const n = x.length;
  const g = grad(x.slice());
  if (g === null || typeof g !== 'object' || g.length !== n) {
    throw new ShapeError(`checkGradient: grad returned ${describeValue(g)} but x0 has ${n} entries`);
  }
  const analytic = Float64Array.from(g); // (n,)
  const numeric = new Float64Array(n); // (n,)
  for (let i = 0; i < n; i++) {
    const xi = x[i]!;
    const hi = h * Math.max(1, Math.abs(xi));
    x[i] = xi + hi;
    const fp = f(x);
    x[i] = xi - hi;
    const fm = f(x);
    x[i] = xi;
    numeric[i] = (fp - fm) / (2 * hi); // central difference, O(h^2)
  }
  const r = compareEntries(numeric, analytic, tol);
  return { maxAbsError: r.maxAbsError, maxRelError: r.maxRelError, worstIndex: r.worst, numeric, analytic, passed: r.passed };
}

/**
 * Compare `jac(x0)` (m, n) with central differences of the vector function `f` at `x0`:
 * column $j$ is $(f(x + h_j e_j) - f(x - h_j e_j)) / (2h_j)$.
 *
 * @param f vector function $\mathbb{R}^n \to \mathbb{R}^m$.
 * @param jac its claimed Jacobian $J_{ij} = \partial f_i / \partial x_j$, as a Matrix or number[][].
 * @throws ShapeError if `f` changes output length or `jac` is not (m, n).
 */
export function checkJacobian(
  f: (x: Float64Array) => ArrayLike<number>,
  jac: (x: Float64Array) => Matrix | readonly (readonly number[])[],
  x0: ArrayLike<number>,
  opts: GradientCheckOptions = {},
): JacobianCheckResult {
  const { h, tol } = options(opts);
  const x = toPoint(x0); // (n,)
  const n = x.length;
  const m = f(x.slice()).length;
  const J = Matrix.from(jac(x.slice()));
  if (J.rows !== m || J.cols !== n) {
    throw new ShapeError(`checkJacobian: jac returned (${J.rows}, ${J.cols}) but f has ${m} outputs and x0 has ${n} entries`);
  }
  const numeric = new Matrix(m, n); // (m, n)
  for (let j = 0; j < n; j++) {
    const xj = x[j]!;
    const hj = h * Math.max(1, Math.abs(xj));
    x[j] = xj + hj;
    const fp = Float64Array.from(f(x));
    x[j] = xj - hj;
    const fm = Float64Array.from(f(x));
    x[j] = xj;
    if (fp.length !== m || fm.length !== m) throw new ShapeError(`checkJacobian: f returned ${fp.length} outputs at a perturbed point but ${m} at x0`);
    for (let i = 0; i < m; i++) numeric.data[i * n + j] = (fp[i]! - fm[i]!) / (2 * hj); // dF_i/dx_j
  }
  const r = compareEntries(numeric.data, J.data, tol);
  const worstIndex: [number, number] = [Math.floor(r.worst / n), r.worst % n];
  return { maxAbsError: r.maxAbsError, maxRelError: r.maxRelError, worstIndex, numeric, analytic: J, passed: r.passed };
}

const fmt = (v: number): string => (Number.isFinite(v) ? v.toPrecision(10) : String(v));

/**
 * {@link checkGradient}, throwing a readable report when it fails.
 * @example
 * expectGradient((w) => loss(w), (w) => lossGrad(w), w0, { tol: 1e-7 });
 * // AssertionError: gradient check failed at index 2: analytic 0.5, numeric 1.0, ...
 */
export function expectGradient(
  f: (x: Float64Array) => number,
  grad: (x: Float64Array) => ArrayLike<number>,
  x0: ArrayLike<number>,
  opts: GradientCheckOptions = {},
): GradientCheckResult {
  const r = checkGradient(f, grad, x0, opts);
  if (!r.passed) {
    const i = r.worstIndex;
    throw new CloseAssertionError(
      `gradient check failed at index ${i}: analytic ${fmt(r.analytic[i]!)}, numeric ${fmt(r.numeric[i]!)} ` +
        `(tol ${opts.tol ?? 1e-6} x max(1, |value|)); maxAbsError ${fmt(r.maxAbsError)}, maxRelError ${fmt(r.maxRelError)}\n` +
        `  analytic: [${Array.from(r.analytic, fmt).join(', ')}]\n  numeric:  [${Array.from(r.numeric, fmt).join(', ')}]`,
    );
  }
  return r;
}

/** {@link checkJacobian}, throwing a readable report when it fails. */
export function expectJacobian(
  f: (x: Float64Array) => ArrayLike<number>,
  jac: (x: Float64Array) => Matrix | readonly (readonly number[])[],
  x0: ArrayLike<number>,
  opts: GradientCheckOptions = {},
): JacobianCheckResult {
  const r = checkJacobian(f, jac, x0, opts);
  if (!r.passed) {
    const [i, j] = r.worstIndex;
    throw new CloseAssertionError(
      `Jacobian check failed at [${i}, ${j}] (d f_${i} / d x_${j}): analytic ${fmt(r.analytic.get(i, j))}, numeric ${fmt(r.numeric.get(i, j))} ` +
        `(tol ${opts.tol ?? 1e-6} x max(1, |value|)); maxAbsError ${fmt(r.maxAbsError)}, maxRelError ${fmt(r.maxRelError)}`,
    );
  }
  return r;
}
