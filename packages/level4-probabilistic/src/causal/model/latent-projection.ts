/**
 * Latent projection (Verma & Pearl 1990; Tian & Pearl 2002): the ADMG over the observed nodes
 * implied by a graph some of whose nodes are not measured. A `CausalModel` whose graph names
 * nodes that are not columns of its data treats them as unobserved and projects them out, one at
 * a time; removing an unobserved node $U$:
 * - every parent $P$ and child $C$ of $U$: add $P \to C$ (a directed path through $U$);
 * - every two children $C_1, C_2$ of $U$: add $C_1 \leftrightarrow C_2$ (a latent common cause);
 * - every sibling $S$ ($S \leftrightarrow U$) and child $C$ of $U$: add $S \leftrightarrow C$.
 * d-separation among the observed nodes, and so every criterion of `graph/`, is the same in the
 * projection. Cost $O(k\,(\deg^2 + V + E))$ for $k$ projected nodes.
 * @see ../../../../../docs/level4-probabilistic/causal-diagnostics.md
 */
import { CausalGraph } from '../graph/dag.js';

/** Project the nodes not in `observed` out of `graph`. */
export function latentProjection(graph: CausalGraph, observed: (name: string) => boolean): { graph: CausalGraph; projected: string[] } {
  const hidden = graph.nodes.filter((v) => !observed(v));
  if (hidden.length === 0) return { graph, projected: [] };
  let g = graph;
  for (const u of hidden) {
    const pa = g.parents(u), ch = g.children(u), sib = g.siblings(u);
    const keep = (v: string) => v !== u;
    const edges = g.edges.filter(([a, b]) => keep(a) && keep(b));
    const bi = g.bidirectedEdges.filter(([a, b]) => keep(a) && keep(b));
    for (const p of pa) for (const c of ch) if (p !== c) edges.push([p, c]);
    for (let i = 0; i < ch.length; i++) for (let j = i + 1; j < ch.length; j++) bi.push([ch[i]!, ch[j]!]);
    for (const s of sib) for (const c of ch) if (s !== c) bi.push([s, c]);
    g = CausalGraph.fromEdges(edges, { nodes: g.nodes.filter(keep), bidirected: bi });
  }
  return { graph: g, projected: hidden };
}
