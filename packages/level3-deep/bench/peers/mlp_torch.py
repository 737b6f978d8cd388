"""MLP peer: a 784-128-10 ReLU MLP trained with Adam on batches of 64 in PyTorch, one thread.

Not an oracle: a benchmark peer, run by packages/level3-deep/bench/mlp.bench.ts in the same
session (the caller sets OMP_NUM_THREADS=1; torch.set_num_threads(1) below makes sure).
Model: Linear(784, 128) -> ReLU -> Linear(128, 10), mean cross-entropy, Adam(lr=1e-3).
Data: inputs N(0, 1) and labels uniform in [0, 10) from a seeded numpy generator, pre-drawn.

Usage: OMP_NUM_THREADS=1 /usr/bin/python3 mlp_torch.py WARMUP STEPS
Prints one JSON object: {"torch", "threads", "stepMedian", "steps", "samplesPerSecond"}.
"""
import json
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

B = 64


def main():
    warmup, steps = int(sys.argv[1]), int(sys.argv[2])
    torch.set_num_threads(1)
    torch.manual_seed(0)
    gen = np.random.default_rng(0)
    K = 16
    X = torch.from_numpy(gen.standard_normal((K, B, 784)).astype(np.float32))
    Y = torch.from_numpy(gen.integers(0, 10, size=(K, B)).astype(np.int64))
    model = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)

    def step(i):
        loss = F.cross_entropy(model(X[i % K]), Y[i % K])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return loss.item()

    for i in range(warmup):
        step(i)
    times = []
    for i in range(steps):
        t0 = time.perf_counter()
        step(i)
        times.append(time.perf_counter() - t0)
    med = float(np.median(times))
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "stepMedian": med, "steps": steps, "samplesPerSecond": B / med}))


if __name__ == "__main__":
    main()
