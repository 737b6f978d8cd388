/**
 * Helpers shared by the criteria of this folder: enumeration of the inclusion-minimal subsets
 * satisfying a predicate, and the text / KaTeX rendering of probability expressions.
 * @see ../../../../../docs/level4-probabilistic/causal-graphs.md
 */
import { InvalidInputError, InvalidParamError } from '@fpml/core';
import type { CausalGraph, NodeSet } from './dag.js';

/** Result of checking a graphical criterion: whether it holds, and why not. */
export interface CriterionCheck {
  /** The criterion holds. */
  valid: boolean;
  /** One sentence per violated condition (empty when valid), naming the nodes or the open path. */
  reasons: string[];
}

/**
 * Indices of treatment $X$ and outcome $Y$ of an effect query: non-empty and disjoint, else
 * `InvalidInputError` naming `owner`.
 */
export function effectQuery(g: CausalGraph, treatment: NodeSet, outcome: NodeSet, owner: string): [number[], number[]] {
  const X = g.indicesOf(treatment, 'treatment');
  const Y = g.indicesOf(outcome, 'outcome');
  if (X.length === 0) throw new InvalidInputError(`${owner}: treatment must name at least one node, got none`);
  if (Y.length === 0) throw new InvalidInputError(`${owner}: outcome must name at least one node, got none`);
  const both = X.filter((v) => Y.includes(v));
  if (both.length > 0) throw new InvalidInputError(`${owner}: treatment and outcome must be disjoint, both contain ${g.namesOf(both).join(', ')}`);
  return [X, Y];
}

/** Indices of a further node set that must avoid the given ones (e.g. Z ∩ (X ∪ Y) = ∅). */
export function disjointSet(g: CausalGraph, set: NodeSet, arg: string, avoid: readonly number[], avoidName: string, owner: string): number[] {
  const S = g.indicesOf(set, arg);
  const bad = S.filter((v) => avoid.includes(v));
  if (bad.length > 0) throw new InvalidInputError(`${owner}: ${arg} must not contain the ${avoidName}, got ${g.namesOf(bad).join(', ')}`);
  return S;
}

/** Default cap on the candidates of an exhaustive subset search ($2^{20}$ ≈ 10⁶ checks). */
export const DEFAULT_MAX_CANDIDATES = 20;

/** Check `maxCandidates` and the candidate count against it. */
export function checkCandidates(owner: string, count: number, maxCandidates: number): void {
  if (!Number.isInteger(maxCandidates) || maxCandidates < 0 || maxCandidates > 30) {
    throw new InvalidParamError(owner, 'maxCandidates', maxCandidates, 'an integer in [0, 30]');
  }
  if (count > maxCandidates) {
    throw new InvalidParamError(owner, 'maxCandidates', maxCandidates, `at least the ${count} candidate nodes of this graph (the search is exhaustive, 2^${count} subsets)`);
  }
}

/**
 * Every inclusion-minimal subset $S \subseteq C$ with `valid(S)`, by increasing size then
 * lexicographic order of candidate positions; supersets of a found set are skipped without a
 * check. Worst case $2^{|C|}$ calls of `valid`.
 */
export function minimalSubsets(candidates: readonly number[], valid: (set: number[]) => boolean): number[][] {
  const k = candidates.length;
  const found: number[] = []; // bitmasks over candidate positions
  const out: number[][] = [];
  for (let size = 0; size <= k; size++) {
    forEachCombination(k, size, (mask) => {
      if (found.some((f) => (f & mask) === f)) return;
      const set: number[] = [];
      for (let i = 0; i < k; i++) if (mask & (1 << i)) set.push(candidates[i]!);
      if (valid(set)) {
        found.push(mask);
        out.push(set);
      }
    });
  }
  return out;
}

/** Calls `f` with every `size`-subset of `{0..k-1}` as a bitmask, lexicographic in positions. */
function forEachCombination(k: number, size: number, f: (mask: number) => void): void {
  const idx = Array.from({ length: size }, (_, i) => i);
  for (;;) {
    let mask = 0;
    for (const i of idx) mask |= 1 << i;
    f(mask);
    let j = size - 1;
    while (j >= 0 && idx[j] === k - size + j) j--;
    if (j < 0) return;
    idx[j]!++;
    for (let t = j + 1; t < size; t++) idx[t] = idx[t - 1]! + 1;
  }
}

const list = (vs: readonly string[]): string => vs.join(', ');
const tex = (v: string): string =>
  v.endsWith("'") ? `${tex(v.slice(0, -1))}'` : /^[A-Za-z]$/.test(v) ? v : `\\text{${v.replace(/([_#$%&{}])/g, '\\$1')}}`;
const texList = (vs: readonly string[]): string => vs.map(tex).join(', ');

/** `P(Y | do(X), Z)` as text; empty parts are left out. */
export function probText(y: readonly string[], given: readonly string[] = [], does: readonly string[] = []): string {
  const cond = [...(does.length > 0 ? [`do(${list(does)})`] : []), ...given];
  return `P(${list(y)}${cond.length > 0 ? ` | ${cond.join(', ')}` : ''})`;
}

/** `P(Y \mid \mathrm{do}(X), Z)` as KaTeX. */
export function probTex(y: readonly string[], given: readonly string[] = [], does: readonly string[] = []): string {
  const cond = [...(does.length > 0 ? [`\\mathrm{do}(${texList(does)})`] : []), ...given.map(tex)];
  return `P(${texList(y)}${cond.length > 0 ? ` \\mid ${cond.join(', ')}` : ''})`;
}

/** `Σ_{Z1, Z2} ` (text) / `\sum_{Z_1, Z_2} ` (KaTeX) over a set, or nothing when it is empty. */
export function sumText(vs: readonly string[]): string {
  return vs.length > 0 ? `Σ_{${list(vs)}} ` : '';
}

/** KaTeX twin of {@link sumText}. */
export function sumTex(vs: readonly string[]): string {
  return vs.length > 0 ? `\\sum_{${texList(vs)}} ` : '';
}

/** A primed copy of each name (`X'`), for the inner sum of the frontdoor formula. */
export function primed(vs: readonly string[]): string[] {
  return vs.map((v) => `${v}'`);
}
