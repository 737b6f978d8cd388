/**
 * The backdoor criterion (Pearl 2009, *Causality*, Def. 3.3.1 and Thm. 3.3.2). A set $Z$ is a
 * valid backdoor adjustment set for the effect of $X$ on $Y$ when
 * 1. no node of $Z$ is a descendant of $X$, and
 * 2. $Z$ blocks every path from $X$ to $Y$ that starts with an arrow into $X$; equivalently
 *    $(Y \perp\!\!\!\perp X \mid Z)_{G_{\underline X}}$, with $G_{\underline X}$ the graph
 *    without the edges out of $X$.
 *
 * Then the effect is identified by the adjustment formula
 * $$P(y \mid \mathrm{do}(x)) = \sum_z P(y \mid x, z)\,P(z).$$
 * The criterion is sufficient, not necessary, for adjustment (Shpitser, VanderWeele & Robins
 * 2010 give the complete "adjustment criterion"); for single $X$ it is what DoWhy calls backdoor.
 *
 * Search: every inclusion-minimal valid set, by exhaustive enumeration over the candidates
 * $C = \mathrm{An}(X\cup Y)\setminus(X\cup Y\cup\mathrm{De}(X))$ in increasing size. Restricting
 * to ancestors loses nothing: a minimal separator lies in $\mathrm{An}(X\cup Y)$ (Tian, Paz &
 * Pearl 1998; van der Zander, Liśkiewicz & Textor 2019, who also give polynomial algorithms for
 * finding one). A candidate $c$ with $X \leftarrow c \to Y$ (or $X \leftarrow c \leftrightarrow Y$)
 * belongs to every valid set and is not enumerated, so $k$ common causes with direct edges cost
 * one check. Cost $O(2^{k}(V+E))$ for the $k$ remaining candidates; `maxCandidates` (default
 * 20, chosen from a one-off timing of the $2^k$ growth, not kept) caps $k$.
 * @see ../../../../../docs/level4-probabilistic/causal-graphs.md
 */
import { CausalGraph, reach, type NodeSet } from './dag.js';
import { activePath, dSeparated } from './d-separation.js';
import {
  DEFAULT_MAX_CANDIDATES, checkCandidates, disjointSet, effectQuery, minimalSubsets, probTex, probText, sumTex, sumText,
  type CriterionCheck,
} from './sets.js';

/** A formula as plain text and as KaTeX. */
export interface EffectFormula {
  /** e.g. `P(Y | do(X)) = Σ_{Z} P(Y | X, Z) P(Z)` */
  formula: string;
  /** e.g. `P(Y \mid \mathrm{do}(X)) = \sum_{Z} P(Y \mid X, Z) P(Z)` */
  latex: string;
}

/** Options of the exhaustive set searches. */
export interface SearchOptions {
  /** Largest candidate count searched exhaustively ($2^{k}$ subsets); more throws `InvalidParamError`. @default 20 */
  maxCandidates?: number;
}

/**
 * Check the backdoor criterion for `adjustment` (may be empty). Reasons name each descendant
 * of $X$ in $Z$ and one open backdoor path. $O(V + E)$.
 */
export function checkBackdoor(graph: CausalGraph | string, treatment: NodeSet, outcome: NodeSet, adjustment: NodeSet): CriterionCheck {
  const g = CausalGraph.from(graph);
  const [X, Y] = effectQuery(g, treatment, outcome, 'checkBackdoor');
  const Z = disjointSet(g, adjustment, 'adjustment', [...X, ...Y], 'treatment or outcome', 'checkBackdoor');
  const reasons: string[] = [];
  const de = reach(g.structure.children, X, false);
  const bad = Z.filter((v) => de[v]);
  if (bad.length > 0) {
    reasons.push(`${g.namesOf(bad).join(', ')} ${bad.length > 1 ? 'are descendants' : 'is a descendant'} of ${g.namesOf(X).join(', ')}`);
  }
  const path = activePath(g.withoutOutgoing(g.namesOf(X)), g.namesOf(X), g.namesOf(Y), g.namesOf(Z));
  if (path !== null) reasons.push(`the backdoor path ${path} is open given {${g.namesOf(Z).join(', ')}}`);
  return { valid: reasons.length === 0, reasons };
}

/** Whether `adjustment` satisfies the backdoor criterion. */
export function isBackdoorSet(graph: CausalGraph | string, treatment: NodeSet, outcome: NodeSet, adjustment: NodeSet): boolean {
  return checkBackdoor(graph, treatment, outcome, adjustment).valid;
}

/**
 * Every inclusion-minimal backdoor set, smallest first (ties in graph order); `[]` when none
 * exists (e.g. `X <-> Y`); `[[]]` when no adjustment is needed.
 */
export function minimalBackdoorSets(graph: CausalGraph | string, treatment: NodeSet, outcome: NodeSet, options: SearchOptions = {}): string[][] {
  const g = CausalGraph.from(graph);
  const [X, Y] = effectQuery(g, treatment, outcome, 'minimalBackdoorSets');
  const s = g.structure;
  const anc = reach(s.parents, [...X, ...Y], false);
  const de = reach(s.children, X, false);
  const cands: number[] = [];
  for (let v = 0; v < s.nObserved; v++) if (anc[v] && !de[v] && !X.includes(v) && !Y.includes(v)) cands.push(v);
  // A candidate with X <- c -> Y (or X <- c <-> Y) is in every valid set: only it blocks that path.
  const isX = new Set(X), isY = new Set(Y);
  const required = cands.filter((c) =>
    s.children[c]!.some((v) => isX.has(v)) &&
    (s.children[c]!.some((v) => isY.has(v)) || g.siblings(g.nodes[c]!).some((v) => isY.has(g.indexOf(v)))));
  const rest = cands.filter((c) => !required.includes(c));
  checkCandidates('minimalBackdoorSets', rest.length, options.maxCandidates ?? DEFAULT_MAX_CANDIDATES);
  const gu = g.withoutOutgoing(g.namesOf(X));
  const xs = g.namesOf(X), ys = g.namesOf(Y);
  return minimalSubsets(rest, (S) => dSeparated(gu, xs, ys, g.namesOf([...required, ...S])))
    .map((S) => g.namesOf([...required, ...S].sort((a, b) => a - b)));
}

/** The adjustment formula for a set $Z$ (the backdoor formula; $P(y\mid x)$ when $Z=\emptyset$). */
export function adjustmentFormula(treatment: readonly string[], outcome: readonly string[], adjustment: readonly string[]): EffectFormula {
  const lhs = probText(outcome, [], treatment);
  const lhsTex = probTex(outcome, [], treatment);
  if (adjustment.length === 0) return { formula: `${lhs} = ${probText(outcome, treatment)}`, latex: `${lhsTex} = ${probTex(outcome, treatment)}` };
  return {
    formula: `${lhs} = ${sumText(adjustment)}${probText(outcome, [...treatment, ...adjustment])} ${probText(adjustment)}`,
    latex: `${lhsTex} = ${sumTex(adjustment)}${probTex(outcome, [...treatment, ...adjustment])}\\,${probTex(adjustment)}`,
  };
}

/** The default backdoor estimand: a smallest minimal set (first in graph order), or `null`. */
export function backdoorAdjustment(
  graph: CausalGraph | string,
  treatment: NodeSet,
  outcome: NodeSet,
  options: SearchOptions = {},
): ({ adjustmentSet: string[] } & EffectFormula) | null {
  const g = CausalGraph.from(graph);
  const sets = minimalBackdoorSets(g, treatment, outcome, options);
  if (sets.length === 0) return null;
  const [X, Y] = effectQuery(g, treatment, outcome, 'backdoorAdjustment');
  const Z = sets[0]!;
  return { adjustmentSet: Z, ...adjustmentFormula(g.namesOf(X), g.namesOf(Y), Z) };
}
