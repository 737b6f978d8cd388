/**
 * Zachary's karate club (W. W. Zachary, 1977, "An information flow model for conflict and
 * fission in small groups", J. Anthropological Research 33:452-473): 34 members, 78 undirected
 * friendship ties, and the faction each member joined when the club split (Mr. Hi, the
 * instructor, node 0; the Officer, node 33), 17 members each in this labelling.
 *
 * The adjacency matrix is symmetric with zero diagonal: $A_{ij} = A_{ji} = 1$ iff $\{i, j\}$
 * is an edge; the degree of node i is $\sum_j A_{ij}$.
 *
 * @see ../../../../docs/datasets.md
 */
import { InvalidInputError, Matrix } from '@fpml/core';
import { parseDelimited, parseNumber } from '../csv/parse.js';
import { readDataText } from '../files.js';

/** An undirected graph with one class label per node. */
export interface NodeClassificationGraph {
  /** Number of nodes; nodes are 0..nNodes-1. */
  nNodes: number;
  /** Number of undirected edges. */
  nEdges: number;
  /** Edge list, flat: edge e joins `edges[2e]` and `edges[2e + 1]` (source < target). */
  edges: Int32Array; // (nEdges * 2)
  /** Symmetric 0/1 adjacency matrix, zero diagonal. */
  adjacency: Matrix; // (nNodes, nNodes)
  /** Class of each node, index into `targetNames`. */
  labels: Int32Array; // (nNodes)
  /** Class names. */
  targetNames: string[];
  /** Source and meaning. */
  description: string;
}

/**
 * Load Zachary's karate club.
 * @returns 34 nodes, 78 edges, labels 0 = Mr. Hi, 1 = Officer.
 * @throws InvalidInputError if a bundled file is corrupt (node out of range, self-loop, duplicate edge).
 * @see ../../../../docs/datasets.md
 */
export function loadKarateClub(): NodeClassificationGraph {
  const who = 'loadKarateClub';
  const nodesFile = 'graphs/karate_nodes.csv';
  const edgesFile = 'graphs/karate_edges.csv';
  const nodes = parseDelimited(readDataText(nodesFile, who), `@fpml/datasets data/${nodesFile}`);
  const targetNames = ['Mr. Hi', 'Officer'];
  const nNodes = nodes.rows.length - 1;
  const labels = new Int32Array(nNodes); // (nNodes)
  for (let k = 1; k <= nNodes; k++) {
    const [idText, club] = nodes.rows[k]!;
    const id = parseNumber(idText ?? '');
    const label = targetNames.indexOf(club ?? '');
    if (id !== k - 1 || label < 0) {
      throw new InvalidInputError(`@fpml/datasets data/${nodesFile} line ${nodes.lines[k]}: expected node ${k - 1} with club 'Mr. Hi' or 'Officer'`);
    }
    labels[id] = label;
  }

  const edgeRows = parseDelimited(readDataText(edgesFile, who), `@fpml/datasets data/${edgesFile}`);
  const nEdges = edgeRows.rows.length - 1;
  const edges = new Int32Array(2 * nEdges); // (nEdges * 2)
  const adjacency = new Matrix(nNodes, nNodes); // (nNodes, nNodes)
  for (let e = 0; e < nEdges; e++) {
    const r = edgeRows.rows[e + 1]!;
    const s = parseNumber(r[0] ?? '');
    const t = parseNumber(r[1] ?? '');
    const where = `@fpml/datasets data/${edgesFile} line ${edgeRows.lines[e + 1]}`;
    if (r.length !== 2 || s === undefined || t === undefined || !Number.isInteger(s) || !Number.isInteger(t) || s < 0 || t < 0 || s >= nNodes || t >= nNodes) {
      throw new InvalidInputError(`${where}: expected two node ids in [0, ${nNodes - 1}], got ${JSON.stringify(r.join(','))}`);
    }
    if (s === t) throw new InvalidInputError(`${where}: self-loop on node ${s}`);
    if (adjacency.data[s * nNodes + t] === 1) throw new InvalidInputError(`${where}: duplicate edge ${s}-${t}`);
    adjacency.data[s * nNodes + t] = 1;
    adjacency.data[t * nNodes + s] = 1;
    edges[2 * e] = Math.min(s, t);
    edges[2 * e + 1] = Math.max(s, t);
  }
  return { nNodes, nEdges, edges, adjacency, labels, targetNames, description: KARATE_DESCRIPTION };
}

const KARATE_DESCRIPTION = `Zachary's karate club

Friendships among the 34 members of a university karate club observed by W. W. Zachary from
1970 to 1972: 78 undirected ties. A dispute between the instructor (Mr. Hi, node 0) and the
club's officer (John A., node 33) split the club in two; each member's label is the faction
they joined (17 Mr. Hi, 17 Officer in this labelling). The classic test of community detection,
spectral clustering and semi-supervised node classification.

W. W. Zachary (1977). An information flow model for conflict and fission in small groups.
Journal of Anthropological Research 33(4):452-473.`;
