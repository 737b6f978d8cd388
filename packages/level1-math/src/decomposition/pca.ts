/**
 * Principal component analysis, as scikit-learn 1.2.1's `PCA` (full and randomized solvers,
 * `svd_flip` signs), so fitted attributes compare number for number.
 *
 * @see ../../../../docs/level1-math/pca.md
 */
import {
  InvalidInputError, InvalidParamError, Matrix, NotFittedError, asMatrix, assertColumns, matmul, matmulTransB,
  readCount, readFiniteArray, readSerialized, registerEstimator, stateField,
  type MatrixLike, type SerializedEstimator, type Transformer,
} from '@fpml/core';
import { randomizedSvd, svd, svdFlip } from '../linalg/index.js';
import { checkComponentsFor, checkPcaParams, pcaParams, resolveSvdSolver, type PCAOptions, type PCAParams } from './pca-params.js';

const KIND = 'PCA';
const VERSION = 1;

/** Saved fitted state (version 1); matrices flattened row-major. */
export interface PCAStateJSON {
  nComponents: number;
  nFeaturesIn: number;
  nSamples: number;
  fitSvdSolver: 'full' | 'randomized';
  components: number[]; // (k * d)
  explainedVariance: number[];
  explainedVarianceRatio: number[];
  singularValues: number[];
  mean: number[];
  noiseVariance: number;
}

interface State {
  k: number;
  d: number;
  n: number;
  solver: 'full' | 'randomized';
  components: Matrix; // (k, d)
  explainedVariance: Float64Array; // (k,)
  explainedVarianceRatio: Float64Array; // (k,)
  singularValues: Float64Array; // (k,)
  mean: Float64Array; // (d,)
  noiseVariance: number;
  /** Whitening divisors $\sqrt{\lambda_c}$ (1 where $\lambda_c = 0$), or null without whitening. */
  whitenScale: Float64Array | null; // (k,)
}

/**
 * PCA: centre $X$ (n, d) by its column means $\mu$, take the thin SVD $X - \mathbf 1\mu^\top = U\Sigma V^\top$
 * and keep the first $k$ right singular vectors as components. They are the top eigenvectors of
 * the sample covariance
 * $$C = \frac{1}{n-1}(X - \mathbf 1\mu^\top)^\top (X - \mathbf 1\mu^\top) = V\,\frac{\Sigma^2}{n-1}\,V^\top,\qquad \lambda_c = \frac{\sigma_c^2}{n-1},$$
 * and $z = V_k^\top(x - \mu)$ is the projection that keeps the most variance (equivalently, by
 * Eckart–Young, the rank-$k$ reconstruction $\hat x = \mu + V_k z$ of least squared error).
 * Signs follow `svd_flip` (the largest-magnitude entry of each column of $U$ is positive).
 *
 * Complexity: full solver $O(nd\min(n,d))$; randomized $O(nd(k+p)(2q+2))$ with $p$ = `nOversamples`,
 * $q$ = power iterations; `transform` $O(ndk)$.
 *
 * @example
 * const pca = new PCA({ nComponents: 2 }).fit(X); // X (n, d)
 * const Z = pca.transform(X);                      // (n, 2)
 * pca.explainedVarianceRatio;                      // Float64Array (2,)
 * @see ../../../../docs/level1-math/pca.md
 */
export class PCA implements Transformer<PCAParams> {
  private readonly params: Readonly<PCAParams>;
  private state: State | null = null;

  /** Stores the params (defaults filled in); checks nothing: `fit` does. */
  constructor(options: PCAOptions = {}) {
    this.params = Object.freeze(pcaParams(options));
  }

  /** A frozen copy of the params. */
  getParams(): Readonly<PCAParams> {
    return Object.freeze({ ...this.params });
  }

  get isFitted(): boolean {
    return this.state !== null;
  }

  private fitted(method: string): State {
    if (this.state === null) throw new NotFittedError(KIND, method);
    return this.state;
  }

  /** Principal axes $V_k^\top$ (k, d), rows orthonormal, by decreasing variance (a copy). */
  get components(): Matrix {
    return this.fitted('components').components.clone();
  }
  /** Variance along each component, $\lambda_c = \sigma_c^2/(n-1)$ (k,). */
  get explainedVariance(): Float64Array {
    return this.fitted('explainedVariance').explainedVariance.slice();
  }
  /** $\lambda_c / \sum_j \operatorname{Var}(x_j)$ (k,). */
  get explainedVarianceRatio(): Float64Array {
    return this.fitted('explainedVarianceRatio').explainedVarianceRatio.slice();
  }
  /** Singular values $\sigma_c$ of the centred data (k,). */
  get singularValues(): Float64Array {
    return this.fitted('singularValues').singularValues.slice();
  }
  /** Per-feature training mean $\mu$ (d,). */
  get mean(): Float64Array {
    return this.fitted('mean').mean.slice();
  }
  /** Probabilistic-PCA noise variance: mean variance of the discarded directions (0 if none). */
  get noiseVariance(): number {
    return this.fitted('noiseVariance').noiseVariance;
  }
  /** The number of components kept, $k$ (resolved from a fraction or `null`). */
  get nComponents(): number {
    return this.fitted('nComponents').k;
  }
  /** Columns of the X given to fit. */
  get nFeaturesIn(): number {
    return this.fitted('nFeaturesIn').d;
  }
  /** Rows of the X given to fit. */
  get nSamples(): number {
    return this.fitted('nSamples').n;
  }
  /** The solver `fit` used (what `'auto'` resolved to). */
  get fitSvdSolver(): 'full' | 'randomized' {
    return this.fitted('fitSvdSolver').solver;
  }

  /**
   * Fit the components to X (n, d), $n \ge 2$.
   * @throws InvalidParamError for bad params, or nComponents > min(n, d); InvalidInputError for
   *   NaN/Inf, non-numeric or fewer than 2 rows; ShapeError for ragged rows.
   */
  fit(X: MatrixLike, _y?: unknown): this {
    checkPcaParams(this.params);
    const A = asMatrix(X, 'X'); // (n, d)
    const n = A.rows, d = A.cols;
    if (n < 2) throw new InvalidInputError(`PCA: X needs at least 2 samples (the covariance divides by n - 1), got ${n}`);
    const solver = resolveSvdSolver(this.params, n, d);
    checkComponentsFor(this.params, solver, n, d);
    const mean = new Float64Array(d);
    const a = A.data;
    for (let i = 0; i < n; i++) {
      const o = i * d;
      for (let j = 0; j < d; j++) mean[j]! += a[o + j]!;
    }
    for (let j = 0; j < d; j++) mean[j]! /= n;
    const Xc = new Matrix(n, d); // (n, d) centred
    const xc = Xc.data;
    // Σ_i x̃_ij and Σ_i x̃_ij² of the centred columns, gathered in the same pass for the total variance
    const s1 = new Float64Array(d), s2 = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      const o = i * d;
      for (let j = 0; j < d; j++) {
        const t = a[o + j]! - mean[j]!;
        xc[o + j] = t;
        s1[j]! += t;
        s2[j]! += t * t;
      }
    }
    // sample variance of each centred column, Σ(x̃ − mean(x̃))²/(n−1) = (Σx̃² − (Σx̃)²/n)/(n−1); Σx̃ ≈ 0, so no cancellation
    let totalVar = 0;
    for (let j = 0; j < d; j++) totalVar += (s2[j]! - (s1[j]! * s1[j]!) / n) / (n - 1);
    const fit = solver === 'full' ? this.fitFull(Xc) : this.fitRandomized(Xc, totalVar);
    const { k } = fit;
    const whitenScale = this.params.whiten ? fit.explainedVariance.map((v) => (v > 0 ? Math.sqrt(v) : 1)) : null;
    this.state = { ...fit, d, n, solver, mean, whitenScale, components: firstRows(fit.Vt, k) };
    return this;
  }

  private fitFull(Xc: Matrix): { k: number; Vt: Matrix; explainedVariance: Float64Array; explainedVarianceRatio: Float64Array; singularValues: Float64Array; noiseVariance: number } {
    const n = Xc.rows;
    const f = svd(Xc);
    const { Vt } = svdFlip(f.U, f.Vt); // (r, d)
    const r = f.S.length;
    const ev = f.S.map((s) => (s * s) / (n - 1)); // (r,)
    let total = 0;
    for (const v of ev) total += v;
    const ratio = ev.map((v) => (total > 0 ? v / total : 0));
    let k = this.params.nComponents ?? r;
    if (!Number.isInteger(k)) {
      // smallest k with cumsum(ratio)[k-1] > fraction (numpy searchsorted(side='right') + 1)
      let c = 0, below = 0;
      for (let i = 0; i < r; i++) { c += ratio[i]!; if (c <= k) below++; else break; }
      k = Math.min(below + 1, r);
    }
    let noise = 0;
    for (let i = k; i < r; i++) noise += ev[i]!;
    if (k < r) noise /= r - k;
    return { k, Vt, explainedVariance: ev.slice(0, k), explainedVarianceRatio: ratio.slice(0, k), singularValues: f.S.slice(0, k), noiseVariance: noise };
  }

  private fitRandomized(Xc: Matrix, total: number): { k: number; Vt: Matrix; explainedVariance: Float64Array; explainedVarianceRatio: Float64Array; singularValues: Float64Array; noiseVariance: number } {
    const n = Xc.rows, d = Xc.cols;
    const k = this.params.nComponents!;
    const { nOversamples, iteratedPower, powerIterationNormalizer, seed } = this.params;
    const f = randomizedSvd(Xc, k, { nOversamples, nIter: iteratedPower, powerIterationNormalizer, seed }); // signs flipped inside
    const ev = f.S.map((s) => (s * s) / (n - 1)); // (k,)
    // total: the sum of the per-feature sample variances (numpy var(ddof=1) of the centred data), from fit
    let kept = 0;
    for (const v of ev) kept += v;
    const r = Math.min(n, d);
    return {
      k, Vt: f.Vt, explainedVariance: ev, singularValues: f.S,
      explainedVarianceRatio: ev.map((v) => (total > 0 ? v / total : 0)),
      noiseVariance: k < r ? (total - kept) / (r - k) : 0,
    };
  }

  /**
   * Scores $Z = (X - \mathbf 1\mu^\top) V_k$ (n, k), divided column-wise by $\sqrt{\lambda_c}$ when
   * whitening (a zero-variance component is left unscaled).
   * @throws NotFittedError before fit; ShapeError on a column mismatch; InvalidInputError for NaN/Inf.
   */
  transform(X: MatrixLike): Matrix {
    const s = this.fitted('transform');
    const A = asMatrix(X, 'X'); // (m, d)
    assertColumns(A, s.d);
    const Xc = new Matrix(A.rows, s.d); // (m, d)
    for (let i = 0; i < A.rows; i++) for (let j = 0; j < s.d; j++) Xc.data[i * s.d + j] = A.data[i * s.d + j]! - s.mean[j]!;
    const Z = matmulTransB(Xc, s.components); // (m, k)
    if (s.whitenScale) for (let i = 0; i < Z.rows; i++) for (let c = 0; c < s.k; c++) Z.data[i * s.k + c]! /= s.whitenScale[c]!;
    return Z;
  }

  /** `fit(X).transform(X)`. */
  fitTransform(X: MatrixLike, y?: unknown): Matrix {
    return this.fit(X, y).transform(X);
  }

  /**
   * Back to feature space: $\hat X = Z\,V_k^\top + \mathbf 1\mu^\top$ (n, d) (with $Z$ first
   * multiplied by $\sqrt{\lambda_c}$ when whitening). The rank-$k$ reconstruction, exact only on
   * the $k$-dimensional affine subspace spanned by the components.
   * @throws NotFittedError before fit; ShapeError if Z does not have nComponents columns.
   */
  inverseTransform(Z: MatrixLike): Matrix {
    const s = this.fitted('inverseTransform');
    const B = asMatrix(Z, 'Z', { copy: s.whitenScale !== null }); // (m, k)
    assertColumns(B, s.k);
    if (s.whitenScale) for (let i = 0; i < B.rows; i++) for (let c = 0; c < s.k; c++) B.data[i * s.k + c]! *= s.whitenScale[c]!;
    const out = matmul(B, s.components); // (m, d)
    for (let i = 0; i < out.rows; i++) for (let j = 0; j < s.d; j++) out.data[i * s.d + j]! += s.mean[j]!;
    return out;
  }

  /** `{ kind: 'PCA', version: 1, params, state }`; JSON-safe, round-trips exactly. */
  toJSON(): SerializedEstimator<PCAParams, PCAStateJSON> {
    const s = this.state;
    const state: PCAStateJSON | null = s === null ? null : {
      nComponents: s.k, nFeaturesIn: s.d, nSamples: s.n, fitSvdSolver: s.solver,
      components: Array.from(s.components.data), explainedVariance: Array.from(s.explainedVariance),
      explainedVarianceRatio: Array.from(s.explainedVarianceRatio), singularValues: Array.from(s.singularValues),
      mean: Array.from(s.mean), noiseVariance: s.noiseVariance,
    };
    return { kind: KIND, version: VERSION, params: { ...this.params }, state };
  }

  /**
   * Rebuild a PCA saved by {@link toJSON}.
   * @throws InvalidInputError for another kind, an unknown version or a malformed state;
   *   InvalidParamError for bad saved params.
   */
  static fromJSON(json: unknown): PCA {
    const saved = readSerialized(json, KIND, [VERSION]);
    const model = new PCA(saved.params as PCAOptions);
    checkPcaParams(model.params);
    const st = saved.state;
    if (st === null) return model;
    const k = readCount(st, KIND, 'nComponents');
    const d = readCount(st, KIND, 'nFeaturesIn');
    const n = readCount(st, KIND, 'nSamples');
    const solver = stateField(st, KIND, 'fitSvdSolver');
    if (solver !== 'full' && solver !== 'randomized') throw new InvalidParamError(`${KIND}.fromJSON`, 'state.fitSvdSolver', solver, "'full' or 'randomized'");
    const noise = stateField(st, KIND, 'noiseVariance');
    if (typeof noise !== 'number' || !Number.isFinite(noise)) throw new InvalidInputError(`${KIND}.fromJSON: state.noiseVariance must be a finite number, got ${String(noise)}`);
    const explainedVariance = readFiniteArray(st, KIND, 'explainedVariance', k);
    model.state = {
      k, d, n, solver, noiseVariance: noise, explainedVariance,
      components: new Matrix(k, d, readFiniteArray(st, KIND, 'components', k * d)),
      explainedVarianceRatio: readFiniteArray(st, KIND, 'explainedVarianceRatio', k),
      singularValues: readFiniteArray(st, KIND, 'singularValues', k),
      mean: readFiniteArray(st, KIND, 'mean', d),
      whitenScale: model.params.whiten ? explainedVariance.map((v) => (v > 0 ? Math.sqrt(v) : 1)) : null,
    };
    return model;
  }
}

/** The first k rows of M, as a new (k, cols) matrix. */
function firstRows(M: Matrix, k: number): Matrix {
  return new Matrix(k, M.cols, M.data.slice(0, k * M.cols));
}

registerEstimator(KIND, PCA.fromJSON);
