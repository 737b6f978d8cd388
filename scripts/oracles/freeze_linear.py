"""Freeze scikit-learn 1.2 linear-model results for @fpml/level2-classical's linear family.

Data: scikit-learn's own loaders (the same files @fpml/datasets ships): diabetes RAW
(load_diabetes(scaled=False), what fpml's loadDiabetes returns), iris, wine, breast cancer,
digits. Where a model needs standardised features ("std"), both sides apply StandardScaler to the
full X; the JSON records checksums of the raw and the standardised X so the tests can confirm
they see the same numbers (no data is copied into the fixture).

Cases
- regression (diabetes raw and std): LinearRegression, Ridge (cholesky and svd), Lasso,
  ElasticNet (incl. positive=True), each fitted twice: with the defaults (tol=1e-4: the test
  compares n_iter_ exactly, i.e. the same iterates) and "tight" (tol=1e-12, max_iter=100000, so
  the optimum is pinned and coef/intercept compare to 1e-8); lasso_path / enet_path on the
  centred std data; Ridge on digits (d=64, X^T X singular); LinearRegression on digits (rank
  deficient: sklearn's minimum-norm coef vs fpml's basic solution, compared through predictions).
- logistic: L2 (C) and penalty='none'; binary (breast cancer std; diabetes std with y > median),
  multinomial (iris raw, wine std, digits std; diabetes tertiles with penalty none), ovr (iris),
  multinomial on a binary problem, fit_intercept=False. The reference optimum is sklearn's
  newton-cg with tol=1e-8 (sklearn's lbfgs stops on scipy's ftol = 2.2e-9 relative decrease,
  about 5e-5 away from the optimum in probability; that figure is frozen too, as "lbfgsDefault").
  The max-norm of sklearn's own gradient (LinearModelLoss) at the frozen optimum is recorded.
- sgd: SGDClassifier / SGDRegressor test-set accuracy / R^2 (test rows: i % 4 == 0, train the
  rest), mean and std over random_state 0..4: fpml's Rng cannot reproduce NumPy's, so only
  these summary figures compare.
- polynomial: PolynomialFeatures powers_, transform and feature names on the first iris rows.

Output: packages/level2-classical/src/linear/__fixtures__/linear.json
Run: OMP_NUM_THREADS=1 /usr/bin/python3 scripts/oracles/freeze_linear.py
"""
import json
import os
import platform
import sys
import warnings

import numpy as np
import scipy
import sklearn
from sklearn._loss.loss import HalfBinomialLoss, HalfMultinomialLoss
from sklearn.datasets import load_breast_cancer, load_diabetes, load_digits, load_iris, load_wine
from sklearn.linear_model import (
    ElasticNet, Lasso, LinearRegression, LogisticRegression, Ridge, SGDClassifier, SGDRegressor, enet_path, lasso_path,
)
from sklearn.linear_model._linear_loss import LinearModelLoss
from sklearn.preprocessing import PolynomialFeatures, StandardScaler

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "packages/level2-classical/src/linear/__fixtures__/linear.json")
SGD_SEEDS = [0, 1, 2, 3, 4]  # random_state of the SGD fits (summary statistics only)
TIGHT = dict(tol=1e-12, max_iter=100000)
DIGITS_PROBA_STRIDE = 10  # digits probabilities frozen for every 10th row (keeps the fixture small)


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


def checksum(X):
    X = np.asarray(X, dtype=np.float64)
    return {"rows": X.shape[0], "cols": X.shape[1] if X.ndim == 2 else 1, "sum": float(X.sum()), "sumSquares": float((X ** 2).sum())}


raw = {
    "diabetes": load_diabetes(return_X_y=True, scaled=False),
    "iris": load_iris(return_X_y=True),
    "wine": load_wine(return_X_y=True),
    "breastCancer": load_breast_cancer(return_X_y=True),
    "digits": load_digits(return_X_y=True),
}
X = {name: np.asarray(Xy[0], dtype=np.float64) for name, Xy in raw.items()}
Y = {name: np.asarray(Xy[1]) for name, Xy in raw.items()}
STD = {name: StandardScaler().fit_transform(X[name]) for name in ["diabetes", "wine", "breastCancer", "digits", "iris"]}


def data_of(key):
    """'diabetes' -> raw X; 'diabetes:std' -> standardised X."""
    name, _, kind = key.partition(":")
    return (STD[name] if kind == "std" else X[name]), name


# ------------------------------------------------------------------ regression
def reg_case(model_name, data, params):
    Xd, name = data_of(data)
    y = np.asarray(Y[name], dtype=np.float64)
    cls = {"LinearRegression": LinearRegression, "Ridge": Ridge, "Lasso": Lasso, "ElasticNet": ElasticNet}[model_name]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        m = cls(**params).fit(Xd, y)
    out = {"model": model_name, "data": data, "params": params, "coef": m.coef_, "intercept": float(m.intercept_),
           "predictHead": m.predict(Xd[:5]), "warnings": len(caught)}
    if hasattr(m, "n_iter_") and m.n_iter_ is not None:
        out["nIter"] = int(m.n_iter_)
    if hasattr(m, "dual_gap_"):
        out["dualGap"] = float(m.dual_gap_)
    if hasattr(m, "rank_"):
        out["rank"] = int(m.rank_)
    return out


regression = []
for data in ["diabetes", "diabetes:std"]:
    regression.append(reg_case("LinearRegression", data, {}))
    regression.append(reg_case("LinearRegression", data, {"fit_intercept": False}))
    for alpha in [0.1, 1.0, 10.0]:
        for solver in ["cholesky", "svd"]:
            regression.append(reg_case("Ridge", data, {"alpha": alpha, "solver": solver}))
    regression.append(reg_case("Ridge", data, {"alpha": 1.0, "fit_intercept": False}))
    lasso_alphas = [0.1, 1.0, 5.0] if data.endswith("std") else [0.05, 0.5, 5.0]
    for alpha in lasso_alphas:
        regression.append(reg_case("Lasso", data, {"alpha": alpha}))
        regression.append(reg_case("Lasso", data, {"alpha": alpha, **TIGHT}))
    regression.append(reg_case("Lasso", data, {"alpha": lasso_alphas[1], "positive": True, **TIGHT}))
    regression.append(reg_case("Lasso", data, {"alpha": lasso_alphas[1], "fit_intercept": False, **TIGHT}))
    for alpha, l1 in [(0.1, 0.5), (1.0, 0.2), (0.5, 0.9)]:
        regression.append(reg_case("ElasticNet", data, {"alpha": alpha, "l1_ratio": l1}))
        regression.append(reg_case("ElasticNet", data, {"alpha": alpha, "l1_ratio": l1, **TIGHT}))
    regression.append(reg_case("ElasticNet", data, {"alpha": 0.5, "l1_ratio": 0.5, "positive": True, **TIGHT}))
regression.append(reg_case("Ridge", "digits", {"alpha": 1.0}))
regression.append(reg_case("Ridge", "digits", {"alpha": 1.0, "solver": "svd"}))

# Rank-deficient least squares on digits (target: the digit as a number).
lr_digits = LinearRegression().fit(X["digits"], Y["digits"].astype(float))
rank_deficient = {
    "data": "digits", "rank": int(lr_digits.rank_), "coefNorm": float(np.linalg.norm(lr_digits.coef_)),
    "predict": lr_digits.predict(X["digits"][:: DIGITS_PROBA_STRIDE]),
    "residualSumSquares": float(((lr_digits.predict(X["digits"]) - Y["digits"]) ** 2).sum()),
}

# Paths on the centred standardised diabetes data (lasso_path does not centre).
Xp = STD["diabetes"] - STD["diabetes"].mean(axis=0)
yp = Y["diabetes"] - Y["diabetes"].mean()
paths = []
for l1 in [1.0, 0.5]:
    fn = lasso_path if l1 == 1.0 else (lambda A, b, **kw: enet_path(A, b, l1_ratio=0.5, **kw))
    for extra in [{}, {"n_alphas": 20, "eps": 1e-2}]:
        alphas, coefs, gaps = fn(Xp, yp, tol=1e-12, max_iter=100000, **extra)
        paths.append({"l1Ratio": l1, "params": extra, "alphas": alphas, "coefs": coefs, "dualGaps": gaps})


# ------------------------------------------------------------------ logistic
def loss_grad_maxnorm(m, Xd, y, K, C):
    """Max-norm of sklearn's own objective gradient (sum of losses + ||w||^2 / (2C)) at m."""
    l2 = 0.0 if C is None else 1.0 / C
    fi = m.fit_intercept
    ones = np.ones(len(y))
    multinomial = m.multi_class == "multinomial" or (m.multi_class == "auto" and K > 2)
    if not multinomial:  # binary, or one binary problem per class (ovr)
        loss = LinearModelLoss(HalfBinomialLoss(), fi)
        targets = [y == 1] if K == 2 else [y == k for k in range(K)]
        norms = []
        for r, t in enumerate(targets):
            w = np.r_[m.coef_[r], m.intercept_[r]] if fi else m.coef_[r]
            norms.append(np.abs(loss.gradient(w, Xd, t.astype(float), ones, l2)).max())
        return float(max(norms))
    if m.coef_.shape[0] != K:
        return None  # multinomial on a binary problem: sklearn keeps only one of the two rows
    loss = LinearModelLoss(HalfMultinomialLoss(n_classes=K), fi)
    w = (np.c_[m.coef_, m.intercept_] if fi else m.coef_).ravel(order="F")
    return float(np.abs(loss.gradient(w, Xd, y.astype(float), ones, l2)).max())


def target_of(name, kind):
    y = Y[name]
    if kind == "median":
        return (y > np.median(y)).astype(int)
    if kind == "tertile":
        return np.digitize(y, np.quantile(y, [1 / 3, 2 / 3]))
    return y


def logit_case(data, target, params):
    Xd, name = data_of(data)
    y = target_of(name, target)
    K = len(np.unique(y))
    penalty = params.get("penalty", "l2")
    C = None if penalty == "none" else params.get("C", 1.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = LogisticRegression(solver="newton-cg", tol=1e-8, max_iter=1000, **params).fit(Xd, y)
        default = LogisticRegression(**params).fit(Xd, y)
    rows = np.arange(0, len(y), DIGITS_PROBA_STRIDE if name == "digits" else 1)
    P = ref.predict_proba(Xd[rows])
    return {
        "data": data, "target": target, "params": params, "nClasses": K, **({"y": y} if target else {}),
        "coef": ref.coef_, "intercept": ref.intercept_, "rows": rows, "proba": P,
        "gradMaxNorm": loss_grad_maxnorm(ref, Xd, y, K, C),
        "lbfgsDefault": {"nIter": int(default.n_iter_.max()), "probaMaxAbsDiff": float(np.abs(default.predict_proba(Xd[rows]) - P).max())},
        "trainAccuracy": float(ref.score(Xd, y)),
    }


logistic = [
    logit_case("breastCancer:std", None, {"C": 1.0}),
    logit_case("breastCancer:std", None, {"C": 0.05}),
    logit_case("breastCancer:std", None, {"C": 1.0, "fit_intercept": False}),
    logit_case("breastCancer:std", None, {"C": 1.0, "multi_class": "multinomial"}),
    logit_case("diabetes:std", "median", {"penalty": "none"}),
    logit_case("iris", None, {"C": 1.0}),
    logit_case("iris", None, {"C": 10.0}),
    logit_case("iris", None, {"C": 1.0, "multi_class": "ovr"}),
    logit_case("wine:std", None, {"C": 1.0}),
    logit_case("wine:std", None, {"C": 0.1, "fit_intercept": False}),
    logit_case("digits:std", None, {"C": 1.0}),
    logit_case("diabetes:std", "tertile", {"penalty": "none"}),
]


# ------------------------------------------------------------------ sgd
def split(n):
    test = np.arange(n) % 4 == 0
    return ~test, test


def sgd_case(cls_name, data, params):
    Xd, name = data_of(data)
    y = Y[name]
    tr, te = split(len(y))
    scores, iters = [], []
    for seed in SGD_SEEDS:
        cls = SGDClassifier if cls_name == "SGDClassifier" else SGDRegressor
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            m = cls(random_state=seed, **params).fit(Xd[tr], y[tr])
        scores.append(m.score(Xd[te], y[te]))
        iters.append(int(m.n_iter_))
    return {"model": cls_name, "data": data, "params": params, "seeds": SGD_SEEDS, "testScores": scores,
            "mean": float(np.mean(scores)), "std": float(np.std(scores)), "nIter": iters}


sgd = [
    sgd_case("SGDClassifier", "breastCancer:std", {}),
    sgd_case("SGDClassifier", "breastCancer:std", {"loss": "log_loss"}),
    sgd_case("SGDClassifier", "breastCancer:std", {"loss": "modified_huber"}),
    sgd_case("SGDClassifier", "breastCancer:std", {"loss": "log_loss", "penalty": "l1", "alpha": 1e-3}),
    sgd_case("SGDClassifier", "breastCancer:std", {"loss": "hinge", "penalty": "elasticnet", "alpha": 1e-3}),
    sgd_case("SGDClassifier", "iris:std", {"loss": "log_loss"}),
    sgd_case("SGDClassifier", "wine:std", {}),
    sgd_case("SGDClassifier", "digits:std", {}),
    sgd_case("SGDClassifier", "breastCancer:std", {"loss": "log_loss", "learning_rate": "constant", "eta0": 0.01}),
    sgd_case("SGDClassifier", "breastCancer:std", {"loss": "log_loss", "learning_rate": "invscaling", "eta0": 0.1}),
    sgd_case("SGDRegressor", "diabetes:std", {}),
    sgd_case("SGDRegressor", "diabetes:std", {"penalty": "l1", "alpha": 0.01}),
    sgd_case("SGDRegressor", "diabetes:std", {"learning_rate": "constant", "eta0": 0.001}),
    sgd_case("SGDRegressor", "diabetes:std", {"learning_rate": "optimal", "alpha": 0.01}),
]

# ------------------------------------------------------------------ polynomial features
Xpoly = X["iris"][:6, :3]
polynomial = []
for params in [{"degree": 2}, {"degree": 3}, {"degree": 2, "interaction_only": True}, {"degree": 3, "include_bias": False},
               {"degree": (2, 3)}, {"degree": (0, 2), "interaction_only": True, "include_bias": False}, {"degree": 1}]:
    pf = PolynomialFeatures(**params).fit(Xpoly)
    polynomial.append({"params": {k: (list(v) if isinstance(v, tuple) else v) for k, v in params.items()},
                       "powers": pf.powers_, "transform": pf.transform(Xpoly),
                       "featureNames": list(pf.get_feature_names_out()), "nOutputFeatures": int(pf.n_output_features_)})

out = {
    "meta": {
        "script": "scripts/oracles/freeze_linear.py",
        "command": "OMP_NUM_THREADS=1 /usr/bin/python3 scripts/oracles/freeze_linear.py",
        "python": platform.python_version(), "sklearn": sklearn.__version__, "numpy": np.__version__, "scipy": scipy.__version__,
        "seeds": {"sgd": SGD_SEEDS},
        "notes": "std = StandardScaler on the full X; logistic optimum = newton-cg tol 1e-8; sgd test rows i % 4 == 0",
        "digitsProbaStride": DIGITS_PROBA_STRIDE,
    },
    "data": {name: {"X": checksum(X[name]), "y": checksum(np.asarray(Y[name], dtype=float)[:, None]),
                    **({"std": checksum(STD[name])} if name in STD else {})} for name in X},
    "regression": regression,
    "rankDeficient": rank_deficient,
    "paths": paths,
    "logistic": logistic,
    "sgd": sgd,
    "polynomial": {"X": Xpoly, "cases": polynomial},
}
os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT + ".tmp", "w") as f:
    json.dump(tolist(out), f, allow_nan=False, separators=(",", ":"))
    f.write("\n")
os.replace(OUT + ".tmp", OUT)
print(f"wrote {OUT}: {len(regression)} regression, {len(paths)} paths, {len(logistic)} logistic, {len(sgd)} sgd, {len(polynomial)} polynomial cases",
      file=sys.stderr)
