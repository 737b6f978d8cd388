/**
 * GCNConv / SAGEConv / GATConv: PyTorch 1.13 oracle (plain-torch forwards of the published
 * equations, scripts/oracles/freeze_gnn.py) to 1e-10, float64 gradient checks on inputs and
 * every parameter, reference/tfjs parity (output and gradients) on every backend with no
 * tensor leaked, attention weights, bad input.
 *
 * The harnesses are level3-deep's (imported by path: level3-deep exports no testing entry).
 */
import { InvalidInputError, InvalidParamError, Rng, ShapeError } from '@fpml/core';
import { expectNoTensorLeak } from '@fpml/core/testing';
import { getTf } from '@fpml/core/tf';
import { Tensor, tensor } from '@fpml/level1-math';
import type { AnyModule, AnyTfModule, StateDict, TfTensor } from '@fpml/level3-deep';
import { describe, expect, it } from 'vitest';
import { expectGradcheck } from '../../../level3-deep/src/nn/gradcheck.js';
import { expectParity } from '../../../level3-deep/src/nn/parity.js';
import oracle from './__fixtures__/gnn_torch.json' with { type: 'json' };
import { GATConv, TfGATConv } from './gat-conv.js';
import { GCNConv, TfGCNConv } from './gcn-conv.js';
import { graphFromEdges, type Graph } from './graph.js';
import { SAGEConv, TfSAGEConv } from './sage-conv.js';

type Cfg = { inFeatures: number; outFeatures: number; bias: boolean; addSelfLoops?: boolean; heads?: number; concat?: boolean };
const G = graphFromEdges(oracle.meta.numNodes, oracle.meta.edges);
const randn = (rng: Rng, n: number) => Float64Array.from({ length: n }, () => rng.standardNormal());

function build(layer: string, c: Cfg, rng: number | Rng = 0): GCNConv | SAGEConv | GATConv {
  if (layer === 'GCNConv') return new GCNConv(c.inFeatures, c.outFeatures, { bias: c.bias, addSelfLoops: c.addSelfLoops ?? true, rng });
  if (layer === 'SAGEConv') return new SAGEConv(c.inFeatures, c.outFeatures, { bias: c.bias, rng });
  return new GATConv(c.inFeatures, c.outFeatures, { heads: c.heads!, concat: c.concat!, bias: c.bias, rng });
}
function buildTwin(tf: Awaited<ReturnType<typeof getTf>>['tf'], layer: string, c: Cfg): AnyTfModule {
  if (layer === 'GCNConv') return new TfGCNConv(tf, c.inFeatures, c.outFeatures, { bias: c.bias, addSelfLoops: c.addSelfLoops ?? true, rng: 0 });
  if (layer === 'SAGEConv') return new TfSAGEConv(tf, c.inFeatures, c.outFeatures, { bias: c.bias, rng: 0 });
  return new TfGATConv(tf, c.inFeatures, c.outFeatures, { heads: c.heads!, concat: c.concat!, bias: c.bias, rng: 0 });
}
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};

describe('GNN layers vs PyTorch 1.13 (plain-torch forwards, float64)', () => {
  for (const c of oracle.cases) {
    it(`${c.name}: output, attention and gradients within 1e-10`, () => {
      const m = build(c.layer, c.config as Cfg);
      m.loadStateDict(Object.fromEntries(Object.entries(c.state).map(([k, v]) => [k, { shape: v.shape, data: Float64Array.from(v.data) }])) as StateDict);
      const x = new Tensor(Float64Array.from(c.x.data), c.x.shape, true);
      const y = m.forward(x, G);
      expect(y.shape).toEqual(c.output.shape);
      expect(maxDiff(y.data, c.output.data)).toBeLessThan(1e-10);
      y.mul(tensor(c.weight.data, c.weight.shape)).sum().backward();
      expect(maxDiff(x.grad!.data, c.grads.input0.data)).toBeLessThan(1e-10);
      const params = Object.fromEntries(m.namedParameters());
      expect(Object.keys(params).sort()).toEqual(Object.keys(c.state).sort());
      for (const [k, p] of Object.entries(params)) expect(maxDiff(p.grad!.data, (c.grads as unknown as Record<string, { data: number[] }>)[k]!.data), k).toBeLessThan(1e-10);
      if ('alpha' in c && m instanceof GATConv) {
        const { attention: a } = m.forwardWithAttention(x, G);
        const n = G.numNodes, K = a.heads;
        const dense = new Float64Array(K * n * n); // (K, n, n)
        for (let t = 0; t < a.src.length; t++) for (let k = 0; k < K; k++) dense[k * n * n + a.dst[t]! * n + a.src[t]!] = a.alpha[t * K + k]!;
        expect(maxDiff(dense, (c as { alpha: { data: number[] } }).alpha.data)).toBeLessThan(1e-10);
      }
    });
  }
});

describe('gradient checks (float64 central differences, inputs and every parameter)', () => {
  const rng = new Rng(11);
  for (const c of oracle.cases) {
    it(c.name, () => {
      const m = build(c.layer, c.config as Cfg, rng);
      const x = tensor(randn(rng, G.numNodes * c.config.inFeatures), [G.numNodes, c.config.inFeatures]);
      const r = expectGradcheck(m as AnyModule, [x], { forward: (mm, xx) => (mm as GCNConv).forward(xx!, G) });
      expect(r.tensors.map((t) => t.name).sort()).toEqual(['input0', ...Object.keys(c.state)].sort());
      expect(r.maxRelError).toBeLessThan(1e-6);
    });
  }
});

describe('tfjs twins', () => {
  for (const c of oracle.cases) {
    it(`${c.name}: parity with the reference on every backend (output, input and parameter grads), no leak`, async () => {
      const rng = new Rng(5);
      const ref = build(c.layer, c.config as Cfg, rng);
      const r = await expectParity({
        reference: ref as AnyModule,
        makeTwin: (tf) => buildTwin(tf, c.layer, c.config as Cfg),
        inputs: [{ data: randn(rng, G.numNodes * c.config.inFeatures), shape: [G.numNodes, c.config.inFeatures] }],
        forwardReference: (m, x) => (m as GCNConv).forward(x!, G),
        forwardTwin: (m, x) => (m as TfGCNConv).forward(x!, G),
      });
      expect(r.backends.length).toBeGreaterThanOrEqual(1);
      for (const b of r.backends) expect(b.leaked, b.backend).toBe(0);
      expect(r.worstRelError).toBeLessThan(1e-4);
    });
  }

  it('TfGATConv attention equals the reference attention and sums to 1 per node and head; no tensor leak', async () => {
    const { tf } = await getTf();
    const ref = new GATConv(3, 2, { heads: 2, rng: 3 });
    const twin = new TfGATConv(tf, 3, 2, { heads: 2, rng: 3 });
    const x = randn(new Rng(4), G.numNodes * 3);
    const a = ref.forwardWithAttention(tensor(x, [G.numNodes, 3]), G).attention;
    const sums = new Float64Array(G.numNodes * 2);
    for (let t = 0; t < a.src.length; t++) for (let k = 0; k < 2; k++) sums[a.dst[t]! * 2 + k]! += a.alpha[t * 2 + k]!;
    for (const s of sums) expect(s).toBeCloseTo(1, 12);
    const got = await expectNoTensorLeak(() => tf.tidy(() => (twin.forwardWithAttention(tf.tensor2d(Float32Array.from(x), [G.numNodes, 3]), G).alpha as TfTensor).dataSync().slice()));
    expect(maxDiff(got as Float32Array, a.alpha)).toBeLessThan(1e-5);
    twin.dispose();
  });

  it('start from the same weights as the reference for the same seed (rounded to float32)', async () => {
    const { tf } = await getTf();
    for (const c of oracle.cases) {
      const ref = build(c.layer, c.config as Cfg, 9);
      const twin = buildTwin(tf, c.layer, c.config as Cfg);
      twin.loadStateDict(build(c.layer, c.config as Cfg, 9).stateDict()); // sanity: keys line up
      const fresh = c.layer === 'GCNConv' ? new TfGCNConv(tf, c.config.inFeatures, c.config.outFeatures, { ...(c.config as Cfg), rng: 9 })
        : c.layer === 'SAGEConv' ? new TfSAGEConv(tf, c.config.inFeatures, c.config.outFeatures, { ...(c.config as Cfg), rng: 9 })
        : new TfGATConv(tf, c.config.inFeatures, c.config.outFeatures, { ...(c.config as Cfg), rng: 9 });
      const a = fresh.stateDict();
      for (const [k, e] of Object.entries(ref.stateDict())) expect(a[k]!.data, `${c.name} ${k}`).toEqual(Float64Array.from(Float32Array.from(e.data)));
      twin.dispose();
      fresh.dispose();
    }
  });
});

describe('bad input', () => {
  it('typed errors naming the argument', () => {
    expect(() => new GCNConv(0, 2, { rng: 0 })).toThrow(InvalidParamError);
    expect(() => new GATConv(2, 2, { heads: 1.5, rng: 0 })).toThrow(/heads/);
    expect(() => new GATConv(2, 2, { negativeSlope: -1, rng: 0 })).toThrow(/negativeSlope/);
    expect(() => new SAGEConv(2, 2, { bias: 'yes' as never, rng: 0 })).toThrow(InvalidParamError);
    const m = new GCNConv(3, 2, { rng: 0 });
    expect(() => m.forward(tensor(new Float64Array(6 * 3), [6, 3]), G)).toThrow(ShapeError);
    expect(() => m.forward(tensor(new Float64Array(7 * 2), [7, 2]), G)).toThrow(/\(7, 3\)/);
    expect(() => m.forward(tensor(new Float64Array(21), [7, 3]), { numNodes: 7 } as Graph)).toThrow(InvalidInputError);
  });
});
