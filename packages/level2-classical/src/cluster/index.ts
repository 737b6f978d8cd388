/** cluster: barrel (named re-exports only). Files: README.md. */
export { KMeans, type KMeansStateJSON } from './kmeans.js';
export type { KMeansOptions, KMeansParams, KMeansInit } from './kmeans-params.js';
