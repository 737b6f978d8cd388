/**
 * The WebAssembly SIMD Lloyd step (source: `lloyd.wat` beside this file; bytes: `lloyd-bytes.ts`):
 * loading, memory layout and the call. {@link LloydKernel} is what `kmeans-lloyd.ts` uses.
 *
 * - **Loading** is synchronous and lazy: the first {@link LloydKernel.open} compiles the ≈ 1.7 KB
 *   module (`new WebAssembly.Module`, well under the engines' synchronous-compile limit) and makes
 *   one instance. Without WebAssembly or its SIMD proposal (the module fails to validate) `open`
 *   returns `null` from then on and the caller takes the JS kernel, which gives the same bits.
 * - **Memory.** One instance, one linear memory, shared by every kernel. A kernel lays out
 *   `[X | w | labels | packed centers | norms | sums | weights | tile]` from offset 0 and copies X
 *   and w in once (`Float64Array.set`, a memcpy); each step then copies in only the k centers
 *   and copies out the n labels and the k sums. The data stay resident while the kernel is
 *   the last one loaded: a step of another kernel in between (two runs interleaved) copies its
 *   own X back in first. {@link LloydKernel.close} forgets the data and drops an instance whose
 *   memory has grown past {@link RETAIN_BYTES}, so one huge fit does not pin its memory.
 * - **Limits.** Addresses are 32-bit: a layout above {@link MAX_BYTES} (2 GiB), or a memory the
 *   engine refuses to grow, makes `open` return `null` (JS kernel).
 *
 * @see ../../../../../docs/level2-classical/clustering.md
 */
import { LLOYD_WASM_BASE64 } from './lloyd-bytes.js';

/** The part of the WebAssembly JS API used here (the project compiles without the DOM lib). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
/** The engine's WebAssembly object, if it has one. */
const WASM: WasmApi | undefined = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

/** What `lloyd.wat` exports. */
interface LloydExports {
  memory: WasmMemory;
  /** Labels (and with `update` ≠ 0 the weighted sums) for X (n, d) and k packed centers; byte offsets. */
  lloyd(n: number, d: number, k: number, X: number, W: number, Cp: number, norms: number,
    labels: number, S: number, Wsum: number, T: number, update: number): void;
}

/** Largest memory a kernel may use: 2 GiB, so every byte offset fits in a positive i32. */
export const MAX_BYTES = 2 ** 31 - 2 ** 16;
/** A memory larger than this (64 MiB) at {@link LloydKernel.close} is released, not kept. */
export const RETAIN_BYTES = 64 * 2 ** 20;
const PAGE = 65536;

/** `undefined`: not tried yet; `null`: WebAssembly SIMD unavailable here. */
let compiled: object | null | undefined;
let live: LloydExports | null = null;
/** The kernel whose X and w are in memory now. */
let loaded: LloydKernel | null = null;

/** Decode base64 (RFC 4648, with padding) without relying on `atob` or `Buffer`. */
export function decodeBase64(s: string): Uint8Array {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let len = s.length;
  while (len > 0 && s[len - 1] === '=') len--;
  const out = new Uint8Array((len * 3) >> 2);
  let acc = 0, bits = 0, o = 0;
  for (let i = 0; i < len; i++) {
    const v = alphabet.indexOf(s[i]!);
    if (v < 0) throw new Error(`decodeBase64: invalid character at ${i}`);
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

/** Compile the module, or `null` without WebAssembly (`api` null) or when the engine rejects it. Never throws. */
export function compileLloyd(bytes: Uint8Array, api: WasmApi | null = WASM ?? null): object | null {
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
function instance(): LloydExports | null {
  if (live) return live;
  if (compiled === undefined) compiled = compileLloyd(decodeBase64(LLOYD_WASM_BASE64));
  if (compiled === null || WASM === undefined) return null;
  try {
    const { memory, lloyd } = new WASM.Instance(compiled, {}).exports;
    if (typeof lloyd !== 'function' || !isMemory(memory)) throw new Error('unexpected exports');
    live = { memory, lloyd: lloyd as LloydExports['lloyd'] };
  } catch {
    compiled = null;
  }
  return live;
}

/** Whether the wasm Lloyd kernel runs in this engine (compiles it on first call). */
export function wasmLloydAvailable(): boolean {
  return instance() !== null;
}

/** Bytes of linear memory the instance holds (0 if none): for the release test. */
export function wasmLloydMemoryBytes(): number {
  return live ? live.memory.buffer.byteLength : 0;
}

const align = (x: number): number => Math.ceil(x / 16) * 16;

/** Byte offsets of one kernel's regions (16-byte aligned) and the total. */
interface Layout { X: number; W: number; labels: number; Cp: number; norms: number; S: number; Wsum: number; T: number; end: number }

function layout(n: number, d: number, k: number): Layout {
  const kp = k + (k & 1); // k rounded up to even: the packed centers and the tile have kp columns
  const X = 0, W = align(X + n * d * 8), labels = align(W + n * 8), Cp = align(labels + n * 4);
  const norms = align(Cp + kp * d * 8), S = align(norms + kp * 8), Wsum = align(S + k * d * 8), T = align(Wsum + k * 8);
  return { X, W, labels, Cp, norms, S, Wsum, T, end: T + kp * 32 + 16 };
}

/**
 * One data set (X, w) in the wasm kernel's memory and the Lloyd steps on it.
 * Build with {@link LloydKernel.open}; {@link LloydKernel.close} when the run ends.
 */
export class LloydKernel {
  private ex: LloydExports | null = null;
  private heap = new Float64Array(0); // view of the whole memory, remade on every load
  private labelView = new Int32Array(0); // (n,) the labels region, remade on every load
  private constructor(
    readonly X: Float64Array, readonly n: number, readonly d: number, readonly w: Float64Array,
    readonly k: number, private readonly at: Layout,
  ) {}

  /**
   * A kernel for X (n, d), weights w (n,) (read only by update steps; may be shorter when none
   * is made) and k centers, its data copied into wasm memory; `null` when WebAssembly SIMD is
   * unavailable, the layout exceeds {@link MAX_BYTES}, the memory cannot grow, or a dimension is 0.
   * X and w must not change while the kernel is in use. $O(nd)$.
   */
  static open(X: Float64Array, n: number, d: number, w: Float64Array, k: number): LloydKernel | null {
    if (n < 1 || d < 1 || k < 1 || instance() === null) return null;
    const at = layout(n, d, k);
    if (at.end > MAX_BYTES) return null;
    const kernel = new LloydKernel(X, n, d, w, k, at);
    return kernel.load() ? kernel : null;
  }

  /** Copy X and w into memory (growing it), make this the loaded kernel; false if memory is refused. */
  private load(): boolean {
    const ex = instance();
    if (ex === null) return false;
    const have = ex.memory.buffer.byteLength;
    if (this.at.end > have) {
      try {
        ex.memory.grow(Math.ceil((this.at.end - have) / PAGE));
      } catch {
        return false; // the engine refused the memory: the JS kernel needs none
      }
    }
    this.ex = ex;
    this.heap = new Float64Array(ex.memory.buffer);
    this.labelView = new Int32Array(ex.memory.buffer, this.at.labels, this.n);
    this.heap.set(this.X.subarray(0, this.n * this.d), this.at.X / 8);
    if (this.w.length >= this.n) this.heap.set(this.w.subarray(0, this.n), this.at.W / 8);
    loaded = this;
    return true;
  }

  /**
   * Label every row by its nearest center: `labels[i]` = the first j minimising
   * `centerNorms[j] − 2·(x_i·c_j)` with each dot product summed left to right over the
   * features from +0. With `sums` (k, d) and `weights` (k,), also overwrite them with
   * $\sum_{\ell_i = j} w_i x_i$ and $\sum_{\ell_i = j} w_i$, rows added in order. $O(nkd)$.
   * @param centers (k, d) @param centerNorms (k,) $\lVert c_j\rVert^2$ @param labels (n,) out
   * @returns false if this kernel's data could not be reloaded (memory refused): nothing written.
   */
  step(centers: Float64Array, centerNorms: Float64Array, labels: Int32Array, sums: Float64Array | null, weights: Float64Array | null): boolean {
    if ((loaded !== this || this.ex !== live) && !this.load()) return false;
    const { n, d, k, at, heap, ex } = this;
    if (ex === null) return false;
    packCenters(centers, k, d, heap, at.Cp / 8);
    heap.set(centerNorms.subarray(0, k), at.norms / 8);
    const update = sums !== null && weights !== null;
    if (update) heap.fill(0, at.S / 8, at.Wsum / 8 + k);
    ex.lloyd(n, d, k, at.X, at.W, at.Cp, at.norms, at.labels, at.S, at.Wsum, at.T, update ? 1 : 0);
    labels.set(this.labelView);
    if (update) {
      sums.set(heap.subarray(at.S / 8, at.S / 8 + k * d));
      weights.set(heap.subarray(at.Wsum / 8, at.Wsum / 8 + k));
    }
    return true;
  }

  /** Forget the data; release the instance if its memory has grown past {@link RETAIN_BYTES}. */
  close(): void {
    if (loaded === this) loaded = null;
    if (this.ex !== null && this.ex === live && live.memory.buffer.byteLength > RETAIN_BYTES) live = null;
    this.ex = null;
    this.heap = new Float64Array(0);
    this.labelView = new Int32Array(0);
  }
}

/**
 * The centers (k, d) in the layout `lloyd.wat` reads: groups of 4 centers interleaved by feature,
 * `Cp[g·4d + 4p + c] = C[(4g + c)·d + p]`, then, when k rounded up to even is not a multiple of 4,
 * one group of 2, `Cp[G·4d + 2p + c]`, a missing center (k odd) as zeros. Into `out` from `at`. $O(kd)$.
 */
export function packCenters(C: Float64Array, k: number, d: number, out: Float64Array, at: number): void {
  const kp = k + (k & 1);
  const groups = kp >> 2;
  for (let g = 0; g < groups; g++) {
    const o = at + g * 4 * d, c0 = 4 * g * d;
    for (let p = 0; p < d; p++) {
      out[o + 4 * p] = C[c0 + p]!;
      out[o + 4 * p + 1] = C[c0 + d + p]!;
      out[o + 4 * p + 2] = C[c0 + 2 * d + p]!;
      out[o + 4 * p + 3] = C[c0 + 3 * d + p]!;
    }
  }
  if (kp & 2) {
    const o = at + groups * 4 * d, j = 4 * groups;
    for (let p = 0; p < d; p++) {
      out[o + 2 * p] = C[j * d + p]!;
      out[o + 2 * p + 1] = j + 1 < k ? C[(j + 1) * d + p]! : 0;
    }
  }
}
