"""Time scikit-learn's CART and random forest on the W3 data written by
packages/level2-classical/bench/tree.bench.ts.

Not an oracle: a benchmark peer, run by the bench in the same session so the ratio is measured on
the same machine at the same time, single-threaded (n_jobs=1; the caller sets OMP_NUM_THREADS=1).

Usage: OMP_NUM_THREADS=1 /usr/bin/python3 scripts/oracles/bench_tree_sklearn.py X.f64 y.i32 N D TREE_REPS FOREST_REPS
  X.f64  raw little-endian float64, row-major (N, D); y.i32 raw little-endian int32 (N,)
Fits DecisionTreeClassifier(max_depth=10, random_state=0) and
RandomForestClassifier(n_estimators=100, max_depth=10, random_state=0, n_jobs=1) (defaults
otherwise: gini, max_features='sqrt', bootstrap). Prints one JSON object:
{"sklearn", "numpy", "tree": {"median", "times", "cpu_median", "cpu", "node_count"}, "forest": {...}}
(wall-clock seconds from perf_counter, CPU seconds of the process from process_time).
"""
import json
import sys
import time

import numpy as np
import sklearn
from sklearn.ensemble import RandomForestClassifier
from sklearn.tree import DecisionTreeClassifier


def median_time(make, X, y, reps):
    model = make().fit(X, y)  # warm-up
    times, cpu = [], []
    for _ in range(reps):
        t0, c0 = time.perf_counter(), time.process_time()
        model = make().fit(X, y)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return {"median": float(np.median(times)), "times": times, "cpu_median": float(np.median(cpu)), "cpu": cpu}, model


def main():
    xpath, ypath, n, d, tree_reps, forest_reps = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
    X = np.fromfile(xpath, dtype="<f8").reshape(n, d)
    y = np.fromfile(ypath, dtype="<i4")
    tree, t = median_time(lambda: DecisionTreeClassifier(max_depth=10, random_state=0), X, y, tree_reps)
    tree["node_count"] = int(t.tree_.node_count)
    forest, f = median_time(lambda: RandomForestClassifier(n_estimators=100, max_depth=10, random_state=0, n_jobs=1), X, y, forest_reps)
    forest["train_accuracy"] = float(f.score(X, y))
    print(json.dumps({"sklearn": sklearn.__version__, "numpy": np.__version__, "tree": tree, "forest": forest}))


if __name__ == "__main__":
    main()
