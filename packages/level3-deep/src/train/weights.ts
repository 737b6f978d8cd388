/**
 * Save and load a module's weights (its state dict) as a safetensors file, on either path:
 * a float64 reference {@link Module} writes F64, a tfjs {@link TfModule} writes F32, and either
 * loads any of them (and F16/BF16/integer files written elsewhere, e.g. by PyTorch's
 * `safetensors.torch.save_file`, since keys and layouts are PyTorch's).
 *
 * Metadata written: `format: "pt"` (the key PyTorch-side loaders look for) and
 * `fpml.module: <class name>`. On load, a file that names a module checks it against the target
 * with the `Tf` prefix ignored (`Linear` ↔ `TfLinear`), then the state dict goes through the
 * strict `loadStateDict` (every key, every shape).
 *
 * Cost $O(\#\text{values})$ plus the file I/O (synchronous, `node:fs`).
 *
 * @see ../../../../docs/level3-deep/training.md
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { InvalidInputError, InvalidParamError, describeValue } from '@fpml/core';
import { Module } from '../nn/module.js';
import type { StateDict } from '../nn/state-dict.js';
import { TfModule } from '../nn/tf-module.js';
import { SafetensorsError, decodeSafetensors, encodeSafetensors } from './safetensors.js';

/** Either path's module. */
export type AnyWeightsModule = Module<unknown[], unknown> | TfModule<unknown[], unknown>;

/** Options of {@link saveWeights}. */
export interface SaveWeightsOptions {
  /** Storage type. @default 'F64' for a reference module, 'F32' for a twin */
  dtype?: 'F64' | 'F32';
  /** Extra string metadata (keys `format` and `fpml.module` are set by this function). */
  metadata?: Record<string, string>;
}

/** Options of {@link loadWeights}. */
export interface LoadWeightsOptions {
  /** Check the file's `fpml.module` against the target's class name (`Tf` prefix ignored). @default true */
  checkModule?: boolean;
}

const baseName = (n: string) => (n.startsWith('Tf') && n.length > 2 && n[2] === n[2]!.toUpperCase() ? n.slice(2) : n);

function checkModuleArg(owner: string, m: unknown): AnyWeightsModule {
  if (!(m instanceof Module) && !(m instanceof TfModule)) throw new InvalidInputError(`${owner}: module must be a Module or a TfModule, got ${describeValue(m)}`);
  return m as AnyWeightsModule;
}

/**
 * The safetensors bytes of `module`'s state dict.
 * @throws InvalidParamError for a bad dtype; InvalidInputError for a non-finite weight.
  * @see ../../../../docs/level3-deep/training.md
 */
export function weightsToBytes(module: AnyWeightsModule, options: SaveWeightsOptions = {}): Uint8Array {
  const m = checkModuleArg('saveWeights', module);
  const dtype = options.dtype ?? (m instanceof TfModule ? 'F32' : 'F64');
  if (dtype !== 'F64' && dtype !== 'F32') throw new InvalidParamError('saveWeights', 'dtype', dtype, "'F64' or 'F32'");
  const sd = m.stateDict();
  const tensors = Object.fromEntries(Object.entries(sd).map(([k, e]) => [k, { dtype, shape: e.shape, data: e.data }]));
  return encodeSafetensors(tensors, { ...(options.metadata ?? {}), format: 'pt', 'fpml.module': m.name });
}

/**
 * Load safetensors bytes into `module` (in place; returns it).
 * @throws SafetensorsError for a corrupt file or a module-name mismatch; StateDictError for
 *   missing/unexpected keys or shape mismatches; InvalidInputError for non-finite values.
  * @see ../../../../docs/level3-deep/training.md
 */
export function weightsFromBytes<M extends AnyWeightsModule>(module: M, bytes: Uint8Array, options: LoadWeightsOptions = {}, source = 'weights'): M {
  const m = checkModuleArg('loadWeights', module);
  const check = options.checkModule ?? true;
  if (typeof check !== 'boolean') throw new InvalidParamError('loadWeights', 'checkModule', check, 'true or false');
  const file = decodeSafetensors(bytes, source);
  const saved = file.metadata?.['fpml.module'];
  if (check && saved !== undefined && baseName(saved) !== baseName(m.name)) {
    throw new SafetensorsError(`${source}: holds weights of ${saved}, not of ${m.name} (checkModule: false to load anyway)`);
  }
  const sd: StateDict = {};
  for (const [k, t] of Object.entries(file.tensors)) sd[k] = { shape: t.shape, data: t.data };
  m.loadStateDict(sd);
  return module;
}

/**
 * Write `module`'s weights to `path` as safetensors (F64 for a reference module, F32 for a twin).
 * @throws as {@link weightsToBytes}; the file system's error if `path` cannot be written.
 * @see ../../../../docs/level3-deep/training.md
 */
export function saveWeights(module: AnyWeightsModule, path: string, options: SaveWeightsOptions = {}): void {
  if (typeof path !== 'string' || path === '') throw new InvalidParamError('saveWeights', 'path', path, 'a file path');
  writeFileSync(path, weightsToBytes(module, options));
}

/**
 * Read a safetensors file into `module` (in place; returns it). Either path loads either dtype.
 * @throws InvalidInputError if `path` cannot be read; otherwise as {@link weightsFromBytes}.
 * @see ../../../../docs/level3-deep/training.md
 */
export function loadWeights<M extends AnyWeightsModule>(module: M, path: string, options: LoadWeightsOptions = {}): M {
  if (typeof path !== 'string' || path === '') throw new InvalidParamError('loadWeights', 'path', path, 'a file path');
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new InvalidInputError(`loadWeights: cannot read ${path}: ${(e as Error).message}`);
  }
  return weightsFromBytes(module, bytes, options, path);
}
