/**
 * Twin optimiser layouts head to head (suite `level3-deep-optim`).
 *
 * One optimiser step on the parameter set of the W6 transformer (vocab 65, d_model 128, 2 layers,
 * FFN 512, context 64: 30 tensors, 421,697 values, nanoGPT's layout with a fused qkv projection),
 * with fixed seeded gradients, on every backend that loads:
 * - `flat`: TfAdamW with one concatenated (n,) moment buffer (concat → one update → split → assign);
 * - `perParam`: TfAdamW with per-variable buffers and the update per variable;
 * - each again with clipping to a global norm of 1 inside the step (one scalar read);
 * - peer: tfjs's own `tf.train.adam` (per variable, no weight decay) on the same gradients.
 * Unit: steps/s, timed interleaved (see below). Alongside, `ops/...` records the kernels one step
 * dispatches (`tf.profile`).
 *
 * Run: `cd packages/level3-deep && npx vitest run --config vitest.bench.config.ts bench/optim.bench.ts`
 * @see ../../../docs/level3-deep/training.md
 */
import { Rng } from '@fpml/core';
import { benchSuite } from '@fpml/core/testing';
import { availableBackends, getTf, setBackend, type BackendName, type Tf } from '@fpml/core/tf';
import { it } from 'vitest';
import type { TfTensor, Variable } from '../src/nn/tf-module.js';
import { TfAdamW } from '../src/train/tf-adam.js';
import type { TfLayout } from '../src/train/tf-optimizer.js';

const suite = benchSuite('level3-deep-optim');
const { tf } = await getTf();
const backends = await availableBackends();

/** W6 parameter shapes (nanoGPT layout, fused qkv, tied head not assumed). */
function w6Shapes(V = 65, D = 128, L = 2, F = 512, T = 64): number[][] {
  const s: number[][] = [[V, D], [T, D]];
  for (let l = 0; l < L; l++) s.push([D], [D], [3 * D, D], [3 * D], [D, D], [D], [D], [D], [F, D], [F], [D, F], [D]);
  s.push([D], [D], [V, D], [V]);
  return s;
}
const SHAPES = w6Shapes();
const N = SHAPES.reduce((a, s) => a + s.reduce((p, q) => p * q, 1), 0);

function randn(t: Tf, shape: number[], rng: Rng, scale: number): TfTensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return t.tensor(Float32Array.from({ length: n }, () => scale * rng.standardNormal()), shape);
}

interface Setup {
  vars: Variable[];
  grads: TfTensor[];
  named: Record<string, TfTensor>;
  free(): void;
}
function setup(t: Tf): Setup {
  const rng = new Rng(20240613);
  const vars = SHAPES.map((s) => t.tidy(() => t.variable(randn(t, s, rng, 0.02))));
  const grads = SHAPES.map((s) => randn(t, s, rng, 1e-3));
  const named = Object.fromEntries(vars.map((v, i) => [v.name, grads[i]!]));
  return { vars, grads, named, free: () => t.dispose([...vars, ...grads]) };
}

/** Kernels one call of `f` dispatches. */
async function opCount(t: Tf, f: () => void): Promise<number> {
  const info = await t.profile(() => {
    f();
    return [] as never;
  });
  return info.kernels.length;
}

/** Median of a sample. */
const median = (xs: number[]) => {
  const a = [...xs].sort((x, y) => x - y);
  return a.length % 2 ? a[a.length >> 1]! : (a[a.length / 2 - 1]! + a[a.length / 2]!) / 2;
};

const order = (['tensorflow', 'wasm', 'cpu'] as const).filter((b) => backends.includes(b as BackendName)) as BackendName[];
const VARIANTS: { name: string; layout: TfLayout | null; clip: boolean }[] = [
  { name: 'tfjs-adam', layout: null, clip: false },
  { name: 'adamw-flat', layout: 'flat', clip: false },
  { name: 'adamw-perParam', layout: 'perParam', clip: false },
  { name: 'adamw-flat-clip', layout: 'flat', clip: true },
  { name: 'adamw-perParam-clip', layout: 'perParam', clip: true },
];

// The machine is shared: time the variants interleaved (round r runs every variant for K steps,
// in a rotated order) and report each one's median seconds per step over the rounds, so load
// changes hit all of them alike.
for (const backend of order) {
  it(`optim-w6 on ${backend}`, async () => {
    await setBackend(backend);
    const s = setup(tf);
    const peer = tf.train.adam(1e-3);
    const run = VARIANTS.map((v) => {
      if (v.layout === null) return { v, opt: null, step: () => peer.applyGradients(s.named as never) };
      const opt = new TfAdamW(tf, s.vars, { lr: 1e-3, weightDecay: 0.1, layout: v.layout });
      return { v, opt, step: () => void opt.step(s.grads, v.clip ? { maxGradNorm: 1 } : {}) };
    });
    const slow = backend === 'cpu';
    const [rounds, K] = slow ? [3, 2] : [9, 5];
    for (const r of run) for (let i = 0; i < 3; i++) r.step(); // warm-up, creates the state
    const times = run.map(() => [] as number[]);
    for (let round = 0; round < rounds; round++) {
      for (let j = 0; j < run.length; j++) {
        const k = (j + round) % run.length;
        const t0 = process.hrtime.bigint();
        for (let i = 0; i < K; i++) run[k]!.step();
        times[k]!.push(Number(process.hrtime.bigint() - t0) / 1e9 / K);
      }
    }
    const peerValue = 1 / median(times[0]!);
    run.forEach((r, k) => {
      const id = `optim-w6/${r.v.name}/${backend}`;
      suite.record({ id, unit: 'steps/s', value: 1 / median(times[k]!), n: rounds * K, ...(k ? { peer: { name: `optim-w6/tfjs-adam/${backend}`, value: peerValue } } : {}) });
    });
    for (const r of run) suite.record({ id: `ops/optim-w6/${r.v.name}/${backend}`, unit: 'kernels/step', value: await opCount(tf, r.step), n: 1 });
    suite.record({ id: `params/optim-w6/${backend}`, unit: 'values', value: N, n: SHAPES.length });
    for (const r of run) r.opt?.dispose();
    peer.dispose();
    s.free();
  }, 600_000);
}
