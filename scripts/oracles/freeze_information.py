"""Oracle values for packages/level1-math/src/information, frozen to JSON.

scipy.stats.entropy (entropy, KL via qk), scipy.special.rel_entr / xlogy (KL and cross-entropy
term by term), scipy.spatial.distance.jensenshannon, sklearn.metrics.mutual_info_score (labels and
contingency tables), and sklearn.feature_selection.mutual_info_regression(discrete_features=False,
n_neighbors=3, random_state=0) on fixed data (the KSG estimator, after sklearn's scaling and its
1e-10-scale noise).

Run:  OMP_NUM_THREADS=1 /usr/bin/python3 scripts/oracles/freeze_information.py
Writes packages/level1-math/src/information/__fixtures__/information.json.
Non-finite numbers are written as the strings "inf", "-inf", "nan".
"""
import json
import os
import sys

import numpy as np
import scipy
import sklearn
from scipy import special, stats
from scipy.spatial.distance import jensenshannon
from sklearn.feature_selection import mutual_info_regression
from sklearn.metrics import mutual_info_score

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "packages", "level1-math", "src", "information", "__fixtures__", "information.json")
SEED = 20240605
BASES = ["e", 2, 10]


def enc(v):
    if isinstance(v, dict):
        return {k: enc(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [enc(x) for x in v]
    if isinstance(v, np.ndarray):
        return enc(v.tolist())
    if isinstance(v, (float, np.floating)):
        v = float(v)
        if np.isnan(v):
            return "nan"
        if np.isinf(v):
            return "inf" if v > 0 else "-inf"
        return v
    if isinstance(v, np.integer):
        return int(v)
    return v


def base_arg(b):
    return None if b == "e" else b


def logb(b):
    return 1.0 if b == "e" else np.log(b)


def main():
    rng = np.random.default_rng(SEED)
    dists = [
        [0.25, 0.25, 0.25, 0.25],
        [0.5, 0.5],
        [1.0, 0.0, 0.0],
        [0.1, 0.2, 0.3, 0.4],
        [0.7, 0.0, 0.2, 0.1],
        (lambda a: a / a.sum())(rng.dirichlet(np.full(50, 0.3))),
        [1e-300, 1 - 1e-300],
    ]
    entropy_cases = []
    for p in dists:
        p = np.asarray(p, dtype=float)
        entropy_cases.append({"p": p, **{f"base_{b}": stats.entropy(p, base=base_arg(b)) for b in BASES}})
    counts = [[3, 0, 7, 10], [1], [2.5, 2.5], [100, 1, 1, 1, 1]]
    counts_cases = [{"counts": c, "entropy": stats.entropy(np.asarray(c, float)), "bits": stats.entropy(np.asarray(c, float), base=2)} for c in counts]

    pairs = [
        ([0.1, 0.2, 0.3, 0.4], [0.25, 0.25, 0.25, 0.25]),
        ([0.5, 0.5, 0.0], [0.2, 0.3, 0.5]),
        ([0.5, 0.5, 0.0], [0.0, 0.5, 0.5]),
        ([1.0, 0.0], [0.0, 1.0]),
        ([0.3, 0.7], [0.3, 0.7]),
    ]
    p50, q50 = rng.dirichlet(np.ones(50)), rng.dirichlet(np.full(50, 2.0))
    pairs.append((p50 / p50.sum(), q50 / q50.sum()))
    pair_cases = []
    for p, q in pairs:
        p, q = np.asarray(p, float), np.asarray(q, float)
        case = {"p": p, "q": q}
        for b in BASES:
            case[f"kl_{b}"] = stats.entropy(p, q, base=base_arg(b))
            case[f"relEntrSum_{b}"] = special.rel_entr(p, q).sum() / logb(b)
            case[f"crossEntropy_{b}"] = -special.xlogy(p, q).sum() / logb(b)
            case[f"jsDistance_{b}"] = jensenshannon(p, q, base=base_arg(b))
        pair_cases.append(case)

    mi_cases = []
    a = rng.integers(0, 4, 300)
    b = (a + rng.integers(0, 2, 300)) % 5
    mi_cases.append({"a": a, "b": b, "mi": mutual_info_score(a, b)})
    c = rng.integers(0, 3, 200)
    d = rng.integers(0, 6, 200)
    mi_cases.append({"a": c, "b": d, "mi": mutual_info_score(c, d)})
    s1 = [["red", "green", "blue"][i] for i in rng.integers(0, 3, 120)]
    s2 = [x if u < 0.7 else "other" for x, u in zip(s1, rng.random(120))]
    mi_cases.append({"a": s1, "b": s2, "mi": mutual_info_score(s1, s2)})
    mi_cases.append({"a": [1, 1, 1], "b": [0, 1, 2], "mi": mutual_info_score([1, 1, 1], [0, 1, 2])})
    tables = [
        [[10, 0, 3], [2, 8, 1], [0, 4, 12]],
        [[5, 5], [5, 5]],
        [[1.5, 0.0], [0.0, 2.5]],
        [[0, 0, 0], [3, 1, 4], [1, 5, 9]],
    ]
    # sklearn casts the marginal products to int64, so for non-integer counts its value is not the
    # MI of the table; H(rows) + H(cols) - H(cells) from scipy.stats.entropy is the reference there.
    table_cases = []
    for t in tables:
        T = np.asarray(t, float)
        integer = bool(np.all(T == np.round(T)))
        ref = stats.entropy(T.sum(axis=1)) + stats.entropy(T.sum(axis=0)) - stats.entropy(T.ravel())
        table_cases.append({"table": t, "integer": integer, "mi": mutual_info_score(None, None, contingency=T), "entropyIdentity": ref})

    # KSG: three continuous features against y, scaled and jittered by sklearn as in its docs.
    n = 400
    z = rng.standard_normal(n)
    X = np.column_stack([
        z + 0.5 * rng.standard_normal(n),
        np.sin(3 * z) + 0.3 * rng.standard_normal(n),
        rng.standard_normal(n) * 5 + 2,
    ])
    y = z + 0.2 * rng.standard_normal(n)
    ksg = {
        "X": X,
        "y": y,
        "nNeighbors": 3,
        "randomState": 0,
        "mi": mutual_info_regression(X, y, discrete_features=False, n_neighbors=3, random_state=0),
        "mi_k6": mutual_info_regression(X, y, discrete_features=False, n_neighbors=6, random_state=0),
    }

    result = {
        "script": "scripts/oracles/freeze_information.py",
        "versions": {"python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__, "sklearn": sklearn.__version__},
        "seed": SEED,
        "entropy": entropy_cases,
        "entropyFromCounts": counts_cases,
        "pairs": pair_cases,
        "mutualInformation": mi_cases,
        "tables": table_cases,
        "ksg": ksg,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(enc(result), f, indent=1)
    print("wrote", OUT)


if __name__ == "__main__":
    main()
