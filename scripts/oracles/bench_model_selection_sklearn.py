"""Time scikit-learn 1.2.1's model selection on the workloads of
packages/level2-classical/bench/model-selection.bench.ts (single thread), print JSON.

Usage: OMP_NUM_THREADS=1 /usr/bin/python3 scripts/oracles/bench_model_selection_sklearn.py X.f64 y.i32 N D
  X.f64: N*D little-endian float64 (row-major), y.i32: N int32 labels (the dummy workload's data).
Workloads (same as the TypeScript side):
  dummy:  cross_val_score(DummyClassifier(), X, y, cv=5)                 on the given 10000x20 data
  gnb:    GridSearchCV(GaussianNB(), {var_smoothing: logspace(-11, -2, 10)}, cv=5).fit  on digits
  knn:    GridSearchCV(KNeighborsClassifier(), {n_neighbors: 1..15 odd, weights: uniform/distance}, cv=5).fit on breast cancer
Each is run 2 times untimed, then timed until 5 runs and 1 s; the median is reported.
"""
import json
import sys
import time

import numpy as np
import sklearn
from sklearn.datasets import load_breast_cancer, load_digits
from sklearn.dummy import DummyClassifier
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier


def timed(fn, warmup=2, min_iters=5, min_time=1.0):
    for _ in range(warmup):
        fn()
    times = []
    start = time.perf_counter()
    while len(times) < min_iters or time.perf_counter() - start < min_time:
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return {"median": float(np.median(times)), "times": times}


xfile, yfile, n, d = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
X = np.fromfile(xfile, dtype="<f8").reshape(n, d)
y = np.fromfile(yfile, dtype="<i4")
digits, cancer = load_digits(), load_breast_cancer()
out = {
    "sklearn": sklearn.__version__,
    "dummy": timed(lambda: cross_val_score(DummyClassifier(), X, y, cv=5)),
    "gnb": timed(lambda: GridSearchCV(GaussianNB(), {"var_smoothing": np.logspace(-11, -2, 10)}, cv=5).fit(digits.data, digits.target)),
    "knn": timed(lambda: GridSearchCV(KNeighborsClassifier(), {"n_neighbors": list(range(1, 16, 2)), "weights": ["uniform", "distance"]}, cv=5).fit(cancer.data, cancer.target)),
}
print(json.dumps(out))
