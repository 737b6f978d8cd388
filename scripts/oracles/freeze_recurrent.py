"""Freeze PyTorch 1.13 float64 values for @fpml/level3-deep's recurrent layers (RNN, GRU, LSTM and
their cells).

For every case: parameters and inputs drawn by seeded numpy, loaded into the torch module in
float64; the module's outputs, and the gradients of

    L = sum(w_out * output) + sum(w_h * h_n) [+ sum(w_c * c_n)]

(random w's of each output's shape) with respect to the input, the initial state (when given)
and every parameter.

The case format is the layer-oracle format of scripts/oracles/freeze_layers.py, with the outputs
flattened and joined so one tensor carries them all:
  output = concat(output.ravel(), h_n.ravel()[, c_n.ravel()]) as a 1-D array, weight likewise;
  parts = [{name, shape}] lists the pieces in that order;
  inputs = [x] or [x, h0] or [x, h0, c0]; grads keyed input0 (x), input1 (h0), input2 (c0) and by
  parameter name (weight_ih_l0, ...; weight_ih, ... for cells).
Cells return h' (RNNCell, GRUCell) or (h', c') (LSTMCell); their inputs are (B, I) and (B, H).

Output: packages/level3-deep/src/recurrent/__fixtures__/recurrent_torch.json
Run: OMP_NUM_THREADS=1 /usr/bin/python3 scripts/oracles/freeze_recurrent.py
"""
import json
import os
import platform

import numpy as np
import torch
import torch.nn as nn

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "packages/level3-deep/src/recurrent/__fixtures__/recurrent_torch.json")
SEED = 20241202
rng = np.random.default_rng(SEED)
torch.set_default_dtype(torch.float64)
torch.manual_seed(SEED)


def enc(t):
    a = t.detach().numpy() if isinstance(t, torch.Tensor) else np.asarray(t, dtype=np.float64)
    return {"shape": list(a.shape), "data": [float(v) for v in np.asarray(a, dtype=np.float64).reshape(-1)]}


def set_params(module, scale):
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(torch.tensor(rng.uniform(-scale, scale, size=tuple(p.shape))))


def case(name, layer, config, module, inputs, scale=0.6):
    """inputs: numpy arrays [x] or [x, h0] or [x, h0, c0] (all float, all differentiated)."""
    set_params(module, scale)
    state = {k: enc(v) for k, v in module.state_dict().items()}
    xs = [torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in inputs]
    if layer in ("RNN", "GRU", "LSTM"):
        if len(xs) == 1:
            out, st = module(xs[0])
        elif layer == "LSTM":
            out, st = module(xs[0], (xs[1], xs[2]))
        else:
            out, st = module(xs[0], xs[1])
        if layer == "LSTM":
            parts = [("output", out), ("h_n", st[0]), ("c_n", st[1])]
        else:
            parts = [("output", out), ("h_n", st)]
    else:  # cells
        if len(xs) == 1:
            r = module(xs[0])
        elif layer == "LSTMCell":
            r = module(xs[0], (xs[1], xs[2]))
        else:
            r = module(xs[0], xs[1])
        parts = [("h", r[0]), ("c", r[1])] if layer == "LSTMCell" else [("h", r)]
    flat = torch.cat([t.reshape(-1) for _, t in parts])
    w = torch.tensor(rng.normal(0.0, 1.0, size=tuple(flat.shape)))
    L = (flat * w).sum()
    params = dict(module.named_parameters())
    targets = xs + list(params.values())
    grads = torch.autograd.grad(L, targets, allow_unused=True)
    names = [f"input{i}" for i in range(len(xs))] + list(params.keys())
    g = {n: enc(gr if gr is not None else torch.zeros_like(t)) for n, gr, t in zip(names, grads, targets)}
    return {
        "name": name,
        "layer": layer,
        "config": config,
        "mode": "train",
        "state": state,
        "inputs": [{**enc(a), "dtype": "float32"} for a in inputs],
        "weight": enc(w),
        "output": enc(flat),
        "parts": [{"name": n, "shape": list(t.shape)} for n, t in parts],
        "grads": g,
        "stateAfter": state,
    }


def normal(*shape, scale=1.0):
    return rng.normal(0.0, scale, size=shape)


def seq(T, B, I, batch_first):
    return normal(B, T, I) if batch_first else normal(T, B, I)


def cases():
    out = []
    I, H, T, B = 3, 4, 5, 2
    for layer, cls, G in (("RNN", nn.RNN, 1), ("GRU", nn.GRU, 3), ("LSTM", nn.LSTM, 4)):
        nls = ["tanh", "relu"] if layer == "RNN" else [None]
        for nl in nls:
            for L, bf, with_h0, bias in ((1, False, True, True), (1, True, False, True), (2, False, False, True), (2, True, True, True), (2, False, True, False)):
                kw = {"num_layers": L, "batch_first": bf, "bias": bias}
                cfg = {"inputSize": I, "hiddenSize": H, "numLayers": L, "batchFirst": bf, "bias": bias}
                if nl is not None:
                    kw["nonlinearity"] = nl
                    cfg["nonlinearity"] = nl
                m = cls(I, H, **kw)
                ins = [seq(T, B, I, bf)]
                if with_h0:
                    ins.append(normal(L, B, H, scale=0.5))
                    if layer == "LSTM":
                        ins.append(normal(L, B, H, scale=0.5))
                nm = f"{layer}{'/' + nl if nl else ''} L={L} batchFirst={bf} h0={with_h0} bias={bias}"
                out.append(case(nm, layer, cfg, m, ins))
    for layer, cls in (("RNNCell", nn.RNNCell), ("GRUCell", nn.GRUCell), ("LSTMCell", nn.LSTMCell)):
        nls = ["tanh", "relu"] if layer == "RNNCell" else [None]
        for nl in nls:
            for with_h in (True, False):
                kw = {}
                cfg = {"inputSize": I, "hiddenSize": H, "bias": True}
                if nl is not None:
                    kw["nonlinearity"] = nl
                    cfg["nonlinearity"] = nl
                m = cls(I, H, **kw)
                ins = [normal(B, I)]
                if with_h:
                    ins.append(normal(B, H, scale=0.5))
                    if layer == "LSTMCell":
                        ins.append(normal(B, H, scale=0.5))
                nm = f"{layer}{'/' + nl if nl else ''} h={with_h}"
                out.append(case(nm, layer, cfg, m, ins))
    return out


def main():
    obj = {
        "meta": {
            "script": "scripts/oracles/freeze_recurrent.py",
            "what": "nn.RNN/GRU/LSTM and RNNCell/GRUCell/LSTMCell: outputs, final states, gradients of sum(w*outputs) w.r.t. input, initial state and every parameter",
            "torch": torch.__version__,
            "numpy": np.__version__,
            "python": platform.python_version(),
            "seed": SEED,
            "dtype": "float64",
            "threads": torch.get_num_threads(),
        },
        "cases": cases(),
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(obj, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {len(obj['cases'])} cases to {os.path.relpath(OUT, ROOT)}")


if __name__ == "__main__":
    main()
