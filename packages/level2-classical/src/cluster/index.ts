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
export { silhouetteScore, silhouetteSamples, type SilhouetteMetric, type SilhouetteOptions } from './silhouette.js';
export { adjustedRandScore, randScore, pairConfusionMatrix } from './rand-index.js';
export { adjustedMutualInfoScore, type AverageMethod } from './mutual-info.js';
export { calinskiHarabaszScore, daviesBouldinScore } from './internal-indices.js';
export type { ClusterLabels } from './contingency.js';
