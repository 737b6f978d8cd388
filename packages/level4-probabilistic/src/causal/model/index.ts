/**
 * The causal model (DoWhy's flow: model → identify → estimate → refute) over named columns.
 * Named re-exports only; see README.md.
 * @see ../../../../../docs/level4-probabilistic/causal-diagnostics.md
 */
export { CausalModel, type CausalModelOptions, type ModelEstimateOptions } from './causal-model.js';
export { ColumnStore, type CausalData, type DataFrameLike } from './columns.js';
export { latentProjection } from './latent-projection.js';
