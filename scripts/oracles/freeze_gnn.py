"""Freeze PyTorch 1.13 float64 values for @fpml/level4-probabilistic's GNN layers, and
scikit-learn 1.2 / scipy values for its baselines (label propagation, spectral clustering).

torch_geometric is not installed, so each layer's forward is written here in plain torch, dense,
from the published equations with PyG 2.x's conventions (the TypeScript side is edge-wise, so
the two are independent implementations):
  GCNConv  (Kipf & Welling 2017):  Y = D~^-1/2 (A + I) D~^-1/2 X W^T + b    (add_self_loops, gcn_norm)
  SAGEConv (Hamilton et al. 2017): Y = mean_{j in N(i)} x_j W_l^T + b_l + x_i W_r^T   (lin_l has the bias,
           lin_r is the root weight; mean over no neighbour = 0)
  GATConv  (Velickovic et al. 2018): e_ij^k = LeakyReLU_0.2(a_dst^k . W^k x_i + a_src^k . W^k x_j) over
           j in N(i) u {i}; alpha = softmax_j e; y_i = ||_k sum_j alpha_ij^k W^k x_j (or mean over k) + b
Adjacency convention: A[i, j] = 1 iff edge j -> i (messages flow source -> target); the test graph
is undirected, with an isolated node (6) to pin the zero-degree conventions.

For every layer case: weights and inputs from numpy default_rng(SEED), the output, the attention
weights (GAT, dense (K, n, n), alpha[k, i, j] = weight of j in i's update), and the gradients of
L = sum(w * y) for a Gaussian w w.r.t. x and every parameter.

Output: packages/level4-probabilistic/src/gnn/__fixtures__/gnn_torch.json
        packages/level4-probabilistic/src/gnn/__fixtures__/gnn_baselines_sklearn.json
Run: OMP_NUM_THREADS=1 /usr/bin/python3 scripts/oracles/freeze_gnn.py
"""
import json
import os
import platform

import numpy as np
import scipy
import scipy.linalg
import sklearn
import torch
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "packages/level4-probabilistic/src/gnn/__fixtures__")
SEED = 20261202
rng = np.random.default_rng(SEED)
torch.set_default_dtype(torch.float64)

N = 7
EDGES = [[0, 1], [0, 2], [1, 2], [2, 3], [3, 4], [4, 5], [3, 5]]  # undirected; node 6 isolated


def enc(t):
    a = t.detach().numpy() if isinstance(t, torch.Tensor) else np.asarray(t, dtype=np.float64)
    return {"shape": list(a.shape), "data": [float(v) for v in np.asarray(a, dtype=np.float64).reshape(-1)]}


def adjacency():
    A = torch.zeros(N, N)
    for j, i in EDGES:
        A[i, j] = 1.0
        A[j, i] = 1.0
    return A


def gcn(x, p, cfg):
    A = adjacency()
    At = A + torch.eye(N) if cfg["addSelfLoops"] else A
    deg = At.sum(1)
    dinv = torch.where(deg > 0, deg.pow(-0.5), torch.zeros_like(deg))
    Ahat = dinv[:, None] * At * dinv[None, :]
    y = Ahat @ (x @ p["lin.weight"].T)
    return (y + p["bias"] if "bias" in p else y), None


def sage(x, p, cfg):
    A = adjacency()
    deg = A.sum(1)
    P = torch.where(deg[:, None] > 0, A / deg.clamp(min=1)[:, None], torch.zeros_like(A))
    y = (P @ x) @ p["lin_l.weight"].T + x @ p["lin_r.weight"].T
    return (y + p["lin_l.bias"] if "lin_l.bias" in p else y), None


def gat(x, p, cfg):
    K, Fo = cfg["heads"], cfg["outFeatures"]
    M = adjacency() + torch.eye(N)  # existing self loops replaced by one per node
    z = (x @ p["lin.weight"].T).view(N, K, Fo)
    s_src = (z * p["att_src"]).sum(-1)  # (n, K)
    s_dst = (z * p["att_dst"]).sum(-1)
    e = F.leaky_relu(s_dst.T[:, :, None] + s_src.T[:, None, :], cfg["negativeSlope"])  # (K, i, j)
    e = e.masked_fill(M[None] == 0, float("-inf"))
    alpha = torch.softmax(e, dim=-1)
    out = alpha @ z.permute(1, 0, 2)  # (K, n, F)
    y = out.permute(1, 0, 2).reshape(N, K * Fo) if cfg["concat"] else out.mean(0)
    if "bias" in p:
        y = y + p["bias"]
    return y, alpha


LAYERS = {"GCNConv": gcn, "SAGEConv": sage, "GATConv": gat}


def case(name, layer, cfg, shapes):
    params = {k: torch.tensor(rng.normal(size=s) * 0.7, requires_grad=True) for k, s in shapes.items()}
    x = torch.tensor(rng.normal(size=(N, cfg["inFeatures"])), requires_grad=True)
    y, alpha = LAYERS[layer](x, params, cfg)
    w = torch.tensor(rng.normal(size=tuple(y.shape)))
    (y * w).sum().backward()
    out = {"name": name, "layer": layer, "config": cfg, "state": {k: enc(v) for k, v in params.items()},
           "x": enc(x), "weight": enc(w), "output": enc(y),
           "grads": {"input0": enc(x.grad), **{k: enc(v.grad) for k, v in params.items()}}}
    if alpha is not None:
        out["alpha"] = enc(alpha)
    return out


cases = [
    case("gcn", "GCNConv", {"inFeatures": 3, "outFeatures": 4, "bias": True, "addSelfLoops": True},
         {"bias": (4,), "lin.weight": (4, 3)}),
    case("gcn-no-self-loops-no-bias", "GCNConv", {"inFeatures": 3, "outFeatures": 2, "bias": False, "addSelfLoops": False},
         {"lin.weight": (2, 3)}),
    case("sage", "SAGEConv", {"inFeatures": 3, "outFeatures": 4, "bias": True},
         {"lin_l.weight": (4, 3), "lin_l.bias": (4,), "lin_r.weight": (4, 3)}),
    case("gat-concat", "GATConv", {"inFeatures": 3, "outFeatures": 2, "heads": 2, "concat": True, "negativeSlope": 0.2, "bias": True},
         {"att_src": (1, 2, 2), "att_dst": (1, 2, 2), "bias": (4,), "lin.weight": (4, 3)}),
    case("gat-mean", "GATConv", {"inFeatures": 3, "outFeatures": 2, "heads": 3, "concat": False, "negativeSlope": 0.2, "bias": True},
         {"att_src": (1, 3, 2), "att_dst": (1, 3, 2), "bias": (2,), "lin.weight": (6, 3)}),
]

meta = {"script": "scripts/oracles/freeze_gnn.py", "seed": SEED, "torch": torch.__version__, "numpy": np.__version__,
        "python": platform.python_version(), "numNodes": N, "edges": EDGES}
os.makedirs(OUT, exist_ok=True)
with open(os.path.join(OUT, "gnn_torch.json"), "w") as f:
    json.dump({"meta": meta, "cases": cases}, f)
print("wrote", len(cases), "layer cases")

# ---------------------------------------------------------------- baselines (scikit-learn 1.2, scipy)
from sklearn.cluster import SpectralClustering
from sklearn.semi_supervised import LabelSpreading

kedges = np.loadtxt(os.path.join(ROOT, "packages/datasets/data/graphs/karate_edges.csv"), delimiter=",", skiprows=1, dtype=int)
KN = 34
KA = np.zeros((KN, KN))
for u, v in kedges:
    KA[u, v] = KA[v, u] = 1.0
seeds = -np.ones(KN, dtype=int)
seeds[0], seeds[33] = 0, 1  # one labelled node per faction


def spreading(alpha):
    # kernel = the adjacency itself (X is the node index), so LabelSpreading's graph matrix is
    # -laplacian(A, normed=True) with a zero diagonal = D^-1/2 A D^-1/2
    ls = LabelSpreading(kernel=lambda X, Y: KA.copy(), alpha=alpha, max_iter=100000, tol=1e-15)
    ls.fit(np.arange(KN, dtype=float)[:, None], seeds)
    return ls


lp = []
for alpha in (0.99, 0.5):
    ls = spreading(alpha)
    d = KA.sum(1)
    S = KA / np.sqrt(np.outer(d, d))
    Y = np.zeros((KN, 2))
    Y[0, 0] = Y[33, 1] = 1
    Fs = (1 - alpha) * np.linalg.solve(np.eye(KN) - alpha * S, Y)  # hand closed form
    Fi = Y.copy()
    for _ in range(25):  # hand iteration, 25 steps, not normalised
        Fi = alpha * S @ Fi + (1 - alpha) * Y
    lp.append({"alpha": alpha, "sklearnDistributions": enc(ls.label_distributions_), "sklearnTransduction": [int(v) for v in ls.transduction_],
               "sklearnIterations": int(ls.n_iter_), "closedForm": enc(Fs / Fs.sum(1, keepdims=True)), "iter25": enc(Fi / Fi.sum(1, keepdims=True))})

d = KA.sum(1)
Lsym = np.eye(KN) - KA / np.sqrt(np.outer(d, d))
w, V = scipy.linalg.eigh(Lsym)
spec = []
for k in (2, 3):
    U = V[:, :k].copy()
    for c in range(k):  # sklearn's _deterministic_vector_sign_flip: largest |entry| positive
        U[:, c] *= np.sign(U[np.argmax(np.abs(U[:, c])), c])
    emb = U / np.sqrt(d)[:, None]
    sc = SpectralClustering(n_clusters=k, affinity="precomputed", assign_labels="kmeans", random_state=0, n_init=10).fit(KA)
    spec.append({"k": k, "eigenvalues": enc(w[:k]), "embedding": enc(emb), "sklearnLabels": [int(v) for v in sc.labels_]})

meta_b = {"script": "scripts/oracles/freeze_gnn.py", "sklearn": sklearn.__version__, "scipy": scipy.__version__, "numpy": np.__version__,
          "python": platform.python_version(), "graph": "Zachary's karate club (packages/datasets/data/graphs/karate_edges.csv)",
          "seeds": "node 0 -> class 0, node 33 -> class 1, others unlabelled", "spectralRandomState": 0}
with open(os.path.join(OUT, "gnn_baselines_sklearn.json"), "w") as f:
    json.dump({"meta": meta_b, "labelSpreading": lp, "spectral": spec}, f)
print("wrote baselines:", [(c["alpha"], c["sklearnIterations"]) for c in lp])
