/**
 * Matrix products on the float64 reference path: $AB$, $A^\top B$, $AB^\top$, $Ax$, $A^\top x$ and $A^\top$.
 * The three products share one GEMM ({@link gemm}): a WebAssembly SIMD kernel for large shapes
 * and a cache-blocked JS kernel for small ones, both reading a transposed operand through
 * strides instead of building the transpose.
 *
 * @see ../../../../docs/core/matrix.md
 */
import { InvalidInputError, ShapeError } from '../errors.js';
import { Matrix, type MatrixLike, type VectorLike } from './matrix.js';
import { gemm } from './gemm.js';
import { gemvJs, gemvTJs } from './gemv-kernel.js';
import { gemvWasm, withResident } from './wasm/wasm-gemm.js';
import { dims, toMatrix, toVector } from './check.js';

/**
 * Matrix product $C = AB$, $C_{ij} = \sum_p A_{ip}B_{pj}$.
 * WebAssembly SIMD kernel (4×4 register tile over packed panels) when $nkm$ is large enough,
 * else the blocked JS kernel; $O(nkm)$ time, ≈ 2nkm flops.
 * @param A (n, k) @param B (k, m) @returns C (n, m)
 * @throws ShapeError `matmul: A is 3x4 but B is 5x2 (A.cols must equal B.rows)`.
 */
export function matmul(A: MatrixLike, B: MatrixLike): Matrix {
  const a = toMatrix(A, 'A');
  const b = toMatrix(B, 'B');
  if (a.cols !== b.rows) throw new ShapeError(`matmul: A is ${dims(a)} but B is ${dims(b)} (A.cols must equal B.rows)`);
  const C = gemm({ A: a.data, aRow: a.cols, aCol: 1, B: b.data, bRow: b.cols, bCol: 1 }, a.rows, a.cols, b.cols);
  return new Matrix(a.rows, b.cols, C); // (n, m)
}

/**
 * $C = A^\top B$, $C_{ij} = \sum_p A_{pi}B_{pj}$, without forming $A^\top$ (e.g. the Gram
 * matrix $X^\top X$ or a gradient $X^\top r$). $O(nkm)$.
 * @param A (k, n) @param B (k, m) @returns C (n, m)
 * @throws ShapeError `matmulTransA: A is 3x4 but B is 5x2 (A.rows must equal B.rows)`.
 */
export function matmulTransA(A: MatrixLike, B: MatrixLike): Matrix {
  const a = toMatrix(A, 'A');
  const b = toMatrix(B, 'B');
  if (a.rows !== b.rows) throw new ShapeError(`matmulTransA: A is ${dims(a)} but B is ${dims(b)} (A.rows must equal B.rows)`);
  const C = gemm({ A: a.data, aRow: 1, aCol: a.cols, B: b.data, bRow: b.cols, bCol: 1 }, a.cols, a.rows, b.cols);
  return new Matrix(a.cols, b.cols, C); // (n, m)
}

/**
 * $C = AB^\top$, $C_{ij} = \sum_p A_{ip}B_{jp}$ (e.g. pairwise inner products $XY^\top$),
 * without forming $B^\top$: both kernels pack tiles of $B^\top$ read with strides. $O(nkm)$.
 * @param A (n, k) @param B (m, k) @returns C (n, m)
 * @throws ShapeError `matmulTransB: A is 3x4 but B is 2x5 (A.cols must equal B.cols)`.
 */
export function matmulTransB(A: MatrixLike, B: MatrixLike): Matrix {
  const a = toMatrix(A, 'A');
  const b = toMatrix(B, 'B');
  if (a.cols !== b.cols) throw new ShapeError(`matmulTransB: A is ${dims(a)} but B is ${dims(b)} (A.cols must equal B.cols)`);
  const C = gemm({ A: a.data, aRow: a.cols, aCol: 1, B: b.data, bRow: 1, bCol: b.cols }, a.rows, a.cols, b.rows);
  return new Matrix(a.rows, b.rows, C); // (n, m)
}

/**
 * Run `fn` with X held in the WebAssembly kernel's memory, so the products inside `fn` that take
 * X itself (the same Matrix, or one sharing its `data` array) as an operand of {@link matmul},
 * {@link matmulTransA}, {@link matmulTransB}, {@link matvec} or {@link matvecTransA} skip copying
 * it in: for loops such as power iterations, $Q \leftarrow X^\top(XQ)$, or an optimiser's
 * loss and gradient $X^\top\ell'(Xw)$, where the copy of a large X is a noticeable share of
 * each product (for a matrix-vector product, most of it). X must not be modified while `fn` runs. Only speed changes: every result is
 * bit-for-bit what it would be without the call, and without WebAssembly SIMD this just calls
 * `fn`. One copy of X, $O(|X|)$, plus the wasm memory it occupies until `fn` returns.
 * @param X the matrix to keep resident @param fn the work @returns what `fn` returns
 * @example
 * const Z = withResidentOperand(X, () => matmulTransA(X, matmul(X, Q)));
 */
export function withResidentOperand<T>(X: Matrix, fn: () => T): T {
  return withResident(X.data, fn);
}

/**
 * Smallest $nd$ (multiply-adds) sent to the wasm matrix-vector kernels: below it the fixed cost
 * of a call (copying A, x in and y out) outweighs the SIMD arithmetic. Both kernels give
 * bit-identical results, so this only moves time. Measured on the 2-core EPYC (docs/core/matrix.md,
 * "Matrix-vector products": wasm speed-up 0.4–0.7× at 8², 1.3–1.8× at 16², 2.7–3.5× at 32²). @default 256 (16²)
 */
export const GEMV_WASM_MIN_WORK = 256;

/** `out`, checked to have `len` entries and not to share memory with the inputs, or a new array. */
function outVector(fn: string, out: Float64Array | undefined, len: number, inputs: readonly Float64Array[]): Float64Array {
  if (out === undefined) return new Float64Array(len);
  if (out.length !== len) throw new ShapeError(`${fn}: out has ${out.length} entries but the product has ${len}`);
  for (const v of inputs) {
    if (v.buffer === out.buffer && v.byteOffset < out.byteOffset + out.byteLength && out.byteOffset < v.byteOffset + v.byteLength) {
      throw new InvalidInputError(`${fn}: out must not overlap A or x (write the product to a separate array)`);
    }
  }
  return out;
}

/**
 * Matrix-vector product $y = Ax$, $y_i = \sum_j A_{ij}x_j$, summed as two interleaved partial
 * sums (even and odd $j$) added at the end. Large products ($nd \ge$ {@link GEMV_WASM_MIN_WORK})
 * run on the WebAssembly SIMD kernel (four rows at a time, the pair of partial sums in one
 * `f64x2`), smaller ones and any product without WebAssembly SIMD on the JS kernel: the two are
 * bit-identical. Inside {@link withResidentOperand}(A, ...) A is not copied. $O(nd)$,
 * error $\le \gamma_d \sum_j |a_{ij}x_j|$.
 * @param A (n, d) @param x (d,) @param out optional (n,) array to write y into (must not overlap A or x)
 * @returns y (n,)
 * @throws ShapeError `matvec: A is 3x4 but x has 5 entries (A.cols must equal x.length)`.
 */
export function matvec(A: MatrixLike, x: VectorLike, out?: Float64Array): Float64Array {
  const a = toMatrix(A, 'A');
  const v = toVector(x, 'x');
  const n = a.rows, d = a.cols;
  if (v.length !== d) throw new ShapeError(`matvec: A is ${dims(a)} but x has ${v.length} entries (A.cols must equal x.length)`);
  const y = outVector('matvec', out, n, [a.data, v]); // (n,)
  if (n * d >= GEMV_WASM_MIN_WORK && gemvWasm(a.data, n, d, v, false, y)) return y;
  gemvJs(a.data, n, d, v, y);
  return y;
}

/**
 * $y = A^\top x$, $y_j = \sum_i A_{ij}x_i$, without forming $A^\top$ (e.g. a gradient
 * $X^\top r$): y starts at 0 and every row $i$ adds $x_i A_{i\cdot}$, left to right in $i$.
 * Large products ($nd \ge$ {@link GEMV_WASM_MIN_WORK}) run on the WebAssembly SIMD kernel
 * (four rows per sweep of y), the rest on the JS kernel: bit-identical. Inside
 * {@link withResidentOperand}(A, ...) A is not copied. $O(nd)$, error $\le \gamma_n \sum_i |a_{ij}x_i|$.
 * @param A (n, d) @param x (n,) @param out optional (d,) array to write y into (must not overlap A or x)
 * @returns y (d,)
 * @throws ShapeError `matvecTransA: A is 3x4 but x has 5 entries (A.rows must equal x.length)`.
 */
export function matvecTransA(A: MatrixLike, x: VectorLike, out?: Float64Array): Float64Array {
  const a = toMatrix(A, 'A');
  const v = toVector(x, 'x');
  const n = a.rows, d = a.cols;
  if (v.length !== n) throw new ShapeError(`matvecTransA: A is ${dims(a)} but x has ${v.length} entries (A.rows must equal x.length)`);
  const y = outVector('matvecTransA', out, d, [a.data, v]); // (d,)
  if (n * d >= GEMV_WASM_MIN_WORK && gemvWasm(a.data, n, d, v, true, y)) return y;
  gemvTJs(a.data, n, d, v, y);
  return y;
}

/** Tile edge of the blocked transpose: two 32×32 float64 tiles (16 KB) fit in L1. */
const TILE = 32;

/**
 * Transpose $B = A^\top$, $B_{ji} = A_{ij}$, copied tile by tile so both the reads and the
 * writes stay within a few cache lines. $O(nd)$.
 * @param A (n, d) @returns (d, n)
 */
export function transpose(A: MatrixLike): Matrix {
  const a = toMatrix(A, 'A');
  const n = a.rows, d = a.cols;
  const out = new Matrix(d, n); // (d, n)
  const src = a.data, dst = out.data;
  for (let ii = 0; ii < n; ii += TILE) {
    const ie = Math.min(ii + TILE, n);
    for (let jj = 0; jj < d; jj += TILE) {
      const je = Math.min(jj + TILE, d);
      for (let i = ii; i < ie; i++) {
        const o = i * d;
        for (let j = jj; j < je; j++) dst[j * n + i] = src[o + j]!;
      }
    }
  }
  return out;
}
