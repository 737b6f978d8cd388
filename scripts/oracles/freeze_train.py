"""Freeze PyTorch 1.13 float64 values for @fpml/level3-deep's training tools, beyond what
freeze_layers.py's train_facts() holds (AdamW/Adam, clipping, schedules):

- SGD: plain, heavy-ball momentum, momentum + dampening + weight decay, Nesterov + weight decay,
  five steps from a seeded start with seeded gradients;
- PyTorch's "no gradient, no step" rule: AdamW and SGD-momentum where the second parameter has
  `grad = None` at step 2 (its moments and its step count stand still), and clip_grad_norm_
  over a list where one parameter has no gradient;
- a safetensors file written by the `safetensors` package if it is installed (else skipped and
  recorded as such), to check our reader against the reference writer.

Output: packages/level3-deep/src/train/__fixtures__/train_extra_torch.json
Run: OMP_NUM_THREADS=1 /usr/bin/python3 scripts/oracles/freeze_train.py
(the safetensors part needs the `safetensors` package: the committed fixture was made from a
`python3 -m venv --system-site-packages` venv with `pip install safetensors` (0.8.0) over apt torch.)
"""
import json
import os
import platform

import numpy as np
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "packages/level3-deep/src/train/__fixtures__/train_extra_torch.json")
SEED = 20240612
rng = np.random.default_rng(SEED)
torch.set_default_dtype(torch.float64)
torch.manual_seed(SEED)


def enc(t):
    a = t.detach().numpy() if isinstance(t, torch.Tensor) else np.asarray(t, dtype=np.float64)
    return {"shape": list(a.shape), "data": [float(v) for v in np.asarray(a, dtype=np.float64).reshape(-1)]}


def optim_case(name, make_opt, config, shapes, steps=5, skip=None):
    """skip: (step index, param index) pairs whose gradient is None at that step."""
    skip = set(skip or [])
    params = [torch.tensor(rng.normal(0, 1, size=s), requires_grad=True) for s in shapes]
    init = [enc(p) for p in params]
    opt = make_opt(params)
    grads, after = [], []
    for k in range(steps):
        gs = [torch.tensor(rng.normal(0, 1, size=s)) for s in shapes]
        for i, (p, g) in enumerate(zip(params, gs)):
            p.grad = None if (k, i) in skip else g.clone()
        opt.step()
        grads.append([None if (k, i) in skip else enc(g) for i, g in enumerate(gs)])
        after.append([enc(p) for p in params])
    return {"name": name, "config": config, "init": init, "grads": grads, "after": after}


def main():
    shapes = [(3, 4), (4,)]
    sgd = [
        optim_case("sgd plain", lambda ps: torch.optim.SGD(ps, lr=0.1), {"lr": 0.1}, shapes),
        optim_case("sgd momentum 0.9", lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9), {"lr": 0.05, "momentum": 0.9}, shapes),
        optim_case("sgd momentum 0.8 dampening 0.1 wd 0.01", lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.8, dampening=0.1, weight_decay=0.01),
                   {"lr": 0.05, "momentum": 0.8, "dampening": 0.1, "weightDecay": 0.01}, shapes),
        optim_case("sgd nesterov 0.9 wd 1e-3", lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9, nesterov=True, weight_decay=1e-3),
                   {"lr": 0.05, "momentum": 0.9, "nesterov": True, "weightDecay": 1e-3}, shapes),
    ]
    skip = [
        optim_case("adamw skip param 1 at step 2", lambda ps: torch.optim.AdamW(ps, lr=0.01, weight_decay=0.1), {"kind": "adamw", "lr": 0.01, "weightDecay": 0.1}, shapes, skip=[(1, 1)]),
        optim_case("sgd momentum skip param 1 at step 2", lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9), {"kind": "sgd", "lr": 0.05, "momentum": 0.9}, shapes, skip=[(1, 1)]),
    ]
    ps = [torch.tensor(rng.normal(0, 1, size=s), requires_grad=True) for s in [(2, 3), (4,), (3,)]]
    gs = [torch.tensor(rng.normal(0, 1, size=s)) for s in [(2, 3), (4,), (3,)]]
    ps[0].grad, ps[2].grad = gs[0].clone(), gs[2].clone()
    total = torch.nn.utils.clip_grad_norm_(ps, 0.5, norm_type=3.0)
    clip = {"name": "clip 3-norm, param 1 without grad", "maxNorm": 0.5, "normType": 3.0,
            "grads": [enc(gs[0]), None, enc(gs[2])], "clipped": [enc(ps[0].grad), None, enc(ps[2].grad)], "totalNorm": float(total)}
    st = {"available": False}
    try:
        import safetensors.torch as stt  # noqa
        import safetensors
        tensors = {"b.weight": torch.tensor(rng.normal(0, 1, size=(2, 3))), "a.bias": torch.tensor(rng.normal(0, 1, size=(3,))).float()}
        data = stt.save(tensors, metadata={"format": "pt"})
        st = {"available": True, "version": safetensors.__version__, "bytes": list(data),
              "tensors": {k: {"dtype": str(v.dtype), **enc(v)} for k, v in tensors.items()}}
    except ImportError as e:
        st["reason"] = str(e)
    meta = {"script": "scripts/oracles/freeze_train.py", "torch": torch.__version__, "numpy": np.__version__,
            "python": platform.python_version(), "seed": SEED, "dtype": "float64"}
    with open(OUT, "w") as f:
        json.dump({"meta": meta, "sgd": sgd, "skip": skip, "clip": clip, "safetensors": st}, f, separators=(",", ":"))
        f.write("\n")
    print("wrote", os.path.relpath(OUT, ROOT), "safetensors:", st["available"])


if __name__ == "__main__":
    main()
