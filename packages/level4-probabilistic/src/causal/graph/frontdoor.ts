/**
 * The frontdoor criterion (Pearl 2009, *Causality*, Def. 3.3.3 and Thm. 3.3.4). A non-empty set
 * $M$ satisfies it relative to $(X, Y)$ when
 * 1. $M$ intercepts every directed path from $X$ to $Y$;
 * 2. there is no unblocked backdoor path from $X$ to $M$: $(X \perp\!\!\!\perp M)_{G_{\underline X}}$;
 * 3. every backdoor path from $M$ to $Y$ is blocked by $X$: $(M \perp\!\!\!\perp Y \mid X)_{G_{\underline M}}$.
 *
 * Then (with $P(x, m) > 0$)
 * $$P(y \mid \mathrm{do}(x)) = \sum_m P(m \mid x) \sum_{x'} P(y \mid x', m)\,P(x').$$
 * The classic case is smoking → tar → cancer with a latent genotype behind smoking and cancer
 * (`'X -> M -> Y; X <-> Y'`), where no backdoor set exists.
 *
 * Search: every inclusion-minimal frontdoor set over the observed nodes other than $X, Y$ that
 * pass condition 2 on their own (condition 2 holds for a set iff for each member), exhaustive
 * in increasing size, $O(2^{|C|}(V+E))$, `maxCandidates` (default 20) caps $|C|$. A minimal set
 * need not consist of mediators only (an observed confounder of $M$ and $Y$ may join it).
 * @see ../../../../../docs/level4-probabilistic/causal-graphs.md
 */
import { CausalGraph, type NodeSet } from './dag.js';
import { activePath, dSeparated } from './d-separation.js';
import type { EffectFormula, SearchOptions } from './backdoor.js';
import {
  DEFAULT_MAX_CANDIDATES, checkCandidates, disjointSet, effectQuery, minimalSubsets, primed, probTex, probText, sumTex, sumText,
  type CriterionCheck,
} from './sets.js';

/** Whether some directed path from X to Y avoids every node of `blocked` (false: `blocked` intercepts them all). */
function unblockedDirected(g: CausalGraph, X: number[], Y: number[], blocked: Set<number>): boolean {
  const s = g.structure;
  const seen = new Uint8Array(s.nObserved);
  const stack = [...X];
  const isY = new Set(Y);
  while (stack.length > 0) {
    const v = stack.pop()!;
    for (const c of s.children[v]!) {
      if (isY.has(c)) return true;
      if (!seen[c] && !blocked.has(c)) {
        seen[c] = 1;
        stack.push(c);
      }
    }
  }
  return false;
}

/** Check the frontdoor criterion for the set `mediators`, with a reason per failed condition. $O(V+E)$. */
export function checkFrontdoor(graph: CausalGraph | string, treatment: NodeSet, outcome: NodeSet, mediators: NodeSet): CriterionCheck {
  const g = CausalGraph.from(graph);
  const [X, Y] = effectQuery(g, treatment, outcome, 'checkFrontdoor');
  const M = disjointSet(g, mediators, 'mediators', [...X, ...Y], 'treatment or outcome', 'checkFrontdoor');
  const xs = g.namesOf(X), ys = g.namesOf(Y), ms = g.namesOf(M);
  if (M.length === 0) return { valid: false, reasons: ['the frontdoor set is empty'] };
  const reasons: string[] = [];
  if (unblockedDirected(g, X, Y, new Set(M))) reasons.push(`a directed path from ${xs.join(', ')} to ${ys.join(', ')} avoids {${ms.join(', ')}}`);
  const p2 = activePath(g.withoutOutgoing(xs), xs, ms, []);
  if (p2 !== null) reasons.push(`the backdoor path ${p2} from the treatment to the frontdoor set is open`);
  const p3 = activePath(g.withoutOutgoing(ms), ms, ys, xs);
  if (p3 !== null) reasons.push(`the backdoor path ${p3} from the frontdoor set to the outcome is open given {${xs.join(', ')}}`);
  return { valid: reasons.length === 0, reasons };
}

/** Whether `mediators` satisfies the frontdoor criterion. */
export function isFrontdoorSet(graph: CausalGraph | string, treatment: NodeSet, outcome: NodeSet, mediators: NodeSet): boolean {
  return checkFrontdoor(graph, treatment, outcome, mediators).valid;
}

/**
 * Every inclusion-minimal frontdoor set, smallest first (ties in graph order); `[]` when none,
 * and when $X$ has no directed path to $Y$ (condition 1 would hold vacuously for any set).
 */
export function minimalFrontdoorSets(graph: CausalGraph | string, treatment: NodeSet, outcome: NodeSet, options: SearchOptions = {}): string[][] {
  const g = CausalGraph.from(graph);
  const [X, Y] = effectQuery(g, treatment, outcome, 'minimalFrontdoorSets');
  const xs = g.namesOf(X), ys = g.namesOf(Y);
  const gx = g.withoutOutgoing(xs);
  const cands: number[] = [];
  for (let v = 0; v < g.structure.nObserved; v++) {
    if (!X.includes(v) && !Y.includes(v) && dSeparated(gx, xs, g.nodes[v]!, [])) cands.push(v);
  }
  checkCandidates('minimalFrontdoorSets', cands.length, options.maxCandidates ?? DEFAULT_MAX_CANDIDATES);
  // Condition 1 needs every X → Y path cut: if a directed path avoids all candidates, nothing works.
  // Without any directed path the criterion holds vacuously; no set is reported (the effect is nil).
  if (unblockedDirected(g, X, Y, new Set(cands)) || !unblockedDirected(g, X, Y, new Set())) return [];
  return minimalSubsets(cands, (M) => M.length > 0 && isFrontdoorSet(g, xs, ys, g.namesOf(M))).map((M) => g.namesOf(M));
}

/** The frontdoor formula for the set $M$. */
export function frontdoorFormula(treatment: readonly string[], outcome: readonly string[], mediators: readonly string[]): EffectFormula {
  const xp = primed(treatment);
  return {
    formula: `${probText(outcome, [], treatment)} = ${sumText(mediators)}${probText(mediators, treatment)} ${sumText(xp)}${probText(outcome, [...xp, ...mediators])} ${probText(xp)}`,
    latex: `${probTex(outcome, [], treatment)} = ${sumTex(mediators)}${probTex(mediators, treatment)} ${sumTex(xp)}${probTex(outcome, [...xp, ...mediators])}\\,${probTex(xp)}`,
  };
}

/** The default frontdoor estimand: a smallest minimal set (first in graph order), or `null`. */
export function frontdoorAdjustment(
  graph: CausalGraph | string,
  treatment: NodeSet,
  outcome: NodeSet,
  options: SearchOptions = {},
): ({ frontdoorSet: string[] } & EffectFormula) | null {
  const g = CausalGraph.from(graph);
  const sets = minimalFrontdoorSets(g, treatment, outcome, options);
  if (sets.length === 0) return null;
  const [X, Y] = effectQuery(g, treatment, outcome, 'frontdoorAdjustment');
  return { frontdoorSet: sets[0]!, ...frontdoorFormula(g.namesOf(X), g.namesOf(Y), sets[0]!) };
}
