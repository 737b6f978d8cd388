/**
 * Where the W6 step's time goes, by kernel (docs/level3-deep/performance.md):
 * 1. the matrix products of one W6 training step (and, with count 0, FFN-in's weight gradient with
 *    its left operand stored transposed: is the transposed read what costs?), each timed alone on tfjs-node (libtensorflow,
 *    one thread, oneDNN as configured by core) and in PyTorch 1.13 (bench/peers/matmul_torch.py,
 *    one thread), with GFLOP/s and the per-step total (each product × how often the step runs it);
 * 2. `FastGptTrainer`'s step under `tf.profile`: kernel time by kernel name and input shapes
 *    (median of 3 profiled steps; profiling adds overhead, so read shares, not absolute ms).
 * Prints a table and JSON (bench-results/level3-w6-kernels.json).
 *
 * Run: cd packages/level3-deep && OMP_NUM_THREADS=1 npx vitest run --config vitest.bench.config.ts bench/w6-kernels.bench.ts
 */
process.env['TF_NUM_INTRAOP_THREADS'] ??= '1';
process.env['TF_NUM_INTEROP_THREADS'] ??= '1';

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '@fpml/core';
import { benchSuite } from '@fpml/core/testing';
import { setBackend } from '@fpml/core/tf';
import { afterAll, it } from 'vitest';
import { FastGptTrainer } from '../src/lm/fast-step.js';
import { W6 } from './plain-gpt.js';

const B = 32, T = W6.context, N = B * T, C = W6.dModel, F = W6.dFf, V = W6.vocab, L = W6.nLayer, BH = B * W6.nHead, HS = C / W6.nHead;
const PYTHON = '/usr/bin/python3';
const PEER = join(dirname(fileURLToPath(import.meta.url)), 'peers/matmul_torch.py');
const REPS = 30;
const suite = benchSuite('level3-w6-kernels');
const lines: string[] = [];

/** One product op(a) · op(b) of the step; `per` = how many times a step runs it. */
interface Case { id: string; a: number[]; b: number[]; ta: boolean; tb: boolean; per: number }

/** The forward product y = x W (x (N, i), W (i, o)), its input gradient dy Wᵀ and its weight gradient xᵀ dy. */
const linear = (name: string, i: number, o: number, per: number, dx = true): Case[] => [
  { id: `${name} fwd x·W`, a: [N, i], b: [i, o], ta: false, tb: false, per },
  ...(dx ? [{ id: `${name} dx dy·Wᵀ`, a: [N, o], b: [i, o], ta: false, tb: true, per }] : []),
  { id: `${name} dW xᵀ·dy`, a: [N, i], b: [N, o], ta: true, tb: false, per },
];
const CASES: Case[] = [
  ...linear('embed (N,V+T)(V+T,C)', V + T, C, 1, false),
  ...linear('qkv (N,C)(C,3C)', C, 3 * C, L),
  ...linear('out (N,C)(C,C)', C, C, L),
  ...linear('ffn-in (N,C)(C,F)', C, F, L),
  ...linear('ffn-out (N,F)(F,C)', F, C, L),
  ...linear('head (N,C)(C,V)', C, V, 1),
  { id: 'attn q·kᵀ', a: [BH, T, HS], b: [BH, T, HS], ta: false, tb: true, per: 2 * L }, // forward and dP = dO Vᵀ
  { id: 'attn P·v', a: [BH, T, T], b: [BH, T, HS], ta: false, tb: false, per: 2 * L }, // forward and dQ = dS K
  { id: 'attn Pᵀ·dO', a: [BH, T, T], b: [BH, T, HS], ta: true, tb: false, per: 2 * L }, // dV = Pᵀ dO and dK = dSᵀ Q
  // Not in the step (per 0): FFN-in's weight gradient with its left operand already transposed in memory.
  { id: 'ffn-in dW, xᵀ stored', a: [C, N], b: [N, F], ta: false, tb: false, per: 0 },
];
const flops = (c: Case) => 2 * (c.a.length === 3 ? c.a[0]! : 1) * (c.ta ? c.a.at(-1)! : c.a.at(-2)!) * (c.ta ? c.a.at(-2)! : c.a.at(-1)!) * (c.tb ? c.b.at(-2)! : c.b.at(-1)!);
const median = (xs: number[]) => [...xs].sort((p, q) => p - q)[xs.length >> 1]!;

it('matrix products of the W6 step: tfjs-node vs PyTorch 1.13, one thread each', async () => {
  const { tf } = await setBackend('tensorflow');
  const rng = new Rng(0);
  const tfMs: Record<string, number> = {};
  for (const c of CASES) {
    const mk = (s: number[]) => tf.tensor(Float32Array.from({ length: s.reduce((p, q) => p * q, 1) }, () => rng.standardNormal()), s);
    const a = mk(c.a), b = mk(c.b);
    for (let i = 0; i < 5; i++) tf.matMul(a, b, c.ta, c.tb).dispose();
    tfMs[c.id] = median(Array.from({ length: REPS }, () => { const t = performance.now(); tf.matMul(a, b, c.ta, c.tb).dispose(); return performance.now() - t; }));
    tf.dispose([a, b]);
  }
  let torch: Record<string, number> | null = null, note = `PyTorch peer skipped: ${PYTHON} with torch not found`;
  if (existsSync(PYTHON)) {
    try {
      const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
      const out = JSON.parse(execFileSync(PYTHON, [PEER, JSON.stringify(CASES), String(REPS)], { env, encoding: 'utf8' })) as { torch: string; threads: number; ms: Record<string, number> };
      torch = out.ms;
      note = `PyTorch ${out.torch}, ${out.threads} thread`;
    } catch (e) { note = `PyTorch peer failed: ${(e as Error).message.split('\n')[0]}`; }
  }
  lines.push('| product | a | b | per step | tfjs-node ms | GFLOP/s | PyTorch ms | GFLOP/s | tfjs / PyTorch |', '|---|---|---|---|---|---|---|---|---|');
  let sumTf = 0, sumPt = 0;
  for (const c of CASES) {
    const t = tfMs[c.id]!, p = torch?.[c.id];
    sumTf += c.per * t;
    if (p !== undefined) sumPt += c.per * p;
    suite.record({ id: `W6-kernels/matmul/${c.id}/tensorflow`, unit: 'ms', value: t, n: REPS, ...(p !== undefined ? { peer: { name: `W6-kernels/matmul/${c.id}/pytorch-1thread`, value: p } } : {}) });
    const shape = (s: number[], tr: boolean) => `(${s.join(',')})${tr ? 'ᵀ' : ''}`;
    lines.push(`| ${c.id} | ${shape(c.a, c.ta)} | ${shape(c.b, c.tb)} | ${c.per} | ${t.toFixed(3)} | ${(flops(c) / t / 1e6).toFixed(1)} | ${p?.toFixed(3) ?? 'n/a'} | ${p ? (flops(c) / p / 1e6).toFixed(1) : 'n/a'} | ${p ? (t / p).toFixed(2) : 'n/a'} |`);
  }
  lines.push(`| **all products of one step** | | | | **${sumTf.toFixed(1)}** | | **${torch ? sumPt.toFixed(1) : 'n/a'}** | | ${torch ? (sumTf / sumPt).toFixed(2) : 'n/a'} |`);
  lines.push(`note: ${note}; median of ${REPS} calls; libtensorflow threads intra-op ${process.env['TF_NUM_INTRAOP_THREADS']}, inter-op ${process.env['TF_NUM_INTEROP_THREADS']}`);
  suite.record({ id: 'W6-kernels/matmul/step-total/tensorflow', unit: 'ms', value: sumTf, n: REPS, ...(torch ? { peer: { name: 'W6-kernels/matmul/step-total/pytorch-1thread', value: sumPt } } : {}) });
}, 600_000);

it('FastGptTrainer step by kernel (tf.profile)', async () => {
  const { tf } = await setBackend('tensorflow');
  const rng = new Rng(6);
  const ids = () => tf.tensor2d(Int32Array.from({ length: N }, () => rng.int(V)), [B, T], 'int32');
  const x = ids(), y = ids();
  const f = new FastGptTrainer(tf, W6, { rng: 6 });
  for (let i = 0; i < 5; i++) f.step(x, y).dispose();
  const runs: Map<string, { ms: number; n: number }>[] = [];
  for (let r = 0; r < 3; r++) {
    const by = new Map<string, { ms: number; n: number }>();
    const p = await tf.profile(() => { tf.dispose(f.step(x, y)); });
    for (const k of p.kernels) {
      const e = by.get(k.name) ?? { ms: 0, n: 0 };
      e.ms += Number(k.kernelTimeMs) || 0;
      e.n += 1;
      by.set(k.name, e);
    }
    runs.push(by);
  }
  const names = [...runs[0]!.keys()];
  const rows = names.map((name) => ({ name, ms: median(runs.map((m) => m.get(name)?.ms ?? 0)), n: runs[0]!.get(name)!.n }));
  const total = rows.reduce((s, r) => s + r.ms, 0);
  rows.sort((p, q) => q.ms - p.ms);
  lines.push('', '| FastGptTrainer kernel | calls per step | ms (profiled) | share |', '|---|---|---|---|');
  for (const r of rows) {
    lines.push(`| ${r.name} | ${r.n} | ${r.ms.toFixed(2)} | ${(100 * r.ms / total).toFixed(1)} % |`);
    suite.record({ id: `W6-kernels/fast-profile/${r.name}`, unit: 'ms', value: r.ms, n: 3 });
  }
  lines.push(`| total | ${rows.reduce((s, r) => s + r.n, 0)} | ${total.toFixed(1)} | |`);
  lines.push('note: `forward` is the forward pass of a tf.customGrad function (its matmuls and elementwise ops), recorded as one kernel');
  f.dispose();
  tf.dispose([x, y]);
}, 600_000);

afterAll(() => { process.stdout.write(`\n${lines.join('\n')}\n`); });
