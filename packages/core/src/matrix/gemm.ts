/**
 * One entry point for the float64 products: {@link gemm} picks the WebAssembly SIMD kernel
 * (`wasm/gemm.wat`) or the JS kernel (`gemm-kernel.ts`) from the shape alone, so the choice,
 * and therefore the rounding, is the same on every call with that shape.
 *
 * @see ../../../../docs/core/matrix.md
 */
import { gemmJs, type GemmOperands } from './gemm-kernel.js';
import { gemmWasm } from './wasm/wasm-gemm.js';

/**
 * Smallest $nkm$ (multiply-adds) sent to the wasm kernel: below it the fixed cost of a call
 * (copying the operands in and C out, packing, zero-padded edge tiles) outweighs the faster
 * arithmetic. Measured on the 2-core EPYC (docs/core/matrix.md, "Dispatch"): wasm/JS time
 * 0.9–1.1 at 6³ and 8³, 1.2–2.3 at 12³, 2× at 32³, 3.3× from 64³. @default 1728 (12³)
 */
export const WASM_MIN_WORK = 1728;

/**
 * Smallest depth $k$ sent to the wasm kernel: with $k < 4$ the product is an outer product
 * whose cost is writing C, and the extra copy of C out of wasm memory makes wasm slower
 * (1000×1·1×1000: 0.6× the JS speed). Thin $n$ or $m$ are fine (1×1000·1000×1000: 2.3× faster).
 * @default 4
 */
export const WASM_MIN_DEPTH = 4;

/** Which kernel {@link gemm} uses for an (n, k) · (k, m) product (wasm only if it loads). */
export function gemmBackendFor(n: number, k: number, m: number): 'wasm' | 'js' {
  return n * k * m >= WASM_MIN_WORK && k >= WASM_MIN_DEPTH ? 'wasm' : 'js';
}

/**
 * $C = \operatorname{op}(A)\operatorname{op}(B)$, $C_{ij} = \sum_{p<k}\operatorname{op}(A)_{ip}\operatorname{op}(B)_{pj}$,
 * as a new row-major (n, m) array. Large products run on the wasm kernel (each entry summed
 * left to right in $p$), small or thin ones, or any product when WebAssembly SIMD is
 * unavailable, on the blocked JS kernel (partial sums of 4 consecutive $p$). Either way the
 * error is within $\gamma_k \sum_p |a_{ip}b_{pj}|$, $\gamma_k = k\varepsilon/(1-k\varepsilon)$.
 * $O(nkm)$ time.
 */
export function gemm(ops: GemmOperands, n: number, k: number, m: number): Float64Array {
  if (gemmBackendFor(n, k, m) === 'wasm') {
    const C = gemmWasm(ops, n, k, m);
    if (C !== null) return C;
  }
  const C = new Float64Array(n * m); // (n, m)
  gemmJs(ops, C, n, k, m);
  return C;
}
