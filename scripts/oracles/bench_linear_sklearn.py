"""Time scikit-learn's LogisticRegression on the W2 data written by packages/level2-classical/bench/linear.bench.ts.

Not an oracle: a benchmark peer, run by the bench in the same session so the ratio is measured on
the same machine at the same time, with single-threaded BLAS (the caller sets OMP_NUM_THREADS=1
and friends): one core against one core.

Usage: OMP_NUM_THREADS=1 /usr/bin/python3 scripts/oracles/bench_linear_sklearn.py X.f64 y.i32 N D REPS
  X.f64  raw little-endian float64, row-major (N, D);  y.i32  little-endian int32 labels (N,)
Prints one JSON object: {"sklearn", "numpy", "scipy", "median", "times", "nIter", "trainAccuracy", "coefHead",
"profile"}. "profile" comes from extra fits after the timed ones, with scipy.optimize.minimize wrapped to
count and time the loss+gradient calls ("nEval", "evalMedian": median seconds per call, "inEvalShare":
share of the fit spent in them), plus the two BLAS products of one call timed alone ("gemv": X @ w,
"gemvT": X.T @ r, median seconds).
"""
import json
import sys
import time

import numpy as np
import scipy
import scipy.optimize
import sklearn
from sklearn.linear_model import LogisticRegression


def profile(X, y, make, reps):
    """Count and time sklearn's loss+gradient calls by wrapping scipy.optimize.minimize (untimed fits)."""
    original = scipy.optimize.minimize
    calls, fits = [], []

    def wrapped(fun, x0, *args, **kwargs):
        def timed(w, *a):
            t0 = time.perf_counter()
            r = fun(w, *a)
            calls.append(time.perf_counter() - t0)
            return r
        return original(timed, x0, *args, **kwargs)

    scipy.optimize.minimize = wrapped  # sklearn calls it as optimize.minimize, the same module attribute
    try:
        for _ in range(reps):
            calls.clear()
            t0 = time.perf_counter()
            make().fit(X, y)
            fits.append((time.perf_counter() - t0, len(calls), float(np.median(calls)), sum(calls)))
    finally:
        scipy.optimize.minimize = original
    w, r = np.zeros(X.shape[1]), np.zeros(X.shape[0])

    def med(f):
        ts = []
        for _ in range(50):
            t0 = time.perf_counter()
            f()
            ts.append(time.perf_counter() - t0)
        return float(np.median(ts))

    return {
        "nEval": fits[-1][1],
        "evalMedian": float(np.median([f[2] for f in fits])),
        "inEvalShare": float(np.median([f[3] / f[0] for f in fits])),
        "gemv": med(lambda: X @ w),
        "gemvT": med(lambda: X.T @ r),
    }


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
        "profile": profile(X, y, make, 5),
    }))


if __name__ == "__main__":
    main()
