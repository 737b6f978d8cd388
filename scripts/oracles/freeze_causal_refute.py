"""Freeze reference values for @fpml/level4-probabilistic's causal diagnostics and sensitivity
(src/causal/diagnostics, src/causal/refute).

- rosenbaum: 40 matched-pair differences (numpy seed 20261202, rounded to 0.1 so |d| ties occur,
  two exact zeros). The Gamma = 1 p-value is scipy.stats.wilcoxon(d, alternative='greater',
  zero_method='wilcox', correction=False, method='approx'); the bounds at Gamma > 1 are Rosenbaum's
  normal approximation (Rosenbaum 2002, sec. 4.3.3) computed here independently with
  scipy.stats.rankdata, and the critical Gamma (p_upper = 0.05) by scipy.optimize.brentq.
  A second case negates the differences and uses alternative 'less'.
- evalue: VanderWeele & Ding (2017) formulas by hand; the paper's example (RR 3.9, CI 1.8-8.7,
  E-values 7.26 and 3.0) is checked in the test against the text of the paper, not this file.
- balance: n = 60, a continuous and a binary covariate, positive weights; weighted means and
  the unbiased weighted variance sum(w)/(sum(w)^2 - sum(w^2)) * sum(w (x - m)^2), SMD with the
  pooled unweighted SD, variance ratios, Kish ESS, by numpy; the unpenalised logistic propensity
  of t on (1, x1, x2) by statsmodels Logit (propensityStatsmodels).

Output: packages/level4-probabilistic/src/causal/refute/__fixtures__/causal_refute.json
Run: OMP_NUM_THREADS=1 /usr/bin/python3 scripts/oracles/freeze_causal_refute.py
"""
import json
import os
import platform
import sys

import numpy as np
import scipy
import statsmodels
import statsmodels.api as sm
from scipy import optimize, stats

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "packages/level4-probabilistic/src/causal/refute/__fixtures__/causal_refute.json")
SEED = 20261202
rng = np.random.default_rng(SEED)


def rosen_p(d, gamma, upper=True):
    d = np.asarray(d, float)
    d = d[d != 0]
    r = stats.rankdata(np.abs(d))
    t = r[d > 0].sum()
    q = gamma / (1 + gamma) if upper else 1 / (1 + gamma)
    e = q * r.sum()
    v = q * (1 - q) * (r ** 2).sum()
    return float(stats.norm.sf((t - e) / np.sqrt(v))), float(t)


def rosenbaum_case(d, alternative):
    x = d if alternative == "greater" else -d
    w = stats.wilcoxon(d, alternative=alternative, zero_method="wilcox", correction=False, method="approx")
    gammas = [1.0, 1.5, 2.0, 3.0]
    rows = []
    for g in gammas:
        pu, t = rosen_p(x, g, True)
        pl, _ = rosen_p(x, g, False)
        rows.append({"gamma": g, "pUpper": pu, "pLower": pl})
    crit = optimize.brentq(lambda lg: rosen_p(x, np.exp(lg), True)[0] - 0.05, 0.0, 10.0, xtol=1e-14)
    return {"differences": [float(v) for v in d], "alternative": alternative, "scipyWilcoxonP": float(w.pvalue),
            "statistic": rosen_p(x, 1.0)[1], "n": int((d != 0).sum()), "table": rows, "criticalGamma": float(np.exp(crit))}


d = np.round(rng.normal(0.6, 1.0, 40), 1)
d[[3, 17]] = 0.0
rosenbaum = [rosenbaum_case(d, "greater"), rosenbaum_case(-d, "less")]


def ev(rr):
    r = rr if rr >= 1 else 1 / rr
    return r + np.sqrt(r * (r - 1))


def ev_ci(rr, lo, hi):
    if lo <= 1 <= hi:
        return 1.0
    return ev(lo if rr >= 1 else hi)


evalue = []
for rr, lo, hi in [(3.9, 1.8, 8.7), (0.8, 0.71, 0.91), (1.3, 0.9, 1.8), (2.0, 1.1, 3.5)]:
    evalue.append({"kind": "rr", "estimate": rr, "ci": [lo, hi], "eValue": float(ev(rr)), "eValueCi": float(ev_ci(rr, lo, hi))})
for oratio, lo, hi in [(2.5, 1.5, 4.2)]:
    evalue.append({"kind": "or-common", "estimate": oratio, "ci": [lo, hi], "eValue": float(ev(np.sqrt(oratio))), "eValueCi": float(ev_ci(np.sqrt(oratio), np.sqrt(lo), np.sqrt(hi)))})
for eff, sd, lo, hi in [(0.5, 1.0, 0.2, 0.8), (-1200.0, 6000.0, -2500.0, 100.0), (1794.0, 6631.0, 462.0, 3126.0)]:
    rr = np.exp(0.91 * eff / sd)
    evalue.append({"kind": "continuous", "estimate": eff, "sdOutcome": sd, "ci": [lo, hi], "rr": float(rr),
                   "eValue": float(ev(rr)), "eValueCi": float(ev_ci(rr, np.exp(0.91 * lo / sd), np.exp(0.91 * hi / sd)))})

n = 60
t = (rng.random(n) < 0.4).astype(float)
x1 = rng.normal(0, 1, n) + 0.8 * t
x2 = (rng.random(n) < 0.3 + 0.3 * t).astype(float)
w = rng.uniform(0.2, 3.0, n)


def wmv(x, ww):
    m = np.sum(ww * x) / np.sum(ww)
    v = np.sum(ww) / (np.sum(ww) ** 2 - np.sum(ww ** 2)) * np.sum(ww * (x - m) ** 2)
    return float(m), float(v)


rows = []
for name, x in [("x1", x1), ("x2", x2)]:
    m1, v1 = wmv(x[t == 1], np.ones(int(t.sum())))
    m0, v0 = wmv(x[t == 0], np.ones(int(n - t.sum())))
    a1, u1 = wmv(x[t == 1], w[t == 1])
    a0, u0 = wmv(x[t == 0], w[t == 0])
    assert abs(v1 - np.var(x[t == 1], ddof=1)) < 1e-12
    pooled = np.sqrt((v1 + v0) / 2)
    rows.append({"covariate": name, "meanTreated": m1, "meanControl": m0, "meanTreatedAdjusted": a1, "meanControlAdjusted": a0,
                 "smdBefore": (m1 - m0) / pooled, "smdAfter": (a1 - a0) / pooled, "varianceRatioBefore": v1 / v0, "varianceRatioAfter": u1 / u0})
ess = {"treated": float(w[t == 1].sum() ** 2 / (w[t == 1] ** 2).sum()), "control": float(w[t == 0].sum() ** 2 / (w[t == 0] ** 2).sum())}
Xc = sm.add_constant(np.column_stack([x1, x2]))
logit = sm.Logit(t, Xc).fit(disp=0, tol=1e-12, maxiter=200)
balance = {"treatment": t.tolist(), "x1": x1.tolist(), "x2": x2.tolist(), "weights": w.tolist(), "rows": rows, "ess": ess,
           "propensityStatsmodels": logit.predict(Xc).tolist()}

out = {
    "meta": {"script": "scripts/oracles/freeze_causal_refute.py", "seed": SEED, "python": sys.version.split()[0], "interpreter": sys.executable,
             "numpy": np.__version__, "scipy": scipy.__version__, "statsmodels": statsmodels.__version__, "platform": platform.platform()},
    "rosenbaum": rosenbaum, "evalue": evalue, "balance": balance,
}
with open(OUT, "w") as f:
    json.dump(out, f, indent=1)
print("wrote", OUT)
