/**
 * Graphs for message passing: an edge list turned into a validated {@link Graph} (directed edges
 * $j \to i$ stored by destination, CSR-style), its dense adjacency, and the two propagation
 * matrices the layers use,
 * $$\hat A = \tilde D^{-1/2}(A + I)\tilde D^{-1/2},\quad \tilde D_{ii} = 1 + \textstyle\sum_j A_{ij}
 *   \qquad\text{(GCN, symmetric)},\qquad
 *   P = D^{-1}A \qquad\text{(mean aggregator, rows of isolated nodes are 0)},$$
 * as {@link CsrMatrix} (what the float64 reference path multiplies with).
 *
 * Convention (PyG's `flow='source_to_target'`): an edge $(j, i)$ sends a message from $j$ to
 * $i$; row $i$ of every propagation matrix lists $i$'s in-neighbours. An undirected edge list is
 * stored in both directions.
 *
 * @see ../../../../docs/level4-probabilistic/graph-neural-networks.md
 */
import { InvalidInputError, InvalidParamError, Matrix, ShapeError, describeValue } from '@fpml/core';

/**
 * A validated graph on nodes $0..n-1$: directed edges sorted by destination, then source,
 * without duplicates or self loops. Row $i$'s in-neighbours are `indices[indptr[i]..indptr[i+1])`.
 */
export interface Graph {
  readonly numNodes: number;
  /** Number of directed edges $E$ (twice the undirected count). */
  readonly numEdges: number;
  readonly indptr: Int32Array; // (n + 1)
  /** Source of each edge, grouped by destination. */
  readonly indices: Int32Array; // (E)
  /** Destination of each edge (row index, repeated), same order as `indices`. */
  readonly dst: Int32Array; // (E)
}

/** A sparse (rows, cols) matrix in compressed sparse row form. */
export interface CsrMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly indptr: Int32Array; // (rows + 1)
  readonly indices: Int32Array; // (nnz)
  readonly values: Float64Array; // (nnz)
}

/** Options of {@link graphFromEdges}. */
export interface GraphFromEdgesOptions {
  /** Keep each edge $(j, i)$ one-way. @default false (store both directions) */
  directed?: boolean;
}

/**
 * Build a {@link Graph} from an edge list: pairs `[[j, i], ...]` or a flat array
 * `[j0, i0, j1, i1, ...]` (the layout of `@fpml/datasets`' `edges`). Duplicates are merged.
 * Cost $O(E\log E)$.
 *
 * @throws InvalidParamError for a bad `numNodes`; ShapeError for a flat list of odd length or
 *   a pair that is not two numbers; InvalidInputError for a node id outside $0..n-1$, a
 *   non-integer id, or a self loop (the layers add self loops themselves).
 * @see ../../../../docs/level4-probabilistic/graph-neural-networks.md
 */
export function graphFromEdges(numNodes: number, edges: ArrayLike<number> | readonly (readonly number[])[], options: GraphFromEdgesOptions = {}): Graph {
  const who = 'graphFromEdges';
  if (!Number.isInteger(numNodes) || numNodes < 1) throw new InvalidParamError(who, 'numNodes', numNodes, 'an integer >= 1');
  const directed = options.directed ?? false;
  if (typeof directed !== 'boolean') throw new InvalidParamError(who, 'directed', directed, 'a boolean');
  if (edges === null || typeof edges !== 'object' || typeof (edges as ArrayLike<number>).length !== 'number') throw new ShapeError(`${who}: edges must be pairs [[j, i], ...] or a flat array [j0, i0, ...], got ${describeValue(edges)}`);
  const list = edges as ArrayLike<unknown>;
  const pairs = list.length > 0 && Array.isArray(list[0]);
  if (!pairs && list.length % 2 !== 0) throw new ShapeError(`${who}: a flat edge list must have even length (j0, i0, j1, i1, ...), got length ${list.length}`);
  const m = pairs ? list.length : list.length / 2;
  const keys: number[] = [];
  for (let e = 0; e < m; e++) {
    let j: unknown, i: unknown;
    if (pairs) {
      const p = list[e];
      if (!Array.isArray(p) || p.length !== 2) throw new ShapeError(`${who}: edges[${e}] must be a pair [j, i], got ${describeValue(p)}`);
      [j, i] = p;
    } else {
      j = list[2 * e];
      i = list[2 * e + 1];
    }
    for (const v of [j, i]) {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= numNodes) throw new InvalidInputError(`${who}: edge ${e} has node id ${describeValue(v)}; expected an integer in 0..${numNodes - 1}`);
    }
    if (j === i) throw new InvalidInputError(`${who}: edge ${e} is a self loop (${j}, ${i}); the layers add self loops themselves, so remove it`);
    keys.push((i as number) * numNodes + (j as number)); // sort key: destination, then source
    if (!directed) keys.push((j as number) * numNodes + (i as number));
  }
  keys.sort((a, b) => a - b);
  const uniq = keys.filter((k, t) => t === 0 || k !== keys[t - 1]);
  const E = uniq.length;
  const indptr = new Int32Array(numNodes + 1); // (n + 1)
  const indices = new Int32Array(E); // (E)
  const dst = new Int32Array(E); // (E)
  uniq.forEach((k, t) => {
    const i = Math.floor(k / numNodes);
    dst[t] = i;
    indices[t] = k - i * numNodes;
    indptr[i + 1]!++;
  });
  for (let i = 0; i < numNodes; i++) indptr[i + 1]! += indptr[i]!;
  return Object.freeze({ numNodes, numEdges: E, indptr, indices, dst });
}

/**
 * Check that `g` is a {@link Graph} (as {@link graphFromEdges} makes) and return it. $O(1)$.
 * @throws InvalidInputError naming `owner` and `param` otherwise.
 * @see ../../../../docs/level4-probabilistic/graph-neural-networks.md
 */
export function checkGraph(owner: string, g: unknown, param = 'graph'): Graph {
  const x = g as Graph;
  if (x === null || typeof x !== 'object' || !(x.indptr instanceof Int32Array) || !(x.indices instanceof Int32Array) || !(x.dst instanceof Int32Array) || x.indptr.length !== x.numNodes + 1 || x.indices.length !== x.numEdges) {
    throw new InvalidInputError(`${owner}: ${param} must be a Graph from graphFromEdges, got ${describeValue(g)}`);
  }
  return x;
}

/** In-degrees $d_i = |\{j : (j, i) \in E\}|$ (the degree, for an undirected graph). $O(n)$. */
export function inDegrees(g: Graph): Float64Array {
  checkGraph('inDegrees', g);
  return Float64Array.from({ length: g.numNodes }, (_, i) => g.indptr[i + 1]! - g.indptr[i]!); // (n)
}

/** Dense 0/1 adjacency, $A_{ij} = 1$ iff edge $j \to i$ (symmetric for undirected graphs). $O(n^2)$. */
export function denseAdjacency(g: Graph): Matrix {
  checkGraph('denseAdjacency', g);
  const n = g.numNodes;
  const A = new Matrix(n, n); // (n, n)
  for (let t = 0; t < g.numEdges; t++) A.data[g.dst[t]! * n + g.indices[t]!] = 1;
  return A;
}

/** Options of {@link gcnNormalize} and {@link rowNormalize}. */
export interface NormalizeOptions {
  /** Add $I$ before normalising. @default true for gcnNormalize, false for rowNormalize */
  addSelfLoops?: boolean;
}

/**
 * The edges of $A + I$ in the {@link Graph} layout (each row's self loop placed in source
 * order), as GAT attends over them. $O(n + E)$.
 */
export function selfLoopEdges(g: Graph): { indptr: Int32Array; indices: Int32Array; dst: Int32Array } {
  checkGraph('selfLoopEdges', g);
  const { indptr, indices } = withSelfLoops(g, true);
  const dst = new Int32Array(indices.length); // (E + n)
  for (let i = 0; i < g.numNodes; i++) dst.fill(i, indptr[i]!, indptr[i + 1]!);
  return { indptr, indices, dst };
}

function withSelfLoops(g: Graph, add: boolean): { indptr: Int32Array; indices: Int32Array } {
  if (!add) return { indptr: g.indptr, indices: g.indices };
  const n = g.numNodes;
  const indptr = new Int32Array(n + 1);
  const indices = new Int32Array(g.numEdges + n);
  let t = 0;
  for (let i = 0; i < n; i++) {
    let placed = false;
    for (let k = g.indptr[i]!; k < g.indptr[i + 1]!; k++) {
      if (!placed && g.indices[k]! > i) { indices[t++] = i; placed = true; }
      indices[t++] = g.indices[k]!;
    }
    if (!placed) indices[t++] = i;
    indptr[i + 1] = t;
  }
  return { indptr, indices };
}

/**
 * GCN propagation matrix $\hat A = \tilde D^{-1/2}\tilde A\tilde D^{-1/2}$, $\tilde A = A + I$,
 * $\tilde D_{ii} = \sum_j \tilde A_{ij}$ (PyG's `gcn_norm`: in-degree at the destination).
 * Entry $(i, j)$ is $1/\sqrt{\tilde d_i \tilde d_j}$. Without self loops a node of degree 0
 * gets a zero row. $O(n + E)$.
 * @see ../../../../docs/level4-probabilistic/graph-neural-networks.md
 */
export function gcnNormalize(g: Graph, options: NormalizeOptions = {}): CsrMatrix {
  checkGraph('gcnNormalize', g);
  const { indptr, indices } = withSelfLoops(g, options.addSelfLoops ?? true);
  const n = g.numNodes;
  const dinv = Float64Array.from({ length: n }, (_, i) => { const d = indptr[i + 1]! - indptr[i]!; return d > 0 ? 1 / Math.sqrt(d) : 0; }); // (n)
  const values = new Float64Array(indices.length); // (nnz)
  for (let i = 0; i < n; i++) for (let k = indptr[i]!; k < indptr[i + 1]!; k++) values[k] = dinv[i]! * dinv[indices[k]!]!;
  return { rows: n, cols: n, indptr, indices, values };
}

/**
 * Mean-aggregation matrix $P = D^{-1}A$ (row $i$ averages $i$'s in-neighbours; a node with no
 * in-neighbour gets a zero row, PyG's `aggr='mean'`). With `addSelfLoops`, $(D+I)^{-1}(A+I)$.
 * $O(n + E)$.
 * @see ../../../../docs/level4-probabilistic/graph-neural-networks.md
 */
export function rowNormalize(g: Graph, options: NormalizeOptions = {}): CsrMatrix {
  checkGraph('rowNormalize', g);
  const { indptr, indices } = withSelfLoops(g, options.addSelfLoops ?? false);
  const values = new Float64Array(indices.length); // (nnz)
  for (let i = 0; i < g.numNodes; i++) {
    const d = indptr[i + 1]! - indptr[i]!;
    for (let k = indptr[i]!; k < indptr[i + 1]!; k++) values[k] = 1 / d;
  }
  return { rows: g.numNodes, cols: g.numNodes, indptr, indices, values };
}

/** Dense copy of a CSR matrix. $O(\text{rows}\cdot\text{cols})$. */
export function csrToDense(S: CsrMatrix): Matrix {
  const M = new Matrix(S.rows, S.cols); // (rows, cols)
  for (let i = 0; i < S.rows; i++) for (let k = S.indptr[i]!; k < S.indptr[i + 1]!; k++) M.data[i * S.cols + S.indices[k]!]! += S.values[k]!;
  return M;
}

/** Transpose of a CSR matrix (a counting sort by column). $O(\text{nnz} + \text{cols})$. */
export function csrTranspose(S: CsrMatrix): CsrMatrix {
  const nnz = S.indices.length;
  const indptr = new Int32Array(S.cols + 1);
  for (let k = 0; k < nnz; k++) indptr[S.indices[k]! + 1]!++;
  for (let c = 0; c < S.cols; c++) indptr[c + 1]! += indptr[c]!;
  const fill = indptr.slice(0, S.cols);
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  for (let i = 0; i < S.rows; i++) {
    for (let k = S.indptr[i]!; k < S.indptr[i + 1]!; k++) {
      const t = fill[S.indices[k]!]!++;
      indices[t] = i;
      values[t] = S.values[k]!;
    }
  }
  return { rows: S.cols, cols: S.rows, indptr, indices, values };
}
