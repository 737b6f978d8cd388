"""Time scikit-learn's PCA on a matrix written by packages/level1-math/bench/pca.bench.ts.

Not an oracle: a benchmark peer, run by the bench in the same session so the ratio is measured on
the same machine at the same time. Single-threaded BLAS (the caller sets OMP_NUM_THREADS=1 and
friends) so the comparison is one core against one core.

Usage: OMP_NUM_THREADS=1 /usr/bin/python3 scripts/oracles/bench_pca_sklearn.py X.f64 N D K REPS
  X.f64  raw little-endian float64, row-major (N, D)
Prints one JSON object: {"sklearn", "numpy", "randomized": {"median", "times"}, "full": {...}}.
"""
import json
import sys
import time

import numpy as np
import sklearn
from sklearn.decomposition import PCA


def median_time(make, X, reps):
    make().fit(X)  # warm-up
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        make().fit(X)
        times.append(time.perf_counter() - t0)
    return {"median": float(np.median(times)), "times": times}


def main():
    path, n, d, k, reps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    X = np.fromfile(path, dtype="<f8").reshape(n, d)
    out = {
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "randomized": median_time(lambda: PCA(n_components=k, svd_solver="randomized", random_state=0), X, reps),
        "full": median_time(lambda: PCA(n_components=k, svd_solver="full"), X, max(1, reps // 2)),
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
