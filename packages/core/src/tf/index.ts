/**
 * `@fpml/core/tf`: the tfjs backend resolver and fpml's wasm gap kernels.
 * Importing this entry does not load tfjs; {@link getTf} does, on first call.
 *
 * @see ../../../../docs/core/backends.md
 */
export {
  getTf,
  setBackend,
  backendInfo,
  availableBackends,
  BACKEND_NAMES,
  BackendLoadError,
  type BackendName,
  type BackendAttempt,
  type BackendInfo,
  type TfHandle,
  type Tf,
} from './resolver.js';
export { registerWasmGapKernels, useWasmMatMulFastPath } from './kernels/index.js';
export { tfNode, type TfNodeApi } from './backends.js';
