/**
 * The safetensors format (Hugging Face, https://github.com/huggingface/safetensors), written
 * from scratch: what PyTorch, JAX and the Hub use to store weights without pickle.
 *
 * Layout of a file of $8 + N + B$ bytes:
 * ```
 * [ N: u64 little-endian ][ header: N bytes of UTF-8 JSON, space-padded ][ data: B bytes ]
 * header = { "__metadata__"?: { string: string },
 *            name: { "dtype": "F64" | "F32" | ..., "shape": [d0, d1, ...], "data_offsets": [begin, end] }, ... }
 * ```
 * Offsets are relative to the data block; each tensor is row-major little-endian, and the
 * tensors tile the data block exactly (no holes, no overlap). The writer follows the reference
 * implementation byte for byte (tensors ordered by dtype size, largest first, then by name;
 * header padded with spaces to a multiple of 8 so the data block is 8-byte aligned); the reader
 * enforces the reference validation rules and throws {@link SafetensorsError} naming what is wrong.
 *
 * Cost $O(B)$ either way.
 *
 * @see ../../../../docs/level3-deep/training.md
 */
import { InvalidInputError, InvalidParamError, describeValue } from '@fpml/core';

/**
 * A safetensors file is corrupt or not what was expected.
 * @see ../../../../docs/level3-deep/training.md
 */
export class SafetensorsError extends InvalidInputError {}

/**
 * Dtypes this reader understands (values are read as float64). The writer emits F64 or F32.
 * @see ../../../../docs/level3-deep/training.md
 */
export const SAFETENSORS_DTYPES = { F64: 8, I64: 8, U64: 8, F32: 4, I32: 4, U32: 4, BF16: 2, F16: 2, I16: 2, U16: 2, I8: 1, U8: 1, BOOL: 1 } as const;
export type SafetensorsDtype = keyof typeof SAFETENSORS_DTYPES;

/** The reference writer's order: larger dtypes first (its enum order, reversed), then names. */
const RANK: Record<SafetensorsDtype, number> = { U64: 0, I64: 1, F64: 2, F32: 3, U32: 4, I32: 5, BF16: 6, F16: 7, U16: 8, I16: 9, I8: 10, U8: 11, BOOL: 12 };

/**
 * The reference implementation's bound on the header size.
 * @see ../../../../docs/level3-deep/training.md
 */
export const MAX_HEADER_BYTES = 100_000_000;

/** One tensor of a file: its dtype, shape and values (as float64). */
export interface SafetensorsEntry {
  dtype: SafetensorsDtype;
  shape: number[];
  data: Float64Array;
}

/** What {@link decodeSafetensors} returns. */
export interface SafetensorsFile {
  tensors: Record<string, SafetensorsEntry>;
  /** The `__metadata__` map, or null when absent. */
  metadata: Record<string, string> | null;
}

const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/**
 * Serialise tensors (each `{ dtype: 'F64' | 'F32', shape, data }`) and string metadata.
 * @throws InvalidParamError for another dtype, a bad shape or data of the wrong length; InvalidInputError for non-finite values.
  * @see ../../../../docs/level3-deep/training.md
 */
export function encodeSafetensors(tensors: Record<string, { dtype: 'F64' | 'F32'; shape: readonly number[]; data: ArrayLike<number> }>, metadata?: Record<string, string>): Uint8Array {
  const names = Object.keys(tensors);
  for (const k of names) {
    const t = tensors[k]!;
    if (t.dtype !== 'F64' && t.dtype !== 'F32') throw new InvalidParamError('encodeSafetensors', `${k}.dtype`, t.dtype, "'F64' or 'F32'");
    if (!Array.isArray(t.shape) || t.shape.some((d) => !Number.isSafeInteger(d) || d < 0)) throw new InvalidParamError('encodeSafetensors', `${k}.shape`, t.shape, 'an array of non-negative integers');
    if (t.data.length !== sizeOf(t.shape)) throw new InvalidParamError('encodeSafetensors', `${k}.data`, t.data, `${sizeOf(t.shape)} values for shape [${t.shape.join(',')}]`);
    for (let i = 0; i < t.data.length; i++) if (!Number.isFinite(t.data[i]!)) throw new InvalidInputError(`encodeSafetensors: ${k} holds ${describeValue(t.data[i])} at index ${i}`);
  }
  if (metadata !== undefined) {
    for (const [k, v] of Object.entries(metadata)) if (typeof v !== 'string') throw new InvalidParamError('encodeSafetensors', `metadata.${k}`, v, 'a string');
  }
  names.sort((a, b) => RANK[tensors[a]!.dtype] - RANK[tensors[b]!.dtype] || (a < b ? -1 : a > b ? 1 : 0));
  const header: Record<string, unknown> = {};
  if (metadata !== undefined) header['__metadata__'] = metadata;
  let offset = 0;
  for (const k of names) {
    const t = tensors[k]!;
    const bytes = t.data.length * SAFETENSORS_DTYPES[t.dtype];
    header[k] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const pad = (8 - (json.length % 8)) % 8;
  if (pad) {
    const padded = new Uint8Array(json.length + pad).fill(0x20); // spaces
    padded.set(json);
    json = padded;
  }
  const out = new Uint8Array(8 + json.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const k of names) {
    const t = tensors[k]!;
    if (t.dtype === 'F64') for (let i = 0; i < t.data.length; i++, at += 8) view.setFloat64(at, t.data[i]!, true);
    else for (let i = 0; i < t.data.length; i++, at += 4) view.setFloat32(at, t.data[i]!, true);
  }
  return out;
}

/** IEEE half → number. */
function f16(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * f * 2 ** -24; // subnormal
  if (e === 31) return f ? Number.NaN : s * Infinity;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}

function read(view: DataView, at: number, dtype: SafetensorsDtype, n: number, name: string, source: string): Float64Array {
  const out = new Float64Array(n);
  const w = SAFETENSORS_DTYPES[dtype];
  const f32 = new Float32Array(1);
  const u32 = new Uint32Array(f32.buffer);
  for (let i = 0, o = at; i < n; i++, o += w) {
    switch (dtype) {
      case 'F64': out[i] = view.getFloat64(o, true); break;
      case 'F32': out[i] = view.getFloat32(o, true); break;
      case 'BF16': u32[0] = view.getUint16(o, true) << 16; out[i] = f32[0]!; break;
      case 'F16': out[i] = f16(view.getUint16(o, true)); break;
      case 'I64': case 'U64': {
        const v = dtype === 'I64' ? view.getBigInt64(o, true) : view.getBigUint64(o, true);
        if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) throw new SafetensorsError(`${source}: ${name}[${i}] = ${v} does not fit a float64 exactly`);
        out[i] = Number(v);
        break;
      }
      case 'I32': out[i] = view.getInt32(o, true); break;
      case 'U32': out[i] = view.getUint32(o, true); break;
      case 'I16': out[i] = view.getInt16(o, true); break;
      case 'U16': out[i] = view.getUint16(o, true); break;
      case 'I8': out[i] = view.getInt8(o); break;
      case 'U8': out[i] = view.getUint8(o); break;
      case 'BOOL': {
        const b = view.getUint8(o);
        if (b > 1) throw new SafetensorsError(`${source}: ${name}[${i}] is BOOL but holds byte ${b}`);
        out[i] = b;
        break;
      }
    }
  }
  return out;
}

/**
 * Parse a safetensors file. `source` names it in messages (e.g. the path).
 * @throws SafetensorsError for a truncated file, a bad header length, non-JSON or malformed header,
 *   an unknown dtype, offsets that do not tile the data block, or a size that disagrees with the shape.
  * @see ../../../../docs/level3-deep/training.md
 */
export function decodeSafetensors(bytes: Uint8Array, source = 'safetensors'): SafetensorsFile {
  if (!(bytes instanceof Uint8Array)) throw new SafetensorsError(`${source}: expected bytes (a Uint8Array), got ${describeValue(bytes)}`);
  if (bytes.length < 8) throw new SafetensorsError(`${source}: ${bytes.length} bytes is too short for a safetensors file (8-byte header length first)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n64 = view.getBigUint64(0, true);
  if (n64 > BigInt(MAX_HEADER_BYTES)) throw new SafetensorsError(`${source}: header length ${n64} exceeds ${MAX_HEADER_BYTES} bytes (not a safetensors file?)`);
  const N = Number(n64);
  if (8 + N > bytes.length) throw new SafetensorsError(`${source}: header length ${N} runs past the end of the ${bytes.length}-byte file (truncated?)`);
  let header: unknown;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + N));
    if (!text.startsWith('{')) throw new Error('the header does not start with {');
    header = JSON.parse(text);
  } catch (e) {
    throw new SafetensorsError(`${source}: the header is not a UTF-8 JSON object (${(e as Error).message})`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) throw new SafetensorsError(`${source}: the header must be a JSON object`);
  const h = header as Record<string, unknown>;
  let metadata: Record<string, string> | null = null;
  if ('__metadata__' in h) {
    const m = h['__metadata__'];
    if (m === null || typeof m !== 'object' || Array.isArray(m) || Object.values(m).some((v) => typeof v !== 'string')) throw new SafetensorsError(`${source}: __metadata__ must map strings to strings`);
    metadata = { ...(m as Record<string, string>) };
  }
  const dataLen = bytes.length - 8 - N;
  const specs: { name: string; dtype: SafetensorsDtype; shape: number[]; b: number; e: number }[] = [];
  for (const [name, spec] of Object.entries(h)) {
    if (name === '__metadata__') continue;
    const s = spec as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (s === null || typeof s !== 'object') throw new SafetensorsError(`${source}: entry ${name} must be { dtype, shape, data_offsets }`);
    if (typeof s.dtype !== 'string' || !(s.dtype in SAFETENSORS_DTYPES)) throw new SafetensorsError(`${source}: entry ${name} has dtype ${describeValue(s.dtype)}; supported: ${Object.keys(SAFETENSORS_DTYPES).join(', ')}`);
    if (!Array.isArray(s.shape) || s.shape.some((d) => !Number.isSafeInteger(d) || d < 0)) throw new SafetensorsError(`${source}: entry ${name} has shape ${JSON.stringify(s.shape)}; expected non-negative integers`);
    const off = s.data_offsets;
    if (!Array.isArray(off) || off.length !== 2 || off.some((o) => !Number.isSafeInteger(o) || o < 0) || off[0] > off[1]) throw new SafetensorsError(`${source}: entry ${name} has data_offsets ${JSON.stringify(off)}; expected [begin, end] with 0 ≤ begin ≤ end`);
    const dtype = s.dtype as SafetensorsDtype;
    const want = sizeOf(s.shape as number[]) * SAFETENSORS_DTYPES[dtype];
    if (off[1] - off[0] !== want) throw new SafetensorsError(`${source}: entry ${name} spans ${off[1] - off[0]} bytes but ${dtype} [${(s.shape as number[]).join(',')}] needs ${want}`);
    specs.push({ name, dtype, shape: (s.shape as number[]).slice(), b: off[0], e: off[1] });
  }
  const sorted = specs.slice().sort((x, y) => x.b - y.b || x.e - y.e);
  let end = 0;
  for (const s of sorted) {
    if (s.b !== end) throw new SafetensorsError(`${source}: entry ${s.name} starts at byte ${s.b} of the data block, expected ${end} (${s.b < end ? 'overlap' : 'hole'})`);
    end = s.e;
  }
  if (end !== dataLen) throw new SafetensorsError(`${source}: the tensors cover ${end} bytes but the data block holds ${dataLen} (truncated or trailing bytes)`);
  const tensors: Record<string, SafetensorsEntry> = {};
  for (const s of specs) tensors[s.name] = { dtype: s.dtype, shape: s.shape, data: read(view, 8 + N + s.b, s.dtype, sizeOf(s.shape), s.name, source) };
  return { tensors, metadata };
}
