/**
 * Backend parity: the same small ops, forward and gradient, on every backend that loads here
 * (tensorflow, wasm, cpu), held to float32 tolerance against (1) a float64 reference written
 * in plain JS (forward) and float64 central differences of it (gradient), and (2) the cpu
 * backend. Gradients are of L = Σ g ⊙ f(inputs) for a fixed random g. Every run is wrapped
 * in expectNoTensorLeak.
 */
import type { Tensor } from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { Rng } from '../rng/rng.js';
import { erf } from '../rng/special.js';
import { expectClose } from '../testing/close.js';
import { expectNoTensorLeak } from '../testing/tensor-leak.js';
import type { Tf } from './backends.js';
import { availableBackends, setBackend, type BackendName } from './resolver.js';
import { conv2dRef, gatherRef, layerNormRef, matMulRef, mlpLossRef, softmaxRef } from './parity.reference.js';

const backends = await availableBackends();
const TOL = { rtol: 1e-4, atol: 2e-5 };
let varCount = 0;

interface Case {
  name: string;
  shapes: number[][];
  /** Inputs held constant (no gradient), e.g. integer indices. */
  consts?: { values: number[]; shape: number[]; dtype: 'int32' }[];
  /** Draw inputs away from 0 (kinks, e.g. relu). */
  awayFromZero?: boolean;
  tf: (tf: Tf, xs: Tensor[], consts: Tensor[]) => Tensor;
  ref: (xs: Float64Array[]) => { values: Float64Array; shape: number[] };
}

const IDX = { values: [3, 0, 3, 1, 4, 0], shape: [2, 3], dtype: 'int32' as const };
const gelu = (x: number) => 0.5 * x * (1 + erf(x / Math.SQRT2));
const geluTanh = (x: number) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));
const map = (f: (v: number) => number) => (xs: Float64Array[], shape: number[]) => ({ values: xs[0]!.map(f), shape });

const CASES: Case[] = [
  ...([[false, false], [true, false], [false, true], [true, true]] as const).map(([tA, tB]): Case => ({
    name: `matMul transposeA=${tA} transposeB=${tB}`,
    shapes: [tA ? [4, 3] : [3, 4], tB ? [5, 4] : [4, 5]],
    tf: (tf, [a, b]) => tf.matMul(a!, b!, tA, tB),
    ref: ([a, b]) => matMulRef(a!, tA ? [4, 3] : [3, 4], b!, tB ? [5, 4] : [4, 5], tA, tB),
  })),
  {
    name: 'conv2d same, stride 1 (+ input and filter gradients)',
    shapes: [[2, 5, 5, 3], [3, 3, 3, 4]],
    tf: (tf, [x, w]) => tf.conv2d(x as never, w as never, 1, 'same'),
    ref: ([x, w]) => conv2dRef(x!, [2, 5, 5, 3], w!, [3, 3, 3, 4], [1, 1], 'same'),
  },
  {
    name: 'conv2d valid, stride 2 (+ input and filter gradients)',
    shapes: [[1, 7, 6, 2], [3, 2, 2, 3]],
    tf: (tf, [x, w]) => tf.conv2d(x as never, w as never, 2, 'valid'),
    ref: ([x, w]) => conv2dRef(x!, [1, 7, 6, 2], w!, [3, 2, 2, 3], [2, 2], 'valid'),
  },
  {
    name: 'gather rows (embedding lookup) + its gradient',
    shapes: [[5, 4]],
    consts: [IDX],
    tf: (tf, [table], [idx]) => tf.gather(table!, idx!),
    ref: ([t]) => gatherRef(t!, [5, 4], IDX.values, IDX.shape),
  },
  { name: 'softmax', shapes: [[3, 6]], tf: (tf, [x]) => tf.softmax(x!), ref: ([x]) => softmaxRef(x!, [3, 6], false) },
  { name: 'logSoftmax', shapes: [[3, 6]], tf: (tf, [x]) => tf.logSoftmax(x!), ref: ([x]) => softmaxRef(x!, [3, 6], true) },
  {
    name: 'layer norm (moments over the last axis, gain, bias)',
    shapes: [[4, 6], [6], [6]],
    tf: (tf, [x, g, b]) => {
      const { mean, variance } = tf.moments(x!, -1, true);
      return x!.sub(mean).div(variance.add(1e-5).sqrt()).mul(g!).add(b!);
    },
    ref: ([x, g, b]) => layerNormRef(x!, [4, 6], g!, b!, 1e-5),
  },
  { name: 'relu', shapes: [[4, 5]], awayFromZero: true, tf: (tf, [x]) => tf.relu(x!), ref: (xs) => map((v) => Math.max(v, 0))(xs, [4, 5]) },
  { name: 'tanh', shapes: [[4, 5]], tf: (tf, [x]) => tf.tanh(x!), ref: (xs) => map(Math.tanh)(xs, [4, 5]) },
  {
    name: 'gelu (erf form)',
    shapes: [[4, 5]],
    tf: (tf, [x]) => x!.mul(0.5).mul(tf.erf(x!.div(Math.SQRT2)).add(1)),
    ref: (xs) => map(gelu)(xs, [4, 5]),
  },
  {
    name: 'gelu (tanh form)',
    shapes: [[4, 5]],
    tf: (tf, [x]) => x!.mul(0.5).mul(tf.tanh(x!.add(x!.pow(3).mul(0.044715)).mul(Math.sqrt(2 / Math.PI))).add(1)),
    ref: (xs) => map(geluTanh)(xs, [4, 5]),
  },
];

/** Seeded inputs and output weights g for a case (same on every backend). */
function data(c: Case, seed: number) {
  const rng = new Rng(seed);
  const draw = () => {
    const u = rng.next() * 2 - 1;
    return c.awayFromZero ? Math.sign(u) * (0.1 + Math.abs(u)) : u;
  };
  const xs = c.shapes.map((s) => Float64Array.from({ length: s.reduce((a, b) => a * b, 1) }, draw));
  const out = c.ref(xs);
  const g = Float64Array.from({ length: out.values.length }, () => rng.next() * 2 - 1);
  return { xs, g, out };
}

/** Forward values and dL/dx_i of L = Σ g ⊙ f(x) on one backend, as plain arrays. */
async function onBackend(backend: BackendName, c: Case, xs: Float64Array[], g: Float64Array) {
  const { tf } = await setBackend(backend);
  return expectNoTensorLeak(async () => {
    const inputs = xs.map((x, i) => tf.tensor(Float32Array.from(x), c.shapes[i]));
    const consts = (c.consts ?? []).map((k) => tf.tensor(k.values, k.shape, k.dtype));
    const y = tf.tidy(() => c.tf(tf, inputs, consts));
    const gt = tf.tensor(Float32Array.from(g), y.shape);
    const grads = tf.grads((...ts: Tensor[]) => c.tf(tf, ts, consts).mul(gt).sum())(inputs);
    const result = { y: await y.data(), shape: y.shape, grads: await Promise.all(grads.map((d) => d.data())) };
    tf.dispose([...inputs, ...consts, y, gt, ...grads]);
    return result;
  }, { tf, label: `${c.name} on ${backend}` });
}

/** float64 central differences of L = Σ g ⊙ ref(x) with respect to every input element. */
function numericGrads(c: Case, xs: Float64Array[], g: Float64Array, h = 1e-6): Float64Array[] {
  const loss = () => c.ref(xs).values.reduce((s, v, i) => s + v * g[i]!, 0);
  return xs.map((x) =>
    x.map((v, j) => {
      x[j] = v + h;
      const up = loss();
      x[j] = v - h;
      const down = loss();
      x[j] = v;
      return (up - down) / (2 * h);
    }),
  );
}

describe.each(backends)('parity on %s', (backend) => {
  it.each(CASES)('$name: forward and gradient match float64 and the cpu backend', async (c) => {
    const { xs, g, out } = data(c, 2024);
    const got = await onBackend(backend, c, xs, g);
    expect(got.shape).toEqual(out.shape);
    expectClose(got.y, out.values, { ...TOL, name: `${c.name} forward vs float64` });
    const num = numericGrads(c, xs, g);
    got.grads.forEach((d, i) => expectClose(d, num[i], { ...TOL, name: `${c.name} d/dx${i} vs float64` }));
    if (backend !== 'cpu') {
      const cpu = await onBackend('cpu', c, xs, g);
      expectClose(got.y, cpu.y, { ...TOL, name: `${c.name} forward vs cpu` });
      got.grads.forEach((d, i) => expectClose(d, cpu.grads[i], { ...TOL, name: `${c.name} d/dx${i} vs cpu` }));
    }
  });

  it('one SGD step of a 2-layer MLP (softmax cross-entropy, variableGrads) matches float64 and cpu', async () => {
    const rng = new Rng(99);
    const u = (n: number, s = 1) => Float64Array.from({ length: n }, () => (rng.next() * 2 - 1) * s);
    const shapes = { x: [8, 5], w1: [5, 6], b1: [6], w2: [6, 3], b2: [3] };
    const p0 = { x: u(40), w1: u(30, 0.5), b1: u(6, 0.1), w2: u(18, 0.5), b2: u(3, 0.1) };
    const labels = [0, 2, 1, 1, 0, 2, 2, 1];
    const lr = 0.5;
    const step = async (b: BackendName) => {
      const { tf } = await setBackend(b);
      return expectNoTensorLeak(async () => {
        const x = tf.tensor(Float32Array.from(p0.x), shapes.x);
        const y = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), 3));
        const vars = tf.tidy(() =>
          (['w1', 'b1', 'w2', 'b2'] as const).map((k) =>
            tf.variable(tf.tensor(Float32Array.from(p0[k]), shapes[k]), true, `mlp-${k}-${b}-${++varCount}`),
          ),
        );
        const [w1, b1, w2, b2] = vars as unknown as [Tensor, Tensor, Tensor, Tensor];
        const { value, grads } = tf.variableGrads(() =>
          tf.losses.softmaxCrossEntropy(y, tf.relu(x.matMul(w1).add(b1)).matMul(w2).add(b2)).asScalar(),
        );
        tf.tidy(() => vars.forEach((v) => v.assign(v.sub(grads[v.name]!.mul(lr)))));
        const out = { loss: (await value.data())[0]!, params: await Promise.all(vars.map((v) => v.data())) };
        tf.dispose([x, y, value, ...Object.values(grads), ...vars]);
        return out;
      }, { tf, label: `MLP step on ${b}` });
    };
    const got = await step(backend);
    // float64 reference: loss, central-difference gradients, the same update.
    const params = [p0.w1, p0.b1, p0.w2, p0.b2].map((p) => Float64Array.from(p));
    const loss = () => mlpLossRef(p0.x, [8, 5], params, labels);
    expect(got.loss).toBeCloseTo(loss(), 5);
    const h = 1e-6;
    const updated = params.map((p) =>
      p.map((v, j) => {
        p[j] = v + h;
        const up = loss();
        p[j] = v - h;
        const down = loss();
        p[j] = v;
        return v - (lr * (up - down)) / (2 * h);
      }),
    );
    got.params.forEach((p, i) => expectClose(p, updated[i], { ...TOL, name: `MLP param ${i} after one step vs float64` }));
    if (backend !== 'cpu') {
      const cpu = await step('cpu');
      got.params.forEach((p, i) => expectClose(p, cpu.params[i], { ...TOL, name: `MLP param ${i} vs cpu` }));
    }
  });
});

describe('backends available for parity', () => {
  it('include tensorflow, wasm and cpu on this machine (after pnpm install)', () => {
    expect(backends, 'run `node scripts/setup-native-tf.mjs` if tensorflow is missing').toEqual(['tensorflow', 'wasm', 'cpu']);
  });
});
