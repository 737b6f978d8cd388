/**
 * One dataset of the `pca-vs-autoencoder` experiment: split, PCA (one full-solver fit), the
 * Eckart–Young check, and a linear and a nonlinear autoencoder per k.
 *
 * @see ../../../../docs/level1-math/pca-vs-autoencoder.md
 */
import { Matrix, colMean, gatherRows, trainTestSplit, type ExperimentContext } from '@fpml/core';
import type { Tf } from '@fpml/core/tf';
import { PCA } from '../decomposition/index.js';
import { Autoencoder, evaluateAutoencoder, toTensor } from './pca-vs-ae-models.js';
import { covarianceEigenvalues, pcaBasis, pcaReconstruct, principalAngles, tailSum, timeIt } from './pca-vs-ae-geometry.js';

/** A dataset in [0, 1] with class labels. */
export interface ImageData {
  name: string;
  X: Matrix; // (n, d), values in [0, 1]
  labels: Int32Array; // (n,)
  classNames: readonly string[];
  imageShape: [number, number];
}

/** The knobs this part reads. */
export interface DatasetParams {
  ks: readonly number[];
  testSize: number;
  linearEpochs: number;
  linearLr: number;
  /** Minibatch of the linear AE; 0 = full batch (one Adam step per epoch). */
  linearBatchSize: number;
  nonlinearEpochs: number;
  lr: number;
  batchSize: number;
  hidden: readonly number[];
  angleK: number;
  imageK: number;
  nImages: number;
  embedPoints: number;
}

export type Method = 'PCA' | 'linear AE' | 'nonlinear AE';

/** What one dataset produced. */
export interface DatasetResult {
  mse: { k: number; method: Method; split: 'train' | 'test'; mse: number }[];
  eckartYoung: { k: number; perSampleSse: number; discarded: number; relError: number }[];
  angles: { epoch: number; angle: number }[];
  images: { originals: Float64Array[]; byMethod: Record<Method, Float64Array[]> };
  embeddings: { method: Method; x: number; y: number; label: string }[];
  seconds: Record<Method, number>;
  /** Seconds of `new PCA({ nComponents: maxK })` (svdSolver 'auto') and what 'auto' chose. */
  secondsPcaAuto: number;
  pcaAutoSolver: 'full' | 'randomized';
  nTrain: number;
  nTest: number;
}

const rowsOf = (M: Matrix | Float32Array, d: number, count: number): Float64Array[] =>
  Array.from({ length: count }, (_, i) => Float64Array.from((M instanceof Matrix ? M.data : M).subarray(i * d, (i + 1) * d)));

/**
 * Run every method on `data`. The k list is `params.ks` plus 2 (embeddings), `angleK` and `imageK`.
 */
export async function runDataset(ctx: ExperimentContext<unknown>, tf: Tf, data: ImageData, p: DatasetParams): Promise<DatasetResult> {
  const split = trainTestSplit(data.X, data.labels, { testSize: p.testSize, seed: ctx.rng.int(2 ** 31) });
  const { XTrain, XTest } = split;
  const d = XTrain.cols;
  const ks = [...new Set([...p.ks, 2, p.angleK, p.imageK])].sort((a, b) => a - b);
  const maxK = ks[ks.length - 1]!;
  const out: DatasetResult = {
    mse: [], eckartYoung: [], angles: [], embeddings: [], nTrain: XTrain.rows, nTest: XTest.rows,
    images: { originals: rowsOf(XTest, d, p.nImages), byMethod: { PCA: [], 'linear AE': [], 'nonlinear AE': [] } },
    seconds: { PCA: 0, 'linear AE': 0, 'nonlinear AE': 0 }, secondsPcaAuto: 0, pcaAutoSolver: 'full',
  };

  // PCA: one full-solver fit with maxK components; PCA(k) is its first k components.
  let pca = new PCA();
  out.seconds.PCA = await timeIt(() => { pca = new PCA({ nComponents: maxK, svdSolver: 'full' }).fit(XTrain); });
  let auto = new PCA();
  out.secondsPcaAuto = await timeIt(() => { auto = new PCA({ nComponents: maxK }).fit(XTrain); });
  out.pcaAutoSolver = auto.fitSvdSolver;
  const lambda = covarianceEigenvalues(XTrain); // (d,) descending, biased covariance, by eigh
  for (const k of ks) {
    const train = pcaReconstruct(pca, XTrain, k);
    const test = pcaReconstruct(pca, XTest, k);
    const discarded = tailSum(lambda, k);
    out.eckartYoung.push({ k, perSampleSse: train.perSampleSse, discarded, relError: Math.abs(train.perSampleSse - discarded) / discarded });
    out.mse.push({ k, method: 'PCA', split: 'train', mse: train.perSampleSse / d }, { k, method: 'PCA', split: 'test', mse: test.perSampleSse / d });
    if (k === p.imageK) out.images.byMethod.PCA = rowsOf(test.R, d, p.nImages);
  }
  const nEmbed = Math.min(p.embedPoints, XTest.rows);
  const embedRows = Int32Array.from({ length: nEmbed }, (_, i) => i);
  const scores = pca.transform(gatherRows(XTest, embedRows)); // (nEmbed, maxK)
  for (let i = 0; i < nEmbed; i++) out.embeddings.push({ method: 'PCA', x: scores.get(i, 0), y: scores.get(i, 1), label: data.classNames[split.yTest[i]!]! });

  // The linear AE sees centred inputs (training mean removed; its error is unchanged by the shift,
  // and without it Adam spends most of its steps on the mean direction); the nonlinear AE sees
  // [0, 1] pixels, matching its sigmoid output.
  const mu = colMean(XTrain); // (d,)
  const centre = (M: Matrix) => new Matrix(M.rows, d, M.data.map((v, t) => v - mu[t % d]!));
  const tensors = {
    raw: { train: toTensor(tf, XTrain), test: toTensor(tf, XTest) },
    centred: { train: toTensor(tf, centre(XTrain)), test: toTensor(tf, centre(XTest)) },
  };
  const Xemb = toTensor(tf, gatherRows(XTest, embedRows));
  const shuffle = ctx.rng.fork();
  try {
    for (const k of ks) {
      for (const method of ['linear AE', 'nonlinear AE'] as const) {
        const linear = method === 'linear AE';
        const ae = new Autoencoder(tf, {
          inputDim: d, codeDim: k, hidden: linear ? [] : p.hidden, nonlinear: !linear,
          lr: linear ? p.linearLr : p.lr, batchSize: linear ? p.linearBatchSize || XTrain.rows : p.batchSize,
        }, () => ctx.tfSeed());
        try {
          const epochs = linear ? p.linearEpochs : p.nonlinearEpochs;
          const track = linear && k === p.angleK;
          const V = track ? pcaBasis(pca, k) : null;
          if (V) out.angles.push({ epoch: 0, angle: principalAngles(ae.decoderBasis(), V).at(-1)! });
          const { train: Xtr, test: Xte } = linear ? tensors.centred : tensors.raw;
          const t0 = process.hrtime.bigint();
          for (let e = 1; e <= epochs; e++) {
            const loss = await ae.trainEpoch(Xtr, shuffle);
            ctx.log({ dataset: data.name, method, k, epoch: e, loss });
            if (V) out.angles.push({ epoch: e, angle: principalAngles(ae.decoderBasis(), V).at(-1)! });
          }
          out.seconds[method] += Number(process.hrtime.bigint() - t0) / 1e9;
          const tr = evaluateAutoencoder(tf, ae, Xtr);
          const te = evaluateAutoencoder(tf, ae, Xte, k === p.imageK ? p.nImages : 0);
          out.mse.push({ k, method, split: 'train', mse: tr.mse }, { k, method, split: 'test', mse: te.mse });
          if (k === p.imageK) out.images.byMethod[method] = rowsOf(te.head, d, p.nImages).map((r) => (linear ? r.map((v, j) => v + mu[j]!) : r));
          if (k === 2 && !linear) {
            const z = ae.encode(Xemb);
            const codes = z.dataSync();
            z.dispose();
            for (let i = 0; i < nEmbed; i++) out.embeddings.push({ method, x: codes[2 * i]!, y: codes[2 * i + 1]!, label: data.classNames[split.yTest[i]!]! });
          }
          ctx.progress.tick(1, { dataset: data.name, k, method, testMse: te.mse });
        } finally {
          ae.dispose();
        }
      }
    }
  } finally {
    tf.dispose([tensors.raw.train, tensors.raw.test, tensors.centred.train, tensors.centred.test, Xemb]);
  }
  return out;
}

/** The number of progress ticks {@link runDataset} makes. */
export function datasetTicks(p: Pick<DatasetParams, 'ks' | 'angleK' | 'imageK'>): number {
  return 2 * new Set([...p.ks, 2, p.angleK, p.imageK]).size;
}
