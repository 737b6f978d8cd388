"""Freeze networkx d-separation answers and minimal backdoor sets for @fpml/level4-probabilistic's
causal graph family (src/causal/graph).

Graphs: 40 random DAGs (numpy seed 20240607), 5-9 observed nodes named V0..V8, each forward
pair (in a random order) joined with probability 0.35, plus up to two bidirected edges
A <-> B, handed to networkx as a latent root U_k -> A, U_k -> B (the canonical DAG of the
ADMG; fpml does the same internally). For each graph:
- 12 d-separation queries (X one node, Y one or two, Z each other node with probability 0.4;
  observed nodes only), answered by networkx.is_d_separator;
- for a random treatment X with a descendant and a random descendant Y as outcome: the validity of every candidate set under the backdoor criterion (no
  descendant of X; X and Y d-separated given Z in the graph without X's out-edges, by
  networkx), brute force over all subsets of the observed non-descendants of X, and the
  inclusion-minimal valid sets.

Output: packages/level4-probabilistic/src/causal/graph/__fixtures__/causal_graphs_networkx.json
Run: OMP_NUM_THREADS=1 python3 scripts/oracles/freeze_causal_graphs.py
(a Python with networkx >= 3.3: here the pyenv 3.11 interpreter, /usr/bin/python3 has no networkx;
the interpreter path is recorded in the JSON)
"""
import itertools
import json
import os
import platform
import sys

import networkx as nx
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "packages/level4-probabilistic/src/causal/graph/__fixtures__/causal_graphs_networkx.json")
SEED = 20240607
N_GRAPHS = 40
N_QUERIES = 12


def dsep(G, x, y, z):
    if hasattr(nx, "is_d_separator"):
        return bool(nx.is_d_separator(G, set(x), set(y), set(z)))
    return bool(nx.d_separated(G, set(x), set(y), set(z)))


def main():
    rng = np.random.default_rng(SEED)
    graphs = []
    for gi in range(N_GRAPHS):
        n = int(rng.integers(5, 10))
        names = [f"V{i}" for i in range(n)]
        perm = rng.permutation(n)  # causal order
        edges = []
        for a in range(n):
            for b in range(a + 1, n):
                if rng.random() < 0.35:
                    edges.append([names[perm[a]], names[perm[b]]])
        bidirected = []
        for _ in range(int(rng.integers(0, 3))):
            a, b = rng.choice(n, size=2, replace=False)
            pair = sorted([names[a], names[b]])
            if pair not in bidirected:
                bidirected.append(pair)
        G = nx.DiGraph()
        G.add_nodes_from(names)
        G.add_edges_from(edges)
        for k, (a, b) in enumerate(bidirected):
            G.add_edge(f"U{k}", a)
            G.add_edge(f"U{k}", b)
        queries = []
        for _ in range(N_QUERIES):
            xy = rng.choice(n, size=3, replace=False)
            x = [names[xy[0]]]
            y = [names[xy[1]]] + ([names[xy[2]]] if rng.random() < 0.25 else [])
            z = [v for v in names if v not in x and v not in y and rng.random() < 0.4]
            queries.append({"x": x, "y": y, "z": z, "separated": dsep(G, x, y, z)})
        order = [v for v in nx.topological_sort(G) if v in names]
        backdoor = None
        with_de = [v for v in order if any(d in names for d in nx.descendants(G, v))]
        if with_de:
            t = with_de[int(rng.integers(0, len(with_de)))]
            de = [v for v in order if v in nx.descendants(G, t)]
            o = de[int(rng.integers(0, len(de)))]
            Gu = G.copy()
            Gu.remove_edges_from(list(G.out_edges(t)))
            cands = [v for v in names if v != t and v != o and v not in nx.descendants(G, t)]
            valid = []
            for r in range(len(cands) + 1):
                for s in itertools.combinations(cands, r):
                    if dsep(Gu, [t], [o], list(s)):
                        valid.append(sorted(s))
            minimal = [s for s in valid if not any(set(u) < set(s) for u in valid)]
            backdoor = {"treatment": t, "outcome": o, "candidates": cands, "validCount": len(valid), "minimal": minimal}
        graphs.append({"nodes": names, "edges": edges, "bidirected": bidirected, "queries": queries, "backdoor": backdoor})
    out = {
        "generator": "scripts/oracles/freeze_causal_graphs.py",
        "command": "OMP_NUM_THREADS=1 python3 scripts/oracles/freeze_causal_graphs.py",
        "interpreter": sys.executable,
        "seed": SEED,
        "versions": {"python": platform.python_version(), "networkx": nx.__version__, "numpy": np.__version__},
        "graphs": graphs,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")
    sep = sum(q["separated"] for g in graphs for q in g["queries"])
    print(f"wrote {OUT}: {len(graphs)} graphs, {sum(len(g['queries']) for g in graphs)} queries ({sep} separated)", file=sys.stderr)


if __name__ == "__main__":
    main()
