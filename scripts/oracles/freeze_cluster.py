"""Freeze scikit-learn 1.2.1 clustering results for @fpml/level2-classical's cluster tests.

Data: iris (150 x 4), wine standardized by StandardScaler (178 x 13; the standardized matrix itself
is frozen, so the tests need not reproduce StandardScaler's rounding), digits (1797 x 64) and
synthetic blobs (make_blobs(300, centers=4, n_features=3, cluster_std=1.0, random_state=42),
frozen too). iris, wine and digits come from scikit-learn's bundled copies (the files
@fpml/datasets ships); each dataset records shape, sum and sum of squares so the tests can check
that they loaded the same numbers.

Written to packages/level2-classical/src/cluster/__fixtures__/:
- cluster-data.json   frozen inputs (wine standardized, blobs), checksums, probe rows
- kmeans.json         KMeans: best-of-10 k-means++ inertia (random_state=0) and the 10 single
                      inits (random_state 0..9); explicit-init runs (lloyd and elkan, with and
                      without sample weights, an init that empties a cluster, a capped max_iter
                      from a jittered init)
                      with centers, labels, inertia, n_iter, predict/transform/score on probes
- gaussian-mixture.json  GaussianMixture for the 4 covariance types from a fixed explicit init
                      (weights_init, means_init, precisions_init built from the explicit KMeans
                      run), with converged_, n_iter_, lower_bound_, weights_, means_,
                      covariances_, precisions_cholesky_, predict_proba/score_samples on probes,
                      score, bic, aic
- dbscan.json         DBSCAN labels_ and core_sample_indices_ (euclidean, manhattan, one with
                      sample weights); each eps records the smallest |d_ij - eps| over all pairs
- agglomerative.json  AgglomerativeClustering children_, distances_ (compute_distances=True),
                      labels_ for the 4 linkages (+ manhattan, + distance_threshold); digits is
                      cut to its first 1000 rows to keep the file small
- metrics.json        silhouette_score/samples (sklearn's default euclidean path and exact
                      precomputed distances), adjusted_rand_score, rand_score,
                      adjusted_mutual_info_score, mutual_info_score, calinski_harabasz_score,
                      davies_bouldin_score on fixed label vectors

Seeds: numpy RandomState(20240611) for probes, sample weights, explicit-init row choices and random
label vectors; sklearn random_state=0 (and 0..9 for single inits).

Run: OMP_NUM_THREADS=1 /usr/bin/python3 scripts/oracles/freeze_cluster.py
"""
import json
import os
import platform
import sys

import numpy as np
import scipy
import sklearn
from scipy.spatial.distance import cdist, pdist, squareform
from sklearn.cluster import DBSCAN, AgglomerativeClustering, KMeans
from sklearn.datasets import load_digits, load_iris, load_wine, make_blobs
from sklearn.metrics import (
    adjusted_mutual_info_score,
    adjusted_rand_score,
    calinski_harabasz_score,
    davies_bouldin_score,
    mutual_info_score,
    rand_score,
    silhouette_samples,
    silhouette_score,
)
from sklearn.mixture import GaussianMixture
from sklearn.mixture._gaussian_mixture import _estimate_gaussian_parameters
from sklearn.preprocessing import StandardScaler

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "packages/level2-classical/src/cluster/__fixtures__")
SEED = 20240611
BLOBS = dict(n_samples=300, centers=4, n_features=3, cluster_std=1.0, random_state=42)
K = {"iris": 3, "wine": 3, "digits": 10, "blobs": 4}


def tolist(v):
    if isinstance(v, np.ndarray):
        return v.tolist()
    if isinstance(v, (np.floating, np.integer, np.bool_)):
        return v.item()
    if isinstance(v, dict):
        return {k: tolist(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [tolist(x) for x in v]
    return v


def meta():
    return {
        "script": "scripts/oracles/freeze_cluster.py",
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "python": platform.python_version(),
        "seed": SEED,
        "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS"),
    }


def write(name, obj):
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        json.dump(tolist(obj), f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {path} ({os.path.getsize(path) / 1024:.0f} KB)", file=sys.stderr)


rng = np.random.RandomState(SEED)
iris = load_iris()
wine = load_wine()
digits = load_digits()
wine_std = StandardScaler().fit_transform(wine.data)
blobs, blobs_y = make_blobs(**BLOBS)
data = {"iris": iris.data, "wine": wine_std, "digits": digits.data, "blobs": blobs}
truth = {"iris": iris.target, "wine": wine.target, "digits": digits.target, "blobs": blobs_y}
probes = {}
for name, X in data.items():
    noise = rng.normal(scale=0.3 * X.std(axis=0).mean(), size=(3, X.shape[1]))
    probes[name] = np.vstack([X[:3], X[3:6] + noise])

write("cluster-data.json", {
    "meta": meta(),
    "blobsParams": BLOBS,
    "checksums": {n: {"rows": X.shape[0], "cols": X.shape[1], "sum": float(X.sum()), "sumSquares": float((X * X).sum())}
                  for n, X in {"iris": iris.data, "wineRaw": wine.data, "digits": digits.data}.items()},
    "wineStd": wine_std,
    "blobs": blobs,
    "blobsY": blobs_y,
    "probes": probes,
})

# ------------------------------------------------------------------------------------------ KMeans
init_idx = {n: np.sort(rng.choice(X.shape[0], K[n], replace=False)) for n, X in data.items()}
weights = {n: rng.uniform(0.5, 2.0, size=X.shape[0]) for n, X in data.items() if n in ("iris", "blobs")}


def km_record(km, X, probe, case):
    out = dict(case)
    out.update(clusterCenters=km.cluster_centers_, labels=km.labels_, inertia=km.inertia_, nIter=km.n_iter_,
               predict=km.predict(probe), transform=km.transform(probe), score=km.score(probe))
    return out


kmeans_best = []
for name, X in data.items():
    k = K[name]
    best = KMeans(n_clusters=k, n_init=10, random_state=0).fit(X)
    singles = [KMeans(n_clusters=k, n_init=1, random_state=s).fit(X).inertia_ for s in range(10)]
    kmeans_best.append({"dataset": name, "nClusters": k, "nInit": 10, "inertia": best.inertia_, "nIter": best.n_iter_,
                        "singleInitInertias": singles})

kmeans_explicit = []
for name, X in data.items():
    k = K[name]
    init = X[init_idx[name]]
    for algorithm in ("lloyd", "elkan"):
        km = KMeans(n_clusters=k, init=init, n_init=1, algorithm=algorithm).fit(X)
        kmeans_explicit.append(km_record(km, X, probes[name], {"dataset": name, "nClusters": k, "initRows": init_idx[name],
                                                              "algorithm": algorithm, "maxIter": 300, "tol": 1e-4}))
    if name in weights:
        km = KMeans(n_clusters=k, init=init, n_init=1).fit(X, sample_weight=weights[name])
        kmeans_explicit.append(km_record(km, X, probes[name], {"dataset": name, "nClusters": k, "initRows": init_idx[name],
                                                              "algorithm": "lloyd", "maxIter": 300, "tol": 1e-4,
                                                              "sampleWeight": weights[name]}))
    # Capped run: stopped before convergence, so the labels are the first assignments'. Integer
    # data (digits) and integer init rows make exact distance ties there, which scikit-learn
    # breaks by BLAS rounding; a small jitter of the init removes the ties.
    jittered = init + rng.normal(scale=1e-3 * X.std(axis=0).mean(), size=init.shape)
    km = KMeans(n_clusters=k, init=jittered, n_init=1, max_iter=2, tol=0).fit(X)
    kmeans_explicit.append(km_record(km, X, probes[name], {"dataset": name, "nClusters": k, "init": jittered,
                                                          "algorithm": "lloyd", "maxIter": 2, "tol": 0}))
# A far-away initial center receives no point at the first assignment: it is relocated to the
# point farthest from its center.
far_init = np.vstack([blobs[init_idx["blobs"][:3]], np.full((1, 3), 100.0)])
km = KMeans(n_clusters=4, init=far_init, n_init=1).fit(blobs)
first = KMeans(n_clusters=4, init=far_init, n_init=1, max_iter=1, tol=0).fit(blobs)
rec = km_record(km, blobs, probes["blobs"], {"dataset": "blobs", "nClusters": 4, "init": far_init, "algorithm": "lloyd",
                                             "maxIter": 300, "tol": 1e-4, "note": "empty cluster at iteration 1"})
rec["afterOneIteration"] = {"clusterCenters": first.cluster_centers_, "labels": first.labels_, "inertia": first.inertia_}
kmeans_explicit.append(rec)
write("kmeans.json", {"meta": meta(), "best": kmeans_best, "explicit": kmeans_explicit})

# --------------------------------------------------------------------------------- GaussianMixture
REG_INIT = 1e-3  # added to the init covariances before inverting them (the EM itself uses reg_covar=1e-6)


def gmm_init(X, k, labels, cov_type):
    resp = np.zeros((X.shape[0], k))
    resp[np.arange(X.shape[0]), labels] = 1
    nk, means, covs = _estimate_gaussian_parameters(X, resp, REG_INIT, cov_type)
    weights_init = nk / nk.sum()
    if cov_type == "full":
        prec = np.array([np.linalg.inv(c) for c in covs])
        prec = (prec + prec.transpose(0, 2, 1)) / 2
    elif cov_type == "tied":
        prec = np.linalg.inv(covs)
        prec = (prec + prec.T) / 2
    else:
        prec = 1.0 / covs
    return weights_init, means, prec


gmm_cases = []
gmm_plan = [(n, t) for n in ("iris", "wine", "blobs") for t in ("full", "tied", "diag", "spherical")]
gmm_plan += [("digits", "diag"), ("digits", "spherical")]
for name, cov_type in gmm_plan:
    X = data[name]
    k = K[name]
    labels = KMeans(n_clusters=k, init=X[init_idx[name]], n_init=1).fit(X).labels_
    w0, m0, p0 = gmm_init(X, k, labels, cov_type)
    gm = GaussianMixture(n_components=k, covariance_type=cov_type, weights_init=w0, means_init=m0, precisions_init=p0,
                         random_state=0).fit(X)
    gmm_cases.append({
        "dataset": name, "nComponents": k, "covarianceType": cov_type, "tol": gm.tol, "regCovar": gm.reg_covar,
        "maxIter": gm.max_iter, "weightsInit": w0, "meansInit": m0, "precisionsInit": p0,
        "converged": gm.converged_, "nIter": gm.n_iter_, "lowerBound": gm.lower_bound_, "weights": gm.weights_,
        "means": gm.means_, "covariances": gm.covariances_, "precisionsCholesky": gm.precisions_cholesky_,
        "precisions": gm.precisions_, "predict": gm.predict(X), "predictProba": gm.predict_proba(probes[name]),
        "scoreSamples": gm.score_samples(probes[name]), "score": gm.score(X), "bic": gm.bic(X), "aic": gm.aic(X),
    })
write("gaussian-mixture.json", {"meta": meta(), "regInit": REG_INIT, "cases": gmm_cases})

# ------------------------------------------------------------------------------------------ DBSCAN
dbscan_plan = [
    ("iris", "euclidean", 0.45, 4), ("iris", "euclidean", 0.55, 5), ("iris", "manhattan", 0.72, 4),
    ("iris", "euclidean", 0.5, 5),  # boundary: some pairs are exactly 0.5 apart (see margin)
    ("wine", "euclidean", 2.0, 4), ("wine", "euclidean", 2.3, 5), ("wine", "manhattan", 4.0, 4),
    ("digits", "euclidean", 22.5, 5), ("digits", "euclidean", 20.5, 10),
    ("blobs", "euclidean", 0.8, 5), ("blobs", "euclidean", 1.0, 10), ("blobs", "manhattan", 1.44, 5),
]
dbscan_cases = []
for name, metric, eps, ms in dbscan_plan:
    X = data[name]
    db = DBSCAN(eps=eps, min_samples=ms, metric=metric).fit(X)
    margin = float(np.min(np.abs(pdist(X, "euclidean" if metric == "euclidean" else "cityblock") - eps)))
    dbscan_cases.append({"dataset": name, "metric": metric, "eps": eps, "minSamples": ms, "margin": margin,
                         "labels": db.labels_, "coreSampleIndices": db.core_sample_indices_})
db = DBSCAN(eps=0.8, min_samples=5).fit(blobs, sample_weight=weights["blobs"])
dbscan_cases.append({"dataset": "blobs", "metric": "euclidean", "eps": 0.8, "minSamples": 5,
                     "margin": float(np.min(np.abs(pdist(blobs) - 0.8))), "sampleWeight": weights["blobs"],
                     "labels": db.labels_, "coreSampleIndices": db.core_sample_indices_})
write("dbscan.json", {"meta": meta(), "cases": dbscan_cases})

# ------------------------------------------------------------------------- AgglomerativeClustering
AGG_DIGITS_ROWS = 1000  # the first 1000 digits keep the fixture small; the other datasets are whole
agg_cases = []
for name, X in data.items():
    X = X[:AGG_DIGITS_ROWS] if name == "digits" else X
    for linkage in ("ward", "complete", "average", "single"):
        ag = AgglomerativeClustering(n_clusters=K[name], linkage=linkage, compute_distances=True).fit(X)
        agg_cases.append({"dataset": name, "rows": X.shape[0], "linkage": linkage, "metric": "euclidean", "nClusters": K[name],
                          "children": ag.children_, "distances": ag.distances_, "labels": ag.labels_,
                          "nLeaves": ag.n_leaves_, "nClustersFitted": ag.n_clusters_})
for name in ("iris", "blobs"):
    X = data[name]
    for linkage in ("complete", "average", "single"):
        ag = AgglomerativeClustering(n_clusters=K[name], linkage=linkage, metric="manhattan", compute_distances=True).fit(X)
        agg_cases.append({"dataset": name, "linkage": linkage, "metric": "manhattan", "nClusters": K[name],
                          "children": ag.children_, "distances": ag.distances_, "labels": ag.labels_,
                          "nLeaves": ag.n_leaves_, "nClustersFitted": ag.n_clusters_})
thresholds = {"ward": 10.0, "complete": 4.0, "average": 2.5, "single": 1.0}
for linkage, t in thresholds.items():
    ag = AgglomerativeClustering(n_clusters=None, distance_threshold=t, linkage=linkage).fit(blobs)
    agg_cases.append({"dataset": "blobs", "linkage": linkage, "metric": "euclidean", "nClusters": None,
                      "distanceThreshold": t, "children": ag.children_, "distances": ag.distances_,
                      "labels": ag.labels_, "nLeaves": ag.n_leaves_, "nClustersFitted": ag.n_clusters_})
write("agglomerative.json", {"meta": meta(), "digitsRows": AGG_DIGITS_ROWS, "cases": agg_cases})

# ----------------------------------------------------------------------------------------- metrics
km_labels = {n: KMeans(n_clusters=K[n], init=data[n][init_idx[n]], n_init=1).fit(data[n]).labels_ for n in data}
sil = []
for name, X in data.items():
    for which, labels in (("truth", truth[name]), ("kmeans", km_labels[name])):
        D = cdist(X, X)  # exact: sqrt of the sum of squared differences
        sil.append({"dataset": name, "labels": which,
                    "score": silhouette_score(X, labels), "samples": silhouette_samples(X, labels) if name != "digits" else None,
                    "scorePrecomputed": silhouette_score(D, labels, metric="precomputed"),
                    "samplesPrecomputed": silhouette_samples(D, labels, metric="precomputed") if name != "digits" else None,
                    "scoreManhattan": silhouette_score(X, labels, metric="manhattan"),
                    "calinskiHarabasz": calinski_harabasz_score(X, labels), "daviesBouldin": davies_bouldin_score(X, labels)})
pairs = []
for name in data:
    pairs.append({"name": f"{name}: truth vs kmeans", "a": None, "b": None, "dataset": name})
for n, ka, kb in ((10, 2, 3), (50, 3, 5), (200, 6, 4), (1000, 10, 10), (5000, 20, 3)):
    pairs.append({"name": f"random n={n} ka={ka} kb={kb}", "a": rng.randint(ka, size=n), "b": rng.randint(kb, size=n)})
pairs.append({"name": "identical up to renaming", "a": [0, 0, 1, 1, 2, 2, 2], "b": [5, 5, 3, 3, 9, 9, 9]})
pairs.append({"name": "one cluster vs singletons", "a": [0] * 6, "b": list(range(6))})
pairs.append({"name": "both one cluster", "a": [1] * 5, "b": [7] * 5})
pairs.append({"name": "worse than chance", "a": [0, 0, 1, 1], "b": [0, 1, 0, 1]})
for p in pairs:
    a = truth[p["dataset"]] if p.get("dataset") else np.asarray(p["a"])
    b = km_labels[p["dataset"]] if p.get("dataset") else np.asarray(p["b"])
    p["a"], p["b"] = (None, None) if p.get("dataset") else (a, b)
    p.update(ari=adjusted_rand_score(a, b), rand=rand_score(a, b), ami=adjusted_mutual_info_score(a, b),
             amiMax=adjusted_mutual_info_score(a, b, average_method="max"), amiMin=adjusted_mutual_info_score(a, b, average_method="min"),
             amiGeometric=adjusted_mutual_info_score(a, b, average_method="geometric"), mi=mutual_info_score(a, b))
write("metrics.json", {"meta": meta(), "kmeansLabels": km_labels, "silhouette": sil, "pairs": pairs})
