/**
 * MLP bench: 784-128-10 (ReLU), batch 64, Adam (lr 1e-3), mean cross-entropy, training
 * samples/s, in one run:
 * - PyTorch 1.13 (bench/peers/mlp_torch.py, one thread), skipped with a note without python/torch;
 * - `layers`: our TfLinear → relu → TfLinear with `tf.train.adam` through `minimize` and
 *   `tf.losses.softmaxCrossEntropy` on one-hot labels (how the layers are used by default);
 * - `flat`: the same maths with one flat parameter vector θ (split in the forward pass), one flat
 *   Adam (src/lm/fast-step.ts's update) and the closed-form cross-entropy gradient;
 * - `graph` (tensorflow only): flat's maths, the whole step one libtensorflow graph (src/tfgraph),
 *   one session call per step; the bench checks its losses against flat's;
 * on tensorflow (libtensorflow pinned to one thread, as in bench/w6.bench.ts), wasm and cpu.
 * Data: inputs N(0, 1), labels uniform in [0, 10), 16 batches from core's Rng(0), uploaded once.
 *
 * Run: cd packages/level3-deep && npx vitest run --config vitest.bench.config.ts bench/mlp.bench.ts
 */
process.env['TF_NUM_INTRAOP_THREADS'] ??= '1';
process.env['TF_NUM_INTEROP_THREADS'] ??= '1';

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '@fpml/core';
import { benchSuite } from '@fpml/core/testing';
import { setBackend, type Tf } from '@fpml/core/tf';
import type { Tensor, Variable } from '@tensorflow/tfjs';
import { afterAll, it } from 'vitest';
import { TfLinear } from '../src/layers/linear.js';
import { flatAdamFeeds, flatAdamInputs, flatAdamStep } from '../src/tfgraph/adam.js';
import { GraphBuilder, type Sym } from '../src/tfgraph/builder.js';
import { GraphSession } from '../src/tfgraph/session.js';

const B = 64, D = 784, H = 128, K = 10;
const PYTHON = '/usr/bin/python3';
const PEER = join(dirname(fileURLToPath(import.meta.url)), 'peers/mlp_torch.py');
const suite = benchSuite('level3-mlp');
const notes: string[] = [];
const TORCH = 'MLP/784-128-10-train/pytorch-1thread';

interface Variant { step(x: Tensor, y: Tensor): Tensor; dispose(): void }

function layersVariant(tf: Tf): Variant {
  const fc1 = new TfLinear(tf, D, H, { rng: 0 }), fc2 = new TfLinear(tf, H, K, { rng: 0 });
  const params = [...fc1.parameters(), ...fc2.parameters()];
  const opt = tf.train.adam(1e-3);
  return {
    step: (x, y) => opt.minimize(() => tf.losses.softmaxCrossEntropy(tf.oneHot(y, K), fc2.forward(tf.relu(fc1.forward(x)))).asScalar(), true, params)!,
    dispose: () => { fc1.dispose(); fc2.dispose(); opt.dispose(); },
  };
}

const sizes = [D * H, H, H * K, K];

/** θ = [W1 (D, H), c1, W2 (H, K), c2], PyTorch's Linear init U(±1/√fan_in) from core's Rng(0). */
function initTheta(): Float32Array {
  const rng = new Rng(0);
  const init = new Float32Array(sizes.reduce((a, b) => a + b, 0));
  const b1 = 1 / Math.sqrt(D), b2 = 1 / Math.sqrt(H);
  for (let i = 0; i < D * H + H; i++) init[i] = rng.uniform(-b1, b1);
  for (let i = D * H + H; i < init.length; i++) init[i] = rng.uniform(-b2, b2);
  return init;
}

function flatVariant(tf: Tf): Variant {
  const init = initTheta();
  const theta: Variable = tf.variable(tf.tensor1d(init));
  const m = tf.variable(tf.zerosLike(theta), false), v = tf.variable(tf.zerosLike(theta), false);
  let t = 0;
  const loss = (x: Tensor, y: Tensor) => {
    const [w1, c1, w2, c2] = tf.split(theta, sizes);
    const z = tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(x, tf.reshape(w1!, [D, H])), c1!)), tf.reshape(w2!, [H, K])), c2!); // (B, K)
    const onehot = tf.oneHot(y, K);
    const ce = tf.customGrad(((logits: Tensor, save: (ts: Tensor[]) => void) => {
      const lse = tf.logSumExp(logits, -1, true);
      save([logits, lse, onehot]);
      return { value: tf.mean(tf.sub(lse, tf.sum(tf.mul(logits, onehot), -1, true))), gradFunc: (dy: Tensor, s: Tensor[]) => [tf.mul(tf.sub(tf.exp(tf.sub(s[0]!, s[1]!)), s[2]!), tf.div(dy, B))] };
    }) as never) as (l: Tensor) => Tensor;
    return ce(z).asScalar();
  };
  return {
    step: (x, y) => {
      t++;
      const bc1 = 1 - 0.9 ** t, bc2 = 1 - 0.999 ** t;
      return tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => loss(x, y), [theta]);
        const g = grads[theta.name]!;
        const mm = tf.add(tf.mul(m, 0.9), tf.mul(g, 0.1));
        const vv = tf.add(tf.mul(v, 0.999), tf.mul(tf.square(g), 0.001));
        theta.assign(tf.sub(theta, tf.mul(tf.div(mm, tf.add(tf.mul(tf.sqrt(vv), 1 / Math.sqrt(bc2)), 1e-8)), 1e-3 / bc1)));
        m.assign(mm);
        v.assign(vv);
        return value;
      });
    },
    dispose: () => tf.dispose([theta, m, v]),
  };
}

/**
 * `graph`: flat's maths as one libtensorflow graph per step (src/tfgraph), backward by hand:
 * $dz = (\mathrm{softmax}(z) - e_y)/B$, $dW_2 = a^\top dz$, $dc_2 = \mathbf 1^\top dz$,
 * $da = (dz\,W_2^\top) \odot [u > 0]$ with $a = \mathrm{relu}(u)$, $dW_1 = x^\top da$, $dc_1 = \mathbf 1^\top da$.
 */
async function graphVariant(tf: Tf): Promise<Variant> {
  const g = new GraphBuilder();
  const P = sizes.reduce((a, b) => a + b, 0);
  const adam = flatAdamInputs(g, P);
  const x = g.placeholder('x', 'float32', [B, D]), y = g.placeholder('y', 'int32', [B]);
  const [w1f, c1, w2f, c2] = g.splitV(adam.theta, sizes, 0) as [Sym, Sym, Sym, Sym];
  const w1 = g.reshape(w1f, [D, H]), w2 = g.reshape(w2f, [H, K]);
  const u = g.biasAdd(g.matMul(x, w1), c1), a = g.relu(u); // (B, H)
  const [rowLoss, dlogits] = g.sparseSoftmaxCrossEntropy(g.biasAdd(g.matMul(a, w2), c2), y);
  const dz = g.mul(dlogits, 1 / B);
  const du = g.reluGrad(g.matMul(dz, w2, false, true), u);
  const grad = g.concat([g.reshape(g.matMul(x, du, true, false), [D * H]), g.biasAddGrad(du), g.reshape(g.matMul(a, dz, true, false), [H * K]), g.biasAddGrad(dz)], 0);
  const hyper = { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8 };
  const session = await GraphSession.load(tf, g, { ...adam, x, y }, { ...flatAdamStep(g, adam, grad, hyper), loss: g.mean(rowLoss, [0]) });
  let theta: Tensor = tf.tensor1d(initTheta()), m: Tensor = tf.zeros([P]), v: Tensor = tf.zeros([P]), t = 0;
  return {
    step: (xs, ys) => {
      const feeds = flatAdamFeeds(tf, ++t, hyper);
      const out = session.run({ theta, m, v, ...feeds, x: xs, y: ys });
      tf.dispose([theta, m, v, ...Object.values(feeds)]);
      ({ theta, m, v } = out as { theta: Tensor; m: Tensor; v: Tensor });
      return out['loss']!;
    },
    dispose: () => { tf.dispose([theta, m, v]); session.dispose(); },
  };
}

it('PyTorch 1.13 peer by Python subprocess (one thread)', () => {
  const ok = existsSync(PYTHON) && (() => {
    try { execFileSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }); return true; } catch { return false; }
  })();
  if (!ok) {
    notes.push(`PyTorch peer skipped: ${PYTHON} with torch not found`);
    return;
  }
  const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  const out = JSON.parse(execFileSync(PYTHON, [PEER, '100', '1000'], { env, encoding: 'utf8' })) as { torch: string; threads: number; stepMedian: number; steps: number; samplesPerSecond: number };
  suite.record({ id: TORCH, unit: 'samples/s', value: out.samplesPerSecond, n: out.steps });
  notes.push(`PyTorch ${out.torch}, ${out.threads} thread, step ${(1000 * out.stepMedian).toFixed(3)} ms`);
}, 600_000);

const ITERS = { tensorflow: { warmup: 20, minIters: 200, minTimeMs: 2000 }, wasm: { warmup: 10, minIters: 50, minTimeMs: 1000 }, cpu: { warmup: 3, minIters: 10, minTimeMs: 1000 } };
for (const backend of ['tensorflow', 'wasm', 'cpu'] as const) {
  for (const [kind, make] of [['layers', layersVariant], ['flat', flatVariant], ['graph', graphVariant]] as const) {
    if (kind === 'graph' && backend !== 'tensorflow') continue; // graph sessions are tfjs-node's
    let tf: Tf, v: Variant | null = null, data: { x: Tensor; y: Tensor }[] = [], k = 0;
    suite.workload({
      id: `MLP/784-128-10-train/${kind}/${backend}`, unit: 'samples/s', work: B, ...ITERS[backend], peerOf: TORCH,
      setup: async () => {
        tf = (await setBackend(backend)).tf;
        v = await make(tf);
        const rng = new Rng(0);
        data = Array.from({ length: 16 }, () => ({
          x: tf.tensor2d(Float32Array.from({ length: B * D }, () => rng.standardNormal()), [B, D]),
          y: tf.tensor1d(Int32Array.from({ length: B }, () => rng.int(K)), 'int32'),
        }));
      },
    }, () => {
      const { x, y } = data[k++ % data.length]!;
      const loss = v!.step(x, y);
      loss.dataSync();
      loss.dispose();
    });
    it(`${kind}/${backend}: kernels per step and cleanup`, async () => {
      if (v !== null && backend === 'tensorflow' && kind === 'graph') {
        // graph and flat are the same maths: 20 Adam steps from the same θ on the same batches.
        const flat = flatVariant(tf), graph = await graphVariant(tf);
        let dLoss = 0;
        for (let i = 0; i < 20; i++) {
          const lf = flat.step(data[i % 16]!.x, data[i % 16]!.y), lg = graph.step(data[i % 16]!.x, data[i % 16]!.y);
          dLoss = Math.max(dLoss, Math.abs(lf.dataSync()[0]! - lg.dataSync()[0]!));
          tf.dispose([lf, lg]);
        }
        notes.push(`graph: one TF_SessionRun per step; vs flat over 20 Adam steps on the same batches, max |Δ loss| ${dLoss.toExponential(1)}`);
        flat.dispose();
        graph.dispose();
      } else if (v !== null && backend === 'tensorflow') {
        const p = await tf.profile(() => { tf.dispose(v!.step(data[0]!.x, data[0]!.y)); });
        notes.push(`${kind}: ${p.kernels.length} kernels per step`);
      }
      v?.dispose();
      tf.dispose(data.flatMap((d) => [d.x, d.y]));
      v = null;
    });
  }
}

afterAll(() => {
  const get = (id: string) => suite.records.find((r) => r.id === id)?.value;
  const torch = get(TORCH);
  const lines = ['| MLP 784-128-10, batch 64, Adam | backend | samples/s | vs PyTorch (1 thread) |', '|---|---|---|---|'];
  for (const backend of ['tensorflow', 'wasm', 'cpu']) {
    for (const kind of ['layers', 'flat', 'graph']) {
      const v = get(`MLP/784-128-10-train/${kind}/${backend}`);
      lines.push(`| ${kind} | ${backend} | ${v?.toFixed(0) ?? 'n/a'} | ${v && torch ? (v / torch).toFixed(2) : 'n/a'} |`);
    }
  }
  lines.push(`| PyTorch 1.13 | 1 thread | ${torch?.toFixed(0) ?? 'n/a'} | 1 |`);
  process.stdout.write(`\n${lines.join('\n')}\n${notes.map((n) => `note: ${n}`).join('\n')}\n`);
});
