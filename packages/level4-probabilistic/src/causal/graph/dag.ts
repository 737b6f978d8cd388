/**
 * A causal graph over named nodes: a DAG of direct causes ($A \to B$: $A$ appears in $B$'s
 * structural equation) plus optional bidirected edges ($A \leftrightarrow B$: an unobserved
 * common cause of $A$ and $B$), i.e. an acyclic directed mixed graph (ADMG) in the sense of
 * Pearl (2009), *Causality*, §3.5 "semi-Markovian models".
 *
 * Every graph algorithm of this folder runs on the **canonical DAG**: each bidirected edge
 * $A \leftrightarrow B$ becomes a latent root $U_{AB}$ with $U_{AB}\to A$, $U_{AB}\to B$.
 * Latent nodes are never observed, never conditioned on, and (being roots) never lie on a
 * directed path between observed nodes, so parents, ancestors and topological order of observed
 * nodes ignore them. Mutilations follow Pearl: $G_{\overline X}$ deletes every edge into $X$
 * (bidirected ones included), $G_{\underline X}$ every directed edge out of $X$.
 *
 * Node sets are given as a name or an array of names; an unknown name throws
 * `InvalidInputError` naming the argument. Construction checks acyclicity by Kahn's algorithm,
 * $O(V + E)$, and a cycle throws `InvalidInputError: graph: cycle X -> Y -> X`.
 * @see ../../../../../docs/level4-probabilistic/causal-graphs.md
 */
import { InvalidInputError } from '@fpml/core';
import { parseGraph } from './parse.js';

/** A node set: one name or several. */
export type NodeSet = string | readonly string[];

/** Plain description of a graph (what {@link CausalGraph.toJSON} returns). */
export interface CausalGraphSpec {
  /** Node names in order (nodes only named by edges are appended). @default [] */
  nodes?: readonly string[];
  /** Directed edges `[cause, effect]`. @default [] */
  edges?: readonly (readonly [string, string])[];
  /** Bidirected edges (latent common causes), unordered pairs. @default [] */
  bidirected?: readonly (readonly [string, string])[];
}

/**
 * The canonical DAG by index: observed nodes `0..nObserved-1` (the graph's node order), then one
 * latent root per bidirected edge. Read-only view for the algorithms of this folder.
 */
export interface GraphStructure {
  readonly n: number; // observed + latent
  readonly nObserved: number;
  readonly parents: readonly (readonly number[])[]; // (n,) lists
  readonly children: readonly (readonly number[])[]; // (n,) lists
}

/** An acyclic directed mixed graph over named nodes. Immutable. */
export class CausalGraph {
  /** Node names, in the order given (or of first appearance). */
  readonly nodes: readonly string[];
  private readonly idx: ReadonlyMap<string, number>;
  private readonly pa: number[][]; // (V,) observed parents
  private readonly ch: number[][]; // (V,) observed children
  private readonly di: [number, number][]; // directed edges, insertion order
  private readonly bi: [number, number][]; // bidirected pairs, i < j
  private readonly topo: number[]; // (V,)
  private readonly canon: GraphStructure;

  private constructor(nodes: string[], edges: [number, number][], bi: [number, number][]) {
    this.nodes = Object.freeze(nodes.slice());
    this.idx = new Map(nodes.map((v, i) => [v, i]));
    const V = nodes.length;
    this.pa = Array.from({ length: V }, () => []);
    this.ch = Array.from({ length: V }, () => []);
    for (const [a, b] of edges) {
      this.pa[b]!.push(a);
      this.ch[a]!.push(b);
    }
    this.di = edges;
    this.bi = bi;
    this.topo = kahn(this.pa, this.ch, nodes);
    const parents = this.pa.map((p) => p.slice());
    const children = this.ch.map((c) => c.slice());
    bi.forEach(([a, b], k) => {
      const u = V + k;
      parents.push([]);
      children.push([a, b]);
      parents[a]!.push(u);
      parents[b]!.push(u);
    });
    this.canon = { n: V + bi.length, nObserved: V, parents, children };
  }

  /**
   * A graph from directed edges `[cause, effect]`, optional bidirected pairs and node list.
   * Duplicate edges are merged; a self-loop or a directed cycle throws.
   */
  static fromEdges(edges: readonly (readonly [string, string])[], options: Omit<CausalGraphSpec, 'edges'> = {}): CausalGraph {
    return CausalGraph.fromSpec({ ...options, edges });
  }

  /** Parse `'Z -> X; X -> Y; Z -> Y; X <-> Y'` (see `parse.ts` for the grammar). */
  static parse(text: string): CausalGraph {
    return CausalGraph.fromSpec(parseGraph(text));
  }

  /** A graph from a spec, a DOT-like string, or (returned as is) a graph. */
  static from(graph: CausalGraph | CausalGraphSpec | string): CausalGraph {
    if (graph instanceof CausalGraph) return graph;
    if (typeof graph === 'string') return CausalGraph.parse(graph);
    if (graph === null || typeof graph !== 'object') {
      throw new InvalidInputError(`graph: expected a CausalGraph, a spec { nodes, edges, bidirected } or a string like 'X -> Y', got ${graph === null ? 'null' : typeof graph}`);
    }
    return CausalGraph.fromSpec(graph);
  }

  private static fromSpec(spec: CausalGraphSpec): CausalGraph {
    const nodes: string[] = [];
    const idx = new Map<string, number>();
    const add = (v: unknown, what: string): number => {
      if (typeof v !== 'string' || v.length === 0) throw new InvalidInputError(`graph: ${what} must be a non-empty string, got ${JSON.stringify(v)}`);
      let i = idx.get(v);
      if (i === undefined) {
        i = nodes.length;
        idx.set(v, i);
        nodes.push(v);
      }
      return i;
    };
    (spec.nodes ?? []).forEach((v, i) => add(v, `nodes[${i}]`));
    const pairs = (list: CausalGraphSpec['edges'], what: string): [number, number][] => {
      if (list !== undefined && !Array.isArray(list)) throw new InvalidInputError(`graph: ${what} must be an array of [a, b] pairs`);
      return (list ?? []).map((e, k) => {
        if (!Array.isArray(e) || e.length !== 2) throw new InvalidInputError(`graph: ${what}[${k}] must be a pair [a, b], got ${JSON.stringify(e)}`);
        return [add(e[0], `${what}[${k}][0]`), add(e[1], `${what}[${k}][1]`)];
      });
    };
    const directed = pairs(spec.edges, 'edges');
    const bidir = pairs(spec.bidirected, 'bidirected');
    const dKeys = new Set<number>();
    const edges: [number, number][] = [];
    for (const [a, b] of directed) {
      if (a === b) throw new InvalidInputError(`graph: cycle ${nodes[a]} -> ${nodes[a]}`);
      const key = a * nodes.length + b;
      if (!dKeys.has(key)) {
        dKeys.add(key);
        edges.push([a, b]);
      }
    }
    const bKeys = new Set<number>();
    const bi: [number, number][] = [];
    for (const [a, b] of bidir) {
      if (a === b) throw new InvalidInputError(`graph: bidirected self-loop ${nodes[a]} <-> ${nodes[a]}`);
      const [i, j] = a < b ? [a, b] : [b, a];
      const key = i * nodes.length + j;
      if (!bKeys.has(key)) {
        bKeys.add(key);
        bi.push([i, j]);
      }
    }
    return new CausalGraph(nodes, edges, bi);
  }

  /** Whether `name` is a node. */
  has(name: string): boolean {
    return this.idx.has(name);
  }

  /** Index of a node; `InvalidInputError` naming `arg` if unknown. */
  indexOf(name: string, arg = 'node'): number {
    const i = typeof name === 'string' ? this.idx.get(name) : undefined;
    if (i === undefined) {
      throw new InvalidInputError(`graph: unknown node ${JSON.stringify(name)} in ${arg}; nodes: ${this.nodes.join(', ')}`);
    }
    return i;
  }

  /** Indices of a node set (duplicates merged, order kept). */
  indicesOf(set: NodeSet, arg = 'nodes'): number[] {
    const list = typeof set === 'string' ? [set] : set;
    if (!Array.isArray(list)) throw new InvalidInputError(`graph: ${arg} must be a node name or an array of names, got ${typeof set}`);
    return [...new Set(list.map((v) => this.indexOf(v, arg)))];
  }

  /** Names of indices. */
  namesOf(indices: Iterable<number>): string[] {
    return [...indices].map((i) => this.nodes[i]!);
  }

  /** Directed edges `[cause, effect]`, in insertion order. */
  get edges(): [string, string][] {
    return this.di.map(([a, b]): [string, string] => [this.nodes[a]!, this.nodes[b]!]);
  }

  /** Bidirected edges (latent common causes). */
  get bidirectedEdges(): [string, string][] {
    return this.bi.map(([a, b]): [string, string] => [this.nodes[a]!, this.nodes[b]!]);
  }

  /** The canonical DAG by index (latent roots appended). */
  get structure(): GraphStructure {
    return this.canon;
  }

  /** Direct causes of `v` (observed nodes). */
  parents(v: string): string[] {
    return this.namesOf(this.pa[this.indexOf(v, 'v')]!);
  }

  /** Direct effects of `v`. */
  children(v: string): string[] {
    return this.namesOf(this.ch[this.indexOf(v, 'v')]!);
  }

  /** Nodes joined to `v` by a bidirected edge (sharing a latent cause). */
  siblings(v: string): string[] {
    const i = this.indexOf(v, 'v');
    return this.namesOf(this.bi.flatMap(([a, b]) => (a === i ? [b] : b === i ? [a] : [])));
  }

  /**
   * Proper ancestors of a set: nodes with a directed path into it, the set itself excluded
   * unless one member causes another. $O(V + E)$. Names in graph order.
   */
  ancestors(set: NodeSet): string[] {
    const start = this.indicesOf(set, 'set');
    return this.namesOf(maskToList(reach(this.pa, start, false)));
  }

  /** Proper descendants of a set (directed paths out of it), in graph order. $O(V + E)$. */
  descendants(set: NodeSet): string[] {
    const start = this.indicesOf(set, 'set');
    return this.namesOf(maskToList(reach(this.ch, start, false)));
  }

  /** Whether a directed path $a \to \dots \to b$ of length ≥ 1 exists. */
  hasDirectedPath(a: string, b: string): boolean {
    return reach(this.ch, [this.indexOf(a, 'a')], false)[this.indexOf(b, 'b')] === 1;
  }

  /** Node names in a topological order (causes before effects; ties by node order). */
  topologicalOrder(): string[] {
    return this.namesOf(this.topo);
  }

  /** Topological order by index. */
  get order(): readonly number[] {
    return this.topo;
  }

  /** $G_{\overline X}$: every edge into the set removed, directed and bidirected (the graph of `do(X)`). */
  withoutIncoming(set: NodeSet): CausalGraph {
    const cut = new Set(this.indicesOf(set, 'set'));
    const edges = this.di.filter(([, b]) => !cut.has(b));
    return new CausalGraph(this.nodes.slice(), edges, this.bi.filter(([a, b]) => !cut.has(a) && !cut.has(b)));
  }

  /** $G_{\underline X}$: every directed edge out of the set removed (bidirected edges kept). */
  withoutOutgoing(set: NodeSet): CausalGraph {
    const cut = new Set(this.indicesOf(set, 'set'));
    const edges = this.di.filter(([a]) => !cut.has(a));
    return new CausalGraph(this.nodes.slice(), edges, this.bi.slice());
  }

  /** The subgraph induced by a node set (edges among its members only), in graph order. */
  subgraph(set: NodeSet): CausalGraph {
    const keep = new Set(this.indicesOf(set, 'set'));
    const names = this.nodes.filter((_, i) => keep.has(i));
    const re = new Map([...keep].sort((a, b) => a - b).map((v, k) => [v, k]));
    const edges = this.di.filter(([a, b]) => keep.has(a) && keep.has(b)).map(([a, b]): [number, number] => [re.get(a)!, re.get(b)!]);
    const bi = this.bi.filter(([a, b]) => keep.has(a) && keep.has(b)).map(([a, b]): [number, number] => [re.get(a)!, re.get(b)!]);
    return new CausalGraph(names, edges, bi);
  }

  /** Plain spec, round-trips through {@link CausalGraph.from}. */
  toJSON(): { nodes: string[]; edges: [string, string][]; bidirected: [string, string][] } {
    return { nodes: this.nodes.slice(), edges: this.edges, bidirected: this.bidirectedEdges };
  }

  /** DOT-like text, e.g. `'Z -> X; X -> Y; Z -> Y; X <-> Y'` (isolated nodes listed alone). */
  toString(): string {
    const quote = (v: string): string => (/^[A-Za-z0-9_.]+$/.test(v) ? v : JSON.stringify(v));
    const used = new Set<number>();
    const parts: string[] = [];
    for (const [a, b] of this.di) {
      used.add(a).add(b);
      parts.push(`${quote(this.nodes[a]!)} -> ${quote(this.nodes[b]!)}`);
    }
    for (const [a, b] of this.bi) {
      used.add(a).add(b);
      parts.push(`${quote(this.nodes[a]!)} <-> ${quote(this.nodes[b]!)}`);
    }
    this.nodes.forEach((v, i) => used.has(i) || parts.push(quote(v)));
    return parts.join('; ');
  }
}

/** Nodes reachable from `start` along `adj` (parents → ancestors, children → descendants). */
export function reach(adj: readonly (readonly number[])[], start: readonly number[], inclusive: boolean): Uint8Array {
  const seen = new Uint8Array(adj.length);
  const stack: number[] = [];
  for (const s of start) {
    if (inclusive) seen[s] = 1;
    stack.push(...adj[s]!);
  }
  while (stack.length > 0) {
    const v = stack.pop()!;
    if (seen[v]) continue;
    seen[v] = 1;
    stack.push(...adj[v]!);
  }
  if (inclusive) for (const s of start) seen[s] = 1;
  return seen;
}

/** Indices set in a mask. */
export function maskToList(mask: Uint8Array): number[] {
  const out: number[] = [];
  mask.forEach((m, i) => m && out.push(i));
  return out;
}

/** Kahn's algorithm (ties by index); on a cycle, throw naming one. */
function kahn(pa: number[][], ch: number[][], names: readonly string[]): number[] {
  const V = pa.length;
  const indeg = pa.map((p) => p.length);
  const ready: number[] = [];
  for (let v = V - 1; v >= 0; v--) if (indeg[v] === 0) ready.push(v);
  const order: number[] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => b - a);
    const v = ready.pop()!;
    order.push(v);
    for (const c of ch[v]!) if (--indeg[c]! === 0) ready.push(c);
  }
  if (order.length === V) return order;
  // Every node left has a parent left: walk parents until one repeats.
  const left = new Uint8Array(V);
  indeg.forEach((d, v) => d > 0 && (left[v] = 1));
  let v = indeg.findIndex((d) => d > 0);
  const pos = new Map<number, number>();
  const walk: number[] = [];
  while (!pos.has(v)) {
    pos.set(v, walk.length);
    walk.push(v);
    v = pa[v]!.find((p) => left[p] === 1)!;
  }
  const back = walk.slice(pos.get(v)!).reverse(); // parents walked backwards: reverse to follow the arrows
  const first = back.indexOf(Math.min(...back));
  const cycle = [...back.slice(first), ...back.slice(0, first)]; // start at the earliest node
  throw new InvalidInputError(`graph: cycle ${[...cycle, cycle[0]!].map((i) => names[i]).join(' -> ')}`);
}
