"""Frozen scikit-learn figures for level2-classical's `classical-benchmark` experiment.

Every classifier of the benchmark, with the same hyper-parameters the experiment uses, is scored
by 5-fold cross-validation on iris, wine, breast cancer and digits. The folds are
StratifiedKFold(5, shuffle=True, random_state=0); their test indices are frozen too, so the
TypeScript side scores on exactly the same folds (our Rng differs from numpy's, so we reuse the
indices instead of re-drawing them).

Two configurations: "full" (the experiment's defaults) and "quick" (`--quick`: smaller ensembles).

Run:  OMP_NUM_THREADS=1 /usr/bin/python3 scripts/oracles/freeze_classical_benchmark.py
Writes packages/level2-classical/src/experiments/__fixtures__/classical_benchmark_sklearn.json.
Seeds: random_state=0 for the folds and for every randomised estimator.
"""
import json
import os
import platform
import sys
import time

import numpy as np
import sklearn
from sklearn import datasets as skd
from sklearn.ensemble import (AdaBoostClassifier, GradientBoostingClassifier,
                              HistGradientBoostingClassifier, RandomForestClassifier)
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.model_selection import StratifiedKFold
from sklearn.naive_bayes import GaussianNB, MultinomialNB
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeClassifier

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "packages", "level2-classical", "src", "experiments", "__fixtures__",
                   "classical_benchmark_sklearn.json")

# name -> (scaled?, sklearn class, params for full, overrides for quick). Params are sklearn's names;
# the experiment maps them to fpml's camelCase ones one for one.
MODELS = {
    "LogisticRegression": (True, LogisticRegression, {"C": 1.0, "max_iter": 1000}, {}),
    "SGDClassifier": (True, SGDClassifier, {"loss": "hinge", "alpha": 1e-4, "max_iter": 1000, "tol": 1e-3, "random_state": 0}, {}),
    "DecisionTreeClassifier": (False, DecisionTreeClassifier, {"random_state": 0}, {}),
    "RandomForestClassifier": (False, RandomForestClassifier, {"n_estimators": 100, "random_state": 0}, {"n_estimators": 20}),
    "GradientBoostingClassifier": (False, GradientBoostingClassifier, {"n_estimators": 100, "max_depth": 3, "learning_rate": 0.1, "random_state": 0}, {"n_estimators": 20}),
    "HistGradientBoostingClassifier": (False, HistGradientBoostingClassifier, {"max_iter": 100, "early_stopping": False, "random_state": 0}, {"max_iter": 20}),
    "AdaBoostClassifier": (False, AdaBoostClassifier, {"n_estimators": 50, "learning_rate": 1.0, "algorithm": "SAMME.R", "random_state": 0}, {"n_estimators": 20}),
    "SVC": (True, SVC, {"C": 1.0, "kernel": "rbf", "gamma": "scale"}, {}),
    "KNeighborsClassifier": (True, KNeighborsClassifier, {"n_neighbors": 5}, {}),
    "GaussianNB": (False, GaussianNB, {}, {}),
    "MultinomialNB": (False, MultinomialNB, {"alpha": 1.0}, {}),
}

DATASETS = {
    "iris": skd.load_iris,
    "wine": skd.load_wine,
    "breastCancer": skd.load_breast_cancer,
    "digits": skd.load_digits,
}


def make(name, config):
    scaled, cls, params, quick = MODELS[name]
    p = dict(params)
    if config == "quick":
        p.update(quick)
    est = cls(**p)
    return (make_pipeline(StandardScaler(), est) if scaled else est), p, scaled


def main():
    out = {
        "script": "scripts/oracles/freeze_classical_benchmark.py",
        "versions": {"python": platform.python_version(), "numpy": np.__version__, "sklearn": sklearn.__version__},
        "folds": "StratifiedKFold(n_splits=5, shuffle=True, random_state=0)",
        "metric": "accuracy",
        "datasets": {},
        "configs": {},
    }
    folds = {}
    for ds, loader in DATASETS.items():
        b = loader()
        X, y = np.asarray(b.data, dtype=np.float64), np.asarray(b.target)
        skf = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
        tests = [te.tolist() for _, te in skf.split(X, y)]
        folds[ds] = (X, y, list(skf.split(X, y)))
        out["datasets"][ds] = {"shape": list(X.shape), "testFolds": tests}
    for config in ("full", "quick"):
        rows = {}
        for name in MODELS:
            rows[name] = {}
            for ds, (X, y, splits) in folds.items():
                accs, secs = [], 0.0
                for tr, te in splits:
                    est, params, scaled = make(name, config)
                    t0 = time.perf_counter()
                    est.fit(X[tr], y[tr])
                    acc = float((est.predict(X[te]) == y[te]).mean())
                    secs += time.perf_counter() - t0
                    accs.append(acc)
                rows[name][ds] = {
                    "foldAccuracy": accs,
                    "mean": float(np.mean(accs)),
                    "std": float(np.std(accs, ddof=1)),
                    "seconds": secs,
                }
            _, params, scaled = make(name, config)
            rows[name]["params"] = params
            rows[name]["standardized"] = scaled
            print(config, name, {ds: round(rows[name][ds]["mean"], 4) for ds in folds}, file=sys.stderr)
        out["configs"][config] = rows
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(out, f, indent=1)
    print("wrote", OUT, file=sys.stderr)


if __name__ == "__main__":
    main()
