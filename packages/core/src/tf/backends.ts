/**
 * Loaders for the three tfjs backends, best first: `tensorflow` (tfjs-node, native TensorFlow C
 * library), `wasm` (tfjs-backend-wasm, XNNPACK + SIMD) and `cpu` (pure JS).
 *
 * Each loader makes its backend the active one or throws a {@link BackendLoadError} whose
 * message says why, in one line. The resolver (./resolver.ts) decides the order.
 *
 * Everything is loaded with `require` so tfjs, tfjs-node and tfjs-backend-wasm share ONE
 * tfjs-core instance (Node caches modules by real path, and pnpm links all three to the same
 * `@tensorflow/tfjs-core@4.22.0` folder); {@link loadTensorflow} checks that it really is so.
 *
 * @see ../../../../docs/core/backends.md
 */
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import type * as TfModule from '@tensorflow/tfjs';
import { FpmlError } from '../errors.js';
import { registerWasmGapKernels } from './kernels/index.js';

/** The tfjs namespace (`@tensorflow/tfjs`), whatever backend runs it. */
export type Tf = typeof TfModule;

/** The backends the resolver knows, fastest first. */
export const BACKEND_NAMES = ['tensorflow', 'wasm', 'cpu'] as const;

/** One of {@link BACKEND_NAMES}. */
export type BackendName = (typeof BACKEND_NAMES)[number];

/** A backend could not be loaded or activated; the message is the one-line reason. */
export class BackendLoadError extends FpmlError {}

const req = createRequire(import.meta.url);

/** What a loader reports about the backend it activated. */
export interface LoadedBackend {
  /** Human-readable engine detail, e.g. `TensorFlow 2.21.0 (tfjs-node 4.22.0)`. */
  detail: string;
}

/** `require('@tensorflow/tfjs')`, quieting tfjs's console hints (library code prints nothing). */
export function loadTfjs(): Tf {
  const tf = req('@tensorflow/tfjs') as Tf;
  tf.env().set('PROD', true); // tfjs's warn()/log() stay silent under PROD; no other effect in 4.22
  return tf;
}

/** First line of an error, for a one-line reason. */
function firstLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.split('\n').map((l) => l.trim()).find(Boolean) ?? 'unknown error';
}

async function activate(tf: Tf, name: BackendName): Promise<void> {
  let ok: boolean;
  try {
    ok = await tf.setBackend(name);
    await tf.ready();
  } catch (err) {
    throw new BackendLoadError(`${name} backend failed to initialise: ${firstLine(err)}`);
  }
  if (!ok || tf.getBackend() !== name) throw new BackendLoadError(`${name} backend failed to initialise`);
}

/** Minimal view of tfjs-node's module and backend used here. */
interface TfjsNodeModule {
  version: Record<string, string>;
  node: TfNodeApi;
}

/** tfjs-node's `tf.node` namespace, as far as fpml uses it (SavedModel sessions). */
export interface TfNodeApi {
  loadSavedModel(path: string, tags?: string[], signature?: string): Promise<{ predict(inputs: Record<string, unknown>): unknown; dispose(): void }>;
}
interface NodeBackend {
  binding?: { TF_Version?: string };
}

/**
 * `tensorflow`: @tensorflow/tfjs-node and its native addon (linked by scripts/setup-native-tf.mjs).
 * Sets, unless the caller set them before the first load:
 * - `TF_CPP_MIN_LOG_LEVEL=2` (TensorFlow's own info logs);
 * - `TF_ENABLE_ONEDNN_OPTS=1`: TensorFlow ≥ 2.9 turns its oneDNN kernels on by default only on
 *   CPUs with AVX-512 VNNI/BF16/AMX, so on an AVX2 machine (this one: AMD EPYC Zen 3) MatMul and
 *   BatchMatMul would run Eigen's kernels. oneDNN's were measured 1.18× faster on the W6
 *   transformer step and 1.6× on its (128, 64, 32) attention products, same results to float32
 *   rounding and bit-identical run to run (docs/core/backends.md).
 * The variables are read once, when libtensorflow loads; the detail string reports oneDNN's state.
 */
export async function loadTensorflow(tf: Tf): Promise<LoadedBackend> {
  if (tf.findBackendFactory('tensorflow') == null) {
    process.env['TF_CPP_MIN_LOG_LEVEL'] ??= '2';
    process.env['TF_ENABLE_ONEDNN_OPTS'] ??= '1';
    oneDnn = process.env['TF_ENABLE_ONEDNN_OPTS'] === '0' ? 'off' : process.env['TF_ENABLE_ONEDNN_OPTS'] === '1' ? 'on' : `TF_ENABLE_ONEDNN_OPTS=${process.env['TF_ENABLE_ONEDNN_OPTS']}`;
    let node: TfjsNodeModule;
    try {
      node = req('@tensorflow/tfjs-node') as TfjsNodeModule;
    } catch (err) {
      const msg = firstLine(err);
      const why = /Cannot find module '@tensorflow\/tfjs-node'/.test(msg)
        ? '@tensorflow/tfjs-node is not installed'
        : /tfjs_binding\.node|libtensorflow|cannot open shared object/.test(msg)
          ? `native addon not built (${msg.slice(0, 160)}); run \`node scripts/setup-native-tf.mjs\` from the repo root`
          : `@tensorflow/tfjs-node failed to load: ${msg}`;
      throw new BackendLoadError(why);
    }
    if (tf.findBackendFactory('tensorflow') == null) {
      const own = req.resolve('@tensorflow/tfjs-core');
      throw new BackendLoadError(`tfjs-node registered its backend on another copy of tfjs-core than ${own}`);
    }
    tensorflowVersion = node.version['tfjs-node'] ?? 'unknown';
    nodeApi = node.node;
  }
  await activate(tf, 'tensorflow');
  const native = (tf.backend() as NodeBackend).binding?.TF_Version ?? 'unknown';
  return { detail: `TensorFlow ${native} (tfjs-node ${tensorflowVersion}, oneDNN ${oneDnn})` };
}
let tensorflowVersion = 'unknown';
let oneDnn = 'unknown';
let nodeApi: TfNodeApi | undefined;

/**
 * tfjs-node's `tf.node` namespace (`loadSavedModel`: libtensorflow graph sessions), once the
 * `tensorflow` backend has loaded; `undefined` before or without it.
 */
export function tfNode(): TfNodeApi | undefined {
  return nodeApi;
}

/** Minimal view of @tensorflow/tfjs-backend-wasm's exports used here. */
interface TfjsWasmModule {
  setWasmPaths(prefix: string): void;
  getThreadsCount(): number;
  version_wasm: string;
}

/**
 * `wasm`: @tensorflow/tfjs-backend-wasm, reading its .wasm binaries from the package's own
 * dist folder on disk (a file path, so nothing is fetched), plus fpml's gap kernels
 * (./kernels: UnsortedSegmentSum, Conv2DBackpropFilter, transpose-free BatchMatMul).
 */
export async function loadWasm(tf: Tf): Promise<LoadedBackend> {
  let wasm: TfjsWasmModule;
  try {
    wasm = req('@tensorflow/tfjs-backend-wasm') as TfjsWasmModule;
  } catch (err) {
    throw new BackendLoadError(`@tensorflow/tfjs-backend-wasm failed to load: ${firstLine(err)}`);
  }
  if (!wasmPathsSet) {
    const dist = join(dirname(req.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + sep;
    wasm.setWasmPaths(dist); // must precede the backend's first initialisation
    wasmPathsSet = true;
  }
  registerWasmGapKernels(tf);
  await activate(tf, 'wasm');
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  return { detail: `tfjs-backend-wasm ${wasm.version_wasm}, ${simd ? 'SIMD' : 'no SIMD'}, ${wasm.getThreadsCount()} thread(s)` };
}
let wasmPathsSet = false;

/** `cpu`: tfjs's pure-JS backend; always available. */
export async function loadCpu(tf: Tf): Promise<LoadedBackend> {
  await activate(tf, 'cpu');
  return { detail: 'pure JavaScript' };
}

/** The loader for a backend name. */
export const LOADERS: Record<BackendName, (tf: Tf) => Promise<LoadedBackend>> = {
  tensorflow: loadTensorflow,
  wasm: loadWasm,
  cpu: loadCpu,
};
