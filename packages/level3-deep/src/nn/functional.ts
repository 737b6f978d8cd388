/**
 * Ops level1's autodiff lacks, each a float64 reference op (with its backward written beside it)
 * and its tfjs form:
 *  - {@link erf} with $\frac{d}{dx}\operatorname{erf}x = \frac{2}{\sqrt\pi}e^{-x^2}$, on the scalar
 *    {@link erfNumber} (max relative error 2.7e-16 against mpmath, see there);
 *  - {@link gelu} in PyTorch's two forms, exact ($x\,\Phi(x)$) and tanh-approximated;
 *  - {@link customOp}, how a level3 op with a hand-written backward joins level1's graph.
 *
 * @see ../../../../docs/level3-deep/layers.md
 */
import { InvalidInputError, InvalidParamError, describeValue } from '@fpml/core';
import type { Tf } from '@fpml/core/tf';
import { Tensor, isRecording, type BackwardFn } from '@fpml/level1-math';
import type { TfTensor } from './tf-module.js';

/**
 * Make the result of a level3 op with a hand-written backward: a node of level1's graph with
 * `parents` and the vector–Jacobian product `backward` when recording is on and a parent needs
 * a gradient, a plain constant otherwise (level1's own `fromOp` rule). `backward` should be
 * written with level1's differentiable ops so that second derivatives work.
 */
export function customOp(op: string, data: Float64Array, shape: readonly number[], parents: readonly Tensor[], backward: BackwardFn): Tensor {
  const track = isRecording() && parents.some((p) => p.requiresGrad);
  return track ? new Tensor(data, shape, true, parents, backward, op) : new Tensor(data, shape, false, [], null, op);
}

const TWO_OVER_SQRT_PI = 1.1283791670955126; // 2/√π
const SQRT1_2 = Math.SQRT1_2; // 1/√2
const SQRT_2_OVER_PI = 0.7978845608028654; // √(2/π)

/**
 * $\operatorname{erf}(c)$ at $c = k/8$, $k = 0..48$, correctly rounded to float64 (mpmath at 50
 * digits; `scripts/oracles/freeze_erf.py --table` prints it).
 */
const ERF_TABLE = Float64Array.of(
  0.0, 0.1403162048013338, 0.27632639016823696, 0.4041169094348223, 0.5204998778130465, 0.623240882188418,
  0.7111556336535151, 0.7840750610598597, 0.8427007929497149, 0.8883882317017078, 0.9229001282564583, 0.9481700727820903,
  0.9661051464753108, 0.9784437332399837, 0.9866716712191824, 0.9919900576701199, 0.9953222650189527, 0.9973459706405177,
  0.9985372834133188, 0.9992170617821089, 0.999593047982555, 0.9997946242638588, 0.9998993780778803, 0.9999521451602562,
  0.9999779095030014, 0.9999901032653747, 0.9999956972205363, 0.9999981847185726, 0.9999992569016276, 0.9999997048598075,
  0.9999998862727434, 0.999999957486056, 0.9999999845827421, 0.9999999945765992, 0.9999999981494259, 0.9999999993875167,
  0.9999999998033839, 0.9999999999387839, 0.9999999999815149, 0.9999999999945866, 0.9999999999984626, 0.9999999999995766,
  0.9999999999998869, 0.9999999999999707, 0.9999999999999927, 0.9999999999999982, 0.9999999999999996, 0.9999999999999999,
  1.0,
);

/**
 * $\operatorname{erf}(x) = \frac{2}{\sqrt\pi}\int_0^x e^{-t^2}\,dt$ in float64, for $a = |x|$:
 *  - $a < 1/16$: the Maclaurin series $\frac{2}{\sqrt\pi}\sum_n \frac{(-1)^n a^{2n+1}}{n!\,(2n+1)}$ (terms fall by $\ge 256\times$);
 *  - $1/16 \le a < 6$: Taylor expansion about the nearest table point $c = k/8$, $h = a - c$ ($|h| \le 1/16$,
 *    exact by Sterbenz), with the derivatives of $e^{-x^2}$ given by Hermite polynomials,
 *    $$\operatorname{erf}(c + h) = \operatorname{erf}(c) + \tfrac{2}{\sqrt\pi}e^{-c^2}\sum_{j\ge0} G_j\,\frac{h^{j+1}}{(j+1)!},
 *      \quad G_0 = 1,\ G_1 = -2c,\ G_{j+1} = -2c\,G_j - 2j\,G_{j-1}$$
 *    ($G_j = (-1)^j H_j(c)$; $c^2$ is exact; at most ~20 terms). The increment is small next to the
 *    correctly rounded $\operatorname{erf}(c)$, so its own rounding is damped;
 *  - $a \ge 6$: $\pm1$ ($\operatorname{erfc}6 \approx 2\cdot10^{-17}$ is below half an ulp of 1).
 *
 * Measured against mpmath at 50 digits on 2,437 points in $[-7, 7]$ (a grid, Gaussian draws, the
 * switch points and their neighbours, tiny and subnormal arguments; `scripts/oracles/freeze_erf.py`,
 * checked in functional.test.ts): max relative error $2.7\cdot10^{-16}$ (1.22 ulp). Odd
 * ($\operatorname{erf}(-x) = -\operatorname{erf}x$ bit for bit), NaN in NaN out, $\pm\infty \mapsto \pm1$.
 * Cost $O(1)$.
 */
export function erfNumber(x: number): number {
  if (Number.isNaN(x) || x === 0) return x; // NaN, and ±0 keep their sign
  const a = Math.abs(x);
  let r: number;
  if (a < 0.0625) {
    const x2 = a * a;
    let t = a; // (-1)^n a^(2n+1) / n!
    let s = a;
    for (let n = 1; n < 40; n++) {
      t *= -x2 / n;
      const next = s + t / (2 * n + 1);
      if (next === s) break;
      s = next;
    }
    r = TWO_OVER_SQRT_PI * s;
  } else if (a < 6) {
    const k = Math.round(a * 8);
    const c = k / 8;
    const h = a - c; // exact: c/2 <= a <= 2c
    let g0 = 1; // G_{j-1}
    let g1 = -2 * c; // G_j
    let p = h; // h^(j+1) / (j+1)!
    let inc = h; // j = 0 term, G_0 h
    for (let j = 1; j < 80; j++) {
      p *= h / (j + 1);
      const term = g1 * p;
      inc += term;
      const g2 = -2 * c * g1 - 2 * j * g0;
      g0 = g1;
      g1 = g2;
      if (j > 2 && Math.abs(term) <= 1e-17 * Math.abs(inc)) break;
    }
    r = ERF_TABLE[k]! + TWO_OVER_SQRT_PI * Math.exp(-c * c) * inc;
  } else {
    r = 1;
  }
  return x < 0 ? -r : r;
}

/**
 * Elementwise $y = \operatorname{erf}(x)$ on level1's autodiff ({@link erfNumber} per entry).
 * Backward: $\bar x = \bar y \cdot \frac{2}{\sqrt\pi}e^{-x^2}$ (differentiable again). $O(n)$.
 * @throws InvalidInputError if `x` is not a Tensor.
 */
export function erf(x: Tensor): Tensor {
  if (!(x instanceof Tensor)) throw new InvalidInputError(`erf: x must be a Tensor, got ${describeValue(x)}`);
  const data = new Float64Array(x.size);
  for (let i = 0; i < data.length; i++) data[i] = erfNumber(x.data[i]!);
  return customOp('erf', data, x.shape, [x], (g) => [
    g.mul(x.square().neg().exp().mul(TWO_OVER_SQRT_PI)), // d erf/dx = 2/√π e^{-x²}
  ]);
}

/** Which GELU: PyTorch's `approximate` argument. */
export type GeluApproximate = 'none' | 'tanh';

function checkApproximate(owner: string, approximate: unknown): GeluApproximate {
  if (approximate !== 'none' && approximate !== 'tanh') throw new InvalidParamError(owner, 'approximate', approximate, "'none' or 'tanh'");
  return approximate;
}

/**
 * GELU on level1's autodiff, PyTorch's two forms:
 * $$\mathrm{gelu}(x) = x\,\Phi(x) = \tfrac12 x\bigl(1 + \operatorname{erf}(x/\sqrt2)\bigr)\quad(\texttt{'none'}),$$
 * $$\mathrm{gelu}_{\tanh}(x) = \tfrac12 x\bigl(1 + \tanh(\sqrt{2/\pi}\,(x + 0.044715\,x^3))\bigr)\quad(\texttt{'tanh'}).$$
 * Composed of differentiable ops, so the backward is automatic:
 * $\mathrm{gelu}'(x) = \Phi(x) + x\,\varphi(x)$, $\varphi(x) = e^{-x^2/2}/\sqrt{2\pi}$ (derived in the docs).
 * The two forms differ by at most about $4.7\cdot10^{-4}$ (near $|x| \approx 2$). $O(n)$.
 * @param approximate @default 'none'
 * @throws InvalidParamError for another `approximate`; InvalidInputError if `x` is not a Tensor.
 */
export function gelu(x: Tensor, approximate: GeluApproximate = 'none'): Tensor {
  checkApproximate('gelu', approximate);
  if (!(x instanceof Tensor)) throw new InvalidInputError(`gelu: x must be a Tensor, got ${describeValue(x)}`);
  if (approximate === 'none') return x.mul(erf(x.mul(SQRT1_2)).add(1)).mul(0.5); // x Φ(x)
  const inner = x.add(x.mul(x).mul(x).mul(0.044715)).mul(SQRT_2_OVER_PI); // √(2/π)(x + 0.044715 x³)
  return x.mul(inner.tanh().add(1)).mul(0.5);
}

/**
 * tfjs GELU, the same two forms as {@link gelu}, from `tf.erf` / `tf.tanh` (their registered
 * gradients give the backward). Call inside `tf.tidy`; does not dispose `x`.
 * tfjs's `erf` kernels differ by backend (the cpu and wasm ones use Abramowitz–Stegun 7.1.26,
 * absolute error ≤ 1.5e-7), well inside float32 parity tolerance.
 * @throws InvalidParamError for another `approximate`.
 */
export function tfGelu(tf: Tf, x: TfTensor, approximate: GeluApproximate = 'none'): TfTensor {
  checkApproximate('tfGelu', approximate);
  if (approximate === 'none') return tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, SQRT1_2)), 1)); // x Φ(x)
  const inner = tf.mul(tf.add(x, tf.mul(tf.mul(tf.mul(x, x), x), 0.044715)), SQRT_2_OVER_PI); // √(2/π)(x + 0.044715 x³)
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(inner), 1));
}

export { checkApproximate as checkGeluApproximate };
