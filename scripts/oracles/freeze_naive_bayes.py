"""Freeze scikit-learn 1.2.1 naive Bayes results for @fpml/level2-classical's naive-bayes tests.

Datasets (scikit-learn's bundled copies, the same files @fpml/datasets ships; each records a
checksum of X): iris, wine, breast cancer, digits (the 8x8 pixel counts 0..16).

Split (no randomness): train = rows with even index, queries = rows with odd index (at most
MAX_QUERIES of them, the first ones; MAX_DISCRETE_QUERIES for the discrete models).

GaussianNB cases: defaults on every dataset, priors, var_smoothing, sample_weight (drawn from
np.random.RandomState(WEIGHT_SEED).uniform(0.5, 2.0), rounded to 3 decimals and stored), and partial_fit in three chunks.
For the chunked fits the fixture stores scikit-learn's own chunked result *and* its single fit:
scikit-learn 1.2's partial_fit recomputes epsilon from the current chunk and subtracts the new
epsilon from variances that hold the old one, so its chunked var_ differs from its fit var_
(recorded as maxRelVarDrift); fpml's partialFit is tested against the single fit.

Discrete cases (digits; MultinomialNB also on wine): MultinomialNB (alpha, fit_prior, class_prior,
sample_weight, per-feature alpha, partial_fit), BernoulliNB (binarize), ComplementNB (norm).

Output: packages/level2-classical/src/naive-bayes/__fixtures__/naive_bayes.json
Run: OMP_NUM_THREADS=1 /usr/bin/python3 scripts/oracles/freeze_naive_bayes.py
"""
import json
import os
import platform
import sys

import numpy as np
import scipy
import sklearn
from sklearn.datasets import load_breast_cancer, load_digits, load_iris, load_wine
from sklearn.naive_bayes import BernoulliNB, ComplementNB, GaussianNB, MultinomialNB

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "packages/level2-classical/src/naive-bayes/__fixtures__/naive_bayes.json")
MAX_QUERIES = 50
MAX_DISCRETE_QUERIES = 30
WEIGHT_SEED = 0
CHUNKS = (0.25, 0.6)  # partial_fit chunk boundaries as fractions of the training rows


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


datasets = {
    "iris": load_iris(return_X_y=True),
    "wine": load_wine(return_X_y=True),
    "breastCancer": load_breast_cancer(return_X_y=True),
    "digits": load_digits(return_X_y=True),
}


def split(name):
    X, y = datasets[name]
    tr = np.arange(0, X.shape[0], 2)
    q = np.arange(1, X.shape[0], 2)[:MAX_QUERIES]
    return X[tr], y[tr], X[q]


def weights(n):
    return np.round(np.random.RandomState(WEIGHT_SEED).uniform(0.5, 2.0, size=n), 3)  # 3 decimals: short JSON


def chunk_bounds(n):
    return [0, int(CHUNKS[0] * n), int(CHUNKS[1] * n), n]


def predictions(est, Xq):
    return {
        "predict": est.predict(Xq),
        "predictProba": est.predict_proba(Xq),
        "predictLogProba": est.predict_log_proba(Xq)[:5],
        "predictJointLogProba": est.predict_joint_log_proba(Xq)[:5],
    }


GAUSSIAN_CASES = [
    ("iris", {}, False),
    ("wine", {}, False),
    ("breastCancer", {}, False),
    ("digits", {}, False),
    ("iris", {"priors": [0.2, 0.3, 0.5]}, False),
    ("wine", {"var_smoothing": 1e-3}, False),
    ("breastCancer", {}, True),
]
GAUSSIAN_NAMES = {"priors": "priors", "var_smoothing": "varSmoothing"}


def freeze_gaussian(name, params, weighted):
    Xtr, ytr, Xq = split(name)
    sw = weights(Xtr.shape[0]) if weighted else None
    est = GaussianNB(**params).fit(Xtr, ytr, sample_weight=sw)
    out = {
        "dataset": name,
        "params": {GAUSSIAN_NAMES[k]: v for k, v in params.items()},
        "sampleWeight": sw,
        "theta": est.theta_,
        "var": est.var_,
        "epsilon": est.epsilon_,
        "classPrior": est.class_prior_,
        "classCount": est.class_count_,
    }
    out.update(predictions(est, Xq))
    return out


def freeze_gaussian_chunks(name, params):
    Xtr, ytr, Xq = split(name)
    b = chunk_bounds(Xtr.shape[0])
    chunked = GaussianNB(**params)
    for s, e in zip(b[:-1], b[1:]):
        chunked.partial_fit(Xtr[s:e], ytr[s:e], classes=np.unique(ytr))
    full = GaussianNB(**params).fit(Xtr, ytr)
    drift = np.max(np.abs(chunked.var_ - full.var_) / full.var_)
    return {
        "dataset": name,
        "params": {GAUSSIAN_NAMES[k]: v for k, v in params.items()},
        "bounds": b,
        "fitTheta": full.theta_,
        "fitVar": full.var_,
        "fitPredictProba": full.predict_proba(Xq),
        "maxRelVarDrift": float(drift),
    }


DISCRETE = {"MultinomialNB": MultinomialNB, "BernoulliNB": BernoulliNB, "ComplementNB": ComplementNB}
DISCRETE_NAMES = {"alpha": "alpha", "fit_prior": "fitPrior", "class_prior": "classPrior", "binarize": "binarize", "norm": "norm", "force_alpha": "forceAlpha"}
DISCRETE_CASES = [
    ("MultinomialNB", "digits", {}, False),
    ("MultinomialNB", "digits", {"alpha": 0.01, "fit_prior": False}, False),
    ("MultinomialNB", "digits", {"class_prior": (np.arange(1, 11) / 55.0).tolist()}, False),
    ("MultinomialNB", "digits", {}, True),
    ("MultinomialNB", "digits", {"alpha": (0.5 + 0.25 * (np.arange(64) % 3)).tolist()}, False),
    ("MultinomialNB", "wine", {}, False),
    ("BernoulliNB", "digits", {}, False),
    ("BernoulliNB", "digits", {"binarize": 8.0, "alpha": 0.5}, False),
    ("ComplementNB", "digits", {}, False),
    ("ComplementNB", "digits", {"norm": True}, True),
]


def freeze_discrete(model, name, params, weighted):
    Xtr, ytr, Xq = split(name)
    Xq = Xq[:MAX_DISCRETE_QUERIES]
    sw = weights(Xtr.shape[0]) if weighted else None
    est = DISCRETE[model](force_alpha=False, **params).fit(Xtr, ytr, sample_weight=sw)
    out = {
        "model": model,
        "dataset": name,
        "params": {DISCRETE_NAMES[k]: v for k, v in params.items()},
        "sampleWeight": sw,
        "featureLogProb": est.feature_log_prob_,
        "classLogPrior": est.class_log_prior_,
        "classCount": est.class_count_,
    }
    if model == "MultinomialNB" and not weighted:
        out["featureCount"] = est.feature_count_
    out.update(predictions(est, Xq))
    # chunked partial_fit: counts add up exactly, so scikit-learn's chunked model equals its fit (recorded)
    b = chunk_bounds(Xtr.shape[0])
    chunked = DISCRETE[model](force_alpha=False, **params)
    for s, e in zip(b[:-1], b[1:]):
        chunked.partial_fit(Xtr[s:e], ytr[s:e], classes=np.unique(ytr), sample_weight=None if sw is None else sw[s:e])
    out["bounds"] = b
    out["sklearnChunkedMaxAbsDiff"] = float(np.max(np.abs(chunked.feature_log_prob_ - est.feature_log_prob_)))
    return out


gaussian = [freeze_gaussian(*c) for c in GAUSSIAN_CASES]
gaussian_chunks = [
    freeze_gaussian_chunks("iris", {"var_smoothing": 0.0}),
    freeze_gaussian_chunks("iris", {}),
    freeze_gaussian_chunks("digits", {}),
]
discrete = [freeze_discrete(*c) for c in DISCRETE_CASES]
out = {
    "meta": {
        "script": "scripts/oracles/freeze_naive_bayes.py",
        "command": "OMP_NUM_THREADS=1 /usr/bin/python3 scripts/oracles/freeze_naive_bayes.py",
        "python": platform.python_version(),
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "seeds": {"sampleWeight": WEIGHT_SEED},
        "split": f"train = even rows, queries = odd rows (first {MAX_QUERIES}; {MAX_DISCRETE_QUERIES} for the discrete models); partial_fit chunks at fractions {CHUNKS} of the train rows",
    },
    "data": {
        name: {"rows": X.shape[0], "cols": X.shape[1], "sum": float(X.sum()), "sumSquares": float((X ** 2).sum())}
        for name, (X, _) in datasets.items()
    },
    "gaussian": gaussian,
    "gaussianChunks": gaussian_chunks,
    "discrete": discrete,
}
os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT + ".tmp", "w") as f:
    json.dump(tolist(out), f, allow_nan=False, separators=(",", ":"))
    f.write("\n")
os.replace(OUT + ".tmp", OUT)
print(f"wrote {OUT}: {len(gaussian)} + {len(gaussian_chunks)} GaussianNB and {len(discrete)} discrete cases", file=sys.stderr)
