/**
 * Identification of $P(y \mid \mathrm{do}(x))$ from a causal graph, DoWhy's `identify_effect`
 * step: try the backdoor criterion, the frontdoor criterion and instrumental variables (in
 * `options.order`) and return the first estimand found, with its formula, the do-calculus
 * derivation that justifies it (each step's rule condition checked in the mutilated graph) and
 * every alternative found.
 *
 * Derivations (Pearl 2009, §3.4.3): backdoor with set $Z$,
 * $$P(y\mid\mathrm{do}(x)) = \sum_z P(y\mid\mathrm{do}(x),z)P(z\mid\mathrm{do}(x)) \overset{R2,R3}{=} \sum_z P(y\mid x,z)P(z);$$
 * frontdoor with set $M$: $P(m\mid\mathrm{do}(x)) = P(m\mid x)$ (R2),
 * $P(y\mid\mathrm{do}(x),m) = P(y\mid\mathrm{do}(x),\mathrm{do}(m)) = P(y\mid\mathrm{do}(m))$ (R2, R3),
 * $P(y\mid\mathrm{do}(m)) = \sum_{x'}P(y\mid m,x')P(x')$ (R2, R3).
 * When $X$ has no causal path to $Y$ but confounding blocks the backdoor route, rule 3 gives
 * $P(y\mid\mathrm{do}(x)) = P(y)$ (kind `'no-causal-path'`).
 *
 * These criteria are not complete: a query they reject may still be identifiable (e.g. the
 * "napkin" graph), which the ID algorithm of Shpitser & Pearl (2006) would decide. The bow graph
 * `X -> Y; X <-> Y` is truly unidentifiable. Cost: the searches of the criteria, exponential in
 * the candidate count (capped by `maxCandidates`).
 * @see ../../../../../docs/level4-probabilistic/causal-graphs.md
 */
import { InvalidParamError } from '@fpml/core';
import { CausalGraph, reach, type NodeSet } from './dag.js';
import { activePath } from './d-separation.js';
import { adjustmentFormula, minimalBackdoorSets, type EffectFormula, type SearchOptions } from './backdoor.js';
import { frontdoorFormula, minimalFrontdoorSets } from './frontdoor.js';
import { findInstruments, instrumentFormula, type InstrumentFound } from './instrument.js';
import { rule2, rule3 } from './do-calculus.js';
import { NotIdentifiableError } from './errors.js';
import { effectQuery, probText, sumText } from './sets.js';

/** How the effect is identified. */
export type EstimandKind = 'backdoor' | 'frontdoor' | 'iv' | 'no-causal-path';

/** One step of a derivation; `rule` is `null` for the law of total probability. */
export interface DerivationStep {
  rule: 1 | 2 | 3 | null;
  holds: boolean;
  condition: string;
  from: string;
  to: string;
}

/** An identified estimand (API.md's `{ kind, adjustmentSet, formula }`, plus detail). */
export interface IdentifiedEstimand extends EffectFormula {
  kind: EstimandKind;
  treatment: string[];
  outcome: string[];
  /** backdoor: the adjustment set $Z$; frontdoor: the frontdoor set $M$; iv: the conditioning set $W$; else `[]`. */
  adjustmentSet: string[];
  /** frontdoor only: the set $M$. */
  frontdoorSet?: string[];
  /** iv only: the instrument(s). */
  instruments?: string[];
  /** Do-calculus steps from $P(y\mid\mathrm{do}(x))$ to the formula (empty for IV, which is not a do-calculus result). */
  derivation: DerivationStep[];
  /**
   * Every estimand the criteria found, minimal sets only. `iv` lists instruments with their
   * minimal conditioning sets when IV is chosen or preferred; when an earlier criterion already
   * identified the effect, only unconditional instruments (the search for conditioning sets is
   * exponential).
   */
  alternatives: { backdoor: string[][]; frontdoor: string[][]; iv: InstrumentFound[] };
}

/** Options of {@link identifyEffect}. */
export interface IdentifyOptions extends SearchOptions {
  /** Criteria in order of preference. @default ['backdoor', 'frontdoor', 'iv'] */
  order?: readonly ('backdoor' | 'frontdoor' | 'iv')[];
}

const KINDS = ['backdoor', 'frontdoor', 'iv'] as const;

/** The backdoor derivation for set Z (every step should hold when Z satisfies the criterion). */
export function backdoorDerivation(graph: CausalGraph | string, X: string[], Y: string[], Z: string[]): DerivationStep[] {
  const g = CausalGraph.from(graph);
  if (Z.length === 0) return [rule2(g, { y: Y, z: X })];
  return [
    { rule: null, holds: true, condition: 'law of total probability', from: probText(Y, [], X), to: `${sumText(Z)}${probText(Y, Z, X)} ${probText(Z, [], X)}` },
    rule2(g, { y: Y, z: X, w: Z }),
    rule3(g, { y: Z, z: X }),
  ];
}

/** The frontdoor derivation for set M (Pearl 2009, §3.4.3). */
export function frontdoorDerivation(graph: CausalGraph | string, X: string[], Y: string[], M: string[]): DerivationStep[] {
  const g = CausalGraph.from(graph);
  const total = (from: string, to: string): DerivationStep => ({ rule: null, holds: true, condition: 'law of total probability', from, to });
  return [
    total(probText(Y, [], X), `${sumText(M)}${probText(Y, M, X)} ${probText(M, [], X)}`),
    rule2(g, { y: M, z: X }),
    rule2(g, { y: Y, x: X, z: M }),
    rule3(g, { y: Y, x: M, z: X }),
    total(probText(Y, [], M), `${sumText(X)}${probText(Y, X, M)} ${probText(X, [], M)}`),
    rule2(g, { y: Y, z: M, w: X }),
    rule3(g, { y: X, z: M }),
  ];
}

/**
 * Identify $P(y \mid \mathrm{do}(x))$: the first criterion in `order` that succeeds, or
 * `NotIdentifiableError` naming why each failed. IV needs one treatment and one outcome.
 */
export function identifyEffect(graph: CausalGraph | string, treatment: NodeSet, outcome: NodeSet, options: IdentifyOptions = {}): IdentifiedEstimand {
  const g = CausalGraph.from(graph);
  const [Xi, Yi] = effectQuery(g, treatment, outcome, 'identifyEffect');
  const order = options.order ?? KINDS;
  if (!Array.isArray(order) || order.length === 0 || order.some((k) => !KINDS.includes(k))) {
    throw new InvalidParamError('identifyEffect', 'order', order, `a non-empty array of ${KINDS.map((k) => `'${k}'`).join(', ')}`);
  }
  const X = g.namesOf(Xi), Y = g.namesOf(Yi);
  const search = { maxCandidates: options.maxCandidates };
  const backdoor = minimalBackdoorSets(g, X, Y, search);
  const frontdoor = minimalFrontdoorSets(g, X, Y, search);
  // The conditional-instrument search costs O(V 2^k (V+E)); run it only when it can decide.
  const firstHit = Math.min(...order.map((k, i) => ((k === 'backdoor' && backdoor.length > 0) || (k === 'frontdoor' && frontdoor.length > 0) ? i : Infinity)));
  const needIv = order.indexOf('iv') < firstHit;
  const single = X.length === 1 && Y.length === 1;
  const iv = !single || !order.includes('iv') ? [] : findInstruments(g, X, Y, needIv ? search : { ...search, conditioning: [] });
  const alternatives = { backdoor, frontdoor, iv };
  const base = { treatment: X, outcome: Y, alternatives };
  for (const kind of order) {
    if (kind === 'backdoor' && alternatives.backdoor.length > 0) {
      const Z = alternatives.backdoor[0]!;
      return { kind, ...base, adjustmentSet: Z, ...adjustmentFormula(X, Y, Z), derivation: backdoorDerivation(g, X, Y, Z) };
    }
    if (kind === 'frontdoor' && alternatives.frontdoor.length > 0) {
      const M = alternatives.frontdoor[0]!;
      return { kind, ...base, adjustmentSet: M, frontdoorSet: M, ...frontdoorFormula(X, Y, M), derivation: frontdoorDerivation(g, X, Y, M) };
    }
    if (kind === 'iv' && alternatives.iv.length > 0) {
      const { instrument, conditioning } = alternatives.iv[0]!;
      return { kind, ...base, adjustmentSet: conditioning, instruments: [instrument], ...instrumentFormula(X[0]!, Y[0]!, [instrument], conditioning), derivation: [] };
    }
  }
  const none = rule3(g, { y: Y, z: X });
  if (none.holds) {
    return {
      kind: 'no-causal-path', ...base, adjustmentSet: [], derivation: [none],
      formula: `${probText(Y, [], X)} = ${probText(Y)}`, latex: `P(${Y.join(', ')} \\mid \\mathrm{do}(${X.join(', ')})) = P(${Y.join(', ')})`,
    };
  }
  throw new NotIdentifiableError(probText(Y, [], X), g.toString(), failureReasons(g, Xi, Yi, order));
}

/** Why each criterion failed, for the error message. */
function failureReasons(g: CausalGraph, Xi: number[], Yi: number[], order: readonly string[]): string[] {
  const X = g.namesOf(Xi), Y = g.namesOf(Yi);
  const s = g.structure;
  const anc = reach(s.parents, [...Xi, ...Yi], false);
  const de = reach(s.children, Xi, false);
  const adj = g.nodes.filter((_, v) => anc[v] && !de[v] && !Xi.includes(v) && !Yi.includes(v));
  const reasons: string[] = [];
  if (order.includes('backdoor')) {
    const open = activePath(g.withoutOutgoing(X), X, Y, adj);
    reasons.push(`no backdoor set (adjusting for {${adj.join(', ')}} leaves ${open ?? 'a backdoor path'} open)`);
  }
  if (order.includes('frontdoor')) reasons.push('no frontdoor set');
  if (order.includes('iv')) reasons.push(X.length === 1 && Y.length === 1 ? 'no valid instrument' : 'IV not tried (needs one treatment and one outcome)');
  reasons.push('these criteria are sufficient, not complete: the ID algorithm (Shpitser & Pearl 2006) decides identifiability in general');
  return reasons;
}
