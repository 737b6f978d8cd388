/**
 * Weight initialisers, as `torch.nn.init` (1.13), drawing from core's seeded {@link Rng} in
 * float64. Each returns a state entry `{ shape, data }` (row-major, values drawn in that
 * order), which both a reference module (`tensor(data, shape)`) and a tfjs twin
 * (`registerParameter(name, entry)`) take, so the same seed gives both paths the same weights.
 *
 * Fans are PyTorch's: for a weight of shape $(o, i, k_1, \dots)$ with receptive field
 * $r = \prod_j k_j$, $\text{fan}_\text{in} = i r$ and $\text{fan}_\text{out} = o r$.
 *
 * PyTorch's default for `nn.Linear` and `nn.Conv2d` is `kaiming_uniform_(w, a=√5)`: gain
 * $\sqrt{2/(1+a^2)} = \sqrt{1/3}$, so the bound is $\sqrt3\cdot\sqrt{1/3}/\sqrt{\text{fan}_\text{in}}
 * = 1/\sqrt{\text{fan}_\text{in}}$, i.e. $W \sim \mathcal U(\pm 1/\sqrt{\text{fan}_\text{in}})$, and the
 * bias is drawn from the same interval ({@link defaultLinearInit}).
 *
 * @see ../../../../docs/level3-deep/layers.md
 */
import { InvalidParamError, Matrix, describeValue, type Rng } from '@fpml/core';
import { qr } from '@fpml/level1-math';
import type { StateEntry } from './state-dict.js';
import { sizeOfShape } from './state-dict.js';

/** Nonlinearities known to {@link calculateGain} (PyTorch's names). */
export type Nonlinearity = 'linear' | 'conv1d' | 'conv2d' | 'conv3d' | 'conv_transpose1d' | 'conv_transpose2d' | 'conv_transpose3d' | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'selu';

const UNIT_GAIN = new Set(['linear', 'conv1d', 'conv2d', 'conv3d', 'conv_transpose1d', 'conv_transpose2d', 'conv_transpose3d', 'sigmoid']);

/**
 * `torch.nn.init.calculate_gain`: the factor that keeps the activations' variance through a
 * layer followed by `nonlinearity`:
 * linear/conv/sigmoid $1$, tanh $5/3$, relu $\sqrt2$, leaky_relu $\sqrt{2/(1+s^2)}$ (slope $s$,
 * default 0.01), selu $3/4$. $O(1)$.
 * @throws InvalidParamError for an unknown name or a bad slope.
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  if (UNIT_GAIN.has(nonlinearity)) return 1;
  switch (nonlinearity) {
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leaky_relu': {
      const s = param ?? 0.01;
      if (typeof s !== 'number' || !Number.isFinite(s)) throw new InvalidParamError('calculateGain', 'param', param, 'a finite negative slope');
      return Math.sqrt(2 / (1 + s * s));
    }
    case 'selu':
      return 3 / 4;
    default:
      throw new InvalidParamError('calculateGain', 'nonlinearity', nonlinearity, `one of ${[...UNIT_GAIN, 'tanh', 'relu', 'leaky_relu', 'selu'].join(', ')}`);
  }
}

function checkShape(owner: string, shape: readonly number[], minRank = 0): number[] {
  if (!Array.isArray(shape) || shape.length < minRank || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new InvalidParamError(owner, 'shape', shape, `an array of at least ${minRank} non-negative integers`);
  }
  return shape.slice();
}

/**
 * PyTorch's `_calculate_fan_in_and_fan_out`: $(i r, o r)$ for a shape $(o, i, k_1, \dots)$.
 * @throws InvalidParamError for fewer than 2 dimensions (as PyTorch).
 */
export function computeFans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  const s = checkShape('computeFans', shape, 2);
  const r = sizeOfShape(s.slice(2));
  return { fanIn: s[1]! * r, fanOut: s[0]! * r };
}

/** Entries drawn i.i.d. from $\mathcal U(\text{low}, \text{high})$ (`nn.init.uniform_`). $O(n)$. */
export function uniform(shape: readonly number[], rng: Rng, low = 0, high = 1): StateEntry {
  const s = checkShape('uniform', shape);
  if (!(Number.isFinite(low) && Number.isFinite(high) && low <= high)) throw new InvalidParamError('uniform', 'high', high, `a finite number ≥ low (${describeValue(low)})`);
  const data = new Float64Array(sizeOfShape(s));
  for (let k = 0; k < data.length; k++) data[k] = rng.uniform(low, high);
  return { shape: s, data };
}

/** Entries drawn i.i.d. from $\mathcal N(\text{mean}, \text{std}^2)$ (`nn.init.normal_`). $O(n)$. */
export function normal(shape: readonly number[], rng: Rng, mean = 0, std = 1): StateEntry {
  const s = checkShape('normal', shape);
  if (!(Number.isFinite(std) && std >= 0)) throw new InvalidParamError('normal', 'std', std, 'a finite number ≥ 0');
  const data = new Float64Array(sizeOfShape(s));
  for (let k = 0; k < data.length; k++) data[k] = rng.normal(mean, std);
  return { shape: s, data };
}

/** A constant tensor (`nn.init.constant_`). */
export function constant(shape: readonly number[], value: number): StateEntry {
  const s = checkShape('constant', shape);
  if (!Number.isFinite(value)) throw new InvalidParamError('constant', 'value', value, 'a finite number');
  return { shape: s, data: new Float64Array(sizeOfShape(s)).fill(value) };
}

/** Zeros (`nn.init.zeros_`). */
export function zerosInit(shape: readonly number[]): StateEntry {
  return constant(shape, 0);
}

/** Ones (`nn.init.ones_`). */
export function onesInit(shape: readonly number[]): StateEntry {
  return constant(shape, 1);
}

/** Options of the Xavier initialisers. */
export interface XavierOptions {
  /** Gain $g$, e.g. `calculateGain('tanh')`. @default 1 */
  gain?: number;
}

function checkGain(owner: string, gain: number): number {
  if (!(Number.isFinite(gain) && gain > 0)) throw new InvalidParamError(owner, 'gain', gain, 'a finite number > 0');
  return gain;
}

/**
 * Xavier/Glorot uniform (Glorot & Bengio 2010):
 * $$W \sim \mathcal U(-a, a),\quad a = g\sqrt{\frac{6}{\text{fan}_\text{in} + \text{fan}_\text{out}}},$$
 * so $\operatorname{Var} W = g^2\,\frac{2}{\text{fan}_\text{in}+\text{fan}_\text{out}}$. $O(n)$.
 */
export function xavierUniform(shape: readonly number[], rng: Rng, options: XavierOptions = {}): StateEntry {
  const { fanIn, fanOut } = computeFans(shape);
  const std = checkGain('xavierUniform', options.gain ?? 1) * Math.sqrt(2 / (fanIn + fanOut));
  const a = Math.sqrt(3) * std;
  return uniform(shape, rng, -a, a);
}

/** Xavier/Glorot normal: $W \sim \mathcal N\big(0,\ g^2\,\frac{2}{\text{fan}_\text{in}+\text{fan}_\text{out}}\big)$. $O(n)$. */
export function xavierNormal(shape: readonly number[], rng: Rng, options: XavierOptions = {}): StateEntry {
  const { fanIn, fanOut } = computeFans(shape);
  const std = checkGain('xavierNormal', options.gain ?? 1) * Math.sqrt(2 / (fanIn + fanOut));
  return normal(shape, rng, 0, std);
}

/** Options of the Kaiming initialisers (PyTorch's defaults). */
export interface KaimingOptions {
  /** Negative slope of the leaky ReLU that follows (only read for `'leaky_relu'`). @default 0 */
  a?: number;
  /** Preserve the forward variance (`'fan_in'`) or the backward one (`'fan_out'`). @default 'fan_in' */
  mode?: 'fan_in' | 'fan_out';
  /** The nonlinearity whose gain is used. @default 'leaky_relu' */
  nonlinearity?: Nonlinearity;
}

function kaimingStd(owner: string, shape: readonly number[], options: KaimingOptions): number {
  const { a = 0, mode = 'fan_in', nonlinearity = 'leaky_relu' } = options;
  if (mode !== 'fan_in' && mode !== 'fan_out') throw new InvalidParamError(owner, 'mode', mode, "'fan_in' or 'fan_out'");
  const fans = computeFans(shape);
  const fan = mode === 'fan_in' ? fans.fanIn : fans.fanOut;
  if (fan === 0) throw new InvalidParamError(owner, 'shape', shape, 'a shape with a non-zero fan');
  return calculateGain(nonlinearity, a) / Math.sqrt(fan);
}

/**
 * He/Kaiming uniform (He et al. 2015): with $\sigma = \text{gain}/\sqrt{\text{fan}}$,
 * $$W \sim \mathcal U(-b, b),\quad b = \sqrt3\,\sigma.$$ $O(n)$.
 */
export function kaimingUniform(shape: readonly number[], rng: Rng, options: KaimingOptions = {}): StateEntry {
  const b = Math.sqrt(3) * kaimingStd('kaimingUniform', shape, options);
  return uniform(shape, rng, -b, b);
}

/** He/Kaiming normal: $W \sim \mathcal N(0, \sigma^2)$, $\sigma = \text{gain}/\sqrt{\text{fan}}$. $O(n)$. */
export function kaimingNormal(shape: readonly number[], rng: Rng, options: KaimingOptions = {}): StateEntry {
  return normal(shape, rng, 0, kaimingStd('kaimingNormal', shape, options));
}

/**
 * The orthogonal matrix of a Gaussian matrix, with torch's sign fix: for $A$ $(r, c)$,
 * $A = QR$ (reduced; transposed first when $r < c$), then $Q \leftarrow Q\,\operatorname{diag}(\operatorname{sign} r_{jj})$,
 * which makes the factorisation unique (positive diagonal of $R$) and $Q$ Haar-distributed
 * (Mezzadri 2007). Exposed so tests can compare with `torch.linalg.qr` on the same $A$.
 * $O(r c \min(r, c))$.
 */
export function orthogonalFromGaussian(A: Matrix, gain = 1): Matrix {
  const wide = A.rows < A.cols;
  const B = wide ? transposeM(A) : A; // (m, k), m >= k
  const { Q, R } = qr(B); // Q (m, k), R (k, k)
  const k = B.cols;
  for (let j = 0; j < k; j++) {
    const s = Math.sign(R.data[j * k + j]!) || 1; // torch: d.sign(), 0 only for a singular draw
    for (let i = 0; i < B.rows; i++) Q.data[i * k + j] = Q.data[i * k + j]! * s * gain;
  }
  return wide ? transposeM(Q) : Q;
}

function transposeM(A: Matrix): Matrix {
  const T = new Matrix(A.cols, A.rows);
  for (let i = 0; i < A.rows; i++) for (let j = 0; j < A.cols; j++) T.data[j * A.rows + i] = A.data[i * A.cols + j]!;
  return T;
}

/**
 * `nn.init.orthogonal_` (Saxe et al. 2014): view the weight as $(o, n/o)$, draw it from
 * $\mathcal N(0, 1)$ row-major, take {@link orthogonalFromGaussian} and scale by `gain`: the
 * rows (or columns, whichever are fewer) are orthonormal. $O(o\,(n/o)\min(o, n/o))$.
 * @throws InvalidParamError for fewer than 2 dimensions.
 */
export function orthogonal(shape: readonly number[], rng: Rng, options: XavierOptions = {}): StateEntry {
  const s = checkShape('orthogonal', shape, 2);
  const gain = checkGain('orthogonal', options.gain ?? 1);
  const rows = s[0]!;
  const n = sizeOfShape(s);
  if (n === 0) return { shape: s, data: new Float64Array(0) };
  const A = new Matrix(rows, n / rows);
  for (let k = 0; k < n; k++) A.data[k] = rng.standardNormal();
  return { shape: s, data: Float64Array.from(orthogonalFromGaussian(A, gain).data) };
}

/**
 * PyTorch's default `nn.Linear`/`nn.Conv2d` initialisation: weight by
 * `kaiming_uniform_(a=√5)` $= \mathcal U(\pm 1/\sqrt{\text{fan}_\text{in}})$, then (if any) bias
 * from $\mathcal U(\pm 1/\sqrt{\text{fan}_\text{in}})$; weight drawn first. $O(n)$.
 */
export function defaultLinearInit(weightShape: readonly number[], rng: Rng, bias: boolean): { weight: StateEntry; bias: StateEntry | null } {
  const weight = kaimingUniform(weightShape, rng, { a: Math.sqrt(5) });
  const { fanIn } = computeFans(weightShape);
  const b = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
  return { weight, bias: bias ? uniform([weightShape[0]!], rng, -b, b) : null };
}
