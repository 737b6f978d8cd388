/**
 * Experiment `lm-ladder` (level 3): the character-level language-model ladder on Moby-Dick —
 * bigram counts, Bengio's MLP LM, a vanilla RNN, a GRU, an LSTM and a decoder-only transformer —
 * on the same split, the same token budget and (neural rungs) the same parameter budget.
 *
 * Each neural rung is sized so its parameter count is the closest its size grid allows to
 * `paramBudget` (MLP: hidden units; RNN/GRU/LSTM: hidden size; transformer: $d_\text{model}$,
 * multiples of 4), then trained by Adam on the mean cross-entropy
 * $\mathcal L = -\frac{1}{BT}\sum_{b,t}\log p_\theta(y_{b,t}\mid x_{b,\le t})$ for `steps` batches of
 * $B \times T$ windows from one seeded `BatchSampler` stream (every model sees the same tokens).
 * The bigram is fitted by counting a training prefix as long as the tokens seen. All are scored by
 * `evaluateLm` on the same fixed validation windows (nats/char, perplexity $e^{\mathcal L}$).
 *
 * @see ../../../../docs/level3-deep/lm-ladder.md
 */
import { Rng, defineExperiment, linePlot } from '@fpml/core';
import { BatchSampler, evalWindows, loadMobyDickLm } from '../lm/data.js';
import { BigramLm } from '../lm/bigram.js';
import { evaluateLm } from '../lm/evaluate.js';
import { sampleLm } from '../lm/sample.js';
import { warmupCosineLr } from '../train/schedules.js';
import { gptParams, makeLadderModel, mlpLmParams, recurrentParams, sizeFor, trainLadderModel, type RecurrentKind } from './lm-ladder-models.js';

type Rung = 'mlp' | RecurrentKind | 'transformer';
const RUNGS: readonly Rung[] = ['mlp', 'rnn', 'gru', 'lstm', 'transformer'];
const LABEL: Record<Rung | 'bigram', string> = { bigram: 'bigram (counts)', mlp: 'MLP (Bengio)', rnn: 'vanilla RNN', gru: 'GRU', lstm: 'LSTM', transformer: 'transformer' };

export default defineExperiment({
  name: 'lm-ladder',
  level: 3,
  objective: 'On Moby-Dick characters, with one split, one token budget and one parameter budget, how far does each rung of the ladder (bigram, MLP, RNN, GRU, LSTM, transformer) get in validation nats/char, at what speed, and what does it write?',
  params: {
    paramBudget: 426_240,
    steps: 2000,
    batchSize: 32,
    context: 64,
    lr: 0.003,
    warmupSteps: 100,
    maxGradNorm: 1,
    evalEvery: 200,
    curveWindows: 128,
    evalWindows: 0,
    mlpContext: 8,
    mlpEmbed: 16,
    bigramAlpha: 0.1,
    sampleLength: 240,
    temperature: 0.8,
    prompt: 'Call me Ishmael. ',
  },
  quick: { paramBudget: 40_000, steps: 240, batchSize: 16, lr: 0.005, evalEvery: 40, curveWindows: 32, evalWindows: 200, sampleLength: 120 },
  paramDocs: {
    paramBudget: 'target parameter count of every neural rung (each sized to the closest its grid allows); the default 426,240 makes the transformer rung exactly the W6 model (dModel 128, 4 heads, 2 layers, FFN 512, context 64)',
    steps: 'Adam steps per neural rung (token budget = steps × batchSize × context)',
    batchSize: 'windows per batch B',
    context: 'window length T (training, scoring and the transformer context)',
    lr: 'peak Adam learning rate (linear warm-up, cosine decay to lr/10 at the last step)',
    warmupSteps: 'linear warm-up steps',
    maxGradNorm: 'global gradient-norm clip',
    evalEvery: 'steps between validation checkpoints of the loss curve',
    curveWindows: 'validation windows (spread evenly) scored at each checkpoint',
    evalWindows: 'validation windows of the final score (0 = all of them)',
    mlpContext: 'MLP LM: previous characters n',
    mlpEmbed: 'MLP LM: embedding width d',
    bigramAlpha: 'bigram add-α smoothing',
    sampleLength: 'characters generated per model',
    temperature: 'sampling temperature (same seed and prompt for every model)',
    prompt: 'prompt of the samples',
  },
  async run(ctx) {
    const p = ctx.params;
    const { tf, backend } = await ctx.tf();
    const tensorsAtStart = tf.memory().numTensors;
    const data = loadMobyDickLm();
    const V = data.vocabSize, T = p.context, B = p.batchSize;
    const tokensPerStep = B * T, budget = p.steps * tokensPerStep;
    const finalSet = evalWindows(data.val, T, p.evalWindows > 0 ? p.evalWindows : undefined);
    const curveSet = evalWindows(data.val, T, p.curveWindows);
    const sizes: Record<Rung, number> = {
      mlp: sizeFor((h) => mlpLmParams(V, p.mlpContext, p.mlpEmbed, h), p.paramBudget),
      rnn: sizeFor((h) => recurrentParams('rnn', V, h), p.paramBudget),
      gru: sizeFor((h) => recurrentParams('gru', V, h), p.paramBudget),
      lstm: sizeFor((h) => recurrentParams('lstm', V, h), p.paramBudget),
      transformer: sizeFor((e) => gptParams(V, T, e, 2), p.paramBudget, 4),
    };
    ctx.setup('data', `Moby-Dick, ${data.tokens.length} characters, V = ${V}; first 90 % train (${data.train.length}), last 10 % validation (${data.val.length}), contiguous. Training windows: one seeded BatchSampler stream per model, same seed, so every model sees the same ${budget} tokens (${p.steps} steps × ${B} × ${T}). Final score on ${finalSet.batchSize} fixed validation windows of ${T} (${finalSet.batchSize * T} characters); curve checkpoints on ${curveSet.batchSize} of them.`);
    ctx.setup('model', `bigram: add-${p.bigramAlpha} counts. MLP: n = ${p.mlpContext}, d = ${p.mlpEmbed}, hidden ${sizes.mlp} (tanh). RNN (tanh) / GRU / LSTM: one layer on one-hot input, hidden ${sizes.rnn} / ${sizes.gru} / ${sizes.lstm}, linear readout, zero state at each window start. Transformer: TfGpt pre-LN, 2 layers, 4 heads, dModel ${sizes.transformer}, FFN 4·dModel, learned positions, context ${T}. Neural rungs sized to ${p.paramBudget} parameters.`);
    ctx.setup('optimisation', `Adam (β = (0.9, 0.999), ε = 1e-8), peak lr ${p.lr}, warm-up ${p.warmupSteps} steps then cosine to lr/10, global grad-norm clip ${p.maxGradNorm}; mean cross-entropy. Backend ${backend}. tokens/s = training tokens / training seconds (checkpoint scoring excluded); wall time includes scoring and sampling.`);

    const got: Record<string, number> = {};
    const metric = (k: string, v: number, unit?: string) => { got[k] = v; ctx.metric(k, v, unit); };
    const prompt = data.corpus.encode(p.prompt);
    const sampleSeed = ctx.rng.int(2 ** 31);
    const curve: Record<string, number | string>[] = [];
    const table: (string | number)[][] = [];
    const samples: string[] = [];
    const sample = (name: string, m: Parameters<typeof sampleLm>[0]) => {
      const s = data.corpus.decode(sampleLm(m, prompt, { length: p.sampleLength, rng: sampleSeed, temperature: p.temperature }));
      samples.push(`**${name}**\n\n> ${(p.prompt + s).replace(/\s+/g, ' ').trim()}`);
      ctx.log({ model: name, sample: s });
    };
    ctx.progress.start(RUNGS.length + 1, 'models');

    // Bigram: counts over a training prefix as long as the tokens seen so far.
    {
      const t0 = performance.now();
      for (let s = p.evalEvery; s <= p.steps + p.evalEvery - 1; s += p.evalEvery) {
        const seen = Math.min(s, p.steps) * tokensPerStep;
        const bi = new BigramLm({ alpha: p.bigramAlpha }).fit(data.train.subarray(0, Math.min(seen, data.train.length)), V);
        curve.push({ tokens: seen, loss: evaluateLm(bi, curveSet).loss, model: LABEL.bigram });
      }
      const f0 = performance.now();
      const n = Math.min(budget, data.train.length);
      const bi = new BigramLm({ alpha: p.bigramAlpha }).fit(data.train.subarray(0, n), V);
      const fitSec = (performance.now() - f0) / 1000;
      const sc = evaluateLm(bi, finalSet);
      sample(LABEL.bigram, bi);
      const wall = (performance.now() - t0) / 1000;
      metric('bigram_valLoss', sc.loss, 'nats/char');
      metric('bigram_perplexity', sc.perplexity);
      table.push([LABEL.bigram, sc.loss.toFixed(4), sc.perplexity.toFixed(2), V * V, Math.round(n / Math.max(fitSec, 1e-6)), wall.toFixed(1)]);
      ctx.progress.tick(1, { model: 'bigram', loss: sc.loss.toFixed(3) });
    }

    for (const rung of RUNGS) {
      const t0 = performance.now();
      const m = makeLadderModel(tf, rung, V, T, sizes[rung], ctx.rng.fork(), { n: p.mlpContext, d: p.mlpEmbed });
      const params = m.module.numParameters;
      const sampler = new BatchSampler(data.train, { batchSize: B, context: T, rng: new Rng(ctx.seed ^ 0x5eed) });
      try {
        const r = trainLadderModel(tf, m, {
          steps: p.steps, maxGradNorm: p.maxGradNorm, every: p.evalEvery, next: () => sampler.next(),
          schedule: warmupCosineLr({ lr: p.lr, warmupSteps: Math.min(p.warmupSteps, p.steps - 1), decaySteps: p.steps }),
          onCheckpoint: (step, sec, last) => {
            const loss = evaluateLm(m.scorer, curveSet).loss;
            curve.push({ tokens: step * tokensPerStep, loss, model: LABEL[rung] });
            ctx.log({ model: rung, step, tokens: step * tokensPerStep, trainLoss: last, valLoss: loss, trainSeconds: sec });
          },
        });
        const sc = evaluateLm(m.scorer, finalSet);
        sample(LABEL[rung], m.scorer);
        const wall = (performance.now() - t0) / 1000;
        const tps = budget / r.seconds;
        metric(`${rung}_valLoss`, sc.loss, 'nats/char');
        metric(`${rung}_perplexity`, sc.perplexity);
        metric(`${rung}_params`, params);
        metric(`${rung}_tokensPerSecond`, tps, 'tokens/s');
        metric(`${rung}_wallSeconds`, wall, 's');
        table.push([LABEL[rung], sc.loss.toFixed(4), sc.perplexity.toFixed(2), params, Math.round(tps), wall.toFixed(1)]);
        ctx.progress.tick(1, { model: rung, loss: sc.loss.toFixed(3) });
      } finally {
        m.module.dispose();
      }
    }
    ctx.progress.stop();

    const mm = (k: string): number => got[k]!;
    const neural = RUNGS.map((r) => mm(`${r}_valLoss`));
    const counts = RUNGS.map((r) => mm(`${r}_params`));
    const bestRec = Math.min(mm('rnn_valLoss'), mm('gru_valLoss'), mm('lstm_valLoss'));
    metric('uniformLoss', Math.log(V), 'nats/char');
    metric('tokenBudget', budget, 'tokens');
    metric('bestNeuralLoss', Math.min(...neural), 'nats/char');
    metric('worstNeuralLoss', Math.max(...neural), 'nats/char');
    metric('paramSpread', Math.max(...counts) / Math.min(...counts));
    metric('transformerMinusBestRecurrent', mm('transformer_valLoss') - bestRec, 'nats/char');
    metric('transformerBeatsRecurrent', mm('transformer_valLoss') < bestRec ? 1 : 0);
    const leaked = tf.memory().numTensors - tensorsAtStart;
    metric('tensorsLeaked', leaked);

    ctx.table('ladder', `Validation loss on ${finalSet.batchSize * T} characters (${finalSet.batchSize} fixed windows of ${T}) after ${budget} training tokens; uniform = ln ${V} = ${Math.log(V).toFixed(4)}. Bigram "parameters" = its V² counts, its tokens/s = counting speed. Backend ${backend}.`,
      ['model', 'val loss (nats/char)', 'perplexity', 'parameters', 'train tokens/s', 'wall s'], table);
    ctx.plot('val-loss-vs-tokens', linePlot({ title: `Moby-Dick: validation loss vs training tokens seen (${p.paramBudget / 1000}k-parameter budget)`, data: curve, x: 'tokens', y: 'loss', series: 'model', xLabel: 'training tokens seen', yLabel: `validation loss, nats/char (${curveSet.batchSize} windows)` }),
      `Validation cross-entropy on ${curveSet.batchSize} fixed windows every ${p.evalEvery} steps (${p.evalEvery * tokensPerStep} tokens). The bigram point at n tokens is the bigram counted on the first n training characters.`);
    ctx.observe(`Samples (seed ${sampleSeed}, temperature ${p.temperature}, prompt "${p.prompt}"):\n\n${samples.join('\n\n')}`);
    ctx.observe(`Parameters: ${RUNGS.map((r, i) => `${LABEL[r]} ${counts[i]}`).join(', ')} (max/min ${(Math.max(...counts) / Math.min(...counts)).toFixed(3)}).`);
    ctx.observe(`Transformer ${mm('transformer_valLoss').toFixed(4)} vs best recurrent ${bestRec.toFixed(4)} nats/char: the transformer ${mm('transformer_valLoss') < bestRec ? 'beats' : 'does not beat'} the best recurrent model at this budget.`);
    ctx.observe(`Tensors left on the backend after every model was disposed: ${leaked}.`);
  },
  expect: (m) => ({
    pass: (['mlp', 'rnn', 'gru', 'lstm', 'transformer'] as const).every((r) => m[`${r}_valLoss`]! < m.uniformLoss!) && m.bestNeuralLoss! < m.bigram_valLoss! && m.paramSpread! <= 1.3 && m.tensorsLeaked === 0,
    criterion: 'every neural model beats the uniform ln V; the best neural model beats the bigram; neural parameter counts within a factor 1.3 (max/min); no tensor leaked',
    detail: `uniform ${m.uniformLoss?.toFixed(4)}, bigram ${m.bigram_valLoss?.toFixed(4)}, best neural ${m.bestNeuralLoss?.toFixed(4)}, worst neural ${m.worstNeuralLoss?.toFixed(4)}, param spread ${m.paramSpread?.toFixed(3)}, transformer − best recurrent ${m.transformerMinusBestRecurrent?.toFixed(4)}, leaked ${m.tensorsLeaked}`,
  }),
});
