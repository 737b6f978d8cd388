/**
 * Instrument validity in the graph (Pearl 2009, *Causality*, §7.4.5 and Def. 7.4.1; Brito &
 * Pearl 2002). $Z$ is an instrument for the effect of $X$ on $Y$ given a set $W$ of
 * measurements unaffected by $X$ ($W \cap \mathrm{De}(X) = \emptyset$, and $Z\cap\mathrm{De}(X)=\emptyset$) when
 * - **relevance**: $(Z \not\perp\!\!\!\perp X \mid W)_G$;
 * - **exclusion and independence** together: $(Z \perp\!\!\!\perp Y \mid W)_{G_{\underline X}}$,
 *   with $G_{\underline X}$ the graph without the edges out of $X$.
 *
 * To say *why* the second condition fails it is split: **exclusion** (no directed path
 * $Z \to\dots\to Y$ avoiding $X$) and **unconfoundedness** ($(Z \perp\!\!\!\perp Y \mid W)$ in
 * $G_{\underline{X \cup Z}}$: no open path from $Z$ to $Y$ that starts with an arrow into $Z$).
 * A path through a collider opened by $W$ violates neither part but still breaks the joint
 * condition; it gets its own reason.
 *
 * An instrument does not identify $P(y \mid \mathrm{do}(x))$ non-parametrically. It identifies
 * $$\beta = \frac{\operatorname{Cov}(Y, Z \mid W)}{\operatorname{Cov}(X, Z \mid W)}$$
 * (Wald / IV ratio; 2SLS for several instruments) when the effect is linear and constant, and the
 * local average treatment effect of compliers for binary $Z, X$ under monotonicity (Imbens &
 * Angrist 1994). Each check is $O(V + E)$.
 * @see ../../../../../docs/level4-probabilistic/causal-graphs.md
 */
import { InvalidInputError } from '@fpml/core';
import { CausalGraph, reach, type NodeSet } from './dag.js';
import { activePath } from './d-separation.js';
import type { EffectFormula, SearchOptions } from './backdoor.js';
import { DEFAULT_MAX_CANDIDATES, checkCandidates, disjointSet, effectQuery, minimalSubsets, type CriterionCheck } from './sets.js';

/** Result of {@link checkInstrument}: each condition, and reasons for those that fail. */
export interface InstrumentCheck extends CriterionCheck {
  /** $Z$ and $X$ are d-connected given $W$. */
  relevance: boolean;
  /** Every directed path from $Z$ to $Y$ passes through $X$. */
  exclusion: boolean;
  /** No open path from $Z$ to $Y$ given $W$ starts with an arrow into $Z$. */
  unconfounded: boolean;
}

/** A valid instrument with the conditioning set it needs. */
export interface InstrumentFound {
  instrument: string;
  conditioning: string[];
}

function singleEffect(g: CausalGraph, treatment: NodeSet, outcome: NodeSet, owner: string): [number, number] {
  const [X, Y] = effectQuery(g, treatment, outcome, owner);
  if (X.length !== 1 || Y.length !== 1) {
    throw new InvalidInputError(`${owner}: instrumental variables need one treatment and one outcome, got ${X.length} and ${Y.length}`);
  }
  return [X[0]!, Y[0]!];
}

/** Check that `instrument` is a valid instrument for `treatment → outcome` given `conditioning`. */
export function checkInstrument(
  graph: CausalGraph | string,
  instrument: NodeSet,
  treatment: NodeSet,
  outcome: NodeSet,
  conditioning: NodeSet = [],
): InstrumentCheck {
  const g = CausalGraph.from(graph);
  const [x, y] = singleEffect(g, treatment, outcome, 'checkInstrument');
  const Z = disjointSet(g, instrument, 'instrument', [x, y], 'treatment or outcome', 'checkInstrument');
  if (Z.length === 0) throw new InvalidInputError('checkInstrument: instrument must name at least one node, got none');
  const W = disjointSet(g, conditioning, 'conditioning', [x, y, ...Z], 'treatment, outcome or instrument', 'checkInstrument');
  const xs = g.nodes[x]!, ys = g.nodes[y]!, zs = g.namesOf(Z), ws = g.namesOf(W);
  const given = ws.length > 0 ? ` given {${ws.join(', ')}}` : '';
  const reasons: string[] = [];
  const de = reach(g.structure.children, [x], false);
  for (const [set, what] of [[Z, 'instrument'], [W, 'conditioning set']] as const) {
    const bad = set.filter((v) => de[v]);
    if (bad.length > 0) reasons.push(`the ${what} contains ${g.namesOf(bad).join(', ')}, affected by the treatment ${xs}`);
  }
  const relevance = activePath(g, zs, xs, ws) !== null;
  if (!relevance) reasons.push(`relevance fails: ${zs.join(', ')} is d-separated from the treatment ${xs}${given}`);
  // Exclusion: a directed path Z → … → Y in G with X deleted.
  const rest = g.subgraph(g.nodes.filter((_, i) => i !== x));
  const directed = zs.map((z) => (rest.hasDirectedPath(z, ys) ? z : null)).filter((z): z is string => z !== null);
  const exclusion = directed.length === 0;
  if (!exclusion) reasons.push(`exclusion fails: ${directed.join(', ')} affects ${ys} by a directed path that avoids ${xs}`);
  const conf = activePath(g.withoutOutgoing([xs, ...zs]), zs, ys, ws);
  const unconfounded = conf === null;
  if (!unconfounded) reasons.push(`unconfoundedness fails: the path ${conf} from the instrument to the outcome is open${given}`);
  const joint = activePath(g.withoutOutgoing(xs), zs, ys, ws);
  if (joint !== null && exclusion && unconfounded) {
    reasons.push(`the path ${joint} from the instrument to the outcome is opened by conditioning on a collider${given}`);
  }
  return { valid: reasons.length === 0, reasons, relevance, exclusion, unconfounded };
}

/**
 * The single-node instruments for `treatment → outcome`. With `conditioning` given, only that
 * set is tried; otherwise each node's inclusion-minimal conditioning sets are searched over the
 * non-descendants of $X$ (exhaustive, $O(V\,2^{k}(V+E))$, `maxCandidates` caps $k$), the empty
 * set first. Ordered by instrument (graph order), then conditioning size.
 */
export function findInstruments(
  graph: CausalGraph | string,
  treatment: NodeSet,
  outcome: NodeSet,
  options: SearchOptions & { conditioning?: NodeSet } = {},
): InstrumentFound[] {
  const g = CausalGraph.from(graph);
  const [x, y] = singleEffect(g, treatment, outcome, 'findInstruments');
  const xs = g.nodes[x]!, ys = g.nodes[y]!;
  const out: InstrumentFound[] = [];
  const de = reach(g.structure.children, [x], false);
  if (options.conditioning !== undefined) {
    const W = disjointSet(g, options.conditioning, 'conditioning', [x, y], 'treatment or outcome', 'findInstruments');
    const ws = g.namesOf(W);
    g.nodes.forEach((z, v) => {
      if (v !== x && v !== y && !W.includes(v) && checkInstrument(g, z, xs, ys, ws).valid) out.push({ instrument: z, conditioning: ws });
    });
    return out;
  }
  const cands: number[] = [];
  for (let v = 0; v < g.structure.nObserved; v++) if (v !== x && v !== y && !de[v]) cands.push(v);
  checkCandidates('findInstruments', Math.max(0, cands.length - 1), options.maxCandidates ?? DEFAULT_MAX_CANDIDATES);
  for (const z of cands) {
    const zs = g.nodes[z]!;
    const ws = cands.filter((v) => v !== z);
    for (const W of minimalSubsets(ws, (set) => checkInstrument(g, zs, xs, ys, g.namesOf(set)).valid)) {
      out.push({ instrument: zs, conditioning: g.namesOf(W) });
    }
  }
  return out;
}

/** The IV estimand: the Wald ratio for one instrument, 2SLS for several. */
export function instrumentFormula(treatment: string, outcome: string, instruments: readonly string[], conditioning: readonly string[] = []): EffectFormula {
  const w = conditioning.length > 0 ? ` | ${conditioning.join(', ')}` : '';
  const wt = conditioning.length > 0 ? ` \\mid ${conditioning.join(', ')}` : '';
  const z = instruments.join(', ');
  if (instruments.length === 1) {
    return {
      formula: `β(${treatment} → ${outcome}) = Cov(${outcome}, ${z}${w}) / Cov(${treatment}, ${z}${w})`,
      latex: `\\beta = \\frac{\\operatorname{Cov}(${outcome}, ${z}${wt})}{\\operatorname{Cov}(${treatment}, ${z}${wt})}`,
    };
  }
  return {
    formula: `β(${treatment} → ${outcome}) = 2SLS of ${outcome} on E[${treatment} | ${[...instruments, ...conditioning].join(', ')}]${conditioning.length > 0 ? ` and ${conditioning.join(', ')}` : ''}`,
    latex: `\\beta = (\\hat X^\\top \\hat X)^{-1}\\hat X^\\top ${outcome},\\quad \\hat X = \\mathrm{E}[${treatment} \\mid ${[...instruments, ...conditioning].join(', ')}]`,
  };
}
