"""Freeze scikit-learn 1.2.1 PCA results for @fpml/level1-math's PCA tests.

Datasets: iris (150 x 4), wine (178 x 13, unscaled) and digits (1797 x 64), from scikit-learn's own
bundled copies (the same files @fpml/datasets ships; each case records a checksum of X so the test
can confirm it loaded the same numbers).

Cases (svd_solver='full' unless stated): several integer n_components, n_components=None (all),
a variance fraction, and whiten=True. For each: the fitted attributes (components_,
explained_variance_, explained_variance_ratio_, singular_values_, mean_, noise_variance_,
n_components_), transform of a probe set (the first rows of X plus a few perturbed rows that were
not in the training data) and inverse_transform of that transform.

Randomized cases (svd_solver='randomized') are frozen too. Their random test matrix comes from
NumPy's Mersenne Twister, which fpml's Rng cannot reproduce, so the tests compare them only where
the randomness has washed out (converged leading singular values, total variance, noise variance).

Output: packages/level1-math/src/decomposition/__fixtures__/pca.json
Run: OMP_NUM_THREADS=1 /usr/bin/python3 scripts/oracles/freeze_pca.py
"""
import json
import os
import platform
import sys

import numpy as np
import scipy
import sklearn
from sklearn.datasets import load_digits, load_iris, load_wine
from sklearn.decomposition import PCA

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "packages/level1-math/src/decomposition/__fixtures__/pca.json")
PROBE_SEED = 20240501  # numpy seed of the perturbation added to the probe rows
RANDOMIZED_SEED = 0  # random_state of the randomized cases
N_PROBE_TRAIN = 8  # first rows of X in the probe set
N_PROBE_NEW = 4  # perturbed rows (not seen in fit)


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


datasets = {"iris": load_iris().data, "wine": load_wine().data, "digits": load_digits().data}
rng = np.random.RandomState(PROBE_SEED)
probes = {}
for name, X in datasets.items():
    new = X[N_PROBE_TRAIN:N_PROBE_TRAIN + N_PROBE_NEW] + rng.normal(scale=X.std(axis=0).mean() * 0.5, size=(N_PROBE_NEW, X.shape[1]))
    probes[name] = np.vstack([X[:N_PROBE_TRAIN], new])

FULL_CASES = [
    ("iris", {"n_components": None}),
    ("iris", {"n_components": 2}),
    ("iris", {"n_components": 0.95}),
    ("iris", {"n_components": 3, "whiten": True}),
    ("wine", {"n_components": None}),
    ("wine", {"n_components": 3}),
    ("wine", {"n_components": 0.9999}),
    ("wine", {"n_components": 5, "whiten": True}),
    ("digits", {"n_components": None}),
    ("digits", {"n_components": 10}),
    ("digits", {"n_components": 0.8}),
    ("digits", {"n_components": 20, "whiten": True}),
]
RANDOMIZED_CASES = [
    ("digits", {"n_components": 10}),
    ("digits", {"n_components": 5, "whiten": True}),
    ("wine", {"n_components": 3}),
]


def freeze(name, params, solver):
    X = datasets[name]
    kw = dict(params, svd_solver=solver)
    if solver == "randomized":
        kw["random_state"] = RANDOMIZED_SEED
    pca = PCA(**kw).fit(X)
    Z = pca.transform(probes[name])
    return {
        "dataset": name,
        "params": {
            "nComponents": params.get("n_components"),
            "whiten": params.get("whiten", False),
            "svdSolver": solver,
            **({"seed": RANDOMIZED_SEED} if solver == "randomized" else {}),
        },
        "nComponents": pca.n_components_,
        "components": pca.components_,
        "explainedVariance": pca.explained_variance_,
        "explainedVarianceRatio": pca.explained_variance_ratio_,
        "singularValues": pca.singular_values_,
        "mean": pca.mean_,
        "noiseVariance": float(pca.noise_variance_),
        "transform": Z,
        "inverseTransform": pca.inverse_transform(Z),
    }


cases = [freeze(name, params, "full") for name, params in FULL_CASES]
randomized = [freeze(name, params, "randomized") for name, params in RANDOMIZED_CASES]
out = {
    "meta": {
        "script": "scripts/oracles/freeze_pca.py",
        "command": "OMP_NUM_THREADS=1 /usr/bin/python3 scripts/oracles/freeze_pca.py",
        "python": platform.python_version(),
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "seeds": {"probe": PROBE_SEED, "randomized": RANDOMIZED_SEED},
        "note": "probe = first N rows of X + N perturbed rows (np.random.RandomState(probe) normal noise)",
    },
    "data": {
        name: {"rows": X.shape[0], "cols": X.shape[1], "sum": float(X.sum()), "sumSquares": float((X ** 2).sum())}
        for name, X in datasets.items()
    },
    "probes": probes,
    "cases": cases,
    "randomized": randomized,
}
os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT + ".tmp", "w") as f:
    json.dump(tolist(out), f, allow_nan=False, separators=(",", ":"))
    f.write("\n")
os.replace(OUT + ".tmp", OUT)
print(f"wrote {OUT}: {len(cases)} full cases, {len(randomized)} randomized", file=sys.stderr)
