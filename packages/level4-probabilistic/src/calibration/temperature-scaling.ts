/**
 * Temperature scaling (Guo et al., 2017, §4.2): a post-hoc recalibration that divides a trained
 * network's logits $z_i \in \mathbb R^k$ by one scalar $T > 0$, $p_i = \mathrm{softmax}(z_i / T)$,
 * with $T$ chosen to minimise the negative log-likelihood of a held-out validation set. The
 * argmax, hence the accuracy, is unchanged; $T > 1$ softens over-confident predictions.
 *
 * In the inverse temperature $\beta = 1/T$ the objective is convex:
 * $$g(\beta) = \frac1n\sum_i\Bigl[\log\sum_j e^{\beta z_{ij}} - \beta z_{iy_i}\Bigr],\quad
 *   g'(\beta) = \frac1n\sum_i\bigl(\mathbb E_{p_i}[z_i] - z_{iy_i}\bigr),\quad
 *   g''(\beta) = \frac1n\sum_i \mathrm{Var}_{p_i}[z_i] \ge 0,$$
 * with $p_i = \mathrm{softmax}(\beta z_i)$. {@link fitTemperature} solves $g'(\beta) = 0$ by Newton
 * steps safeguarded by bisection inside the bracket $[1/T_{\max}, 1/T_{\min}]$; if $g'$ has one
 * sign over the bracket the optimum is at its end (e.g. every validation prediction correct:
 * $g$ keeps decreasing as $\beta \to \infty$) and `atBound` says so. Each iteration costs $O(nk)$;
 * Newton converges quadratically, typically in under 10 iterations.
 *
 * @see ../../../../docs/level4-probabilistic/uncertainty.md
 */
import { InvalidInputError, InvalidParamError, Matrix, asMatrix, type MatrixLike } from '@fpml/core';
import { checkClassLabels, type ClassLabels } from './probabilities.js';

/** $g(\beta)$, $g'(\beta)$, $g''(\beta)$ of the file header over logits `z` (n, k). $O(nk)$. */
function objective(z: Matrix, y: Int32Array, beta: number): { g: number; d1: number; d2: number } {
  const { rows: n, cols: k, data } = z;
  const w = new Float64Array(k); // (k,)
  let g = 0, d1 = 0, d2 = 0;
  for (let i = 0; i < n; i++) {
    const off = i * k;
    let m = -Infinity;
    for (let j = 0; j < k; j++) m = Math.max(m, beta * data[off + j]!);
    let s = 0;
    for (let j = 0; j < k; j++) { w[j] = Math.exp(beta * data[off + j]! - m); s += w[j]!; }
    let e = 0;
    for (let j = 0; j < k; j++) e += (w[j]! / s) * data[off + j]!; // E_p[z]
    let v = 0;
    for (let j = 0; j < k; j++) v += (w[j]! / s) * (data[off + j]! - e) ** 2; // Var_p[z]
    const zy = data[off + y[i]!]!;
    g += m + Math.log(s) - beta * zy; // logsumexp(βz) − βz_y
    d1 += e - zy; // ∂/∂β
    d2 += v; // ∂²/∂β²
  }
  return { g: g / n, d1: d1 / n, d2: d2 / n };
}

function checkLogits(owner: string, logits: MatrixLike, labels: ClassLabels): { z: Matrix; y: Int32Array } {
  const z = asMatrix(logits, `${owner}: logits`, { minCols: 2 }); // (n, k)
  return { z, y: checkClassLabels(owner, labels, z.rows, z.cols) };
}

function checkTemperature(owner: string, name: string, T: unknown): number {
  if (typeof T !== 'number' || !Number.isFinite(T) || T <= 0) throw new InvalidParamError(owner, name, T, 'a finite number > 0');
  return T;
}

/**
 * Row-wise $\mathrm{softmax}(z_i/T)$, stabilised by subtracting the row maximum. $O(nk)$.
 * @param logits (n, k). @param temperature $T > 0$. @default 1
 * @returns (n, k) probabilities.
 * @throws ShapeError / InvalidInputError for bad logits; InvalidParamError for `temperature`.
 * @see ../../../../docs/level4-probabilistic/uncertainty.md
 */
export function softmaxWithTemperature(logits: MatrixLike, temperature = 1): Matrix {
  const owner = 'softmaxWithTemperature';
  const T = checkTemperature(owner, 'temperature', temperature);
  const z = asMatrix(logits, `${owner}: logits`); // (n, k)
  const { rows: n, cols: k, data } = z;
  const out = new Float64Array(n * k); // (n, k)
  for (let i = 0; i < n; i++) {
    let m = -Infinity;
    for (let j = 0; j < k; j++) m = Math.max(m, data[i * k + j]! / T);
    let s = 0;
    for (let j = 0; j < k; j++) s += (out[i * k + j] = Math.exp(data[i * k + j]! / T - m));
    for (let j = 0; j < k; j++) out[i * k + j]! /= s;
  }
  return new Matrix(n, k, out);
}

/**
 * The temperature-scaled NLL $\frac1n\sum_i -\log\mathrm{softmax}(z_i/T)_{y_i}$ and its derivative
 * $\partial/\partial T = -g'(1/T)/T^2$. $O(nk)$.
 * @param logits (n, k). @param labels (n,). @param temperature $T > 0$.
 * @throws ShapeError / InvalidInputError for bad input; InvalidParamError for `temperature`.
 * @see ../../../../docs/level4-probabilistic/uncertainty.md
 */
export function temperatureNll(logits: MatrixLike, labels: ClassLabels, temperature: number): { nll: number; dNllDT: number } {
  const owner = 'temperatureNll';
  const T = checkTemperature(owner, 'temperature', temperature);
  const { z, y } = checkLogits(owner, logits, labels);
  const o = objective(z, y, 1 / T);
  return { nll: o.g, dNllDT: -o.d1 / (T * T) }; // dβ/dT = −1/T²
}

/** Options of {@link fitTemperature}. */
export interface FitTemperatureOptions {
  /** Smallest temperature searched. @default 0.01 */
  minTemperature?: number;
  /** Largest temperature searched. @default 100 */
  maxTemperature?: number;
  /** Stop when $|g'(\beta)| \le$ tol or the bracket is narrower than tol·β. @default 1e-12 */
  tol?: number;
  /** Newton / bisection iterations. @default 100 */
  maxIter?: number;
}

/** What {@link fitTemperature} found. */
export interface TemperatureFit {
  /** $\hat T$. */
  temperature: number;
  /** NLL at $\hat T$ and at $T = 1$ (nats). */
  nll: number;
  nllBefore: number;
  iterations: number;
  /** True when the optimum is at an end of $[T_{\min}, T_{\max}]$ (the true minimiser may lie beyond). */
  atBound: boolean;
  /** $|g'(\hat\beta)|$ at the end. */
  gradient: number;
}

/**
 * Fit the temperature $\hat T = 1/\hat\beta$, $\hat\beta = \arg\min g(\beta)$ (file header) on
 * validation logits and labels. $O(nk)$ per iteration.
 * @param logits (n, k) validation logits. @param labels (n,) class indices.
 * @throws ShapeError / InvalidInputError for bad input; InvalidParamError for bad options.
 * @see ../../../../docs/level4-probabilistic/uncertainty.md
 */
export function fitTemperature(logits: MatrixLike, labels: ClassLabels, options: FitTemperatureOptions = {}): TemperatureFit {
  const owner = 'fitTemperature';
  const Tmin = checkTemperature(owner, 'minTemperature', options.minTemperature ?? 0.01);
  const Tmax = checkTemperature(owner, 'maxTemperature', options.maxTemperature ?? 100);
  if (!(Tmin < Tmax)) throw new InvalidParamError(owner, 'maxTemperature', Tmax, `greater than minTemperature = ${Tmin}`);
  const tol = options.tol ?? 1e-12;
  if (typeof tol !== 'number' || !(tol > 0)) throw new InvalidParamError(owner, 'tol', tol, 'a number > 0');
  const maxIter = options.maxIter ?? 100;
  if (!Number.isInteger(maxIter) || maxIter < 1) throw new InvalidParamError(owner, 'maxIter', maxIter, 'an integer ≥ 1');
  const { z, y } = checkLogits(owner, logits, labels);
  const nllBefore = objective(z, y, 1).g;
  let lo = 1 / Tmax, hi = 1 / Tmin;
  const oLo = objective(z, y, lo), oHi = objective(z, y, hi);
  if (oLo.d1 >= 0) return { temperature: Tmax, nll: oLo.g, nllBefore, iterations: 0, atBound: true, gradient: Math.abs(oLo.d1) };
  if (oHi.d1 <= 0) return { temperature: Tmin, nll: oHi.g, nllBefore, iterations: 0, atBound: true, gradient: Math.abs(oHi.d1) };
  let beta = Math.min(Math.max(1, lo), hi);
  let o = objective(z, y, beta);
  let it = 0;
  while (it < maxIter && Math.abs(o.d1) > tol && hi - lo > tol * beta) {
    it++;
    if (o.d1 > 0) hi = beta; // g' increasing: the root is below
    else lo = beta;
    const newton = o.d2 > 0 ? beta - o.d1 / o.d2 : NaN;
    beta = newton > lo && newton < hi ? newton : 0.5 * (lo + hi); // bisect when Newton leaves the bracket
    o = objective(z, y, beta);
  }
  if (!Number.isFinite(o.g)) throw new InvalidInputError(`${owner}: the NLL became ${o.g} at T = ${1 / beta}; check the logits`);
  return { temperature: 1 / beta, nll: o.g, nllBefore, iterations: it, atBound: false, gradient: Math.abs(o.d1) };
}
