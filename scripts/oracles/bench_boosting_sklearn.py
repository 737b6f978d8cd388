"""Time scikit-learn's gradient boosting on data written by packages/level2-classical/bench/boosting.bench.ts.

Not an oracle: a benchmark peer, run by the bench in the same session so the ratio is measured on
the same machine at the same time, single-threaded (the caller sets OMP_NUM_THREADS=1 and friends;
HistGradientBoosting uses OpenMP, GradientBoosting is single-threaded anyway).

Usage: OMP_NUM_THREADS=1 /usr/bin/python3 scripts/oracles/bench_boosting_sklearn.py X.f64 y.i32 N D REPS_GB REPS_HIST
  X.f64  raw little-endian float64, row-major (N, D); y.i32 raw little-endian int32 labels (N,)
Workloads: GradientBoostingClassifier(n_estimators=100, max_depth=3) and
HistGradientBoostingClassifier(max_iter=100, early_stopping=False), both random_state=0.
Prints one JSON object: {"sklearn", "numpy", "gb": {"median", "times", "cpuMedian", "cpu", "trainAccuracy"}, "hist": {...}}
(wall-clock and process CPU seconds; CPU time is the steadier figure on a shared machine).
"""
import json
import sys
import time

import numpy as np
import sklearn
from sklearn.ensemble import GradientBoostingClassifier, HistGradientBoostingClassifier


def timed(make, X, y, reps, warmup):
    for _ in range(warmup):
        make().fit(X, y)
    times, cpu, model = [], [], None
    for _ in range(reps):
        t0, c0 = time.perf_counter(), time.process_time()
        model = make().fit(X, y)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return {"median": float(np.median(times)), "times": times, "cpuMedian": float(np.median(cpu)), "cpu": cpu, "trainAccuracy": float(model.score(X, y))}


def main():
    xpath, ypath, n, d, reps_gb, reps_hist = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
    X = np.fromfile(xpath, dtype="<f8").reshape(n, d)
    y = np.fromfile(ypath, dtype="<i4")
    out = {
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "gb": timed(lambda: GradientBoostingClassifier(n_estimators=100, max_depth=3, random_state=0), X, y, reps_gb, 0),
        "hist": timed(lambda: HistGradientBoostingClassifier(max_iter=100, early_stopping=False, random_state=0), X, y, reps_hist, 1),
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
