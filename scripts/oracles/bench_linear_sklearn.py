"""Time scikit-learn's LogisticRegression on the W2 data written by packages/level2-classical/bench/linear.bench.ts.

Not an oracle: a benchmark peer, run by the bench in the same session so the ratio is measured on
the same machine at the same time, with single-threaded BLAS (the caller sets OMP_NUM_THREADS=1
and friends): one core against one core.

Usage: OMP_NUM_THREADS=1 /usr/bin/python3 scripts/oracles/bench_linear_sklearn.py X.f64 y.i32 N D REPS
  X.f64  raw little-endian float64, row-major (N, D);  y.i32  little-endian int32 labels (N,)
Prints one JSON object: {"sklearn", "numpy", "scipy", "median", "times", "nIter", "trainAccuracy", "coefHead"}.
"""
import json
import sys
import time

import numpy as np
import scipy
import sklearn
from sklearn.linear_model import LogisticRegression


def main():
    xpath, ypath, n, d, reps = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    X = np.fromfile(xpath, dtype="<f8").reshape(n, d)
    y = np.fromfile(ypath, dtype="<i4")
    make = lambda: LogisticRegression(C=1.0, solver="lbfgs")  # sklearn 1.2 defaults: tol 1e-4, max_iter 100
    m = make().fit(X, y)  # warm-up
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        m = make().fit(X, y)
        times.append(time.perf_counter() - t0)
    print(json.dumps({
        "sklearn": sklearn.__version__, "numpy": np.__version__, "scipy": scipy.__version__,
        "median": float(np.median(times)), "times": times, "nIter": int(m.n_iter_[0]),
        "trainAccuracy": float(m.score(X, y)), "coefHead": m.coef_[0, :5].tolist(),
    }))


if __name__ == "__main__":
    main()
