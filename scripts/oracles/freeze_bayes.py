"""Freeze oracle values for level4-probabilistic/src/bayes.

1. MCMC diagnostics: rank-normalised split R-hat, bulk/tail ESS and mean ESS by an independent
   NumPy/SciPy implementation of Vehtari et al. (2021) as in ArviZ 0.12 (`_rhat_rank`,
   `_ess_bulk`, `_ess_tail`, `_ess_mean`; FFT autocovariance, scipy.stats.rankdata,
   scipy.special.ndtri), on fixed AR(1) chains (well mixed, sticky, one shifted chain).
2. scikit-learn 1.2 BayesianRidge (evidence maximisation, MacKay 1992): coef_, intercept_,
   alpha_, lambda_, sigma_, n_iter_, predict(return_std=True).
3. Conjugate Gaussian posterior at fixed precisions (hand closed form in NumPy).
4. Laplace approximation of L2 logistic regression: MAP from scikit-learn LogisticRegression
   (C = 1/lambda, no intercept, lbfgs, tol 1e-12; kept as wSklearn) polished by 20 Newton steps
   in NumPy (its lbfgs stops near |grad| 1e-6), Hessian and probit predictive in NumPy.

Run: OMP_NUM_THREADS=1 /usr/bin/python3 scripts/oracles/freeze_bayes.py
Writes packages/level4-probabilistic/src/bayes/__fixtures__/bayes_oracle.json.
"""
import json, platform, sys
import numpy as np
import scipy
from scipy.special import ndtri, expit
from scipy.stats import rankdata
import sklearn
from sklearn.linear_model import BayesianRidge, LogisticRegression

SEED = 20261202
rng = np.random.RandomState(SEED)

# ---------------------------------------------------------------- diagnostics (ArviZ algorithm)
def autocov(x):
    n = len(x)
    m = 1
    while m < 2 * n:
        m *= 2
    x = x - x.mean()
    f = np.fft.rfft(x, n=m)
    return np.fft.irfft(f * np.conj(f), n=m)[:n] / n

def split(ary):
    n = ary.shape[1] // 2
    return np.vstack([ary[:, :n], ary[:, ary.shape[1] - n:]])

def zscale(ary):
    r = rankdata(ary, method="average").reshape(ary.shape)
    return ndtri((r - 0.375) / (ary.size + 0.25))

def rhat_basic(ary):
    m, n = ary.shape
    W = np.mean(np.var(ary, axis=1, ddof=1))
    B = n * np.var(ary.mean(axis=1), ddof=1)
    return np.sqrt(((n - 1) / n * W + B / n) / W)

def rhat_rank(ary):
    s = split(ary)
    bulk = rhat_basic(zscale(s))
    folded = np.abs(s - np.median(s))
    return max(bulk, rhat_basic(zscale(folded)))

def ess(ary):
    m, n = ary.shape
    acov = np.asarray([autocov(ary[c]) for c in range(m)])
    chain_mean = ary.mean(axis=1)
    mean_var = np.mean(acov[:, 0]) * n / (n - 1.0)
    var_plus = mean_var * (n - 1.0) / n
    if m > 1:
        var_plus += np.var(chain_mean, ddof=1)
    rho = np.zeros(n)
    rho_even = 1.0
    rho[0] = rho_even
    rho_odd = 1.0 - (mean_var - np.mean(acov[:, 1])) / var_plus
    rho[1] = rho_odd
    t = 1
    while t < (n - 3) and (rho_even + rho_odd) > 0.0:
        rho_even = 1.0 - (mean_var - np.mean(acov[:, t + 1])) / var_plus
        rho_odd = 1.0 - (mean_var - np.mean(acov[:, t + 2])) / var_plus
        if (rho_even + rho_odd) >= 0:
            rho[t + 1] = rho_even
            rho[t + 2] = rho_odd
        t += 2
    max_t = t - 2
    if rho_even > 0:
        rho[max_t + 1] = rho_even
    t = 1
    while t <= max_t - 2:
        if (rho[t + 1] + rho[t + 2]) > (rho[t - 1] + rho[t]):
            rho[t + 1] = (rho[t - 1] + rho[t]) / 2.0
            rho[t + 2] = rho[t + 1]
        t += 2
    S = m * n
    tau = -1.0 + 2.0 * np.sum(rho[: max_t + 1]) + np.sum(rho[max_t + 1 : max_t + 2])
    tau = max(tau, 1 / np.log10(S))
    return S / tau

def ess_tail(ary):
    s = split(ary)
    q05, q95 = np.quantile(s, [0.05, 0.95])
    return min(ess(split(ary) <= q05), ess(split(ary) <= q95))

def ar1(m, n, phi, shift=None):
    x = np.zeros((m, n))
    for c in range(m):
        v = rng.randn()
        for i in range(n):
            v = phi * v + np.sqrt(1 - phi**2) * rng.randn()
            x[c, i] = v
    if shift is not None:
        x[0] += shift
    return x

diag_cases = []
for name, chains in [("well mixed", ar1(4, 200, 0.1)), ("sticky", ar1(4, 201, 0.9)), ("shifted chain", ar1(3, 150, 0.5, shift=1.0)), ("anti-correlated", ar1(2, 120, -0.6))]:
    diag_cases.append(dict(name=name, chains=chains.tolist(), rhat=float(rhat_rank(chains)),
                           essBulk=float(ess(zscale(split(chains)))), essTail=float(ess_tail(chains)),
                           essMean=float(ess(split(chains)))))

# ---------------------------------------------------------------- BayesianRidge
n, d = 40, 4
X = rng.randn(n, d)
w = np.array([1.5, -2.0, 0.0, 0.7])
y = X @ w + 0.5 * rng.randn(n) + 3.0
T = rng.randn(6, d)
ridge_cases = []
for fi in [False, True]:
    br = BayesianRidge(fit_intercept=fi).fit(X, y)
    mean, std = br.predict(T, return_std=True)
    ridge_cases.append(dict(fitIntercept=fi, coef=br.coef_.tolist(), intercept=float(br.intercept_), alpha=float(br.alpha_),
                            lambda_=float(br.lambda_), sigma=br.sigma_.tolist(), nIter=int(br.n_iter_), mean=mean.tolist(), std=std.tolist()))
# n < d (wide) case, no intercept
Xw = rng.randn(5, 8); yw = Xw @ rng.randn(8) + 0.1 * rng.randn(5)
brw = BayesianRidge(fit_intercept=False).fit(Xw, yw)
mw, sw = brw.predict(T[:, :2].repeat(4, axis=1), return_std=True)
ridge_wide = dict(X=Xw.tolist(), y=yw.tolist(), T=T[:, :2].repeat(4, axis=1).tolist(), coef=brw.coef_.tolist(), alpha=float(brw.alpha_), lambda_=float(brw.lambda_), nIter=int(brw.n_iter_), mean=mw.tolist(), std=sw.tolist())

# ---------------------------------------------------------------- conjugate closed form at fixed precisions
a_noise, l_w = 4.0, 0.5
S_post = np.linalg.inv(l_w * np.eye(d) + a_noise * X.T @ X)
m_post = a_noise * S_post @ X.T @ y
conj = dict(alpha=a_noise, lambda_=l_w, mean=m_post.tolist(), cov=S_post.tolist(),
            predMean=(T @ m_post).tolist(), predVar=(1 / a_noise + np.sum(T @ S_post * T, axis=1)).tolist(),
            logEvidence=float(-0.5 * n * np.log(2 * np.pi) + 0.5 * n * np.log(a_noise) + 0.5 * d * np.log(l_w)
                              - 0.5 * a_noise * np.sum((y - X @ m_post) ** 2) - 0.5 * l_w * m_post @ m_post
                              + 0.5 * np.linalg.slogdet(S_post)[1]))

# ---------------------------------------------------------------- Laplace logistic
nl, dl = 60, 3
Xl = rng.randn(nl, dl)
yl = (rng.rand(nl) < expit(Xl @ np.array([2.0, -1.0, 0.5]))).astype(int)
lam = 0.7
lr = LogisticRegression(C=1 / lam, fit_intercept=False, tol=1e-12, max_iter=10000).fit(Xl, yl)
wsk = lr.coef_[0].copy()
wmap = wsk.copy()
for _ in range(20):  # polish sklearn's lbfgs optimum (gradient ~1e-6) by Newton in float64
    pm = expit(Xl @ wmap)
    g = Xl.T @ (pm - yl) + lam * wmap
    Hn = lam * np.eye(dl) + Xl.T @ (Xl * (pm * (1 - pm))[:, None])
    wmap = wmap - np.linalg.solve(Hn, g)
pm = expit(Xl @ wmap)
H = lam * np.eye(dl) + Xl.T @ (Xl * (pm * (1 - pm))[:, None])
Sl = np.linalg.inv(H)
Tl = rng.randn(5, dl) * 1.5
mu_a = Tl @ wmap
var_a = np.sum(Tl @ Sl * Tl, axis=1)
probit = expit(mu_a / np.sqrt(1 + np.pi * var_a / 8))
laplace = dict(X=Xl.tolist(), y=yl.tolist(), lambda_=lam, T=Tl.tolist(), wMap=wmap.tolist(), wSklearn=wsk.tolist(), gradNormAtMap=float(np.linalg.norm(Xl.T @ (pm - yl) + lam * wmap)), cov=Sl.tolist(),
               mapProba=expit(mu_a).tolist(), probitProba=probit.tolist(), varA=var_a.tolist(),
               logEvidence=float(np.sum(yl * np.log(pm) + (1 - yl) * np.log(1 - pm)) - 0.5 * lam * wmap @ wmap + 0.5 * dl * np.log(lam) - 0.5 * np.linalg.slogdet(H)[1]))

out = dict(meta=dict(script="scripts/oracles/freeze_bayes.py", seed=SEED, python=platform.python_version(), numpy=np.__version__,
                     scipy=scipy.__version__, sklearn=sklearn.__version__),
           diagnostics=diag_cases, ridge=dict(X=X.tolist(), y=y.tolist(), T=T.tolist(), cases=ridge_cases, wide=ridge_wide),
           conjugate=conj, laplace=laplace)
path = "packages/level4-probabilistic/src/bayes/__fixtures__/bayes_oracle.json"
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print("wrote", path, [ (c["name"], round(c["rhat"], 4), round(c["essBulk"], 1), round(c["essTail"], 1)) for c in diag_cases])
