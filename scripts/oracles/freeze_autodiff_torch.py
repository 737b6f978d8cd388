"""Freeze PyTorch float64 forward values and gradients for @fpml/level1-math's autodiff tests.

For every case: random inputs (seeded numpy), the op's output computed by torch 1.13 in float64,
and the gradients of L = sum(w * op(inputs)) with respect to every input, for a random weight w of
the output's shape (so every entry of the vector-Jacobian product is tested, not just a uniform
seed). Cases cover each op of the engine, including NumPy broadcasting and the stable
logsumexp / cross-entropy at logits of +-1000.

Also:
  mlp      : a 2-layer tanh MLP, X (8, 5) -> 16 -> 3, mean softmax cross-entropy; loss and the
             gradients with respect to W1, b1, W2, b2.
  hessians : torch.autograd.functional.hessian of two scalar functions, for grad-of-grad tests:
             ce    : L(z) = mean cross-entropy of logits z (2, 3), targets [2, 0]
             tanhce: L(W) = mean cross-entropy of tanh(X W) (4, 3) for X (4, 2), W (2, 3)

Output: packages/level1-math/src/autodiff/__fixtures__/autodiff_torch.json
  meta  : script, versions, seed
  cases : [{ name, op, args, inputs: [{shape, data}], weight: {shape, data}, output: {shape, data},
            grads: [{shape, data} | null] }]   (data flattened row-major)

Run: OMP_NUM_THREADS=1 /usr/bin/python3 scripts/oracles/freeze_autodiff_torch.py
"""
import json
import os
import platform
import sys

import numpy as np
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "packages/level1-math/src/autodiff/__fixtures__/autodiff_torch.json")
SEED = 20240604
rng = np.random.default_rng(SEED)
torch.set_default_dtype(torch.float64)


def enc(t):
    a = t.detach().numpy() if isinstance(t, torch.Tensor) else np.asarray(t, dtype=np.float64)
    return {"shape": list(a.shape), "data": [float(v) for v in a.reshape(-1)]}


def rand(shape, kind="normal"):
    if kind == "positive":
        return rng.uniform(0.3, 2.5, size=shape)
    if kind == "large":
        return rng.normal(0.0, 400.0, size=shape)
    return rng.normal(0.0, 1.0, size=shape)


def case(name, op, fn, shapes, args=None, kinds=None, values=None):
    kinds = kinds or ["normal"] * len(shapes)
    arrays = values if values is not None else [rand(s, k) for s, k in zip(shapes, kinds)]
    xs = [torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in arrays]
    out = fn(*xs)
    w = torch.tensor(rng.normal(0.0, 1.0, size=tuple(out.shape)))
    L = (out * w).sum()
    grads = torch.autograd.grad(L, xs, allow_unused=True)
    return {
        "name": name,
        "op": op,
        "args": args or {},
        "inputs": [enc(a) for a in arrays],
        "weight": enc(w),
        "output": enc(out),
        "grads": [enc(g) if g is not None else None for g in grads],
    }


cases = []
# elementwise binary, with broadcasting
for op, f in [("add", torch.add), ("sub", torch.sub), ("mul", torch.mul), ("div", torch.div)]:
    kinds2 = ["normal", "positive"] if op == "div" else ["normal", "normal"]
    for shapes in [([2, 3], [2, 3]), ([2, 3], [3]), ([4, 1, 3], [2, 1]), ([], [2, 2]), ([3, 1], [1, 4])]:
        cases.append(case(f"{op} {shapes[0]} {shapes[1]}", op, f, list(shapes), kinds=kinds2))
cases.append(case("pow tensor [2,3] [3]", "pow", torch.pow, [[2, 3], [3]], kinds=["positive", "normal"]))
cases.append(case("pow number 3", "powScalar", lambda x: torch.pow(x, 3.0), [[3, 2]], args={"p": 3}))
cases.append(case("pow number 0.5", "powScalar", lambda x: torch.pow(x, 0.5), [[3, 2]], args={"p": 0.5}, kinds=["positive"]))
cases.append(case("pow number -2", "powScalar", lambda x: torch.pow(x, -2.0), [[4]], args={"p": -2}, kinds=["positive"]))
# elementwise unary
for op, f, kind in [
    ("neg", torch.neg, "normal"),
    ("square", torch.square, "normal"),
    ("exp", torch.exp, "normal"),
    ("log", torch.log, "positive"),
    ("sqrt", torch.sqrt, "positive"),
    ("tanh", torch.tanh, "normal"),
    ("sigmoid", torch.sigmoid, "normal"),
    ("relu", torch.relu, "normal"),
    ("abs", torch.abs, "normal"),
]:
    cases.append(case(f"{op} [3,4]", op, f, [[3, 4]], kinds=[kind]))
cases.append(case("sigmoid large", "sigmoid", torch.sigmoid, [[6]], values=[np.array([-800.0, -40.0, -1.0, 0.5, 40.0, 800.0])]))
# reductions
for op, f in [("sum", torch.sum), ("mean", torch.mean), ("max", torch.amax)]:
    cases.append(case(f"{op} all", op, lambda x, f=f: f(x) if f is not torch.amax else torch.amax(x, dim=(0, 1, 2)), [[2, 3, 4]], args={}))
    cases.append(case(f"{op} axis 1", op, lambda x, f=f: f(x, dim=1) if f is not torch.amax else torch.amax(x, dim=1), [[2, 3, 4]], args={"axis": 1}))
    cases.append(case(f"{op} axes [0,2] keepDims", op, lambda x, f=f: f(x, dim=(0, 2), keepdim=True) if f is not torch.amax else torch.amax(x, dim=(0, 2), keepdim=True), [[2, 3, 4]], args={"axis": [0, 2], "keepDims": True}))
    cases.append(case(f"{op} axis -1", op, lambda x, f=f: f(x, dim=-1) if f is not torch.amax else torch.amax(x, dim=-1), [[3, 5]], args={"axis": -1}))
# matmul
cases.append(case("matmul 2-D", "matmul", torch.matmul, [[3, 4], [4, 2]]))
cases.append(case("matmul batched", "matmul", torch.matmul, [[2, 3, 4], [2, 4, 5]]))
cases.append(case("matmul broadcast batch", "matmul", torch.matmul, [[2, 1, 3, 4], [3, 4, 2]]))
cases.append(case("matmul batch x 2-D", "matmul", torch.matmul, [[2, 3, 4], [4, 2]]))
# shape ops
cases.append(case("reshape", "reshape", lambda x: x.reshape(4, -1), [[2, 3, 2]], args={"shape": [4, -1]}))
cases.append(case("transpose 2-D", "transpose", lambda x: x.t(), [[3, 4]], args={}))
cases.append(case("transpose perm", "transpose", lambda x: x.permute(1, 2, 0), [[2, 3, 4]], args={"perm": [1, 2, 0]}))
cases.append(case("slice", "slice", lambda x: x[1:3, :, 2:4], [[3, 2, 5]], args={"begin": [1, 0, 2], "size": [2, -1, 2]}))
cases.append(case("index", "index", lambda x: x[:, 2], [[3, 4]], args={"i": 2, "axis": 1}))
cases.append(case("gather axis 0 repeats", "gather", lambda x: torch.index_select(x, 0, torch.tensor([2, 0, 2, 1])), [[3, 4]], args={"indices": [2, 0, 2, 1], "axis": 0}))
cases.append(case("gather axis 1", "gather", lambda x: torch.index_select(x, 1, torch.tensor([3, 3, 0])), [[2, 4, 2]], args={"indices": [3, 3, 0], "axis": 1}))
cases.append(case("concat axis 1", "concat", lambda a, b, c: torch.cat([a, b, c], dim=1), [[2, 1, 3], [2, 2, 3], [2, 3, 3]], args={"axis": 1}))
# nn
cases.append(case("softmax axis -1", "softmax", lambda x: torch.softmax(x, dim=-1), [[3, 5]], args={"axis": -1}))
cases.append(case("softmax axis 0", "softmax", lambda x: torch.softmax(x, dim=0), [[3, 4]], args={"axis": 0}))
cases.append(case("logSoftmax axis -1", "logSoftmax", lambda x: torch.log_softmax(x, dim=-1), [[3, 5]], args={"axis": -1}))
cases.append(case("logSoftmax axis 1 of 3-D", "logSoftmax", lambda x: torch.log_softmax(x, dim=1), [[2, 3, 4]], args={"axis": 1}))
cases.append(case("logsumexp axis -1", "logsumexp", lambda x: torch.logsumexp(x, dim=-1), [[3, 5]], args={"axis": -1}))
cases.append(case("logsumexp axes [0,2] keepDims", "logsumexp", lambda x: torch.logsumexp(x, dim=(0, 2), keepdim=True), [[2, 3, 4]], args={"axis": [0, 2], "keepDims": True}))
T = [2, 0, 4, 1]
for red in ["mean", "sum", "none"]:
    cases.append(case(f"crossEntropy {red}", "crossEntropy", lambda z, red=red: torch.nn.functional.cross_entropy(z, torch.tensor(T), reduction=red), [[4, 5]], args={"targets": T, "reduction": red}))
cases.append(case("mse", "mse", lambda p, t: torch.nn.functional.mse_loss(p, t), [[3, 4], [3, 4]]))
# numerical stability at +-1000
big = np.array([[1000.0, -1000.0, 999.0], [-1000.0, -1000.0, -1001.0], [0.0, 1000.0, -1000.0]])
cases.append(case("logsumexp +-1000", "logsumexp", lambda x: torch.logsumexp(x, dim=-1), [[3, 3]], args={"axis": -1}, values=[big]))
cases.append(case("softmax +-1000", "softmax", lambda x: torch.softmax(x, dim=-1), [[3, 3]], args={"axis": -1}, values=[big]))
cases.append(case("logSoftmax +-1000", "logSoftmax", lambda x: torch.log_softmax(x, dim=-1), [[3, 3]], args={"axis": -1}, values=[big]))
cases.append(case("crossEntropy +-1000", "crossEntropy", lambda z: torch.nn.functional.cross_entropy(z, torch.tensor([1, 2, 0]), reduction="mean"), [[3, 3]], args={"targets": [1, 2, 0], "reduction": "mean"}, values=[big]))
cases.append(case("crossEntropy large random", "crossEntropy", lambda z: torch.nn.functional.cross_entropy(z, torch.tensor([0, 3, 1]), reduction="none"), [[3, 4]], args={"targets": [0, 3, 1], "reduction": "none"}, kinds=["large"]))

# 2-layer tanh MLP
X = rng.normal(size=(8, 5))
W1 = rng.normal(scale=0.5, size=(5, 16))
b1 = rng.normal(scale=0.1, size=(16,))
W2 = rng.normal(scale=0.5, size=(16, 3))
b2 = rng.normal(scale=0.1, size=(3,))
y = rng.integers(0, 3, size=8)
params = [torch.tensor(a, requires_grad=True) for a in (W1, b1, W2, b2)]
h = torch.tanh(torch.tensor(X) @ params[0] + params[1])
logits = h @ params[2] + params[3]
loss = torch.nn.functional.cross_entropy(logits, torch.tensor(y))
g = torch.autograd.grad(loss, params)
mlp = {
    "X": enc(X), "W1": enc(W1), "b1": enc(b1), "W2": enc(W2), "b2": enc(b2), "y": [int(v) for v in y],
    "loss": float(loss), "grads": {k: enc(v) for k, v in zip(["W1", "b1", "W2", "b2"], g)},
}

# Hessians for grad-of-grad
z0 = rng.normal(size=(2, 3))
H_ce = torch.autograd.functional.hessian(lambda z: torch.nn.functional.cross_entropy(z, torch.tensor([2, 0])), torch.tensor(z0))
Xh = rng.normal(size=(4, 2))
Wh = rng.normal(size=(2, 3))
yh = [0, 2, 1, 1]
H_tc = torch.autograd.functional.hessian(lambda W: torch.nn.functional.cross_entropy(torch.tanh(torch.tensor(Xh) @ W), torch.tensor(yh)), torch.tensor(Wh))
hessians = {
    "ce": {"z": enc(z0), "targets": [2, 0], "H": enc(H_ce.reshape(6, 6))},
    "tanhce": {"X": enc(Xh), "W": enc(Wh), "targets": yh, "H": enc(H_tc.reshape(6, 6))},
}

meta = {
    "script": "scripts/oracles/freeze_autodiff_torch.py",
    "python": platform.python_version(),
    "numpy": np.__version__,
    "torch": torch.__version__,
    "dtype": "float64",
    "seed": SEED,
    "loss": "every case: grads of L = sum(weight * output)",
}
os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w") as fh:
    json.dump({"meta": meta, "cases": cases, "mlp": mlp, "hessians": hessians}, fh, indent=None, separators=(",", ":"))
    fh.write("\n")
print(f"wrote {OUT}: {len(cases)} cases", file=sys.stderr)
