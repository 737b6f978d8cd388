/**
 * Experiment `mini-transformer` (level 3, the flagship): a decoder-only character transformer
 * ({@link TfGpt}, pre-LN GPT-2 block, GPT-2 init) on Moby-Dick, with one-factor ablations around
 * a base model over seeds: the number of heads at fixed $d_\text{model}$, the positional encoding
 * (sinusoidal, learned, RoPE, none), the LayerNorm placement (pre, post, none) and the depth.
 *
 * Each run: validation loss $\mathcal L = -\frac1N\sum \log p(s_{t+1}\mid s_{\le t})$ in nats/char
 * and perplexity $e^{\mathcal L}$ on the fixed validation windows (src/lm `evalWindows`), the
 * per-layer gradient norms during training, the attention entropy of every head at the end
 * (against $\bar H_\text{unif} = \frac1T\sum_t \log(t+1)$, uniform causal attention), wall time and
 * tokens/s. The bigram model (add-1 counts on the training split) is scored on the same windows, and
 * recurrent baselines (GRU, LSTM) sized to the base model's parameter count are trained on the same
 * batches with the same optimiser.
 *
 * @see ../../../../docs/level3-deep/mini-transformer.md
 */
import { Rng, barWithErrors, defineExperiment, heatmap, linePlot, type VegaLiteSpec } from '@fpml/core';
import type { BlockNorm } from '../attention/block.js';
import type { GptConfig, PositionalKind } from '../attention/gpt-config.js';
import { BigramLm } from '../lm/bigram.js';
import { BatchSampler, evalWindows, loadMobyDickLm } from '../lm/data.js';
import { evaluateLm } from '../lm/evaluate.js';
import { sampleLm } from '../lm/sample.js';
import { warmupCosineLr } from '../train/schedules.js';
import { makeLadderModel, recurrentParams, sizeFor, trainLadderModel, type RecurrentKind } from './lm-ladder-models.js';
import { asNextToken, attentionStats, trainRun, type RunResult } from './mini-transformer-train.js';

const mean = (v: readonly number[]): number => v.reduce((s, x) => s + x, 0) / v.length;
const std = (v: readonly number[]): number => (v.length < 2 ? 0 : Math.sqrt(v.reduce((s, x) => s + (x - mean(v)) ** 2, 0) / (v.length - 1)));
const list = (s: string): string[] => s.split(',').map((x) => x.trim()).filter((x) => x !== '');
const ints = (s: string): number[] => list(s).map(Number);
const show = (ch: string): string => (ch === ' ' ? '␣' : ch === '\n' ? '⏎' : ch);

interface Variant { key: string; cfg: { nHeads: number; positional: PositionalKind; norm: BlockNorm; nLayers: number } }
interface Summary { variant: Variant; runs: Omit<RunResult, 'model'>[]; entropy: number[][] | null }

/**
 * Bars on an explicit y domain covering every mean ± std and the bigram (the differences are
 * hundredths of a nat, invisible from zero), with the bigram as a dashed reference line.
 */
function zoomed(spec: VegaLiteSpec, rows: readonly { mean: number; std: number }[], bigram: number): VegaLiteSpec {
  const lo = Math.min(bigram, ...rows.map((r) => r.mean - r.std)), hi = Math.max(bigram, ...rows.map((r) => r.mean + r.std));
  const pad = 0.15 * (hi - lo) + 0.01;
  const layers = spec.layer as { mark: unknown; encoding: { y: Record<string, unknown> } }[];
  for (const l of layers) l.encoding.y.scale = { domain: [lo - pad, hi + pad], zero: false };
  layers.forEach((l) => { if (l.mark === 'bar') l.mark = { type: 'bar', clip: true }; });
  (spec.layer as unknown[]).push({ data: { values: [{ bigram }] }, mark: { type: 'rule', color: '#c0392b', strokeDash: [6, 4], strokeWidth: 2 }, encoding: { y: { field: 'bigram', type: 'quantitative' } } });
  return spec;
}

export default defineExperiment({
  name: 'mini-transformer',
  level: 3,
  objective: 'How well does a small decoder-only transformer model Moby-Dick characters, and what do heads, positional encodings, LayerNorm placement and depth each contribute?',
  params: {
    dModel: 128, nHeads: 4, nLayers: 2, dFF: 512, context: 64, batchSize: 32,
    positional: 'learned', norm: 'pre',
    heads: '1,2,4,8', positionals: 'sinusoidal,learned,rope,none', norms: 'pre,post,none', depths: '1,2,3',
    baselines: 'gru,lstm',
    seeds: '0,1,2', steps: 300, lr: 0.002, warmupSteps: 30, clip: 1, gradEvery: 10,
    evalMaxWindows: 600, entropyWindows: 16, heatmapLength: 32, sampleLength: 240, temperature: 0.8,
  },
  quick: { dModel: 32, dFF: 128, context: 32, batchSize: 16, heads: '1,4', positionals: 'learned,rope,none', norms: 'pre,post,none', depths: '1,2', seeds: '0', steps: 300, lr: 0.003, warmupSteps: 20, evalMaxWindows: 200, sampleLength: 160 },
  paramDocs: {
    dModel: 'residual width E (fixed across the head ablation)', nHeads: 'heads of the base model', nLayers: 'blocks of the base model',
    dFF: 'MLP hidden width', context: 'context length T (training windows and evaluation windows)', batchSize: 'windows per step',
    positional: 'positional encoding of the base model', norm: 'LayerNorm placement of the base model',
    heads: 'head counts of the head ablation (must divide dModel)', positionals: 'positional encodings of the position ablation',
    norms: 'LayerNorm placements of the normalisation ablation', depths: 'block counts of the depth ablation',
    baselines: 'recurrent baselines (rnn, gru, lstm; empty for none), each sized to the base model\'s parameter count and trained on the same tokens with the same optimiser, schedule and seeds',
    seeds: 'seeds (initialisation and batch order) per variant', steps: 'Adam steps per run', lr: 'peak learning rate (warm-up, then cosine to lr/10)',
    warmupSteps: 'linear warm-up steps', clip: 'global gradient-norm clip', gradEvery: 'steps between gradient-norm logs',
    evalMaxWindows: 'validation windows scored (spread evenly over the validation split)', entropyWindows: 'validation windows for the attention entropy',
    heatmapLength: 'characters of the sample sequence in the attention heatmaps', sampleLength: 'characters generated per sample', temperature: 'sampling temperature',
  },
  async run(ctx) {
    const p = ctx.params;
    const { tf, backend } = await ctx.tf();
    const tensorsAtStart = tf.memory().numTensors;
    const data = loadMobyDickLm();
    const T = p.context;
    const evalData = evalWindows(data.val, T, p.evalMaxWindows);
    const bigram = new BigramLm({ alpha: 1 });
    bigram.fit(data.train, data.vocabSize);
    const bigramVal = evaluateLm(bigram, evalData).loss;
    ctx.metric('bigram_valLoss', bigramVal, 'nats/char');

    const base: Variant['cfg'] = { nHeads: p.nHeads, positional: p.positional as PositionalKind, norm: p.norm as BlockNorm, nLayers: p.nLayers };
    const keyOf = (c: Variant['cfg']) => `h${c.nHeads}-${c.positional}-${c.norm}-L${c.nLayers}`;
    const axes: { axis: string; label: string; values: { label: string; cfg: Variant['cfg'] }[] }[] = [
      { axis: 'heads', label: `heads (d_model ${p.dModel})`, values: ints(p.heads).map((h) => ({ label: `${h} head${h > 1 ? 's' : ''}`, cfg: { ...base, nHeads: h } })) },
      { axis: 'positional', label: 'positional encoding', values: list(p.positionals).map((v) => ({ label: v, cfg: { ...base, positional: v as PositionalKind } })) },
      { axis: 'norm', label: 'LayerNorm placement', values: list(p.norms).map((v) => ({ label: v === 'none' ? 'no LayerNorm' : `${v}-LN`, cfg: { ...base, norm: v as BlockNorm } })) },
      { axis: 'depth', label: 'depth', values: ints(p.depths).map((d) => ({ label: `${d} layer${d > 1 ? 's' : ''}`, cfg: { ...base, nLayers: d } })) },
    ];
    const variants = new Map<string, Variant>([[keyOf(base), { key: keyOf(base), cfg: base }]]);
    for (const a of axes) for (const v of a.values) variants.set(keyOf(v.cfg), { key: keyOf(v.cfg), cfg: v.cfg });
    const seeds = ints(p.seeds);
    const gptConfig = (c: Variant['cfg'], seed: number): GptConfig => ({ vocabSize: data.vocabSize, contextLength: T, dModel: p.dModel, dFF: p.dFF, ...c, seed });

    ctx.setup('data', `Moby-Dick (Project Gutenberg), ${data.tokens.length} characters, ${data.vocabSize} symbols; first 90 % train (${data.train.length}), last 10 % validation. Training windows of ${T} drawn uniformly (BatchSampler, seeded); validation: ${evalData.batchSize} fixed non-overlapping windows of ${T} spread over the validation split (${evalData.batchSize * T} scored characters), the same for every model.`);
    ctx.setup('model', `TfGpt (decoder-only, GELU MLP, GPT-2 init, untied head, no dropout): d_model ${p.dModel}, FFN ${p.dFF}, context ${T}. Base model: ${base.nHeads} heads, ${base.nLayers} layers, ${base.positional} positions, ${base.norm}-LN. Ablations change one factor at a time: heads {${p.heads}}, positions {${p.positionals}}, norm {${p.norms}}, depth {${p.depths}}; ${variants.size} distinct models. Baseline: bigram counts with add-1 smoothing on the training split.`);
    ctx.setup('optimisation', `Adam (TfAdam, β = (0.9, 0.999), ε = 1e-8, moment layout auto: flat except on wasm), peak lr ${p.lr}, ${p.warmupSteps} warm-up steps then cosine to lr/10 at step ${p.steps}, global grad-norm clip ${p.clip}, batch ${p.batchSize} × ${T} = ${p.batchSize * T} tokens, ${p.steps} steps; seeds {${p.seeds}} (each seed sets the initial weights and the batch order). Backend ${backend}.`);

    const summaries = new Map<string, Summary>();
    let shown: RunResult['model'] | null = null;
    ctx.progress.start(variants.size * seeds.length, 'training runs');
    for (const v of variants.values()) {
      const s: Summary = { variant: v, runs: [], entropy: null };
      for (const seed of seeds) {
        const r = trainRun(tf, gptConfig(v.cfg, seed), data.train, evalData, {
          steps: p.steps, batchSize: p.batchSize, lr: p.lr, warmupSteps: p.warmupSteps, clip: p.clip, gradEvery: p.gradEvery, dataSeed: 1000 + seed,
          onLog: (rec) => ctx.log({ variant: v.key, seed, step: rec.step, loss: rec.loss, lr: rec.lr, gradNorm: rec.totalNorm, ...Object.fromEntries(Object.entries(rec.layerNorms).map(([g, n]) => [`gradNorm ${g}`, n])) }),
        });
        const { model, ...rest } = r;
        s.runs.push(rest);
        ctx.log({ variant: v.key, seed, valLoss: r.val.loss, perplexity: r.val.perplexity, trainSeconds: r.trainSeconds, tokensPerSecond: r.tokensPerSecond });
        if (seed === seeds[0]) s.entropy = attentionStats(tf, model, evalData.x.subarray(0, p.entropyWindows * T), p.entropyWindows, T).entropy;
        if (seed === seeds[0] && v.key === keyOf(base)) shown = model;
        else model.dispose();
        ctx.progress.tick(1, { variant: v.key, val: r.val.loss.toFixed(3) });
      }
      summaries.set(v.key, s);
    }
    ctx.progress.stop();

    // Recurrent baselines at the base model's parameter count, on the same batches (dataSeed 1000 + seed).
    const baseParams = summaries.get(keyOf(base))!.runs[0]!.params;
    const kinds = list(p.baselines) as RecurrentKind[];
    const recurrent: { kind: RecurrentKind; hidden: number; params: number; val: number[]; tps: number[] }[] = [];
    if (kinds.length > 0) ctx.progress.start(kinds.length * seeds.length, 'recurrent baselines');
    for (const kind of kinds) {
      const hidden = sizeFor((h) => recurrentParams(kind, data.vocabSize, h), baseParams);
      const rec = { kind, hidden, params: 0, val: [] as number[], tps: [] as number[] };
      for (const seed of seeds) {
        const m = makeLadderModel(tf, kind, data.vocabSize, T, hidden, new Rng(7919 + seed));
        const sampler = new BatchSampler(data.train, { batchSize: p.batchSize, context: T, rng: 1000 + seed });
        try {
          const r = trainLadderModel(tf, m, {
            steps: p.steps, maxGradNorm: p.clip, every: p.gradEvery, next: () => sampler.next(),
            schedule: warmupCosineLr({ lr: p.lr, warmupSteps: p.warmupSteps, decaySteps: Math.max(p.steps, p.warmupSteps + 1) }),
            onCheckpoint: (step, sec, loss) => ctx.log({ variant: kind, seed, step, loss, trainSeconds: sec }),
          });
          m.module.eval();
          const sc = evaluateLm(m.scorer, evalData, { batchSize: 64 });
          rec.params = m.module.numParameters;
          rec.val.push(sc.loss);
          rec.tps.push((p.steps * p.batchSize * T) / r.seconds);
          ctx.log({ variant: kind, seed, valLoss: sc.loss, perplexity: sc.perplexity, trainSeconds: r.seconds });
          ctx.progress.tick(1, { variant: kind, val: sc.loss.toFixed(3) });
        } finally {
          m.module.dispose();
        }
      }
      recurrent.push(rec);
    }
    if (kinds.length > 0) ctx.progress.stop();

    const uniformH = mean(Array.from({ length: T }, (_, t) => Math.log(t + 1)));
    const rows: (string | number)[][] = [];
    for (const s of summaries.values()) {
      const vl = s.runs.map((r) => r.val.loss), c = s.variant.cfg, k = s.variant.key;
      const ent = s.entropy!.flat();
      ctx.metric(`${k}_valLoss_mean`, mean(vl), 'nats/char');
      ctx.metric(`${k}_valLoss_std`, std(vl), 'nats/char');
      ctx.metric(`${k}_tokensPerSecond`, mean(s.runs.map((r) => r.tokensPerSecond)), 'tokens/s');
      rows.push([c.nHeads, c.positional, c.norm, c.nLayers, s.runs[0]!.params, `${mean(vl).toFixed(4)} ± ${std(vl).toFixed(4)}`, mean(s.runs.map((r) => r.val.perplexity)).toFixed(3), mean(s.runs.map((r) => r.finalTrainLoss)).toFixed(3),
        `${Math.min(...ent).toFixed(2)}–${Math.max(...ent).toFixed(2)}`, mean(s.runs.map((r) => r.trainSeconds)).toFixed(1), Math.round(mean(s.runs.map((r) => r.tokensPerSecond))), s.runs.filter((r) => r.diverged).length]);
    }
    rows.push(['bigram', '', '', '', data.vocabSize ** 2, bigramVal.toFixed(4), Math.exp(bigramVal).toFixed(3), '', '', '', '', '']);
    ctx.table('results', `Every distinct model (mean ± sample std over ${seeds.length} seed(s)): validation loss on the ${evalData.batchSize} fixed windows (nats/char) and perplexity; final training minibatch loss; attention entropy range over all heads and layers (nats; uniform causal attention over ${T} positions has mean ${uniformH.toFixed(2)}), first seed; training wall seconds and tokens/s (backend ${backend}; the machine is shared, read ratios).`,
      ['heads', 'positions', 'norm', 'layers', 'parameters', 'val loss', 'perplexity', 'final train loss', 'attention entropy', 'train s', 'tokens/s', 'diverged'], rows);

    const val = (cfg: Variant['cfg']) => summaries.get(keyOf(cfg))!.runs.map((r) => r.val.loss);
    for (const a of axes) {
      const bars = a.values.map((x) => ({ group: x.label, mean: mean(val(x.cfg)), std: std(val(x.cfg)) }));
      ctx.plot(`val-loss-${a.axis}`, zoomed(barWithErrors({
        title: `Validation loss by ${a.label} (mean ± std over ${seeds.length} seed${seeds.length > 1 ? 's' : ''})`,
        data: bars, xLabel: a.label, yLabel: 'validation loss (nats/char)',
      }), bars, bigramVal), `Validation cross-entropy on the ${evalData.batchSize} fixed windows, the other factors at the base model's values (${keyOf(base)}); lower is better. The y axis is zoomed (it does not start at 0); the dashed red line is the bigram baseline, ${bigramVal.toFixed(3)} nats/char.`);
      a.values.forEach((x) => ctx.metric(`${a.axis}_${x.label.replace(/[^A-Za-z0-9]+/g, '')}_valLoss`, mean(val(x.cfg)), 'nats/char'));
    }
    const normAxis = axes.find((a) => a.axis === 'norm')!;
    const gradRuns = normAxis.values.map((x) => ({ label: x.label, curve: summaries.get(keyOf(x.cfg))!.runs[0]!.gradCurve }));
    const allNorms = gradRuns.flatMap((g) => g.curve.flatMap((c) => Object.values(c.norms))).filter((v) => v > 0);
    const domain = [Math.min(...allNorms) / 1.25, Math.max(...allNorms) * 1.25];
    for (const g of gradRuns) {
      const rowsG = g.curve.flatMap((c) => Object.entries(c.norms).map(([layer, n]) => ({ step: c.step, norm: n, layer })));
      const spec = linePlot({ title: `Per-layer gradient norm during training: ${g.label} (first seed)`, data: rowsG, x: 'step', y: 'norm', series: 'layer', logY: true, xLabel: 'training step', yLabel: '‖∂L/∂θ‖₂ of the layer (pre-clip, log scale)' });
      ((spec.encoding as Record<string, Record<string, unknown>>).y!).scale = { type: 'log', domain };
      ctx.plot(`grad-norms-${g.label.replace(/[^A-Za-z0-9]+/g, '').toLowerCase()}`, spec,
        `Pre-clip L2 norm of the gradient of each layer group (embeddings; each block; head = final LayerNorm, if any, + output projection), every ${p.gradEvery} steps, base model with ${g.label}. Same log y axis on every LayerNorm placement's plot.`);
    }

    const model = shown!;
    const hm = Math.min(p.heatmapLength, T);
    const st = attentionStats(tf, model, evalData.x.subarray(0, T), 1, T);
    const chars = Array.from(evalData.x.subarray(0, hm), (id, t) => `${t} ${show(data.corpus.vocab[id]!)}`);
    const lastL = st.entropy.length - 1;
    for (const l of [0, lastL].filter((v, i, arr) => arr.indexOf(v) === i)) {
      const ent = summaries.get(keyOf(base))!.entropy![l]!;
      const h = ent.indexOf(Math.min(...ent));
      const w = st.weights[l]!;
      const values = Array.from({ length: hm }, (_, i) => Array.from({ length: hm }, (_, j) => w[(h * T + i) * T + j]!));
      ctx.plot(`attention-layer${l}`, heatmap({ title: `Base model, layer ${l}, head ${h} (lowest entropy): attention on a validation sequence`, values, xLabels: chars, yLabels: chars, xTitle: 'key position and character', yTitle: 'query position and character', colorTitle: 'attention weight', width: 520, height: 520 }),
        `Attention weights a_ij of the most focused head of block ${l} (mean entropy ${ent[h]!.toFixed(2)} nats over ${p.entropyWindows} windows) on the first ${hm} characters of the first validation window (␣ space, ⏎ newline). Row i is query i; the upper triangle is masked (causal).`);
      ent.forEach((e, j) => ctx.metric(`base_entropy_layer${l}_head${j}`, e, 'nats'));
    }

    const best = [...summaries.values()].sort((a, b) => mean(a.runs.map((r) => r.val.loss)) - mean(b.runs.map((r) => r.val.loss)))[0]!;
    const prompt = data.corpus.encode('Call me Ishmael. ');
    const sample = sampleLm(asNextToken(tf, model), prompt, { length: p.sampleLength, rng: ctx.rng.fork(), temperature: p.temperature });
    const greedy = sampleLm(asNextToken(tf, model), prompt, { length: p.sampleLength, rng: ctx.rng.fork(), temperature: 0 });
    const bigramSample = sampleLm(bigram, prompt, { length: p.sampleLength, rng: ctx.rng.fork(), temperature: 1 });
    const dec = (ids: Int32Array) => JSON.stringify(data.corpus.decode(ids));
    ctx.table('samples', `Generated after the prompt "Call me Ishmael. " (${p.sampleLength} characters, JSON-escaped): the base model (first seed) at temperature ${p.temperature} and greedy, and the bigram at temperature 1.`,
      ['model', 'temperature', 'text'], [[`base (${keyOf(base)})`, p.temperature, dec(sample)], [`base (${keyOf(base)})`, 0, dec(greedy)], ['bigram', 1, dec(bigramSample)]]);
    model.dispose();

    const baseVal = mean(val(base));
    ctx.metric('base_valLoss', baseVal, 'nats/char');
    if (recurrent.length > 0) {
      const baseRuns = summaries.get(keyOf(base))!.runs;
      const cmp = [{ group: `transformer (d = ${p.dModel})`, mean: baseVal, std: std(val(base)) }, ...recurrent.map((r) => ({ group: `${r.kind.toUpperCase()} (H = ${r.hidden})`, mean: mean(r.val), std: std(r.val) }))];
      ctx.metric('base_params', baseParams);
      recurrent.forEach((r) => { ctx.metric(`${r.kind}_valLoss_mean`, mean(r.val), 'nats/char'); ctx.metric(`${r.kind}_params`, r.params); });
      const bestRec = recurrent.reduce((a, b) => (mean(b.val) < mean(a.val) ? b : a));
      ctx.metric('bestRecurrent_valLoss', mean(bestRec.val), 'nats/char');
      ctx.metric('baseMinusBestRecurrent', baseVal - mean(bestRec.val), 'nats/char');
      ctx.table('recurrent-baselines', `The base transformer against recurrent LMs (one layer on one-hot input, linear readout, zero state per window; src/experiments/lm-ladder-models.ts) sized to its parameter count, trained on the same ${p.steps * p.batchSize * T} tokens (the same batches seed by seed) with the same Adam, schedule and clip; mean ± sample std over ${seeds.length} seed(s), scored on the same validation windows.`,
        ['model', 'hidden / d_model', 'parameters', 'val loss', 'perplexity', 'tokens/s'],
        [[`transformer (${keyOf(base)})`, p.dModel, baseParams, `${baseVal.toFixed(4)} ± ${std(val(base)).toFixed(4)}`, Math.exp(baseVal).toFixed(3), Math.round(mean(baseRuns.map((r) => r.tokensPerSecond)))],
          ...recurrent.map((r) => [r.kind.toUpperCase(), r.hidden, r.params, `${mean(r.val).toFixed(4)} ± ${std(r.val).toFixed(4)}`, Math.exp(mean(r.val)).toFixed(3), Math.round(mean(r.tps))])]);
      ctx.plot('val-loss-vs-recurrent', zoomed(barWithErrors({ title: `Transformer vs recurrent baselines at ${baseParams} parameters and equal tokens (mean ± std over ${seeds.length} seed${seeds.length > 1 ? 's' : ''})`, data: cmp, xLabel: 'model', yLabel: 'validation loss (nats/char)' }), cmp, bigramVal),
        `Validation cross-entropy on the same ${evalData.batchSize} windows after the same ${p.steps * p.batchSize * T} training tokens; the recurrent hidden sizes are the closest to the base model's ${baseParams} parameters. Zoomed y axis; dashed red line: bigram.`);
      ctx.observe(`Base transformer ${baseVal.toFixed(3)} vs best recurrent baseline (${bestRec.kind.toUpperCase()}, H = ${bestRec.hidden}, ${bestRec.params} parameters) ${mean(bestRec.val).toFixed(3)} nats/char at equal tokens: the transformer ${baseVal < mean(bestRec.val) ? 'beats' : 'does not beat'} it (difference ${(baseVal - mean(bestRec.val)).toFixed(3)}).`);
    }
    const posVal = (k: string) => (summaries.has(keyOf({ ...base, positional: k as PositionalKind })) ? mean(val({ ...base, positional: k as PositionalKind })) : NaN);
    const withPos = Math.min(...['learned', 'rope'].map(posVal).filter((x) => Number.isFinite(x)));
    ctx.metric('bestPositional_valLoss', withPos, 'nats/char');
    ctx.metric('noPositional_valLoss', posVal('none'), 'nats/char');
    const leaked = tf.memory().numTensors - tensorsAtStart;
    ctx.metric('tensorsLeaked', leaked);
    ctx.observe(`Base model (${keyOf(base)}): ${baseVal.toFixed(3)} nats/char (perplexity ${Math.exp(baseVal).toFixed(2)}) vs bigram ${bigramVal.toFixed(3)} (${Math.exp(bigramVal).toFixed(2)}); best variant ${best.variant.key} at ${mean(best.runs.map((r) => r.val.loss)).toFixed(3)}.`);
    ctx.observe(`Positions: learned/RoPE best ${withPos.toFixed(3)} vs none ${posVal('none').toFixed(3)} nats/char.`);
    ctx.observe(`Sample (base, τ = ${p.temperature}): ${dec(sample)}`);
    ctx.observe(`Tensors left on the backend after every model was disposed: ${leaked}.`);
  },
  expect: (m) => ({
    pass: m.bestPositional_valLoss! < m.noPositional_valLoss! && m.base_valLoss! < m.bigram_valLoss! && m.tensorsLeaked === 0,
    criterion: 'learned or RoPE positions beat no positional encoding on validation loss; the base transformer beats the bigram baseline; no tensor leaked',
    detail: `best of learned/RoPE ${m.bestPositional_valLoss?.toFixed(4)} vs none ${m.noPositional_valLoss?.toFixed(4)} nats/char; base ${m.base_valLoss?.toFixed(4)} vs bigram ${m.bigram_valLoss?.toFixed(4)}; tensors leaked ${m.tensorsLeaked}`,
  }),
});
