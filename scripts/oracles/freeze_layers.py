"""Freeze PyTorch 1.13 float64 values for @fpml/level3-deep's layers, losses and training tools.

For every layer case: a state dict and inputs drawn by seeded numpy, loaded into the torch
module in float64; the module's output in the given mode, the gradients of L = sum(w * y) for
a random w of the output's shape with respect to every float input and every parameter, and
the state dict after the forward pass (BatchNorm's running statistics).

Output:
  packages/level3-deep/src/layers/__fixtures__/layers_torch.json   layers + activations
  packages/level3-deep/src/nn/__fixtures__/nn_torch.json           losses, init gains, orthogonal
  packages/level3-deep/src/train/__fixtures__/train_torch.json     AdamW/Adam steps, clipping, schedules

Format of a case: { name, layer, config, mode, state: {key: {shape, data}}, inputs: [{shape, data,
dtype}], weight: {shape, data}, output: {shape, data}, grads: {input0 | param: {shape, data}},
stateAfter: {...} } (data row-major).

Run: OMP_NUM_THREADS=1 /usr/bin/python3 scripts/oracles/freeze_layers.py
"""
import json
import math
import os
import platform

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PKG = os.path.join(ROOT, "packages/level3-deep/src")
SEED = 20240611
rng = np.random.default_rng(SEED)
torch.set_default_dtype(torch.float64)
torch.manual_seed(SEED)


def enc(t):
    a = t.detach().numpy() if isinstance(t, torch.Tensor) else np.asarray(t, dtype=np.float64)
    return {"shape": list(a.shape), "data": [float(v) for v in np.asarray(a, dtype=np.float64).reshape(-1)]}


def meta(what):
    return {
        "script": "scripts/oracles/freeze_layers.py",
        "what": what,
        "torch": torch.__version__,
        "numpy": np.__version__,
        "python": platform.python_version(),
        "seed": SEED,
        "dtype": "float64",
    }


def layer_case(name, layer, config, module, inputs, mode="train", int_inputs=(), state_fn=None, away=None):
    """inputs: list of numpy arrays; int_inputs: indices of integer inputs."""
    if state_fn is not None:
        state_fn(module)
    else:
        with torch.no_grad():
            for p in module.parameters():
                p.copy_(torch.tensor(rng.normal(0.0, 0.7, size=tuple(p.shape))))
    state = {k: enc(v) for k, v in module.state_dict().items()}
    module.train(mode == "train")
    xs = []
    for i, a in enumerate(inputs):
        if i in int_inputs:
            xs.append(torch.tensor(a, dtype=torch.long))
        else:
            xs.append(torch.tensor(a, dtype=torch.float64, requires_grad=True))
    out = module(*xs)
    w = torch.tensor(rng.normal(0.0, 1.0, size=tuple(out.shape)))
    L = (out * w).sum()
    params = dict(module.named_parameters())
    targets = [x for i, x in enumerate(xs) if i not in int_inputs] + list(params.values())
    grads = torch.autograd.grad(L, targets, allow_unused=True)
    names = [f"input{i}" for i in range(len(xs)) if i not in int_inputs] + list(params.keys())
    g = {n: enc(gr if gr is not None else torch.zeros_like(t)) for n, gr, t in zip(names, grads, targets)}
    return {
        "name": name,
        "layer": layer,
        "config": config,
        "mode": mode,
        "state": state,
        "inputs": [
            {**enc(a), "dtype": "int32" if i in int_inputs else "float32"} for i, a in enumerate(inputs)
        ],
        "weight": enc(w),
        "output": enc(out),
        "grads": g,
        "stateAfter": {k: enc(v) for k, v in module.state_dict().items()},
    }


def normal(*shape, scale=1.0):
    return rng.normal(0.0, scale, size=shape)


def away_from_zero(*shape):
    x = rng.normal(0.0, 1.0, size=shape)
    return np.sign(x) * (np.abs(x) + 0.1)


def distinct(*shape):
    """Values with no ties (max-pool windows): a random permutation of a grid, plus noise."""
    n = int(np.prod(shape))
    return (rng.permutation(n).reshape(shape) * 0.1 + rng.uniform(0, 0.05, size=shape) - n * 0.05)


def bn_state(mean_scale=0.5):
    def f(m):
        with torch.no_grad():
            m.weight.copy_(torch.tensor(rng.uniform(0.5, 1.5, size=tuple(m.weight.shape))))
            m.bias.copy_(torch.tensor(rng.normal(0.0, 0.5, size=tuple(m.bias.shape))))
            m.running_mean.copy_(torch.tensor(rng.normal(0.0, mean_scale, size=tuple(m.running_mean.shape))))
            m.running_var.copy_(torch.tensor(rng.uniform(0.5, 2.0, size=tuple(m.running_var.shape))))
            m.num_batches_tracked.fill_(3)
    return f


class RMSNormRef(nn.Module):
    """torch 2.4's nn.RMSNorm semantics (not in 1.13): y = x / sqrt(mean(x^2, last dims) + eps) * weight."""

    def __init__(self, shape, eps=1e-6, affine=True):
        super().__init__()
        self.shape = tuple(shape) if isinstance(shape, (list, tuple)) else (shape,)
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(self.shape)) if affine else None

    def forward(self, x):
        dims = tuple(range(-len(self.shape), 0))
        y = x * torch.rsqrt(x.pow(2).mean(dim=dims, keepdim=True) + self.eps)
        return y * self.weight if self.weight is not None else y


class Fn(nn.Module):
    def __init__(self, f):
        super().__init__()
        self.f = f

    def forward(self, *xs):
        return self.f(*xs)


def layers():
    cases = []
    # Linear
    cases.append(layer_case("linear 5->3", "Linear", {"inFeatures": 5, "outFeatures": 3, "bias": True}, nn.Linear(5, 3), [normal(4, 5)]))
    cases.append(layer_case("linear 5->3 no bias, (2,3,5) input", "Linear", {"inFeatures": 5, "outFeatures": 3, "bias": False}, nn.Linear(5, 3, bias=False), [normal(2, 3, 5)]))
    # Embedding
    cases.append(layer_case("embedding 7x4", "Embedding", {"numEmbeddings": 7, "embeddingDim": 4}, nn.Embedding(7, 4), [np.array([[1, 3, 3], [6, 0, 2]])], int_inputs=(0,)))
    def emb_pad(m):
        with torch.no_grad():
            m.weight.copy_(torch.tensor(rng.normal(0.0, 1.0, size=tuple(m.weight.shape))))
    cases.append(layer_case("embedding 6x3 padding_idx 2", "Embedding", {"numEmbeddings": 6, "embeddingDim": 3, "paddingIdx": 2}, nn.Embedding(6, 3, padding_idx=2), [np.array([2, 0, 2, 5, 1])], int_inputs=(0,), state_fn=emb_pad))
    # LayerNorm
    cases.append(layer_case("layernorm 6", "LayerNorm", {"normalizedShape": [6]}, nn.LayerNorm(6), [normal(3, 6, scale=2.0) + 1.0]))
    cases.append(layer_case("layernorm [3,4] eps 1e-3", "LayerNorm", {"normalizedShape": [3, 4], "eps": 1e-3}, nn.LayerNorm([3, 4], eps=1e-3), [normal(2, 3, 4)]))
    cases.append(layer_case("layernorm 5 no affine", "LayerNorm", {"normalizedShape": [5], "elementwiseAffine": False}, nn.LayerNorm(5, elementwise_affine=False), [normal(2, 2, 5)]))
    # RMSNorm (torch-composed reference)
    cases.append(layer_case("rmsnorm 6", "RMSNorm", {"normalizedShape": [6]}, RMSNormRef(6), [normal(3, 6, scale=2.0)]))
    cases.append(layer_case("rmsnorm [2,3] eps 1e-5 no affine", "RMSNorm", {"normalizedShape": [2, 3], "eps": 1e-5, "elementwiseAffine": False}, RMSNormRef([2, 3], eps=1e-5, affine=False), [normal(2, 2, 3)]))
    # BatchNorm
    cases.append(layer_case("batchnorm1d (5,3) train", "BatchNorm1d", {"numFeatures": 3}, nn.BatchNorm1d(3), [normal(5, 3, scale=2.0) + 0.5], mode="train", state_fn=bn_state()))
    cases.append(layer_case("batchnorm1d (4,3,5) train momentum 0.3", "BatchNorm1d", {"numFeatures": 3, "momentum": 0.3}, nn.BatchNorm1d(3, momentum=0.3), [normal(4, 3, 5)], mode="train", state_fn=bn_state()))
    cases.append(layer_case("batchnorm1d (4,3) eval", "BatchNorm1d", {"numFeatures": 3}, nn.BatchNorm1d(3), [normal(4, 3)], mode="eval", state_fn=bn_state()))
    cases.append(layer_case("batchnorm2d (3,2,4,4) train", "BatchNorm2d", {"numFeatures": 2}, nn.BatchNorm2d(2), [normal(3, 2, 4, 4, scale=1.5) - 0.3], mode="train", state_fn=bn_state()))
    cases.append(layer_case("batchnorm2d (2,3,3,3) train momentum None", "BatchNorm2d", {"numFeatures": 3, "momentum": None}, nn.BatchNorm2d(3, momentum=None), [normal(2, 3, 3, 3)], mode="train", state_fn=bn_state()))
    cases.append(layer_case("batchnorm2d (2,2,3,3) eval", "BatchNorm2d", {"numFeatures": 2}, nn.BatchNorm2d(2), [normal(2, 2, 3, 3)], mode="eval", state_fn=bn_state()))
    # Conv2d
    conv_cfgs = [
        ("conv2d 2->3 k3 s1 p1", dict(inChannels=2, outChannels=3, kernelSize=3, stride=1, padding=1), (2, 2, 5, 5)),
        ("conv2d 3->2 k(2,3) s2 p(1,0)", dict(inChannels=3, outChannels=2, kernelSize=[2, 3], stride=2, padding=[1, 0]), (2, 3, 6, 7)),
        ("conv2d 2->2 k3 d2 p2", dict(inChannels=2, outChannels=2, kernelSize=3, dilation=2, padding=2), (1, 2, 7, 6)),
        ("conv2d 1->2 k3 s2 d2 p1 no bias", dict(inChannels=1, outChannels=2, kernelSize=3, stride=2, dilation=2, padding=1, bias=False), (2, 1, 8, 9)),
        ("conv2d 2->4 k1 s(1,2)", dict(inChannels=2, outChannels=4, kernelSize=1, stride=[1, 2]), (1, 2, 3, 5)),
    ]
    for name, cfg, xshape in conv_cfgs:
        m = nn.Conv2d(cfg["inChannels"], cfg["outChannels"], cfg["kernelSize"], stride=cfg.get("stride", 1), padding=cfg.get("padding", 0), dilation=cfg.get("dilation", 1), bias=cfg.get("bias", True))
        cases.append(layer_case(name, "Conv2d", cfg, m, [normal(*xshape)]))
    # Pools
    pool_cfgs = [
        ("maxpool2d k2", "MaxPool2d", dict(kernelSize=2), nn.MaxPool2d(2), (2, 2, 4, 6)),
        ("maxpool2d k3 s2 p1", "MaxPool2d", dict(kernelSize=3, stride=2, padding=1), nn.MaxPool2d(3, stride=2, padding=1), (1, 2, 7, 6)),
        ("maxpool2d k(2,3) s(1,2)", "MaxPool2d", dict(kernelSize=[2, 3], stride=[1, 2]), nn.MaxPool2d((2, 3), stride=(1, 2)), (2, 1, 4, 7)),
        ("avgpool2d k2", "AvgPool2d", dict(kernelSize=2), nn.AvgPool2d(2), (2, 2, 4, 6)),
        ("avgpool2d k3 s2 p1", "AvgPool2d", dict(kernelSize=3, stride=2, padding=1), nn.AvgPool2d(3, stride=2, padding=1), (1, 2, 7, 6)),
        ("avgpool2d k3 s2 p1 exclude pad", "AvgPool2d", dict(kernelSize=3, stride=2, padding=1, countIncludePad=False), nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False), (1, 2, 7, 6)),
    ]
    for name, layer, cfg, m, xshape in pool_cfgs:
        cases.append(layer_case(name, layer, cfg, m, [distinct(*xshape)]))
    # Activations
    acts = [
        ("relu", "ReLU", {}, nn.ReLU(), away_from_zero(3, 4)),
        ("gelu erf", "GELU", {"approximate": "none"}, nn.GELU(), normal(3, 4, scale=2.0)),
        ("gelu tanh", "GELU", {"approximate": "tanh"}, nn.GELU(approximate="tanh"), normal(3, 4, scale=2.0)),
        ("tanh", "Tanh", {}, nn.Tanh(), normal(3, 4, scale=2.0)),
        ("sigmoid", "Sigmoid", {}, nn.Sigmoid(), normal(3, 4, scale=3.0)),
        ("softmax dim -1", "Softmax", {"dim": -1}, nn.Softmax(dim=-1), normal(3, 5, scale=2.0)),
        ("softmax dim 1 (2,3,4)", "Softmax", {"dim": 1}, nn.Softmax(dim=1), normal(2, 3, 4)),
    ]
    for name, layer, cfg, m, x in acts:
        cases.append(layer_case(name, layer, cfg, m, [x]))
    # Dropout in eval mode is the identity
    cases.append(layer_case("dropout p=0.3 eval", "Dropout", {"p": 0.3}, nn.Dropout(0.3), [normal(3, 4)], mode="eval"))
    return cases


def loss_case(name, loss, config, fn, logits, target, target_float=False):
    z = torch.tensor(logits, requires_grad=True)
    t = torch.tensor(target, dtype=torch.float64 if target_float else torch.long)
    if target_float:
        t.requires_grad_(True)
    out = fn(z, t)
    w = torch.tensor(rng.normal(0.0, 1.0, size=tuple(out.shape)))
    L = (out * w).sum()
    targets = [z, t] if target_float else [z]
    grads = torch.autograd.grad(L, targets)
    return {
        "name": name,
        "loss": loss,
        "config": config,
        "input": enc(z),
        "target": {**enc(t), "dtype": "float32" if target_float else "int32"},
        "weight": enc(w),
        "output": enc(out),
        "gradInput": enc(grads[0]),
        "gradTarget": enc(grads[1]) if target_float else None,
    }


def losses():
    cases = []
    z = normal(6, 4, scale=2.0)
    t = rng.integers(0, 4, size=6)
    cases.append(loss_case("ce mean", "crossEntropy", {}, lambda a, b: F.cross_entropy(a, b), z, t))
    cases.append(loss_case("ce sum", "crossEntropy", {"reduction": "sum"}, lambda a, b: F.cross_entropy(a, b, reduction="sum"), z, t))
    cases.append(loss_case("ce none", "crossEntropy", {"reduction": "none"}, lambda a, b: F.cross_entropy(a, b, reduction="none"), z, t))
    cases.append(loss_case("ce label smoothing 0.1", "crossEntropy", {"labelSmoothing": 0.1}, lambda a, b: F.cross_entropy(a, b, label_smoothing=0.1), z, t))
    t2 = t.copy(); t2[[1, 4]] = -100
    cases.append(loss_case("ce ignore_index -100", "crossEntropy", {"ignoreIndex": -100}, lambda a, b: F.cross_entropy(a, b, ignore_index=-100), z, t2))
    t3 = t.copy(); t3[[0, 2, 3]] = 1
    cases.append(loss_case("ce ignore_index 1 + smoothing 0.2", "crossEntropy", {"ignoreIndex": 1, "labelSmoothing": 0.2}, lambda a, b: F.cross_entropy(a, b, ignore_index=1, label_smoothing=0.2), z, t3))
    cases.append(loss_case("ce ignore + smoothing, sum", "crossEntropy", {"ignoreIndex": 1, "labelSmoothing": 0.2, "reduction": "sum"}, lambda a, b: F.cross_entropy(a, b, ignore_index=1, label_smoothing=0.2, reduction="sum"), z, t3))
    cases.append(loss_case("ce large logits", "crossEntropy", {}, lambda a, b: F.cross_entropy(a, b), normal(3, 5, scale=300.0), rng.integers(0, 5, size=3)))
    p = normal(4, 3)
    y = normal(4, 3)
    cases.append(loss_case("mse mean", "mse", {}, lambda a, b: F.mse_loss(a, b), p, y, target_float=True))
    cases.append(loss_case("mse sum", "mse", {"reduction": "sum"}, lambda a, b: F.mse_loss(a, b, reduction="sum"), p, y, target_float=True))
    zz = normal(5, 2, scale=3.0)
    yy = rng.uniform(0, 1, size=(5, 2))
    yy[0, 0] = 0.0; yy[1, 1] = 1.0
    cases.append(loss_case("bce with logits mean", "bceWithLogits", {}, lambda a, b: F.binary_cross_entropy_with_logits(a, b), zz, yy, target_float=True))
    cases.append(loss_case("bce with logits none", "bceWithLogits", {"reduction": "none"}, lambda a, b: F.binary_cross_entropy_with_logits(a, b, reduction="none"), zz, yy, target_float=True))
    big = np.array([[-200.0, 150.0], [0.0, 40.0]])
    cases.append(loss_case("bce with logits large", "bceWithLogits", {}, lambda a, b: F.binary_cross_entropy_with_logits(a, b), big, np.array([[1.0, 0.0], [0.5, 1.0]]), target_float=True))
    return cases


def init_facts():
    nl = ["linear", "conv2d", "sigmoid", "tanh", "relu", "selu"]
    gains = {k: nn.init.calculate_gain(k) for k in nl}
    gains["leaky_relu"] = nn.init.calculate_gain("leaky_relu")
    gains["leaky_relu(0.2)"] = nn.init.calculate_gain("leaky_relu", 0.2)
    fans = []
    for shape in [(3, 5), (4, 2, 3, 3), (6, 1, 5)]:
        t = torch.empty(shape)
        fi, fo = nn.init._calculate_fan_in_and_fan_out(t)
        fans.append({"shape": list(shape), "fanIn": fi, "fanOut": fo})
    orth = []
    for shape in [(4, 3), (3, 5), (2, 2, 3)]:
        rows = shape[0]
        cols = int(np.prod(shape)) // rows
        A = rng.normal(0.0, 1.0, size=(rows, cols))
        flat = torch.tensor(A)
        if rows < cols:
            flat = flat.t()
        q, r = torch.linalg.qr(flat)
        d = torch.diag(r, 0)
        q *= d.sign()
        if rows < cols:
            q = q.t()
        orth.append({"shape": list(shape), "gaussian": enc(A), "q": enc(q * 1.5), "gain": 1.5})
    return {"gains": gains, "fans": fans, "orthogonal": orth}


def optim_case(name, make_opt, config, shapes, steps=5):
    params = [torch.tensor(rng.normal(0, 1, size=s), requires_grad=True) for s in shapes]
    init = [enc(p) for p in params]
    opt = make_opt(params)
    grads, after = [], []
    for _ in range(steps):
        gs = [torch.tensor(rng.normal(0, 1, size=s)) for s in shapes]
        for p, g in zip(params, gs):
            p.grad = g.clone()
        opt.step()
        grads.append([enc(g) for g in gs])
        after.append([enc(p) for p in params])
    return {"name": name, "config": config, "init": init, "grads": grads, "after": after}


def clip_case(name, max_norm, norm_type, shapes, scale):
    ps = [torch.tensor(rng.normal(0, 1, size=s), requires_grad=True) for s in shapes]
    gs = [torch.tensor(rng.normal(0, scale, size=s)) for s in shapes]
    for p, g in zip(ps, gs):
        p.grad = g.clone()
    total = torch.nn.utils.clip_grad_norm_(ps, max_norm, norm_type=norm_type)
    return {"name": name, "maxNorm": max_norm, "normType": "inf" if norm_type == float("inf") else norm_type,
            "grads": [enc(g) for g in gs], "clipped": [enc(p.grad) for p in ps], "totalNorm": float(total)}


def schedule_values(make, n):
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=0.1)
    s = make(opt)
    out = []
    for _ in range(n):
        out.append(opt.param_groups[0]["lr"])
        opt.step()
        s.step()
    return out


def nanogpt_lr(it, learning_rate, warmup_iters, lr_decay_iters, min_lr):
    # nanoGPT train.py get_lr (2023): linear warmup, cosine decay, then constant min_lr
    if it < warmup_iters:
        return learning_rate * (it + 1) / (warmup_iters + 1)
    if it > lr_decay_iters:
        return min_lr
    decay_ratio = (it - warmup_iters) / (lr_decay_iters - warmup_iters)
    coeff = 0.5 * (1.0 + math.cos(math.pi * decay_ratio))
    return min_lr + coeff * (learning_rate - min_lr)


def train_facts():
    shapes = [(3, 4), (4,)]
    opt = [
        optim_case("adamw default wd 0.01", lambda ps: torch.optim.AdamW(ps, lr=0.01), {"lr": 0.01}, shapes),
        optim_case("adamw wd 0.1 betas (0.9,0.95) eps 1e-6", lambda ps: torch.optim.AdamW(ps, lr=3e-3, betas=(0.9, 0.95), eps=1e-6, weight_decay=0.1), {"lr": 3e-3, "betas": [0.9, 0.95], "eps": 1e-6, "weightDecay": 0.1}, shapes),
        optim_case("adam wd 0.05 (L2)", lambda ps: torch.optim.Adam(ps, lr=0.02, weight_decay=0.05), {"lr": 0.02, "weightDecay": 0.05, "kind": "adam"}, shapes),
        optim_case("adamw amsgrad", lambda ps: torch.optim.AdamW(ps, lr=0.01, amsgrad=True), {"lr": 0.01, "amsgrad": True}, shapes),
    ]
    clip = [
        clip_case("clip 2-norm active", 1.0, 2.0, [(3, 4), (5,)], 1.0),
        clip_case("clip 2-norm inactive", 100.0, 2.0, [(3, 4), (5,)], 1.0),
        clip_case("clip inf-norm", 0.5, float("inf"), [(2, 3), (4,)], 1.0),
    ]
    sched = {
        "step": {"lr": 0.1, "stepSize": 3, "gamma": 0.5, "values": schedule_values(lambda o: torch.optim.lr_scheduler.StepLR(o, 3, gamma=0.5), 12)},
        "exponential": {"lr": 0.1, "gamma": 0.9, "values": schedule_values(lambda o: torch.optim.lr_scheduler.ExponentialLR(o, 0.9), 12)},
        "warmupCosine": {"lr": 6e-4, "warmupSteps": 10, "decaySteps": 50, "minLr": 6e-5,
                         "values": [nanogpt_lr(i, 6e-4, 10, 50, 6e-5) for i in range(60)]},
    }
    return {"optim": opt, "clip": clip, "schedules": sched}


def write(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(obj, f, indent=None, separators=(",", ":"))
        f.write("\n")
    print("wrote", os.path.relpath(path, ROOT))


if __name__ == "__main__":
    write(os.path.join(PKG, "layers/__fixtures__/layers_torch.json"), {"meta": meta("layers"), "cases": layers()})
    write(os.path.join(PKG, "nn/__fixtures__/nn_torch.json"), {"meta": meta("losses, init"), "losses": losses(), "init": init_facts()})
    write(os.path.join(PKG, "train/__fixtures__/train_torch.json"), {"meta": meta("optimisers, clipping, schedules"), **train_facts()})
