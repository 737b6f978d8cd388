"""Freeze scikit-learn 1.2.1 SVC / SVR (libsvm) results for @fpml/level2-classical's SVM tests.

Data (scikit-learn's bundled copies, the same files @fpml/datasets ships):
- iris (150 x 4), wine (178 x 13), breast cancer (569 x 30): standardised with
  StandardScaler().fit_transform on the whole set. The tests reproduce that with core's
  StandardScaler and check it against the sums and sums of squares recorded here (per column),
  so the fixture does not need to carry the standardised matrices.
- diabetes (442 x 10): X standardised the same way; y raw (and standardised for one case).
- synthetic 2-D (binary, 80 points, two overlapping Gaussian blobs, 60/20 imbalance) and a
  synthetic 1-D regression set (60 points, sin(x) + noise): drawn from np.random.RandomState
  (seeds below) and stored in full.

Cases:
- "svc": SVC fits, mostly at tol=1e-8 (the optimum then decides the numbers), a few at the default
  tol=1e-3 and one stopped by max_iter. Each records support_, n_support_, dual_coef_,
  intercept_, _gamma, n_iter_, fit_status_, coef_ (linear kernel), and on the training rows
  predict and decision_function (1-D for two classes; 'ovo' shape for more, plus the 'ovr'
  shape for the first case of each multiclass dataset).
- "probability": SVC(probability=True, random_state=0): probA_, probB_, predict_proba and the
  decision values on the training rows. libsvm draws its CV folds from its own RNG, so the tests
  compare these only loosely (calibration, closeness), never bit for bit.
- "svr": SVR fits: support_, dual_coef_, intercept_, n_iter_, predict on the training rows.
- "cv": 5-fold StratifiedKFold(shuffle=True, random_state=0) test indices for iris, wine, breast
  cancer, digits, and scikit-learn's per-fold accuracy and predictions of the default SVC
  (StandardScaler fitted on the training folds for iris/wine/breast cancer, raw pixels for digits).

Output: packages/level2-classical/src/svm/__fixtures__/svm.json
Run: OMP_NUM_THREADS=1 /usr/bin/python3 scripts/oracles/freeze_svm.py
"""
import json
import os
import platform
import sys

import numpy as np
import scipy
import sklearn
from sklearn.datasets import load_breast_cancer, load_diabetes, load_digits, load_iris, load_wine
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC, SVR

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "packages/level2-classical/src/svm/__fixtures__/svm.json")
SYNTH_SEED = 20240607  # np.random.RandomState of the synthetic 2-D classification set
SYNTH_REG_SEED = 20240608  # ... of the synthetic 1-D regression set
CV_SEED = 0  # StratifiedKFold random_state
PROBA_SEED = 0  # SVC random_state for probability=True
TIGHT = 1e-8


def tolist(v):
    if isinstance(v, np.ndarray):
        return v.tolist()
    if isinstance(v, (np.floating, np.integer)):
        return v.item()
    if isinstance(v, dict):
        return {k: tolist(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [tolist(x) for x in v]
    return v


def standardise(X):
    return StandardScaler().fit_transform(X)


rng = np.random.RandomState(SYNTH_SEED)
synth_X = np.vstack([rng.normal([0.0, 0.0], 1.0, size=(60, 2)), rng.normal([1.8, 1.2], 0.8, size=(20, 2))])
synth_y = np.array([0] * 60 + [1] * 20)
order = rng.permutation(80)
synth_X, synth_y = synth_X[order], synth_y[order]

rng_r = np.random.RandomState(SYNTH_REG_SEED)
sreg_X = np.sort(rng_r.uniform(-3, 3, size=60)).reshape(-1, 1)
sreg_y = np.sin(sreg_X[:, 0]) + rng_r.normal(0, 0.1, size=60)

raw = {
    "iris": load_iris(return_X_y=True),
    "wine": load_wine(return_X_y=True),
    "breast_cancer": load_breast_cancer(return_X_y=True),
    "digits": load_digits(return_X_y=True),
}
diabetes_X, diabetes_y = load_diabetes(return_X_y=True)
clf_data = {name: (standardise(X), y) for name, (X, y) in raw.items() if name != "digits"}
clf_data["synth2d"] = (synth_X, synth_y)
diabetes_Xs = standardise(diabetes_X)
diabetes_ys = (diabetes_y - diabetes_y.mean()) / diabetes_y.std()
reg_data = {
    "diabetes": (diabetes_Xs, diabetes_y),
    "diabetes_ystd": (diabetes_Xs, diabetes_ys),
    "synth1d": (sreg_X, sreg_y),
}

CAMEL = {"C": "C", "kernel": "kernel", "gamma": "gamma", "degree": "degree", "coef0": "coef0", "tol": "tol",
         "shrinking": "shrinking", "max_iter": "maxIter", "class_weight": "classWeight", "epsilon": "epsilon",
         "break_ties": "breakTies"}


def camel(params):
    out = {}
    for k, v in params.items():
        if k == "class_weight" and isinstance(v, dict):
            v = {str(a): b for a, b in v.items()}
        out[CAMEL[k]] = v
    return out


SVC_CASES = [
    ("synth2d", {"kernel": "linear", "C": 1.0, "tol": TIGHT}),
    ("synth2d", {"kernel": "rbf", "C": 10.0, "gamma": 0.5, "tol": TIGHT}),
    ("synth2d", {"kernel": "poly", "C": 1.0, "degree": 3, "coef0": 1.0, "tol": TIGHT}),
    ("synth2d", {"kernel": "sigmoid", "C": 1.0, "gamma": 0.1, "coef0": 0.0, "tol": TIGHT}),
    ("synth2d", {"kernel": "rbf", "C": 1.0}),
    ("synth2d", {"kernel": "rbf", "C": 1.0, "class_weight": "balanced", "tol": TIGHT}),
    ("synth2d", {"kernel": "linear", "C": 0.5, "class_weight": {1: 5.0}, "tol": TIGHT}),
    ("iris", {"kernel": "rbf", "C": 1.0, "tol": TIGHT}),
    ("iris", {"kernel": "linear", "C": 1.0, "tol": TIGHT}),
    ("iris", {"kernel": "poly", "C": 1.0, "degree": 2, "tol": TIGHT}),
    ("iris", {"kernel": "rbf", "C": 1.0}),
    ("iris", {"kernel": "rbf", "C": 10.0, "shrinking": False, "tol": TIGHT}),
    ("iris", {"kernel": "rbf", "C": 1.0, "max_iter": 20}),
    ("wine", {"kernel": "rbf", "C": 1.0, "tol": TIGHT}),
    ("wine", {"kernel": "linear", "C": 0.1, "tol": TIGHT}),
    ("wine", {"kernel": "rbf", "C": 3.0, "gamma": "auto", "tol": TIGHT}),
    ("breast_cancer", {"kernel": "rbf", "C": 1.0, "tol": TIGHT}),
    ("breast_cancer", {"kernel": "linear", "C": 0.1, "tol": TIGHT}),
    ("breast_cancer", {"kernel": "rbf", "C": 10.0}),
]
PROBA_CASES = [
    ("iris", {"kernel": "rbf", "C": 1.0}),
    ("breast_cancer", {"kernel": "rbf", "C": 1.0}),
    ("synth2d", {"kernel": "rbf", "C": 1.0}),
]
SVR_CASES = [
    ("diabetes", {"kernel": "rbf", "C": 100.0, "epsilon": 5.0, "tol": TIGHT}),
    ("diabetes", {"kernel": "linear", "C": 10.0, "epsilon": 1.0, "tol": TIGHT}),
    ("diabetes", {"kernel": "poly", "C": 10.0, "degree": 2, "coef0": 1.0, "epsilon": 2.0, "tol": TIGHT}),
    ("diabetes_ystd", {"kernel": "rbf", "C": 1.0, "epsilon": 0.1}),
    ("synth1d", {"kernel": "rbf", "C": 10.0, "gamma": 1.0, "epsilon": 0.1, "tol": TIGHT}),
    ("synth1d", {"kernel": "rbf", "C": 10.0, "gamma": 1.0, "epsilon": 0.1, "tol": TIGHT, "shrinking": False}),
]


def freeze_svc(name, params, with_ovr):
    X, y = clf_data[name]
    m = SVC(**params).fit(X, y)
    rec = {
        "dataset": name, "params": camel(params),
        "support": m.support_, "nSupport": m.n_support_, "dualCoef": m.dual_coef_, "intercept": m.intercept_,
        "gamma": m._gamma, "nIter": np.atleast_1d(m.n_iter_), "fitStatus": m.fit_status_, "predict": m.predict(X),
    }
    if len(m.classes_) == 2:
        rec["decision"] = m.decision_function(X)  # 1-D, positive for classes_[1]
    else:
        rec["decisionOvo"] = SVC(**params, decision_function_shape="ovo").fit(X, y).decision_function(X)
        if with_ovr:
            rec["decisionOvr"] = m.decision_function(X)
    if params["kernel"] == "linear":
        rec["coef"] = m.coef_
    return rec


def freeze_proba(name, params):
    X, y = clf_data[name]
    m = SVC(**params, probability=True, random_state=PROBA_SEED).fit(X, y)
    return {
        "dataset": name, "params": camel(params), "probA": m.probA_, "probB": m.probB_,
        "proba": m.predict_proba(X), "predict": m.predict(X),
    }


def freeze_svr(name, params):
    X, y = reg_data[name]
    m = SVR(**params).fit(X, y)
    rec = {
        "dataset": name, "params": camel(params), "support": m.support_, "dualCoef": m.dual_coef_[0],
        "intercept": m.intercept_, "gamma": m._gamma, "nIter": int(m.n_iter_), "predict": m.predict(X),
    }
    if params["kernel"] == "linear":
        rec["coef"] = m.coef_[0]
    return rec


def freeze_cv(name):
    X, y = raw[name]
    folds = []
    for train, test in StratifiedKFold(5, shuffle=True, random_state=CV_SEED).split(X, y):
        model = SVC() if name == "digits" else make_pipeline(StandardScaler(), SVC())
        pred = model.fit(X[train], y[train]).predict(X[test])
        folds.append({"test": test, "predict": pred, "accuracy": float((pred == y[test]).mean())})
    return {"dataset": name, "standardise": name != "digits", "folds": folds}


def column_stats(X):
    return {"rows": X.shape[0], "cols": X.shape[1], "colSum": X.sum(axis=0), "colSumSquares": (X ** 2).sum(axis=0)}


out = {
    "meta": {
        "script": "scripts/oracles/freeze_svm.py",
        "command": "OMP_NUM_THREADS=1 /usr/bin/python3 scripts/oracles/freeze_svm.py",
        "python": platform.python_version(),
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "seeds": {"synth2d": SYNTH_SEED, "synth1d": SYNTH_REG_SEED, "cv": CV_SEED, "probability": PROBA_SEED},
        "note": "standardised = StandardScaler().fit_transform on the whole dataset; decision/predict on the training rows",
    },
    "standardised": {name: column_stats(X) for name, (X, _) in clf_data.items() if name != "synth2d"},
    "diabetes": {"X": column_stats(diabetes_Xs), "yMean": diabetes_y.mean(), "yStd": diabetes_y.std()},
    "synth2d": {"X": synth_X, "y": synth_y},
    "synth1d": {"X": sreg_X, "y": sreg_y},
    # the 'ovr' transform of the ovo values is frozen for the first case of each multiclass dataset
    "svc": [freeze_svc(n, p, n not in [m for m, _ in SVC_CASES[:k]]) for k, (n, p) in enumerate(SVC_CASES)],
    "probability": [freeze_proba(n, p) for n, p in PROBA_CASES],
    "svr": [freeze_svr(n, p) for n, p in SVR_CASES],
    "cv": [freeze_cv(n) for n in ["iris", "wine", "breast_cancer", "digits"]],
}
os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT + ".tmp", "w") as f:
    json.dump(tolist(out), f, allow_nan=False, separators=(",", ":"))
    f.write("\n")
os.replace(OUT + ".tmp", OUT)
print(f"wrote {OUT}: {len(out['svc'])} SVC, {len(out['probability'])} probability, {len(out['svr'])} SVR, {len(out['cv'])} CV cases", file=sys.stderr)
