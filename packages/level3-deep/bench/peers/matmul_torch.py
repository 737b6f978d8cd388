"""Matmul peer: the W6 training step's matrix products timed alone in PyTorch, one thread.

Not an oracle: a benchmark peer, run by packages/level3-deep/bench/w6-kernels.bench.ts in the
same session (the caller sets OMP_NUM_THREADS=1; torch.set_num_threads(1) below makes sure).
Operands are N(0, 1) float32 from a seeded numpy generator; a transposed operand is a view
(`.transpose(-1, -2)`), as autograd's backward uses it.

Usage: OMP_NUM_THREADS=1 /usr/bin/python3 matmul_torch.py CASES_JSON REPS
CASES_JSON is a list of {"id", "a": shape, "b": shape, "ta": bool, "tb": bool}.
Prints one JSON object: {"torch", "threads", "ms": {id: median ms of one product over REPS calls}}.
"""
import json
import sys
import time

import numpy as np
import torch


def main():
    cases, reps = json.loads(sys.argv[1]), int(sys.argv[2])
    torch.set_num_threads(1)
    gen = np.random.default_rng(0)
    out = {}
    for c in cases:
        a = torch.from_numpy(gen.standard_normal(c["a"]).astype(np.float32))
        b = torch.from_numpy(gen.standard_normal(c["b"]).astype(np.float32))
        A = a.transpose(-1, -2) if c["ta"] else a
        Bm = b.transpose(-1, -2) if c["tb"] else b
        for _ in range(5):
            A @ Bm
        ts = []
        for _ in range(reps):
            t0 = time.perf_counter()
            A @ Bm
            ts.append(1000 * (time.perf_counter() - t0))
        ts.sort()
        out[c["id"]] = ts[len(ts) // 2]
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "ms": out}))


if __name__ == "__main__":
    main()
