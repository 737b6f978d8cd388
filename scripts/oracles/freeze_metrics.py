"""Freeze scikit-learn metric values (and their inputs) for @fpml/core's metrics tests.

Builds out-of-fold predictions with scikit-learn models on real datasets shipped at
/work/shared/data/sklearn (iris, wine, breast cancer, diabetes) and on synthetic data with tied
scores and absent labels, then evaluates every metric (all averages, curves, options) with
scikit-learn 1.2.1. Expected calibration error has no scikit-learn implementation, so it is
frozen from the numpy reference `ece_reference` below (Guo et al. 2017, eq. 3).

Output: packages/core/src/metrics/__fixtures__/metrics.json with
  meta     : script, library versions, seeds
  datasets : name -> { description, arrays: { name -> list } }
  checks   : [{ dataset, metric, args: [array names], options: {...camelCase}, expected }]
The TypeScript test (oracle.test.ts) calls the fpml metric named `metric` on the named arrays
with `options` and requires agreement to 1e-12 (absolute and relative).

Run: OMP_NUM_THREADS=1 /usr/bin/python3 scripts/oracles/freeze_metrics.py
"""
import json
import os
import platform
import sys

import numpy as np
import scipy
import sklearn
from sklearn import metrics as M
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.model_selection import KFold, StratifiedKFold, cross_val_predict
from sklearn.naive_bayes import GaussianNB
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

DATA = "/work/shared/data/sklearn"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "packages/core/src/metrics/__fixtures__/metrics.json")
CV_SEED = 0
MODEL_SEED = 0
SYNTH_SEED = 20240611


def load_sklearn_csv(name):
    """sklearn's bundled CSV layout: header 'n_samples,n_features,class names...', then rows
    of features followed by the integer class."""
    path = os.path.join(DATA, name)
    with open(path) as f:
        header = f.readline().strip().split(",")
    n, d = int(header[0]), int(header[1])
    names = header[2:]
    raw = np.loadtxt(path, delimiter=",", skiprows=1)
    assert raw.shape == (n, d + 1), (name, raw.shape)
    return raw[:, :d], raw[:, d].astype(int), names


def oof_proba(model, X, y):
    cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=CV_SEED)
    return cross_val_predict(model, X, y, cv=cv, method="predict_proba")


def ece_reference(y_idx, proba, n_bins=15):
    """Top-label ECE with equal-width bins (Guo et al. 2017): bins (m-1)/M < c <= m/M."""
    conf = proba.max(axis=1)
    pred = proba.argmax(axis=1)
    correct = (pred == y_idx).astype(float)
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    bin_of = np.digitize(conf, edges[1:-1], right=True)
    ece = 0.0
    for m in range(n_bins):
        mask = bin_of == m
        if mask.any():
            ece += mask.mean() * abs(correct[mask].mean() - conf[mask].mean())
    return float(ece)


def tolist(v):
    if isinstance(v, np.ndarray):
        return [tolist(x) for x in v] if v.ndim > 1 else [x.item() if hasattr(x, "item") else x for x in v]
    if isinstance(v, (np.floating, np.integer)):
        return v.item()
    if isinstance(v, (list, tuple)):
        return [tolist(x) for x in v]
    if isinstance(v, dict):
        return {k: tolist(x) for k, x in v.items()}
    return v


datasets = {}
checks = []


def add_dataset(name, description, **arrays):
    datasets[name] = {"description": description, "arrays": {k: tolist(np.asarray(v)) for k, v in arrays.items()}}
    return {k: np.asarray(v) for k, v in arrays.items()}


def check(dataset, metric, args, options, expected):
    checks.append({"dataset": dataset, "metric": metric, "args": list(args), "options": tolist(options), "expected": tolist(expected)})


SK_AVG = {"binary": "binary", "macro": "macro", "micro": "micro", "weighted": "weighted", None: None}


def classification_checks(ds, a, classes, binary, pos_labels=()):
    yt, yp = a["yTrue"], a["yPred"]
    check(ds, "accuracy", ["yTrue", "yPred"], {}, M.accuracy_score(yt, yp))
    check(ds, "accuracy", ["yTrue", "yPred"], {"normalize": False}, float(M.accuracy_score(yt, yp, normalize=False)))
    for norm in [None, "true", "pred", "all"]:
        check(ds, "confusionMatrix", ["yTrue", "yPred"], {"normalize": norm}, M.confusion_matrix(yt, yp, normalize=norm).astype(float))
    sub = [classes[-1], classes[0]]
    check(ds, "confusionMatrix", ["yTrue", "yPred"], {"labels": sub}, M.confusion_matrix(yt, yp, labels=sub).astype(float))
    averages = [None, "macro", "micro", "weighted"] + (["binary"] if binary else [])
    for avg in averages:
        for beta in [1.0, 0.5, 2.0]:
            p, r, f, s = M.precision_recall_fscore_support(yt, yp, average=avg, beta=beta, zero_division=0)
            opts = {"average": avg, "beta": beta}
            check(ds, "precisionRecallFscoreSupport", ["yTrue", "yPred"], opts,
                  {"precision": p, "recall": r, "fScore": f, "support": None if s is None else s.astype(float)})
    for pos in pos_labels:
        p, r, f, _ = M.precision_recall_fscore_support(yt, yp, average="binary", pos_label=pos)
        check(ds, "precisionRecallFscoreSupport", ["yTrue", "yPred"], {"average": "binary", "posLabel": tolist(pos)},
              {"precision": p, "recall": r, "fScore": f, "support": None})
    for avg in [None, "macro", "micro"]:
        p, r, f, s = M.precision_recall_fscore_support(yt, yp, average=avg, labels=sub)
        check(ds, "precisionRecallFscoreSupport", ["yTrue", "yPred"], {"average": avg, "labels": tolist(sub)},
              {"precision": p, "recall": r, "fScore": f, "support": None if s is None else s.astype(float)})
    avg = "binary" if binary else "macro"
    check(ds, "precision", ["yTrue", "yPred"], {"average": avg}, M.precision_score(yt, yp, average=avg))
    check(ds, "recall", ["yTrue", "yPred"], {"average": avg}, M.recall_score(yt, yp, average=avg))
    check(ds, "f1", ["yTrue", "yPred"], {"average": avg}, M.f1_score(yt, yp, average=avg))
    check(ds, "f1", ["yTrue", "yPred"], {"average": None}, M.f1_score(yt, yp, average=None))
    check(ds, "fbeta", ["yTrue", "yPred"], {"average": "weighted", "beta": 3.0}, M.fbeta_score(yt, yp, average="weighted", beta=3.0))


def proba_checks(ds, a, classes):
    yt, P = a["yTrue"], a["proba"]
    y_idx = np.searchsorted(classes, yt)
    check(ds, "logLoss", ["yTrue", "proba"], {}, M.log_loss(yt, P))
    check(ds, "logLoss", ["yTrue", "proba"], {"normalize": False}, M.log_loss(yt, P, normalize=False))
    check(ds, "logLoss", ["yTrue", "proba"], {"eps": 1e-15}, M.log_loss(yt, P, eps=1e-15))
    if len(classes) == 2:
        check(ds, "logLoss", ["yTrue", "score"], {}, M.log_loss(yt, a["score"]))
        check(ds, "rocAucScore", ["yTrue", "score"], {}, M.roc_auc_score(yt, a["score"]))
        check(ds, "averagePrecisionScore", ["yTrue", "score"], {"posLabel": tolist(classes[1])},
              M.average_precision_score(yt, a["score"], pos_label=classes[1]))
        for drop in [True, False]:
            fpr, tpr, thr = M.roc_curve(yt, a["score"], pos_label=classes[1], drop_intermediate=drop)
            check(ds, "rocCurve", ["yTrue", "score"], {"posLabel": tolist(classes[1]), "dropIntermediate": drop},
                  {"fpr": fpr, "tpr": tpr, "thresholds": thr})
        pr, rc, thr = M.precision_recall_curve(yt, a["score"], pos_label=classes[1])
        check(ds, "precisionRecallCurve", ["yTrue", "score"], {"posLabel": tolist(classes[1])},
              {"precision": pr, "recall": rc, "thresholds": thr})
        check(ds, "expectedCalibrationError", ["yTrue", "score"], {},
              ece_reference(y_idx, np.column_stack([1 - a["score"], a["score"]])))
    else:
        for avg in ["macro", "weighted", "micro"]:
            check(ds, "rocAucScore", ["yTrue", "proba"], {"average": avg, "multiClass": "ovr"},
                  M.roc_auc_score(yt, P, multi_class="ovr", average=avg))
        # one class against the rest, on the multiclass labels with posLabel
        c = classes[-1]
        s = P[:, -1]
        fpr, tpr, thr = M.roc_curve(yt, s, pos_label=c)
        check(ds, "rocCurve", ["yTrue", "scoreLast"], {"posLabel": tolist(c)}, {"fpr": fpr, "tpr": tpr, "thresholds": thr})
        pr, rc, thr = M.precision_recall_curve(yt, s, pos_label=c)
        check(ds, "precisionRecallCurve", ["yTrue", "scoreLast"], {"posLabel": tolist(c)},
              {"precision": pr, "recall": rc, "thresholds": thr})
        check(ds, "averagePrecisionScore", ["isLast", "scoreLast"], {}, M.average_precision_score(a["isLast"], s))
    for nb in [15, 10]:
        check(ds, "expectedCalibrationError", ["yTrue", "proba"], {"nBins": nb}, ece_reference(y_idx, P, nb))


# ---------------------------------------------------------------- iris: strings, 3 classes
X, y, names = load_sklearn_csv("iris.csv")
classes = np.array(sorted(names))
y_str = np.array(names)[y]
# two sepal features only, so the model makes mistakes worth measuring
P = oof_proba(LogisticRegression(max_iter=1000, random_state=MODEL_SEED), X[:, :2], y_str)
a = add_dataset(
    "iris",
    "iris, sepal length/width only; LogisticRegression(max_iter=1000), 5-fold stratified out-of-fold predict_proba (shuffle, random_state=0); string labels",
    yTrue=y_str, yPred=classes[P.argmax(1)], proba=P, scoreLast=P[:, -1], isLast=(y_str == classes[-1]).astype(int),
)
classification_checks("iris", a, classes, binary=False)
proba_checks("iris", a, classes)

# ---------------------------------------------------------------- wine: ints, GaussianNB (extreme probabilities)
X, y, names = load_sklearn_csv("wine_data.csv")
P = oof_proba(GaussianNB(), X, y)
classes = np.array([0, 1, 2])
a = add_dataset(
    "wine",
    "wine, 13 features; GaussianNB, 5-fold stratified out-of-fold predict_proba (shuffle, random_state=0); labels 0/1/2",
    yTrue=y, yPred=classes[P.argmax(1)], proba=P, scoreLast=P[:, -1], isLast=(y == 2).astype(int),
)
classification_checks("wine", a, classes, binary=False)
proba_checks("wine", a, classes)

# ---------------------------------------------------------------- breast cancer: binary, two models
X, y, names = load_sklearn_csv("breast_cancer.csv")
classes = np.array([0, 1])
for tag, model in [
    ("logreg", make_pipeline(StandardScaler(), LogisticRegression(max_iter=5000, random_state=MODEL_SEED))),
    ("gnb", GaussianNB()),
]:
    P = oof_proba(model, X, y)
    name = f"breast_cancer/{tag}"
    a = add_dataset(
        name,
        f"breast cancer (0 malignant, 1 benign); {model!s}, 5-fold stratified out-of-fold predict_proba (shuffle, random_state=0)",
        yTrue=y, yPred=P.argmax(1), proba=P, score=P[:, 1],
    )
    classification_checks(name, a, classes, binary=True, pos_labels=[0, 1])
    proba_checks(name, a, classes)

# ---------------------------------------------------------------- synthetic: tied scores, labels -1/1
rng = np.random.default_rng(SYNTH_SEED)
n = 300
y = np.where(rng.random(n) < 0.4, 1, -1)
raw = 0.5 + 0.25 * y + rng.normal(0, 0.25, n)
score = np.round(np.clip(raw, 0, 1), 1)  # 11 distinct values: heavy ties
a = add_dataset(
    "synthetic/ties",
    f"synthetic binary labels -1/1 (P(1)=0.4), score = round(clip(0.5 + 0.25 y + N(0, 0.25^2), 0, 1), 1); numpy default_rng({SYNTH_SEED})",
    yTrue=y, yPred=np.where(score >= 0.5, 1, -1), score=score, proba=np.column_stack([1 - score, score]),
)
classification_checks("synthetic/ties", a, np.array([-1, 1]), binary=True, pos_labels=[-1, 1])
proba_checks("synthetic/ties", a, np.array([-1, 1]))
for drop in [True, False]:
    fpr, tpr, thr = M.roc_curve(y, score, drop_intermediate=drop)
    check("synthetic/ties", "rocCurve", ["yTrue", "score"], {"dropIntermediate": drop}, {"fpr": fpr, "tpr": tpr, "thresholds": thr})

# ---------------------------------------------------------------- synthetic: absent labels (zero division)
labs = np.array(["a", "b", "c", "d"])
yt = labs[rng.choice(3, size=60, p=[0.5, 0.3, 0.2])]          # 'd' never true
yp = np.where(rng.random(60) < 0.7, yt, labs[rng.choice([0, 1, 3], size=60)])
yp = np.where(yp == "c", "d", yp)                              # 'c' never predicted
add_dataset("synthetic/absent", "synthetic strings: 'd' never true, 'c' never predicted; numpy default_rng continued", yTrue=yt, yPred=yp)
for zd in [0, 1]:
    for avg in [None, "macro", "micro", "weighted"]:
        p, r, f, s = M.precision_recall_fscore_support(yt, yp, average=avg, zero_division=zd)
        check("synthetic/absent", "precisionRecallFscoreSupport", ["yTrue", "yPred"], {"average": avg, "zeroDivision": zd},
              {"precision": p, "recall": r, "fScore": f, "support": None if s is None else s.astype(float)})
    lab = ["c", "d", "e"]
    p, r, f, s = M.precision_recall_fscore_support(yt, yp, average="weighted", labels=lab, zero_division=zd)
    check("synthetic/absent", "precisionRecallFscoreSupport", ["yTrue", "yPred"], {"average": "weighted", "labels": lab, "zeroDivision": zd},
          {"precision": p, "recall": r, "fScore": f, "support": None})
check("synthetic/absent", "confusionMatrix", ["yTrue", "yPred"], {}, M.confusion_matrix(yt, yp).astype(float))
for norm in ["true", "pred"]:
    check("synthetic/absent", "confusionMatrix", ["yTrue", "yPred"], {"normalize": norm}, M.confusion_matrix(yt, yp, normalize=norm))

# ---------------------------------------------------------------- regression: diabetes (real) + constant targets
raw = np.loadtxt(os.path.join(DATA, "diabetes_data_raw.csv.gz"))
target = np.loadtxt(os.path.join(DATA, "diabetes_target.csv.gz"))
pred = cross_val_predict(make_pipeline(StandardScaler(), Ridge(alpha=1.0)), raw, target, cv=KFold(5, shuffle=True, random_state=CV_SEED))
add_dataset("diabetes", "diabetes (raw features); StandardScaler + Ridge(alpha=1), 5-fold out-of-fold predictions (shuffle, random_state=0)", yTrue=target, yPred=pred)
const = np.full(7, 3.5)
add_dataset("synthetic/constant", "constant target 3.5 with exact and inexact predictions",
            yTrue=const, yExact=const, yOff=const + np.array([0, 0.5, -0.25, 0, 0, 1, 0]))
for ds, yt_name, yp_name in [("diabetes", "yTrue", "yPred"), ("synthetic/constant", "yTrue", "yExact"), ("synthetic/constant", "yTrue", "yOff")]:
    yt_, yp_ = np.asarray(datasets[ds]["arrays"][yt_name]), np.asarray(datasets[ds]["arrays"][yp_name])
    check(ds, "meanSquaredError", [yt_name, yp_name], {}, M.mean_squared_error(yt_, yp_))
    check(ds, "meanSquaredError", [yt_name, yp_name], {"squared": False}, M.mean_squared_error(yt_, yp_, squared=False))
    check(ds, "meanAbsoluteError", [yt_name, yp_name], {}, M.mean_absolute_error(yt_, yp_))
    check(ds, "r2Score", [yt_name, yp_name], {}, M.r2_score(yt_, yp_))

out = {
    "meta": {
        "script": "scripts/oracles/freeze_metrics.py",
        "command": "OMP_NUM_THREADS=1 /usr/bin/python3 scripts/oracles/freeze_metrics.py",
        "python": platform.python_version(),
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "seeds": {"cv": CV_SEED, "model": MODEL_SEED, "synthetic": SYNTH_SEED},
        "tolerance": {"abs": 1e-12, "rel": 1e-12},
    },
    "datasets": datasets,
    "checks": checks,
}
os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT + ".tmp", "w") as f:
    json.dump(out, f, allow_nan=False, separators=(",", ":"))
    f.write("\n")
os.replace(OUT + ".tmp", OUT)
print(f"wrote {OUT}: {len(datasets)} datasets, {len(checks)} checks", file=sys.stderr)
