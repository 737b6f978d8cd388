"""scikit-learn's figures on Hastie et al.'s problem (ESL eq. 10.2) for the `ensembles` experiment.

make_hastie_10_2(n_samples=12000, random_state=s) for s in 0..4: the first 2000 rows train, the
other 10000 test, as in ESL Fig. 10.2 and scikit-learn's own example. Our data come from core's
Rng, so the comparison is between distributions: mean and std over the five draws.

Run:  OMP_NUM_THREADS=1 /usr/bin/python3 scripts/oracles/freeze_ensembles.py
Writes packages/level2-classical/src/experiments/__fixtures__/ensembles_sklearn.json.
"""
import json, os, platform
import numpy as np
import sklearn
from sklearn.datasets import make_hastie_10_2
from sklearn.ensemble import AdaBoostClassifier, GradientBoostingClassifier
from sklearn.tree import DecisionTreeClassifier

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "packages", "level2-classical", "src", "experiments", "__fixtures__", "ensembles_sklearn.json")
STAGES = 400
MODELS = {
    "single stump": lambda: DecisionTreeClassifier(max_depth=1, random_state=0),
    "deep tree": lambda: DecisionTreeClassifier(random_state=0),
    "AdaBoost SAMME": lambda: AdaBoostClassifier(n_estimators=STAGES, algorithm="SAMME", learning_rate=1.0, random_state=0),
    "AdaBoost SAMME.R": lambda: AdaBoostClassifier(n_estimators=STAGES, algorithm="SAMME.R", learning_rate=1.0, random_state=0),
    "GB stumps, lr 1": lambda: GradientBoostingClassifier(n_estimators=STAGES, max_depth=1, learning_rate=1.0, random_state=0),
    "GB stumps, lr 0.1": lambda: GradientBoostingClassifier(n_estimators=STAGES, max_depth=1, learning_rate=0.1, random_state=0),
    "GB stumps, lr 0.1, subsample 0.5": lambda: GradientBoostingClassifier(n_estimators=STAGES, max_depth=1, learning_rate=0.1, subsample=0.5, random_state=0),
}
errors = {k: [] for k in MODELS}
for s in range(5):
    X, y = make_hastie_10_2(n_samples=12000, random_state=s)
    Xtr, ytr, Xte, yte = X[:2000], y[:2000], X[2000:], y[2000:]
    for name, make in MODELS.items():
        m = make().fit(Xtr, ytr)
        errors[name].append(float(1 - (m.predict(Xte) == yte).mean()))
out = {
    "script": "scripts/oracles/freeze_ensembles.py",
    "versions": {"python": platform.python_version(), "numpy": np.__version__, "sklearn": sklearn.__version__},
    "data": "make_hastie_10_2(n_samples=12000, random_state=s), s = 0..4; train = first 2000, test = last 10000",
    "stages": STAGES,
    "testError": {k: {"perSeed": v, "mean": float(np.mean(v)), "std": float(np.std(v, ddof=1))} for k, v in errors.items()},
}
with open(OUT, "w") as f:
    json.dump(out, f, indent=1)
for k, v in out["testError"].items():
    print(f"{k:35s} {v['mean']:.4f} ± {v['std']:.4f}")
