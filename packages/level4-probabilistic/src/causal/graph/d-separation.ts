/**
 * d-separation by reachability ("Bayes ball"), Koller & Friedman (2009), *Probabilistic
 * Graphical Models*, Algorithm 3.1. A trail is **active** given $Z$ when every collider on it
 * ($\to v \leftarrow$) is in $Z$ or has a descendant in $Z$, and no other node on it is in $Z$;
 * $$X \perp\!\!\!\perp Y \mid Z \;\iff\; \text{no active trail joins any } x\in X \text{ to any } y\in Y.$$
 * Phase 1 marks $A = \mathrm{An}(Z)\cup Z$; phase 2 searches the states $(v, \uparrow)$ (trail
 * arrives from a child) and $(v, \downarrow)$ (from a parent) from $(x, \uparrow)$:
 * - $(v,\uparrow)$, $v\notin Z$: go up to every parent and down to every child;
 * - $(v,\downarrow)$, $v\notin Z$: go down to every child; $v\in A$: the collider is open, go up to every parent.
 *
 * Each state is visited once: $O(V + E)$ time and memory. Runs on the canonical DAG, so a
 * bidirected edge $A \leftrightarrow B$ is the trail $A \leftarrow U_{AB} \to B$.
 * By the global Markov property, d-separation in $G$ implies $X \perp\!\!\!\perp Y \mid Z$ in
 * every distribution that factorises over $G$; d-connection implies dependence in almost all of them.
 * @see ../../../../../docs/level4-probabilistic/causal-graphs.md
 */
import { InvalidInputError } from '@fpml/core';
import { CausalGraph, reach, type GraphStructure, type NodeSet } from './dag.js';

const UP = 0;
const DOWN = 1;

/** Disjoint index sets of a d-separation query; throws naming the overlap. */
export function querySets(g: CausalGraph, x: NodeSet, y: NodeSet, z: NodeSet, names = ['x', 'y', 'z']): [number[], number[], number[]] {
  const sets = [g.indicesOf(x, names[0]), g.indicesOf(y, names[1]), g.indicesOf(z, names[2])] as const;
  for (let a = 0; a < 3; a++) {
    for (let b = a + 1; b < 3; b++) {
      const other = new Set(sets[b]);
      const both = sets[a].filter((v) => other.has(v));
      if (both.length > 0) {
        throw new InvalidInputError(`d-separation: ${names[a]} and ${names[b]} must be disjoint, both contain ${g.namesOf(both).join(', ')}`);
      }
    }
  }
  return [sets[0].slice(), sets[1].slice(), sets[2].slice()];
}

/**
 * The Bayes-ball search: a mask of the nodes joined to `sources` by an active trail given
 * `observed` (latent nodes included), and each reached state's predecessor for path recovery.
 */
export function activeReach(s: GraphStructure, sources: readonly number[], observed: readonly number[]): { reached: Uint8Array; prev: Int32Array } {
  const inZ = new Uint8Array(s.n);
  for (const z of observed) inZ[z] = 1;
  const anZ = reach(s.parents, observed, true); // phase 1: A = An(Z) ∪ Z
  const prev = new Int32Array(2 * s.n).fill(-2); // state 2v+dir → previous state (-1: source)
  const reached = new Uint8Array(s.n);
  const queue: number[] = [];
  const push = (state: number, from: number): void => {
    if (prev[state] === -2) {
      prev[state] = from;
      queue.push(state);
    }
  };
  for (const x of sources) push(2 * x + UP, -1);
  for (let q = 0; q < queue.length; q++) {
    const state = queue[q]!;
    const v = state >> 1;
    const dir = state & 1;
    if (!inZ[v]) reached[v] = 1;
    if (dir === UP && !inZ[v]) {
      for (const p of s.parents[v]!) push(2 * p + UP, state);
      for (const c of s.children[v]!) push(2 * c + DOWN, state);
    } else if (dir === DOWN) {
      if (!inZ[v]) for (const c of s.children[v]!) push(2 * c + DOWN, state);
      if (anZ[v]) for (const p of s.parents[v]!) push(2 * p + UP, state);
    }
  }
  return { reached, prev };
}

/**
 * Whether $X \perp\!\!\!\perp Y \mid Z$ in `graph` (sets must be pairwise disjoint; empty $X$
 * or $Y$ is separated vacuously). $O(V + E)$.
 *
 * Example: in `'Z -> X; Z -> Y'`, `dSeparated(g, 'X', 'Y', 'Z')` is true and
 * `dSeparated(g, 'X', 'Y', [])` false.
 */
export function dSeparated(graph: CausalGraph | string, x: NodeSet, y: NodeSet, z: NodeSet = []): boolean {
  const g = CausalGraph.from(graph);
  const [X, Y, Z] = querySets(g, x, y, z);
  if (X.length === 0 || Y.length === 0) return true;
  const { reached } = activeReach(g.structure, X, Z);
  return !Y.some((v) => reached[v]);
}

/**
 * Every observed node joined to $X$ by an active trail given $Z$ (Koller & Friedman's
 * `Reachable`, $X$ itself included), in graph order. $O(V + E)$.
 */
export function dConnectedTo(graph: CausalGraph | string, x: NodeSet, z: NodeSet = []): string[] {
  const g = CausalGraph.from(graph);
  const [X, , Z] = querySets(g, x, [], z);
  const { reached } = activeReach(g.structure, X, Z);
  return g.nodes.filter((_, i) => reached[i]);
}

/**
 * One active trail from $X$ to $Y$ given $Z$, drawn as text (`'X <- Z -> Y'`, a latent
 * cause as `'A <-> B'`), or `null` when $X \perp\!\!\!\perp Y \mid Z$. The trail is the
 * breadth-first one (fewest states); it may pass a collider whose descendant is in $Z$.
 */
export function activePath(graph: CausalGraph | string, x: NodeSet, y: NodeSet, z: NodeSet = []): string | null {
  const g = CausalGraph.from(graph);
  const [X, Y, Z] = querySets(g, x, y, z);
  if (X.length === 0 || Y.length === 0) return null;
  const { prev } = activeReach(g.structure, X, Z);
  let end = -1;
  for (const v of Y) {
    for (const d of [UP, DOWN]) if (end < 0 && prev[2 * v + d] !== -2) end = 2 * v + d;
  }
  if (end < 0) return null;
  const states: number[] = [];
  for (let st = end; st !== -1; st = prev[st]!) states.push(st);
  states.reverse();
  return renderTrail(g, states);
}

/** Text of a trail of Bayes-ball states: `(v,↓)` was entered from a parent, `(v,↑)` from a child. */
function renderTrail(g: CausalGraph, states: number[]): string {
  const V = g.structure.nObserved;
  const name = (v: number): string => g.nodes[v]!;
  let out = name(states[0]! >> 1);
  for (let k = 1; k < states.length; k++) {
    const v = states[k]! >> 1;
    const dir = states[k]! & 1;
    if (v >= V) continue; // a latent root: drawn with the next step as <->
    const prevNode = states[k - 1]! >> 1;
    if (prevNode >= V) out += ` <-> ${name(v)}`;
    else out += dir === DOWN ? ` -> ${name(v)}` : ` <- ${name(v)}`;
  }
  return out;
}
