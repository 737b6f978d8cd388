/**
 * W6: training throughput (tokens/s) of a decoder-only char transformer, vocab 65, d_model 128,
 * 4 heads, 2 pre-LN layers, FFN 512, context 64, batch 32, Adam (lr 1e-3), in one run:
 * - PyTorch 1.13 (bench/peers/w6_torch.py, one thread: OMP_NUM_THREADS=1, torch.set_num_threads(1)),
 *   run before and after the tensorflow runs; ratios use the faster of the two (on a shared
 *   machine load drifts; the faster run is the conservative peer); skipped with a note when
 *   /usr/bin/python3 with torch is missing; and once with two threads (OMP_NUM_THREADS=2,
 *   torch.set_num_threads(2)), so a run with two libtensorflow threads has its like-for-like peer
 *   and the best configuration of each is compared in the same run;
 * - plain tfjs (bench/plain-gpt.ts): the model as a typical tfjs user writes it, straight tf ops
 *   with `optimizer.minimize` (variableGrads + tf.train.adam);
 * - `TfGpt` (src/attention/gpt.ts, the library's twin; GPT-2 init, no head bias) with
 *   `tf.train.adam` through `minimize` and its `loss` (custom cross-entropy gradient);
 * - `FastGptTrainer` (src/lm/fast-step.ts): the same maths in fewer kernels (flat θ + flat Adam,
 *   2-D activations, embeddings as one matmul, closed-form LayerNorm/GELU/CE backward);
 * - `GraphGptTrainer` (src/lm/graph-step.ts): fast's maths with the backward written out by hand,
 *   the whole step (forward, backward, Adam) one libtensorflow graph run as one session call per
 *   step (tensorflow backend only: graph sessions are tfjs-node's);
 * on the native `tensorflow` backend, then wasm and cpu with fewer steps.
 *
 * Threads: libtensorflow is pinned to one intra-op and one inter-op thread
 * (TF_NUM_INTRAOP_THREADS=1, TF_NUM_INTEROP_THREADS=1, set before tfjs-node loads unless the caller
 * set them) so the comparison is one core against PyTorch's one core; the CPU time per step is
 * recorded next to the wall time to show it (CPU ≈ wall means one busy thread).
 *
 * Data: token ids uniform in [0, 65) from core's Rng(6), 8 batches pre-built as int32 tensors
 * (the pipeline, BatchSampler + upload, is timed separately in the profile). A step is
 * forward + backward + Adam + reading the loss back.
 *
 * Profile (tensorflow): kernels per step (tf.profile), forward / forward+backward / full step of
 * each tfjs variant, the time of one tiny kernel (dispatch floor), the BatchMatMul share.
 *
 * Run: cd packages/level3-deep && npx vitest run --config vitest.bench.config.ts bench/w6.bench.ts
 */
process.env['TF_NUM_INTRAOP_THREADS'] ??= '1';
process.env['TF_NUM_INTEROP_THREADS'] ??= '1';

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '@fpml/core';
import { benchSuite } from '@fpml/core/testing';
import { availableBackends, getTf, setBackend, type BackendName, type Tf } from '@fpml/core/tf';
import type { Tensor } from '@tensorflow/tfjs';
import { afterAll, it } from 'vitest';
import { TfGpt } from '../src/attention/gpt.js';
import { BatchSampler } from '../src/lm/data.js';
import { FastGptTrainer } from '../src/lm/fast-step.js';
import { GraphGptTrainer } from '../src/lm/graph-step.js';
import { createPlainGpt, W6 } from './plain-gpt.js';

const B = 32, T = 64, TOKENS = B * T, SEED = 6;
const PYTHON = '/usr/bin/python3';
const PEER = join(dirname(fileURLToPath(import.meta.url)), 'peers/w6_torch.py');
const suite = benchSuite('level3-w6');
const notes: string[] = [];
const profile: string[] = [];
const cpuMs: Record<string, number> = {};
const TORCH = 'W6/gpt-train/pytorch-1thread';
const TORCH_AFTER = 'W6/gpt-train/pytorch-1thread-after';
const TORCH_2T = 'W6/gpt-train/pytorch-2threads';

/** One step function per variant, built on the active backend; `dispose` frees everything. */
interface Variant { step(x: Tensor, y: Tensor): Tensor; dispose(): void; kernels?: number }

async function makeVariant(tf: Tf, kind: Kind): Promise<Variant> {
  if (kind === 'plain') return createPlainGpt(tf, W6, SEED);
  if (kind === 'graph') {
    const g = await GraphGptTrainer.create(tf, W6, { rng: SEED }, B, T);
    return { step: (x, y) => g.step(x, y), dispose: () => g.dispose() };
  }
  if (kind === 'fast') {
    const f = new FastGptTrainer(tf, W6, { rng: SEED });
    return { step: (x, y) => f.step(x, y), dispose: () => f.dispose() };
  }
  const m = new TfGpt(tf, { vocabSize: W6.vocab, contextLength: W6.context, dModel: W6.dModel, nHeads: W6.nHead, nLayers: W6.nLayer, dFF: W6.dFf, seed: SEED });
  const opt = tf.train.adam(1e-3);
  const params = m.parameters();
  return {
    step: (x, y) => opt.minimize(() => m.loss(x, y).asScalar(), true, params)!,
    dispose: () => { m.dispose(); opt.dispose(); },
  };
}

function batches(tf: Tf): { x: Tensor; y: Tensor }[] {
  const rng = new Rng(SEED);
  const stream = Int32Array.from({ length: 20_000 }, () => rng.int(W6.vocab));
  const sampler = new BatchSampler(stream, { batchSize: B, context: T, rng: SEED });
  return Array.from({ length: 8 }, () => {
    const b = sampler.next();
    return { x: tf.tensor2d(b.x, [B, T], 'int32'), y: tf.tensor2d(b.y, [B, T], 'int32') };
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

/** Run the PyTorch peer once with `threads` threads; record it under `id`. One thread before and after the tensorflow runs (load on a shared machine drifts), two once. */
function torchPeer(id: string, threads = 1): void {
  const ok = existsSync(PYTHON) && (() => {
    try { execFileSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }); return true; } catch { return false; }
  })();
  if (!ok) {
    notes.push(`PyTorch peer skipped: ${PYTHON} with torch not found`);
    return;
  }
  const n = String(threads);
  const env = { ...process.env, OMP_NUM_THREADS: n, OPENBLAS_NUM_THREADS: n, MKL_NUM_THREADS: n };
  const out = JSON.parse(execFileSync(PYTHON, [PEER, '5', '30', n], { env, encoding: 'utf8' })) as {
    torch: string; threads: number; params: number; stepMedian: number; cpuMedian: number; steps: number; tokensPerSecond: number;
    profile: { forward: number; backward: number; optimizer: number };
  };
  suite.record({ id, unit: 'tokens/s', value: out.tokensPerSecond, n: out.steps });
  cpuMs[id] = 1000 * out.cpuMedian;
  const p = out.profile;
  notes.push(`${id}: PyTorch ${out.torch}, ${out.threads} thread(s), ${out.params} parameters, step ${(1000 * out.stepMedian).toFixed(1)} ms wall, ${(1000 * out.cpuMedian).toFixed(1)} ms CPU`);
  profile.push(`pytorch (${id}): forward ${(1000 * p.forward).toFixed(1)} ms, backward ${(1000 * p.backward).toFixed(1)} ms, Adam ${(1000 * p.optimizer).toFixed(1)} ms (median per phase)`);
}

it('PyTorch 1.13 peer by Python subprocess (one thread), before', () => torchPeer(TORCH), 600_000);

const KINDS = ['plain', 'tfgpt', 'fast', 'graph'] as const;
type Kind = (typeof KINDS)[number];
const ITERS: Record<BackendName, { warmup: number; minIters: number; minTimeMs: number }> = {
  tensorflow: { warmup: 3, minIters: 15, minTimeMs: 3000 },
  wasm: { warmup: 1, minIters: 3, minTimeMs: 0 },
  cpu: { warmup: 1, minIters: 1, minTimeMs: 0 },
};

for (const backend of ['tensorflow', 'wasm', 'cpu'] as const) {
  for (const kind of KINDS) {
    if (kind === 'graph' && backend !== 'tensorflow') continue; // graph sessions are tfjs-node's
    const id = `W6/gpt-train/${kind}/${backend}`;
    let tf: Tf, v: Variant | null = null, data: { x: Tensor; y: Tensor }[] = [], k = 0, cpu: number[] = [];
    suite.workload({
      id, unit: 'tokens/s', work: TOKENS, ...ITERS[backend], peerOf: TORCH,
      setup: async () => {
        if (!(await availableBackends()).includes(backend)) throw new Error(`backend ${backend} unavailable`);
        tf = (await setBackend(backend)).tf;
        v = await makeVariant(tf, kind);
        data = batches(tf);
      },
    }, () => {
      const { x, y } = data[k++ % data.length]!;
      const c0 = process.cpuUsage();
      const loss = v!.step(x, y);
      loss.dataSync();
      loss.dispose();
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
    });
    it(`${id}: profile and cleanup`, async () => {
      if (v === null) return;
      cpuMs[id] = median(cpu);
      if (backend === 'tensorflow' && kind === 'graph') profile.push(`graph: one TF_SessionRun per step (its ops run inside libtensorflow, invisible to tf.profile); median CPU ${cpuMs[id]!.toFixed(1)} ms per step`);
      else if (backend === 'tensorflow') {
        const { x, y } = data[0]!;
        const p = await tf.profile(() => { tf.dispose(v!.step(x, y)); });
        const mm = p.kernels.filter((q) => q.name === 'BatchMatMul').reduce((s, q) => s + (Number(q.kernelTimeMs) || 0), 0);
        const all = p.kernels.reduce((s, q) => s + (Number(q.kernelTimeMs) || 0), 0);
        profile.push(`${kind}: ${p.kernels.length} kernels per step; BatchMatMul ${(100 * mm / all).toFixed(0)}% of the profiled kernel time; median CPU ${cpuMs[id]!.toFixed(1)} ms per step`);
      }
      v.dispose();
      tf.dispose(data.flatMap((d) => [d.x, d.y]));
      v = null;
      cpu = [];
    }, 600_000);
  }
  if (backend === 'tensorflow') {
    it('PyTorch 1.13 peer again, after the tensorflow runs', () => torchPeer(TORCH_AFTER), 600_000);
    it('PyTorch 1.13 peer with two threads', () => torchPeer(TORCH_2T, 2), 600_000);
  }
}

it('profile (tensorflow): phases of each tfjs variant, dispatch floor, data pipeline, graph-vs-fast agreement', async () => {
  const { tf } = await setBackend('tensorflow');
  const data = batches(tf);
  const { x, y } = data[0]!;
  const time = (f: () => void, n = 7) => { f(); return median(Array.from({ length: n }, () => { const t = performance.now(); f(); return performance.now() - t; })); };
  const plain = createPlainGpt(tf, W6, SEED);
  const fast = new FastGptTrainer(tf, W6, { rng: SEED });
  const gpt = new TfGpt(tf, { vocabSize: 65, seed: SEED });
  const fwd: Record<string, () => Tensor> = { plain: () => plain.loss(x, y), fast: () => fast.loss(x, y), tfgpt: () => gpt.loss(x, y) };
  const vars: Record<string, Tensor[]> = { plain: plain.params, fast: [fast.theta], tfgpt: gpt.parameters() };
  for (const k of ['plain', 'tfgpt', 'fast']) {
    const f = time(() => tf.tidy(() => { fwd[k]!().dataSync(); }));
    const fb = time(() => tf.tidy(() => { const { value, grads } = tf.variableGrads(fwd[k] as never, vars[k] as never); value.dataSync(); for (const g of Object.values(grads)) g.dataSync(); }));
    profile.push(`${k}: forward ${f.toFixed(1)} ms, forward+backward ${fb.toFixed(1)} ms (backward ≈ ${(fb - f).toFixed(1)} ms)`);
  }
  const s = tf.randomNormal([128]), r = tf.randomNormal([16, 8]);
  const tiny = time(() => { for (let i = 0; i < 1000; i++) tf.tidy(() => tf.add(s, s)); }) ;
  const reshape = time(() => { for (let i = 0; i < 1000; i++) tf.tidy(() => tf.reshape(r, [128])); });
  const bare = time(() => { for (let i = 0; i < 1000; i++) tf.add(s, s).dispose(); });
  profile.push(`dispatch: one tiny kernel (add of 128 floats) ${tiny.toFixed(1)} µs in its own tidy, ${bare.toFixed(1)} µs without; one Reshape ${reshape.toFixed(1)} µs (it uploads a shape tensor)`);
  const rng = new Rng(1);
  const stream = Int32Array.from({ length: 20_000 }, () => rng.int(65));
  const sampler = new BatchSampler(stream, { batchSize: B, context: T, rng: 2 });
  const pipe = time(() => { const b = sampler.next(); tf.dispose([tf.tensor2d(b.x, [B, T], 'int32'), tf.tensor2d(b.y, [B, T], 'int32')]); }, 50);
  profile.push(`data pipeline: BatchSampler.next + two int32 uploads ${(1000 * pipe).toFixed(0)} µs per batch`);
  // graph and fast are the same maths: 20 Adam steps from the same seed on the same batches.
  const f2 = new FastGptTrainer(tf, W6, { rng: SEED }), g2 = await GraphGptTrainer.create(tf, W6, { rng: SEED }, B, T);
  let dLoss = 0, lastLoss = 0;
  for (let i = 0; i < 20; i++) {
    const { x: xi, y: yi } = data[i % data.length]!;
    const lf = f2.step(xi, yi), lg = g2.step(xi, yi);
    lastLoss = lf.dataSync()[0]!;
    dLoss = Math.max(dLoss, Math.abs(lastLoss - lg.dataSync()[0]!));
    tf.dispose([lf, lg]);
  }
  const dTheta = tf.tidy(() => tf.max(tf.abs(tf.sub(f2.theta, g2.theta))).dataSync()[0]!);
  profile.push(`graph vs fast, 20 Adam steps from seed ${SEED} on the same batches: max |Δ loss| ${dLoss.toExponential(1)} (loss ${lastLoss.toFixed(4)} at step 20), max |Δ θ| ${dTheta.toExponential(1)}`);
  f2.dispose(); g2.dispose();
  plain.dispose(); fast.dispose(); gpt.dispose();
  tf.dispose([s, r, ...data.flatMap((d) => [d.x, d.y])]);
}, 600_000);

afterAll(() => {
  const get = (id: string) => suite.records.find((r) => r.id === id)?.value;
  const t1 = get(TORCH), t2 = get(TORCH_AFTER);
  const torch = t1 === undefined ? t2 : t2 === undefined ? t1 : Math.max(t1, t2); // the faster PyTorch run: the conservative peer
  const f = (v: number | undefined) => (v === undefined ? 'n/a' : v.toFixed(0));
  const lines = ['| W6 variant | backend | tokens/s | CPU ms/step | vs PyTorch (1 thread) | vs plain tfjs |', '|---|---|---|---|---|---|'];
  for (const backend of ['tensorflow', 'wasm', 'cpu']) {
    const plain = get(`W6/gpt-train/plain/${backend}`);
    for (const kind of KINDS) {
      const id = `W6/gpt-train/${kind}/${backend}`;
      const v = get(id);
      lines.push(`| ${kind} | ${backend} | ${f(v)} | ${cpuMs[id]?.toFixed(1) ?? 'n/a'} | ${v && torch ? (v / torch).toFixed(2) : 'n/a'} | ${v && plain ? (v / plain).toFixed(2) : 'n/a'} |`);
    }
  }
  lines.push(`| PyTorch 1.13, before | 1 thread | ${f(t1)} | ${cpuMs[TORCH]?.toFixed(1) ?? 'n/a'} | | |`);
  lines.push(`| PyTorch 1.13, after | 1 thread | ${f(t2)} | ${cpuMs[TORCH_AFTER]?.toFixed(1) ?? 'n/a'} | | |`);
  const t2t = get(TORCH_2T);
  lines.push(`| PyTorch 1.13 | 2 threads | ${f(t2t)} | ${cpuMs[TORCH_2T]?.toFixed(1) ?? 'n/a'} | ${t2t && torch ? (t2t / torch).toFixed(2) : 'n/a'} | |`);
  notes.push('ratios are against the faster of the two one-thread PyTorch runs');
  const torchBest = Math.max(torch ?? 0, t2t ?? 0);
  for (const kind of ['fast', 'graph'] as const) {
    const v = get(`W6/gpt-train/${kind}/tensorflow`);
    if (v && torchBest > 0) notes.push(`${kind} (tensorflow, this run's libtensorflow threads) vs PyTorch's best configuration in this run (${torchBest === t2t ? '2 threads' : '1 thread'}): ${(v / torchBest).toFixed(2)}`);
  }
  notes.push(`libtensorflow threads: intra-op ${process.env['TF_NUM_INTRAOP_THREADS']}, inter-op ${process.env['TF_NUM_INTEROP_THREADS']}`);
  process.stdout.write(`\n${lines.join('\n')}\n${notes.map((n) => `note: ${n}`).join('\n')}\n${profile.map((n) => `profile: ${n}`).join('\n')}\n`);
});
