"""Time scikit-learn's SVC fit on the data written by packages/level2-classical/bench/svm.bench.ts.

Not an oracle: a benchmark peer, run by the bench in the same session so the ratio is measured on
the same machine at the same time, single-threaded (the caller sets OMP_NUM_THREADS=1 and friends;
libsvm itself is single-threaded).

Usage: OMP_NUM_THREADS=1 /usr/bin/python3 scripts/oracles/bench_svm_sklearn.py X.f64 y.f64 N D C GAMMA TOL CACHE REPS
  X.f64, y.f64  raw little-endian float64, row-major (N, D) and (N,)
Prints one JSON object: {"sklearn", "numpy", "median", "times", "nSV", "nIter", "trainAccuracy"}.
"""
import json
import sys
import time

import numpy as np
import sklearn
from sklearn.svm import SVC


def main():
    xp, yp = sys.argv[1], sys.argv[2]
    n, d = int(sys.argv[3]), int(sys.argv[4])
    C, gamma, tol, cache, reps = float(sys.argv[5]), float(sys.argv[6]), float(sys.argv[7]), float(sys.argv[8]), int(sys.argv[9])
    X = np.fromfile(xp, dtype="<f8").reshape(n, d)
    y = np.fromfile(yp, dtype="<f8").astype(int)
    make = lambda: SVC(C=C, kernel="rbf", gamma=gamma, tol=tol, cache_size=cache, shrinking=True)
    m = make().fit(X, y)  # warm-up
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        make().fit(X, y)
        times.append(time.perf_counter() - t0)
    print(json.dumps({
        "sklearn": sklearn.__version__, "numpy": np.__version__, "median": float(np.median(times)), "times": times,
        "nSV": int(m.support_.size), "nIter": int(m.n_iter_[0]), "trainAccuracy": float(m.score(X, y)),
    }))


if __name__ == "__main__":
    main()
