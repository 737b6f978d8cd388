"""Freeze scikit-learn 1.2.1 model-selection results for @fpml/level2-classical's model-selection tests.

What is frozen (everything deterministic: no shuffling, so no NumPy RNG is involved):
- folds: the test indices of check_cv(cv, y, classifier) on iris/wine/breast cancer (StratifiedKFold)
  and diabetes (KFold), for several k (train = the complement);
- crossValScore: cross_val_score of deterministic estimators on iris, wine, breast cancer and diabetes
  for many scoring names and cv forms (integer, an explicit KFold on a classifier);
- crossValidate: one case with return_train_score;
- crossValPredict: predict and predict_proba (incl. folds whose training part misses a class);
- parameterGrid: list(ParameterGrid(g)) and g[i] for every i;
- gridSearch: cv_results_ (split/mean/std/rank of test and train scores), best_index_, best_params_,
  best_score_ and the refitted best estimator's predictions, for a grid with many exact ties;
- learningCurve: train_sizes_abs for many train_sizes / n / cv, and the scores of two estimators;
- validationCurve: train and test scores over a param range;
- permutationTestScore: the unpermuted score (the permutations use NumPy's RNG: not comparable).

Estimators are named by spec so the TypeScript test can build the same model:
  DummyClassifier / DummyRegressor (core), NearestCentroid (euclidean; the test defines a tiny
  one), Pipeline[StandardScaler,Ridge] (core's StandardScaler + a tiny closed-form Ridge in the
  test; sklearn's Ridge uses the Cholesky solver here), and cases for the other helpers' estimators
  (Ridge, KNeighborsClassifier, GaussianNB), used by the tests once those estimators exist.

Datasets come from scikit-learn's bundled copies (the files @fpml/datasets ships): iris, wine,
breast cancer, diabetes with scaled=False (fpml's loadDiabetes is raw).

Output: packages/level2-classical/src/model-selection/__fixtures__/model-selection.json
Run: OMP_NUM_THREADS=1 /usr/bin/python3 scripts/oracles/freeze_model_selection.py
"""
import json
import os
import platform
import sys

import numpy as np
import scipy
import sklearn
from sklearn.base import is_classifier
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris, load_wine
from sklearn.dummy import DummyClassifier, DummyRegressor
from sklearn.linear_model import Ridge
from sklearn.model_selection import (GridSearchCV, KFold, ParameterGrid, StratifiedKFold, check_cv,
                                     cross_val_predict, cross_val_score, cross_validate, learning_curve,
                                     permutation_test_score, validation_curve)
from sklearn.model_selection._validation import _translate_train_sizes
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier, NearestCentroid
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "packages/level2-classical/src/model-selection/__fixtures__/model-selection.json")


def tolist(v):
    if isinstance(v, np.ndarray):
        return [tolist(x) for x in v.tolist()] if v.dtype == object else v.tolist()
    if isinstance(v, (np.floating, np.integer)):
        return v.item()
    if isinstance(v, np.bool_):
        return bool(v)
    if isinstance(v, dict):
        return {k: tolist(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [tolist(x) for x in v]
    return v


iris, wine, cancer = load_iris(), load_wine(), load_breast_cancer()
diabetes = load_diabetes(scaled=False)
# 15 rows sorted by class (5 of each): unshuffled KFold(3) trains every fold without one class
sorted3_X = np.arange(30, dtype=float).reshape(15, 2)
sorted3_y = np.repeat([0, 1, 2], 5)
# imbalanced 3-class labels for the tie-heavy grid (classes 0: 12, 1: 9, 2: 6), shuffled deterministically
tie_y = np.array([0, 1, 2, 0, 1, 0, 2, 0, 1, 0, 0, 1, 2, 0, 1, 0, 2, 1, 0, 0, 1, 2, 0, 1, 2, 1, 0])
tie_X = np.column_stack([np.arange(27, dtype=float), (np.arange(27) % 5).astype(float)])
DATA = {
    "iris": (iris.data, iris.target),
    "wine": (wine.data, wine.target),
    "breast_cancer": (cancer.data, cancer.target),
    "diabetes": (diabetes.data, diabetes.target),
    "sorted3": (sorted3_X, sorted3_y),
    "tie": (tie_X, tie_y),
}


def make(spec):
    name, params = spec["name"], dict(spec.get("params", {}))
    if name == "DummyClassifier":
        return DummyClassifier(**params)
    if name == "DummyRegressor":
        return DummyRegressor(**params)
    if name == "NearestCentroid":
        return NearestCentroid()
    if name == "Pipeline[StandardScaler,Ridge]":
        return Pipeline([("scale", StandardScaler()), ("ridge", Ridge(**params))])
    if name == "Ridge":
        return Ridge(**params)
    if name == "KNeighborsClassifier":
        return KNeighborsClassifier(**params)
    if name == "GaussianNB":
        return GaussianNB(**params)
    if name == "DecisionTreeClassifier":
        return DecisionTreeClassifier(**params)
    if name == "DecisionTreeRegressor":
        return DecisionTreeRegressor(**params)
    raise ValueError(name)


def make_cv(cv):
    if isinstance(cv, int):
        return cv
    if cv["splitter"] == "KFold":
        return KFold(n_splits=cv["nSplits"])
    if cv["splitter"] == "StratifiedKFold":
        return StratifiedKFold(n_splits=cv["nSplits"])
    raise ValueError(cv)


# ------------------------------------------------------------------ folds
folds = []
for data, k in [("iris", 5), ("iris", 10), ("wine", 5), ("wine", 3), ("breast_cancer", 5), ("diabetes", 5), ("diabetes", 7), ("tie", 3)]:
    X, y = DATA[data]
    classifier = data != "diabetes"
    cv = check_cv(k, y, classifier=classifier)
    folds.append({"data": data, "cv": k, "classifier": classifier, "splitter": type(cv).__name__,
                  "testIndex": [te for _, te in cv.split(X, y)]})

# GroupKFold: <= 16 groups with equal sizes (NumPy's argsort is a stable insertion sort there),
# and > 16 groups of distinct sizes (no ties, so the sort kernel does not matter)
group_cases = []
g_small = np.array([3, 1, 1, 2, 2, 2, 0, 0, 5, 5, 4, 4, 4, 4, 6, 7, 7, 3, 1, 9, 8, 8])
g_str = np.array(["b", "a", "c", "a", "d", "b", "e", "a", "c", "c", "f", "e"])
g_big = np.concatenate([np.full(i + 1, i) for i in range(20)])[np.r_[np.arange(0, 210, 2), np.arange(1, 210, 2)]]
for groups, k in [(g_small, 3), (g_small, 5), (g_str, 2), (g_str, 4), (g_big, 4), (g_big, 7)]:
    from sklearn.model_selection import GroupKFold
    Xg = np.zeros((len(groups), 1))
    group_cases.append({"groups": groups, "nSplits": k, "testIndex": [te for _, te in GroupKFold(n_splits=k).split(Xg, None, groups)]})

# ------------------------------------------------------------------ numpy reductions (np-stats.ts)
from scipy.stats import rankdata
NP_SEED = 7  # numpy seed of the random arrays below
nrng = np.random.RandomState(NP_SEED)
np_stats = []
for n in [1, 3, 7, 8, 9, 16, 17, 100, 128, 129, 300, 1000]:
    a = nrng.standard_normal(n) * 10.0 ** nrng.uniform(-3, 3, size=n)
    mean = np.average(a)
    ties = np.round(a[: min(n, 40)], 0)  # many exact ties for the ranks
    np_stats.append({"a": a, "sum": np.sum(a), "mean": mean, "std": np.sqrt(np.average((a - mean) ** 2)),
                     "ties": ties, "rankMin": rankdata(-ties, method="min").astype(int)})
linspaces = [{"start": s0, "stop": s1, "num": k, "values": np.linspace(s0, s1, k)}
             for s0, s1, k in [(0.1, 1.0, 5), (0.05, 1.0, 20), (0.0, 1.0, 7), (-3.0, 2.5, 11), (1.0, 1.0, 3), (0.3, 0.7, 1)]]

# ------------------------------------------------------------------ cross_val_score
CLF_SCORINGS = ["accuracy", "balanced_accuracy", "f1_macro", "f1_micro", "f1_weighted", "precision_macro",
                "recall_macro", "precision_weighted", "recall_weighted", "matthews_corrcoef"]
BIN_SCORINGS = ["accuracy", "balanced_accuracy", "f1", "precision", "recall", "matthews_corrcoef", "f1_macro"]
PROBA_MULTI = ["neg_log_loss", "roc_auc_ovr", "roc_auc_ovr_weighted"]
PROBA_BIN = ["neg_log_loss", "roc_auc", "average_precision", "roc_auc_ovr"]
REG_SCORINGS = ["r2", "neg_mean_squared_error", "neg_root_mean_squared_error", "neg_mean_absolute_error",
                "neg_median_absolute_error", "max_error", "explained_variance"]
cvs_cases = []


def cvs(data, spec, cv, scorings):
    X, y = DATA[data]
    for scoring in scorings:
        scores = cross_val_score(make(spec), X, y, cv=make_cv(cv), scoring=scoring)
        cvs_cases.append({"data": data, "estimator": spec, "cv": cv, "scoring": scoring, "scores": scores})


for strategy in ["prior", "most_frequent"]:
    cvs("iris", {"name": "DummyClassifier", "params": {"strategy": strategy}}, 5, [None] + CLF_SCORINGS + (PROBA_MULTI if strategy == "prior" else []))
    cvs("breast_cancer", {"name": "DummyClassifier", "params": {"strategy": strategy}}, 5, BIN_SCORINGS + (PROBA_BIN if strategy == "prior" else []))
cvs("wine", {"name": "DummyClassifier", "params": {"strategy": "prior"}}, {"splitter": "KFold", "nSplits": 4}, [None, "accuracy"])
cvs("iris", {"name": "NearestCentroid"}, 5, [None] + CLF_SCORINGS)
cvs("iris", {"name": "NearestCentroid"}, 10, ["accuracy", "f1_macro"])
cvs("wine", {"name": "NearestCentroid"}, 3, ["accuracy", "balanced_accuracy", "matthews_corrcoef"])
cvs("breast_cancer", {"name": "NearestCentroid"}, 5, BIN_SCORINGS)
cvs("diabetes", {"name": "DummyRegressor", "params": {"strategy": "mean"}}, 5, [None] + REG_SCORINGS)
cvs("diabetes", {"name": "DummyRegressor", "params": {"strategy": "median"}}, 7, REG_SCORINGS)
cvs("diabetes", {"name": "Pipeline[StandardScaler,Ridge]", "params": {"alpha": 1.0}}, 5, [None] + REG_SCORINGS)
cvs("diabetes", {"name": "Pipeline[StandardScaler,Ridge]", "params": {"alpha": 10.0}}, {"splitter": "KFold", "nSplits": 3}, ["r2", "neg_mean_squared_error"])
# for the other helpers' estimators (tests added when they land)
cvs("diabetes", {"name": "Ridge", "params": {"alpha": 1.0}}, 5, [None, "neg_mean_squared_error", "neg_mean_absolute_error"])
cvs("iris", {"name": "KNeighborsClassifier", "params": {"n_neighbors": 5}}, 5, [None, "f1_macro", "neg_log_loss"])
cvs("iris", {"name": "GaussianNB"}, 5, [None, "f1_macro", "neg_log_loss", "roc_auc_ovr"])
cvs("wine", {"name": "GaussianNB"}, 5, [None, "neg_log_loss"])
cvs("breast_cancer", {"name": "GaussianNB"}, 5, [None, "roc_auc", "neg_log_loss", "average_precision"])
# (no trees here: sklearn visits the features in a random order even with max_features=None, and on
# these datasets some depth-3 nodes have exactly tied splits, so the scores depend on random_state)

# ------------------------------------------------------------------ cross_validate (train scores)
X, y = DATA["diabetes"]
cv_out = cross_validate(make({"name": "Pipeline[StandardScaler,Ridge]", "params": {"alpha": 1.0}}), X, y, cv=5,
                        scoring=["r2", "neg_mean_squared_error"], return_train_score=True)
cross_validate_cases = [{
    "data": "diabetes", "estimator": {"name": "Pipeline[StandardScaler,Ridge]", "params": {"alpha": 1.0}}, "cv": 5,
    "scoring": ["r2", "neg_mean_squared_error"],
    "testScores": {k: cv_out["test_" + k] for k in ["r2", "neg_mean_squared_error"]},
    "trainScores": {k: cv_out["train_" + k] for k in ["r2", "neg_mean_squared_error"]},
}]

# ------------------------------------------------------------------ cross_val_predict
cvp = []
for data, spec, cv, method in [
    ("iris", {"name": "NearestCentroid"}, 5, "predict"),
    ("diabetes", {"name": "Pipeline[StandardScaler,Ridge]", "params": {"alpha": 1.0}}, 5, "predict"),
    ("sorted3", {"name": "DummyClassifier", "params": {"strategy": "prior"}}, {"splitter": "KFold", "nSplits": 3}, "predict_proba"),
    ("iris", {"name": "DummyClassifier", "params": {"strategy": "prior"}}, 5, "predict_proba"),
    ("iris", {"name": "GaussianNB"}, 5, "predict_proba"),
]:
    X, y = DATA[data]
    cvp.append({"data": data, "estimator": spec, "cv": cv, "method": method,
                "predictions": cross_val_predict(make(spec), X, y, cv=make_cv(cv), method=method)})

# ------------------------------------------------------------------ ParameterGrid
grids = [
    {"b": [1, 2], "a": [True, False], "C": ["x", "y", "z"]},
    [{"kernel": ["linear"], "C": [1, 10]}, {"kernel": ["rbf"], "gamma": [0.1, 1.0], "C": [1, 10, 100]}],
    {},
    [{}, {"alpha": [0.5]}],
    {"z": [None, 3], "alpha": [1e-3, 1e-2, 1e-1, 1.0], "Zeta": ["p"], "_under": [0, 1]},
]
param_grid = []
for g in grids:
    pg = ParameterGrid(g)
    param_grid.append({"grid": g, "expanded": list(pg), "byIndex": [pg[i] for i in range(len(pg))], "length": len(pg)})


# ------------------------------------------------------------------ GridSearchCV
def results_of(search, n_splits, train):
    r = search.cv_results_
    out = {
        "params": r["params"],
        "splitTestScores": [r["split%d_test_score" % k] for k in range(n_splits)],
        "meanTestScore": r["mean_test_score"], "stdTestScore": r["std_test_score"], "rankTestScore": r["rank_test_score"],
        "paramValues": {k[len("param_"):]: [None if m else v for v, m in zip(np.asarray(r[k].data, dtype=object), np.ma.getmaskarray(r[k]))]
                        for k in r if k.startswith("param_")},
    }
    if train:
        out["splitTrainScores"] = [r["split%d_train_score" % k] for k in range(n_splits)]
        out["meanTrainScore"] = r["mean_train_score"]
        out["stdTrainScore"] = r["std_train_score"]
    return out


searches = []
for data, spec, grid, cv, scoring, train in [
    ("tie", {"name": "DummyClassifier"}, {"strategy": ["most_frequent", "prior", "constant"], "constant": [0, 1, 2]}, 3, None, True),
    ("tie", {"name": "DummyClassifier"}, [{"strategy": ["constant"], "constant": [2, 1, 0]}, {"strategy": ["prior", "most_frequent"]}], 3, "f1_macro", False),
    ("diabetes", {"name": "Pipeline[StandardScaler,Ridge]"}, {"ridge__alpha": [0.01, 0.1, 1.0, 10.0, 100.0, 1000.0]}, 5, "neg_mean_squared_error", True),
    ("iris", {"name": "NearestCentroid"}, {}, 5, "accuracy", False),
    ("iris", {"name": "KNeighborsClassifier"}, {"n_neighbors": [1, 3, 5, 7, 9, 11], "weights": ["uniform", "distance"]}, 5, "accuracy", True),
    ("wine", {"name": "GaussianNB"}, {"var_smoothing": [1e-9, 1e-6, 1e-3, 1e-1]}, 5, "neg_log_loss", False),
]:
    X, y = DATA[data]
    s = GridSearchCV(make(spec), grid, cv=make_cv(cv), scoring=scoring, return_train_score=train).fit(X, y)
    n_splits = s.n_splits_
    best_pred = s.predict(X[:10])
    searches.append({"data": data, "estimator": spec, "paramGrid": grid, "cv": cv, "scoring": scoring, "returnTrainScore": train,
                     "nSplits": n_splits, "cvResults": results_of(s, n_splits, train), "bestIndex": s.best_index_,
                     "bestParams": s.best_params_, "bestScore": s.best_score_, "bestPredictFirst10": best_pred})

# ------------------------------------------------------------------ learning_curve
sizes = []
for data, classifier, cv, ts in [
    ("iris", True, 5, None), ("iris", True, 5, [0.33, 0.66, 1.0]), ("iris", True, 3, [0.1, 0.25, 0.5, 0.75, 1.0]),
    ("iris", True, 10, [1, 5, 10, 50, 135]), ("diabetes", False, 5, None), ("diabetes", False, 7, [0.57, 0.29, 0.01, 1.0]),
    ("diabetes", False, 3, [10, 10, 20, 294]), ("wine", True, 4, [0.1, 0.1, 0.2]), ("wine", True, 5, [0.7, 0.3]),
    ("breast_cancer", True, 5, np.linspace(0.05, 1.0, 20)), ("diabetes", False, 5, [0.001, 0.002]),
]:
    X, y = DATA[data]
    est = make({"name": "NearestCentroid"} if classifier else {"name": "DummyRegressor"})
    kwargs = {} if ts is None else {"train_sizes": ts}
    abs_sizes, _, _ = learning_curve(est, X, y, cv=cv, **kwargs)
    is_int = ts is not None and np.asarray(ts).dtype.kind == "i"
    sizes.append({"data": data, "cv": cv, "trainSizes": None if ts is None else list(ts), "trainSizesKind": "absolute" if is_int else "fraction",
                  "nMax": len(next(iter(check_cv(cv, y, classifier=classifier).split(X, y)))[0]),
                  "trainSizesAbs": abs_sizes})
curves = []
for data, spec, cv, ts, scoring in [
    ("diabetes", {"name": "Pipeline[StandardScaler,Ridge]", "params": {"alpha": 1.0}}, 5, None, None),
    ("breast_cancer", {"name": "NearestCentroid"}, 5, [0.1, 0.5, 1.0], "f1"),
    ("tie", {"name": "NearestCentroid"}, 3, [0.3, 0.6, 1.0], "accuracy"),
]:
    X, y = DATA[data]
    abs_sizes, tr, te = learning_curve(make(spec), X, y, cv=cv, scoring=scoring, **({} if ts is None else {"train_sizes": ts}))
    curves.append({"data": data, "estimator": spec, "cv": cv, "trainSizes": ts, "scoring": scoring,
                   "trainSizesAbs": abs_sizes, "trainScores": tr, "testScores": te})

# ------------------------------------------------------------------ validation_curve
vcs = []
for data, spec, name, rng, cv, scoring in [
    ("diabetes", {"name": "Pipeline[StandardScaler,Ridge]"}, "ridge__alpha", [0.01, 1.0, 100.0, 10000.0], 5, "r2"),
    ("tie", {"name": "DummyClassifier", "params": {"strategy": "constant"}}, "constant", [0, 1, 2], 3, "accuracy"),
]:
    X, y = DATA[data]
    tr, te = validation_curve(make(spec), X, y, param_name=name, param_range=rng, cv=cv, scoring=scoring)
    vcs.append({"data": data, "estimator": spec, "paramName": name, "paramRange": rng, "cv": cv, "scoring": scoring,
                "trainScores": tr, "testScores": te})

# ------------------------------------------------------------------ permutation_test_score
perm = []
for data, spec, cv, scoring in [("iris", {"name": "NearestCentroid"}, 5, "accuracy"), ("diabetes", {"name": "Pipeline[StandardScaler,Ridge]", "params": {"alpha": 1.0}}, 5, "r2")]:
    X, y = DATA[data]
    score, _, _ = permutation_test_score(make(spec), X, y, cv=cv, scoring=scoring, n_permutations=10, random_state=0)
    perm.append({"data": data, "estimator": spec, "cv": cv, "scoring": scoring, "score": score})

out = {
    "meta": {
        "script": "scripts/oracles/freeze_model_selection.py",
        "command": "OMP_NUM_THREADS=1 /usr/bin/python3 scripts/oracles/freeze_model_selection.py",
        "python": platform.python_version(),
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "seeds": {"npStats": NP_SEED, "note": "no CV case shuffles; permutation_test_score's permutations (random_state=0) are not frozen"},
        "tolerance": {"abs": 1e-12, "rel": 1e-12},
    },
    "inputs": {"sorted3": {"X": sorted3_X, "y": sorted3_y}, "tie": {"X": tie_X, "y": tie_y}},
    "folds": folds,
    "npStats": np_stats,
    "linspace": linspaces,
    "groupKFold": group_cases,
    "crossValScore": cvs_cases,
    "crossValidate": cross_validate_cases,
    "crossValPredict": cvp,
    "parameterGrid": param_grid,
    "gridSearch": searches,
    "learningCurveSizes": sizes,
    "learningCurve": curves,
    "validationCurve": vcs,
    "permutationTestScore": perm,
}
os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT + ".tmp", "w") as f:
    json.dump(tolist(out), f, allow_nan=False, separators=(",", ":"))
    f.write("\n")
os.replace(OUT + ".tmp", OUT)
print(f"wrote {OUT}: {len(folds)} fold sets, {len(cvs_cases)} cross_val_score cases, {len(searches)} searches, "
      f"{len(sizes)} learning-curve size sets", file=sys.stderr)
