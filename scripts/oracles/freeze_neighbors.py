"""Freeze scikit-learn 1.2.1 nearest-neighbour results for @fpml/level2-classical's neighbors tests.

Datasets (scikit-learn's bundled copies, the same files @fpml/datasets ships; each records a
checksum of X): iris, wine, breast cancer, digits (classification) and diabetes (raw,
scaled=False; regression).

Split (no randomness): train = rows with even index, queries = rows with odd index (at most
MAX_QUERIES of them, the first ones).

For each case: KNeighbors{Classifier,Regressor}(..., algorithm='brute' | 'kd_tree', leaf_size=30)
fitted on the train rows; kneighbors(queries) distances and indices, predict, predict_proba.

Distances: scikit-learn's brute force for the euclidean metric goes through `EuclideanArgKmin`,
which expands ||q - x||^2 = ||q||^2 + ||x||^2 - 2 q.x (GEMM) and so carries cancellation error
(about sqrt(eps) * ||x|| for near-duplicates). Its kd-tree sums (q_j - x_j)^2 directly. To show which
is right, "exactDistances" holds, for the brute-force neighbours, the correctly rounded distance
computed from the float64 inputs in exact rational arithmetic (fractions + 50-digit decimal sqrt),
for the first euclidean case of each dataset.

Also: kneighbors() with X=None (the query set is the training set, each point without itself) on
iris, whose duplicated rows exercise scikit-learn's self-removal corner case.

Output: packages/level2-classical/src/neighbors/__fixtures__/neighbors.json
Run: OMP_NUM_THREADS=1 /usr/bin/python3 scripts/oracles/freeze_neighbors.py
"""
import json
import os
import platform
import sys
from decimal import Decimal, getcontext
from fractions import Fraction

import numpy as np
import scipy
import sklearn
from sklearn.datasets import load_breast_cancer, load_diabetes, load_digits, load_iris, load_wine
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "packages/level2-classical/src/neighbors/__fixtures__/neighbors.json")
MAX_QUERIES = 80
getcontext().prec = 50


def tolist(v):
    if isinstance(v, np.ndarray):
        return v.tolist()
    if isinstance(v, (np.floating, np.integer)):
        return v.item()
    if isinstance(v, dict):
        return {k: tolist(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [tolist(x) for x in v]
    return v


datasets = {
    "iris": load_iris(return_X_y=True),
    "wine": load_wine(return_X_y=True),
    "breastCancer": load_breast_cancer(return_X_y=True),
    "digits": load_digits(return_X_y=True),
    "diabetes": load_diabetes(return_X_y=True, scaled=False),
}


def split(name):
    X, y = datasets[name]
    tr = np.arange(0, X.shape[0], 2)
    q = np.arange(1, X.shape[0], 2)[:MAX_QUERIES]
    return X[tr], y[tr], X[q]


def exact_euclidean(q, x):
    s = sum((Fraction(float(a)) - Fraction(float(b))) ** 2 for a, b in zip(q, x))
    return float((Decimal(s.numerator) / Decimal(s.denominator)).sqrt())


# (dataset, params) with params in scikit-learn's names; each runs with brute and kd_tree.
CLASSIFIER_CASES = [
    ("iris", {"n_neighbors": 5}),
    ("iris", {"n_neighbors": 7, "weights": "distance"}),
    ("wine", {"n_neighbors": 5}),
    ("wine", {"n_neighbors": 5, "weights": "distance", "p": 1}),
    ("wine", {"n_neighbors": 4, "metric": "chebyshev"}),
    ("breastCancer", {"n_neighbors": 5}),
    ("breastCancer", {"n_neighbors": 9, "weights": "distance"}),
    ("digits", {"n_neighbors": 5}),
    ("digits", {"n_neighbors": 3, "weights": "distance", "p": 3}),
]
REGRESSOR_CASES = [
    ("diabetes", {"n_neighbors": 5}),
    ("diabetes", {"n_neighbors": 10, "weights": "distance"}),
    ("diabetes", {"n_neighbors": 5, "p": 1}),
]


def camel(params):
    names = {"n_neighbors": "nNeighbors", "weights": "weights", "p": "p", "metric": "metric"}
    return {names[k]: v for k, v in params.items()}


exact_done = set()  # exactDistances are stored for the first euclidean case of each dataset only (size)


def freeze(name, params, regression):
    Xtr, ytr, Xq = split(name)
    out = {"dataset": name, "params": camel(params), "nQueries": Xq.shape[0]}
    for algo in ("brute", "kd_tree"):
        Est = KNeighborsRegressor if regression else KNeighborsClassifier
        est = Est(algorithm=algo, leaf_size=30, **params).fit(Xtr, ytr)
        dist, ind = est.kneighbors(Xq)
        r = {"distances": dist, "indices": ind, "predict": est.predict(Xq)}
        if not regression:
            r["predictProba"] = est.predict_proba(Xq)
        out[algo] = r
    metric = params.get("metric", "minkowski")
    first_euclidean = name not in exact_done
    if metric == "minkowski" and params.get("p", 2) == 2 and first_euclidean:
        exact_done.add(name)
        ind = out["brute"]["indices"]
        out["exactDistances"] = [[exact_euclidean(Xq[i], Xtr[j]) for j in ind[i]] for i in range(Xq.shape[0])]
    return out


def freeze_train_query():
    X, y = datasets["iris"]
    out = {}
    for algo in ("brute", "kd_tree"):
        est = KNeighborsClassifier(n_neighbors=5, algorithm=algo).fit(X, y)
        dist, ind = est.kneighbors()
        out[algo] = {"distances": dist, "indices": ind}
    return out


classifiers = [freeze(n, p, False) for n, p in CLASSIFIER_CASES]
regressors = [freeze(n, p, True) for n, p in REGRESSOR_CASES]
out = {
    "meta": {
        "script": "scripts/oracles/freeze_neighbors.py",
        "command": "OMP_NUM_THREADS=1 /usr/bin/python3 scripts/oracles/freeze_neighbors.py",
        "python": platform.python_version(),
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "seeds": None,
        "split": f"train = even rows, queries = odd rows (first {MAX_QUERIES}); leaf_size = 30",
    },
    "data": {
        name: {"rows": X.shape[0], "cols": X.shape[1], "sum": float(X.sum()), "sumSquares": float((X ** 2).sum())}
        for name, (X, _) in datasets.items()
    },
    "classifiers": classifiers,
    "regressors": regressors,
    "irisTrainQuery": freeze_train_query(),
}
os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT + ".tmp", "w") as f:
    json.dump(tolist(out), f, allow_nan=False, separators=(",", ":"))
    f.write("\n")
os.replace(OUT + ".tmp", OUT)
print(f"wrote {OUT}: {len(classifiers)} classifier and {len(regressors)} regressor cases", file=sys.stderr)
