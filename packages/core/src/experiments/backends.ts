/**
 * Experiment `backends` (level core): the same float32 work on every tfjs backend that loads.
 *
 * 1. Matrix multiply $C = AB$ for square $n \times n$ inputs; throughput $2n^3 / t$ (FLOP/s),
 *    with $t$ the median of timed repetitions after one warm-up (`await c.data()` forces the
 *    result, so asynchronous backends are timed to completion).
 * 2. A small training job: an MLP $16 \to 32 \to 1$ (tanh) fit to a fixed teacher
 *    $y = \sin(X w_1) + 0.5\cos(X w_2)$ by full-batch Adam on mean squared error, from the SAME
 *    initial weights and data on every backend. Reports steps/s and how far the loss curves
 *    drift apart: float32 backends computing the same maths should agree to ~1e-4 relative.
 */
import { defineExperiment } from '../experiment/define.js';
import { linePlot, barWithErrors } from '../experiment/plots.js';
import type { Rng } from '../rng/rng.js';
import { availableBackends, backendInfo, setBackend, type BackendName, type Tf } from '../tf/resolver.js';

const D_IN = 16;
const HIDDEN = 32;
const N_TRAIN = 256;

function normals(rng: Rng, n: number, scale = 1): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = scale * rng.normal();
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Median seconds of `reps` multiplies of n×n matrices after one warm-up. */
async function timeMatmul(tf: Tf, a: Float32Array, b: Float32Array, n: number, reps: number): Promise<number> {
  const A = tf.tensor2d(a, [n, n]);
  const B = tf.tensor2d(b, [n, n]);
  try {
    const warm = tf.matMul(A, B);
    await warm.data();
    warm.dispose();
    const times: number[] = [];
    for (let r = 0; r < reps; r++) {
      const t0 = process.hrtime.bigint();
      const c = tf.matMul(A, B);
      await c.data();
      times.push(Number(process.hrtime.bigint() - t0) / 1e9);
      c.dispose();
    }
    return median(times);
  } finally {
    A.dispose();
    B.dispose();
  }
}

interface TrainData {
  X: Float32Array; // (N_TRAIN, D_IN)
  y: Float32Array; // (N_TRAIN, 1)
  W1: Float32Array; // (D_IN, HIDDEN)
  W2: Float32Array; // (HIDDEN, 1)
}

function makeTrainData(rng: Rng): TrainData {
  const X = normals(rng, N_TRAIN * D_IN);
  const w1 = normals(rng, D_IN, 1 / Math.sqrt(D_IN));
  const w2 = normals(rng, D_IN, 1 / Math.sqrt(D_IN));
  const y = new Float32Array(N_TRAIN);
  for (let i = 0; i < N_TRAIN; i++) {
    let s1 = 0, s2 = 0;
    for (let j = 0; j < D_IN; j++) {
      s1 += X[i * D_IN + j]! * w1[j]!;
      s2 += X[i * D_IN + j]! * w2[j]!;
    }
    y[i] = Math.sin(s1) + 0.5 * Math.cos(s2);
  }
  // Glorot-normal initial weights, shared by every backend.
  return { X, y, W1: normals(rng, D_IN * HIDDEN, Math.sqrt(2 / (D_IN + HIDDEN))), W2: normals(rng, HIDDEN, Math.sqrt(2 / (HIDDEN + 1))) };
}

/** Train from the shared start; return the loss per step and the seconds per step. */
async function train(tf: Tf, data: TrainData, steps: number, lr: number): Promise<{ losses: number[]; stepSeconds: number[] }> {
  const X = tf.tensor2d(data.X, [N_TRAIN, D_IN]);
  const y = tf.tensor2d(data.y, [N_TRAIN, 1]);
  const W1 = tf.variable(tf.tensor2d(data.W1, [D_IN, HIDDEN]));
  const b1 = tf.variable(tf.zeros([HIDDEN]));
  const W2 = tf.variable(tf.tensor2d(data.W2, [HIDDEN, 1]));
  const b2 = tf.variable(tf.zeros([1]));
  const opt = tf.train.adam(lr);
  const losses: number[] = [];
  const stepSeconds: number[] = [];
  try {
    for (let s = 0; s < steps; s++) {
      const t0 = process.hrtime.bigint();
      const loss = opt.minimize(() => {
        const h = tf.tanh(tf.add(tf.matMul(X, W1), b1)); // (N, HIDDEN)
        const out = tf.add(tf.matMul(h, W2), b2); // (N, 1)
        return tf.losses.meanSquaredError(y, out) as ReturnType<typeof tf.scalar>;
      }, true);
      const v = (await loss!.data())[0]!;
      stepSeconds.push(Number(process.hrtime.bigint() - t0) / 1e9);
      loss!.dispose();
      losses.push(v);
    }
    return { losses, stepSeconds };
  } finally {
    opt.dispose();
    tf.dispose([X, y, W1, b1, W2, b2]);
  }
}

export default defineExperiment({
  name: 'backends',
  level: 'core',
  objective: 'Measure matmul throughput and a small training job on every available tfjs backend, and check they agree.',
  params: { sizes: [128, 256, 512, 1024], reps: 5, steps: 200, lr: 0.01, backends: ['tensorflow', 'wasm', 'cpu'] },
  quick: { sizes: [64, 128, 256], reps: 3, steps: 40 },
  paramDocs: { sizes: 'square matmul sizes n', reps: 'timed repetitions per size', steps: 'Adam steps of the training job', lr: 'Adam learning rate', backends: 'backends to try (those that load are used)' },
  async run(ctx) {
    const { tf } = await ctx.tf();
    const loadable = await availableBackends();
    const backends = loadable.filter((b) => (ctx.params.backends as string[]).includes(b));
    const { sizes, reps, steps, lr } = ctx.params;
    ctx.setup('model', `matmul of n×n float32 matrices, n ∈ {${sizes.join(', ')}}; MLP ${D_IN}→${HIDDEN}→1 (tanh) on a fixed sin/cos teacher`);
    ctx.setup('data', `${N_TRAIN} Gaussian inputs in ${D_IN} dimensions and Gaussian matmul operands, drawn once from the run's seed and shared by every backend`);
    ctx.setup('optimisation', `full-batch Adam, lr ${lr}, ${steps} steps, MSE loss; identical initial weights on every backend`);
    ctx.setup('backends', `${backends.join(', ')} (loadable here: ${loadable.join(', ')})`);

    const operands = new Map(sizes.map((n) => [n, { a: normals(ctx.rng, n * n), b: normals(ctx.rng, n * n) }]));
    const data = makeTrainData(ctx.rng);
    const gflopRows: { size: number; gflops: number; backend: string }[] = [];
    const lossRows: { step: number; loss: number; backend: string }[] = [];
    const speed: { group: string; mean: number; std: number }[] = [];
    const finals = new Map<BackendName, number>();
    const curves = new Map<BackendName, number[]>();
    const before = (await backendInfo()).name;

    ctx.progress.start(backends.length * (sizes.length + 1), 'backends');
    try {
      for (const backend of backends) {
        await setBackend(backend);
        for (const n of sizes) {
          const { a, b } = operands.get(n)!;
          const t = await timeMatmul(tf, a, b, n, reps);
          const gflops = (2 * n ** 3) / t / 1e9;
          gflopRows.push({ size: n, gflops, backend });
          ctx.metric(`gflops_${backend}_${n}`, gflops, 'GFLOP/s');
          ctx.log({ phase: 'matmul', backend, size: n, seconds: t, gflops });
          ctx.progress.tick(1, { backend, n, gflops });
        }
        const { losses, stepSeconds } = await train(tf, data, steps, lr);
        losses.forEach((loss, step) => lossRows.push({ step, loss, backend }));
        for (let s = 0; s < losses.length; s++) ctx.log({ phase: 'train', backend, step: s, loss: losses[s]!, seconds: stepSeconds[s]! });
        // Steps/s over chunks of 10 steps (after the first, which pays for kernel set-up): mean ± std.
        const chunks: number[] = [];
        for (let s = 1; s + 10 <= stepSeconds.length; s += 10) chunks.push(10 / stepSeconds.slice(s, s + 10).reduce((x, y) => x + y, 0));
        const mean = chunks.reduce((x, y) => x + y, 0) / Math.max(1, chunks.length);
        const std = chunks.length > 1 ? Math.sqrt(chunks.reduce((x, c) => x + (c - mean) ** 2, 0) / (chunks.length - 1)) : 0;
        speed.push({ group: backend, mean, std });
        ctx.metric(`stepsPerSec_${backend}`, mean, 'steps/s');
        ctx.metric(`finalLoss_${backend}`, losses[losses.length - 1]!, 'MSE');
        finals.set(backend, losses[losses.length - 1]!);
        curves.set(backend, losses);
        ctx.progress.tick(1, { backend, loss: losses[losses.length - 1]! });
      }
    } finally {
      await setBackend(before);
    }

    // Agreement: the largest relative gap of any backend's loss curve from the reference backend's.
    const ref = backends.includes('cpu') ? 'cpu' : backends[0]!;
    let maxRel = 0;
    for (const [b, curve] of curves) {
      if (b === ref) continue;
      const refCurve = curves.get(ref)!;
      for (let s = 0; s < curve.length; s++) maxRel = Math.max(maxRel, Math.abs(curve[s]! - refCurve[s]!) / Math.abs(refCurve[s]!));
    }
    ctx.metric('maxRelLossGap', maxRel);
    // Per-step gaps, so the overlapping loss curves can be told apart (exact agreement drawn at the floor).
    const GAP_FLOOR = 1e-10;
    const gapRows: { step: number; gap: number; backend: string }[] = [];
    for (const [b, curve] of curves) {
      if (b === ref) continue;
      const refCurve = curves.get(ref)!;
      curve.forEach((l, step) => gapRows.push({ step, gap: Math.max(GAP_FLOOR, Math.abs(l - refCurve[step]!) / Math.abs(refCurve[step]!)), backend: b }));
    }
    ctx.metric('initialLoss', curves.get(ref)![0]!, 'MSE');

    ctx.plot('matmul-gflops', linePlot({ title: 'Float32 matmul throughput by backend', data: gflopRows, x: 'size', y: 'gflops', series: 'backend', xLabel: 'matrix size n (n×n · n×n, log scale)', yLabel: 'GFLOP/s (log scale)', logY: true, logX: true }), `GFLOP/s = 2n³ / median time of ${reps} multiplies after one warm-up, per backend.`);
    ctx.plot('training-loss', linePlot({ title: 'Training loss by backend (same data, same initial weights)', data: lossRows, x: 'step', y: 'loss', series: 'backend', xLabel: 'Adam step', yLabel: 'MSE (log scale)', logY: true }), 'The curves should lie on top of each other: every backend runs the same float32 maths from the same start.');
    if (gapRows.length > 0) {
      ctx.plot('loss-gap', linePlot({ title: `Loss gap to the ${ref} backend, per step`, data: gapRows, x: 'step', y: 'gap', series: 'backend', xLabel: 'Adam step', yLabel: `|loss − loss_${ref}| / loss_${ref} (log scale)`, logY: true }), `Relative gap of each backend's training loss to ${ref}'s at every step (float32 rounding differences, which the criterion bounds by 1e-3); a gap of exactly 0 is drawn at ${GAP_FLOOR}.`);
    }
    ctx.plot('steps-per-second', barWithErrors({ title: 'Training speed by backend', data: speed, xLabel: 'backend', yLabel: 'steps/s (mean ± std over 10-step chunks)' }), 'Full-batch Adam steps per second, mean ± std over chunks of 10 steps (the first step is excluded).');

    const fastest = [...gflopRows].filter((r) => r.size === sizes[sizes.length - 1]).sort((x, y) => y.gflops - x.gflops)[0];
    if (fastest) ctx.observe(`At n = ${fastest.size} the fastest backend is ${fastest.backend} at ${fastest.gflops.toFixed(1)} GFLOP/s.`);
    for (const s of speed) ctx.observe(`${s.group}: ${s.mean.toFixed(1)} ± ${s.std.toFixed(1)} training steps/s; final loss ${finals.get(s.group as BackendName)!.toPrecision(6)}.`);
    ctx.observe(`Largest relative gap between any backend's loss and ${ref}'s, over all steps: ${maxRel.toExponential(2)}.`);
  },
  expect: (m) => ({
    pass: m.maxRelLossGap! < 1e-3 && Object.keys(m).filter((k) => k.startsWith('finalLoss_')).every((k) => m[k]! < m.initialLoss!),
    criterion: 'every backend trains (final loss below the initial loss) and all loss curves agree within 1e-3 relative',
    detail: `largest relative gap ${m.maxRelLossGap!.toExponential(2)}`,
  }),
});
