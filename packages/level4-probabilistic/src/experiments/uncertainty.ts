/**
 * Experiment `uncertainty` (level 4): how well calibrated are a plain network, MC dropout and a
 * deep ensemble on digits, and does their uncertainty rise on inputs unlike the training data?
 *
 * Data: scikit-learn's 8×8 digits, one seeded stratified split into train / validation / test,
 * standardised with the training pixels' mean and standard deviation. Model: an MLP
 * 64 → H → H → 10 with ReLU and dropout $p$ after each hidden layer (level3-deep's `TfLinear`,
 * `TfReLU`, `TfDropout` in a `TfSequential`), trained by `tfFit` with `TfAdam` on the mean
 * cross-entropy. Per seed, $M$ such nets from independent initialisations and batch orders:
 * - **plain**: member 0 evaluated with dropout off, $p = \mathrm{softmax}(f_\theta(x))$;
 * - **plain + temperature**: the same logits divided by $T$ fitted on the validation split
 *   (`fitTemperature`, Guo et al. 2017);
 * - **MC dropout**: member 0 with dropout on, $\bar p = \frac1T\sum_t \mathrm{softmax}(f_{\theta\odot m_t}(x))$ (Gal & Ghahramani 2016);
 * - **deep ensemble**: all $M$ members with dropout off, probabilities averaged (Lakshminarayanan et al. 2017).
 * Reported over seeds (mean ± std): test accuracy, NLL, Brier, ECE (15 equal-width bins, and
 * adaptive), MCE; reliability diagrams; and out of distribution, on three sets pushed through the
 * same standardisation: Fashion-MNIST images reduced to 8×8 (crop 2 px, 3×3 means, rescaled to
 * 0..16: far OOD), the test digits rotated by 90° (near OOD), and the test digits with Gaussian
 * pixel noise (a corrupted but still labelled set: calibration under shift). For each, the mean
 * predictive entropy and the AUROC of entropy (and, for MC dropout / ensemble, of the mutual
 * information) as a detector against the clean test digits.
 *
 * @see ../../../../docs/level4-probabilistic/uncertainty.md
 */
import { InvalidParamError, Matrix, barWithErrors, defineExperiment, linePlot, type Rng } from '@fpml/core';
import type { Tf } from '@fpml/core/tf';
import { loadDigits, loadFashionMnist } from '@fpml/datasets';
import { TfAdam, TfDropout, TfLinear, TfReLU, TfSequential, tfFit, type TfTensor } from '@fpml/level3-deep';
import {
  decomposeUncertainty, ensemblePredict, fitTemperature, mcDropoutPredict, negativeLogLikelihood, brierScore, oodAuroc,
  predictLogits, predictiveEntropy, reliabilityDiagram, softmaxWithTemperature, type PredictiveSamples,
} from '../calibration/index.js';

type Row = Record<string, number | string>;
const METHODS = [
  { key: 'plain', name: 'plain' },
  { key: 'plainTs', name: 'plain + temperature' },
  { key: 'mcDropout', name: 'MC dropout' },
  { key: 'ensemble', name: 'deep ensemble' },
] as const;
type MethodKey = (typeof METHODS)[number]['key'];
const OOD = [
  { key: 'fashion', name: 'Fashion-MNIST 8×8' },
  { key: 'rotated', name: 'digits rotated 90°' },
  { key: 'noise', name: 'noisy digits' },
] as const;
type SetKey = 'test' | (typeof OOD)[number]['key'];

const mean = (v: readonly number[]): number => v.reduce((s, x) => s + x, 0) / v.length;
const std = (v: readonly number[]): number => (v.length < 2 ? 0 : Math.sqrt(v.reduce((s, x) => s + (x - mean(v)) ** 2, 0) / (v.length - 1)));
const fmt = (v: readonly number[], d = 3, scale = 1): string => `${(scale * mean(v)).toFixed(d)} ± ${(scale * std(v)).toFixed(d)}`;

/** Train / validation / test indices, each class split in the same proportions (seeded). */
function stratifiedSplit(y: Int32Array, valFraction: number, testFraction: number, rng: Rng): { train: number[]; val: number[]; test: number[] } {
  const out = { train: [] as number[], val: [] as number[], test: [] as number[] };
  for (let c = 0; c <= Math.max(...y); c++) {
    const idx: number[] = [];
    y.forEach((v, i) => { if (v === c) idx.push(i); });
    const perm = rng.permutation(idx.length), nTest = Math.round(testFraction * idx.length), nVal = Math.round(valFraction * idx.length);
    perm.forEach((p, r) => (r < nTest ? out.test : r < nTest + nVal ? out.val : out.train).push(idx[p]!));
  }
  return out;
}

/** Fashion-MNIST 28×28 bytes → 8×8 on the digits' 0..16 scale: drop a 2-px border, average 3×3 blocks. */
function fashionTo8x8(pixels: Uint8Array, n: number): Float64Array {
  const out = new Float64Array(n * 64); // (n, 64)
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < 8; r++) for (let c = 0; c < 8; c++) {
      let s = 0;
      for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) s += pixels[i * 784 + (2 + 3 * r + a) * 28 + 2 + 3 * c + b]!;
      out[i * 64 + r * 8 + c] = (s / 9) * (16 / 255);
    }
  }
  return out;
}

/** Each 8×8 image rotated by 90° clockwise: out[r][c] = in[7 − c][r]. */
function rotate90(X: Float64Array): Float64Array {
  const out = new Float64Array(X.length);
  for (let i = 0; i < X.length / 64; i++) for (let r = 0; r < 8; r++) for (let c = 0; c < 8; c++) out[i * 64 + r * 8 + c] = X[i * 64 + (7 - c) * 8 + r]!;
  return out;
}

export default defineExperiment({
  name: 'uncertainty',
  level: 4,
  objective: 'On digits, how well calibrated are a plain MLP, MC dropout and a deep ensemble (ECE, NLL, Brier, reliability diagrams), and does their predictive entropy flag out-of-distribution inputs?',
  params: {
    valFraction: 0.2, testFraction: 0.2, standardise: 'global', hidden: 128, dropout: 0.25, epochs: 60, batchSize: 64, lr: 0.001,
    seeds: 3, members: 5, mcSamples: 50, nBins: 15, oodLimit: 1000, noiseStd: 4,
  },
  quick: { epochs: 25, seeds: 2, members: 3, mcSamples: 20, oodLimit: 500 },
  paramDocs: {
    valFraction: 'fraction of each class held out for fitting the temperature',
    testFraction: 'fraction of each class held out for testing',
    standardise: "'global': one mean and std over all training pixels; 'pixel': per-pixel mean and std (amplifies pixels that are almost always blank in training, see the docs)",
    hidden: 'width H of both hidden layers',
    dropout: 'dropout probability p after each hidden layer (training, and MC dropout at test time)',
    epochs: 'training epochs per net',
    batchSize: 'minibatch size',
    lr: 'Adam step size',
    seeds: 'repetitions (new initialisations and batch orders; the split is fixed)',
    members: 'nets M per deep ensemble (member 0 is also the plain / MC-dropout net)',
    mcSamples: 'stochastic passes T of MC dropout',
    nBins: 'bins of the reliability diagram and ECE',
    oodLimit: 'Fashion-MNIST images used as the far-OOD set',
    noiseStd: 'standard deviation of the Gaussian pixel noise of the corrupted set (pixels are 0..16, clipped)',
  },
  async run(ctx) {
    const p = ctx.params;
    const { tf, backend } = await ctx.tf();
    const tensorsAtStart = tf.memory().numTensors;
    const digits = loadDigits();
    const split = stratifiedSplit(digits.y, p.valFraction, p.testFraction, ctx.rng.fork());
    const rows = (idx: number[]) => { const o = new Float64Array(idx.length * 64); idx.forEach((i, r) => o.set(digits.X.data.subarray(i * 64, (i + 1) * 64), r * 64)); return o; };
    const labels = (idx: number[]) => Int32Array.from(idx, (i) => digits.y[i]!);
    const raw: Record<'train' | 'val' | SetKey, Float64Array> = {
      train: rows(split.train), val: rows(split.val), test: rows(split.test),
      fashion: fashionTo8x8(loadFashionMnist({ limit: p.oodLimit, raw: true }).pixels, p.oodLimit),
      rotated: rotate90(rows(split.test)),
      noise: (() => { const r = ctx.rng.fork(); return rows(split.test).map((v) => Math.min(16, Math.max(0, v + p.noiseStd * r.standardNormal()))); })(),
    };
    const y = { train: labels(split.train), val: labels(split.val), test: labels(split.test) };
    // standardise every set with training statistics: one mean and std over all training pixels
    // ('global'), or one per pixel ('pixel'; constant pixels get scale 1)
    if (p.standardise !== 'global' && p.standardise !== 'pixel') throw new InvalidParamError('uncertainty', 'standardise', p.standardise, "'global' or 'pixel'");
    const mu = new Float64Array(64), sd = new Float64Array(64);
    const nTr = split.train.length;
    for (let i = 0; i < nTr; i++) for (let j = 0; j < 64; j++) mu[j]! += raw.train[i * 64 + j]! / nTr;
    for (let i = 0; i < nTr; i++) for (let j = 0; j < 64; j++) sd[j]! += (raw.train[i * 64 + j]! - mu[j]!) ** 2 / nTr;
    if (p.standardise === 'global') {
      const m = mean(Array.from(mu)), v = mean(Array.from(sd, (s2, j) => s2 + (mu[j]! - m) ** 2)); // total variance = mean within + between
      mu.fill(m);
      sd.fill(Math.sqrt(v));
    } else for (let j = 0; j < 64; j++) sd[j] = sd[j]! > 1e-12 ? Math.sqrt(sd[j]!) : 1;
    const device = {} as Record<keyof typeof raw, TfTensor>;
    for (const [k, v] of Object.entries(raw) as [keyof typeof raw, Float64Array][]) device[k] = tf.tensor2d(Float32Array.from(v, (x, t) => (x - mu[t % 64]!) / sd[t % 64]!), [v.length / 64, 64]);
    const yTrain = tf.tensor1d(y.train, 'int32');
    ctx.setup('data', `scikit-learn digits (1797 images 8×8, pixels 0..16), one stratified split (seeded): ${split.train.length} train, ${split.val.length} validation (temperature only), ${split.test.length} test; pixels standardised with the training ${p.standardise === 'global' ? 'mean and std over all pixels' : 'per-pixel mean and std'}. OOD sets through the same standardisation: the first ${p.oodLimit} Fashion-MNIST t10k images reduced to 8×8 (2-px border dropped, 3×3 block means, ×16/255); the ${split.test.length} test digits rotated 90° clockwise; the test digits plus N(0, ${p.noiseStd}²) pixel noise, clipped to [0, 16] (still labelled).`);
    ctx.setup('model', `MLP 64 → ${p.hidden} → ${p.hidden} → 10, ReLU, dropout p = ${p.dropout} after each hidden layer (TfSequential of TfLinear, TfReLU, TfDropout; PyTorch-default init). Plain: member 0, dropout off; plain + temperature: its logits / T, T fitted on the validation split by minimising the NLL (safeguarded Newton on 1/T); MC dropout: member 0, dropout on, T = ${p.mcSamples} passes averaged; deep ensemble: M = ${p.members} members (member 0 included), dropout off, probabilities averaged.`);
    ctx.setup('optimisation', `tfFit with TfAdam (β = (0.9, 0.999), ε = 1e-8), lr ${p.lr}, batch ${p.batchSize}, ${p.epochs} epochs, mean cross-entropy; ${p.seeds} seeds × ${p.members} members, each with its own initialisation, dropout masks and batch order. Backend ${backend}. Metrics: ECE / MCE with ${p.nBins} equal-width bins (adaptive ECE: ${p.nBins} equal-mass bins), NLL in nats, multiclass Brier (summed over classes).`);

    type Scores = { accuracy: number; nll: number; brier: number; ece: number; eceAdaptive: number; mce: number };
    const score = (P: Matrix, yy: Int32Array): Scores => {
      const d = reliabilityDiagram(P, yy, { nBins: p.nBins }), a = reliabilityDiagram(P, yy, { nBins: p.nBins, strategy: 'quantile' });
      return { accuracy: d.accuracy, nll: negativeLogLikelihood(P, yy), brier: brierScore(P, yy), ece: d.ece, eceAdaptive: a.ece, mce: d.mce };
    };
    const acc = new Map<string, number[]>();
    const push = (k: string, v: number) => { if (!acc.has(k)) acc.set(k, []); acc.get(k)!.push(v); };
    const reliabilityRows: Row[] = [], entropyRows: Row[] = [];
    const temperatures: number[] = [];
    ctx.progress.start(p.seeds * p.members, 'training nets');
    for (let s = 0; s < p.seeds; s++) {
      const nets: TfSequential[] = [];
      for (let m = 0; m < p.members; m++) {
        const rng = ctx.rng.fork();
        const net = new TfSequential(tf, new TfLinear(tf, 64, p.hidden, { rng }), new TfReLU(tf), new TfDropout(tf, p.dropout, { rng }),
          new TfLinear(tf, p.hidden, p.hidden, { rng }), new TfReLU(tf), new TfDropout(tf, p.dropout, { rng }), new TfLinear(tf, p.hidden, 10, { rng }));
        const opt = new TfAdam(tf, net, { lr: p.lr });
        const t0 = performance.now();
        const h = tfFit({
          model: net, optimizer: opt, batchSize: p.batchSize, epochs: p.epochs, rng, recordSteps: false, trackGradNorm: false,
          data: { size: nTr, batch: (idx: Int32Array) => { const i = tf.tensor1d(idx, 'int32'); return { x: tf.gather(device.train, i), y: tf.gather(yTrain, i) }; } },
          loss: (model, b) => tf.neg(tf.mean(tf.sum(tf.mul(tf.oneHot(b.y as ReturnType<Tf['tensor1d']>, 10), tf.logSoftmax(model.forward(b.x) as ReturnType<Tf['tensor2d']>)), 1))), // −(1/B) Σ log p_{i,yᵢ}
          callbacks: { onEpochEnd: (e) => { if (s === 0) ctx.log({ seed: s, member: m, epoch: e.epoch + 1, trainLoss: e.loss }); } },
        });
        opt.dispose();
        push('trainLoss', h.epochs.at(-1)!.loss);
        push('trainSeconds', (performance.now() - t0) / 1000);
        nets.push(net);
        ctx.progress.tick(1, { seed: s, member: m, loss: h.epochs.at(-1)!.loss.toFixed(4) });
      }
      // Predictions of the four methods on every set.
      const plainLogits = (k: keyof typeof device) => predictLogits(tf, nets[0]!, device[k]);
      const T = fitTemperature(plainLogits('val'), y.val);
      temperatures.push(T.temperature);
      const sets: SetKey[] = ['test', 'fashion', 'rotated', 'noise'];
      const preds = {} as Record<MethodKey, Record<SetKey, { mean: Matrix; mi: Float64Array | null }>>;
      for (const { key } of METHODS) preds[key] = {} as Record<SetKey, { mean: Matrix; mi: Float64Array | null }>;
      for (const set of sets) {
        const z = plainLogits(set);
        preds.plain[set] = { mean: softmaxWithTemperature(z), mi: null };
        preds.plainTs[set] = { mean: softmaxWithTemperature(z, T.temperature), mi: null };
        const withMi = (r: PredictiveSamples) => ({ mean: r.mean, mi: decomposeUncertainty(r.samples).mutualInformation });
        preds.mcDropout[set] = withMi(mcDropoutPredict(tf, nets[0]!, device[set], { samples: p.mcSamples }));
        preds.ensemble[set] = withMi(ensemblePredict(tf, nets, device[set]));
      }
      for (const { key, name } of METHODS) {
        const sc = score(preds[key].test.mean, y.test);
        ctx.log({ seed: s, method: key, ...sc });
        for (const [mk, v] of Object.entries(sc)) push(`${key}_${mk}`, v);
        const shifted = score(preds[key].noise.mean, y.test);
        for (const mk of ['accuracy', 'nll', 'ece'] as const) push(`${key}_noise_${mk}`, shifted[mk]);
        const hIn = predictiveEntropy(preds[key].test.mean);
        push(`${key}_entropy_test`, mean(Array.from(hIn)));
        for (const o of OOD) {
          const hOut = predictiveEntropy(preds[key][o.key].mean);
          push(`${key}_entropy_${o.key}`, mean(Array.from(hOut)));
          push(`${key}_auroc_${o.key}`, oodAuroc(hIn, hOut));
          const miIn = preds[key].test.mi, miOut = preds[key][o.key].mi;
          if (miIn && miOut) push(`${key}_aurocMI_${o.key}`, oodAuroc(miIn, miOut));
        }
        if (s === 0) {
          for (const b of reliabilityDiagram(preds[key].test.mean, y.test, { nBins: p.nBins }).bins) if (b.count > 0) reliabilityRows.push({ confidence: b.confidence!, accuracy: b.accuracy!, method: name, count: b.count });
          if (key !== 'plainTs') {
            const edges = 20, hMax = Math.log(10);
            for (const set of sets) {
              const h = predictiveEntropy(preds[key][set].mean), counts = new Array<number>(edges).fill(0);
              for (const v of h) counts[Math.min(edges - 1, Math.floor((v / hMax) * edges))]! += 1;
              counts.forEach((c, b) => entropyRows.push({ method: name, entropy: ((b + 0.5) / edges) * hMax, fraction: c / h.length, set: set === 'test' ? 'digits (test)' : OOD.find((o) => o.key === set)!.name }));
            }
          }
        }
      }
      for (const n of nets) n.dispose();
    }
    ctx.progress.stop();
    for (const t of [...Object.values(device), yTrain]) t.dispose();
    const leaked = tf.memory().numTensors - tensorsAtStart;
    ctx.metric('tensorsLeaked', leaked);

    for (const [k, v] of acc) { ctx.metric(`${k}_mean`, mean(v)); ctx.metric(`${k}_std`, std(v)); }
    ctx.metric('temperature_mean', mean(temperatures));
    ctx.metric('temperature_std', std(temperatures));
    const g = (k: string) => acc.get(k) ?? [];
    const nSeeds = `${p.seeds} seed${p.seeds === 1 ? '' : 's'}`;
    ctx.table('calibration', `Test-set figures (${split.test.length} digits), mean ± sample std over ${nSeeds}. ECE / MCE: ${p.nBins} equal-width bins; adaptive ECE: ${p.nBins} equal-mass bins. Lower is better except accuracy.`,
      ['method', 'accuracy (%)', 'NLL (nats)', 'Brier', 'ECE (%)', 'adaptive ECE (%)', 'MCE (%)'],
      METHODS.map(({ key, name }) => [name, fmt(g(`${key}_accuracy`), 2, 100), fmt(g(`${key}_nll`), 4), fmt(g(`${key}_brier`), 4), fmt(g(`${key}_ece`), 2, 100), fmt(g(`${key}_eceAdaptive`), 2, 100), fmt(g(`${key}_mce`), 1, 100)]));
    ctx.table('ood', `Mean predictive entropy (nats; the maximum for 10 classes is log 10 = 2.303) on the clean test digits and on each shifted set, and the AUROC of entropy (and of the mutual information, where the method has samples) as a detector of the shifted set against the clean test digits; mean ± std over ${nSeeds}.`,
      ['method', 'H digits', ...OOD.map((o) => `H ${o.name}`), ...OOD.map((o) => `AUROC(H) ${o.name}`), ...OOD.map((o) => `AUROC(MI) ${o.name}`)],
      METHODS.map(({ key, name }) => [name, fmt(g(`${key}_entropy_test`)), ...OOD.map((o) => fmt(g(`${key}_entropy_${o.key}`))), ...OOD.map((o) => fmt(g(`${key}_auroc_${o.key}`))), ...OOD.map((o) => (g(`${key}_aurocMI_${o.key}`).length ? fmt(g(`${key}_aurocMI_${o.key}`)) : '—'))]));
    ctx.table('shift', `The noisy digits (N(0, ${p.noiseStd}²) pixel noise, labels kept): accuracy, NLL and ECE under covariate shift; mean ± std over ${nSeeds}.`,
      ['method', 'accuracy (%)', 'NLL (nats)', 'ECE (%)'],
      METHODS.map(({ key, name }) => [name, fmt(g(`${key}_noise_accuracy`), 2, 100), fmt(g(`${key}_noise_nll`), 4), fmt(g(`${key}_noise_ece`), 2, 100)]));

    const diag = [{ confidence: 0.1, accuracy: 0.1, method: 'perfect calibration', count: 0 }, { confidence: 1, accuracy: 1, method: 'perfect calibration', count: 0 }];
    ctx.plot('reliability', linePlot({ title: `Reliability diagram, digits test set (seed 0, ${p.nBins} bins)`, data: [...reliabilityRows, ...diag], x: 'confidence', y: 'accuracy', series: 'method', xLabel: 'mean confidence in bin', yLabel: 'accuracy in bin', width: 520, height: 360 }),
      'Each point is one non-empty equal-width bin of the top-label confidence: its mean confidence against its accuracy. Points below the diagonal are over-confident, above it under-confident. Nearly all test digits fall in the top bin, so the low bins hold few points and are noisy.');
    for (const { key, name } of METHODS.filter((m) => m.key !== 'plainTs')) {
      ctx.plot(`entropy-${key}`, linePlot({ title: `${name}: predictive entropy, clean vs shifted inputs (seed 0)`, data: entropyRows.filter((r) => r.method === name), x: 'entropy', y: 'fraction', series: 'set', xLabel: 'predictive entropy (nats, 20 bins on [0, log 10])', yLabel: 'fraction of the set' }),
        `Histogram of the predictive entropy of ${name} on the clean test digits and on each shifted set. The further the shifted curves sit to the right of the clean one, the better entropy separates them (AUROC in the ood table).`);
    }
    ctx.plot('ece', barWithErrors({ title: `Test ECE by method (mean ± std over ${nSeeds})`, data: METHODS.map(({ key, name }) => ({ group: name, mean: 100 * mean(g(`${key}_ece`)), std: 100 * std(g(`${key}_ece`)) })), xLabel: 'method', yLabel: 'ECE (%)' }),
      `Expected calibration error on the ${split.test.length} test digits, ${p.nBins} equal-width bins.`);
    ctx.plot('ood-auroc', barWithErrors({ title: `AUROC of predictive entropy as an OOD detector (mean ± std over ${nSeeds})`, data: METHODS.flatMap(({ key, name }) => OOD.map((o) => ({ group: name, series: o.name, mean: mean(g(`${key}_auroc_${o.key}`)), std: std(g(`${key}_auroc_${o.key}`)) }))), xLabel: 'method', yLabel: 'AUROC (0.5 = chance)' }),
      'Area under the ROC curve of "flag as shifted when the entropy exceeds a threshold", shifted set positive, clean test digits negative.');

    const m = (k: string) => mean(g(k));
    ctx.observe(`Test accuracy: plain ${(100 * m('plain_accuracy')).toFixed(2)}%, MC dropout ${(100 * m('mcDropout_accuracy')).toFixed(2)}%, deep ensemble ${(100 * m('ensemble_accuracy')).toFixed(2)}%. NLL: ${m('plain_nll').toFixed(4)}, ${m('plainTs_nll').toFixed(4)} (temperature T = ${mean(temperatures).toFixed(3)}), ${m('mcDropout_nll').toFixed(4)}, ${m('ensemble_nll').toFixed(4)} (plain, plain + temperature, MC dropout, ensemble). ECE: ${METHODS.map(({ key }) => `${(100 * m(`${key}_ece`)).toFixed(2)}%`).join(', ')}.`);
    ctx.observe(`Fashion-MNIST 8×8 (far OOD): mean entropy ${METHODS.map(({ key, name }) => `${name} ${m(`${key}_entropy_fashion`).toFixed(3)} vs ${m(`${key}_entropy_test`).toFixed(3)} on digits`).join('; ')}. AUROC(entropy): ${METHODS.map(({ key, name }) => `${name} ${m(`${key}_auroc_fashion`).toFixed(3)}`).join(', ')}.`);
    ctx.observe(`Rotated digits (near OOD): AUROC(entropy) ${METHODS.map(({ key, name }) => `${name} ${m(`${key}_auroc_rotated`).toFixed(3)}`).join(', ')}. Noisy digits: accuracy ${METHODS.map(({ key, name }) => `${name} ${(100 * m(`${key}_noise_accuracy`)).toFixed(1)}%`).join(', ')}; ECE ${METHODS.map(({ key }) => `${(100 * m(`${key}_noise_ece`)).toFixed(1)}%`).join(', ')}.`);
    ctx.observe(`Tensors left on the backend after every net, optimiser and data tensor was disposed: ${leaked}.`);
  },
  expect: (mt) => ({
    pass: mt.ensemble_nll_mean! < mt.plain_nll_mean! && mt.ensemble_auroc_fashion_mean! > mt.plain_auroc_fashion_mean! && mt.tensorsLeaked === 0,
    criterion: 'the deep ensemble has a lower test NLL than the plain net and a higher entropy AUROC on Fashion-MNIST 8×8; no tensor leaked',
    detail: `NLL ensemble ${mt.ensemble_nll_mean!.toFixed(4)} vs plain ${mt.plain_nll_mean!.toFixed(4)}; AUROC(H) Fashion ensemble ${mt.ensemble_auroc_fashion_mean!.toFixed(3)} vs plain ${mt.plain_auroc_fashion_mean!.toFixed(3)}; tensors leaked ${mt.tensorsLeaked}`,
  }),
});
