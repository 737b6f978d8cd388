/**
 * Finite-difference gradient check of a float64 reference {@link Module} with respect to its
 * inputs **and every parameter**, through core's `checkGradient` (central differences with
 * step $h\max(1,|v_i|)$). Test helper: import it from tests only (it loads `@fpml/core/testing`).
 *
 * The scalar checked is $L = \sum_k g_k\, y_k$ for a fixed Gaussian weight $g$ of the output's
 * shape (every entry of the vector–Jacobian product is exercised, not just a uniform seed).
 * The analytic side is one `L.backward()`; the numeric side perturbs one coordinate at a time
 * of the concatenation $(x_1, \dots, x_m, \theta_1, \dots, \theta_p)$, so a check costs
 * $2(\sum|x| + \sum|\theta|) + 1$ forward passes. Parameters are restored afterwards, and so are
 * their `.grad`s; buffers (e.g. BatchNorm's running statistics) are left as the forward passes
 * left them.
 *
 * Errors reported per tensor: `maxAbsError` $= \lVert \tilde g - g\rVert_\infty$ and
 * `relError` $= \lVert \tilde g - g\rVert_\infty / \lVert \tilde g\rVert_\infty$ (normwise, so an
 * entry that is zero up to rounding does not blow it up). Pass/fail is core's mixed rule
 * $|\tilde g_i - g_i| \le \text{tol}\cdot\max(1, |\tilde g_i|, |g_i|)$ for every coordinate.
 *
 * @see ../../../../docs/level3-deep/layers.md
 */
import { InvalidInputError, Rng, describeValue } from '@fpml/core';
import { CloseAssertionError, checkGradient } from '@fpml/core/testing';
import { Tensor, noGrad } from '@fpml/level1-math';
import type { AnyModule } from './module.js';
import { recordAgreement } from './agreement.js';

/** Options of {@link gradcheckModule}. */
export interface GradcheckOptions<M> {
  /** How to run the module on the inputs (e.g. a fixed-seed Dropout). @default `m.forward(...xs)` */
  forward?: (m: M, ...xs: Tensor[]) => Tensor;
  /** Indices of inputs that are not differentiated (integer indices, masks). @default [] */
  constantInputs?: readonly number[];
  /** Also check the parameters. @default true */
  parameters?: boolean;
  /** Seed of the output weight $g$. @default 0 */
  seed?: number;
  /** Relative finite-difference step. @default 1e-6 */
  h?: number;
  /** Tolerance of the mixed test. @default 1e-6 */
  tol?: number;
}

/** Errors of one checked tensor. */
export interface TensorCheck {
  /** `'input0'`, ..., or the parameter's dotted name. */
  name: string;
  maxAbsError: number;
  relError: number;
}

/** What {@link gradcheckModule} found. */
export interface GradcheckReport {
  passed: boolean;
  /** Worst over all tensors. */
  maxAbsError: number;
  /** Worst normwise relative error over all tensors. */
  maxRelError: number;
  tensors: TensorCheck[];
  /** Number of coordinates checked. */
  n: number;
}

/**
 * Check a reference module's backward pass against central differences.
 * @throws InvalidInputError for a non-Tensor input or a forward that returns no Tensor.
 */
export function gradcheckModule<M extends AnyModule>(module: M, inputs: readonly Tensor[], options: GradcheckOptions<M> = {}): GradcheckReport {
  inputs.forEach((x, i) => {
    if (!(x instanceof Tensor)) throw new InvalidInputError(`gradcheckModule: inputs[${i}] must be a Tensor, got ${describeValue(x)}`);
  });
  const forward = options.forward ?? ((m: M, ...xs: Tensor[]) => (m.forward as (...a: Tensor[]) => Tensor)(...xs));
  const constant = new Set(options.constantInputs ?? []);
  const params = options.parameters === false ? [] : (module as unknown as AnyModule).namedParameters();
  const diffInputs = inputs.map((_, i) => i).filter((i) => !constant.has(i));

  // Analytic side: one backward pass of L = sum(g * y).
  const leaves = inputs.map((x, i) => (constant.has(i) ? x : new Tensor(Float64Array.from(x.data), x.shape, true)));
  const savedGrads = params.map(([, p]) => p.grad);
  for (const [, p] of params) p.grad = null;
  const y = forward(module, ...leaves);
  if (!(y instanceof Tensor)) throw new InvalidInputError(`gradcheckModule: forward must return a Tensor, got ${describeValue(y)}`);
  const rng = new Rng(options.seed ?? 0);
  const G = new Tensor(Float64Array.from({ length: y.size }, () => rng.standardNormal()), y.shape); // (y.shape)
  y.mul(G).sum().backward();
  const blocks: { name: string; size: number; analytic: Float64Array; data: Float64Array }[] = [];
  for (const i of diffInputs) blocks.push({ name: `input${i}`, size: inputs[i]!.size, analytic: Float64Array.from(leaves[i]!.grad?.data ?? new Float64Array(inputs[i]!.size)), data: inputs[i]!.data });
  for (const [name, p] of params) blocks.push({ name, size: p.size, analytic: Float64Array.from(p.grad?.data ?? new Float64Array(p.size)), data: p.data });
  params.forEach(([, p], k) => (p.grad = savedGrads[k]!));

  // Numeric side: perturb the concatenation of every checked tensor.
  const n = blocks.reduce((s, b) => s + b.size, 0);
  const v0 = new Float64Array(n);
  const analytic = new Float64Array(n);
  let off = 0;
  for (const b of blocks) {
    v0.set(b.data, off);
    analytic.set(b.analytic, off);
    off += b.size;
  }
  const saved = params.map(([, p]) => Float64Array.from(p.data));
  const f = (v: Float64Array): number => {
    const xs = inputs.slice();
    let o = 0;
    for (const i of diffInputs) {
      xs[i] = new Tensor(v.slice(o, o + inputs[i]!.size), inputs[i]!.shape);
      o += inputs[i]!.size;
    }
    for (const [, p] of params) {
      p.data.set(v.subarray(o, o + p.size));
      o += p.size;
    }
    return noGrad(() => forward(module, ...xs).mul(G).sum().item());
  };
  let r;
  try {
    r = checkGradient(f, () => analytic, v0, { h: options.h ?? 1e-6, tol: options.tol ?? 1e-6 });
  } finally {
    params.forEach(([, p], k) => p.data.set(saved[k]!));
  }
  const tensors: TensorCheck[] = [];
  off = 0;
  for (const b of blocks) {
    let maxAbs = 0;
    let scale = 0;
    for (let k = off; k < off + b.size; k++) {
      maxAbs = Math.max(maxAbs, Math.abs(r.numeric[k]! - r.analytic[k]!));
      scale = Math.max(scale, Math.abs(r.numeric[k]!));
    }
    tensors.push({ name: b.name, maxAbsError: maxAbs, relError: maxAbs === 0 ? 0 : maxAbs / scale });
    off += b.size;
  }
  return {
    passed: r.passed,
    maxAbsError: Math.max(0, ...tensors.map((t) => t.maxAbsError)),
    maxRelError: Math.max(0, ...tensors.map((t) => t.relError)),
    tensors,
    n,
  };
}

/** {@link gradcheckModule}, throwing a readable report when it fails. Returns the report. */
export function expectGradcheck<M extends AnyModule>(module: M, inputs: readonly Tensor[], options: GradcheckOptions<M> = {}): GradcheckReport {
  const r = gradcheckModule(module, inputs, options);
  if (!r.passed) {
    const lines = r.tensors.map((t) => `  ${t.name}: maxAbsError ${t.maxAbsError.toExponential(3)}, relError ${t.relError.toExponential(3)}`);
    throw new CloseAssertionError(`gradient check of ${module.name} failed (tol ${options.tol ?? 1e-6}):\n${lines.join('\n')}`);
  }
  recordAgreement({ check: 'gradcheck', module: module.name, value: r.maxRelError });
  return r;
}
