"""Freeze scikit-learn's DummyClassifier / DummyRegressor outputs for fpml's tests.

Deterministic strategies only (prior, most_frequent, constant, uniform's predict_proba; mean,
median, quantile, constant): stratified/uniform draws come from numpy's RNG, which fpml does not
reproduce, so those are tested by their distribution instead.

The Dummy estimators ignore X's values (only its row and column counts matter), so the JSON
stores y, the column count and the row ranges; the tests rebuild X as zeros of that shape.

Run: OMP_NUM_THREADS=1 /usr/bin/python3 scripts/oracles/freeze_dummy.py
Writes scripts/oracles/freeze_dummy.json beside this file.
"""
import csv
import gzip
import json
import os
import sys

import numpy as np
import sklearn
from sklearn.dummy import DummyClassifier, DummyRegressor

DATA = "/work/shared/data/sklearn"
HERE = os.path.dirname(os.path.abspath(__file__))


def load_iris():
    with open(os.path.join(DATA, "iris.csv")) as f:
        rows = list(csv.reader(f))
    names = rows[0][2:]
    y = np.array([int(r[4]) for r in rows[1:]])
    return 4, y, np.array([names[k] for k in y])


def load_diabetes():
    with gzip.open(os.path.join(DATA, "diabetes_target.csv.gz"), "rt") as f:
        y = np.array([float(line) for line in f if line.strip()])
    with gzip.open(os.path.join(DATA, "diabetes_data_raw.csv.gz"), "rt") as f:
        d = len(f.readline().split())
    return d, y


def floats(a):
    return [float(v) for v in np.asarray(a).ravel()]


def labels(a):
    return [v.item() if hasattr(v, "item") else v for v in np.asarray(a).ravel()]


def classifier_cases():
    d, y_int, y_str = load_iris()
    cases = []
    # Full iris (balanced, ties everywhere) and the first 120 rows (50/50/20: a real prior and a
    # most_frequent tie broken towards the smallest class) and a string-labelled variant.
    subsets = [("iris", 0, 150), ("iris[:120]", 0, 120), ("iris[30:130]", 30, 130)]
    configs = [
        {"strategy": "prior"},
        {"strategy": "most_frequent"},
        {"strategy": "uniform"},
        {"strategy": "constant", "constant": 2},
    ]
    for name, lo, hi in subsets:
        for label_kind, y_all in (("int", y_int), ("str", y_str)):
            y = y_all[lo:hi]
            for cfg in configs:
                cfg = dict(cfg)
                if label_kind == "str" and "constant" in cfg:
                    cfg["constant"] = "virginica"
                X = np.zeros((len(y), d))
                m = DummyClassifier(**cfg).fit(X, y)
                # Score on the whole of iris (a different set from the training rows).
                X_all = np.zeros((len(y_all), d))
                case = {
                    "data": name,
                    "labels": label_kind,
                    "params": cfg,
                    "fit_rows": [lo, hi],
                    "classes": labels(m.classes_),
                    "class_prior": floats(m.class_prior_),
                    "proba_row0": floats(m.predict_proba(X[:1])),
                }
                # uniform's predict (hence score) are numpy draws: not reproducible, not frozen.
                if cfg["strategy"] != "uniform":
                    case["predict_row0"] = labels(m.predict(X[:1]))[0]
                    case["score_all"] = float(m.score(X_all, y_all))
                cases.append(case)
    return d, y_int.tolist(), labels(y_str), cases


def regressor_cases():
    d, y = load_diabetes()
    cases = []
    configs = [
        {"strategy": "mean"},
        {"strategy": "median"},
        {"strategy": "quantile", "quantile": 0.0},
        {"strategy": "quantile", "quantile": 0.1},
        {"strategy": "quantile", "quantile": 0.25},
        {"strategy": "quantile", "quantile": 1 / 3},
        {"strategy": "quantile", "quantile": 0.9},
        {"strategy": "quantile", "quantile": 1.0},
        {"strategy": "constant", "constant": 100.5},
    ]
    # Fit on all 442 rows (even n: the median averages two values) and on the first 301 (odd n).
    for lo, hi in ((0, 442), (0, 301)):
        for cfg in configs:
            ytr = y[lo:hi]
            X = np.zeros((len(ytr), d))
            m = DummyRegressor(**cfg).fit(X, ytr)
            Xte = np.zeros((len(y) - hi, d)) if hi < len(y) else X
            yte = y[hi:] if hi < len(y) else ytr
            cases.append({
                "params": cfg,
                "fit_rows": [lo, hi],
                "constant": float(np.ravel(m.constant_)[0]),
                "score_train": float(m.score(X, ytr)),
                "score_rest": float(m.score(Xte, yte)),
            })
    return d, floats(y), cases


def main():
    d_iris, y_iris, y_iris_str, ccases = classifier_cases()
    d_diab, y_diab, rcases = regressor_cases()
    out = {
        "script": "scripts/oracles/freeze_dummy.py",
        "versions": {"python": sys.version.split()[0], "sklearn": sklearn.__version__, "numpy": np.__version__},
        "seeds": "none (deterministic strategies only)",
        "iris": {"n_features": d_iris, "y": y_iris, "y_str": y_iris_str, "classifier": ccases},
        "diabetes": {"n_features": d_diab, "y": y_diab, "regressor": rcases},
    }
    path = os.path.join(HERE, "freeze_dummy.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print(f"wrote {path}: {len(ccases)} classifier and {len(rcases)} regressor cases")


if __name__ == "__main__":
    main()
