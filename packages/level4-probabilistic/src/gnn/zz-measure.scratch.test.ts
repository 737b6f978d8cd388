import { Rng } from '@fpml/core';
import { Tensor, tensor } from '@fpml/level1-math';
import type { AnyModule, StateDict } from '@fpml/level3-deep';
import { loadKarateClub } from '@fpml/datasets';
import { it } from 'vitest';
import { gradcheckModule } from '../../../level3-deep/src/nn/gradcheck.js';
import { checkParity } from '../../../level3-deep/src/nn/parity.js';
import oracle from './__fixtures__/gnn_torch.json' with { type: 'json' };
import b from './__fixtures__/gnn_baselines_sklearn.json' with { type: 'json' };
import { GATConv, TfGATConv } from './gat-conv.js';
import { GCNConv, TfGCNConv } from './gcn-conv.js';
import { graphFromEdges } from './graph.js';
import { SAGEConv, TfSAGEConv } from './sage-conv.js';
import { labelPropagation } from './label-propagation.js';
import { spectralEmbedding } from './spectral-clustering.js';

const G = graphFromEdges(oracle.meta.numNodes, oracle.meta.edges);
const md = (a: ArrayLike<number>, c: ArrayLike<number>) => { let m = 0; for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - c[i]!)); return m; };
const build = (layer: string, c: any, rng: any) => layer === 'GCNConv' ? new GCNConv(c.inFeatures, c.outFeatures, { ...c, rng }) : layer === 'SAGEConv' ? new SAGEConv(c.inFeatures, c.outFeatures, { ...c, rng }) : new GATConv(c.inFeatures, c.outFeatures, { ...c, rng });
const twin = (tf: any, layer: string, c: any) => layer === 'GCNConv' ? new TfGCNConv(tf, c.inFeatures, c.outFeatures, { ...c, rng: 0 }) : layer === 'SAGEConv' ? new TfSAGEConv(tf, c.inFeatures, c.outFeatures, { ...c, rng: 0 }) : new TfGATConv(tf, c.inFeatures, c.outFeatures, { ...c, rng: 0 });
it('measure', async () => {
  for (const c of oracle.cases) {
    const m = build(c.layer, c.config, 0);
    m.loadStateDict(Object.fromEntries(Object.entries(c.state).map(([k, v]) => [k, { shape: v.shape, data: Float64Array.from(v.data) }])) as StateDict);
    const x = new Tensor(Float64Array.from(c.x.data), c.x.shape, true);
    const y = m.forward(x, G);
    y.mul(tensor(c.weight.data, c.weight.shape)).sum().backward();
    let g = md(x.grad!.data, c.grads.input0.data);
    for (const [k, p] of m.namedParameters()) g = Math.max(g, md(p.grad!.data, (c.grads as any)[k].data));
    let a = NaN;
    if (m instanceof GATConv) { const at = m.forwardWithAttention(x, G).attention; const n = 7, K = at.heads; const d = new Float64Array(K * n * n); for (let t = 0; t < at.src.length; t++) for (let k = 0; k < K; k++) d[k * n * n + at.dst[t]! * n + at.src[t]!] = at.alpha[t * K + k]!; a = md(d, (c as any).alpha.data); }
    const rng = new Rng(11);
    const mm = build(c.layer, c.config, rng);
    const gc = gradcheckModule(mm as AnyModule, [tensor(Float64Array.from({ length: 7 * c.config.inFeatures }, () => rng.standardNormal()), [7, c.config.inFeatures])], { forward: (q: any, xx: any) => q.forward(xx, G) });
    const r2 = new Rng(5);
    const ref = build(c.layer, c.config, r2);
    const pr = await checkParity({ reference: ref as AnyModule, makeTwin: (tf) => twin(tf, c.layer, c.config) as any, inputs: [{ data: Float64Array.from({ length: 7 * c.config.inFeatures }, () => r2.standardNormal()), shape: [7, c.config.inFeatures] }], forwardReference: (q: any, xx) => q.forward(xx, G), forwardTwin: (q: any, xx) => q.forward(xx, G) });
    console.log(JSON.stringify({ case: c.name, out: md(y.data, c.output.data), grad: g, alpha: a, gradcheckMaxRel: gc.maxRelError, gradcheckMaxAbs: gc.maxAbsError, parity: pr.backends.map((bb) => [bb.backend, bb.worstRelError, bb.leaked]) }));
  }
  const k = loadKarateClub();
  const KG = graphFromEdges(34, k.edges);
  const seeds = Int32Array.from({ length: 34 }, (_, i) => (i === 0 ? 0 : i === 33 ? 1 : -1));
  for (const c of b.labelSpreading) {
    const r = labelPropagation(KG, seeds, { alpha: c.alpha });
    const it = labelPropagation(KG, seeds, { alpha: c.alpha, method: 'iterative', maxIter: 25, tol: 1e-300 });
    console.log(JSON.stringify({ lp: c.alpha, vsSklearn: md(r.distributions.data, c.sklearnDistributions.data), vsSolve: md(r.distributions.data, c.closedForm.data), iter25: md(it.distributions.data, c.iter25.data) }));
  }
  for (const c of b.spectral) { const e = spectralEmbedding(KG, c.k); console.log(JSON.stringify({ k: c.k, eig: md(e.eigenvalues, c.eigenvalues.data), emb: md(e.embedding.data, c.embedding.data) })); }
});
