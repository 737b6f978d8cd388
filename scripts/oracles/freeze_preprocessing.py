"""Freeze scikit-learn preprocessing results for @fpml/core's preprocessing tests.

StandardScaler / MinMaxScaler (fitted attributes, transform, inverse_transform) on wine and iris
(shipped at /work/shared/data/sklearn), OneHotEncoder on a small mixed string/integer table and on
binned iris features, the fold indices of non-shuffled KFold and StratifiedKFold, and the sizes of
non-shuffled train_test_split. Shuffled splits cannot match NumPy's RNG and are tested by their
properties instead.

Output: packages/core/src/preprocessing/__fixtures__/preprocessing.json
Run: OMP_NUM_THREADS=1 /usr/bin/python3 scripts/oracles/freeze_preprocessing.py
"""
import json
import os
import platform
import sys

import numpy as np
import sklearn
from sklearn.model_selection import KFold, StratifiedKFold, train_test_split
from sklearn.preprocessing import MinMaxScaler, OneHotEncoder, StandardScaler

DATA = "/work/shared/data/sklearn"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "packages/core/src/preprocessing/__fixtures__/preprocessing.json")
SEED = 7  # only for the synthetic table rows below; no sklearn randomness is frozen


def load_sklearn_csv(name):
    path = os.path.join(DATA, name)
    with open(path) as f:
        header = f.readline().strip().split(",")
    n, d = int(header[0]), int(header[1])
    raw = np.loadtxt(path, delimiter=",", skiprows=1)
    assert raw.shape == (n, d + 1), (name, raw.shape)
    return raw[:, :d], raw[:, d].astype(int), header[2:]


def tolist(v):
    if isinstance(v, np.ndarray):
        if v.dtype == object:
            return [tolist(x) for x in v]
        return v.tolist()
    if isinstance(v, (np.floating, np.integer)):
        return v.item()
    if isinstance(v, (list, tuple)):
        return [tolist(x) for x in v]
    if isinstance(v, dict):
        return {k: tolist(x) for k, x in v.items()}
    return v


Xw, yw, _ = load_sklearn_csv("wine_data.csv")
Xi, yi, iris_names = load_sklearn_csv("iris.csv")
# wine plus a constant column (zero variance / zero range)
Xwc = np.column_stack([Xw, np.full(len(Xw), 2.5)])
inputs = {"wine": Xw, "wineConst": Xwc, "iris": Xi}

# ------------------------------------------------------------------ scalers
scalers = []
# a second matrix to transform: rows outside the fitted range
Xi_out = Xi[::10] * 1.5 - 1.0
inputs["irisOut"] = Xi_out
for data, params in [
    ("wineConst", {"withMean": True, "withStd": True}),
    ("wineConst", {"withMean": False, "withStd": True}),
    ("wineConst", {"withMean": True, "withStd": False}),
    ("iris", {"withMean": True, "withStd": True}),
]:
    X = inputs[data]
    s = StandardScaler(with_mean=params["withMean"], with_std=params["withStd"]).fit(X)
    Z = s.transform(X)
    scalers.append({
        "kind": "StandardScaler", "data": data, "params": params,
        "attributes": {
            "mean": None if s.mean_ is None else s.mean_,
            "var": None if s.var_ is None else s.var_,
            "scale": None if s.scale_ is None else s.scale_,
            "nSamplesSeen": int(s.n_samples_seen_),
        },
        "transform": Z,
        "inverseTransform": s.inverse_transform(Z),
        "transformOther": {"data": "irisOut", "values": s.transform(Xi_out)} if data == "iris" else None,
    })
for data, params in [
    ("wineConst", {"featureRange": [0, 1], "clip": False}),
    ("iris", {"featureRange": [-1, 2], "clip": False}),
    ("iris", {"featureRange": [-1, 2], "clip": True}),
]:
    X = inputs[data]
    s = MinMaxScaler(feature_range=tuple(params["featureRange"]), clip=params["clip"]).fit(X)
    Z = s.transform(X)
    scalers.append({
        "kind": "MinMaxScaler", "data": data, "params": params,
        "attributes": {"dataMin": s.data_min_, "dataMax": s.data_max_, "dataRange": s.data_range_,
                       "scale": s.scale_, "min": s.min_, "nSamplesSeen": int(s.n_samples_seen_)},
        "transform": Z,
        "inverseTransform": s.inverse_transform(Z),
        "transformOther": {"data": "irisOut", "values": s.transform(Xi_out)} if data == "iris" else None,
    })

# ------------------------------------------------------------------ one-hot
rng = np.random.default_rng(SEED)
n = 24
table = np.empty((n, 4), dtype=object)
table[:, 0] = rng.choice(["red", "green", "blue"], n)
table[:, 1] = rng.choice(["S", "M", "L", "XL"], n)
table[:, 2] = rng.choice(["yes", "no"], n)
table[:, 3] = rng.choice([3, 1, 10], n).astype(object)   # integer codes, sorted numerically
unknown = np.array([["purple", "S", "yes", 1], ["red", "XXL", "no", 7], ["blue", "M", "maybe", 3]], dtype=object)
binned = np.floor(Xi).astype(int)                          # iris, integer-binned: a numeric matrix
inputs_cat = {"table": table, "tableUnknown": unknown, "irisBinned": binned}

encoders = []
for data, params in [
    ("table", {"drop": None, "handleUnknown": "error"}),
    ("table", {"drop": "first", "handleUnknown": "error"}),
    ("table", {"drop": "if_binary", "handleUnknown": "error"}),
    ("table", {"drop": None, "handleUnknown": "ignore"}),
    ("table", {"drop": "if_binary", "handleUnknown": "ignore"}),
    ("irisBinned", {"drop": None, "handleUnknown": "error"}),
    ("irisBinned", {"drop": "first", "handleUnknown": "error"}),
]:
    X = inputs_cat[data]
    enc = OneHotEncoder(drop=params["drop"], handle_unknown=params["handleUnknown"], sparse_output=False).fit(X)
    Z = enc.transform(X)
    rec = {
        "data": data, "params": params,
        "attributes": {
            "categories": [list(c) for c in enc.categories_],
            "dropIdx": None if enc.drop_idx_ is None else [None if d is None else int(d) for d in enc.drop_idx_],
        },
        "featureNamesOut": list(enc.get_feature_names_out()),
        "transform": Z,
        "inverseTransform": enc.inverse_transform(Z),
    }
    if params["handleUnknown"] == "ignore":
        Zu = enc.transform(unknown)
        rec["transformUnknown"] = Zu
        rec["inverseTransformUnknown"] = enc.inverse_transform(Zu)
    encoders.append(rec)
# given categories (a superset, in the given order)
given = [["red", "green", "blue", "white"], ["S", "M", "L", "XL"], ["no", "yes"], [1, 3, 10]]
enc = OneHotEncoder(categories=given, sparse_output=False).fit(table)
encoders.append({
    "data": "table", "params": {"categories": given, "drop": None, "handleUnknown": "error"},
    "attributes": {"categories": [list(c) for c in enc.categories_], "dropIdx": None},
    "featureNamesOut": list(enc.get_feature_names_out()),
    "transform": enc.transform(table),
    "inverseTransform": enc.inverse_transform(enc.transform(table)),
})

# ------------------------------------------------------------------ splits
strings = np.array(["b", "a", "c", "a", "b", "b", "c", "a", "a", "b", "c", "b", "a", "b", "b", "c", "a"])
imbalanced = np.array([0] * 3 + [1] * 12 + [2] * 5)
labels = {"wine": yw, "iris": yi, "strings": strings, "imbalanced": imbalanced}
kfold = []
for n_samples, k in [(10, 5), (7, 3), (178, 5), (150, 4), (11, 2)]:
    folds = [{"trainIndex": tr, "testIndex": te} for tr, te in KFold(n_splits=k).split(np.zeros((n_samples, 1)))]
    kfold.append({"nSamples": n_samples, "nSplits": k, "folds": folds})
skfold = []
for name, k in [("wine", 5), ("iris", 4), ("strings", 3), ("imbalanced", 3)]:
    y = labels[name]
    folds = [{"trainIndex": tr, "testIndex": te} for tr, te in StratifiedKFold(n_splits=k).split(np.zeros((len(y), 1)), y)]
    skfold.append({"labels": name, "nSplits": k, "folds": folds})
tts = []
for n_samples, test_size, train_size in [
    (150, None, None), (150, 0.25, None), (10, 0.3, None), (178, 0.2, None), (100, None, 0.7),
    (100, 10, 20), (100, 0.15, 0.6), (7, 0.5, None), (33, None, 0.33), (20, 3, None),
]:
    idx = np.arange(n_samples)
    tr, te = train_test_split(idx, test_size=test_size, train_size=train_size, shuffle=False)
    tts.append({"nSamples": n_samples, "testSize": test_size, "trainSize": train_size,
                "nTrain": len(tr), "nTest": len(te), "trainIndex": tr, "testIndex": te})

out = {
    "meta": {
        "script": "scripts/oracles/freeze_preprocessing.py",
        "command": "OMP_NUM_THREADS=1 /usr/bin/python3 scripts/oracles/freeze_preprocessing.py",
        "python": platform.python_version(),
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "seeds": {"syntheticTable": SEED},
        "tolerance": {"abs": 1e-12, "rel": 1e-12},
    },
    "inputs": tolist(inputs),
    "categoricalInputs": tolist(inputs_cat),
    "labels": tolist(labels),
    "scalers": tolist(scalers),
    "oneHotEncoders": tolist(encoders),
    "kFold": tolist(kfold),
    "stratifiedKFold": tolist(skfold),
    "trainTestSplit": tolist(tts),
}
os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT + ".tmp", "w") as f:
    json.dump(out, f, allow_nan=False, separators=(",", ":"))
    f.write("\n")
os.replace(OUT + ".tmp", OUT)
print(f"wrote {OUT}: {len(scalers)} scalers, {len(encoders)} encoders, {len(kfold) + len(skfold)} fold sets, {len(tts)} splits", file=sys.stderr)
