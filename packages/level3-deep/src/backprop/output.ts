/**
 * The output heads of the hand-written networks: how the last layer's scores $Z$ (the logits)
 * become probabilities $P$ and a loss, and the one fact about both that backprop uses.
 *
 * | head | $P$ | loss $L$ (mean over the n rows) | targets |
 * |---|---|---|---|
 * | `softmax` | $P_{ic} = e^{z_{ic}} / \sum_k e^{z_{ik}}$ | $\frac1n\sum_i \big(\log\sum_k e^{z_{ik}} - z_{i,y_i}\big)$ | classes $0..K-1$, $K \ge 2$ |
 * | `sigmoid` | $p_i = 1/(1 + e^{-z_i})$ | $\frac1n\sum_i \big(\log(1 + e^{z_i}) - y_i z_i\big)$ | $y_i \in \{0, 1\}$, $K = 1$ |
 *
 * Both are a canonical link with its matching negative log-likelihood, so in both cases
 * $$\frac{\partial L}{\partial Z} = \frac{P - Y}{n},$$
 * with $Y$ the one-hot targets (softmax) or the column of 0/1 targets (sigmoid): the same
 * backward line serves both heads. They equal PyTorch's `F.cross_entropy(z, y)` and
 * `F.binary_cross_entropy_with_logits(z, y)` (reduction `'mean'`).
 *
 * Both losses are evaluated without overflow: the max-shifted log-sum-exp, and
 * $\log(1 + e^{z}) = \max(z, 0) + \operatorname{log1p}(e^{-|z|})$.
 *
 * @see ../../../../docs/level3-deep/backprop.md
 */
import { InvalidParamError, Matrix } from '@fpml/core';
import { logistic } from './activations.js';

/** An output head of {@link ./mlp1.ts} and {@link ./mlp2.ts}. */
export type OutputHead = 'softmax' | 'sigmoid';

/** Every supported output head. */
export const OUTPUT_HEADS: readonly OutputHead[] = ['softmax', 'sigmoid'];

/** @throws InvalidParamError unless `head` is an {@link OutputHead}. */
export function checkHead(owner: string, head: unknown): OutputHead {
  if (!OUTPUT_HEADS.includes(head as OutputHead)) throw new InvalidParamError(owner, 'output', head, `one of ${OUTPUT_HEADS.map((h) => `'${h}'`).join(', ')}`);
  return head as OutputHead;
}

/** @throws InvalidParamError if `outputDim` does not suit the head (sigmoid: 1, softmax: ≥ 2). */
export function checkOutputDim(owner: string, head: OutputHead, outputDim: unknown): number {
  if (head === 'sigmoid' && outputDim !== 1) throw new InvalidParamError(owner, 'outputDim', outputDim, "1 with output 'sigmoid' (one logit per row, P(y = 1))");
  if (head === 'softmax' && (typeof outputDim !== 'number' || !Number.isInteger(outputDim) || outputDim < 2)) {
    throw new InvalidParamError(owner, 'outputDim', outputDim, "an integer ≥ 2 with output 'softmax' (one logit per class)");
  }
  return outputDim as number;
}

/** Number of classes a head's labels range over: $K$ for softmax, 2 for sigmoid. */
export function classCount(head: OutputHead, outputDim: number): number {
  return head === 'sigmoid' ? 2 : outputDim;
}

/**
 * Probabilities from logits: row-wise softmax $e^{z - \mathrm{lse}(z)}$, or elementwise
 * $\sigma(z)$. $O(nK)$. @param Z (n, K) @returns P (n, K)
 */
export function headProbabilities(head: OutputHead, Z: Matrix): Matrix {
  const n = Z.rows, K = Z.cols, z = Z.data;
  const P = new Matrix(n, K); // (n, K)
  if (head === 'sigmoid') {
    for (let i = 0; i < z.length; i++) P.data[i] = logistic(z[i]!);
    return P;
  }
  for (let i = 0; i < n; i++) {
    const lse = logSumExpRow(z, i * K, K);
    for (let c = 0; c < K; c++) P.data[i * K + c] = Math.exp(z[i * K + c]! - lse);
  }
  return P;
}

/**
 * The mean loss of the table above, from logits and labels (stable for any logit size). $O(nK)$.
 * @param Z (n, K) @param y (n,) labels, already checked
 */
export function headLoss(head: OutputHead, Z: Matrix, y: Int32Array): number {
  const n = Z.rows, K = Z.cols, z = Z.data;
  let s = 0;
  if (head === 'sigmoid') {
    for (let i = 0; i < n; i++) s += Math.max(z[i]!, 0) + Math.log1p(Math.exp(-Math.abs(z[i]!))) - y[i]! * z[i]!; // softplus(z) − y z
  } else {
    for (let i = 0; i < n; i++) s += logSumExpRow(z, i * K, K) - z[i * K + y[i]!]!; // lse(zᵢ) − z_{i,yᵢ}
  }
  return s / n;
}

/**
 * The targets $Y$ in the shape of $P$: one-hot rows (softmax) or the 0/1 column (sigmoid).
 * $O(nK)$. @param y (n,) checked labels @returns Y (n, K)
 */
export function targetMatrix(head: OutputHead, y: Int32Array, K: number): Matrix {
  const Y = new Matrix(y.length, K); // (n, K)
  for (let i = 0; i < y.length; i++) {
    if (head === 'sigmoid') Y.data[i] = y[i]!;
    else Y.data[i * K + y[i]!] = 1;
  }
  return Y;
}

/** Predicted classes from probabilities: the arg-max (softmax) or $\mathbb 1[p > 1/2]$ (sigmoid). $O(nK)$. */
export function headPredict(head: OutputHead, P: Matrix): Int32Array {
  const n = P.rows, K = P.cols, out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (head === 'sigmoid') { out[i] = P.data[i]! > 0.5 ? 1 : 0; continue; }
    let best = 0;
    for (let c = 1; c < K; c++) if (P.data[i * K + c]! > P.data[i * K + best]!) best = c;
    out[i] = best;
  }
  return out;
}

/** $\log\sum_c e^{z_c}$ over `K` entries from `off`, shifted by the max. */
function logSumExpRow(z: Float64Array, off: number, K: number): number {
  let m = -Infinity;
  for (let c = 0; c < K; c++) if (z[off + c]! > m) m = z[off + c]!;
  let s = 0;
  for (let c = 0; c < K; c++) s += Math.exp(z[off + c]! - m);
  return m + Math.log(s);
}
