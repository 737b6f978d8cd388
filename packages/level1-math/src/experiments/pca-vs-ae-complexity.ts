/**
 * Wall time against theoretical cost for the `pca-vs-autoencoder` experiment: PCA (full SVD,
 * $O(nd^2 + d^3)$ for $n \ge d$) and one epoch of the nonlinear autoencoder ($O(n \cdot \mathrm{MACs})$, i.e.
 * $O(n d h)$ when the first layer dominates), at several n (fixed d) and several d (fixed n).
 *
 * @see ../../../../docs/level1-math/pca-vs-autoencoder.md
 */
import { Matrix, type ExperimentContext, type Rng } from '@fpml/core';
import type { Tf } from '@fpml/core/tf';
import { PCA } from '../decomposition/index.js';
import { Autoencoder, toTensor } from './pca-vs-ae-models.js';
import { fitConstant, logLogSlope, timeIt } from './pca-vs-ae-geometry.js';

/** The knobs this part reads. */
export interface ComplexityParams {
  timingN: readonly number[];
  timingD: readonly number[];
  timingNFixedD: number;
  timingDFixedN: number;
  timingEpochs: number;
  hidden: readonly number[];
  batchSize: number;
  lr: number;
}

/** One timed configuration. */
export interface TimingRow {
  sweep: 'n' | 'd';
  n: number;
  d: number;
  pcaSeconds: number;
  aeSeconds: number;
  pcaCost: number; // n d² + d³ (n ≥ d) or d n² + n³
  aeCost: number; // epochs · n · MACs per sample
}

/** Timings, the fitted constants of the cost models and the measured exponents. */
export interface ComplexityResult {
  rows: TimingRow[];
  cPca: number;
  cAe: number;
  exponents: { pcaN: number; pcaD: number; aeN: number; aeD: number };
}

const CODE = 10;

/** Rows `0..n-1` and the given columns of X. */
function subMatrix(X: Matrix, n: number, cols: Int32Array): Matrix {
  const d = cols.length;
  const out = new Matrix(n, d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) out.data[i * d + j] = X.data[i * X.cols + cols[j]!]!;
  return out;
}

/**
 * Time PCA fits and autoencoder epochs on sub-matrices of X (rows from the start, a random subset
 * of columns drawn from `rng`). Sizes larger than X are clamped.
 */
export async function measureComplexity(ctx: ExperimentContext<unknown>, tf: Tf, X: Matrix, rng: Rng, p: ComplexityParams): Promise<ComplexityResult> {
  const colOrder = rng.permutation(X.cols);
  const clampN = (n: number) => Math.min(n, X.rows);
  const clampD = (d: number) => Math.min(d, X.cols);
  const configs = [
    ...[...new Set(p.timingN.map(clampN))].map((n) => ({ sweep: 'n' as const, n, d: clampD(p.timingNFixedD) })),
    ...[...new Set(p.timingD.map(clampD))].map((d) => ({ sweep: 'd' as const, n: clampN(p.timingDFixedN), d })),
  ];
  // warm up the JIT and the tfjs kernels on a small problem
  new PCA({ nComponents: 2, svdSolver: 'full' }).fit(subMatrix(X, 64, colOrder.subarray(0, 16)));
  const rows: TimingRow[] = [];
  for (const { sweep, n, d } of configs) {
    const Xs = subMatrix(X, n, colOrder.subarray(0, d)); // (n, d)
    const pcaSeconds = await timeIt(() => new PCA({ nComponents: Math.min(CODE, n, d), svdSolver: 'full' }).fit(Xs));
    const ae = new Autoencoder(tf, { inputDim: d, codeDim: CODE, hidden: p.hidden, nonlinear: true, lr: p.lr, batchSize: p.batchSize }, () => ctx.tfSeed());
    const T = toTensor(tf, Xs);
    let aeSeconds: number;
    try {
      await ae.trainEpoch(T, rng); // warm-up epoch (kernel set-up for these shapes), not timed
      aeSeconds = await timeIt(async () => { for (let e = 0; e < p.timingEpochs; e++) await ae.trainEpoch(T, rng); });
    } finally {
      T.dispose();
      ae.dispose();
    }
    const [big, small] = n >= d ? [n, d] : [d, n];
    const row: TimingRow = { sweep, n, d, pcaSeconds, aeSeconds, pcaCost: big * small * small + small ** 3, aeCost: p.timingEpochs * n * ae.macsPerSample };
    rows.push(row);
    ctx.log({ phase: 'timing', ...row });
    ctx.progress.tick(1, { n, d, pcaSeconds, aeSeconds });
  }
  const nRows = rows.filter((r) => r.sweep === 'n'), dRows = rows.filter((r) => r.sweep === 'd');
  const slope = (rs: TimingRow[], x: 'n' | 'd', y: 'pcaSeconds' | 'aeSeconds') => (rs.length >= 2 ? logLogSlope(rs.map((r) => r[x]), rs.map((r) => r[y])) : Number.NaN);
  return {
    rows,
    cPca: fitConstant(rows.map((r) => r.pcaSeconds), rows.map((r) => r.pcaCost)),
    cAe: fitConstant(rows.map((r) => r.aeSeconds), rows.map((r) => r.aeCost)),
    exponents: { pcaN: slope(nRows, 'n', 'pcaSeconds'), pcaD: slope(dRows, 'd', 'pcaSeconds'), aeN: slope(nRows, 'n', 'aeSeconds'), aeD: slope(dRows, 'd', 'aeSeconds') },
  };
}

/** Number of progress ticks {@link measureComplexity} makes. */
export function complexityTicks(p: Pick<ComplexityParams, 'timingN' | 'timingD'>): number {
  return new Set(p.timingN).size + new Set(p.timingD).size;
}

/**
 * Theoretical exponents over a sweep, for the observations: the log-log slope of the cost model
 * itself over the same sizes (e.g. $nd^2 + d^3$ over $d$ lies between 2 and 3).
 */
export function theoreticalExponents(rows: readonly TimingRow[]): { pcaN: number; pcaD: number; aeN: number; aeD: number } {
  const nRows = rows.filter((r) => r.sweep === 'n'), dRows = rows.filter((r) => r.sweep === 'd');
  const s = (rs: readonly TimingRow[], x: 'n' | 'd', y: 'pcaCost' | 'aeCost') => (rs.length >= 2 ? logLogSlope(rs.map((r) => r[x]), rs.map((r) => r[y])) : Number.NaN);
  return { pcaN: s(nRows, 'n', 'pcaCost'), pcaD: s(dRows, 'd', 'pcaCost'), aeN: s(nRows, 'n', 'aeCost'), aeD: s(dRows, 'd', 'aeCost') };
}
