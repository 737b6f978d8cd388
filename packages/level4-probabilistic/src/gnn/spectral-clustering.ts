/**
 * Spectral clustering baseline (Shi & Malik 2000; Ng, Jordan & Weiss 2002; von Luxburg 2007,
 * "A tutorial on spectral clustering"): embed the nodes with the eigenvectors of the $k$
 * smallest eigenvalues of the normalised Laplacian
 * $$L_\text{sym} = I - D^{-1/2}AD^{-1/2},\qquad L_\text{sym}u_c = \lambda_c u_c,\ \ \lambda_1\le\dots\le\lambda_k,$$
 * then run k-means on the rows. `embedding: 'degree'` (the default, scikit-learn's
 * `spectral_embedding`) uses $D^{-1/2}u_c$, the generalised eigenvectors of $Lv = \lambda Dv$
 * (Shi–Malik, random-walk Laplacian); `'row'` normalises each row of $U$ to unit length (NJW).
 * A node of degree 0 gets $d^{-1/2} := 1$ in the rescaling (as scipy's `laplacian`).
 * Each eigenvector's sign is fixed so its largest-magnitude entry is positive.
 *
 * Cost $O(n^3)$ (level1's dense symmetric eigensolver) plus k-means.
 *
 * @see ../../../../docs/level4-probabilistic/graph-neural-networks.md
 */
import { InvalidParamError, Matrix } from '@fpml/core';
import { eigh } from '@fpml/level1-math';
import { KMeans } from '@fpml/level2-classical';
import { checkGraph, gcnNormalize, inDegrees, type Graph } from './graph.js';

/** Options of {@link spectralEmbedding} and {@link spectralClustering}. */
export interface SpectralOptions {
  /** Rescaling of the eigenvectors: `'degree'` ($D^{-1/2}U$) or `'row'` (unit rows). @default 'degree' */
  embedding?: 'degree' | 'row';
}

/** Options of {@link spectralClustering}. */
export interface SpectralClusteringOptions extends SpectralOptions {
  /** Seed of k-means. @default 0 */
  seed?: number;
  /** k-means restarts. @default 10 */
  nInit?: number;
}

/**
 * The $k$-dimensional spectral embedding (rows = nodes) and the $k$ smallest eigenvalues of $L_\text{sym}$.
 * @throws InvalidParamError for k outside 1..n or a bad embedding.
 * @see ../../../../docs/level4-probabilistic/graph-neural-networks.md
 */
export function spectralEmbedding(graph: Graph, k: number, options: SpectralOptions = {}): { embedding: Matrix; eigenvalues: Float64Array } {
  const who = 'spectralEmbedding';
  const g = checkGraph(who, graph);
  const n = g.numNodes;
  if (!Number.isInteger(k) || k < 1 || k > n) throw new InvalidParamError(who, 'k', k, `an integer in 1..${n}`);
  const mode = options.embedding ?? 'degree';
  if (mode !== 'degree' && mode !== 'row') throw new InvalidParamError(who, 'embedding', mode, "'degree' or 'row'");
  const S = gcnNormalize(g, { addSelfLoops: false });
  const L = new Matrix(n, n); // (n, n)
  for (let i = 0; i < n; i++) {
    L.data[i * n + i] = 1;
    for (let t = S.indptr[i]!; t < S.indptr[i + 1]!; t++) L.data[i * n + S.indices[t]!]! -= S.values[t]!;
  }
  const { values, vectors } = eigh(L); // ascending
  const deg = inDegrees(g);
  const E = new Matrix(n, k); // (n, k)
  for (let c = 0; c < k; c++) {
    let big = 0;
    for (let i = 0; i < n; i++) if (Math.abs(vectors.data[i * n + c]!) > Math.abs(big)) big = vectors.data[i * n + c]!;
    const sign = big < 0 ? -1 : 1;
    for (let i = 0; i < n; i++) E.data[i * k + c] = (sign * vectors.data[i * n + c]!) / (mode === 'degree' && deg[i]! > 0 ? Math.sqrt(deg[i]!) : 1);
  }
  if (mode === 'row') {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let c = 0; c < k; c++) s += E.data[i * k + c]! ** 2;
      if (s > 0) for (let c = 0; c < k; c++) E.data[i * k + c]! /= Math.sqrt(s);
    }
  }
  return { embedding: E, eigenvalues: values.slice(0, k) };
}

/**
 * Cluster the nodes into $k$ groups: k-means (level2's `KMeans`, k-means++) on {@link spectralEmbedding}.
 * @returns cluster ids (n) in 0..k-1 (arbitrary order).
 * @see ../../../../docs/level4-probabilistic/graph-neural-networks.md
 */
export function spectralClustering(graph: Graph, k: number, options: SpectralClusteringOptions = {}): Int32Array {
  const { embedding } = spectralEmbedding(graph, k, options);
  return new KMeans({ nClusters: k, nInit: options.nInit ?? 10, seed: options.seed ?? 0 }).fitPredict(embedding);
}
