"""Freeze oracle values for @fpml/level4-probabilistic's effect estimators (src/causal/estimate).

Data (numpy RandomState(SEED), saved into the fixture so the TypeScript test reads the same rows):
- `backdoor` (n = 500): X1, X2 ~ N(0, 1), X3 ~ Bern(0.4); e = sigmoid(-0.3 + 0.8 X1 - 0.5 X2 + 0.6 X3),
  T ~ Bern(e); Y = 1 + 2T + 1.5 X1 + X2 - X3 + 0.5 T X1 + 0.5 X1^2 + N(0, 1).
- `iv` (n = 500): U, X, Z2 ~ N(0, 1), Z1 ~ Bern(0.5); binary Tb = 1[1.2 Z1 + 0.8 U + 0.3 X + logistic > 0.6],
  continuous Tc = 0.8 Z1 + 0.6 Z2 + 0.5 U + 0.3 X + N(0, 1); Y = 1 + 1.5 T + 0.7 X + U + N(0, 1) for each.
- `did` (n = 400, 40 clusters): group G, period P, covariate X, cluster ids.
- `rdd` (n = 400): R ~ U(-1, 1), cutoff 0.1, sharp T = 1[R >= c] and a fuzzy T.

Oracles:
- propensity: statsmodels 0.13 `Logit` (Newton, tol 1e-12), unpenalised;
- IPW (Horvitz-Thompson and Hajek; ATE, ATT, ATC; and ATE after trimming at 0.1 with the
  propensity refitted on the kept units): values from the formulas in numpy; SE from the stacked
  M-estimation sandwich A^{-1} B A^{-T} / n of (logistic score, arm-mean equations), its
  Jacobian A by complex-step differentiation (exact to rounding, independent of fpml's
  analytic influence functions);
- AIPW (ATE, ATT, ATC): outcome models by statsmodels `OLS` in each arm, formulas and the
  influence-function SE in numpy;
- regression adjustment: statsmodels `OLS` coefficient of T and its SE for cov_type nonrobust,
  HC0..HC3; g-computation ATT/ATC in numpy (delta-method SE with HC1 arm covariances);
- 2SLS: statsmodels `IV2SLS` (statsmodels.sandbox.regression.gmm) params and nonrobust bse,
  HC0/HC1 sandwich SEs in numpy; first-stage F from statsmodels OLS `compare_f_test`;
  just-identified binary case = the Wald ratio;
- matching (k:1 with replacement on logit e, ATT/ATC/ATE): brute-force nearest neighbours and the
  Abadie-Imbens SE (J = 2 same-group neighbours for the conditional variances) in numpy;
- stratification: numpy quantile strata (right-closed), within-stratum Welch variances;
- DiD: statsmodels OLS of Y on (1, G, P, G*P, X), HC1 and cluster (CR1) SEs;
- RDD: statsmodels WLS (triangular kernel weights, units inside the bandwidth) of Y on
  (1, D, R - c, D (R - c)), HC0 SE; fuzzy: ratio of the two jumps with the delta-method SE from the
  stacked HC0 influence functions.

Run: OMP_NUM_THREADS=1 /usr/bin/python3 scripts/oracles/freeze_causal_estimators.py
Writes packages/level4-probabilistic/src/causal/estimate/__fixtures__/causal_estimators.json.
"""
import json
import os
import platform
import sys

import numpy as np
import scipy
import statsmodels
import statsmodels.api as sm
from statsmodels.sandbox.regression.gmm import IV2SLS

SEED = 20261202
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "packages/level4-probabilistic/src/causal/estimate/__fixtures__/causal_estimators.json")
rng = np.random.RandomState(SEED)


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


# ---------------------------------------------------------------- backdoor data
n = 500
X1, X2 = rng.randn(n), rng.randn(n)
X3 = (rng.rand(n) < 0.4).astype(float)
e_true = sigmoid(-0.3 + 0.8 * X1 - 0.5 * X2 + 0.6 * X3)
T = (rng.rand(n) < e_true).astype(float)
Y = 1 + 2 * T + 1.5 * X1 + X2 - X3 + 0.5 * T * X1 + 0.5 * X1 ** 2 + rng.randn(n)
Xcov = np.column_stack([X1, X2, X3])


def logit_fit(T, X):
    D = sm.add_constant(X, has_constant="add")
    res = sm.Logit(T, D).fit(method="newton", tol=1e-12, maxiter=100, disp=0)
    return res.params, D


FACTORS = {  # (factor for mu1, factor for mu0) as functions of e
    "ate": (lambda e: 1 / e, lambda e: 1 / (1 - e)),
    "att": (lambda e: 1 + 0 * e, lambda e: e / (1 - e)),
    "atc": (lambda e: (1 - e) / e, lambda e: 1 + 0 * e),
}


def ipw_psi(theta, T, Y, D, target, hajek):
    """Stacked estimating functions (n, k + 2) at theta = (beta, mu1, mu0); complex-safe."""
    k = D.shape[1]
    beta, mu1, mu0 = theta[:k], theta[k], theta[k + 1]
    e = sigmoid(D @ beta)
    f1, f0 = FACTORS[target]
    g1, g0 = T * f1(e), (1 - T) * f0(e)
    if hajek:
        h1, h0 = g1, g0
    else:
        ind = {"ate": np.ones_like(T), "att": T, "atc": 1 - T}[target]
        h1 = h0 = ind
    score = (T - e)[:, None] * D
    return np.column_stack([score, g1 * Y - mu1 * h1, g0 * Y - mu0 * h0])


def ipw_oracle(T, Y, X, target, hajek):
    beta, D = logit_fit(T, X)
    n, k = D.shape
    e = sigmoid(D @ beta)
    f1, f0 = FACTORS[target]
    g1, g0 = T * f1(e), (1 - T) * f0(e)
    if hajek:
        mu1, mu0 = (g1 * Y).sum() / g1.sum(), (g0 * Y).sum() / g0.sum()
    else:
        ind = {"ate": np.ones_like(T), "att": T, "atc": 1 - T}[target]
        mu1, mu0 = (g1 * Y).sum() / ind.sum(), (g0 * Y).sum() / ind.sum()
    theta = np.concatenate([beta, [mu1, mu0]])
    P = theta.size
    A = np.zeros((P, P))
    h = 1e-30
    for j in range(P):
        tc = theta.astype(complex)
        tc[j] += 1j * h
        A[:, j] = ipw_psi(tc, T, Y, D, target, hajek).imag.mean(axis=0) / h
    psi = ipw_psi(theta, T, Y, D, target, hajek)
    B = psi.T @ psi / n
    Ainv = np.linalg.inv(A)
    V = Ainv @ B @ Ainv.T / n
    c = np.zeros(P)
    c[k], c[k + 1] = 1, -1
    return dict(target=target, stabilized=hajek, value=float(mu1 - mu0), stdErr=float(np.sqrt(c @ V @ c)),
                mu1=float(mu1), mu0=float(mu0), maxAbsMeanPsi=float(np.abs(psi.mean(axis=0)).max()))


def arm_ols(T, Y, X, arm):
    m = T == arm
    res = sm.OLS(Y[m], sm.add_constant(X[m], has_constant="add")).fit()
    return res


def aipw_oracle(T, Y, X, target):
    beta, D = logit_fit(T, X)
    e = sigmoid(D @ beta)
    Dall = sm.add_constant(X, has_constant="add")
    mu1 = Dall @ arm_ols(T, Y, X, 1).params
    mu0 = Dall @ arm_ols(T, Y, X, 0).params
    n = len(Y)
    if target == "ate":
        psi = mu1 - mu0 + T * (Y - mu1) / e - (1 - T) * (Y - mu0) / (1 - e)
        tau = psi.mean()
        phi = psi - tau
    elif target == "att":
        psi = T * (Y - mu0) - (1 - T) * e / (1 - e) * (Y - mu0)
        p = T.mean()
        tau = psi.sum() / T.sum()
        phi = (psi - tau * T) / p
    else:
        psi = (1 - T) * (mu1 - Y) + T * (1 - e) / e * (Y - mu1)
        p = 1 - T.mean()
        tau = psi.sum() / (1 - T).sum()
        phi = (psi - tau * (1 - T)) / p
    return dict(target=target, value=float(tau), stdErr=float(np.sqrt((phi ** 2).sum()) / n))


def regression_oracle(T, Y, X):
    D = sm.add_constant(np.column_stack([T, X]), has_constant="add")
    out = {}
    for cov in ["nonrobust", "HC0", "HC1", "HC2", "HC3"]:
        res = sm.OLS(Y, D).fit(cov_type=cov)
        out[cov.lower()] = dict(value=float(res.params[1]), stdErr=float(res.bse[1]))
    Dall = sm.add_constant(X, has_constant="add")
    r1, r0 = arm_ols(T, Y, X, 1), arm_ols(T, Y, X, 0)
    V1, V0 = r1.get_robustcov_results("HC1").cov_params(), r0.get_robustcov_results("HC1").cov_params()
    mu1, mu0 = Dall @ r1.params, Dall @ r0.params
    g = {}
    for target in ["att", "atc", "ate"]:
        if target == "att":
            d, V, xb = (Y - mu0)[T == 1], V0, Dall[T == 1].mean(axis=0)
            mv = xb @ V @ xb
        elif target == "atc":
            d, V, xb = (mu1 - Y)[T == 0], V1, Dall[T == 0].mean(axis=0)
            mv = xb @ V @ xb
        else:
            d, xb = mu1 - mu0, Dall.mean(axis=0)
            mv = xb @ V1 @ xb + xb @ V0 @ xb
        g[target] = dict(value=float(d.mean()), stdErr=float(np.sqrt(d.var(ddof=1) / len(d) + mv)))
    out["gComputation"] = g
    return out


beta_hat, _ = logit_fit(T, Xcov)
e_hat = sigmoid(sm.add_constant(Xcov) @ beta_hat)
keep = (e_hat >= 0.1) & (e_hat <= 0.9)

def psm_oracle(T, Y, e, k, target, J=2):
    """k:1 nearest-neighbour matching with replacement on logit e (brute force) and the Abadie-Imbens SE."""
    s = np.log(e / (1 - e))
    n = len(Y)
    t1, t0 = np.where(T == 1)[0], np.where(T == 0)[0]
    K, Q, own = np.zeros(n), np.zeros(n), np.zeros(n)
    diffs = []
    def match(frm, pool, sign):
        for i in frm:
            js = pool[np.argsort(np.abs(s[pool] - s[i]), kind="stable")[:k]]
            diffs.append(sign * (Y[i] - Y[js].mean()))
            K[js] += 1 / k
            Q[js] += 1 / k ** 2
            own[i] = 1
    if target in ("att", "ate"):
        match(t1, t0, 1)
    if target in ("atc", "ate"):
        match(t0, t1, -1)
    diffs = np.array(diffs)
    tau = diffs.mean()
    sig = np.zeros(n)
    for grp in (t1, t0):
        for j in grp:
            others = grp[grp != j]
            nb = others[np.argsort(np.abs(s[others] - s[j]), kind="stable")[:J]]
            sig[j] = J / (J + 1) * (Y[j] - Y[nb].mean()) ** 2
    E = len(diffs)
    v = ((diffs - tau) ** 2).sum() + (((own + K) ** 2 - own - Q) * sig)[K > 0].sum()
    return dict(target=target, k=k, value=float(tau), stdErr=float(np.sqrt(v) / E))


def strat_oracle(T, Y, e, S, target):
    edges = np.quantile(e, np.arange(1, S) / S)
    st = np.searchsorted(edges, e, side="left")  # stratum s holds edges[s-1] < e <= edges[s]
    taus, ws, vs = [], [], []
    for s_ in range(S):
        m1, m0 = (st == s_) & (T == 1), (st == s_) & (T == 0)
        if m1.sum() < 2 or m0.sum() < 2:
            continue
        taus.append(Y[m1].mean() - Y[m0].mean())
        vs.append(Y[m1].var(ddof=1) / m1.sum() + Y[m0].var(ddof=1) / m0.sum())
        ws.append({"ate": m1.sum() + m0.sum(), "att": m1.sum(), "atc": m0.sum()}[target])
    w = np.array(ws, float) / sum(ws)
    return dict(target=target, strata=S, value=float(w @ np.array(taus)), stdErr=float(np.sqrt((w ** 2) @ np.array(vs))))


backdoor = dict(
    n=n, T=T.tolist(), Y=Y.tolist(), X=[X1.tolist(), X2.tolist(), X3.tolist()], names=["X1", "X2", "X3"],
    propensityCoef=beta_hat.tolist(), propensity=e_hat.tolist(),
    ipw=[ipw_oracle(T, Y, Xcov, t, hj) for t in ["ate", "att", "atc"] for hj in [True, False]],
    ipwTrim=dict(trim=0.1, kept=int(keep.sum()), **ipw_oracle(T[keep], Y[keep], Xcov[keep], "ate", True)),
    aipw=[aipw_oracle(T, Y, Xcov, t) for t in ["ate", "att", "atc"]],
    regression=regression_oracle(T, Y, Xcov),
    psm=[psm_oracle(T, Y, e_hat, 1, "att"), psm_oracle(T, Y, e_hat, 3, "att"), psm_oracle(T, Y, e_hat, 1, "atc"), psm_oracle(T, Y, e_hat, 2, "ate")],
    stratification=[strat_oracle(T, Y, e_hat, 5, t) for t in ["ate", "att", "atc"]] + [strat_oracle(T, Y, e_hat, 10, "ate")],
)

# ---------------------------------------------------------------- IV data
m = 500
U, Xv, Z2 = rng.randn(m), rng.randn(m), rng.randn(m)
Z1 = (rng.rand(m) < 0.5).astype(float)
q = rng.rand(m)
Tb = ((1.2 * Z1 + 0.8 * U + 0.3 * Xv + np.log(q / (1 - q))) > 0.6).astype(float)
Tc = 0.8 * Z1 + 0.6 * Z2 + 0.5 * U + 0.3 * Xv + rng.randn(m)
eps = rng.randn(m)
Yb = 1 + 1.5 * Tb + 0.7 * Xv + U + eps
Yc = 1 + 1.5 * Tc + 0.7 * Xv + U + eps


def tsls_oracle(Yv, Tv, Zs, Xs):
    n = len(Yv)
    R = sm.add_constant(np.column_stack([Tv] + Xs), has_constant="add")  # (1, T, X)
    Zf = sm.add_constant(np.column_stack(Zs + Xs), has_constant="add")  # (1, Z, X)
    res = IV2SLS(Yv, R, Zf).fit()
    beta = res.params
    Rhat = Zf @ np.linalg.lstsq(Zf, R, rcond=None)[0]
    u = Yv - R @ beta
    bread = np.linalg.inv(Rhat.T @ Rhat)
    meat = (Rhat * (u ** 2)[:, None]).T @ Rhat
    V0 = bread @ meat @ bread
    k = R.shape[1]
    fu = sm.OLS(Tv, Zf).fit()
    fr = sm.OLS(Tv, sm.add_constant(np.column_stack(Xs), has_constant="add") if Xs else np.ones((n, 1))).fit()
    F = fu.compare_f_test(fr)[0]
    return dict(value=float(beta[1]), coef=beta.tolist(), stdErrNonrobust=float(res.bse[1]),
                stdErrHc0=float(np.sqrt(V0[1, 1])), stdErrHc1=float(np.sqrt(V0[1, 1] * n / (n - k))), firstStageF=float(F))


wald_plain = (Yb[Z1 == 1].mean() - Yb[Z1 == 0].mean()) / (Tb[Z1 == 1].mean() - Tb[Z1 == 0].mean())
iv = dict(
    n=m, Z1=Z1.tolist(), Z2=Z2.tolist(), X=Xv.tolist(), Tb=Tb.tolist(), Tc=Tc.tolist(), Yb=Yb.tolist(), Yc=Yc.tolist(),
    waldPlain=dict(ratio=float(wald_plain), **tsls_oracle(Yb, Tb, [Z1], [])),
    waldCovariate=tsls_oracle(Yb, Tb, [Z1], [Xv]),
    tslsOver=tsls_oracle(Yc, Tc, [Z1, Z2], [Xv]),
)

# ---------------------------------------------------------------- DiD data
nd, G = 400, 40
cl = np.repeat(np.arange(G), nd // G)
grp = (cl < 20).astype(float)  # first 20 clusters treated
post = (rng.rand(nd) < 0.5).astype(float)
Xd = rng.randn(nd)
ce = rng.randn(G)[cl]
Yd = 1 + 0.5 * grp + 0.8 * post + 1.7 * grp * post + 0.6 * Xd + ce + rng.randn(nd)


def did_oracle(with_x):
    cols = [grp, post, grp * post] + ([Xd] if with_x else [])
    D = sm.add_constant(np.column_stack(cols), has_constant="add")
    r1 = sm.OLS(Yd, D).fit(cov_type="HC1")
    rc = sm.OLS(Yd, D).fit(cov_type="cluster", cov_kwds=dict(groups=cl))
    return dict(value=float(r1.params[3]), stdErrHc1=float(r1.bse[3]), stdErrCluster=float(rc.bse[3]))


cell = lambda g, p: Yd[(grp == g) & (post == p)].mean()
did = dict(n=nd, G=grp.tolist(), P=post.tolist(), X=Xd.tolist(), Y=Yd.tolist(), clusters=cl.tolist(),
           twoByTwo=float((cell(1, 1) - cell(1, 0)) - (cell(0, 1) - cell(0, 0))),
           plain=did_oracle(False), covariate=did_oracle(True))

# ---------------------------------------------------------------- RDD data
nr, c, hbw = 400, 0.1, 0.5
R = rng.uniform(-1, 1, nr)
Dr = (R >= c).astype(float)
Yr = 0.5 + 1.2 * (R - c) - 0.8 * (R - c) ** 2 + 1.0 * Dr + 0.4 * rng.randn(nr)
pf = np.where(Dr == 1, 0.8, 0.15)
Tf = (rng.rand(nr) < pf).astype(float)
Yf = 0.5 + 1.2 * (R - c) - 0.8 * (R - c) ** 2 + 1.0 * Tf + 0.4 * rng.randn(nr)


def local_linear(Yv, h):
    u = (R - c) / h
    w = np.maximum(0, 1 - np.abs(u))
    m = w > 0
    D = np.column_stack([np.ones(nr), Dr, R - c, Dr * (R - c)])[m]
    res = sm.WLS(Yv[m], D, weights=w[m]).fit(cov_type="HC0")
    # influence values of the jump coefficient: row 1 of (D'WD)^{-1} D_i w_i u_i
    bread = np.linalg.inv(D.T @ (D * w[m][:, None]))
    resid = Yv[m] - D @ res.params
    infl = (bread @ (D * (w[m] * resid)[:, None]).T)[1]
    return res, infl, int(m.sum())


ry, iy, nin = local_linear(Yr, hbw)
fy, ify, _ = local_linear(Yf, hbw)
ft, ift, _ = local_linear(Tf, hbw)
ratio = fy.params[1] / ft.params[1]
gy, gt = 1 / ft.params[1], -fy.params[1] / ft.params[1] ** 2
fuzzy_se = np.sqrt(((gy * ify + gt * ift) ** 2).sum())
rdd = dict(n=nr, R=R.tolist(), cutoff=c, bandwidth=hbw, Y=Yr.tolist(), Tf=Tf.tolist(), Yf=Yf.tolist(),
           sharp=dict(value=float(ry.params[1]), stdErr=float(ry.bse[1]), nInside=nin),
           fuzzy=dict(value=float(ratio), stdErr=float(fuzzy_se), jumpY=float(fy.params[1]), jumpT=float(ft.params[1])))

out = dict(
    meta=dict(seed=SEED, python=sys.version.split()[0], numpy=np.__version__, scipy=scipy.__version__,
              statsmodels=statsmodels.__version__, platform=platform.platform(), script="scripts/oracles/freeze_causal_estimators.py"),
    backdoor=backdoor, iv=iv, did=did, rdd=rdd,
)
os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w") as f:
    json.dump(out, f)
print("wrote", OUT)
print("logit", beta_hat, "kept", keep.sum())
print("ipw", [(r["target"], r["stabilized"], r["value"], r["stdErr"], r["maxAbsMeanPsi"]) for r in backdoor["ipw"]])
print("aipw", backdoor["aipw"])
print("psm", backdoor["psm"])
print("strat", backdoor["stratification"])
print("iv", iv["waldPlain"], iv["tslsOver"])
print("did", did["twoByTwo"], did["plain"], did["covariate"])
print("rdd", rdd["sharp"], rdd["fuzzy"])
