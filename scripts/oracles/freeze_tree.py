"""Freeze scikit-learn 1.2.1 decision trees and random forests for @fpml/level2-classical's tests.

Data: iris, wine, breast cancer, digits (classification) and diabetes (regression, raw units), from
scikit-learn's bundled copies (the files @fpml/datasets ships). sklearn trees work on float32 X, so
every X here is first rounded to float32 (X.astype(float32).astype(float64)); the tests round the
same way (Math.fround). On such data sklearn's thresholds x[p-1]/2 + x[p]/2 are computed from the
same numbers as fpml's float64 ones, so they can be compared exactly. Each dataset records the sum
of its rounded X so the test can check it loaded the same numbers.

Contents (all fitted on the whole rounded dataset unless stated):
- trees: for several params and random_state values, the full tree_ arrays (children_left/right,
  feature, threshold, impurity, n_node_samples, weighted_n_node_samples, value), max_depth and
  feature_importances_. Optional integer or float sample weights
  (numpy seed WEIGHT_SEED) are stored with the case.
- tiebreak: for random_state 0..N_TIE_STATES-1, the node counts and depths, and the training-set
  prediction of every row on which all those states agree (null where they disagree), so a test
  can check the rows (and datasets) where sklearn's random feature order does not matter.
- ccp: cost_complexity_pruning_path on small problems, and trees refit with ccp_alpha halfway
  between consecutive path points.
- forest_cv: StratifiedKFold(5, shuffle=True, random_state=0) (KFold for diabetes) test-fold id of
  every row, and the per-fold accuracy (R^2) of RandomForest(n_estimators=100, random_state=0),
  plus the OOB score of the same forest on the whole data.
- forest_exact: small forests (few trees) with their per-tree random_state, predict_proba /
  predict on X, oob_score_, oob_decision_function_ / oob_prediction_ and feature_importances_,
  for replaying sklearn's bootstraps and feature draws exactly.
- export_text: sklearn's text rendering of a few tie-free trees, with various options.
- numpy_randint: a few RandomState(seed).randint draws, to check the MT19937 reproduction.

Output: packages/level2-classical/src/tree/__fixtures__/tree.json
Run: OMP_NUM_THREADS=1 /usr/bin/python3 scripts/oracles/freeze_tree.py
"""
import json
import os
import platform

import numpy as np
import scipy
import sklearn
from sklearn.datasets import load_breast_cancer, load_diabetes, load_digits, load_iris, load_wine
from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor
from sklearn.model_selection import KFold, StratifiedKFold
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor, export_text

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "packages/level2-classical/src/tree/__fixtures__/tree.json")
WEIGHT_SEED = 20240601  # numpy seed of the sample weights
N_TIE_STATES = 8  # random_state values 0..7 for the tie-break study
CV_SEED = 0  # shuffle seed of the folds and random_state of the CV forests


def f32(X):
    return X.astype(np.float32).astype(np.float64)


DATA = {
    "iris": load_iris(),
    "wine": load_wine(),
    "breast_cancer": load_breast_cancer(),
    "digits": load_digits(),
    "diabetes": load_diabetes(scaled=False),
}
X_ = {k: f32(v.data) for k, v in DATA.items()}
Y_ = {k: v.target for k, v in DATA.items()}

wrng = np.random.RandomState(WEIGHT_SEED)
WEIGHTS = {
    "iris_int": wrng.randint(0, 4, size=150).astype(np.float64),
    "breast_cancer_float": wrng.uniform(0.1, 2.0, size=569),
    "diabetes_float": wrng.uniform(0.1, 2.0, size=442),
    "wine_float": wrng.uniform(0.5, 1.5, size=178),
}


def tree_arrays(t):
    tr = t.tree_
    return {
        "node_count": int(tr.node_count),
        "max_depth": int(tr.max_depth),
        "children_left": tr.children_left.tolist(),
        "children_right": tr.children_right.tolist(),
        "feature": tr.feature.tolist(),
        "threshold": tr.threshold.tolist(),
        "impurity": tr.impurity.tolist(),
        "n_node_samples": tr.n_node_samples.tolist(),
        "weighted_n_node_samples": tr.weighted_n_node_samples.tolist(),
        "value": tr.value.reshape(tr.node_count, -1).tolist(),
    }


def make_tree(kind, params, rs):
    cls = DecisionTreeClassifier if kind == "clf" else DecisionTreeRegressor
    return cls(random_state=rs, **params)


TREE_CASES = []  # (dataset, kind, params, random_states, weights)
# random_state changes sklearn's feature order: three states where features are subsampled, two
# (ties only) elsewhere
for ds in ["iris", "wine", "breast_cancer"]:
    for params in [{}, {"criterion": "entropy"}, {"max_depth": 3}, {"min_samples_leaf": 5, "min_samples_split": 12},
                   {"max_leaf_nodes": 6}, {"min_impurity_decrease": 0.01}]:
        TREE_CASES.append((ds, "clf", params, [0, 1], None))
    for params in [{"max_features": "sqrt"}, {"max_features": 2, "criterion": "entropy", "max_depth": 4}]:
        TREE_CASES.append((ds, "clf", params, [0, 1, 2], None))
for params in [{}, {"max_depth": 4}, {"max_leaf_nodes": 12}, {"criterion": "entropy", "max_depth": 5}]:
    TREE_CASES.append(("digits", "clf", params, [0], None))
TREE_CASES.append(("digits", "clf", {"max_features": "sqrt", "max_depth": 8}, [0, 1], None))
for params in [{"max_depth": 5}, {"min_samples_leaf": 8}, {"criterion": "friedman_mse", "max_depth": 6},
               {"max_leaf_nodes": 20}, {"max_depth": 4, "min_impurity_decrease": 50.0}]:
    TREE_CASES.append(("diabetes", "reg", params, [0], None))
TREE_CASES.append(("diabetes", "reg", {"max_features": 0.5, "max_depth": 5}, [0, 1, 2], None))
TREE_CASES.append(("iris", "clf", {}, [0, 1, 2], "iris_int"))
TREE_CASES.append(("breast_cancer", "clf", {"max_depth": 4}, [0, 1], "breast_cancer_float"))
TREE_CASES.append(("wine", "clf", {"min_weight_fraction_leaf": 0.05}, [0, 1], "wine_float"))
TREE_CASES.append(("diabetes", "reg", {"max_depth": 4}, [0, 1], "diabetes_float"))
TREE_CASES.append(("diabetes", "reg", {"criterion": "friedman_mse", "max_depth": 3, "min_samples_leaf": 5}, [0], "diabetes_float"))


def freeze_trees():
    out = []
    for ds, kind, params, states, wname in TREE_CASES:
        X, y = X_[ds], Y_[ds]
        w = None if wname is None else WEIGHTS[wname]
        for rs in states:
            t = make_tree(kind, params, rs).fit(X, y, sample_weight=w)
            out.append({
                "dataset": ds, "kind": kind, "params": params, "random_state": rs, "weights": wname,
                "tree": tree_arrays(t),
                "feature_importances": t.feature_importances_.tolist(),
                "max_features_": int(t.max_features_),
            })
    return out


TIE_CASES = [(ds, "clf", p) for ds in ["iris", "wine", "breast_cancer", "digits"] for p in [{}, {"max_depth": 3}, {"criterion": "entropy"}]]
TIE_CASES += [("diabetes", "reg", {"max_depth": 5}), ("diabetes", "reg", {"min_samples_leaf": 3}), ("diabetes", "reg", {})]


def freeze_tiebreak():
    out = []
    for ds, kind, params in TIE_CASES:
        X, y = X_[ds], Y_[ds]
        preds, counts, depths = [], [], []
        for rs in range(N_TIE_STATES):
            t = make_tree(kind, params, rs).fit(X, y)
            preds.append(t.predict(X).tolist())
            counts.append(int(t.tree_.node_count))
            depths.append(int(t.tree_.max_depth))
        P = np.array(preds)
        agree = np.all(P == P[0], axis=0)
        agreed = [float(v) if ok else None for v, ok in zip(P[0], agree)]
        out.append({"dataset": ds, "kind": kind, "params": params, "n_states": N_TIE_STATES, "agreed_predict": agreed,
                    "node_count": counts, "max_depth": depths})
    return out


def freeze_ccp():
    out = []
    for ds, kind, params in [("iris", "clf", {}), ("breast_cancer", "clf", {}), ("wine", "clf", {"criterion": "entropy"}),
                             ("diabetes", "reg", {"min_samples_leaf": 5})]:
        X, y = X_[ds], Y_[ds]
        base = make_tree(kind, params, 0)
        path = base.cost_complexity_pruning_path(X, y)
        alphas = path.ccp_alphas
        # refit between path points (a path point itself sits on the stop-or-prune boundary)
        picks = sorted({len(alphas) // 4, len(alphas) // 2, (3 * len(alphas)) // 4})
        refits = []
        for k in picks:
            a = float((alphas[k] + alphas[k + 1]) / 2)
            t = make_tree(kind, dict(params, ccp_alpha=a), 0).fit(X, y)
            refits.append({"ccp_alpha": a, "tree": tree_arrays(t), "predict": t.predict(X).tolist()})
        out.append({"dataset": ds, "kind": kind, "params": params, "random_state": 0,
                    "ccp_alphas": alphas.tolist(), "impurities": path.impurities.tolist(), "refits": refits})
    return out


def freeze_forest_cv():
    out = []
    for ds in ["iris", "wine", "breast_cancer", "digits", "diabetes"]:
        X, y = X_[ds], Y_[ds]
        reg = ds == "diabetes"
        splitter = (KFold if reg else StratifiedKFold)(n_splits=5, shuffle=True, random_state=CV_SEED)
        fold = np.zeros(len(y), dtype=int)
        scores = []
        for f, (tr, te) in enumerate(splitter.split(X, y)):
            fold[te] = f
            Model = RandomForestRegressor if reg else RandomForestClassifier
            m = Model(n_estimators=100, random_state=CV_SEED).fit(X[tr], y[tr])
            scores.append(float(m.score(X[te], y[te])))
        Model = RandomForestRegressor if reg else RandomForestClassifier
        full = Model(n_estimators=100, random_state=CV_SEED, oob_score=True).fit(X, y)
        out.append({"dataset": ds, "kind": "reg" if reg else "clf", "n_estimators": 100, "random_state": CV_SEED,
                    "fold": fold.tolist(), "fold_scores": scores, "oob_score": float(full.oob_score_),
                    "feature_importances": full.feature_importances_.tolist()})
    return out


def freeze_forest_exact():
    out = []
    cases = [("iris", "clf", {"n_estimators": 10}), ("wine", "clf", {"n_estimators": 8, "max_depth": 4, "criterion": "entropy"}),
             ("breast_cancer", "clf", {"n_estimators": 6, "max_samples": 0.5, "max_features": 3}),
             ("diabetes", "reg", {"n_estimators": 6, "max_depth": 5}), ("diabetes", "reg", {"n_estimators": 5, "max_features": "sqrt", "min_samples_leaf": 4})]
    for ds, kind, params in cases:
        X, y = X_[ds], Y_[ds]
        Model = RandomForestClassifier if kind == "clf" else RandomForestRegressor
        m = Model(random_state=0, oob_score=True, **params).fit(X, y)
        rec = {"dataset": ds, "kind": kind, "params": params, "random_state": 0,
               "tree_random_states": [int(e.random_state) for e in m.estimators_],
               "node_counts": [int(e.tree_.node_count) for e in m.estimators_],
               "oob_score": float(m.oob_score_), "feature_importances": m.feature_importances_.tolist()}
        if kind == "clf":
            rec["predict_proba"] = m.predict_proba(X).tolist()
            rec["oob_decision_function"] = m.oob_decision_function_.tolist()
        else:
            rec["predict"] = m.predict(X).tolist()
            rec["oob_prediction"] = m.oob_prediction_.tolist()
        out.append(rec)
    return out


def freeze_export_text():
    out = []
    cases = [("iris", "clf", {}, {"feature_names": list(DATA["iris"].feature_names), "max_depth": 2}),
             ("iris", "clf", {}, {"show_weights": True, "decimals": 3}),
             ("wine", "clf", {"criterion": "entropy", "max_depth": 3}, {"spacing": 2, "feature_names": list(DATA["wine"].feature_names)}),
             ("diabetes", "reg", {"max_depth": 3}, {"decimals": 4})]
    for ds, kind, params, opts in cases:
        t = make_tree(kind, params, 0).fit(X_[ds], Y_[ds])
        out.append({"dataset": ds, "kind": kind, "params": params, "options": opts, "text": export_text(t, **opts)})
    return out


def freeze_randint():
    return {
        "rand_r_seeds": [int(np.random.RandomState(s).randint(0, 0x7FFFFFFF)) for s in range(5)],
        "forest_seeds_0": np.random.RandomState(0).randint(np.iinfo(np.int32).max, size=6).tolist(),
        "randint_7_0_150": np.random.RandomState(7).randint(0, 150, 20).tolist(),
    }


def main():
    data = {
        "script": "scripts/oracles/freeze_tree.py",
        "versions": {"sklearn": sklearn.__version__, "numpy": np.__version__, "scipy": scipy.__version__, "python": platform.python_version()},
        "seeds": {"weights": WEIGHT_SEED, "cv": CV_SEED, "tie_states": N_TIE_STATES},
        "x_sums": {k: float(v.sum()) for k, v in X_.items()},
        "weights": {k: v.tolist() for k, v in WEIGHTS.items()},
        "trees": freeze_trees(),
        "tiebreak": freeze_tiebreak(),
        "ccp": freeze_ccp(),
        "forest_cv": freeze_forest_cv(),
        "forest_exact": freeze_forest_exact(),
        "export_text": freeze_export_text(),
        "numpy_randint": freeze_randint(),
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as fh:
        json.dump(data, fh, separators=(",", ":"))
    print(f"wrote {OUT} ({os.path.getsize(OUT) / 1024:.0f} KB)")


if __name__ == "__main__":
    main()
