/**
 * Registration of the clustering estimators with core's estimator registry.
 *
 * Core's `registerEstimator` is typed for its `Estimator` union (classifier, regressor,
 * transformer), which has no clusterer member: `GaussianMixture` (predict returns component
 * indices, score is a log-likelihood), `DBSCAN` and `AgglomerativeClustering` (no predict at all)
 * are none of the three. They still load through `estimatorFromJSON`; this is the one place that
 * widens their loader's type for the registry.
 *
 * @see ../../../../docs/level2-classical/clustering.md
 */
import { registerEstimator, type Estimator, type SerializedEstimator } from '@fpml/core';

/** Register `fromJSON` for saved models of `kind` (see the module comment for the widening). */
export function registerClusterer(kind: string, fromJSON: (json: SerializedEstimator) => object): void {
  registerEstimator(kind, (json) => fromJSON(json) as unknown as Estimator);
}
