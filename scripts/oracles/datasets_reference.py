"""Reference figures for @fpml/datasets, frozen to JSON.

Independent of the TypeScript loaders: the sklearn datasets come from scikit-learn's own loaders
(which parse the same files shipped inside scikit-learn), everything else is parsed here with
numpy / pandas / the standard library from packages/datasets/data.

Run:  OMP_NUM_THREADS=1 /usr/bin/python3 scripts/oracles/datasets_reference.py
Writes packages/datasets/src/__fixtures__/reference.json. No randomness (no seeds needed).
"""
import gzip
import json
import os
import sys
from collections import Counter

import numpy as np
import pandas as pd
import sklearn
from sklearn import datasets as skd

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DATA = os.path.join(ROOT, "packages", "datasets", "data")
OUT = os.path.join(ROOT, "packages", "datasets", "src", "__fixtures__", "reference.json")


def tabular(bunch, classification):
    X = np.asarray(bunch.data, dtype=np.float64)
    y = np.asarray(bunch.target)
    out = {
        "shape": list(X.shape),
        "featureNames": [str(f) for f in bunch.feature_names],
        "firstRow": X[0].tolist(),
        "lastRow": X[-1].tolist(),
        "columnSums": X.sum(axis=0).tolist(),
        "firstTargets": y[:5].tolist(),
        "targetSum": float(y.sum()),
    }
    if classification:
        out["targetNames"] = [str(t) for t in bunch.target_names]
        out["classCounts"] = np.bincount(y.astype(int)).tolist()
    return out


def sklearn_part():
    return {
        "iris": tabular(skd.load_iris(), True),
        "wine": tabular(skd.load_wine(), True),
        "breastCancer": tabular(skd.load_breast_cancer(), True),
        "digits": tabular(skd.load_digits(), True),
        "diabetes": tabular(skd.load_diabetes(scaled=False), False),
    }


def idx(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    magic = int.from_bytes(raw[0:4], "big")
    ndim = magic & 0xFF
    dims = [int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim)]
    arr = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)
    return magic, arr


def fashion_part():
    mi, images = idx(os.path.join(DATA, "fashion-mnist", "t10k-images-idx3-ubyte.gz"))
    ml, labels = idx(os.path.join(DATA, "fashion-mnist", "t10k-labels-idx1-ubyte.gz"))
    return {
        "imageMagic": mi,
        "labelMagic": ml,
        "imageShape": list(images.shape),
        "labelCounts": np.bincount(labels).tolist(),
        "firstLabels": labels[:10].tolist(),
        "firstImageSum": int(images[0].astype(np.int64).sum()),
        "firstImageRow14": images[0, 14].tolist(),
        "pixelSum": int(images.astype(np.int64).sum()),
    }


def moby_part():
    with open(os.path.join(DATA, "text", "moby-dick.txt"), encoding="utf-8") as f:
        text = f.read()
    vocab = sorted(set(text))
    return {"length": len(text), "vocab": vocab, "first60": text[:60]}


def lalonde_part():
    nsw = pd.read_csv(os.path.join(DATA, "causal", "lalonde_nsw_dehejia_wahba.csv"))
    psid = pd.read_csv(os.path.join(DATA, "causal", "lalonde_matchit_nsw_psid.csv"), index_col=0)

    def summary(df):
        t = df["treat"] == 1
        return {
            "rows": int(len(df)),
            "treated": int(t.sum()),
            "control": int((~t).sum()),
            "diffInMeansRe78": float(df.loc[t, "re78"].mean() - df.loc[~t, "re78"].mean()),
            "raceCounts": {k: int(v) for k, v in Counter(df["race"]).items()} if "race" in df else None,
            "columns": [str(c) for c in df.columns],
        }

    return {"nsw": summary(nsw), "psid": summary(psid)}


def karate_part():
    edges = pd.read_csv(os.path.join(DATA, "graphs", "karate_edges.csv"))
    nodes = pd.read_csv(os.path.join(DATA, "graphs", "karate_nodes.csv"))
    deg = np.zeros(len(nodes), dtype=int)
    for s, t in zip(edges["source"], edges["target"]):
        deg[s] += 1
        deg[t] += 1
    return {
        "nNodes": int(len(nodes)),
        "nEdges": int(len(edges)),
        "degrees": deg.tolist(),
        "clubCounts": {k: int(v) for k, v in Counter(nodes["club"]).items()},
    }


def timeseries_part():
    air = pd.read_csv(os.path.join(DATA, "timeseries", "air_passengers.csv"))
    co2 = pd.read_csv(os.path.join(DATA, "timeseries", "co2_mauna_loa_monthly.csv"))
    months = pd.period_range(co2["Date"].iloc[0][:7], co2["Date"].iloc[-1][:7], freq="M")
    present = set(d[:7] for d in co2["Date"])
    return {
        "air": {"n": int(len(air)), "sum": int(air["passengers"].sum()), "first": air.iloc[0].tolist(), "last": air.iloc[-1].tolist()},
        "co2": {
            "n": int(len(co2)),
            "nanCount": int(co2["CO2"].isna().sum()),
            "missingMonths": [str(m) for m in months if str(m) not in present],
            "first": [co2["Date"].iloc[0], float(co2["CO2"].iloc[0])],
            "last": [co2["Date"].iloc[-1], float(co2["CO2"].iloc[-1])],
            "sum": float(co2["CO2"].sum()),
        },
    }


def german_part():
    df = pd.read_csv(os.path.join(DATA, "fairness", "german_credit.csv"), dtype=str, keep_default_na=False)
    cats = {c: sorted(set(df[c])) for c in df.columns if not all(v.lstrip("-").isdigit() for v in df[c])}
    return {
        "shape": list(df.shape),
        "columns": list(df.columns),
        "classCounts": {k: int(v) for k, v in Counter(df["class"]).items()},
        "personalStatusCounts": {k: int(v) for k, v in Counter(df["personal_status"]).items()},
        "ageSum": int(df["age"].astype(int).sum()),
        "categoricalLevels": cats,
        "firstRow": df.iloc[0].tolist(),
    }


def main():
    out = {
        "script": "scripts/oracles/datasets_reference.py",
        "versions": {
            "python": sys.version.split()[0],
            "numpy": np.__version__,
            "pandas": pd.__version__,
            "scikit-learn": sklearn.__version__,
        },
        "seed": None,
        "sklearn": sklearn_part(),
        "fashionMnist": fashion_part(),
        "mobyDick": moby_part(),
        "lalonde": lalonde_part(),
        "karate": karate_part(),
        "timeseries": timeseries_part(),
        "germanCredit": german_part(),
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1, ensure_ascii=False, default=lambda o: o.item() if hasattr(o, "item") else str(o))
        f.write("\n")
    print("wrote", OUT)


if __name__ == "__main__":
    main()
