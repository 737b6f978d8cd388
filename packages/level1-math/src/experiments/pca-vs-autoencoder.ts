/**
 * Flagship experiment `pca-vs-autoencoder` (level 1): PCA from scratch against a linear and a
 * nonlinear autoencoder on digits and Fashion-MNIST.
 *
 * 1. Reconstruction MSE $\frac{1}{nd}\sum_i\lVert x_i - \hat x_i\rVert^2$ on train and test vs the code size k.
 * 2. Eckart–Young: PCA's per-sample training error equals $\sum_{j>k}\lambda_j$ of the biased covariance.
 * 3. The linear AE's decoder subspace converges to PCA's top-k subspace (largest principal angle → 0).
 * 4. Wall time vs the cost models $O(nd^2 + d^3)$ (PCA) and $O(\text{epochs}\cdot n\cdot d h)$ (AE).
 * 5. Reconstructions side by side and 2-D embeddings coloured by class.
 *
 * @see ../../../../docs/level1-math/pca-vs-autoencoder.md
 */
import { defineExperiment, imageGrid, linePlot, scatterPlot, Matrix } from '@fpml/core';
import { loadDigits, loadFashionMnist } from '@fpml/datasets';
import { complexityTicks, measureComplexity, theoreticalExponents } from './pca-vs-ae-complexity.js';
import { datasetTicks, runDataset, type DatasetResult, type ImageData, type Method } from './pca-vs-ae-dataset.js';

const METHODS: readonly Method[] = ['PCA', 'linear AE', 'nonlinear AE'];
const key = (m: Method) => (m === 'PCA' ? 'pca' : m === 'linear AE' ? 'linearAE' : 'nonlinearAE');
const short = (ds: string) => (ds === 'fashion-mnist' ? 'fashion' : ds);

function loadData(name: string, fashionLimit: number): ImageData {
  if (name === 'digits') {
    const { X, y, targetNames } = loadDigits();
    const Xs = new Matrix(X.rows, X.cols, X.data.map((v) => v / 16)); // 0..16 → [0, 1]
    return { name, X: Xs, labels: Int32Array.from(y), classNames: targetNames.map(String), imageShape: [8, 8] };
  }
  const f = loadFashionMnist({ limit: fashionLimit });
  return { name, X: f.X, labels: f.labels, classNames: [...f.targetNames], imageShape: f.imageShape as [number, number] };
}

export default defineExperiment({
  name: 'pca-vs-autoencoder',
  level: 1,
  objective: 'When does a nonlinear autoencoder beat PCA at reconstruction, what does it cost, and does a linear autoencoder really learn the PCA subspace?',
  params: {
    datasets: ['digits', 'fashion-mnist'],
    ks: [2, 5, 10, 20, 30, 50],
    fashionLimit: 10000,
    testSize: 0.25,
    linearEpochs: 800,
    linearLr: 0.01,
    linearBatchSize: 0,
    nonlinearEpochs: 30,
    lr: 0.003,
    batchSize: 64,
    hidden: [512, 128],
    angleK: 10,
    imageK: 10,
    nImages: 8,
    embedPoints: 1000,
    timingN: [500, 1000, 2000, 4000],
    timingD: [98, 196, 392, 784],
    timingNFixedD: 392,
    timingDFixedN: 2000,
    timingEpochs: 2,
  },
  quick: {
    ks: [2, 10, 30], fashionLimit: 2000, linearEpochs: 400, nonlinearEpochs: 20,
    timingN: [250, 500, 1000], timingD: [49, 98, 196, 392], timingNFixedD: 196, timingDFixedN: 1000, timingEpochs: 1,
  },
  paramDocs: {
    datasets: "any of 'digits' (1797×64) and 'fashion-mnist' (t10k, 784 pixels)",
    ks: 'code sizes k',
    fashionLimit: 'first N Fashion-MNIST images used',
    testSize: 'test fraction of the seeded split',
    linearEpochs: 'Adam epochs of the linear AE',
    linearLr: 'Adam learning rate of the linear AE',
    linearBatchSize: 'minibatch of the linear AE; 0 = full batch (one step per epoch)',
    nonlinearEpochs: 'Adam epochs of the nonlinear AE',
    lr: 'Adam learning rate of the nonlinear AE',
    batchSize: 'minibatch size of both AEs',
    hidden: 'nonlinear encoder widths (decoder mirrors them)',
    angleK: 'k at which the linear AE subspace is tracked against PCA per epoch',
    imageK: 'k of the reconstructions shown',
    nImages: 'test images shown',
    embedPoints: 'test points in the 2-D embedding plots',
    timingN: 'sample sizes n of the timing sweep (d fixed)',
    timingD: 'feature counts d of the timing sweep (n fixed)',
    timingNFixedD: 'd during the n sweep',
    timingDFixedN: 'n during the d sweep',
    timingEpochs: 'AE epochs timed per configuration',
  },
  async run(ctx) {
    const P = ctx.params;
    const { tf, backend } = await ctx.tf();
    const names = P.datasets.filter((d) => d === 'digits' || d === 'fashion-mnist');
    ctx.setup('data', `${names.map((n) => (n === 'digits' ? 'digits 1797×64 (÷16 → [0, 1])' : `Fashion-MNIST t10k, first ${P.fashionLimit} images, 784 pixels in [0, 1]`)).join('; ')}; seeded train/test split (test ${P.testSize})`);
    ctx.setup('model', `PCA (ours, full SVD, svd_flip signs; one fit with max k components, PCA(k) = its first k, which are nested); linear AE d→k→d (no activations, biases) on mean-centred inputs; nonlinear AE d→${P.hidden.join('→')}→k→${[...P.hidden].reverse().join('→')}→d (ReLU, linear code, sigmoid output); k ∈ {${[...new Set([...P.ks, 2, P.angleK, P.imageK])].sort((a, b) => a - b).join(', ')}} (the ks asked for, plus 2 for the embeddings, ${P.angleK} for the angles, ${P.imageK} for the images)`);
    ctx.setup('optimisation', `Adam on MSE, shuffles from the run's Rng, Glorot-uniform weights seeded by ctx.tfSeed(); linear AE ${P.linearEpochs} epochs at lr ${P.linearLr}, ${P.linearBatchSize > 0 ? `batch ${P.linearBatchSize}` : 'full batch'}; nonlinear AE ${P.nonlinearEpochs} epochs at lr ${P.lr}, batch ${P.batchSize}; tfjs backend ${backend} (float32); PCA in float64`);
    const params = { ...P, ks: P.ks as readonly number[], hidden: P.hidden as readonly number[] };
    ctx.progress.start(names.length * datasetTicks(params) + complexityTicks(params), 'pca-vs-autoencoder');

    const results = new Map<string, { data: ImageData; r: DatasetResult }>();
    for (const name of names) {
      const data = loadData(name, P.fashionLimit);
      const r = await runDataset(ctx, tf, data, params);
      results.set(name, { data, r });
      const ds = short(name);
      for (const row of r.mse) ctx.metric(`${ds}_${row.split}Mse_${key(row.method)}_k${row.k}`, row.mse, 'MSE');
      const ey = Math.max(...r.eckartYoung.map((e) => e.relError));
      ctx.metric(`${ds}_eckartYoungMaxRelError`, ey);
      ctx.metric(`${ds}_linearAE_finalMaxAngle_k${P.angleK}`, r.angles.at(-1)!.angle, 'rad');
      for (const m of METHODS) ctx.metric(`${ds}_seconds_${key(m)}`, r.seconds[m], 's');
      ctx.metric(`${ds}_seconds_pcaAuto`, r.secondsPcaAuto, 's');
      const [h, w] = data.imageShape;
      ctx.observe(`${name}: Eckart–Young holds: PCA's per-sample training error equals the sum of the discarded eigenvalues of the biased covariance (from eigh, independently of PCA's SVD) to ${ey.toExponential(1)} relative, over k ∈ {${r.eckartYoung.map((e) => e.k).join(', ')}}.`);
      ctx.observe(`${name}: the linear AE's largest principal angle to PCA's top-${P.angleK} subspace fell from ${r.angles[0]!.angle.toFixed(3)} rad (random init) to ${r.angles.at(-1)!.angle.toExponential(2)} rad after ${P.linearEpochs} epochs.`);

      for (const split of ['test', 'train'] as const) {
        ctx.plot(`mse-${split}-${ds}`, linePlot({
          title: `${name}: ${split} reconstruction MSE vs k`, data: r.mse.filter((m) => m.split === split).map(({ k, method, mse }) => ({ k, method, mse })),
          x: 'k', y: 'mse', series: 'method', xLabel: 'code size k (log scale)', yLabel: `${split} MSE per pixel (log scale)`, logX: true, logY: true,
        }), `${split === 'test' ? 'Held-out' : 'Training'} reconstruction MSE per pixel of the three methods on ${name} (n_train = ${r.nTrain}, n_test = ${r.nTest}). The linear AE should lie on PCA's curve; the nonlinear AE below it at small k.`);
      }
      ctx.plot(`reconstructions-${ds}`, imageGrid({
        title: `${name}: test images (top row) and reconstructions at k = ${P.imageK}`,
        images: [...r.images.originals, ...METHODS.flatMap((m) => r.images.byMethod[m])].map((im) => im.map((v) => Math.min(1, Math.max(0, v)))),
        labels: ['original', ...METHODS].flatMap((m) => r.images.originals.map((_, i) => `${m} ${i + 1}`)),
        width: w, height: h, columns: r.images.originals.length, pixel: h <= 8 ? 8 : 3,
      }), `Rows: original, PCA, linear AE, nonlinear AE, all with a ${P.imageK}-dimensional code, on the first ${r.images.originals.length} test images (intensities clipped to [0, 1] for display; PCA and the linear AE can overshoot).`);
      for (const m of ['PCA', 'nonlinear AE'] as const) {
        ctx.plot(`embedding-${key(m)}-${ds}`, scatterPlot({
          title: `${name}: 2-D ${m === 'PCA' ? 'PCA scores' : 'nonlinear AE codes'} (k = 2), test set`,
          data: r.embeddings.filter((e) => e.method === m).map(({ x, y, label }) => ({ x, y, class: label })),
          x: 'x', y: 'y', color: 'class', xLabel: m === 'PCA' ? 'PC 1' : 'code 1', yLabel: m === 'PCA' ? 'PC 2' : 'code 2', size: 14,
        }), `First ${Math.min(P.embedPoints, r.nTest)} test points embedded in 2-D by ${m === 'PCA' ? 'PCA (projection on the top-2 principal axes)' : 'the nonlinear autoencoder with k = 2'}, coloured by class.`);
      }
    }

    const angleRows = [...results].flatMap(([name, { r }]) => r.angles.map((a) => ({ epoch: a.epoch, angle: Math.max(a.angle, 1e-8), dataset: name })));
    ctx.plot('linear-ae-subspace-angle', linePlot({
      title: `Linear AE vs PCA: largest principal angle, k = ${P.angleK}`, data: angleRows, x: 'epoch', y: 'angle', series: 'dataset',
      xLabel: 'training epoch', yLabel: 'largest principal angle (rad, log scale)', logY: true,
    }), `Largest principal angle between the column space of the linear AE's decoder weights and PCA's top-${P.angleK} subspace (cosines = singular values of Q₁ᵀQ₂), per epoch. Baldi–Hornik: the minimiser spans the PCA subspace, so it should go to 0 (down to float32/Adam noise).`);

    // Complexity on the widest dataset present.
    const widest = [...results.values()].sort((a, b) => b.data.X.cols - a.data.X.cols)[0]!;
    const cx = await measureComplexity(ctx, tf, widest.data.X, ctx.rng.fork(), params);
    const theory = theoreticalExponents(cx.rows);
    for (const sweep of ['n', 'd'] as const) {
      const rows = cx.rows.filter((r) => r.sweep === sweep);
      if (rows.length < 2) continue;
      const fixed = sweep === 'n' ? `d = ${rows[0]!.d}` : `n = ${rows[0]!.n}`;
      ctx.plot(`complexity-vs-${sweep}`, linePlot({
        title: `${widest.data.name}: wall time vs ${sweep} (${fixed})`,
        data: rows.flatMap((r) => [
          { [sweep]: r[sweep], seconds: r.pcaSeconds, curve: 'PCA measured' }, { [sweep]: r[sweep], seconds: cx.cPca * r.pcaCost, curve: 'PCA model' },
          { [sweep]: r[sweep], seconds: r.aeSeconds, curve: 'AE measured' }, { [sweep]: r[sweep], seconds: cx.cAe * r.aeCost, curve: 'AE model' },
        ]),
        x: sweep, y: 'seconds', series: 'curve', xLabel: `${sweep} (log scale)`, yLabel: 'seconds (log scale)', logX: true, logY: true,
      }), `Measured wall time of a full-solver PCA fit and of ${P.timingEpochs} nonlinear-AE epoch(s) (after a warm-up epoch) against the cost models PCA c·(nd² + d³) and AE c·epochs·n·MACs, each scaled by one constant fitted over all timings (MACs = Σ products of adjacent layer widths ≈ 2dh₁ when the first layer dominates, i.e. O(epochs·n·d·h)).`);
    }
    for (const [k, v] of Object.entries(cx.exponents)) if (Number.isFinite(v)) ctx.metric(`timeExponent_${k}`, v);
    ctx.observe(`Timing (${widest.data.name}): PCA time grows as n^${cx.exponents.pcaN.toFixed(2)} (model ${theory.pcaN.toFixed(2)}) and d^${cx.exponents.pcaD.toFixed(2)} (model ${theory.pcaD.toFixed(2)}); an AE epoch as n^${cx.exponents.aeN.toFixed(2)} (model ${theory.aeN.toFixed(2)}) and d^${cx.exponents.aeD.toFixed(2)} (model ${theory.aeD.toFixed(2)}).`);

    // Conclusion: where the nonlinear model pays off (≥ 10% lower test MSE than PCA).
    const verdicts: string[] = [];
    for (const [name, { r }] of results) {
      const test = (m: Method, k: number) => r.mse.find((x) => x.method === m && x.split === 'test' && x.k === k)!.mse;
      const ks = [...new Set(r.mse.map((x) => x.k))];
      const wins = ks.filter((k) => test('nonlinear AE', k) < 0.9 * test('PCA', k));
      const pcaBest = Math.min(r.seconds.PCA, r.secondsPcaAuto);
      const cost = r.seconds['nonlinear AE'] / ks.length / pcaBest;
      const gain = ks.map((k) => `k=${k}: ${(100 * (1 - test('nonlinear AE', k) / test('PCA', k))).toFixed(0)}%`).join(', ');
      ctx.observe(`${name}: nonlinear AE test-MSE reduction vs PCA (negative = worse): ${gain}. Training it costs ${cost.toFixed(0)}× a PCA fit per k (${r.seconds['nonlinear AE'].toFixed(1)} s for ${ks.length} k's vs ${r.seconds.PCA.toFixed(2)} s for the one full-SVD PCA fit that serves every k, or ${r.secondsPcaAuto.toFixed(2)} s with svdSolver 'auto' = ${r.pcaAutoSolver} at k = ${Math.max(...ks)}).`);
      verdicts.push(wins.length === 0 ? `on ${name} it never beat PCA by 10%` : `on ${name} it beat PCA by ≥ 10% at k ∈ {${wins.join(', ')}} for ~${cost.toFixed(0)}× the compute`);
    }
    ctx.observe(`Conclusion: ${verdicts.join('; ')}. The nonlinear model is worth its cost when the code must be small and the data lie near a curved manifold, where no linear map can follow them; where it does not win, PCA (optimal among linear maps, no training, one fit for every k) is the better tool, and a linear AE only re-derives PCA's subspace, slowly.`);
  },
  expect: (m, p) => {
    const dss = p.datasets.filter((d) => d === 'digits' || d === 'fashion-mnist').map(short);
    const kMax = Math.max(...p.ks, 2, p.angleK, p.imageK);
    const ey = Math.max(...dss.map((d) => m[`${d}_eckartYoungMaxRelError`]!));
    const ratios = dss.map((d) => m[`${d}_testMse_linearAE_k${kMax}`]! / m[`${d}_testMse_pca_k${kMax}`]!);
    return {
      pass: ey <= 1e-9 && ratios.every((r) => r <= 1.05),
      criterion: `Eckart–Young holds to 1e-9 relative on every dataset, and the linear AE's test MSE is within 5% of PCA's at the largest k (${kMax})`,
      detail: `Eckart–Young max relative error ${ey.toExponential(2)}; linear AE / PCA test MSE at k = ${kMax}: ${dss.map((d, i) => `${d} ${ratios[i]!.toFixed(4)}`).join(', ')}`,
    };
  },
});
