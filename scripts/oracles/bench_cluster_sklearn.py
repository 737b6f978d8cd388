"""Time scikit-learn's KMeans on the W4 workload written by packages/level2-classical/bench/cluster.bench.ts.

Not an oracle: a benchmark peer, run by the bench in the same session so the ratio is measured on
the same machine at the same time. One thread (the caller sets OMP_NUM_THREADS=1 and friends, and
the Lloyd loop runs under threadpool_limits(1)), so it is one core against one core.

Two timings, each the median of REPS runs after one warm-up:
- "fit": KMeans(n_clusters=K, init=<given centers>, n_init=1, max_iter=ITERS, tol=0,
  algorithm='lloyd').fit(X): validation, centring, the Lloyd loop (stops early only on strict
  convergence; n_iter_ is reported so the caller can check it ran ITERS iterations), the final
  assignment pass and the inertia;
- "steps": exactly ITERS calls of the Lloyd kernel lloyd_iter_chunked_dense on the same centred
  data and init (no convergence test at all).

Usage: OMP_NUM_THREADS=1 /usr/bin/python3 scripts/oracles/bench_cluster_sklearn.py X.f64 init.f64 N D K ITERS REPS
  X.f64, init.f64  raw little-endian float64, row-major (N, D) and (K, D)
Prints one JSON object: {"sklearn", "numpy", "fit": {"median", "times", "nIter", "inertia"}, "steps": {"median", "times"}}.
"""
import json
import sys
import time

import numpy as np
import sklearn
from sklearn.cluster import KMeans
from sklearn.cluster._k_means_lloyd import lloyd_iter_chunked_dense
from threadpoolctl import threadpool_limits


def median_time(fn, reps):
    fn()  # warm-up
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return float(np.median(times)), times


def main():
    xpath, ipath = sys.argv[1], sys.argv[2]
    n, d, k, iters, reps = (int(v) for v in sys.argv[3:8])
    X = np.fromfile(xpath, dtype="<f8").reshape(n, d)
    init = np.fromfile(ipath, dtype="<f8").reshape(k, d)
    km = KMeans(n_clusters=k, init=init, n_init=1, max_iter=iters, tol=0, algorithm="lloyd")
    fit_median, fit_times = median_time(lambda: km.fit(X), reps)

    Xc = X - X.mean(axis=0)
    c0 = init - X.mean(axis=0)
    w = np.ones(n)

    def steps():
        centers, new = c0.copy(), np.zeros_like(c0)
        weight, labels, shift = np.zeros(k), np.full(n, -1, dtype=np.int32), np.zeros(k)
        for _ in range(iters):
            lloyd_iter_chunked_dense(Xc, w, centers, new, weight, labels, shift, 1)
            centers, new = new, centers
        return centers

    with threadpool_limits(limits=1):
        steps_median, steps_times = median_time(steps, reps)
    print(json.dumps({
        "sklearn": sklearn.__version__, "numpy": np.__version__,
        "fit": {"median": fit_median, "times": fit_times, "nIter": int(km.n_iter_), "inertia": float(km.inertia_)},
        "steps": {"median": steps_median, "times": steps_times},
    }))


if __name__ == "__main__":
    main()
