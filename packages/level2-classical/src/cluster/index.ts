/** cluster: barrel (named re-exports only). Files: README.md. */
export { KMeans, type KMeansStateJSON } from './kmeans.js';
export type { KMeansOptions, KMeansParams, KMeansInit } from './kmeans-params.js';
export { GaussianMixture, type GaussianMixtureStateJSON, type CovarianceValue, type CovarianceType } from './gaussian-mixture.js';
export type { GaussianMixtureOptions, GaussianMixtureParams, GmmInitParams } from './gmm-params.js';
export { DBSCAN, type DBSCANOptions, type DBSCANParams, type DBSCANStateJSON } from './dbscan.js';
export type { NeighborMetric } from './radius-neighbors.js';
export {
  AgglomerativeClustering, type AgglomerativeClusteringOptions, type AgglomerativeClusteringParams, type AgglomerativeClusteringStateJSON,
} from './agglomerative.js';
export type { Linkage, LinkageMetric } from './linkage.js';
