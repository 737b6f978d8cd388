"""Freeze PyTorch 1.13 float64 values for @fpml/level3-deep's attention family.

Cases (format of scripts/oracles/freeze_layers.py: state dict and inputs drawn by seeded numpy,
loaded into the torch module in float64; output; gradients of L = sum(w * y) for a random w of
the output's shape with respect to every float input and every parameter):
  MultiHeadAttention   torch.nn.MultiheadAttention(batch_first=True), need_weights=True,
                       average_attn_weights=False, causal float attn_mask (-inf above the
                       diagonal) or none; bias on/off. Output = attention output; the weights
                       (B, h, T, T) are stored in `extra.weights`.
  Sinusoidal / Learned / Rope   small torch code (Vaswani table; nn.Embedding of positions;
                       RoPE in GPT-NeoX "halves" layout).
  TransformerBlock     torch.nn.TransformerEncoderLayer(norm_first=True/False, activation='gelu',
                       dropout=0, batch_first=True, causal mask) for pre/post-LN; a hand-written
                       torch block (checked here against TransformerEncoderLayer) for norm 'none'
                       and for RoPE.
  Gpt                  a hand-written torch decoder-only LM with fpml's state-dict names
                       (wte, wpe, blocks.i.*, ln_f, lm_head), logits for int64 indices.

Output: packages/level3-deep/src/attention/__fixtures__/attention_torch.json
Run: OMP_NUM_THREADS=1 /usr/bin/python3 scripts/oracles/freeze_attention.py
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
OUT = os.path.join(ROOT, "packages/level3-deep/src/attention/__fixtures__/attention_torch.json")
SEED = 20261202
rng = np.random.default_rng(SEED)
torch.set_default_dtype(torch.float64)
torch.manual_seed(SEED)


def enc(t):
    a = t.detach().numpy() if isinstance(t, torch.Tensor) else np.asarray(t, dtype=np.float64)
    return {"shape": list(a.shape), "data": [float(v) for v in np.asarray(a, dtype=np.float64).reshape(-1)]}


def causal_mask(T):
    return torch.triu(torch.full((T, T), float("-inf")), diagonal=1)


def randomize(module, scale=0.7):
    with torch.no_grad():
        for name, p in module.named_parameters():
            if name.endswith("norm1.weight") or name.endswith("norm2.weight") or name.endswith("ln_f.weight"):
                p.copy_(torch.tensor(rng.uniform(0.5, 1.5, size=tuple(p.shape))))
            else:
                p.copy_(torch.tensor(rng.normal(0.0, scale, size=tuple(p.shape))))


def case(name, layer, config, module, inputs, fwd, int_inputs=(), scale=0.7):
    randomize(module, scale)
    state = {k: enc(v) for k, v in module.state_dict().items()}
    module.eval()
    xs = []
    for i, a in enumerate(inputs):
        xs.append(torch.tensor(a, dtype=torch.long) if i in int_inputs else torch.tensor(a, dtype=torch.float64, requires_grad=True))
    out, extra = fwd(module, *xs)
    w = torch.tensor(rng.normal(0.0, 1.0, size=tuple(out.shape)))
    L = (out * w).sum()
    params = dict(module.named_parameters())
    targets = [x for i, x in enumerate(xs) if i not in int_inputs] + list(params.values())
    grads = torch.autograd.grad(L, targets, allow_unused=True)
    names = [f"input{i}" for i in range(len(xs)) if i not in int_inputs] + list(params.keys())
    return {
        "name": name,
        "layer": layer,
        "config": config,
        "mode": "eval",
        "state": state,
        "inputs": [{**enc(a), "dtype": "int32" if i in int_inputs else "float32"} for i, a in enumerate(inputs)],
        "weight": enc(w),
        "output": enc(out),
        "grads": {n: enc(g if g is not None else torch.zeros_like(t)) for n, g, t in zip(names, grads, targets)},
        "stateAfter": state,
        "extra": {k: enc(v) for k, v in extra.items()},
    }


def rope_tables(T, d, base=10000.0):
    theta = base ** (-torch.arange(0, d // 2, dtype=torch.float64) * 2 / d)  # (d/2,)
    ang = torch.arange(T, dtype=torch.float64)[:, None] * theta[None, :]  # (T, d/2)
    return torch.cat([ang.cos(), ang.cos()], -1), torch.cat([ang.sin(), ang.sin()], -1)  # (T, d) halves layout


def rope(x, base=10000.0):
    T, d = x.shape[-2], x.shape[-1]
    cos, sin = rope_tables(T, d, base)
    x1, x2 = x[..., : d // 2], x[..., d // 2 :]
    return x * cos + torch.cat([-x2, x1], -1) * sin


def sinusoidal(T, E):
    p = torch.zeros(T, E)
    pos = torch.arange(T, dtype=torch.float64)[:, None]
    for j in range(E):
        w = 10000.0 ** (-(2 * (j // 2)) / E)
        p[:, j] = torch.sin(pos[:, 0] * w) if j % 2 == 0 else torch.cos(pos[:, 0] * w)
    return p


class HandMHA(nn.Module):
    """nn.MultiheadAttention's parameters, (B, h, T, hs) layout, optional RoPE on q and k."""

    def __init__(self, E, h, bias=True, causal=False, use_rope=False):
        super().__init__()
        self.E, self.h, self.causal, self.use_rope = E, h, causal, use_rope
        self.in_proj_weight = nn.Parameter(torch.empty(3 * E, E))
        self.in_proj_bias = nn.Parameter(torch.zeros(3 * E)) if bias else None
        self.out_proj = nn.Linear(E, E, bias=bias)
        nn.init.xavier_uniform_(self.in_proj_weight)

    def forward(self, x):
        B, T, E = x.shape
        hs = E // self.h
        qkv = F.linear(x, self.in_proj_weight, self.in_proj_bias)  # (B, T, 3E)
        q, k, v = qkv.view(B, T, 3, self.h, hs).permute(2, 0, 3, 1, 4)  # (B, h, T, hs) each
        if self.use_rope:
            q, k = rope(q), rope(k)
        s = q @ k.transpose(-1, -2) / math.sqrt(hs)  # (B, h, T, T)
        if self.causal:
            s = s + causal_mask(T)
        p = s.softmax(-1)
        o = (p @ v).transpose(1, 2).reshape(B, T, E)
        return self.out_proj(o), p


class HandBlock(nn.Module):
    """TransformerEncoderLayer's names and maths, plus norm 'none' and RoPE."""

    def __init__(self, E, h, dff, norm="pre", causal=True, use_rope=False, bias=True):
        super().__init__()
        self.norm = norm
        self.self_attn = HandMHA(E, h, bias, causal, use_rope)
        self.linear1 = nn.Linear(E, dff, bias=bias)
        self.linear2 = nn.Linear(dff, E, bias=bias)
        if norm != "none":
            self.norm1 = nn.LayerNorm(E)
            self.norm2 = nn.LayerNorm(E)

    def ff(self, x):
        return self.linear2(F.gelu(self.linear1(x)))

    def forward(self, x):
        if self.norm == "pre":
            x = x + self.self_attn(self.norm1(x))[0]
            return x + self.ff(self.norm2(x))
        if self.norm == "post":
            x = self.norm1(x + self.self_attn(x)[0])
            return self.norm2(x + self.ff(x))
        x = x + self.self_attn(x)[0]
        return x + self.ff(x)


class TorchGpt(nn.Module):
    def __init__(self, V, L, E, h, n_layers, dff, positional, norm, tie):
        super().__init__()
        self.positional, self.norm, self.tie = positional, norm, tie
        self.wte = nn.Embedding(V, E)
        if positional == "learned":
            self.wpe = nn.Embedding(L, E)
        self.blocks = nn.ModuleList([HandBlock(E, h, dff, norm, True, positional == "rope") for _ in range(n_layers)])
        if norm == "pre":
            self.ln_f = nn.LayerNorm(E)
        if not tie:
            self.lm_head = nn.Linear(E, V, bias=False)

    def forward(self, idx):
        B, T = idx.shape
        x = self.wte(idx)  # (B, T, E)
        if self.positional == "learned":
            x = x + self.wpe(torch.arange(T))
        elif self.positional == "sinusoidal":
            x = x + sinusoidal(T, x.shape[-1])
        for b in self.blocks:
            x = b(x)
        if self.norm == "pre":
            x = self.ln_f(x)
        return x @ self.wte.weight.T if self.tie else self.lm_head(x)  # (B, T, V)


def normal(*shape):
    return rng.normal(0.0, 1.0, size=shape)


def self_checks():
    """HandMHA == nn.MultiheadAttention and HandBlock == TransformerEncoderLayer (same weights)."""
    E, h, T, B = 8, 2, 5, 3
    x = torch.tensor(normal(B, T, E))
    for causal in (False, True):
        ref = nn.MultiheadAttention(E, h, batch_first=True)
        mine = HandMHA(E, h, True, causal)
        mine.load_state_dict(ref.state_dict())
        a, w = ref(x, x, x, need_weights=True, average_attn_weights=False, attn_mask=causal_mask(T) if causal else None)
        b, p = mine(x)
        assert torch.allclose(a, b, atol=1e-13, rtol=0) and torch.allclose(w, p, atol=1e-13, rtol=0)
    for norm_first in (True, False):
        ref = nn.TransformerEncoderLayer(E, h, 16, dropout=0.0, activation="gelu", batch_first=True, norm_first=norm_first)
        mine = HandBlock(E, h, 16, "pre" if norm_first else "post")
        randomize(ref)
        mine.load_state_dict(ref.state_dict())
        ref.eval()
        mine.eval()
        assert torch.allclose(ref(x, src_mask=causal_mask(T)), mine(x), atol=1e-12, rtol=0)


def main():
    self_checks()
    cases = []
    # MultiHeadAttention (torch's own module)
    for bias, causal, B, T, E, h in [(True, True, 2, 5, 8, 2), (True, False, 2, 4, 6, 3), (False, True, 1, 6, 8, 4), (True, True, 3, 3, 4, 1)]:
        cfg = {"dModel": E, "nHeads": h, "bias": bias, "causal": causal}
        m = nn.MultiheadAttention(E, h, bias=bias, batch_first=True)

        def fwd(mod, x, causal=causal, T=T):
            y, w = mod(x, x, x, need_weights=True, average_attn_weights=False, attn_mask=causal_mask(T) if causal else None)
            return y, {"weights": w}

        cases.append(case(f"mha E={E} h={h} bias={bias} causal={causal}", "MultiHeadAttention", cfg, m, [normal(B, T, E)], fwd))
    # MultiHeadAttention with RoPE (hand-written torch, checked above against nn.MultiheadAttention without RoPE)
    m = HandMHA(8, 2, True, True, True)
    cases.append(case("mha E=8 h=2 causal rope", "MultiHeadAttention", {"dModel": 8, "nHeads": 2, "bias": True, "causal": True, "rope": True}, m, [normal(2, 5, 8)], lambda mod, x: (lambda yp: (yp[0], {"weights": yp[1]}))(mod(x))))
    # Positional encodings
    ident = nn.Module()
    cases.append(case("sinusoidal T=6 E=6", "Sinusoidal", {"maxLength": 8, "dModel": 6}, ident, [normal(2, 6, 6)], lambda mod, x: (x + sinusoidal(6, 6), {"table": sinusoidal(8, 6)})))
    cases.append(case("sinusoidal T=3 E=5 (odd)", "Sinusoidal", {"maxLength": 3, "dModel": 5}, ident, [normal(1, 3, 5)], lambda mod, x: (x + sinusoidal(3, 5), {"table": sinusoidal(3, 5)})))
    emb = nn.Embedding(7, 4)
    cases.append(case("learned L=7 T=5 E=4", "Learned", {"maxLength": 7, "dModel": 4}, emb, [normal(2, 5, 4)], lambda mod, x: (x + mod(torch.arange(5)), {})))
    cases.append(case("rope (2,3,5,6)", "Rope", {"maxLength": 5, "headSize": 6}, ident, [normal(2, 3, 5, 6)], lambda mod, x: (rope(x), {})))
    cases.append(case("rope (4,4) base 100", "Rope", {"maxLength": 9, "headSize": 4, "base": 100.0}, ident, [normal(4, 4)], lambda mod, x: (rope(x, 100.0), {})))
    # TransformerBlock: torch's TransformerEncoderLayer for pre/post-LN
    for norm_first in (True, False):
        E, h, dff, B, T = 8, 2, 16, 2, 5
        m = nn.TransformerEncoderLayer(E, h, dff, dropout=0.0, activation="gelu", batch_first=True, norm_first=norm_first)
        cases.append(case(f"block {'pre' if norm_first else 'post'}-LN (TransformerEncoderLayer)", "TransformerBlock", {"dModel": E, "nHeads": h, "dFF": dff, "norm": "pre" if norm_first else "post", "rope": False}, m, [normal(B, T, E)], lambda mod, x, T=T: (mod(x, src_mask=causal_mask(T)), {}), scale=0.5))
    for norm, use_rope in (("none", False), ("pre", True)):
        m = HandBlock(8, 2, 12, norm, True, use_rope)
        cases.append(case(f"block norm={norm} rope={use_rope} (hand-written)", "TransformerBlock", {"dModel": 8, "nHeads": 2, "dFF": 12, "norm": norm, "rope": use_rope}, m, [normal(2, 4, 8)], lambda mod, x: (mod(x), {}), scale=0.5))
    # Gpt
    for positional, norm, tie in (("learned", "pre", False), ("sinusoidal", "post", True), ("rope", "pre", False), ("none", "none", False)):
        V, L, E, h, nl, dff, B, T = 7, 6, 8, 2, 2, 16, 2, 5
        cfg = {"vocabSize": V, "contextLength": L, "dModel": E, "nHeads": h, "nLayers": nl, "dFF": dff, "positional": positional, "norm": norm, "tieWeights": tie}
        m = TorchGpt(V, L, E, h, nl, dff, positional, norm, tie)
        idx = rng.integers(0, V, size=(B, T))
        cases.append(case(f"gpt {positional} {norm} tie={tie}", "Gpt", cfg, m, [idx], lambda mod, i: (mod(i), {}), int_inputs=(0,), scale=0.4))
    meta = {
        "script": "scripts/oracles/freeze_attention.py",
        "torch": torch.__version__,
        "numpy": np.__version__,
        "python": platform.python_version(),
        "seed": SEED,
        "dtype": "float64",
        "threads": torch.get_num_threads(),
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump({"meta": meta, "cases": cases}, f)
    print(f"wrote {len(cases)} cases to {os.path.relpath(OUT, ROOT)}")


if __name__ == "__main__":
    main()
