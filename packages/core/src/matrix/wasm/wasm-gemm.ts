/**
 * The WebAssembly SIMD float64 GEMM and matrix-vector products (source: `gemm.wat` beside this
 * file; bytes: `gemm-bytes.ts`): loading, memory management and the calls. Internal to `matrix/`;
 * {@link gemm} in `../gemm.ts` and `matvec`/`matvecTransA` in `../matmul.ts` decide when to use them.
 *
 * - **Loading** is synchronous and lazy: the first call decodes the bytes and compiles them
 *   with `new WebAssembly.Module` (≈ 3 KB, well under the engines' synchronous-compile limit),
 *   then makes one instance. If WebAssembly or its SIMD proposal is missing (the module fails
 *   to validate) the result is remembered and every later call returns `null` at once, so the
 *   caller falls back to the JS kernel.
 * - **Memory.** One instance and its linear memory are reused across calls. Each call lays out
 *   `[workspace | op(A) | op(B) | C]` from offset 0, grows the memory to fit when needed (a
 *   5000×784 operand is 31 MB), copies the operands in with `Float64Array.set` (a memcpy) and
 *   copies C out. Nothing is carried from one call to the next but the memory's size; a memory
 *   that has grown past {@link RETAIN_BYTES} is dropped after the call (a new instance is made
 *   from the compiled module next time), so one huge product does not pin its memory forever.
 * - **Limits.** Addresses are 32-bit; a product whose operands and result need more than
 *   {@link MAX_BYTES} (or a memory that cannot grow) returns `null` and runs on the JS kernel.
 *
 * @see ../../../../../docs/core/matrix.md
 */
import type { GemmOperands } from '../gemm-kernel.js';
import { GEMM_WASM_BASE64 } from './gemm-bytes.js';

/**
 * The part of the WebAssembly JS API used here (the project compiles without the DOM lib,
 * whose declarations carry it).
 */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
/** A compiled module (opaque). */
export type WasmModule = object;
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { exports: Record<string, unknown> };
}
/** The engine's WebAssembly object, if it has one. */
const WASM: WasmApi | undefined = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

/** What `gemm.wat` exports. */
interface GemmExports {
  memory: WasmMemory;
  /** C (n, m) := op(A) op(B); byte offsets A, B, C, W; element strides. */
  gemm(n: number, k: number, m: number, A: number, ar: number, ac: number, B: number, br: number, bc: number, C: number, W: number): void;
  /** Workspace bytes `gemm` needs for (n, k, m). */
  work_bytes(n: number, k: number, m: number): number;
  /** y (n) := A x, A row-major (n, d); byte offsets A, x, y. */
  gemv(n: number, d: number, A: number, x: number, y: number): void;
  /** y (d) := Aᵀ x, A row-major (n, d); byte offsets A, x, y. */
  gemv_t(n: number, d: number, A: number, x: number, y: number): void;
}

/** Largest memory a call may use: 2 GiB, so every byte offset fits in a positive i32. */
export const MAX_BYTES = 2 ** 31 - 2 ** 16;
/** A memory larger than this (64 MiB) after a call is released instead of kept for the next. */
export const RETAIN_BYTES = 64 * 2 ** 20;

const PAGE = 65536;

/** `undefined`: not tried yet; `null`: WebAssembly SIMD unavailable here. */
let compiled: WasmModule | null | undefined;
let live: GemmExports | null = null;

/** Decode base64 (RFC 4648, with padding) without relying on `atob` or `Buffer`. */
export function decodeBase64(s: string): Uint8Array {
  const table = new Int16Array(128).fill(-1);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < 64; i++) table[alphabet.charCodeAt(i)] = i;
  let len = s.length;
  while (len > 0 && s[len - 1] === '=') len--;
  const out = new Uint8Array((len * 3) >> 2);
  let acc = 0, bits = 0, o = 0;
  for (let i = 0; i < len; i++) {
    const v = table[s.charCodeAt(i)] ?? -1;
    if (v < 0) throw new Error(`decodeBase64: invalid character at ${i}`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

/**
 * Compile a gemm module from its bytes, or `null` if this engine has no WebAssembly (`api`
 * null; by default the engine's own), or rejects the bytes (no SIMD support, or not a valid
 * module). Never throws.
 */
export function compileGemm(bytes: Uint8Array, api: WasmApi | null = WASM ?? null): WasmModule | null {
  try {
    if (api === null || !api.validate(bytes)) return null;
    return new api.Module(bytes);
  } catch {
    return null;
  }
}

function isMemory(x: unknown): x is WasmMemory {
  return typeof x === 'object' && x !== null && 'buffer' in x && 'grow' in x;
}

/** The live instance, made on first use; `null` when WebAssembly SIMD is unavailable. */
function instance(): GemmExports | null {
  if (live) return live;
  if (compiled === undefined) compiled = compileGemm(decodeBase64(GEMM_WASM_BASE64));
  if (compiled === null || WASM === undefined) return null;
  try {
    const e = new WASM.Instance(compiled, {}).exports;
    const { memory, gemm, work_bytes, gemv, gemv_t } = e;
    if (typeof gemm !== 'function' || typeof work_bytes !== 'function' || typeof gemv !== 'function' || typeof gemv_t !== 'function' || !isMemory(memory)) throw new Error('unexpected exports');
    live = {
      memory,
      gemm: gemm as GemmExports['gemm'],
      work_bytes: work_bytes as GemmExports['work_bytes'],
      gemv: gemv as GemmExports['gemv'],
      gemv_t: gemv_t as GemmExports['gemv_t'],
    };
  } catch {
    compiled = null;
  }
  return live;
}

/** Whether the wasm kernel can run in this engine (compiles it on first call). */
export function wasmGemmAvailable(): boolean {
  return instance() !== null;
}

/** Bytes of linear memory the current instance holds (0 if none): for the leak test. */
export function wasmGemmMemoryBytes(): number {
  return live ? live.memory.buffer.byteLength : 0;
}

const align64 = (x: number): number => Math.ceil(x / 64) * 64;

/** An operand kept in wasm memory by {@link withResidentOperand}: bytes [0, end). */
let resident: { data: Float64Array; end: number } | null = null;

/**
 * Run `fn` with `data` copied once into the kernel's memory: every {@link gemmWasm} call inside
 * `fn` whose `A` or `B` is this very array (same object) reads that copy instead of copying it
 * again. For loops that multiply by one big matrix many times (the power iterations of a
 * randomized SVD copy a 31 MB matrix 16 times otherwise). `data` must not change while `fn`
 * runs. Nested calls keep the outer operand. Returns what `fn` returns. $O(|data|)$ once.
 */
export function withResident<T>(data: Float64Array, fn: () => T): T {
  const w = instance();
  if (w === null || resident !== null || data.length * 8 > MAX_BYTES / 2) return fn();
  const end = data.length * 8;
  if (!ensureBytes(w, end)) return fn();
  new Float64Array(w.memory.buffer).set(data, 0);
  resident = { data, end };
  try {
    return fn();
  } finally {
    resident = null;
    if (w.memory.buffer.byteLength > RETAIN_BYTES) live = null;
  }
}

/** Grow the memory to at least `bytes`; false if the engine refuses. */
function ensureBytes(w: GemmExports, bytes: number): boolean {
  const have = w.memory.buffer.byteLength;
  if (bytes <= have) return true;
  try {
    w.memory.grow(Math.ceil((bytes - have) / PAGE));
    return true;
  } catch {
    return false; // the engine refused the memory: the JS kernel needs none
  }
}

/**
 * $C = \operatorname{op}(A)\operatorname{op}(B)$ on the wasm kernel, as a new (n, m) row-major array:
 * $$C_{ij} = \Big(\big((0 + a_{i0}b_{0j}) + a_{i1}b_{1j}\big) + \dots\Big) + a_{i,k-1}b_{k-1,j},$$
 * summed left to right in $p$ (a fixed order, so bit-for-bit reproducible). Operands are read
 * through the strides in `ops` (whole `A` and `B` buffers are copied into wasm memory, unless one
 * is the operand made resident by {@link withResident}).
 * $O(nkm)$ time, $O(|A| + |B| + nm)$ wasm memory plus ≈ 4.3 MB of packing workspace.
 * @returns C, or `null` when WebAssembly SIMD is unavailable or the product exceeds {@link MAX_BYTES}.
 */
export function gemmWasm(ops: GemmOperands, n: number, k: number, m: number): Float64Array | null {
  const w = instance();
  if (w === null) return null;
  const base = resident ? align64(resident.end) : 0;
  const aIn = resident?.data === ops.A, bIn = resident?.data === ops.B;
  const work = base + w.work_bytes(n, k, m);
  const aOff = aIn ? 0 : align64(work);
  const bOff = bIn ? 0 : align64((aIn ? work : aOff + ops.A.length * 8));
  const cOff = align64(bIn ? (aIn ? work : aOff + ops.A.length * 8) : bOff + ops.B.length * 8);
  const total = cOff + n * m * 8;
  if (total > MAX_BYTES || !ensureBytes(w, total)) return null;
  const heap = new Float64Array(w.memory.buffer); // (re)made after any grow
  if (!aIn) heap.set(ops.A, aOff / 8);
  if (!bIn) heap.set(ops.B, bOff / 8);
  w.gemm(n, k, m, aOff, ops.aRow, ops.aCol, bOff, ops.bRow, ops.bCol, cOff, base);
  const C = heap.slice(cOff / 8, cOff / 8 + n * m); // (n, m)
  if (resident === null && w.memory.buffer.byteLength > RETAIN_BYTES) live = null; // let the big memory be collected
  return C;
}

/**
 * $y = Ax$ (`trans` false; x (d,), y (n,)) or $y = A^\top x$ (`trans` true; x (n,), y (d,)) on the
 * wasm kernels `gemv`/`gemv_t`, A row-major (n, d), written into `y`. Same operations in the same
 * order as `gemvJs`/`gemvTJs` (`../gemv-kernel.ts`): bit-identical results. A is copied into wasm
 * memory unless it is the operand made resident by {@link withResident} (for repeated products
 * with one big matrix, as in an optimiser's loss and gradient, that copy would dominate).
 * $O(nd)$ time, $O(|A| + n + d)$ wasm memory.
 * @returns false (nothing written) when WebAssembly SIMD is unavailable or the memory cannot hold the operands.
 */
export function gemvWasm(A: Float64Array, n: number, d: number, x: Float64Array, trans: boolean, y: Float64Array): boolean {
  const w = instance();
  if (w === null) return false;
  const aIn = resident?.data === A;
  const base = resident ? align64(resident.end) : 0;
  const aOff = aIn ? 0 : base;
  const xOff = align64(aIn ? base : aOff + A.length * 8);
  const yOff = align64(xOff + x.length * 8);
  const total = yOff + y.length * 8;
  if (total > MAX_BYTES || !ensureBytes(w, total)) return false;
  const heap = new Float64Array(w.memory.buffer); // (re)made after any grow
  if (!aIn) heap.set(A, aOff / 8);
  heap.set(x, xOff / 8);
  if (trans) w.gemv_t(n, d, aOff, xOff, yOff);
  else w.gemv(n, d, aOff, xOff, yOff);
  y.set(heap.subarray(yOff / 8, yOff / 8 + y.length));
  if (resident === null && w.memory.buffer.byteLength > RETAIN_BYTES) live = null; // let the big memory be collected
  return true;
}
