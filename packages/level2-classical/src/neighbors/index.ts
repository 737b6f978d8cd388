/** neighbors: barrel (named re-exports only). */
export { KNeighborsClassifier } from './k-neighbors-classifier.js';
export { KNeighborsRegressor } from './k-neighbors-regressor.js';
export { type KNeighborsOptions, type KNeighborsParams, type KNeighborsWeights, type KNeighborsAlgorithm } from './knn-base.js';
export { KDTree, type KDTreeOptions, type NeighborsResult, type RadiusResult } from './kd-tree.js';
export { BruteIndex, type BruteStrategy, type RawNeighbors } from './brute.js';
export { NeighborHeap } from './neighbor-heap.js';
export { type MetricName, type EffectiveMetric, type MetricSpec, resolveMetric } from './metric.js';
