/**
 * State dicts: a module's parameters and buffers by dotted name, PyTorch's `state_dict()` with
 * float64 storage, and the strict check that {@link Module.loadStateDict} and
 * {@link TfModule.loadStateDict} share.
 *
 * A state dict is plain data (`Record<string, { shape, data }>`), so the same one loads into a
 * float64 reference module, its tfjs twin, or (through `scripts/oracles`) a PyTorch module:
 * names and layouts are PyTorch's (`weight` (out, in) for Linear, (out, in/groups, kh, kw) for
 * Conv2d, `running_mean`, `running_var`, `num_batches_tracked` for BatchNorm).
 *
 * @see ../../../../docs/level3-deep/layers.md
 */
import { InvalidInputError, describeValue } from '@fpml/core';

/** One named array of a state dict: its shape and row-major float64 values. */
export interface StateEntry {
  shape: number[];
  data: Float64Array;
}

/** Parameters and buffers by dotted name (`'0.weight'`, `'blocks.1.ln.bias'`). */
export type StateDict = Record<string, StateEntry>;

/**
 * A state dict does not fit a module: keys missing or unexpected, or a shape that differs.
 * The three lists say exactly what; the message names the first few of each.
 */
export class StateDictError extends InvalidInputError {
  constructor(
    readonly owner: string,
    readonly missing: readonly string[],
    readonly unexpected: readonly string[],
    readonly mismatched: readonly { key: string; expected: readonly number[]; got: readonly number[] }[],
  ) {
    const parts: string[] = [];
    const few = (xs: readonly string[]) => xs.slice(0, 5).join(', ') + (xs.length > 5 ? `, ... (${xs.length} in all)` : '');
    if (missing.length) parts.push(`missing keys: ${few(missing)}`);
    if (unexpected.length) parts.push(`unexpected keys: ${few(unexpected)}`);
    if (mismatched.length) parts.push(`shape mismatch: ${mismatched.slice(0, 5).map((m) => `${m.key} expected [${m.expected.join(',')}] got [${m.got.join(',')}]`).join('; ')}`);
    super(`${owner}.loadStateDict: ${parts.join('; ')}`);
  }
}

/** Number of elements of a shape. */
export function sizeOfShape(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/**
 * Check `sd` against the expected `{ name: shape }` of a module (strict: every key present, no
 * extra key, equal shapes, `data.length` = product of `shape`, finite values).
 * @throws StateDictError for key or shape disagreements; InvalidInputError for malformed entries.
 */
export function checkStateDict(owner: string, expected: ReadonlyMap<string, readonly number[]>, sd: StateDict): void {
  if (sd === null || typeof sd !== 'object') throw new InvalidInputError(`${owner}.loadStateDict: sd must be an object of { shape, data } entries, got ${describeValue(sd)}`);
  const missing = [...expected.keys()].filter((k) => !(k in sd));
  const unexpected = Object.keys(sd).filter((k) => !expected.has(k));
  const mismatched: { key: string; expected: readonly number[]; got: readonly number[] }[] = [];
  for (const [key, shape] of expected) {
    const e = sd[key];
    if (e === undefined) continue;
    if (e === null || typeof e !== 'object' || !Array.isArray(e.shape) || !(ArrayBuffer.isView(e.data) || Array.isArray(e.data))) {
      throw new InvalidInputError(`${owner}.loadStateDict: entry ${key} must be { shape: number[], data: Float64Array }, got ${describeValue(e)}`);
    }
    if (e.shape.length !== shape.length || e.shape.some((d, i) => d !== shape[i])) mismatched.push({ key, expected: shape, got: e.shape });
    else if ((e.data as ArrayLike<number>).length !== sizeOfShape(shape)) {
      throw new InvalidInputError(`${owner}.loadStateDict: entry ${key} has ${(e.data as ArrayLike<number>).length} values for shape [${shape.join(',')}]`);
    }
  }
  if (missing.length || unexpected.length || mismatched.length) throw new StateDictError(owner, missing, unexpected, mismatched);
  for (const key of expected.keys()) {
    const data = sd[key]!.data as ArrayLike<number>;
    for (let i = 0; i < data.length; i++) {
      if (!Number.isFinite(data[i]!)) throw new InvalidInputError(`${owner}.loadStateDict: entry ${key} has ${describeValue(data[i])} at index ${i}`);
    }
  }
}

/** A deep copy of a state dict (fresh `Float64Array`s). */
export function cloneStateDict(sd: StateDict): StateDict {
  const out: StateDict = {};
  for (const [k, e] of Object.entries(sd)) out[k] = { shape: e.shape.slice(), data: Float64Array.from(e.data) };
  return out;
}
