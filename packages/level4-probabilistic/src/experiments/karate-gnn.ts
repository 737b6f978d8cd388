/**
 * Experiment `karate-gnn` (level 4): semi-supervised node classification on Zachary's karate
 * club with ONE labelled node per faction (node 0, Mr. Hi; node 33, the Officer) and identity
 * features (each node only knows who it is: everything must come from the graph).
 *
 * Two-layer GCN, GraphSAGE-mean and GAT (tfjs twins, full-batch Adam, cross-entropy on the two
 * labelled nodes) over several seeds, against two graph-only baselines: label propagation
 * (Zhou et al. 2004, closed form) and spectral clustering (normalised Laplacian + k-means, each
 * cluster named by the labelled node it contains). Accuracy is on the 32 unlabelled members.
 * Also: the 2-D output of each GNN over training, and GAT's attention weights.
 *
 * @see ../../../../docs/level4-probabilistic/graph-neural-networks.md
 */
import { barWithErrors, defineExperiment, heatmap, scatterPlot } from '@fpml/core';
import { loadKarateClub } from '@fpml/datasets';
import { graphFromEdges } from '../gnn/graph.js';
import { labelPropagation } from '../gnn/label-propagation.js';
import { TfNodeClassifier, trainNodeClassifier, type NodeClassifierKind } from '../gnn/node-classifier.js';
import { spectralClustering } from '../gnn/spectral-clustering.js';
import type { TfGATConv } from '../gnn/gat-conv.js';

const meanStd = (v: readonly number[]) => {
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  return { mean: m, std: v.length > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1)) : 0 };
};

export default defineExperiment({
  name: 'karate-gnn',
  level: 4,
  objective: "With one labelled member per faction and no features, how well do GCN, GraphSAGE and GAT recover the split of Zachary's karate club, compared with label propagation and spectral clustering?",
  params: { seeds: 10, epochs: 200, hidden: 16, heads: 4, lr: 0.01, weightDecay: 5e-4, snapshots: '0,10,30,200' },
  quick: { seeds: 3, epochs: 100, snapshots: '0,10,30,100' },
  paramDocs: {
    seeds: 'initialisations per GNN (mean ± std over them)',
    epochs: 'full-batch Adam steps',
    hidden: 'hidden width (per head for GAT)',
    heads: 'GAT heads in layer 1 (concatenated)',
    lr: 'Adam learning rate',
    weightDecay: 'L2 coefficient on the first layer',
    snapshots: 'epochs at which the 2-D outputs of seed 0 are plotted',
  },
  async run(ctx) {
    const p = ctx.params;
    const { tf } = await ctx.tf();
    const k = loadKarateClub();
    const g = graphFromEdges(k.nNodes, k.edges);
    const n = k.nNodes;
    const train = [0, 33];
    const test = Array.from({ length: n }, (_, i) => i).filter((i) => !train.includes(i));
    const acc = (pred: ArrayLike<number>) => test.filter((i) => pred[i] === k.labels[i]).length / test.length;
    const snaps = p.snapshots.split(',').map(Number).filter((e) => Number.isInteger(e) && e >= 0 && e <= p.epochs);
    ctx.setup('data', `Zachary's karate club: ${n} members, ${k.nEdges} ties, factions ${k.targetNames.join(' / ')} (${k.labels.filter((v) => v === 0).length} / ${k.labels.filter((v) => v === 1).length}). Labelled: node 0 (${k.targetNames[k.labels[0]!]}) and node 33 (${k.targetNames[k.labels[33]!]}); accuracy on the other ${test.length}. Features: the ${n}×${n} identity.`);
    ctx.setup('model', `Two layers, ReLU between: GCN (Â = D̃^-1/2 (A+I) D̃^-1/2), GraphSAGE-mean (separate self and neighbour weights), GAT (${p.heads} heads × ${p.hidden} in layer 1, 1 head in layer 2); hidden ${p.hidden}, 2 outputs (the plotted embedding). Baselines: label propagation (α = 0.99, closed form), spectral clustering (k = 2, D^-1/2-scaled eigenvectors of L_sym, k-means with 10 restarts).`);
    ctx.setup('optimisation', `Adam lr ${p.lr}, ${p.epochs} full-batch epochs, cross-entropy on the 2 labelled nodes + ${p.weightDecay}/2·‖θ₁‖²; ${p.seeds} seeds per model.`);
    const x = tf.eye(n); // (n, n) identity features
    const kinds: NodeClassifierKind[] = ['gcn', 'sage', 'gat'];
    const names: Record<string, string> = { gcn: 'GCN', sage: 'GraphSAGE', gat: 'GAT', lp: 'label propagation', spectral: 'spectral clustering' };
    const accs: Record<string, number[]> = {};
    ctx.progress.start(kinds.length * p.seeds, 'karate-gnn');
    for (const kind of kinds) {
      accs[kind] = [];
      for (let s = 0; s < p.seeds; s++) {
        const model = new TfNodeClassifier(tf, { kind, inFeatures: n, hidden: p.hidden, heads: p.heads, numClasses: 2, rng: ctx.tfSeed() });
        const points: Record<string, number | string>[] = [];
        const r = trainNodeClassifier(tf, model, x, g, k.labels, train, {
          epochs: p.epochs, lr: p.lr, weightDecay: p.weightDecay,
          onEpoch: s === 0 ? (e, z) => { if (snaps.includes(e)) for (let i = 0; i < n; i++) points.push({ epoch: e, node: i, z1: z[2 * i]!, z2: z[2 * i + 1]!, faction: `${k.targetNames[k.labels[i]!]}${train.includes(i) ? ' (labelled)' : ''}` }); } : undefined,
        });
        accs[kind]!.push(acc(r.predictions));
        ctx.log({ model: kind, seed: s, accuracy: acc(r.predictions), finalLoss: r.losses.at(-1) ?? NaN });
        if (s === 0) {
          for (const e of snaps) {
            ctx.plot(`embedding-${kind}-epoch-${e}`, scatterPlot({ title: `${names[kind]} output after ${e} epochs (seed 0)`, data: points.filter((q) => q.epoch === e), x: 'z1', y: 'z2', color: 'faction', xLabel: 'logit 1 (Mr. Hi)', yLabel: 'logit 2 (Officer)', size: 60 }),
              `The two output logits of every member after ${e} epochs, coloured by the faction it joined.`);
          }
          if (kind === 'gat') {
            const gat = model.conv1 as TfGATConv;
            const att = tf.tidy(() => { const a = gat.forwardWithAttention(x, g); return { alpha: a.alpha.mean(1).dataSync().slice() as Float32Array, src: a.src, dst: a.dst }; });
            const M = Array.from({ length: n }, () => new Array<number>(n).fill(0));
            att.src.forEach((j, t) => { M[att.dst[t]!]![j] = att.alpha[t]!; });
            ctx.plot('gat-attention', heatmap({ title: 'GAT layer-1 attention α_ij (mean over heads, seed 0): row i attends to column j', values: M, xTitle: 'sender j', yTitle: 'receiver i', colorTitle: 'α' }),
              'Each row sums to 1 over the member and its friends; a row spread evenly is GCN-like averaging, a peaked row singles out one friend.');
            const rows: (string | number)[][] = [];
            for (const i of [0, 33, 2, 8]) {
              const e = Array.from(att.src).flatMap((j, t) => (att.dst[t] === i ? [[j, att.alpha[t]!] as const] : [])).sort((a, b) => b[1] - a[1]);
              const entropy = -e.reduce((s2, [, a]) => s2 + (a > 0 ? a * Math.log(a) : 0), 0);
              rows.push([i, k.targetNames[k.labels[i]!]!, e.length, e.slice(0, 4).map(([j, a]) => `${j}: ${a.toFixed(3)}`).join(', '), (1 / e.length).toFixed(3), (entropy / Math.log(e.length)).toFixed(3)]);
            }
            ctx.table('gat-attention', 'GAT layer-1 attention (mean over heads, seed 0) of a few members: the four largest weights, the uniform weight 1/(deg+1), and the entropy relative to uniform (1 = uniform).',
              ['node', 'faction', 'deg + 1', 'largest α (sender: weight)', 'uniform', 'entropy / log(deg+1)'], rows);
          }
        }
        model.dispose();
        ctx.progress.tick(1, { model: kind, seed: s });
      }
    }
    ctx.progress.stop();
    x.dispose();
    const lp = labelPropagation(g, Int32Array.from({ length: n }, (_, i) => (train.includes(i) ? k.labels[i]! : -1)));
    accs.lp = [acc(lp.predictions)];
    accs.spectral = [];
    let conflicts = 0;
    for (let s = 0; s < p.seeds; s++) {
      const cl = spectralClustering(g, 2, { seed: s });
      if (cl[0] === cl[33]) conflicts++;
      const pred = Array.from(cl, (c) => (c === cl[0] ? k.labels[0]! : k.labels[33]!));
      accs.spectral.push(acc(pred));
    }
    const rows = Object.entries(accs).map(([m, v]) => { const { mean, std } = meanStd(v); ctx.metric(`${m}_accuracy`, mean); ctx.metric(`${m}_accuracyStd`, std); return [names[m]!, v.length, mean.toFixed(3), std.toFixed(3), Math.min(...v).toFixed(3), Math.max(...v).toFixed(3)]; });
    ctx.table('accuracy', `Accuracy on the ${test.length} unlabelled members (chance 0.5). Label propagation is deterministic; spectral clustering runs k-means with ${p.seeds} seeds${conflicts ? ` (${conflicts} put nodes 0 and 33 in one cluster)` : ''}.`, ['method', 'runs', 'mean', 'std', 'min', 'max'], rows);
    ctx.plot('accuracy', barWithErrors({ title: 'Karate club, one label per faction: accuracy on the unlabelled members', data: Object.entries(accs).map(([m, v]) => ({ group: names[m]!, ...meanStd(v) })), yLabel: 'accuracy (mean ± std over seeds)' }), 'GNNs over seeds vs the graph-only baselines.');
    const wrongLp = test.filter((i) => lp.predictions[i] !== k.labels[i]);
    ctx.observe(`Mean accuracy: GCN ${meanStd(accs.gcn!).mean.toFixed(3)}, GraphSAGE ${meanStd(accs.sage!).mean.toFixed(3)}, GAT ${meanStd(accs.gat!).mean.toFixed(3)}, label propagation ${accs.lp[0]!.toFixed(3)} (misses node${wrongLp.length === 1 ? '' : 's'} ${wrongLp.join(', ') || 'none'}), spectral clustering ${meanStd(accs.spectral).mean.toFixed(3)}.`);
    ctx.observe('With identity features a GNN has nothing but the graph: a 2-layer GCN sees each node\'s 2-hop neighbourhood, so members more than two hops from both labelled nodes are classified only through the shared weights.');
  },
  expect: (m) => ({
    pass: m.gcn_accuracy! > 0.75 && m.lp_accuracy! > 0.75 && m.spectral_accuracy! > 0.75,
    criterion: 'GCN, label propagation and spectral clustering each recover the split well above chance (> 0.75 of the unlabelled members)',
    detail: `GCN ${m.gcn_accuracy!.toFixed(3)}, SAGE ${m.sage_accuracy!.toFixed(3)}, GAT ${m.gat_accuracy!.toFixed(3)}, LP ${m.lp_accuracy!.toFixed(3)}, spectral ${m.spectral_accuracy!.toFixed(3)}`,
  }),
});
