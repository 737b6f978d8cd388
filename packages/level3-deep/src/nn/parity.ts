/**
 * Twin parity: a float64 reference module and its tfjs twin, given the same weights (the
 * reference's state dict loaded into a fresh twin), must agree on
 *  1. the forward output $y$,
 *  2. the gradients of $L = \sum_k g_k y_k$ (fixed Gaussian $g$) with respect to every float
 *     input and every parameter,
 *  3. the state after the forward pass (buffers such as BatchNorm's running statistics),
 * on every tfjs backend that loads (tensorflow, wasm, cpu), with no tensor leaked.
 * Test helper: import it from tests only (it loads `@fpml/core/testing`).
 *
 * **Tolerance rule** (float32 against float64), per compared tensor $a$ (twin) and $b$ (reference):
 * $$\lVert a - b\rVert_\infty \le \text{rtol}\,\lVert b\rVert_\infty + \text{atol},\qquad
 *   \text{rtol} = 10^{-4},\ \text{atol} = 10^{-6},$$
 * i.e. the worst entry is within about 800 float32 ulps of the tensor's scale. The reported
 * relative error is $\lVert a - b\rVert_\infty / \lVert b\rVert_\infty$ (0 when both are 0). A
 * normwise rule, not an entrywise one: entries that are zero up to cancellation (sums of many
 * terms) carry float32 rounding of the scale, not of themselves.
 *
 * The reference module is restored (state and `.grad`s) afterwards; the twin built by
 * `makeTwin` is disposed. The active backend is restored too.
 *
 * @see ../../../../docs/level3-deep/layers.md
 */
import { InvalidInputError, Rng, describeValue } from '@fpml/core';
import { availableBackends, getTf, setBackend, type BackendName, type Tf } from '@fpml/core/tf';
import { CloseAssertionError } from '@fpml/core/testing';
import { Tensor } from '@fpml/level1-math';
import type { AnyModule } from './module.js';
import { sizeOfShape, type StateDict } from './state-dict.js';
import type { AnyTfModule, TfTensor, Variable } from './tf-module.js';
import { recordAgreement } from './agreement.js';

/** One input of a parity case: row-major values, a shape and a dtype (`int32` inputs get no gradient). */
export interface ParityInput {
  data: ArrayLike<number>;
  shape: readonly number[];
  /** @default 'float32' */
  dtype?: 'float32' | 'int32';
}

/** A parity case. */
export interface ParityCase<R extends AnyModule, T extends AnyTfModule> {
  /** The float64 module; its current state dict is the one both sides use. */
  reference: R;
  /** Build the twin on the backend `tf` is running (called once per backend, then disposed). */
  makeTwin: (tf: Tf) => T;
  inputs: readonly ParityInput[];
  /** @default `m.forward(...xs)` (an int32 input arrives as a float64 Tensor of integers) */
  forwardReference?: (m: R, ...xs: Tensor[]) => Tensor;
  /** @default `m.forward(...xs)` */
  forwardTwin?: (m: T, ...xs: TfTensor[]) => TfTensor;
  /** Mode of both modules during the check. @default 'eval' */
  mode?: 'train' | 'eval';
  /** Backends to check. @default every one that loads (`availableBackends()`) */
  backends?: readonly BackendName[];
  /** @default 1e-4 */
  rtol?: number;
  /** @default 1e-6 */
  atol?: number;
  /** Seed of the output weight $g$. @default 0 */
  seed?: number;
}

/** One compared tensor. */
export interface ParityComparison {
  name: string;
  maxAbsError: number;
  /** $\lVert a - b\rVert_\infty / \lVert b\rVert_\infty$. */
  relError: number;
  passed: boolean;
}

/** The result on one backend. */
export interface BackendParity {
  backend: BackendName;
  /** `'output'`, `'grad:input0'`, `'grad:weight'`, ..., `'state:running_mean'`, ... */
  comparisons: ParityComparison[];
  /** Tensors alive after the case that were not before (must be 0). */
  leaked: number;
  worstRelError: number;
  passed: boolean;
}

/** What {@link checkParity} found. */
export interface ParityReport {
  backends: BackendParity[];
  /** Worst relative error over every backend and tensor. */
  worstRelError: number;
  passed: boolean;
}

function compare(name: string, a: ArrayLike<number>, b: ArrayLike<number>, rtol: number, atol: number): ParityComparison {
  if (a.length !== b.length) return { name, maxAbsError: Infinity, relError: Infinity, passed: false };
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    diff = Number.isNaN(d) ? Infinity : Math.max(diff, d);
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  const relError = diff === 0 ? 0 : scale === 0 ? Infinity : diff / scale;
  return { name, maxAbsError: diff, relError, passed: diff <= rtol * scale + atol };
}

interface ReferenceResult {
  output: Float64Array;
  outShape: number[];
  g: Float64Array;
  grads: Map<string, Float64Array>;
  state: StateDict;
}

function runReference<R extends AnyModule>(c: ParityCase<R, AnyTfModule>, sd0: StateDict): ReferenceResult {
  const m = c.reference;
  const wasTraining = m.training;
  const params = m.namedParameters();
  const savedGrads = params.map(([, p]) => p.grad);
  for (const [, p] of params) p.grad = null;
  m.train(c.mode === 'train');
  const xs = c.inputs.map((inp) => new Tensor(Float64Array.from(inp.data), inp.shape, (inp.dtype ?? 'float32') === 'float32'));
  try {
    const fwd = c.forwardReference ?? ((mm: R, ...a: Tensor[]) => (mm.forward as (...z: Tensor[]) => Tensor)(...a));
    const y = fwd(m, ...xs);
    if (!(y instanceof Tensor)) throw new InvalidInputError(`checkParity: the reference forward must return a Tensor, got ${describeValue(y)}`);
    const rng = new Rng(c.seed ?? 0);
    const g = Float64Array.from({ length: y.size }, () => rng.standardNormal());
    const grads = new Map<string, Float64Array>();
    if (y.requiresGrad) y.mul(new Tensor(g, y.shape)).sum().backward();
    xs.forEach((x, i) => {
      if (x.requiresGrad) grads.set(`input${i}`, Float64Array.from(x.grad?.data ?? new Float64Array(x.size)));
    });
    for (const [k, p] of params) grads.set(k, Float64Array.from(p.grad?.data ?? new Float64Array(p.size)));
    return { output: Float64Array.from(y.data), outShape: y.shape.slice(), g, grads, state: m.stateDict() };
  } finally {
    m.loadStateDict(sd0);
    params.forEach(([, p], k) => (p.grad = savedGrads[k]!));
    m.train(wasTraining);
  }
}

function runTwin<T extends AnyTfModule>(tf: Tf, c: ParityCase<AnyModule, T>, sd0: StateDict, ref: ReferenceResult): { output: Float32Array; grads: Map<string, Float32Array>; state: StateDict } {
  const twin = c.makeTwin(tf);
  try {
    twin.loadStateDict(sd0);
    twin.train(c.mode === 'train');
    const xs = c.inputs.map((inp) =>
      (inp.dtype ?? 'float32') === 'int32' ? tf.tensor(Int32Array.from(inp.data), inp.shape as number[], 'int32') : tf.tidy(() => tf.variable(tf.tensor(Float32Array.from(inp.data), inp.shape as number[], 'float32'), true)),
    );
    const g = tf.tensor(Float32Array.from(ref.g), ref.outShape, 'float32');
    const fwd = c.forwardTwin ?? ((mm: T, ...a: TfTensor[]) => (mm.forward as (...z: TfTensor[]) => TfTensor)(...a));
    let y: TfTensor | undefined;
    const named: [string, Variable][] = [];
    xs.forEach((x, i) => {
      if (x instanceof tf.Variable) named.push([`input${i}`, x]);
    });
    named.push(...twin.namedParameters());
    const out = new Map<string, Float32Array>();
    try {
      const { value, grads } = tf.variableGrads(() => {
        y = tf.keep(fwd(twin, ...xs));
        return tf.sum(tf.mul(y, g)) as ReturnType<Tf['scalar']>;
      }, named.map(([, v]) => v));
      value.dispose();
      for (const [k, v] of named) {
        const gv = grads[v.name];
        out.set(k, gv ? (gv.dataSync() as Float32Array).slice() : new Float32Array(v.size));
      }
      for (const t of Object.values(grads)) t.dispose();
      const output = (y!.dataSync() as Float32Array).slice();
      return { output, grads: out, state: twin.stateDict() };
    } finally {
      y?.dispose();
      g.dispose();
      for (const x of xs) x.dispose();
    }
  } finally {
    twin.dispose();
  }
}

/**
 * Run a parity case on every requested backend and return the report (does not throw on
 * disagreement; see {@link expectParity}).
 */
export async function checkParity<R extends AnyModule, T extends AnyTfModule>(c: ParityCase<R, T>): Promise<ParityReport> {
  const rtol = c.rtol ?? 1e-4;
  const atol = c.atol ?? 1e-6;
  c.inputs.forEach((inp, i) => {
    if (!inp || !Array.isArray(inp.shape) || inp.data.length !== sizeOfShape(inp.shape)) throw new InvalidInputError(`checkParity: inputs[${i}] must be { data, shape } with data of the shape's size`);
  });
  const sd0 = c.reference.stateDict();
  const ref = runReference(c as unknown as ParityCase<R, AnyTfModule>, sd0);
  const original = (await getTf()).backend;
  const backends = c.backends ?? (await availableBackends());
  const results: BackendParity[] = [];
  try {
    for (const b of backends) {
      const { tf } = await setBackend(b);
      const before = tf.memory().numTensors;
      const twin = runTwin(tf, c as unknown as ParityCase<AnyModule, T>, sd0, ref);
      const leaked = tf.memory().numTensors - before;
      const comparisons = [compare('output', twin.output, ref.output, rtol, atol)];
      for (const [k, gr] of ref.grads) comparisons.push(compare(`grad:${k}`, twin.grads.get(k) ?? new Float32Array(0), gr, rtol, atol));
      for (const [k, e] of Object.entries(ref.state)) comparisons.push(compare(`state:${k}`, twin.state[k]?.data ?? new Float64Array(0), e.data, rtol, atol));
      const worstRelError = Math.max(0, ...comparisons.map((x) => x.relError));
      results.push({ backend: b, comparisons, leaked, worstRelError, passed: leaked === 0 && comparisons.every((x) => x.passed) });
    }
  } finally {
    await setBackend(original);
  }
  return { backends: results, worstRelError: Math.max(0, ...results.map((r) => r.worstRelError)), passed: results.every((r) => r.passed) };
}

/** {@link checkParity}, throwing a readable report naming every failing tensor and backend. */
export async function expectParity<R extends AnyModule, T extends AnyTfModule>(c: ParityCase<R, T>): Promise<ParityReport> {
  const r = await checkParity(c);
  if (!r.passed) {
    const lines: string[] = [];
    for (const b of r.backends) {
      if (b.leaked) lines.push(`  ${b.backend}: leaked ${b.leaked} tensor(s)`);
      for (const x of b.comparisons) if (!x.passed) lines.push(`  ${b.backend} ${x.name}: maxAbsError ${x.maxAbsError.toExponential(3)}, relError ${x.relError.toExponential(3)}`);
    }
    throw new CloseAssertionError(`parity of ${c.reference.name} failed (|a-b|inf <= ${c.rtol ?? 1e-4}*|b|inf + ${c.atol ?? 1e-6}):\n${lines.join('\n')}`);
  }
  for (const b of r.backends) recordAgreement({ check: 'parity', module: c.reference.name, backend: b.backend, value: b.worstRelError });
  return r;
}
