/**
 * The three rules of do-calculus (Pearl 1995; *Causality* 2009, Thm. 3.4.1). For disjoint
 * $X, Y, Z, W$, with $G_{\overline X}$ the graph without edges into $X$ and $G_{\underline Z}$
 * without edges out of $Z$:
 * 1. insertion/deletion of observations:
 *    $P(y\mid \mathrm{do}(x), z, w) = P(y\mid \mathrm{do}(x), w)$ if $(Y \perp\!\!\!\perp Z \mid X, W)_{G_{\overline X}}$;
 * 2. action/observation exchange:
 *    $P(y\mid \mathrm{do}(x), \mathrm{do}(z), w) = P(y\mid \mathrm{do}(x), z, w)$ if $(Y \perp\!\!\!\perp Z \mid X, W)_{G_{\overline X\,\underline Z}}$;
 * 3. insertion/deletion of actions:
 *    $P(y\mid \mathrm{do}(x), \mathrm{do}(z), w) = P(y\mid \mathrm{do}(x), w)$ if $(Y \perp\!\!\!\perp Z \mid X, W)_{G_{\overline X\,\overline{Z(W)}}}$,
 *    where $Z(W) = Z \setminus \mathrm{An}(W)_{G_{\overline X}}$.
 *
 * Each function checks its rule's d-separation condition in the mutilated graph and returns
 * both sides of the equality as text, so a derivation can be printed step by step. The rules are
 * complete for identification (Shpitser & Pearl 2006; Huang & Valtorta 2006). Each check is
 * $O(V + E)$.
 * @see ../../../../../docs/level4-probabilistic/causal-graphs.md
 */
import { InvalidInputError } from '@fpml/core';
import { CausalGraph, reach, type NodeSet } from './dag.js';
import { dSeparated } from './d-separation.js';
import { probText } from './sets.js';

/** The sets of a rule: outcome $Y$, intervened $X$, the rule's $Z$, and observed $W$. */
export interface RuleQuery {
  y: NodeSet;
  /** Already intervened on. @default [] */
  x?: NodeSet;
  /** The observation (rule 1) or action (rules 2, 3) to exchange, insert or delete. */
  z: NodeSet;
  /** Other observations. @default [] */
  w?: NodeSet;
}

/** One application of a rule: whether its condition holds, and the two sides it equates. */
export interface RuleCheck {
  rule: 1 | 2 | 3;
  holds: boolean;
  /** The condition, e.g. `(Y ⫫ Z | X, W) in G[do(X), Z out]`. */
  condition: string;
  /** Left side, e.g. `P(Y | do(X), Z, W)`. */
  from: string;
  /** Right side, e.g. `P(Y | do(X), W)`. */
  to: string;
}

function sets(g: CausalGraph, q: RuleQuery, rule: number): [string[], string[], string[], string[]] {
  if (q === null || typeof q !== 'object') throw new InvalidInputError(`rule${rule}: expected a query { y, x, z, w }, got ${String(q)}`);
  const all = [g.indicesOf(q.y, 'y'), g.indicesOf(q.x ?? [], 'x'), g.indicesOf(q.z, 'z'), g.indicesOf(q.w ?? [], 'w')];
  const names = ['y', 'x', 'z', 'w'];
  for (let a = 0; a < 4; a++) {
    for (let b = a + 1; b < 4; b++) {
      const both = all[a]!.filter((v) => all[b]!.includes(v));
      if (both.length > 0) throw new InvalidInputError(`rule${rule}: ${names[a]} and ${names[b]} must be disjoint, both contain ${g.namesOf(both).join(', ')}`);
    }
  }
  if (all[0]!.length === 0) throw new InvalidInputError(`rule${rule}: y must name at least one node, got none`);
  return [g.namesOf(all[0]!), g.namesOf(all[1]!), g.namesOf(all[2]!), g.namesOf(all[3]!)];
}

const braces = (vs: string[]): string => (vs.length > 0 ? vs.join(', ') : '∅');
const cond = (y: string[], z: string[], given: string[], graphName: string): string =>
  `(${braces(y)} ⫫ ${braces(z)} | ${braces(given)}) in ${graphName}`;
const mutName = (inc: string[], out: string[]): string => {
  const parts = [...(inc.length > 0 ? [`no edges into ${inc.join(', ')}`] : []), ...(out.length > 0 ? [`no edges out of ${out.join(', ')}`] : [])];
  return parts.length > 0 ? `G[${parts.join('; ')}]` : 'G';
};

/** Rule 1: drop (or add) the observation $Z$. */
export function rule1(graph: CausalGraph | string, q: RuleQuery): RuleCheck {
  const g = CausalGraph.from(graph);
  const [y, x, z, w] = sets(g, q, 1);
  const holds = dSeparated(g.withoutIncoming(x), y, z, [...x, ...w]);
  return { rule: 1, holds, condition: cond(y, z, [...x, ...w], mutName(x, [])), from: probText(y, [...z, ...w], x), to: probText(y, w, x) };
}

/** Rule 2: exchange the action $\mathrm{do}(Z)$ for the observation $Z$. */
export function rule2(graph: CausalGraph | string, q: RuleQuery): RuleCheck {
  const g = CausalGraph.from(graph);
  const [y, x, z, w] = sets(g, q, 2);
  const holds = dSeparated(g.withoutIncoming(x).withoutOutgoing(z), y, z, [...x, ...w]);
  return { rule: 2, holds, condition: cond(y, z, [...x, ...w], mutName(x, z)), from: probText(y, w, [...x, ...z]), to: probText(y, [...z, ...w], x) };
}

/** Rule 3: drop (or add) the action $\mathrm{do}(Z)$. */
export function rule3(graph: CausalGraph | string, q: RuleQuery): RuleCheck {
  const g = CausalGraph.from(graph);
  const [y, x, z, w] = sets(g, q, 3);
  const gx = g.withoutIncoming(x);
  const anW = reach(gx.structure.parents, gx.indicesOf(w), true);
  const zw = z.filter((v) => !anW[gx.indexOf(v)]); // Z(W) = Z \ An(W) in G_{\bar X}
  const holds = dSeparated(gx.withoutIncoming(zw), y, z, [...x, ...w]);
  return { rule: 3, holds, condition: cond(y, z, [...x, ...w], mutName([...x, ...zw], [])), from: probText(y, w, [...x, ...z]), to: probText(y, w, x) };
}
