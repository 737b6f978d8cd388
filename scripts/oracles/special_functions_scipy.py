"""Freeze scipy values of the special functions behind @fpml/core's Rng tests.

erf, erfc, the standard normal CDF, log-gamma, the regularized lower incomplete gamma
P(a, x) and the regularized incomplete beta I_x(a, b), plus the Kolmogorov distribution's
survival function, at fixed points. Output:
packages/core/src/rng/__fixtures__/special_functions.json.

Run: OMP_NUM_THREADS=1 /usr/bin/python3 scripts/oracles/special_functions_scipy.py
"""
import json
import os
import platform

import numpy as np
import scipy
from scipy import special, stats


def main():
    xs = [-6.0, -3.0, -1.5, -0.5, -1e-3, 0.0, 1e-8, 0.1, 0.5, 0.9, 1.0, 1.7, 2.5, 3.5, 5.0, 8.0]
    erf = [{'x': x, 'erf': float(special.erf(x)), 'erfc': float(special.erfc(x)),
            'ndtr': float(special.ndtr(x))} for x in xs]
    gxs = [1e-3, 0.1, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 7.3, 10.0, 25.5, 171.2, 1e4]
    lgam = [{'x': x, 'gammaln': float(special.gammaln(x))} for x in gxs]
    gp = []
    for a in [0.05, 0.3, 0.5, 1.0, 2.0, 4.7, 10.0, 55.0, 300.0]:
        for x in [1e-6, 0.01, 0.3, 1.0, 2.0, 4.5, 9.0, 30.0, 60.0, 320.0]:
            gp.append({'a': a, 'x': x, 'P': float(special.gammainc(a, x)), 'Q': float(special.gammaincc(a, x))})
    bp = []
    for a, b in [(0.1, 0.1), (0.5, 0.5), (0.5, 3.0), (1.0, 1.0), (2.0, 5.0), (2.5, 0.7), (10.0, 10.0), (40.0, 3.5), (200.0, 150.0)]:
        for x in [0.0, 1e-6, 0.01, 0.1, 0.3, 0.5, 0.57, 0.7, 0.95, 0.999, 1.0]:
            bp.append({'a': a, 'b': b, 'x': x, 'I': float(special.betainc(a, b, x))})
    ks = [{'x': x, 'kolmogorov': float(special.kolmogorov(x))} for x in [0.3, 0.5, 0.8, 1.0, 1.36, 1.63, 2.0, 3.0, 5.0]]
    doc = {
        'script': 'scripts/oracles/special_functions_scipy.py',
        'python': platform.python_version(),
        'libraries': {'numpy': np.__version__, 'scipy': scipy.__version__},
        'seeds': [],
        'erf': erf, 'gammaln': lgam, 'gammainc': gp, 'betainc': bp, 'kolmogorov': ks,
    }
    here = os.path.dirname(os.path.abspath(__file__))
    out = os.path.join(here, '..', '..', 'packages', 'core', 'src', 'rng', '__fixtures__', 'special_functions.json')
    with open(out, 'w') as f:
        json.dump(doc, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
