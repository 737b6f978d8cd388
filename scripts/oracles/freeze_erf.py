"""Freeze erf(x) to float64 from mpmath at 50 significant digits, for @fpml/level3-deep's erf.

Points: 2,001 on a uniform grid of [-7, 7], 400 drawn by seeded numpy from N(0, 2^2), the
switch points of the implementation (2.5, 6) and their float64 neighbours, and tiny and
subnormal arguments. Each expected value is mpmath's erf rounded once to float64.

Output: packages/level3-deep/src/nn/__fixtures__/erf_mpmath.json
Run: OMP_NUM_THREADS=1 /usr/bin/python3 scripts/oracles/freeze_erf.py
     ... --table   prints erf(k/8), k = 0..48, correctly rounded (ERF_TABLE in nn/functional.ts)
"""
import json
import os
import platform
import sys

import mpmath
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "packages/level3-deep/src/nn/__fixtures__/erf_mpmath.json")
SEED = 20261202
mpmath.mp.dps = 50
rng = np.random.default_rng(SEED)

if "--table" in sys.argv:
    print(", ".join(repr(float(mpmath.erf(mpmath.mpf(k) / 8))) for k in range(49)))
    sys.exit(0)

xs = list(np.linspace(-7.0, 7.0, 2001))
xs += list(rng.normal(0.0, 2.0, size=400))
for s in (2.5, 6.0, 1e-8, 0.5, 1.0):
    for v in (s, np.nextafter(s, 0.0), np.nextafter(s, 10.0)):
        xs += [float(v), -float(v)]
xs += [1e-300, 5e-324, 2.2250738585072014e-308, 1e-20, -1e-20, 0.0]
xs = [float(x) for x in xs]
ys = [float(mpmath.erf(mpmath.mpf(x))) for x in xs]

with open(OUT, "w") as f:
    json.dump({
        "meta": {"script": "scripts/oracles/freeze_erf.py", "what": "erf float64 from mpmath, dps 50", "mpmath": mpmath.__version__,
                 "numpy": np.__version__, "python": platform.python_version(), "seed": SEED},
        "x": xs, "erf": ys,
    }, f)
print(f"wrote {len(xs)} points to {OUT}")
