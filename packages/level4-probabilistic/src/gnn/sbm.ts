/**
 * Stochastic block model (Holland, Laskey & Leinhardt 1983) with a homophily knob, and node
 * features carrying a tunable amount of class signal: the synthetic bench on which GNNs are
 * swept from homophilous to heterophilous graphs.
 *
 * - Blocks of sizes $m_1..m_k$; each pair $\{u, v\}$ is an edge independently with probability
 *   $p_\text{in}$ (same block) or $p_\text{out}$.
 * - **Edge homophily** (Zhu et al. 2020, "Beyond homophily in graph neural networks"):
 *   $$h = \frac{|\{(u,v)\in E : y_u = y_v\}|}{|E|}.$$
 *   For $k$ equal blocks of size $m$, $\mathbb E$(intra edges) $= k\binom m2 p_\text{in}$ and
 *   $\mathbb E$(inter edges) $= \binom k2 m^2 p_\text{out}$, so a target $h$ and mean degree
 *   $\bar d$ give $p_\text{in} = h\,T/(k\binom m2)$, $p_\text{out} = (1-h)T/(\binom k2 m^2)$ with
 *   $T = n\bar d/2$ ({@link sbmProbabilities}); $h = 1/k$ is a graph that ignores the classes.
 * - Features $x_i = s\,\mu_{y_i} + \varepsilon_i$, $\varepsilon_i \sim \mathcal N(0, I_d)$, class
 *   means $\mu_c$ drawn uniformly on the unit sphere: $s = 0$ carries no signal.
 *
 * Cost $O(n^2)$ for the edge draws (one Bernoulli per pair), $O(nd)$ for the features.
 *
 * @see ../../../../docs/level4-probabilistic/graph-neural-networks.md
 */
import { InvalidParamError, Matrix, ShapeError, describeValue } from '@fpml/core';
import { toRng, type RngLike } from '@fpml/level3-deep';
import { checkGraph, graphFromEdges, type Graph } from './graph.js';

/** Options of {@link stochasticBlockModel}. */
export interface SbmOptions {
  /** Block sizes $m_1..m_k$ (each ≥ 1). */
  sizes: readonly number[];
  /** Edge probability within a block. */
  pIn: number;
  /** Edge probability across blocks. */
  pOut: number;
  /** Source of randomness (an `Rng`, advanced in place, or a seed). */
  rng: RngLike;
}

const prob = (who: string, name: string, p: unknown) => {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new InvalidParamError(who, name, p, 'a probability in [0, 1]');
  return p;
};

/**
 * Draw an undirected SBM graph; nodes $0..m_1-1$ form block 0, and so on.
 * @returns the graph, each node's block (`labels`) and the measured edge homophily.
 * @throws InvalidParamError for bad sizes or probabilities.
 * @see ../../../../docs/level4-probabilistic/graph-neural-networks.md
 */
export function stochasticBlockModel(options: SbmOptions): { graph: Graph; labels: Int32Array; homophily: number } {
  const who = 'stochasticBlockModel';
  const sizes = options?.sizes;
  if (!Array.isArray(sizes) || sizes.length < 1 || !sizes.every((m) => Number.isInteger(m) && m >= 1)) throw new InvalidParamError(who, 'sizes', sizes, 'a non-empty array of integers >= 1');
  const pIn = prob(who, 'pIn', options.pIn);
  const pOut = prob(who, 'pOut', options.pOut);
  const rng = toRng(options.rng, who);
  const n = sizes.reduce((a, b) => a + b, 0);
  const labels = new Int32Array(n); // (n)
  let o = 0;
  sizes.forEach((m, c) => { labels.fill(c, o, o + m); o += m; });
  const edges: number[] = [];
  for (let u = 0; u < n; u++) {
    for (let v = u + 1; v < n; v++) if (rng.uniform() < (labels[u] === labels[v] ? pIn : pOut)) edges.push(u, v);
  }
  const graph = graphFromEdges(n, edges);
  return { graph, labels, homophily: edgeHomophily(graph, labels) };
}

/**
 * $p_\text{in}, p_\text{out}$ for $k$ equal blocks of size $m$ with expected edge homophily $h$ and mean degree $\bar d$.
 * @throws InvalidParamError if an input is out of range or the requested graph needs a probability above 1.
 * @see ../../../../docs/level4-probabilistic/graph-neural-networks.md
 */
export function sbmProbabilities(o: { blockSize: number; numBlocks: number; meanDegree: number; homophily: number }): { pIn: number; pOut: number } {
  const who = 'sbmProbabilities';
  const { blockSize: m, numBlocks: k, meanDegree, homophily: h } = o ?? ({} as never);
  if (!Number.isInteger(m) || m < 2) throw new InvalidParamError(who, 'blockSize', m, 'an integer >= 2');
  if (!Number.isInteger(k) || k < 2) throw new InvalidParamError(who, 'numBlocks', k, 'an integer >= 2');
  if (typeof meanDegree !== 'number' || !(meanDegree > 0)) throw new InvalidParamError(who, 'meanDegree', meanDegree, 'a number > 0');
  prob(who, 'homophily', h);
  const T = (k * m * meanDegree) / 2; // expected number of edges
  const pIn = (h * T) / ((k * m * (m - 1)) / 2);
  const pOut = ((1 - h) * T) / (((k * (k - 1)) / 2) * m * m);
  if (pIn > 1 || pOut > 1) throw new InvalidParamError(who, 'meanDegree', meanDegree, `a degree reachable with probabilities <= 1 (needs pIn = ${pIn.toFixed(3)}, pOut = ${pOut.toFixed(3)})`);
  return { pIn, pOut };
}

/**
 * Edge homophily $h$: the fraction of edges whose endpoints share a label (NaN for a graph with
 * no edge). $O(E)$.
 * @throws ShapeError if labels has not one entry per node.
 * @see ../../../../docs/level4-probabilistic/graph-neural-networks.md
 */
export function edgeHomophily(graph: Graph, labels: ArrayLike<number>): number {
  const g = checkGraph('edgeHomophily', graph);
  if (!labels || labels.length !== g.numNodes) throw new ShapeError(`edgeHomophily: labels must have one entry per node (${g.numNodes}), got ${describeValue(labels)}`);
  if (g.numEdges === 0) return NaN;
  let same = 0;
  for (let t = 0; t < g.numEdges; t++) if (labels[g.indices[t]!] === labels[g.dst[t]!]) same++;
  return same / g.numEdges;
}

/**
 * Features $x_i = s\,\mu_{y_i} + \varepsilon_i$ (see the file header): `signal` $s \ge 0$ is the
 * distance of each class mean from the origin in units of the noise standard deviation.
 * @returns (n, dim) features.
 * @throws InvalidParamError for bad dim / signal / numClasses; ShapeError for labels out of range.
 * @see ../../../../docs/level4-probabilistic/graph-neural-networks.md
 */
export function classSignalFeatures(labels: ArrayLike<number>, o: { dim: number; signal: number; numClasses?: number; rng: RngLike }): Matrix {
  const who = 'classSignalFeatures';
  const { dim, signal } = o ?? ({} as never);
  if (!Number.isInteger(dim) || dim < 1) throw new InvalidParamError(who, 'dim', dim, 'an integer >= 1');
  if (typeof signal !== 'number' || !(signal >= 0) || !Number.isFinite(signal)) throw new InvalidParamError(who, 'signal', signal, 'a finite number >= 0');
  const n = labels?.length ?? 0;
  let kMax = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isInteger(labels[i]) || labels[i]! < 0) throw new ShapeError(`${who}: labels[${i}] = ${describeValue(labels[i])}; expected a class index >= 0`);
    kMax = Math.max(kMax, labels[i]! + 1);
  }
  const k = o.numClasses ?? kMax;
  if (!Number.isInteger(k) || k < kMax) throw new InvalidParamError(who, 'numClasses', k, `an integer >= ${kMax}`);
  const rng = toRng(o.rng, who);
  const mu = new Float64Array(k * dim); // (k, dim)
  for (let c = 0; c < k; c++) {
    let s = 0;
    for (let j = 0; j < dim; j++) { mu[c * dim + j] = rng.standardNormal(); s += mu[c * dim + j]! ** 2; }
    for (let j = 0; j < dim; j++) mu[c * dim + j]! /= Math.sqrt(s);
  }
  const X = new Matrix(n, dim); // (n, dim)
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) X.data[i * dim + j] = signal * mu[labels[i]! * dim + j]! + rng.standardNormal();
  return X;
}
