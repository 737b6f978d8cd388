"""Freeze numpy / scipy (LAPACK) and scikit-learn values for @fpml/level1-math's linalg tests.

Every input matrix is generated here from one seeded numpy Generator and written out in full,
so the TypeScript tests never need numpy's RNG. Outputs:

  lu        : scipy.linalg.lu_factor of a 6x6 (partial pivoting, as LAPACK dgetrf), as the packed
              LU and the row permutation perm (row i of PA is row perm[i] of A); det, solve, inv
  cholesky  : numpy.linalg.cholesky of an SPD 5x5 (lower L)
  qr        : numpy.linalg.qr of a 7x4 (reduced) and scipy.linalg.qr(pivoting=True) of a rank-3
              8x6 (LAPACK dgeqp3): |diag R| and the column permutation
  eigh      : numpy.linalg.eigh of a symmetric 8x8 (values ascending, vectors as columns)
  svd       : numpy.linalg.svd(full_matrices=False) of a tall 9x5, a wide 4x7 and the rank-3 8x6
  lstsq     : numpy.linalg.lstsq(rcond=None) on a full-rank 10x4 system and on the rank-3 8x6
              system (minimum-norm solution), numpy.linalg.pinv and matrix_rank of the rank-3 matrix
  cond      : numpy.linalg.cond of the 6x6 for p = 2, 1, inf, 'fro'
  hilbert   : scipy.linalg.hilbert(n) condition numbers (2-norm) for n = 2..12
  svdFlip   : sklearn.utils.extmath.svd_flip of the 9x5 SVD, u_based_decision True and False

Run: OMP_NUM_THREADS=1 /usr/bin/python3 scripts/oracles/freeze_linalg.py
"""
import json
import os
import platform

import numpy as np
import scipy
import scipy.linalg as sla
import sklearn
from sklearn.utils.extmath import svd_flip

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "packages/level1-math/src/linalg/__fixtures__/linalg.json")
SEED = 20240417
rng = np.random.default_rng(SEED)


def mat(a):
    return np.asarray(a, dtype=np.float64).tolist()


A6 = rng.standard_normal((6, 6))
b6 = rng.standard_normal(6)
lu, piv = sla.lu_factor(A6)
perm = list(range(6))
for i, p in enumerate(piv):
    perm[i], perm[p] = perm[p], perm[i]

B5 = rng.standard_normal((5, 5))
spd = B5 @ B5.T + 0.5 * np.eye(5)

T74 = rng.standard_normal((7, 4))
Q74, R74 = np.linalg.qr(T74)

# rank 3, 8x6, as a product; column scales spread so pivoting has a clear order
R3 = rng.standard_normal((8, 3)) @ rng.standard_normal((3, 6)) * np.array([1.0, 3.0, 0.5, 2.0, 1.5, 0.2])
b8 = rng.standard_normal(8)
_, Rp, Pp = sla.qr(R3, pivoting=True, mode="economic")

S8 = rng.standard_normal((8, 8))
S8 = S8 + S8.T
w8, V8 = np.linalg.eigh(S8)

T95 = rng.standard_normal((9, 5))
W47 = rng.standard_normal((4, 7))


def svd_entry(M):
    U, S, Vt = np.linalg.svd(M, full_matrices=False)
    return {"A": mat(M), "U": mat(U), "S": S.tolist(), "Vt": mat(Vt)}


L10 = rng.standard_normal((10, 4))
y10 = rng.standard_normal(10)
x10, res10, rank10, sv10 = np.linalg.lstsq(L10, y10, rcond=None)
x8, res8, rank8, sv8 = np.linalg.lstsq(R3, b8, rcond=None)

U95, S95, Vt95 = np.linalg.svd(T95, full_matrices=False)
Uf, Vtf = svd_flip(U95.copy(), Vt95.copy(), u_based_decision=True)
Uv, Vtv = svd_flip(U95.copy(), Vt95.copy(), u_based_decision=False)

out = {
    "meta": {
        "script": "scripts/oracles/freeze_linalg.py",
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "sklearn": sklearn.__version__,
        "seed": SEED,
        "generator": "numpy.random.default_rng(seed).standard_normal, in the order of the script",
    },
    "lu": {
        "A": mat(A6), "b": b6.tolist(), "LU": mat(lu), "perm": perm,
        "det": float(np.linalg.det(A6)), "x": np.linalg.solve(A6, b6).tolist(), "inv": mat(np.linalg.inv(A6)),
    },
    "cholesky": {"A": mat(spd), "L": mat(np.linalg.cholesky(spd))},
    "qr": {
        "A": mat(T74), "Q": mat(Q74), "R": mat(R74),
        "pivoted": {"A": mat(R3), "absDiagR": np.abs(np.diag(Rp)).tolist(), "perm": Pp.tolist(), "rank": 3},
    },
    "eigh": {"A": mat(S8), "values": w8.tolist(), "vectors": mat(V8)},
    "svd": {"tall": svd_entry(T95), "wide": svd_entry(W47), "rankDeficient": svd_entry(R3)},
    "lstsq": {
        "fullRank": {"A": mat(L10), "b": y10.tolist(), "x": x10.tolist(), "residuals": res10.tolist(),
                     "rank": int(rank10), "singularValues": sv10.tolist()},
        "rankDeficient": {"A": mat(R3), "b": b8.tolist(), "x": x8.tolist(), "residuals": res8.tolist(),
                          "rank": int(rank8), "singularValues": sv8.tolist(),
                          "residualSumOfSquares": float(np.sum((R3 @ x8 - b8) ** 2))},
        "pinv": mat(np.linalg.pinv(R3)),
        "matrixRank": int(np.linalg.matrix_rank(R3)),
    },
    "cond": {"A": mat(A6), "p2": float(np.linalg.cond(A6, 2)), "p1": float(np.linalg.cond(A6, 1)),
             "pInf": float(np.linalg.cond(A6, np.inf)), "fro": float(np.linalg.cond(A6, "fro"))},
    "hilbert": {"n": list(range(2, 13)), "cond2": [float(np.linalg.cond(sla.hilbert(n))) for n in range(2, 13)]},
    "svdFlip": {"U": mat(U95), "Vt": mat(Vt95), "uBased": {"U": mat(Uf), "Vt": mat(Vtf)},
                "vBased": {"U": mat(Uv), "Vt": mat(Vtv)}},
}

os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print(f"wrote {OUT}")
