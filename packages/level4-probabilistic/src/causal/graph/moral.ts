/**
 * d-separation by the moralised ancestral graph (Lauritzen, Dawid, Larsen & Leimer 1990;
 * Lauritzen 1996, Prop. 3.25): with $A = \mathrm{An}(X\cup Y\cup Z)$ (the sets included),
 * $$X \perp\!\!\!\perp_G Y \mid Z \iff Z \text{ separates } X \text{ from } Y \text{ in } (G_A)^m,$$
 * the moral graph of the subgraph induced by $A$ (marry every two parents of a common child,
 * drop directions). An independent second algorithm: the tests check that it agrees with the
 * Bayes-ball search of `d-separation.ts`. Cost $O(V + \sum_v |\mathrm{pa}(v)|^2)$.
 * @see ../../../../../docs/level4-probabilistic/causal-graphs.md
 */
import { CausalGraph, reach, type NodeSet } from './dag.js';
import { querySets } from './d-separation.js';

/** Whether $X \perp\!\!\!\perp Y \mid Z$ by the moral-ancestral-graph criterion. */
export function dSeparatedMoral(graph: CausalGraph | string, x: NodeSet, y: NodeSet, z: NodeSet = []): boolean {
  const g = CausalGraph.from(graph);
  const [X, Y, Z] = querySets(g, x, y, z);
  if (X.length === 0 || Y.length === 0) return true;
  const s = g.structure; // canonical DAG: latent roots count as ordinary unobserved nodes
  const anc = reach(s.parents, [...X, ...Y, ...Z], true);
  const adj: Set<number>[] = Array.from({ length: s.n }, () => new Set());
  for (let v = 0; v < s.n; v++) {
    if (!anc[v]) continue;
    const ps = s.parents[v]!; // parents of an ancestor are ancestors
    for (let i = 0; i < ps.length; i++) {
      adj[v]!.add(ps[i]!);
      adj[ps[i]!]!.add(v);
      for (let j = i + 1; j < ps.length; j++) {
        adj[ps[i]!]!.add(ps[j]!);
        adj[ps[j]!]!.add(ps[i]!);
      }
    }
  }
  const blocked = new Uint8Array(s.n);
  for (const v of Z) blocked[v] = 1;
  const target = new Uint8Array(s.n);
  for (const v of Y) target[v] = 1;
  const seen = new Uint8Array(s.n);
  const stack = X.slice();
  for (const v of X) seen[v] = 1;
  while (stack.length > 0) {
    const v = stack.pop()!;
    if (target[v]) return false;
    for (const w of adj[v]!) {
      if (!seen[w] && !blocked[w]) {
        seen[w] = 1;
        stack.push(w);
      }
    }
  }
  return true;
}
