"""Oracle values for packages/level1-math/src/probability, frozen to JSON.

scipy.stats log-densities, CDFs, means, variances and entropies of every distribution at several
parameter settings and points (tails, support boundaries and points outside the support);
scipy.special digamma/polygamma; MLE fits on fixed samples (scipy's .fit where it is the MLE,
plus the stationary point of the likelihood solved tightly with scipy.optimize.root from the
defining score equations); sklearn.neighbors.KernelDensity log-densities.

Run:  OMP_NUM_THREADS=1 /usr/bin/python3 scripts/oracles/freeze_probability.py
Writes packages/level1-math/src/probability/__fixtures__/probability.json.
Non-finite numbers are written as the strings "inf", "-inf", "nan".
"""
import json
import os
import sys

import mpmath
import numpy as np
import scipy
import sklearn
from scipy import optimize, special, stats
from sklearn.neighbors import KernelDensity

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "packages", "level1-math", "src", "probability", "__fixtures__", "probability.json")
SEED = 20240604
mpmath.mp.dps = 40


def enc(v):
    """JSON-safe floats: non-finite as strings, arrays as lists."""
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
    if isinstance(v, (np.integer,)):
        return int(v)
    return v


def univariate(name, params, frozen, xs, discrete=False):
    xs = np.asarray(xs, dtype=np.float64)
    with np.errstate(all="ignore"):
        return {
            "dist": name,
            "params": params,
            "x": xs,
            "logDensity": frozen.logpmf(xs) if discrete else frozen.logpdf(xs),
            "cdf": frozen.cdf(xs),
            "mean": frozen.mean(),
            "variance": frozen.var(),
            "entropy": frozen.entropy(),
        }


def beta_entropy_mp(a, b):
    a, b = mpmath.mpf(a), mpmath.mpf(b)
    h = mpmath.log(mpmath.beta(a, b)) - (a - 1) * mpmath.digamma(a) - (b - 1) * mpmath.digamma(b) + (a + b - 2) * mpmath.digamma(a + b)
    return float(h)


def beta_cdf_mp(a, b, x):
    x = min(max(x, 0.0), 1.0)
    return float(mpmath.betainc(a, b, 0, mpmath.mpf(x), regularized=True))


def densities():
    out = []
    inf = np.inf
    for mu, sd in [(0.0, 1.0), (1.5, 0.3), (-20.0, 7.0)]:
        xs = [mu, mu + sd, mu - 3 * sd, mu + 8 * sd, mu - 30 * sd, mu + 1e-8, -inf, inf]
        out.append(univariate("Normal", [mu, sd], stats.norm(mu, sd), xs))
    for lam in [1.0, 0.25, 40.0]:
        xs = [0.0, 1 / lam, 5 / lam, 50 / lam, 1e-12, -1.0, -1e-300, inf]
        out.append(univariate("Exponential", [lam], stats.expon(scale=1 / lam), xs))
    for lo, hi in [(0.0, 1.0), (-3.0, 5.5)]:
        xs = [lo, hi, 0.5 * (lo + hi), lo + 0.1 * (hi - lo), lo - 1e-9, hi + 1e-9, -inf, inf]
        out.append(univariate("Uniform", [lo, hi], stats.uniform(lo, hi - lo), xs))
    for k, th in [(0.5, 1.0), (1.0, 2.0), (2.5, 0.7), (30.0, 0.1), (0.05, 3.0)]:
        m = k * th
        xs = [0.0, 1e-10, 0.5 * m, m, 3 * m, 20 * m + 5 * th, -0.5, inf]
        out.append(univariate("Gamma", [k, th], stats.gamma(k, scale=th), xs))
    for a, b in [(0.5, 0.5), (2.0, 5.0), (1.0, 1.0), (30.0, 0.7), (0.2, 8.0)]:
        xs = [0.0, 1.0, 1e-9, 1 - 1e-9, 0.25, 0.5, 0.9, -0.1, 1.5]
        case = univariate("Beta", [a, b], stats.beta(a, b), xs)
        # scipy 1.10 integrates the beta entropy numerically (~1e-10) and loses ~1e-12 in the
        # CDF next to 1; 40-digit mpmath values are the reference there.
        case["mpmath"] = {"entropy": beta_entropy_mp(a, b), "cdf": [beta_cdf_mp(a, b, x) for x in xs]}
        out.append(case)
    for nu, loc, sc in [(1.0, 0.0, 1.0), (2.5, 1.0, 2.0), (30.0, -3.0, 0.5), (0.7, 0.0, 1.0), (4.0, 0.0, 1.0)]:
        xs = [loc, loc + 1e-6 * sc, loc + sc, loc - 2.5 * sc, loc + 40 * sc, loc - 1e4 * sc, -inf, inf]
        out.append(univariate("StudentT", [nu, loc, sc], stats.t(nu, loc, sc), xs))
    for p in [0.3, 0.0, 1.0, 0.999]:
        xs = [0, 1, -1, 2, 0.5, 1.5, inf, -inf]
        out.append(univariate("Bernoulli", [p], stats.bernoulli(p), xs, discrete=True))
    for n, p in [(10, 0.3), (1, 0.5), (200, 0.02), (1000, 0.5), (7, 0.0), (7, 1.0)]:
        xs = [0, 1, n // 2, n, n - 1, -1, n + 1, 2.5, 0.5 * n + 0.25]
        out.append(univariate("Binomial", [n, p], stats.binom(n, p), xs, discrete=True))
    for lam in [0.5, 3.0, 100.0, 1e-3]:
        xs = [0, 1, 2, int(lam), int(lam) + 5, int(5 * lam) + 20, -1, 1.5, inf]
        out.append(univariate("Poisson", [lam], stats.poisson(lam), xs, discrete=True))
    for p in [[0.2, 0.5, 0.3], [0.0, 0.25, 0.0, 0.75], [1.0]]:
        K = len(p)
        rv = stats.rv_discrete(values=(np.arange(K), np.asarray(p)))
        xs = [0, K - 1, K // 2, -1, K, 0.5, K - 0.5]
        out.append(univariate("Categorical", [p], rv, xs, discrete=True))
    return out


def multivariate():
    mvn = []
    rng = np.random.default_rng(SEED)
    for d in [1, 2, 4]:
        A = rng.standard_normal((d, d))
        cov = A @ A.T + 0.5 * np.eye(d)
        mean = rng.standard_normal(d)
        X = mean + rng.standard_normal((5, d)) * 2
        X = np.vstack([X, mean, mean + 40])
        rv = stats.multivariate_normal(mean, cov)
        mvn.append({"mean": mean, "cov": cov, "x": X, "logPdf": np.atleast_1d(rv.logpdf(X)), "entropy": rv.entropy()})
    dirichlet = []
    for alpha in [[1.0, 2.0, 3.0], [0.5, 0.5], [5.0, 0.3, 1.0, 12.0], [1.0, 1.0, 1.0]]:
        alpha = np.asarray(alpha)
        rv = stats.dirichlet(alpha)
        X = rng.dirichlet(alpha, size=5)
        X = X[np.all(X > 1e-12, axis=1)]
        dirichlet.append({
            "alpha": alpha,
            "x": X,
            "logPdf": np.array([rv.logpdf(x) for x in X]),
            "mean": rv.mean(),
            "variance": rv.var(),
            "entropy": rv.entropy(),
        })
    return {"mvn": mvn, "dirichlet": dirichlet}


def special_values():
    xs = np.array([1e-6, 1e-3, 0.1, 0.5, 1.0, 1.4616321449683622, 2.0, 3.7, 9.99, 10.0, 10.5, 50.0, 1e3, 1e6])
    return {"x": xs, "digamma": special.digamma(xs), "trigamma": special.polygamma(1, xs)}


def solve(f, x0):
    sol = optimize.root(f, x0, method="hybr", tol=1e-15, options={"xtol": 1e-15, "maxfev": 100000})
    assert np.max(np.abs(f(sol.x))) < 1e-10, (sol, f(sol.x))
    return sol.x


def fits():
    rng = np.random.default_rng(SEED + 1)
    out = {}
    x = rng.normal(2.0, 3.0, 200)
    out["Normal"] = {"x": x, "scipy": list(stats.norm.fit(x))}
    x = rng.exponential(1 / 0.7, 200)
    loc, scale = stats.expon.fit(x, floc=0)
    out["Exponential"] = {"x": x, "scipy": [1 / scale]}
    x = rng.uniform(-1.0, 4.0, 100)
    loc, scale = stats.uniform.fit(x)
    out["Uniform"] = {"x": x, "scipy": [loc, loc + scale]}
    x = rng.binomial(1, 0.35, 300).astype(float)
    out["Bernoulli"] = {"x": x, "mle": [x.mean()]}
    x = rng.binomial(12, 0.4, 300).astype(float)
    out["Binomial"] = {"x": x, "n": 12, "mle": [x.mean() / 12]}
    x = rng.poisson(4.2, 300).astype(float)
    out["Poisson"] = {"x": x, "mle": [x.mean()]}
    x = rng.choice(4, size=300, p=[0.1, 0.2, 0.3, 0.4]).astype(float)
    out["Categorical"] = {"x": x, "mle": np.bincount(x.astype(int), minlength=4) / x.size}

    # Gamma: the shape solves ln k - psi(k) = ln mean - mean ln x; scale = mean / k.
    x = rng.gamma(2.3, 1.7, 400)
    s = np.log(x.mean()) - np.log(x).mean()
    k = optimize.brentq(lambda a: np.log(a) - special.digamma(a) - s, 1e-3, 1e3, xtol=1e-300, rtol=4 * np.finfo(float).eps, maxiter=500)
    a_sp, _, sc_sp = stats.gamma.fit(x, floc=0)
    out["Gamma"] = {"x": x, "mle": [k, x.mean() / k], "scipy": [a_sp, sc_sp]}

    # Beta: psi(a) - psi(a+b) = mean ln x, psi(b) - psi(a+b) = mean ln(1-x).
    x = rng.beta(2.5, 4.0, 400)
    l1, l2 = np.log(x).mean(), np.log1p(-x).mean()
    f = lambda t: [special.digamma(np.exp(t[0])) - special.digamma(np.exp(t[0]) + np.exp(t[1])) - l1,
                   special.digamma(np.exp(t[1])) - special.digamma(np.exp(t[0]) + np.exp(t[1])) - l2]
    a_sp, b_sp, _, _ = stats.beta.fit(x, floc=0, fscale=1)
    ab = np.exp(solve(lambda t: np.array(f(t)), np.log([a_sp, b_sp])))
    out["Beta"] = {"x": x, "mle": ab, "scipy": [a_sp, b_sp]}

    # Dirichlet: psi(alpha_k) - psi(alpha_0) = mean ln x_k.
    X = rng.dirichlet([2.0, 0.7, 5.0], 300)
    lbar = np.log(X).mean(axis=0)
    g = lambda t: special.digamma(np.exp(t)) - special.digamma(np.exp(t).sum()) - lbar
    alpha = np.exp(solve(g, np.zeros(3)))
    out["Dirichlet"] = {"X": X, "mle": alpha}

    # Student t: score equations of (loc, log scale) with df fixed, and of (log df, loc, log scale).
    x = stats.t.rvs(3.5, loc=1.0, scale=2.0, size=400, random_state=np.random.RandomState(SEED + 2))

    def nll(df, loc, scale):
        return -np.sum(stats.t.logpdf(x, df, loc, scale))

    def score_fixed(t, df):
        loc, sc = t[0], np.exp(t[1])
        z = (x - loc) / sc
        w = (df + 1) / (df + z * z)
        return np.array([np.sum(w * z), np.sum(w * z * z) - x.size])

    def score_free(t):
        df, loc, sc = np.exp(t[0]), t[1], np.exp(t[2])
        z = (x - loc) / sc
        w = (df + 1) / (df + z * z)
        sdf = np.sum(special.digamma((df + 1) / 2) - special.digamma(df / 2) - 1 / df - np.log1p(z * z / df) + (df + 1) * z * z / (df * (df + z * z)))
        return np.array([sdf, np.sum(w * z), np.sum(w * z * z) - x.size])

    df_sp, loc_sp, sc_sp = stats.t.fit(x)
    free = solve(score_free, np.array([np.log(df_sp), loc_sp, np.log(sc_sp)]))
    _, loc_fx, sc_fx = stats.t.fit(x, fdf=3.5)
    fixed = solve(lambda t: score_fixed(t, 3.5), np.array([loc_fx, np.log(sc_fx)]))
    out["StudentT"] = {
        "x": x,
        "fixedDf": 3.5,
        "mleFixed": [3.5, fixed[0], np.exp(fixed[1])],
        "mleFree": [np.exp(free[0]), free[1], np.exp(free[2])],
        "scipyFree": [df_sp, loc_sp, sc_sp],
        "nllFree": nll(np.exp(free[0]), free[1], np.exp(free[2])),
    }

    X = rng.multivariate_normal([1.0, -2.0, 0.5], [[2.0, 0.3, -0.4], [0.3, 1.0, 0.2], [-0.4, 0.2, 0.5]], 150)
    out["MultivariateNormal"] = {"X": X, "mean": X.mean(axis=0), "cov": np.cov(X.T, bias=True)}
    return out


def kde():
    rng = np.random.default_rng(SEED + 3)
    cases = []
    X1 = np.concatenate([rng.normal(-2, 0.5, 60), rng.normal(1.5, 1.0, 90)])[:, None]
    Q1 = np.linspace(-6, 6, 13)[:, None]
    X2 = rng.standard_normal((120, 2)) @ np.array([[1.0, 0.4], [0.0, 0.7]])
    Q2 = np.vstack([rng.standard_normal((8, 2)) * 2, [[30.0, -30.0]]])
    for X, Q in [(X1, Q1), (X2, Q2)]:
        for bw in [0.3, 1.0, "scott", "silverman"]:
            kd = KernelDensity(kernel="gaussian", bandwidth=bw).fit(X)
            cases.append({"X": X, "Q": Q, "bandwidthParam": bw, "bandwidth": float(kd.bandwidth_), "scoreSamples": kd.score_samples(Q), "score": kd.score(Q)})
    return cases


def main():
    result = {
        "script": "scripts/oracles/freeze_probability.py",
        "versions": {"python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__, "sklearn": sklearn.__version__, "mpmath": mpmath.__version__},
        "seed": SEED,
        "densities": densities(),
        "multivariate": multivariate(),
        "special": special_values(),
        "fits": fits(),
        "kde": kde(),
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(enc(result), f, indent=1)
    print("wrote", OUT)


if __name__ == "__main__":
    main()
