/**
 * Structural causal models and synthetic data with known effects. Named re-exports; see README.md.
 * @see ../../../../../docs/level4-probabilistic/causal-graphs.md
 */
export { LinearScm, type LinearScmSpec } from './linear-scm.js';
export {
  confoundedData, instrumentData, w8Data, W8_OPTIONS,
  type SyntheticCausalData, type ConfoundedOptions, type InstrumentOptions,
} from './generators.js';
