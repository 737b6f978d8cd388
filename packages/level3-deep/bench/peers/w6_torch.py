"""W6 peer: a nanoGPT-style decoder-only transformer trained with Adam in PyTorch, one thread.

Not an oracle: a benchmark peer, run by packages/level3-deep/bench/w6.bench.ts in the same
session so the ratio is measured on the same machine at the same time (the caller sets
OMP_NUM_THREADS=1 and friends; torch.set_num_threads(1) below makes sure).

W6 (docs/level3-deep/performance.md): vocab 65, d_model 128, 4 heads, 2 pre-LN blocks, FFN 512
(GELU, erf form), learned positions, context 64, batch 32, biases everywhere, no dropout, untied
head, Adam(lr=1e-3, betas=(0.9, 0.999), eps=1e-8). Tokens are uniform in [0, 65) from a seeded
numpy generator, pre-drawn (the data pipeline is not timed), so every framework does the same work.

Usage: OMP_NUM_THREADS=1 /usr/bin/python3 w6_torch.py WARMUP STEPS [THREADS]
(THREADS defaults to 1; the bench also runs THREADS=2 with OMP_NUM_THREADS=2 for the
best-configuration comparison)
Prints one JSON object: {"torch", "threads", "params", "stepMedian", "cpuMedian" (median CPU seconds
per step, time.process_time), "steps", "tokensPerSecond",
"loss0", "lossN", "profile": {"forward", "backward", "optimizer", "zeroGrad"} (median seconds of
each phase, from separate synchronous timings of the same steps)}.
"""
import json
import math
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

V, C, H, L, FF, T, B = 65, 128, 4, 2, 512, 64, 32
SEED = 6


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln1 = nn.LayerNorm(C)
        self.qkv = nn.Linear(C, 3 * C)
        self.proj = nn.Linear(C, C)
        self.ln2 = nn.LayerNorm(C)
        self.fc = nn.Linear(C, FF)
        self.fc2 = nn.Linear(FF, C)
        self.register_buffer("mask", torch.tril(torch.ones(T, T, dtype=torch.bool)))

    def forward(self, x):  # (B, T, C)
        b, t, _ = x.shape
        q, k, v = self.qkv(self.ln1(x)).split(C, dim=2)  # 3 × (B, T, C)
        q = q.view(b, t, H, C // H).transpose(1, 2)  # (B, H, T, hs)
        k = k.view(b, t, H, C // H).transpose(1, 2)
        v = v.view(b, t, H, C // H).transpose(1, 2)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(C // H))  # (B, H, T, T)
        att = att.masked_fill(~self.mask[:t, :t], float("-inf"))
        att = F.softmax(att, dim=-1)
        y = (att @ v).transpose(1, 2).contiguous().view(b, t, C)  # (B, T, C)
        x = x + self.proj(y)
        return x + self.fc2(F.gelu(self.fc(self.ln2(x))))


class Gpt(nn.Module):
    def __init__(self):
        super().__init__()
        self.tok = nn.Embedding(V, C)
        self.pos = nn.Embedding(T, C)
        self.blocks = nn.ModuleList([Block() for _ in range(L)])
        self.ln_f = nn.LayerNorm(C)
        self.head = nn.Linear(C, V)

    def forward(self, idx, targets):  # (B, T), (B, T)
        t = idx.shape[1]
        x = self.tok(idx) + self.pos(torch.arange(t))  # (B, T, C)
        for blk in self.blocks:
            x = blk(x)
        logits = self.head(self.ln_f(x))  # (B, T, V)
        return F.cross_entropy(logits.view(-1, V), targets.reshape(-1))


def main():
    warmup, steps = int(sys.argv[1]), int(sys.argv[2])
    torch.set_num_threads(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    torch.manual_seed(SEED)
    gen = np.random.default_rng(SEED)
    n = warmup + 2 * steps
    data = torch.from_numpy(gen.integers(0, V, size=(n, B, T + 1)).astype(np.int64))
    model = Gpt()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    params = sum(p.numel() for p in model.parameters())

    def step(i):
        x, y = data[i, :, :T], data[i, :, 1:]
        loss = model(x, y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return loss.item()

    loss0 = step(0)
    for i in range(1, warmup):
        step(i)
    times, cpu = [], []
    for i in range(warmup, warmup + steps):
        t0, c0 = time.perf_counter(), time.process_time()
        lossN = step(i)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    # phase profile on further steps (each phase timed on its own)
    ph = {"forward": [], "backward": [], "optimizer": [], "zeroGrad": []}
    for i in range(warmup + steps, n):
        x, y = data[i, :, :T], data[i, :, 1:]
        t0 = time.perf_counter()
        loss = model(x, y)
        t1 = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        t2 = time.perf_counter()
        loss.backward()
        t3 = time.perf_counter()
        opt.step()
        t4 = time.perf_counter()
        ph["forward"].append(t1 - t0)
        ph["zeroGrad"].append(t2 - t1)
        ph["backward"].append(t3 - t2)
        ph["optimizer"].append(t4 - t3)
    med = float(np.median(times))
    print(json.dumps({
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "params": params,
        "stepMedian": med,
        "cpuMedian": float(np.median(cpu)),
        "steps": len(times),
        "tokensPerSecond": B * T / med,
        "loss0": loss0,
        "lossN": lossN,
        "profile": {k: float(np.median(v)) for k, v in ph.items()},
    }))


if __name__ == "__main__":
    main()
