/**
 * A random n-class classification problem, with scikit-learn's `make_classification` algorithm
 * (Guyon 2003, the NIPS feature-selection benchmark design):
 * 1. $C \cdot m$ clusters (`nClustersPerClass` $= m$) sit on distinct random vertices of the
 *    hypercube $\{-s, s\}^{k}$ in the $k$ informative dimensions ($s$ = `classSep`);
 * 2. each cluster's points are $x = c + A z$ with $z \sim \mathcal N(0, I_k)$ and a random
 *    $A \sim U(-1, 1)^{k\times k}$ per cluster (so clusters are correlated Gaussians);
 * 3. `nRedundant` features are random linear combinations $X_{inf} B$ of the informative ones,
 *    `nRepeated` are copies of random earlier columns, the rest are $\mathcal N(0, 1)$ noise;
 * 4. a fraction `flipY` of labels is replaced by a uniformly random class (label noise);
 * 5. columns are shifted and scaled (`shift`, `scale`), and rows and columns are shuffled.
 * The samples are split between clusters by `weights` (class proportions). Same algorithm as
 * scikit-learn, different random stream. Cost $O(n d k)$.
 * @see ../../../../docs/datasets.md
 */
import { InvalidParamError, Matrix } from '@fpml/core';
import { finiteAtLeast, inRange, nonNegativeInt, positiveInt, seededRng } from './options.js';

/** Options of {@link makeClassification} (scikit-learn's names in camelCase). */
export interface MakeClassificationOptions {
  /** @default 100 */
  nSamples?: number;
  /** Total number of features. @default 20 */
  nFeatures?: number;
  /** @default 2 */
  nInformative?: number;
  /** @default 2 */
  nRedundant?: number;
  /** @default 0 */
  nRepeated?: number;
  /** @default 2 */
  nClasses?: number;
  /** @default 2 */
  nClustersPerClass?: number;
  /** Class proportions (C values, or C−1 with the last one filling the rest); equal if null. @default null */
  weights?: readonly number[] | null;
  /** Fraction of labels replaced by a random class. @default 0.01 */
  flipY?: number;
  /** Half the side of the hypercube: larger is easier. @default 1 */
  classSep?: number;
  /** Put the cluster centres on the hypercube's vertices (else shrink them randomly). @default true */
  hypercube?: boolean;
  /** Added to every feature; null draws $U(-s, s)$ per feature. @default 0 */
  shift?: number | null;
  /** Multiplies every feature; null draws $1 + 100\,U(0, 1)$ per feature. @default 1 */
  scale?: number | null;
  /** Shuffle rows and columns. @default true */
  shuffle?: boolean;
  /** @default 0 */
  seed?: number;
}

/** X (n, d) and y (n,) in [0, C). */
export function makeClassification(options: MakeClassificationOptions = {}): { X: Matrix; y: Int32Array } {
  const owner = 'makeClassification';
  const n = positiveInt(owner, 'nSamples', options.nSamples ?? 100);
  const d = positiveInt(owner, 'nFeatures', options.nFeatures ?? 20);
  const k = positiveInt(owner, 'nInformative', options.nInformative ?? 2);
  const nRed = nonNegativeInt(owner, 'nRedundant', options.nRedundant ?? 2);
  const nRep = nonNegativeInt(owner, 'nRepeated', options.nRepeated ?? 0);
  const C = positiveInt(owner, 'nClasses', options.nClasses ?? 2);
  const m = positiveInt(owner, 'nClustersPerClass', options.nClustersPerClass ?? 2);
  const flipY = inRange(owner, 'flipY', options.flipY ?? 0.01, 0, 1);
  const sep = finiteAtLeast(owner, 'classSep', options.classSep ?? 1, 0);
  if (k + nRed + nRep > d) throw new InvalidParamError(owner, 'nFeatures', d, `≥ nInformative + nRedundant + nRepeated = ${k + nRed + nRep}`);
  if (C * m > 2 ** k) throw new InvalidParamError(owner, 'nInformative', k, `large enough that 2^nInformative ≥ nClasses · nClustersPerClass = ${C * m}`);
  const w = classWeights(owner, options.weights ?? null, C);
  const rng = seededRng(owner, options.seed ?? 0);
  const K = C * m;
  // Samples per cluster: floor(n w_c / m), the remainder handed out round-robin.
  const per = Array.from({ length: K }, (_, c) => Math.floor((n * w[c % C]!) / m));
  for (let i = 0, rest = n - per.reduce((a, b) => a + b, 0); i < rest; i++) per[i % K]! += 1;
  // Distinct hypercube vertices in {−s, s}^k (rejection over random binary codes).
  const centroids = new Float64Array(K * k);
  const seen = new Set<string>();
  for (let c = 0; c < K; ) {
    const bits = Array.from({ length: k }, () => (rng.next() < 0.5 ? 0 : 1));
    const key = bits.join('');
    if (seen.has(key)) continue;
    seen.add(key);
    for (let j = 0; j < k; j++) centroids[c * k + j] = (2 * bits[j]! - 1) * sep;
    c++;
  }
  if (!(options.hypercube ?? true)) {
    for (let c = 0; c < K; c++) { const r = rng.next(); for (let j = 0; j < k; j++) centroids[c * k + j]! *= r; }
    for (let j = 0; j < k; j++) { const r = rng.next(); for (let c = 0; c < K; c++) centroids[c * k + j]! *= r; }
  }
  const X = new Float64Array(n * d); // (n, d)
  const y = new Int32Array(n);
  const z = new Float64Array(k), A = new Float64Array(k * k);
  let i = 0;
  for (let c = 0; c < K; c++) {
    for (let t = 0; t < k * k; t++) A[t] = 2 * rng.next() - 1; // (k, k)
    for (let r = 0; r < per[c]!; r++, i++) {
      y[i] = c % C;
      for (let j = 0; j < k; j++) z[j] = rng.standardNormal();
      for (let j = 0; j < k; j++) {
        let s = centroids[c * k + j]!;
        for (let l = 0; l < k; l++) s += z[l]! * A[l * k + j]!; // x = c + zA
        X[i * d + j] = s;
      }
    }
  }
  if (nRed > 0) {
    const B = Float64Array.from({ length: k * nRed }, () => 2 * rng.next() - 1); // (k, nRed)
    for (let r = 0; r < n; r++) for (let q = 0; q < nRed; q++) {
      let s = 0;
      for (let l = 0; l < k; l++) s += X[r * d + l]! * B[l * nRed + q]!;
      X[r * d + k + q] = s;
    }
  }
  for (let q = 0; q < nRep; q++) {
    const src = Math.floor((k + nRed - 1) * rng.next() + 0.5);
    for (let r = 0; r < n; r++) X[r * d + k + nRed + q] = X[r * d + src]!;
  }
  for (let r = 0; r < n; r++) for (let j = k + nRed + nRep; j < d; j++) X[r * d + j] = rng.standardNormal();
  if (flipY > 0) for (let r = 0; r < n; r++) if (rng.next() < flipY) y[r] = rng.int(C);
  const shift = options.shift === undefined ? 0 : options.shift;
  const scale = options.scale === undefined ? 1 : options.scale;
  const shifts = Float64Array.from({ length: d }, () => (shift === null ? (2 * rng.next() - 1) * sep : shift));
  const scales = Float64Array.from({ length: d }, () => (scale === null ? 1 + 100 * rng.next() : scale));
  if (!shifts.every(Number.isFinite)) throw new InvalidParamError(owner, 'shift', shift, 'a finite number or null');
  if (!scales.every(Number.isFinite)) throw new InvalidParamError(owner, 'scale', scale, 'a finite number or null');
  for (let r = 0; r < n; r++) for (let j = 0; j < d; j++) X[r * d + j] = (X[r * d + j]! + shifts[j]!) * scales[j]!;
  if (!(options.shuffle ?? true)) return { X: new Matrix(n, d, X), y };
  const rows = rng.permutation(n), cols = rng.permutation(d);
  const Xs = new Float64Array(n * d), ys = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    ys[r] = y[rows[r]!]!;
    for (let j = 0; j < d; j++) Xs[r * d + j] = X[rows[r]! * d + cols[j]!]!;
  }
  return { X: new Matrix(n, d, Xs), y: ys };
}

/** Class proportions: C values summing to 1 (or C−1, the last filling the rest). */
function classWeights(owner: string, weights: readonly number[] | null, C: number): number[] {
  if (weights === null) return new Array<number>(C).fill(1 / C);
  const ok = Array.isArray(weights) && (weights.length === C || weights.length === C - 1) && weights.every((v) => Number.isFinite(v) && v >= 0);
  if (!ok) throw new InvalidParamError(owner, 'weights', weights, `${C} or ${C - 1} non-negative class proportions`);
  const w = [...weights];
  if (w.length === C - 1) w.push(1 - w.reduce((a, b) => a + b, 0));
  if (w[C - 1]! < 0 || Math.abs(w.reduce((a, b) => a + b, 0) - 1) > 1e-9) throw new InvalidParamError(owner, 'weights', weights, 'proportions summing to 1');
  return w;
}
