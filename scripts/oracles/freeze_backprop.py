"""Freeze PyTorch float64 values and gradients for @fpml/level3-deep's hand-written backprop tests.

Networks (PyTorch's nn.Linear layout, W (out, in), z = x W^T + b; mean-reduced losses):
  mlp2    : X (7, 3) -> Linear(3, 5) -> act -> Linear(5, K), for act in {tanh, relu, sigmoid} and
            head in {softmax (K = 3, F.cross_entropy), sigmoid (K = 1, F.binary_cross_entropy_with_logits)}.
            Weights from nn.init.xavier_uniform_ (torch.manual_seed), biases N(0, 0.5^2) so they
            matter; inputs N(0, 1); labels uniform. Records the logits, probabilities, loss and
            the gradients with respect to W1, b1, W2, b2 and X (torch.autograd.grad).
  mlp1    : X (7, 3) -> Linear(3, K), both heads: loss, probabilities, gradients of W, b, X.
  sgd     : the tanh/softmax mlp2 case trained for 6 full-batch steps of
            torch.optim.SGD(lr=0.3, momentum=0.9): the loss before each step and the parameters after.

Output: packages/level3-deep/src/backprop/__fixtures__/backprop_torch.json
  meta : script, versions, seed, dtype
  mlp2 : [{ activation, output, X, y, W1, b1, W2, b2, Z2, P, loss, grads: { W1, b1, W2, b2, X } }]
  mlp1 : [{ output, X, y, W, b, P, loss, grads: { W, b, X } }]
  sgd  : { activation, output, lr, momentum, X, y, W1, b1, W2, b2, losses, after: { W1, b1, W2, b2 } }
  arrays are { shape, data } with data flattened row-major.

Run: OMP_NUM_THREADS=1 /usr/bin/python3 scripts/oracles/freeze_backprop.py
"""
import json
import os
import platform
import sys

import numpy as np
import torch
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "packages/level3-deep/src/backprop/__fixtures__/backprop_torch.json")
SEED = 20241202
rng = np.random.default_rng(SEED)
torch.manual_seed(SEED)
torch.set_default_dtype(torch.float64)
N, D, H = 7, 3, 5
ACTS = {"tanh": torch.tanh, "relu": torch.relu, "sigmoid": torch.sigmoid}


def enc(t):
    a = t.detach().numpy() if isinstance(t, torch.Tensor) else np.asarray(t, dtype=np.float64)
    return {"shape": list(a.shape), "data": [float(v) for v in a.reshape(-1)]}


def xavier(out_f, in_f):
    w = torch.empty(out_f, in_f)
    torch.nn.init.xavier_uniform_(w)
    return w


def head(output, z, y):
    if output == "softmax":
        return F.softmax(z, dim=1), F.cross_entropy(z, y)
    return torch.sigmoid(z), F.binary_cross_entropy_with_logits(z[:, 0], y.to(torch.float64))


def data(K):
    X = torch.tensor(rng.normal(0.0, 1.0, size=(N, D)), requires_grad=True)
    y = torch.tensor(rng.integers(0, 3 if K > 1 else 2, size=N))
    return X, y


def mlp2_case(act, output):
    K = 3 if output == "softmax" else 1
    X, y = data(K)
    W1, W2 = xavier(H, D), xavier(K, H)
    b1, b2 = torch.tensor(rng.normal(0.0, 0.5, size=H)), torch.tensor(rng.normal(0.0, 0.5, size=K))
    ps = [p.requires_grad_(True) for p in (W1, b1, W2, b2)]
    z2 = ACTS[act](X @ W1.T + b1) @ W2.T + b2
    P, loss = head(output, z2, y)
    g = torch.autograd.grad(loss, ps + [X])
    return {
        "activation": act, "output": output, "X": enc(X), "y": [int(v) for v in y],
        "W1": enc(W1), "b1": enc(b1), "W2": enc(W2), "b2": enc(b2), "Z2": enc(z2), "P": enc(P), "loss": float(loss),
        "grads": {k: enc(v) for k, v in zip(["W1", "b1", "W2", "b2", "X"], g)},
    }


def mlp1_case(output):
    K = 3 if output == "softmax" else 1
    X, y = data(K)
    W, b = xavier(K, D).requires_grad_(True), torch.tensor(rng.normal(0.0, 0.5, size=K), requires_grad=True)
    P, loss = head(output, X @ W.T + b, y)
    g = torch.autograd.grad(loss, [W, b, X])
    return {"output": output, "X": enc(X), "y": [int(v) for v in y], "W": enc(W), "b": enc(b), "P": enc(P), "loss": float(loss),
            "grads": {k: enc(v) for k, v in zip(["W", "b", "X"], g)}}


def sgd_case(lr=0.3, momentum=0.9, steps=6):
    X, y = data(3)
    X = X.detach()
    params = [xavier(H, D), torch.tensor(rng.normal(0.0, 0.5, size=H)), xavier(3, H), torch.tensor(rng.normal(0.0, 0.5, size=3))]
    start = [enc(p) for p in params]
    ps = [p.clone().requires_grad_(True) for p in params]
    opt = torch.optim.SGD(ps, lr=lr, momentum=momentum)
    losses = []
    for _ in range(steps):
        opt.zero_grad()
        loss = F.cross_entropy(torch.tanh(X @ ps[0].T + ps[1]) @ ps[2].T + ps[3], y)
        losses.append(float(loss))
        loss.backward()
        opt.step()
    names = ["W1", "b1", "W2", "b2"]
    return {"activation": "tanh", "output": "softmax", "lr": lr, "momentum": momentum, "X": enc(X), "y": [int(v) for v in y],
            **dict(zip(names, start)), "losses": losses, "after": {k: enc(p) for k, p in zip(names, ps)}}


mlp2 = [mlp2_case(a, o) for o in ("softmax", "sigmoid") for a in ("tanh", "relu", "sigmoid")]
mlp1 = [mlp1_case(o) for o in ("softmax", "sigmoid")]
sgd = sgd_case()
meta = {
    "script": "scripts/oracles/freeze_backprop.py",
    "python": platform.python_version(),
    "numpy": np.__version__,
    "torch": torch.__version__,
    "dtype": "float64",
    "seed": SEED,
    "shapes": {"n": N, "d": D, "H": H},
}
os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w") as fh:
    json.dump({"meta": meta, "mlp2": mlp2, "mlp1": mlp1, "sgd": sgd}, fh, indent=None, separators=(",", ":"))
    fh.write("\n")
print(f"wrote {OUT}: {len(mlp2)} mlp2, {len(mlp1)} mlp1 cases, sgd {len(sgd['losses'])} steps", file=sys.stderr)
