/**
 * The tfjs backend resolver: one place that loads TensorFlow.js and picks its backend.
 *
 * Order: `tensorflow` (native TensorFlow through tfjs-node) → `wasm` → `cpu`; the first that
 * loads wins, and every skipped backend keeps its one-line reason for the run report. The
 * environment variable `FPML_BACKEND=tensorflow|wasm|cpu` forces one backend: an unknown value
 * is an {@link InvalidParamError}, and a forced backend that cannot load is a
 * {@link BackendLoadError} (never a silent fallback).
 *
 * tfjs is imported lazily here, never from `@fpml/core`'s main entry, so code that only needs
 * the float64 reference path never loads it.
 *
 * @see ../../../../docs/core/backends.md
 */
import { InvalidParamError } from '../errors.js';
import { BACKEND_NAMES, BackendLoadError, LOADERS, loadTfjs, type BackendName, type Tf } from './backends.js';

export { BACKEND_NAMES, BackendLoadError, type BackendName, type Tf } from './backends.js';

/** One backend the resolver tried. */
export interface BackendAttempt {
  backend: BackendName;
  ok: boolean;
  /** Engine detail when `ok`, else why it was skipped (one line). */
  reason: string;
  /** Wall time of the attempt in ms. */
  ms: number;
}

/** What {@link getTf} resolves to. */
export interface TfHandle {
  /** The `@tensorflow/tfjs` namespace, with `backend` active. */
  tf: Tf;
  backend: BackendName;
  /** Why this backend: `FPML_BACKEND=...`, `setBackend(...)` or `first that loaded`. */
  reason: string;
  /** Every backend tried, in order. */
  attempts: BackendAttempt[];
}

/** A backend summary for run reports ({@link backendInfo}). */
export interface BackendInfo {
  name: BackendName;
  /** `@tensorflow/tfjs` version. */
  tfjsVersion: string;
  /** Engine detail, e.g. `TensorFlow 2.21.0 (tfjs-node 4.22.0, oneDNN on)`. */
  detail: string;
  reason: string;
  /** Faster backends that were not used, and why. */
  skipped: { backend: BackendName; reason: string }[];
}

let current: Promise<TfHandle> | undefined;

/** Parse `FPML_BACKEND`; empty or unset means "resolve automatically". */
function forcedBackend(): BackendName | undefined {
  const raw = process.env['FPML_BACKEND']?.trim();
  if (!raw) return undefined;
  return checkName('FPML_BACKEND', raw);
}

function checkName(param: string, value: unknown): BackendName {
  if (typeof value === 'string' && (BACKEND_NAMES as readonly string[]).includes(value)) return value as BackendName;
  throw new InvalidParamError('tf backend resolver', param, value, `one of ${BACKEND_NAMES.map((b) => `'${b}'`).join(', ')}`);
}

async function attempt(tf: Tf, backend: BackendName): Promise<BackendAttempt> {
  const t0 = performance.now();
  try {
    const { detail } = await LOADERS[backend](tf);
    return { backend, ok: true, reason: detail, ms: performance.now() - t0 };
  } catch (err) {
    if (!(err instanceof BackendLoadError)) throw err;
    return { backend, ok: false, reason: err.message, ms: performance.now() - t0 };
  }
}

function unavailable(backend: BackendName, why: string, failed: BackendAttempt): BackendLoadError {
  const hint = backend === 'tensorflow' ? '; run `node scripts/setup-native-tf.mjs` from the repo root' : '';
  return new BackendLoadError(`backend '${backend}' (${why}) cannot load: ${failed.reason}${hint}`);
}

async function resolve(): Promise<TfHandle> {
  const forced = forcedBackend();
  const tf = loadTfjs();
  if (forced) {
    const a = await attempt(tf, forced);
    if (!a.ok) throw unavailable(forced, `forced by FPML_BACKEND=${forced}`, a);
    return { tf, backend: forced, reason: `FPML_BACKEND=${forced}`, attempts: [a] };
  }
  const attempts: BackendAttempt[] = [];
  for (const backend of BACKEND_NAMES) {
    const a = await attempt(tf, backend);
    attempts.push(a);
    if (a.ok) return { tf, backend, reason: 'first that loaded', attempts };
  }
  // cpu always loads; reaching here means tfjs itself is broken.
  throw new BackendLoadError(`no tfjs backend loads: ${attempts.map((a) => `${a.backend}: ${a.reason}`).join('; ')}`);
}

/**
 * Load tfjs once and activate the best backend (or the one `FPML_BACKEND` forces).
 * Later calls return the same handle; a failed resolution is not cached, so it can be retried.
 *
 * @throws InvalidParamError if `FPML_BACKEND` is not one of `tensorflow`, `wasm`, `cpu`.
 * @throws BackendLoadError if the forced backend cannot load.
 */
export function getTf(): Promise<TfHandle> {
  current ??= resolve().catch((err: unknown) => {
    current = undefined;
    throw err;
  });
  return current;
}

/**
 * Switch the active backend (tests, benchmarks): loads it if needed and makes it current for
 * {@link getTf} and {@link backendInfo}.
 *
 * @throws InvalidParamError for an unknown name; BackendLoadError if it cannot load.
 */
export async function setBackend(name: BackendName): Promise<TfHandle> {
  const backend = checkName('name', name);
  const base = await getTf();
  const a = await attempt(base.tf, backend);
  if (!a.ok) throw unavailable(backend, `requested by setBackend`, a);
  const handle: TfHandle = { tf: base.tf, backend, reason: `setBackend('${backend}')`, attempts: [...base.attempts, a] };
  current = Promise.resolve(handle);
  return handle;
}

/** Which backends load in this process (tries each; restores the current one). */
export async function availableBackends(): Promise<BackendName[]> {
  const handle = await getTf();
  const out: BackendName[] = [];
  for (const b of BACKEND_NAMES) if ((await attempt(handle.tf, b)).ok) out.push(b);
  await LOADERS[handle.backend](handle.tf);
  return out;
}

/** The active backend, its version and why faster ones were skipped, for run reports. */
export async function backendInfo(): Promise<BackendInfo> {
  const h = await getTf();
  const used = [...h.attempts].reverse().find((a) => a.ok && a.backend === h.backend);
  const rank = BACKEND_NAMES.indexOf(h.backend);
  const skipped = h.attempts
    .filter((a) => !a.ok && BACKEND_NAMES.indexOf(a.backend) < rank)
    .map((a) => ({ backend: a.backend, reason: a.reason }));
  return {
    name: h.backend,
    tfjsVersion: h.tf.version.tfjs ?? 'unknown',
    detail: used?.reason ?? '',
    reason: h.reason,
    skipped,
  };
}
