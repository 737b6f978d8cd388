/**
 * Label propagation baseline: "learning with local and global consistency" (Zhou, Bousquet, Lal,
 * Weston & Schölkopf 2004; scikit-learn's `LabelSpreading`). With $S = D^{-1/2}AD^{-1/2}$ (no
 * self loops) and $Y_{ic} = 1$ for a node labelled $c$ (0 rows for unlabelled nodes),
 * $$F^{(t+1)} = \alpha S F^{(t)} + (1-\alpha)Y \;\longrightarrow\; F^* = (1-\alpha)(I - \alpha S)^{-1}Y,$$
 * converging because $\rho(\alpha S) \le \alpha < 1$. $F^*$ minimises
 * $\tfrac12\sum_{ij}A_{ij}\lVert F_i/\sqrt{d_i} - F_j/\sqrt{d_j}\rVert^2 + \mu\sum_i\lVert F_i - Y_i\rVert^2$,
 * $\alpha = 1/(1+\mu)$. Prediction $\hat y_i = \arg\max_c F_{ic}$; rows are normalised to sum 1
 * (scikit-learn's `label_distributions_`).
 *
 * Cost: closed form $O(n^3)$ (dense LU of $I - \alpha S$); iterative $O(T(E + n)k)$.
 *
 * @see ../../../../docs/level4-probabilistic/graph-neural-networks.md
 */
import { InvalidInputError, InvalidParamError, Matrix, ShapeError, describeValue } from '@fpml/core';
import { lu, luSolve } from '@fpml/level1-math';
import { checkGraph, gcnNormalize, type Graph } from './graph.js';

/** Options of {@link labelPropagation}. */
export interface LabelPropagationOptions {
  /** Clamping factor $\alpha \in (0, 1)$: the weight of the neighbours against the seed labels. @default 0.99 */
  alpha?: number;
  /** `'closed-form'` ($F^*$ by one solve) or `'iterative'` (the fixed-point iteration). @default 'closed-form' */
  method?: 'closed-form' | 'iterative';
  /** Iterations at most (iterative). @default 1000 */
  maxIter?: number;
  /** Stop when $\max_{ic}|F^{(t+1)}_{ic} - F^{(t)}_{ic}| < $ tol (iterative). @default 1e-10 */
  tol?: number;
  /** Number of classes $k$. @default max label + 1 */
  numClasses?: number;
}

/** What {@link labelPropagation} returns. */
export interface LabelPropagationResult {
  /** $F$ with rows normalised to sum 1; a node no labelled node reaches keeps a zero row. */
  distributions: Matrix; // (n, k)
  /** $\arg\max_c F_{ic}$, or -1 for a zero row. */
  predictions: Int32Array; // (n)
  /** Iterations run (0 for the closed form). */
  iterations: number;
  converged: boolean;
}

/**
 * Semi-supervised labels on a graph: `labels[i]` is a class in $0..k-1$ or -1 (unlabelled).
 * @throws InvalidParamError for alpha outside (0, 1) or a bad method/maxIter/tol; ShapeError if
 *   labels has not one entry per node; InvalidInputError for a label that is not -1 or a class,
 *   or no labelled node.
 * @see ../../../../docs/level4-probabilistic/graph-neural-networks.md
 */
export function labelPropagation(graph: Graph, labels: ArrayLike<number>, options: LabelPropagationOptions = {}): LabelPropagationResult {
  const who = 'labelPropagation';
  const g = checkGraph(who, graph);
  const alpha = options.alpha ?? 0.99;
  if (typeof alpha !== 'number' || !(alpha > 0 && alpha < 1)) throw new InvalidParamError(who, 'alpha', alpha, 'a number in (0, 1)');
  const method = options.method ?? 'closed-form';
  if (method !== 'closed-form' && method !== 'iterative') throw new InvalidParamError(who, 'method', method, "'closed-form' or 'iterative'");
  const maxIter = options.maxIter ?? 1000;
  if (!Number.isInteger(maxIter) || maxIter < 1) throw new InvalidParamError(who, 'maxIter', maxIter, 'an integer >= 1');
  const tol = options.tol ?? 1e-10;
  if (typeof tol !== 'number' || !(tol > 0)) throw new InvalidParamError(who, 'tol', tol, 'a number > 0');
  const n = g.numNodes;
  if (!labels || labels.length !== n) throw new ShapeError(`${who}: labels must have one entry per node (${n}), got ${describeValue(labels)}`);
  let maxLabel = -1;
  for (let i = 0; i < n; i++) {
    const v = labels[i]!;
    if (!Number.isInteger(v) || v < -1) throw new InvalidInputError(`${who}: labels[${i}] = ${describeValue(v)}; expected -1 (unlabelled) or a class index >= 0`);
    maxLabel = Math.max(maxLabel, v);
  }
  if (maxLabel < 0) throw new InvalidInputError(`${who}: no labelled node (every label is -1)`);
  const k = options.numClasses ?? maxLabel + 1;
  if (!Number.isInteger(k) || k <= maxLabel) throw new InvalidParamError(who, 'numClasses', k, `an integer > the largest label (${maxLabel})`);
  const Y = new Matrix(n, k); // (n, k)
  for (let i = 0; i < n; i++) if (labels[i]! >= 0) Y.data[i * k + labels[i]!] = 1;
  const S = gcnNormalize(g, { addSelfLoops: false }); // D^{-1/2} A D^{-1/2}
  let F: Matrix; // (n, k)
  let iterations = 0;
  let converged = true;
  if (method === 'closed-form') {
    const M = new Matrix(n, n); // (n, n): I - αS
    for (let i = 0; i < n; i++) {
      M.data[i * n + i] = 1;
      for (let t = S.indptr[i]!; t < S.indptr[i + 1]!; t++) M.data[i * n + S.indices[t]!]! -= alpha * S.values[t]!;
    }
    F = luSolve(lu(M), Y);
    for (let t = 0; t < F.data.length; t++) F.data[t]! *= 1 - alpha;
  } else {
    F = Y.clone();
    converged = false;
    while (iterations < maxIter) {
      const next = new Matrix(n, k);
      let delta = 0;
      for (let i = 0; i < n; i++) {
        for (let c = 0; c < k; c++) {
          let s = 0;
          for (let t = S.indptr[i]!; t < S.indptr[i + 1]!; t++) s += S.values[t]! * F.data[S.indices[t]! * k + c]!;
          const v = alpha * s + (1 - alpha) * Y.data[i * k + c]!; // F ← αSF + (1-α)Y
          next.data[i * k + c] = v;
          delta = Math.max(delta, Math.abs(v - F.data[i * k + c]!));
        }
      }
      F = next;
      iterations++;
      if (delta < tol) { converged = true; break; }
    }
  }
  const predictions = new Int32Array(n).fill(-1); // (n)
  for (let i = 0; i < n; i++) {
    let s = 0, best = -1, bv = 0;
    for (let c = 0; c < k; c++) {
      const v = F.data[i * k + c]!;
      s += v;
      if (v > bv) { bv = v; best = c; }
    }
    if (s > 0) for (let c = 0; c < k; c++) F.data[i * k + c]! /= s;
    predictions[i] = best;
  }
  return { distributions: F, predictions, iterations, converged };
}
