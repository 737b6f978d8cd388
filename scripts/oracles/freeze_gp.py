"""Freeze scikit-learn GaussianProcessRegressor values for level4-probabilistic/src/gp.

Cases: for each kernel (fixed hyperparameters), the log marginal likelihood and its gradient
with respect to log-hyperparameters (sklearn's theta), and the predictive mean and std at test
points; plus a few fits with the L-BFGS-B optimiser (theta and LML at the optimum).

Run: OMP_NUM_THREADS=1 /usr/bin/python3 scripts/oracles/freeze_gp.py
Writes packages/level4-probabilistic/src/gp/__fixtures__/gp_sklearn.json.
"""
import json, platform, sys
import numpy as np
import sklearn
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.gaussian_process.kernels import (RBF, Matern, ExpSineSquared, RationalQuadratic,
                                              WhiteKernel, ConstantKernel as C, DotProduct)

SEED = 20261202
rng = np.random.RandomState(SEED)

# 1-D: noisy sine on [0, 10]; 2-D: a smooth surface with anisotropic length scales.
x1 = np.sort(rng.uniform(0, 10, 25))[:, None]
y1 = np.sin(x1[:, 0]) + 0.1 * x1[:, 0] + 0.2 * rng.randn(25)
t1 = np.linspace(-1, 11, 9)[:, None]
x2 = rng.uniform(-2, 2, (30, 2))
y2 = np.sin(1.5 * x2[:, 0]) + 0.3 * x2[:, 1] ** 2 + 0.05 * rng.randn(30)
t2 = rng.uniform(-2.5, 2.5, (7, 2))

def case(name, kernel, X, y, T, alpha=1e-10, normalize_y=False):
    gp = GaussianProcessRegressor(kernel=kernel, alpha=alpha, normalize_y=normalize_y, optimizer=None).fit(X, y)
    lml, grad = gp.log_marginal_likelihood(gp.kernel_.theta, eval_gradient=True)
    mean, std = gp.predict(T, return_std=True)
    _, cov = gp.predict(T[:3], return_cov=True)
    return dict(name=name, kernel=repr(kernel), theta=gp.kernel_.theta.tolist(), alpha=alpha, normalizeY=normalize_y,
                X=X.tolist(), y=y.tolist(), T=T.tolist(), lml=float(lml), grad=grad.tolist(),
                mean=mean.tolist(), std=std.tolist(), cov3=cov.tolist(),
                K=kernel(X[:4]).tolist(), Kcross=kernel(T[:3], X[:4]).tolist(), diag=kernel.diag(T).tolist())

cases = [
    case('rbf 1d', RBF(1.3), x1, y1, t1, alpha=0.04),
    case('rbf*const + white 1d', C(2.0) * RBF(0.8) + WhiteKernel(0.05), x1, y1, t1),
    case('matern 0.5 1d', Matern(1.1, nu=0.5), x1, y1, t1, alpha=0.04),
    case('matern 1.5 1d', Matern(1.1, nu=1.5) + WhiteKernel(0.03), x1, y1, t1),
    case('matern 2.5 1d normalize', C(1.5) * Matern(2.0, nu=2.5) + WhiteKernel(0.02), x1, y1, t1, normalize_y=True),
    case('periodic 1d', C(1.0) * ExpSineSquared(1.2, 6.0) + WhiteKernel(0.05), x1, y1, t1),
    case('rational quadratic 1d', RationalQuadratic(1.5, 0.7) + WhiteKernel(0.04), x1, y1, t1),
    case('rbf ard 2d', C(1.2) * RBF([0.9, 1.6]) + WhiteKernel(0.01), x2, y2, t2),
    case('matern 1.5 ard 2d', Matern([0.7, 1.4], nu=1.5), x2, y2, t2, alpha=0.01),
    case('sum of products 2d', C(1.0) * RBF(1.0) * ExpSineSquared(2.0, 3.0) + C(0.5) * RationalQuadratic(0.5, 2.0) + WhiteKernel(0.02), x2, y2, t2),
]

def fit_case(name, kernel, X, y, alpha=1e-10, normalize_y=False):
    gp = GaussianProcessRegressor(kernel=kernel, alpha=alpha, normalize_y=normalize_y, n_restarts_optimizer=0).fit(X, y)
    return dict(name=name, kernel=repr(kernel), theta0=kernel.theta.tolist(), X=X.tolist(), y=y.tolist(), alpha=alpha,
                normalizeY=normalize_y, theta=gp.kernel_.theta.tolist(), lml=float(gp.log_marginal_likelihood_value_),
                fitted=repr(gp.kernel_))

fits = [
    fit_case('fit rbf*const + white 1d', C(1.0) * RBF(1.0) + WhiteKernel(0.1), x1, y1),
    fit_case('fit matern 2.5 + white 1d normalize', C(1.0) * Matern(1.0, nu=2.5) + WhiteKernel(0.1), x1, y1, normalize_y=True),
    fit_case('fit rbf ard + white 2d', C(1.0) * RBF([1.0, 1.0]) + WhiteKernel(0.1), x2, y2),
]

meta = dict(script='scripts/oracles/freeze_gp.py', sklearn=sklearn.__version__, numpy=np.__version__,
            python=platform.python_version(), seed=SEED, dtype='float64')
out = 'packages/level4-probabilistic/src/gp/__fixtures__/gp_sklearn.json'
with open(out, 'w') as f:
    json.dump(dict(meta=meta, cases=cases, fits=fits), f)
print(out, len(cases), 'cases', len(fits), 'fits')
for c in fits: print(c['name'], c['fitted'], c['lml'])
