"""Freeze scikit-learn 1.2.1 boosting results for @fpml/level2-classical's ensemble tests.

Three fixtures (packages/level2-classical/src/ensemble/__fixtures__/):
- boosting-hist.json: HistGradientBoosting{Regressor,Classifier} (early_stopping=False unless
  stated): bin thresholds of a few features, predictions / probabilities on the training rows,
  n_iter_ and train_score_ where early stopping runs on the training loss (validation_fraction=None,
  so no random split is involved), NaN-injected variants (missing values), a weighted fit, and
  5-fold cross-validation scores on fixed folds (fold ids stored).
- boosting-gb.json: GradientBoosting{Regressor,Classifier}, subsample=1, max_features=None:
  predictions / probabilities on the training rows, train_score_, feature_importances_, and
  staged predictions at a few stages.
- boosting-adaboost.json: AdaBoostClassifier (SAMME and SAMME.R, depth-1 stumps): predictions,
  probabilities, estimator_weights_, estimator_errors_, feature_importances_.

Tie-breaking: sklearn's BestSplitter visits the features in a random order (Fisher-Yates from
random_state) and keeps the first best split, so two features with exactly equal improvement are
chosen by the random state. Every exact-GB and AdaBoost case is refitted with random_state 0..9;
`seedSpread` records, per output, the largest difference to the random_state=0 fit, and
`splitsUnique` whether the predictions (and probabilities, estimator weights) moved by at most
1e-12: then the splits are unique up to ties that do not change the partition (e.g. two features
separating the same rows), and the tests compare to 1e-10. Feature importances can still move
between tied features; their spread says by how much.

Datasets: iris, wine, breast cancer, and diabetes unscaled (load_diabetes(scaled=False)), the
files @fpml/datasets ships; each fixture records sum / sum of squares of X so the tests can check
they loaded the same numbers.

Run: OMP_NUM_THREADS=1 /usr/bin/python3 scripts/oracles/freeze_boosting.py
"""
import json
import os
import platform
import sys
import warnings

import numpy as np
import scipy
import sklearn
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris, load_wine
from sklearn.ensemble import (
    AdaBoostClassifier,
    GradientBoostingClassifier,
    GradientBoostingRegressor,
    HistGradientBoostingClassifier,
    HistGradientBoostingRegressor,
)
from sklearn.model_selection import KFold, StratifiedKFold
from sklearn.tree import DecisionTreeClassifier

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUTDIR = os.path.join(ROOT, "packages/level2-classical/src/ensemble/__fixtures__")
NAN_SEED = 20240611  # np.random.RandomState seed of the NaN mask
FOLD_SEED = 0  # random_state of the (Stratified)KFold shuffles
NAN_FRACTION = 0.05
TIE_SEEDS = list(range(10))


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


def camel(name):
    head, *rest = name.split("_")
    return head + "".join(w.capitalize() for w in rest)


def camel_params(params):
    return {camel(k): v for k, v in params.items()}


DATA = {
    "iris": load_iris(return_X_y=True),
    "wine": load_wine(return_X_y=True),
    "breast_cancer": load_breast_cancer(return_X_y=True),
    "diabetes": load_diabetes(return_X_y=True, scaled=False),
}


def data_meta():
    return {k: {"rows": X.shape[0], "cols": X.shape[1], "sum": float(X.sum()), "sumSquares": float((X ** 2).sum())} for k, (X, _) in DATA.items()}


def nan_mask(name):
    X, _ = DATA[name]
    rng = np.random.RandomState(NAN_SEED)
    return np.flatnonzero(rng.uniform(size=X.size) < NAN_FRACTION)


def with_nan(name):
    X, y = DATA[name]
    Xn = X.copy().ravel()
    Xn[nan_mask(name)] = np.nan
    return Xn.reshape(X.shape), y


def meta(script_note):
    return {
        "script": "scripts/oracles/freeze_boosting.py",
        "command": "OMP_NUM_THREADS=1 /usr/bin/python3 scripts/oracles/freeze_boosting.py",
        "python": platform.python_version(),
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "seeds": {"nanMask": NAN_SEED, "folds": FOLD_SEED, "tieCheck": TIE_SEEDS},
        "note": script_note,
    }


def write(name, obj):
    os.makedirs(OUTDIR, exist_ok=True)
    path = os.path.join(OUTDIR, name)
    with open(path + ".tmp", "w") as f:
        json.dump(tolist(obj), f, allow_nan=False, separators=(",", ":"))
        f.write("\n")
    os.replace(path + ".tmp", path)
    print(f"wrote {path} ({os.path.getsize(path) // 1024} KB)", file=sys.stderr)


# ------------------------------------------------------------------------------------------------
# Histogram gradient boosting
# ------------------------------------------------------------------------------------------------
HIST_CASES = [
    ("reg", "diabetes", {}),
    ("reg", "diabetes", {"max_leaf_nodes": None, "max_depth": 4, "l2_regularization": 1.0, "min_samples_leaf": 10, "learning_rate": 0.2, "max_bins": 32, "max_iter": 60}),
    ("reg", "diabetes", {"early_stopping": True, "validation_fraction": None, "n_iter_no_change": 5, "tol": 10.0, "max_iter": 200}),
    ("clf", "breast_cancer", {}),
    ("clf", "breast_cancer", {"max_bins": 64, "l2_regularization": 0.5, "max_leaf_nodes": 8, "max_iter": 50}),
    ("clf", "breast_cancer", {"early_stopping": True, "validation_fraction": None, "n_iter_no_change": 3, "tol": 1e-3, "max_iter": 200}),
    ("clf", "iris", {"min_samples_leaf": 5}),
    ("clf", "wine", {}),
    ("clf", "wine", {"max_depth": 3, "min_samples_leaf": 8, "learning_rate": 0.3, "max_iter": 40}),
]
HIST_NAN_CASES = [("reg", "diabetes", {}), ("clf", "breast_cancer", {}), ("clf", "wine", {"min_samples_leaf": 8})]
THRESHOLD_FEATURES = {"breast_cancer": [0, 3, 23], "diabetes": [2, 9], "wine": [12]}


def hist_model(kind, params):
    full = {"early_stopping": False, **params}
    return (HistGradientBoostingRegressor if kind == "reg" else HistGradientBoostingClassifier)(**full), full


def hist_outputs(kind, m, X):
    out = {"nIter": m.n_iter_, "trainScore": m.train_score_}
    if kind == "reg":
        out["predict"] = m.predict(X)
    else:
        P = m.predict_proba(X)
        out["proba"] = P[:, 1] if P.shape[1] == 2 else P
        out["predict"] = m.predict(X)
    return out


def hist_case(kind, name, params, nan=False, weights=False):
    X, y = with_nan(name) if nan else DATA[name]
    m, full = hist_model(kind, params)
    sw = (1.0 + np.arange(X.shape[0]) % 3) if weights else None
    m.fit(X, y, sample_weight=sw)
    case = {"kind": kind, "dataset": name, "nan": nan, "weights": "1 + i % 3" if weights else None, "params": camel_params(full)}
    case.update(hist_outputs(kind, m, X))
    if not nan and not weights and name in THRESHOLD_FEATURES and params == {}:
        case["binThresholds"] = {str(j): m._bin_mapper.bin_thresholds_[j] for j in THRESHOLD_FEATURES[name]}
        case["nBinsNonMissing"] = m._bin_mapper.n_bins_non_missing_
    return case


def folds_of(kind, name):
    X, y = DATA[name]
    cv = KFold(5, shuffle=True, random_state=FOLD_SEED) if kind == "reg" else StratifiedKFold(5, shuffle=True, random_state=FOLD_SEED)
    fold = np.empty(X.shape[0], dtype=int)
    for f, (_, test) in enumerate(cv.split(X, y)):
        fold[test] = f
    return fold


def hist_cv(kind, name):
    X, y = DATA[name]
    fold = folds_of(kind, name)
    scores, pred = [], np.empty(X.shape[0])
    for f in range(5):
        tr, te = fold != f, fold == f
        m, _ = hist_model(kind, {})
        m.fit(X[tr], y[tr])
        scores.append(m.score(X[te], y[te]))
        pred[te] = m.predict(X[te])
    return {"kind": kind, "dataset": name, "fold": fold, "scores": scores, "predict": pred}


def freeze_hist():
    cases = [hist_case(k, n, p) for k, n, p in HIST_CASES]
    cases += [hist_case(k, n, p, nan=True) for k, n, p in HIST_NAN_CASES]
    cases.append(hist_case("reg", "diabetes", {}, weights=True))
    cv = [hist_cv("reg", "diabetes"), hist_cv("clf", "breast_cancer"), hist_cv("clf", "wine")]
    nan = {name: nan_mask(name) for _, name, _ in HIST_NAN_CASES}
    write("boosting-hist.json", {
        "meta": meta(f"NaN variants: X.ravel()[mask] = NaN, mask = RandomState(nanMask).uniform(size=X.size) < {NAN_FRACTION}; CV folds: KFold/StratifiedKFold(5, shuffle=True, random_state=folds)"),
        "data": data_meta(), "nanMask": nan, "cases": cases, "cv": cv,
    })


# ------------------------------------------------------------------------------------------------
# Exact gradient boosting
# ------------------------------------------------------------------------------------------------
GB_CASES = [  # (kind, dataset, params, weighted)
    ("reg", "diabetes", {}, False),
    ("reg", "diabetes", {"max_depth": 2, "min_samples_leaf": 5, "n_estimators": 80, "learning_rate": 0.5}, False),
    ("reg", "diabetes", {"init": "zero", "n_estimators": 30}, False),
    ("reg", "diabetes", {"loss": "huber", "alpha": 0.8, "n_estimators": 50, "learning_rate": 0.2}, True),
    ("reg", "diabetes", {"loss": "absolute_error", "n_estimators": 50, "max_depth": 2}, True),
    ("reg", "diabetes", {"loss": "quantile", "alpha": 0.7, "n_estimators": 30, "max_depth": 2}, True),
    ("reg", "diabetes", {"loss": "absolute_error", "n_estimators": 50}, False),
    ("clf", "breast_cancer", {}, True),
    ("clf", "breast_cancer", {"max_depth": 2, "learning_rate": 0.3, "n_estimators": 60, "min_samples_leaf": 3}, True),
    ("clf", "breast_cancer", {}, False),
    ("clf", "iris", {"n_estimators": 50}, False),
    ("clf", "wine", {"n_estimators": 50}, True),
    ("clf", "wine", {"init": "zero", "n_estimators": 20, "max_depth": 2}, False),
    ("clf", "wine", {"n_estimators": 30, "max_leaf_nodes": 6, "max_depth": None}, True),
]
STAGES = [1]  # staged outputs frozen after the first stage (the last stage is the final prediction)


def golden_weights(n):
    """Irregular positive weights, w_i = 1 + frac(i * 0.618...): they break the exact ties of
    improvement that two-valued residuals (first stages, LAD) create between different partitions."""
    return 1 + np.modf(np.arange(n) * 0.6180339887498949)[0]


def gb_fit(kind, name, params, seed, weighted):
    X, y = DATA[name]
    cls = GradientBoostingRegressor if kind == "reg" else GradientBoostingClassifier
    return cls(**params, random_state=seed).fit(X, y, sample_weight=golden_weights(X.shape[0]) if weighted else None)


def rounding_stage(m, params, X, y, sw):
    """First stage (1-based) with a node whose leaf-or-split fate hangs on a rounding residue: a
    node large and shallow enough to split whose impurity is nonzero but below 1e-10 times the
    root's (the cancellation residue of Q/W - (S/W)^2 on a pure node, e.g. all LAD residuals +1),
    and whose rows do not all carry the same (weight, residual) pair (then the sums, hence the
    residue, depend on the summation order, which differs between implementations). sklearn
    splits such a node when the residue is > eps and stops when it is <= eps. None if no stage
    has one."""
    max_depth = params.get("max_depth", 3)
    min_split = max(params.get("min_samples_split", 2), 2 * params.get("min_samples_leaf", 1))
    X32 = X.astype(np.float32)
    raw = m._raw_predict_init(X32)
    y_enc = np.searchsorted(m.classes_, y) if hasattr(m, "classes_") else y
    for stage, row in enumerate(m.estimators_):
        raw_prev = raw.copy()
        for k, est in enumerate(row):
            yk = (y_enc == k).astype(np.float64) if len(row) > 1 else y_enc
            r = m._loss.negative_gradient(yk, raw_prev, k=k, sample_weight=sw)
            t = est.tree_
            depth = np.zeros(t.node_count, dtype=int)
            for node in range(t.node_count):
                for c in (t.children_left[node], t.children_right[node]):
                    if c >= 0:
                        depth[c] = depth[node] + 1
            paths = est.decision_path(X32).tocsc()
            root = abs(t.impurity[0])
            for node in range(t.node_count):
                imp = t.impurity[node]
                shallow = max_depth is None or depth[node] < max_depth
                if not (shallow and t.n_node_samples[node] >= min_split and imp != 0 and abs(imp) <= 1e-10 * root):
                    continue
                rows = paths[:, node].nonzero()[0]
                rows = rows[sw[rows] > 0]
                if len(set(zip(sw[rows].tolist(), r[rows].tolist()))) > 1:
                    return stage + 1
            raw[:, k] += m.learning_rate * est.tree_.value[:, 0, 0][est.apply(X32)]
    return None


def gb_outputs(kind, m, X):
    out = {"trainScore": m.train_score_, "featureImportances": m.feature_importances_}
    if kind == "reg":
        out["predict"] = m.predict(X)
        staged = list(m.staged_predict(X))
        out["staged"] = {str(s): staged[s - 1] for s in STAGES}
    else:
        P = m.predict_proba(X)
        out["proba"] = P[:, 1] if P.shape[1] == 2 else P
        out["predict"] = m.predict(X)
        staged = list(m.staged_predict_proba(X))
        out["staged"] = {str(s): (staged[s - 1][:, 1] if P.shape[1] == 2 else staged[s - 1]) for s in STAGES}
    return out


def spread(outputs):
    """Max abs difference to the random_state=0 outputs, per output key, over the tie-check seeds."""
    out = {}
    for key, ref in outputs[0].items():
        if isinstance(ref, dict):
            vals = [np.max(np.abs(np.asarray(o[key][s]) - np.asarray(ref[s]))) for o in outputs[1:] for s in ref]
        else:
            vals = [np.max(np.abs(np.asarray(o[key], dtype=float) - np.asarray(ref, dtype=float))) if np.shape(o[key]) == np.shape(ref) else np.inf for o in outputs[1:]]
        out[key] = float(max(vals))
    return out


def unique(sp, keys):
    """Splits are unique when the seeds change the predictions by at most rounding (1e-12)."""
    return all(sp[k] <= 1e-12 for k in keys)


def freeze_gb():
    cases = []
    for kind, name, params, weighted in GB_CASES:
        X, _ = DATA[name]
        fits = [gb_fit(kind, name, params, s, weighted) for s in TIE_SEEDS]
        outs = [gb_outputs(kind, m, X) for m in fits]
        sp = spread(outs)
        case = {"kind": kind, "dataset": name, "params": camel_params(params), "weights": "1 + frac(0.6180339887498949 i)" if weighted else None, "seedSpread": sp, "splitsUnique": unique(sp, ["predict", "proba"] if kind == "clf" else ["predict"]), "roundingStage": rounding_stage(fits[0], params, X, DATA[name][1], golden_weights(X.shape[0]) if weighted else np.ones(X.shape[0]))}
        # Without unique splits only the loss curve is kept (for a loose comparison): the outputs
        # depend on sklearn's random feature order, so freezing them would freeze one draw.
        case.update(outs[0] if case["splitsUnique"] else {"trainScore": outs[0]["trainScore"]})
        cases.append(case)
    write("boosting-gb.json", {"meta": meta("outputs from random_state=0; splitsUnique = identical outputs for random_state in tieCheck"), "data": data_meta(), "cases": cases})


# ------------------------------------------------------------------------------------------------
# AdaBoost
# ------------------------------------------------------------------------------------------------
ADA_CASES = [
    ("iris", {"algorithm": "SAMME"}),
    ("iris", {"algorithm": "SAMME.R"}),
    ("wine", {"algorithm": "SAMME", "n_estimators": 30, "learning_rate": 0.5}),
    ("wine", {"algorithm": "SAMME.R", "n_estimators": 30}),
    ("breast_cancer", {"algorithm": "SAMME"}),
    ("breast_cancer", {"algorithm": "SAMME.R", "learning_rate": 0.7}),
]


def ada_outputs(m, X):
    P = m.predict_proba(X)
    return {
        "predict": m.predict(X), "proba": P, "estimatorWeights": m.estimator_weights_, "estimatorErrors": m.estimator_errors_,
        "featureImportances": m.feature_importances_, "nEstimatorsFitted": len(m.estimators_),
        "stagedPredict10": list(m.staged_predict(X))[min(9, len(m.estimators_) - 1)],
    }


def freeze_ada():
    cases = []
    for name, params in ADA_CASES:
        X, y = DATA[name]
        outs = []
        for s in TIE_SEEDS:
            m = AdaBoostClassifier(estimator=DecisionTreeClassifier(max_depth=1), **params, random_state=s).fit(X, y)
            outs.append(ada_outputs(m, X))
        sp = spread(outs)
        case = {"dataset": name, "params": camel_params({"n_estimators": 50, "learning_rate": 1.0, **params}), "seedSpread": sp, "splitsUnique": unique(sp, ["predict", "proba", "estimatorWeights"])}
        case.update(outs[0])
        cases.append(case)
    write("boosting-adaboost.json", {"meta": meta("outputs from random_state=0; splitsUnique = identical outputs for random_state in tieCheck"), "data": data_meta(), "cases": cases})


if __name__ == "__main__":
    warnings.simplefilter("error", FutureWarning)
    which = sys.argv[1:] or ["hist", "gb", "ada"]
    if "hist" in which:
        freeze_hist()
    if "gb" in which:
        freeze_gb()
    if "ada" in which:
        freeze_ada()
