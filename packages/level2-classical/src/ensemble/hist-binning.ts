/**
 * Feature binning for histogram gradient boosting: scikit-learn 1.2's `_BinMapper`.
 *
 * Each feature $j$ gets increasing thresholds $t_{j,0} < \dots < t_{j,m_j-2}$ and a value $x$ goes
 * to bin
 * $$b(x) = \min\{\, i : x \le t_{j,i} \,\}\quad(\text{or } m_j - 1 \text{ if } x > t_{j,m_j-2}),$$
 * so bin $i$ holds $t_{j,i-1} < x \le t_{j,i}$. The thresholds are
 * - the midpoints of consecutive distinct values, when the feature has at most `maxBins`
 *   distinct values (then every distinct value has its own bin);
 * - otherwise the `maxBins - 1` inner quantiles at $100\,i/\texttt{maxBins}$ percent,
 *   `np.percentile(..., method='midpoint')`, so each bin holds about $n/\texttt{maxBins}$ samples.
 *
 * Thresholds are capped at $10^{300}$ (sklearn's `ALMOST_INF`). NaN (when allowed) is ignored when
 * the thresholds are found and always maps to the last bin, index `maxBins` (sklearn reserves it
 * whether or not the data has missing values). For more than `subsample` rows the quantiles are
 * taken on a seeded random subset of rows (sklearn draws it with NumPy's generator, so there the
 * thresholds differ; below 200 000 rows they are identical, bit for bit).
 *
 * Fit is $O(d\, n \log n)$ (one sort per feature), transform $O(n d \log \texttt{maxBins})$.
 * @see ../../../../docs/level2-classical/boosting.md
 */
import { InvalidInputError, InvalidParamError, Matrix, NotFittedError, Rng, asMatrix, assertColumns, registerEstimator, readCount, readSerialized, stateField, type MatrixLike, type SerializedEstimator, type Transformer } from '@fpml/core';
import { numpyPercentileMidpoint } from './gradient-boosting-numeric.js';

/** sklearn's `ALMOST_INF`: the cap on finite thresholds. */
export const ALMOST_INF = 1e300;

/** Options of {@link HistBinMapper}. */
export interface HistBinMapperOptions {
  /** Bins for non-missing values, in [2, 255]; one more bin (index `maxBins`) holds NaN. @default 255 */
  maxBins?: number;
  /** Rows used to find the quantiles (a seeded random subset when n is larger); null = all rows. @default 200000 */
  subsample?: number | null;
  /** Accept NaN in X as a missing value (mapped to bin `maxBins`); otherwise NaN is rejected. @default false */
  allowNan?: boolean;
  /** Seed of the subsample draw. @default 0 */
  seed?: number;
}

/** Params of a {@link HistBinMapper}, defaults filled in. */
export type HistBinMapperParams = { maxBins: number; subsample: number | null; allowNan: boolean; seed: number };

/** The fitted binning: per-feature thresholds. */
export interface BinningState {
  /** thresholds[j] (m_j - 1,): upper edges of the bins of feature j. */
  thresholds: Float64Array[];
  /** $m_j$: bins used by non-missing values of feature j. */
  nBinsNonMissing: Int32Array; // (d,)
  /** Index of the missing-value bin (= maxBins). */
  missingBin: number;
}

/**
 * Thresholds of one feature (NaN removed): midpoints of the distinct values, or `maxBins - 1`
 * midpoint-percentiles. $O(n \log n)$.
 */
export function findBinThresholds(column: ArrayLike<number>, maxBins: number): Float64Array {
  const vals: number[] = [];
  for (let i = 0; i < column.length; i++) if (!Number.isNaN(column[i]!)) vals.push(column[i]!);
  const sorted = Float64Array.from(vals).sort();
  const distinct: number[] = [];
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]!);
  let mids: Float64Array;
  if (distinct.length <= maxBins) {
    mids = new Float64Array(Math.max(0, distinct.length - 1));
    for (let i = 0; i < mids.length; i++) mids[i] = (distinct[i]! + distinct[i + 1]!) * 0.5;
  } else {
    mids = new Float64Array(maxBins - 1);
    const step = 100 / maxBins; // np.linspace(0, 100, maxBins + 1)[1:-1] = i * step
    for (let i = 1; i < maxBins; i++) mids[i - 1] = numpyPercentileMidpoint(sorted, i * step);
  }
  for (let i = 0; i < mids.length; i++) if (mids[i]! > ALMOST_INF) mids[i] = ALMOST_INF;
  return mids;
}

/** Bin of x given sorted thresholds: the first $i$ with $x \le t_i$ (binary search); NaN → `missingBin`. */
export function binOf(x: number, thr: Float64Array, missingBin: number): number {
  if (Number.isNaN(x)) return missingBin;
  let lo = 0, hi = thr.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x <= thr[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Bin every value of row-major X (n, d) into a column-major Uint8Array (feature j at offset j·n). */
export function binData(X: Matrix, s: BinningState): Uint8Array {
  const { rows: n, cols: d } = X;
  const out = new Uint8Array(n * d); // column-major (d blocks of n)
  for (let j = 0; j < d; j++) {
    const thr = s.thresholds[j]!;
    const base = j * n;
    for (let i = 0; i < n; i++) out[base + i] = binOf(X.data[i * d + j]!, thr, s.missingBin);
  }
  return out;
}

/** Fit the thresholds of every column of X (rows of a seeded subset when n > subsample). */
export function fitBinning(X: Matrix, maxBins: number, subsample: number | null, seed: number): BinningState {
  const { rows: n, cols: d } = X;
  let rows: Int32Array | null = null;
  if (subsample !== null && n > subsample) rows = new Rng(seed).choice(n, subsample, { replace: false });
  const thresholds: Float64Array[] = [];
  const nBinsNonMissing = new Int32Array(d);
  const col = new Float64Array(rows === null ? n : rows.length);
  for (let j = 0; j < d; j++) {
    for (let i = 0; i < col.length; i++) col[i] = X.data[(rows === null ? i : rows[i]!) * d + j]!;
    const t = findBinThresholds(col, maxBins);
    thresholds.push(t);
    nBinsNonMissing[j] = t.length + 1;
  }
  return { thresholds, nBinsNonMissing, missingBin: maxBins };
}

/** Check the binning params. @throws InvalidParamError naming the param. */
export function checkBinningParams(owner: string, maxBins: unknown, allowNan: unknown): void {
  if (typeof maxBins !== 'number' || !Number.isInteger(maxBins) || maxBins < 2 || maxBins > 255) {
    throw new InvalidParamError(owner, 'maxBins', maxBins, 'an integer in [2, 255]');
  }
  if (typeof allowNan !== 'boolean') throw new InvalidParamError(owner, 'allowNan', allowNan, 'a boolean');
}

/** The saved thresholds (JSON-safe: every threshold is finite). */
export function binningToJSON(s: BinningState): { thresholds: number[][]; missingBin: number } {
  return { thresholds: s.thresholds.map((t) => Array.from(t)), missingBin: s.missingBin };
}

/** Rebuild and check saved thresholds. @throws InvalidInputError for a malformed state. */
export function binningFromJSON(json: unknown, owner: string, nFeatures: number): BinningState {
  const thr = stateField(json, owner, 'thresholds');
  const missingBin = readCount(json, owner, 'missingBin');
  if (!Array.isArray(thr) || thr.length !== nFeatures) throw new InvalidInputError(`${owner}.fromJSON: thresholds must be ${nFeatures} arrays`);
  const thresholds = thr.map((t: unknown, j) => {
    if (!Array.isArray(t) || t.length > missingBin - 1 || t.some((v, i) => typeof v !== 'number' || !Number.isFinite(v) || (i > 0 && v <= t[i - 1]))) {
      throw new InvalidInputError(`${owner}.fromJSON: thresholds[${j}] must be at most ${missingBin - 1} increasing finite numbers`);
    }
    return Float64Array.from(t as number[]);
  });
  return { thresholds, nBinsNonMissing: Int32Array.from(thresholds, (t) => t.length + 1), missingBin };
}

const KIND = 'HistBinMapper';
const VERSION = 1;

/**
 * The binning transformer on its own: `transform` returns the bin indices as a Matrix of
 * integers in $[0, \texttt{maxBins}]$. The histogram estimators use the same functions inside.
 *
 * @example
 * const bins = new HistBinMapper({ maxBins: 16 }).fit(X);
 * bins.binThresholds[0]; // Float64Array of 15 upper bin edges of feature 0
 * bins.transform(X);     // (n, d) bin indices
 */
export class HistBinMapper implements Transformer<HistBinMapperParams> {
  private readonly params: Readonly<HistBinMapperParams>;
  private state: BinningState | null = null;

  /** Stores the params (defaults filled in); checks nothing: `fit` does. */
  constructor(options: HistBinMapperOptions = {}) {
    this.params = Object.freeze({ maxBins: options.maxBins ?? 255, subsample: options.subsample === undefined ? 200000 : options.subsample, allowNan: options.allowNan ?? false, seed: options.seed ?? 0 });
  }

  getParams(): Readonly<HistBinMapperParams> {
    return Object.freeze({ ...this.params });
  }

  get isFitted(): boolean {
    return this.state !== null;
  }

  private fitted(method: string): BinningState {
    if (this.state === null) throw new NotFittedError(KIND, method);
    return this.state;
  }

  /** Upper bin edges of each feature (copies). */
  get binThresholds(): Float64Array[] {
    return this.fitted('binThresholds').thresholds.map((t) => t.slice());
  }

  /** Bins used by non-missing values, per feature. */
  get nBinsNonMissing(): Int32Array {
    return this.fitted('nBinsNonMissing').nBinsNonMissing.slice();
  }

  /** Index of the missing-value bin (= maxBins). */
  get missingValuesBinIdx(): number {
    return this.fitted('missingValuesBinIdx').missingBin;
  }

  get nFeaturesIn(): number {
    return this.fitted('nFeaturesIn').thresholds.length;
  }

  private checkParams(): void {
    const { maxBins, subsample, allowNan, seed } = this.params;
    checkBinningParams(KIND, maxBins, allowNan);
    if (subsample !== null && (!Number.isInteger(subsample) || subsample < 1)) throw new InvalidParamError(KIND, 'subsample', subsample, 'a positive integer or null');
    if (!Number.isSafeInteger(seed) || seed < 0) throw new InvalidParamError(KIND, 'seed', seed, 'a non-negative integer');
  }

  /** Find the thresholds. @param X (n, d). */
  fit(X: MatrixLike): this {
    this.checkParams();
    const Xm = asMatrix(X, 'X', { finite: !this.params.allowNan });
    if (this.params.allowNan) rejectInfinite(Xm);
    this.state = fitBinning(Xm, this.params.maxBins, this.params.subsample, this.params.seed);
    return this;
  }

  /** Bin indices (n, d) as a Matrix of small integers. */
  transform(X: MatrixLike): Matrix {
    const s = this.fitted('transform');
    const Xm = asMatrix(X, 'X', { finite: !this.params.allowNan });
    if (this.params.allowNan) rejectInfinite(Xm);
    assertColumns(Xm, s.thresholds.length);
    const b = binData(Xm, s);
    const out = new Matrix(Xm.rows, Xm.cols);
    for (let j = 0; j < Xm.cols; j++) for (let i = 0; i < Xm.rows; i++) out.data[i * Xm.cols + j] = b[j * Xm.rows + i]!;
    return out;
  }

  fitTransform(X: MatrixLike): Matrix {
    return this.fit(X).transform(X);
  }

  toJSON(): SerializedEstimator<HistBinMapperParams> {
    const s = this.state;
    return { kind: KIND, version: VERSION, params: { ...this.params }, state: s === null ? null : binningToJSON(s) };
  }

  static fromJSON(json: unknown): HistBinMapper {
    const saved = readSerialized(json, KIND, [VERSION]);
    const model = new HistBinMapper(saved.params as HistBinMapperOptions);
    model.checkParams();
    if (saved.state === null) return model;
    const thr = stateField(saved.state, KIND, 'thresholds');
    model.state = binningFromJSON(saved.state, KIND, Array.isArray(thr) ? thr.length : -1);
    if (model.state.missingBin !== model.params.maxBins) throw new InvalidInputError(`${KIND}.fromJSON: missingBin must equal maxBins`);
    return model;
  }
}

/** With NaN allowed, ±Inf is still rejected (it has no bin of its own). */
export function rejectInfinite(X: Matrix, name = 'X'): void {
  for (let k = 0; k < X.data.length; k++) {
    const v = X.data[k]!;
    if (v === Infinity || v === -Infinity) {
      throw new InvalidInputError(`${name} contains ${v} at (${Math.floor(k / X.cols)}, ${k % X.cols}); only NaN is accepted as a missing value`);
    }
  }
}

registerEstimator(KIND, HistBinMapper.fromJSON);
