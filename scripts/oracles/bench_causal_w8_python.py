"""Time the Python peers of the W8 causal workload written by packages/level4-probabilistic/bench/w8.bench.ts.

Not an oracle: a benchmark peer, run by the bench in the same session so the ratio is measured on
the same machine at the same time. One thread (the caller sets OMP_NUM_THREADS=1 and friends, and
everything runs under threadpool_limits(1)), so it is one core against one core.

Data: W8 (API.md): n = 10000, d = 10 confounders, logistic propensity, effect 2.0 (fpml's
`w8Data(0)`), passed as raw float64 files. Two timings, each the median of REPS runs after one
warm-up, each timing everything from the raw arrays to the point estimate:
- "ipw": statsmodels Logit(T, [1, X]).fit(method='newton') (unpenalised MLE, as fpml's
  propensity model), then the stabilised (Hajek) IPW estimate of the ATE, fpml's `ipw` default:
  mu1 = sum(T Y / e) / sum(T / e), mu0 = sum((1-T) Y / (1-e)) / sum((1-T) / (1-e)),
  tau = mu1 - mu0 (no standard error);
- "psm1": the same Logit fit, the score s = logit(e) = log(e / (1 - e)) (fpml's `on: 'logit'`
  default), scikit-learn NearestNeighbors(n_neighbors=1) fitted on the control scores and queried
  with the treated scores (1-NN with replacement), ATT = mean over treated of Y_i - Y_m(i)
  (no standard error).
Also returned: the estimates, the fitted coefficients and the matched control row of each treated
unit (from the last run), so the bench can compare them with fpml's.

Usage: OMP_NUM_THREADS=1 /usr/bin/python3 scripts/oracles/bench_causal_w8_python.py X.f64 t.f64 y.f64 N D REPS
  X.f64  raw little-endian float64, row-major (N, D); t.f64, y.f64  (N,) each
Prints one JSON object: {"statsmodels", "sklearn", "numpy", "python",
  "ipw": {"median", "times", "value", "mu1", "mu0", "beta", "converged"},
  "psm1": {"median", "times", "value", "treated", "matched"}}.
"""
import json
import platform
import sys
import time

import numpy as np
import sklearn
import statsmodels
import statsmodels.api as sm
from sklearn.neighbors import NearestNeighbors
from threadpoolctl import threadpool_limits


def median_time(fn, reps):
    fn()  # warm-up
    times, out = [], None
    for _ in range(reps):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return float(np.median(times)), times, out


def propensity(X, t):
    res = sm.Logit(t, sm.add_constant(X, prepend=True)).fit(method="newton", disp=0)
    return res.predict(), res


def ipw(X, t, y):
    e, res = propensity(X, t)
    w1, w0 = t / e, (1 - t) / (1 - e)
    mu1, mu0 = float(w1 @ y / w1.sum()), float(w0 @ y / w0.sum())
    return {"value": mu1 - mu0, "mu1": mu1, "mu0": mu0, "beta": res.params.tolist(),
            "converged": bool(res.mle_retvals["converged"])}


def psm1(X, t, y):
    e, _ = propensity(X, t)
    s = np.log(e / (1 - e))
    treated, control = np.flatnonzero(t == 1), np.flatnonzero(t == 0)
    nn = NearestNeighbors(n_neighbors=1).fit(s[control, None])
    idx = nn.kneighbors(s[treated, None], return_distance=False)[:, 0]
    matched = control[idx]
    return {"value": float(np.mean(y[treated] - y[matched])), "treated": treated.tolist(), "matched": matched.tolist()}


def main():
    xpath, tpath, ypath = sys.argv[1:4]
    n, d, reps = (int(v) for v in sys.argv[4:7])
    X = np.fromfile(xpath, dtype="<f8").reshape(n, d)
    t = np.fromfile(tpath, dtype="<f8")
    y = np.fromfile(ypath, dtype="<f8")
    assert t.shape == (n,) and y.shape == (n,)
    with threadpool_limits(limits=1):
        ipw_median, ipw_times, ipw_out = median_time(lambda: ipw(X, t, y), reps)
        psm_median, psm_times, psm_out = median_time(lambda: psm1(X, t, y), reps)
    print(json.dumps({
        "statsmodels": statsmodels.__version__, "sklearn": sklearn.__version__, "numpy": np.__version__,
        "python": platform.python_version(),
        "ipw": {"median": ipw_median, "times": ipw_times, **ipw_out},
        "psm1": {"median": psm_median, "times": psm_times, **psm_out},
    }))


if __name__ == "__main__":
    main()
