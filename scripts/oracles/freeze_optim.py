"""Freeze PyTorch optimiser trajectories and scipy L-BFGS-B results for @fpml/level1-math's optim tests.

1. torch.optim: a few steps of SGD (plain, heavy-ball momentum with dampening and weight decay,
   Nesterov), Adagrad (plain; lr_decay + weight decay + initial accumulator), RMSprop (plain;
   centered + momentum + weight decay), Adam (plain; amsgrad + L2 weight decay) and AdamW on the
   fixed quadratic f(x) = 1/2 x^T A x - b^T x in float64. The parameter vector is split into two
   tensors (x[:2], x[2:]) so the multi-parameter path is exercised; the gradient is A x - b of the
   full vector. Single-tensor (foreach=False) code path, the default on CPU in torch 1.13.
2. scipy.optimize.minimize(method='L-BFGS-B') on the Rosenbrock function (2-D from (-1.2, 1) and
   5-D from scipy's tutorial start), default options and a tight gtol, and on a 30-D diagonal
   quadratic 1/2 sum lambda_i (x_i - c_i)^2 with lambda log-spaced in [1, 1e4], c_i = sin(i+1)/lambda_i;
   recording x, f, nit, nfev.

Output: packages/level1-math/src/optim/__fixtures__/optim.json with
  meta      : script, versions, seeds (none: every input is written out below)
  quadratic : { A, b, x0 }
  torch     : [{ name, optimizer, options (torch kwargs), optionsTs (fpml camelCase), steps, trajectory }]
              trajectory[k] is x after step k+1 (flattened over both parameter tensors)
  scipy     : [{ name, x0, options, x, fun, nit, nfev, success }]

Run: OMP_NUM_THREADS=1 /usr/bin/python3 scripts/oracles/freeze_optim.py
"""
import json
import os
import platform
import sys

import numpy as np
import scipy
import torch
from scipy.optimize import minimize, rosen, rosen_der

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "packages/level1-math/src/optim/__fixtures__/optim.json")
STEPS = 8

# A fixed, well-conditioned SPD matrix (eigenvalues between ~0.6 and ~4.6) and a fixed start.
A = [
    [4.0, 1.0, 0.5, 0.0],
    [1.0, 3.0, 0.2, 0.3],
    [0.5, 0.2, 2.0, 0.4],
    [0.0, 0.3, 0.4, 1.0],
]
B = [1.0, -2.0, 0.5, 0.25]
X0 = [1.5, -0.7, 2.2, -1.3]

CONFIGS = [
    ("sgd", "SGD", {"lr": 0.1}),
    ("sgd-momentum", "SGD", {"lr": 0.05, "momentum": 0.9, "dampening": 0.1, "weight_decay": 0.01}),
    ("sgd-nesterov", "SGD", {"lr": 0.05, "momentum": 0.8, "nesterov": True}),
    ("adagrad", "Adagrad", {"lr": 0.5}),
    ("adagrad-decay", "Adagrad", {"lr": 0.5, "lr_decay": 0.1, "weight_decay": 0.05, "initial_accumulator_value": 0.2, "eps": 1e-6}),
    ("rmsprop", "RMSprop", {"lr": 0.01}),
    ("rmsprop-centered-momentum", "RMSprop", {"lr": 0.01, "alpha": 0.9, "eps": 1e-6, "weight_decay": 0.02, "momentum": 0.5, "centered": True}),
    ("adam", "Adam", {"lr": 0.1}),
    ("adam-amsgrad-l2", "Adam", {"lr": 0.1, "betas": (0.8, 0.95), "eps": 1e-6, "weight_decay": 0.05, "amsgrad": True}),
    ("adamw", "AdamW", {"lr": 0.1, "weight_decay": 0.1}),
    ("adamw-amsgrad", "AdamW", {"lr": 0.05, "betas": (0.85, 0.99), "weight_decay": 0.3, "amsgrad": True}),
]

CAMEL = {"lr": "lr", "momentum": "momentum", "dampening": "dampening", "weight_decay": "weightDecay",
         "nesterov": "nesterov", "lr_decay": "lrDecay", "initial_accumulator_value": "initialAccumulatorValue",
         "eps": "eps", "alpha": "alpha", "centered": "centered", "betas": "betas", "amsgrad": "amsgrad"}


def run_torch(opt_name, kwargs):
    A_t = torch.tensor(A, dtype=torch.float64)
    b_t = torch.tensor(B, dtype=torch.float64)
    x0 = torch.tensor(X0, dtype=torch.float64)
    p1 = x0[:2].clone().requires_grad_(True)
    p2 = x0[2:].clone().requires_grad_(True)
    opt = getattr(torch.optim, opt_name)([p1, p2], foreach=False, **kwargs)
    traj = []
    for _ in range(STEPS):
        opt.zero_grad()
        x = torch.cat([p1, p2])
        f = 0.5 * x @ (A_t @ x) - b_t @ x
        f.backward()
        opt.step()
        traj.append(torch.cat([p1, p2]).detach().tolist())
    return traj


def main():
    torch.set_default_dtype(torch.float64)
    torch_runs = []
    for name, opt_name, kwargs in CONFIGS:
        torch_runs.append({
            "name": name,
            "optimizer": opt_name,
            "options": {k: (list(v) if isinstance(v, tuple) else v) for k, v in kwargs.items()},
            "optionsTs": {CAMEL[k]: (list(v) if isinstance(v, tuple) else v) for k, v in kwargs.items()},
            "steps": STEPS,
            "trajectory": run_torch(opt_name, kwargs),
        })

    scipy_runs = []
    starts = [("rosenbrock-2d", [-1.2, 1.0]), ("rosenbrock-5d", [1.3, 0.7, 0.8, 1.9, 1.2])]
    for name, x0 in starts:
        for label, opts in [("default", {}), ("tight", {"gtol": 1e-10, "ftol": 1e-15})]:
            r = minimize(rosen, np.array(x0), jac=rosen_der, method="L-BFGS-B", options=opts)
            scipy_runs.append({
                "name": f"{name}-{label}", "x0": x0, "options": opts,
                "x": r.x.tolist(), "fun": float(r.fun), "nit": int(r.nit), "nfev": int(r.nfev),
                "success": bool(r.success), "message": str(r.message),
            })

    # A diagonal quadratic with eigenvalues log-spaced over four decades: L-BFGS needs hundreds of
    # iterations here (no finite termination with an inexact line search). c_i = sin(i + 1) / lambda_i.
    d = 30
    lam = 10.0 ** (4.0 * np.arange(d) / (d - 1))
    c = np.sin(np.arange(d) + 1.0) / lam
    fq = lambda x: (0.5 * np.sum(lam * (x - c) ** 2), lam * (x - c))
    r = minimize(fq, np.zeros(d), jac=True, method="L-BFGS-B", options={"gtol": 1e-9, "ftol": 0.0, "maxiter": 5000})
    scipy_runs.append({
        "name": "quadratic-logspaced-kappa1e4-d30", "x0": [0.0] * d, "options": {"gtol": 1e-9, "ftol": 0.0, "maxiter": 5000},
        "x": r.x.tolist(), "fun": float(r.fun), "nit": int(r.nit), "nfev": int(r.nfev),
        "success": bool(r.success), "message": str(r.message),
    })

    out = {
        "meta": {
            "script": "scripts/oracles/freeze_optim.py",
            "python": platform.python_version(),
            "numpy": np.__version__, "scipy": scipy.__version__, "torch": torch.__version__,
            "seeds": "none (all inputs are fixed literals)",
            "note": "torch trajectories: x after each of `steps` steps, params split as x[:2], x[2:], foreach=False; scipy: L-BFGS-B with analytic gradient (m=10, maxls=20)",
        },
        "quadratic": {"A": A, "b": B, "x0": X0},
        "torch": torch_runs,
        "scipy": scipy_runs,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print(f"wrote {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
