/**
 * Losses on level1's autodiff (float64 reference), PyTorch's `F.cross_entropy`, `F.mse_loss` and
 * `F.binary_cross_entropy_with_logits`. Their tfjs forms are in ./tf-losses.ts.
 *
 * Cross-entropy over logits $z \in \mathbb R^{N\times C}$ with class targets $t$, label smoothing
 * $\varepsilon$ and the stable log-sum-exp $\mathrm{lse}(z_i) = m_i + \log\sum_c e^{z_{ic}-m_i}$,
 * $m_i = \max_c z_{ic}$:
 * $$\ell_i = (1-\varepsilon)\bigl(\mathrm{lse}(z_i) - z_{i t_i}\bigr) + \varepsilon\bigl(\mathrm{lse}(z_i) - \tfrac1C\textstyle\sum_c z_{ic}\bigr)
 *          = \mathrm{lse}(z_i) - \sum_c q_{ic} z_{ic},\quad q_{ic} = (1-\varepsilon)\mathbb 1[c = t_i] + \tfrac{\varepsilon}{C},$$
 * i.e. the cross-entropy against the smoothed target distribution $q_i$. Rows with
 * $t_i$ = `ignoreIndex` contribute 0 and are left out of the mean's count.
 *
 * @see ../../../../docs/level3-deep/layers.md
 */
import { InvalidInputError, InvalidParamError, ShapeError, describeValue } from '@fpml/core';
import { Tensor } from '@fpml/level1-math';
import { customOp } from './functional.js';
import { checkNumberIn } from './rng.js';

/** How per-element losses are combined: PyTorch's `reduction`. */
export type Reduction = 'mean' | 'sum' | 'none';

/** Options of {@link crossEntropyLoss} and `tfCrossEntropyLoss`. */
export interface CrossEntropyLossOptions {
  /** @default 'mean' (over the rows that are not ignored) */
  reduction?: Reduction;
  /** $\varepsilon \in [0, 1]$: mix the one-hot target with the uniform distribution. @default 0 */
  labelSmoothing?: number;
  /** Target value whose rows are skipped (no loss, no gradient, not counted). @default -100 */
  ignoreIndex?: number;
}

/** Options of {@link mseLoss} and {@link bceWithLogitsLoss} (and their tfjs forms). */
export interface ReductionOptions {
  /** @default 'mean' (over every element) */
  reduction?: Reduction;
}

/** Check `reduction`. @throws InvalidParamError */
export function checkReduction(owner: string, reduction: unknown): Reduction {
  const r = reduction ?? 'mean';
  if (r !== 'mean' && r !== 'sum' && r !== 'none') throw new InvalidParamError(owner, 'reduction', reduction, "'mean', 'sum' or 'none'");
  return r;
}

/** Checked cross-entropy options. @throws InvalidParamError */
export function checkCrossEntropyOptions(owner: string, options: CrossEntropyLossOptions | undefined) {
  const reduction = checkReduction(owner, options?.reduction);
  const eps = checkNumberIn(owner, 'labelSmoothing', options?.labelSmoothing ?? 0, 0, 1);
  const ignoreIndex = options?.ignoreIndex ?? -100;
  if (typeof ignoreIndex !== 'number' || !Number.isSafeInteger(ignoreIndex)) throw new InvalidParamError(owner, 'ignoreIndex', ignoreIndex, 'an integer');
  return { reduction, eps, ignoreIndex };
}

/**
 * Validate class targets for $N$ rows of $C$ classes: integers in $[0, C)$ or `ignoreIndex`.
 * Returns them as an Int32Array and the number of rows that count.
 * @throws ShapeError for a wrong length; InvalidInputError for a bad value, or when `mean`
 *   would divide by zero rows (every target ignored).
 */
export function checkClassTargets(owner: string, values: ArrayLike<number>, N: number, C: number, ignoreIndex: number, reduction: Reduction) {
  if (values.length !== N) throw new ShapeError(`${owner}: logits have ${N} rows but targets have ${values.length} entries`);
  const t = new Int32Array(N);
  let count = 0;
  for (let i = 0; i < N; i++) {
    const v = values[i]!;
    if (v === ignoreIndex) {
      t[i] = v;
      continue;
    }
    if (!Number.isInteger(v) || v < 0 || v >= C) throw new InvalidInputError(`${owner}: targets[${i}] is ${describeValue(v)} but must be an integer class in [0, ${C}) or ignoreIndex (${ignoreIndex})`);
    t[i] = v;
    count++;
  }
  if (reduction === 'mean' && count === 0) throw new InvalidInputError(`${owner}: every target equals ignoreIndex (${ignoreIndex}), so the mean over counted rows is undefined; use reduction 'sum' or 'none'`);
  return { targets: t, count };
}

function assertTensor(owner: string, name: string, x: unknown): asserts x is Tensor {
  if (!(x instanceof Tensor)) throw new InvalidInputError(`${owner}: ${name} must be a Tensor, got ${describeValue(x)}`);
}

/** Reject NaN (and +∞ when `allowPosInf` is false; −∞ is allowed where `allowNegInf`). */
function assertValues(owner: string, name: string, x: Tensor, allowNegInf: boolean): void {
  for (let i = 0; i < x.size; i++) {
    const v = x.data[i]!;
    if (Number.isNaN(v) || v === Infinity || (v === -Infinity && !allowNegInf)) throw new InvalidInputError(`${owner}: ${name} has ${v} at flat position ${i}; expected finite values${allowNegInf ? ' (or -Infinity)' : ''}`);
  }
}

/**
 * Softmax cross-entropy of logits `(N, C)` against class indices `(N,)`, with label smoothing
 * and `ignoreIndex` (module docs above for $\ell_i$); `mean` divides by the number of counted rows.
 * Backward (hand-written):
 * $\bar z_{ic} = \bar\ell_i\,\bigl(\mathrm{softmax}(z_i)_c - q_{ic}\bigr)$ for counted rows, 0 for ignored ones,
 * with $\bar\ell_i = \bar L/N_\text{counted}$ (mean), $\bar L$ (sum) or $\bar L_i$ (none).
 * Stable for any magnitude (the max-shift; logits of ±1000 are fine); $-\infty$ logits are allowed
 * (masked classes) and give $+\infty$ only when they carry target mass. $O(NC)$.
 * @param targets class indices: a Tensor of integers, an Int32Array or a number[].
 * @returns a scalar, or `(N,)` for `reduction: 'none'` (0 on ignored rows).
 * @throws ShapeError for logits that are not 2-D or a length mismatch; InvalidInputError for a bad
 *   target, NaN/+∞ logits or all rows ignored under `mean`; InvalidParamError for bad options.
 */
export function crossEntropyLoss(logits: Tensor, targets: Tensor | ArrayLike<number>, options: CrossEntropyLossOptions = {}): Tensor {
  const owner = 'crossEntropyLoss';
  const { reduction, eps, ignoreIndex } = checkCrossEntropyOptions(owner, options);
  assertTensor(owner, 'logits', logits);
  if (logits.rank !== 2) throw new ShapeError(`${owner}: logits must be 2-D (N, C), got shape [${logits.shape.join(', ')}]`);
  const [N, C] = logits.shape as [number, number];
  const raw = targets instanceof Tensor ? targets.data : targets;
  if (!(targets instanceof Tensor) && !(Array.isArray(raw) || ArrayBuffer.isView(raw))) throw new InvalidInputError(`${owner}: targets must be a Tensor, Int32Array or number[], got ${describeValue(targets)}`);
  const { targets: t, count } = checkClassTargets(owner, raw, N, C, ignoreIndex, reduction);
  assertValues(owner, 'logits', logits, true);
  const z = logits.data;
  const losses = new Float64Array(N); // (N,)
  const q = new Float64Array(N * C); // (N, C) smoothed targets, 0 on ignored rows
  const keep = new Float64Array(N); // (N,) 1 on counted rows
  for (let i = 0; i < N; i++) {
    if (t[i] === ignoreIndex) continue;
    keep[i] = 1;
    const row = i * C;
    let m = -Infinity;
    for (let c = 0; c < C; c++) m = Math.max(m, z[row + c]!);
    if (m === -Infinity) throw new InvalidInputError(`${owner}: every logit of row ${i} is -Infinity (no class is possible)`);
    let s = 0;
    for (let c = 0; c < C; c++) s += Math.exp(z[row + c]! - m); // each term <= 1
    let dot = 0; // sum_c q_ic z_ic, skipping q = 0 (so -inf logits with no mass give no NaN)
    for (let c = 0; c < C; c++) {
      const qc = (c === t[i] ? 1 - eps : 0) + eps / C;
      q[row + c] = qc;
      if (qc !== 0) dot += qc * z[row + c]!;
    }
    losses[i] = m + Math.log(s) - dot;
  }
  let data = losses;
  let shape: number[] = [N];
  if (reduction !== 'none') {
    let total = 0;
    for (let i = 0; i < N; i++) total += losses[i]!;
    data = Float64Array.of(reduction === 'mean' ? total / count : total);
    shape = [];
  }
  const scale = reduction === 'mean' ? 1 / count : 1;
  return customOp('crossEntropyLoss', data, shape, [logits], (g) => {
    const gRows = (reduction === 'none' ? g.reshape([N, 1]) : g.mul(scale)).mul(new Tensor(keep, [N, 1])); // (N, 1): dL/dl_i, 0 if ignored
    return [gRows.mul(logits.softmax(-1).sub(new Tensor(q, [N, C])))]; // dl_i/dz_ic = softmax_ic - q_ic
  });
}

function reduce(x: Tensor, reduction: Reduction): Tensor {
  return reduction === 'mean' ? x.mean() : reduction === 'sum' ? x.sum() : x;
}

function checkSameShape(owner: string, a: Tensor, b: Tensor, an: string, bn: string): void {
  if (a.shape.length !== b.shape.length || a.shape.some((d, i) => d !== b.shape[i])) {
    throw new ShapeError(`${owner}: ${an} and ${bn} must have the same shape (no broadcasting), got [${a.shape.join(', ')}] and [${b.shape.join(', ')}]`);
  }
}

/**
 * Mean squared error $\ell_k = (p_k - y_k)^2$, reduced by `reduction` (`mean` over every element).
 * Composed of level1 ops, so gradients reach both arguments: $\bar p = \bar\ell\cdot2(p-y)$, $\bar y = -\bar p$.
 * Shapes must match exactly (broadcasting would hide a transposed target). $O(n)$.
 * @throws ShapeError for different shapes; InvalidInputError for non-finite values.
 */
export function mseLoss(pred: Tensor, target: Tensor, options: ReductionOptions = {}): Tensor {
  const owner = 'mseLoss';
  const reduction = checkReduction(owner, options?.reduction);
  assertTensor(owner, 'pred', pred);
  assertTensor(owner, 'target', target);
  checkSameShape(owner, pred, target, 'pred', 'target');
  assertValues(owner, 'pred', pred, false);
  assertValues(owner, 'target', target, false);
  return reduce(pred.sub(target).square(), reduction); // () or (same shape)
}

/**
 * Binary cross-entropy on logits $z$ against probabilities $y \in [0, 1]$, in the stable form
 * $$\ell_k = \max(z_k, 0) - z_k y_k + \log\bigl(1 + e^{-|z_k|}\bigr)
 *   \;=\; -y_k\log\sigma(z_k) - (1-y_k)\log(1-\sigma(z_k)),$$
 * which never exponentiates a positive number (finite for $|z| = 10^4$) and uses `log1p`.
 * Backward (hand-written, exact also at $z = 0$ where the max/abs form has kinks):
 * $\bar z = \bar\ell\,(\sigma(z) - y)$, $\bar y = -\bar\ell\,z$. $O(n)$.
 * @throws ShapeError for different shapes; InvalidInputError for non-finite logits or targets outside [0, 1].
 */
export function bceWithLogitsLoss(logits: Tensor, target: Tensor, options: ReductionOptions = {}): Tensor {
  const owner = 'bceWithLogitsLoss';
  const reduction = checkReduction(owner, options?.reduction);
  assertTensor(owner, 'logits', logits);
  assertTensor(owner, 'target', target);
  checkSameShape(owner, logits, target, 'logits', 'target');
  assertValues(owner, 'logits', logits, false);
  for (let k = 0; k < target.size; k++) {
    const v = target.data[k]!;
    if (!(v >= 0 && v <= 1)) throw new InvalidInputError(`${owner}: target has ${v} at flat position ${k}; expected probabilities in [0, 1]`);
  }
  const n = logits.size;
  const z = logits.data;
  const y = target.data;
  const el = new Float64Array(n);
  for (let k = 0; k < n; k++) el[k] = Math.max(z[k]!, 0) - z[k]! * y[k]! + Math.log1p(Math.exp(-Math.abs(z[k]!))); // stable softplus(z) - z y
  let data = el;
  let shape = logits.shape.slice();
  if (reduction !== 'none') {
    let s = 0;
    for (let k = 0; k < n; k++) s += el[k]!;
    data = Float64Array.of(reduction === 'mean' ? s / n : s);
    shape = [];
  }
  const scale = reduction === 'mean' ? 1 / n : 1;
  return customOp('bceWithLogitsLoss', data, shape, [logits, target], (g) => {
    const gl = reduction === 'none' ? g : g.mul(scale); // dL/dl_k (broadcast scalar for mean/sum)
    return [
      logits.requiresGrad ? gl.mul(logits.sigmoid().sub(target)) : null, // dl/dz = sigmoid(z) - y
      target.requiresGrad ? gl.mul(logits).neg() : null, // dl/dy = -z
    ];
  });
}
