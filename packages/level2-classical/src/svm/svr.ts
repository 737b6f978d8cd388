/**
 * SVR: libsvm's ε-support vector regression with scikit-learn 1.2's `SVR` params and attributes.
 *
 * **Primal.** Errors smaller than ε cost nothing (the ε-insensitive loss $|r|_\varepsilon = \max(0, |r| - \varepsilon)$):
 * $$\min_{w,b,\xi,\xi^*}\ \tfrac12\lVert w\rVert^2 + C\sum_t (\xi_t + \xi_t^*)\ \text{ s.t. }\
 *   z_t - w^\top\phi(x_t) - b \le \varepsilon + \xi_t,\ \ w^\top\phi(x_t) + b - z_t \le \varepsilon + \xi^*_t,\ \ \xi, \xi^* \ge 0.$$
 * **Dual** (libsvm's $2\ell$-variable form, solved by the same SMO as SVC): with
 * $\beta = (\alpha, \alpha^*)$, signs $s = (+1_\ell, -1_\ell)$,
 * $$\min_\beta\ \tfrac12 \beta^\top Q \beta + \sum_t \big[(\varepsilon - z_t)\alpha_t + (\varepsilon + z_t)\alpha^*_t\big],\quad
 *   Q_{ab} = s_a s_b K(x_{a \bmod \ell}, x_{b \bmod \ell}),\ \ \sum_t (\alpha_t - \alpha^*_t) = 0,\ \ 0 \le \beta \le C.$$
 * At the optimum $w = \sum_t (\alpha_t - \alpha_t^*)\phi(x_t)$ and
 * $\hat z(x) = \sum_t (\alpha_t - \alpha_t^*) K(x_t, x) - \rho$; `dualCoef` is $\alpha - \alpha^*$,
 * `intercept` is $-\rho$. Points strictly inside the tube have $\alpha_t = \alpha_t^* = 0$.
 *
 * Fit: one SMO solve over $2\ell$ variables with an $\ell$-row kernel cache; predict: $O(n\, n_{SV} d)$.
 * @see ../../../../docs/level2-classical/svm.md#svr
 */
import {
  ConvergenceWarning, InvalidInputError, InvalidParamError, Matrix, type MatrixLike, NotFittedError, type Regressor,
  type SerializedEstimator, type VectorLike, asMatrix, asVector, assertColumns, r2Score, readCount, readFiniteArray,
  readSerialized, registerEstimator, stateField,
} from '@fpml/core';
import { type KernelSpec, kernelMatrix } from './kernels.js';
import { SvrQ } from './q-matrix.js';
import { solveSmo } from './smo.js';
import { readIndexArray } from './svc-state.js';
import { type BaseSvmOptions, type BaseSvmParams, baseSvmParams, checkBaseSvmParams, kernelSpecFor, solverSettings } from './svm-params.js';

/** Options of {@link SVR}. */
export interface SVROptions extends BaseSvmOptions {
  /** Half-width ε ≥ 0 of the loss-free tube. @default 0.1 */
  epsilon?: number;
}

/** The params of an {@link SVR}, defaults filled in. */
export type SVRParams = BaseSvmParams & { epsilon: number };

interface SvrFitted {
  nFeaturesIn: number;
  spec: KernelSpec;
  support: Int32Array; // (nSV,)
  SV: Float64Array; // (nSV, d)
  dualCoef: Float64Array; // (nSV,)
  rho: number;
  nIter: number;
  converged: boolean;
}

/** Saved fitted state (version 1). */
interface SvrStateJSON {
  nFeaturesIn: number;
  gamma: number;
  support: number[];
  supportVectors: number[];
  dualCoef: number[];
  rho: number;
  nIter: number;
  converged: boolean;
}

const KIND = 'SVR';
const VERSION = 1;

/**
 * ε-support vector regression (see the module comment).
 * @example
 * const reg = new SVR({ C: 100, epsilon: 0.5 }).fit(X, y);
 * reg.predict(Xtest); reg.supportVectors; reg.dualCoef;
 */
export class SVR implements Regressor<SVRParams> {
  private readonly params: Readonly<SVRParams>;
  private state: SvrFitted | null = null;

  /** Stores the params (defaults filled in); checks nothing: `fit` does. */
  constructor(options: SVROptions = {}) {
    this.params = Object.freeze({ ...baseSvmParams(options), epsilon: options.epsilon ?? 0.1 });
  }

  /** A frozen copy of the params. */
  getParams(): Readonly<SVRParams> {
    return Object.freeze({ ...this.params });
  }

  get isFitted(): boolean {
    return this.state !== null;
  }

  private fitted(method: string): SvrFitted {
    if (this.state === null) throw new NotFittedError(KIND, method);
    return this.state;
  }

  /** Number of columns of the X given to fit. */
  get nFeaturesIn(): number {
    return this.fitted('nFeaturesIn').nFeaturesIn;
  }
  /** The numeric $\gamma$ used (`'scale'`/`'auto'` resolved on the training X). */
  get fitGamma(): number {
    return this.fitted('fitGamma').spec.gamma;
  }
  /** Training-row indices of the support vectors ($\alpha_t \ne \alpha_t^*$), ascending (nSV,). */
  get support(): Int32Array {
    return this.fitted('support').support.slice();
  }
  /** The support vectors (nSV, d). */
  get supportVectors(): Matrix {
    const s = this.fitted('supportVectors');
    return new Matrix(s.support.length, s.nFeaturesIn, s.SV.slice());
  }
  /** $\alpha - \alpha^*$ of the support vectors, (1, nSV). */
  get dualCoef(): Matrix {
    const s = this.fitted('dualCoef');
    return new Matrix(1, s.support.length, s.dualCoef.slice());
  }
  /** $b = -\rho$, as a length-1 array (sklearn's `intercept_`). */
  get intercept(): Float64Array {
    const s = this.fitted('intercept');
    return Float64Array.of(s.rho !== 0 ? -s.rho : 0);
  }
  /** $w = \sum_t (\alpha_t - \alpha_t^*) x_t$, (1, d); linear kernel only. @throws InvalidParamError otherwise. */
  get coef(): Matrix {
    const s = this.fitted('coef');
    if (s.spec.kernel !== 'linear') throw new InvalidParamError(KIND, 'kernel', s.spec.kernel, "'linear' to read coef");
    const d = s.nFeaturesIn;
    const w = new Float64Array(d);
    for (let k = 0; k < s.support.length; k++) for (let f = 0; f < d; f++) w[f]! += s.dualCoef[k]! * s.SV[k * d + f]!;
    return new Matrix(1, d, w);
  }
  /** SMO iterations. */
  get nIter(): number {
    return this.fitted('nIter').nIter;
  }
  /** 0 if SMO converged, 1 if `maxIter` stopped it. */
  get fitStatus(): number {
    return this.fitted('fitStatus').converged ? 0 : 1;
  }
  /** A ConvergenceWarning when `maxIter` stopped SMO. */
  get warnings(): readonly ConvergenceWarning[] {
    const s = this.fitted('warnings');
    return s.converged ? [] : [new ConvergenceWarning(KIND, `SMO reached maxIter = ${this.params.maxIter} before tol = ${this.params.tol}; consider standardising X`, s.nIter)];
  }

  private checkParams(): void {
    checkBaseSvmParams(KIND, this.params);
    const e = this.params.epsilon;
    if (!(typeof e === 'number' && Number.isFinite(e) && e >= 0)) throw new InvalidParamError(KIND, 'epsilon', e, 'a finite number ≥ 0');
  }

  /**
   * Fit by SMO on the 2ℓ-variable dual.
   * @param X (n, d); @param y (n,) finite targets.
   * @throws InvalidParamError, ShapeError, InvalidInputError.
   */
  fit(X: MatrixLike, y: VectorLike): this {
    this.checkParams();
    const Xm = asMatrix(X, 'X'); // (n, d)
    const z = asVector(y, 'y', { length: Xm.rows }); // (n,)
    const l = Xm.rows;
    const d = Xm.cols;
    const { C, epsilon } = this.params;
    const spec = kernelSpecFor(this.params, Xm.data, d);
    const p = new Float64Array(2 * l); // (2l,) linear term
    const sign = new Int8Array(2 * l); // (2l,)
    for (let t = 0; t < l; t++) {
      p[t] = epsilon - z[t]!;
      p[t + l] = epsilon + z[t]!;
      sign[t] = 1;
      sign[t + l] = -1;
    }
    const Q = new SvrQ(spec, Xm.data, l, d, this.params.cacheSize);
    const res = solveSmo({ Q, p, y: sign, C: new Float64Array(2 * l).fill(C) }, solverSettings(this.params));
    const support: number[] = [];
    const coef: number[] = [];
    for (let t = 0; t < l; t++) {
      const beta = res.alpha[t]! - res.alpha[t + l]!; // α_t − α*_t
      if (beta !== 0) {
        support.push(t);
        coef.push(beta);
      }
    }
    if (!coef.every(Number.isFinite) || !Number.isFinite(res.rho)) {
      throw new InvalidInputError(`${KIND}: the dual coefficients or intercept are not finite; X or y may hold values too large, standardise them`);
    }
    const SV = new Float64Array(support.length * d); // (nSV, d)
    support.forEach((r, k) => SV.set(Xm.data.subarray(r * d, r * d + d), k * d));
    this.state = {
      nFeaturesIn: d, spec, support: Int32Array.from(support), SV, dualCoef: Float64Array.from(coef),
      rho: res.rho, nIter: res.nIter, converged: res.converged,
    };
    return this;
  }

  private predictChecked(X: MatrixLike, method: string): Float64Array {
    const s = this.fitted(method);
    const T = asMatrix(X, 'X');
    assertColumns(T, s.nFeaturesIn);
    const nSV = s.support.length;
    const out = new Float64Array(T.rows); // (m,)
    const block = 256;
    for (let r0 = 0; r0 < T.rows; r0 += block) {
      const m = Math.min(block, T.rows - r0);
      const kv = kernelMatrix(s.spec, T.data.subarray(r0 * s.nFeaturesIn, (r0 + m) * s.nFeaturesIn), m, s.SV, nSV, s.nFeaturesIn); // (m, nSV)
      for (let r = 0; r < m; r++) {
        let sum = 0;
        for (let k = 0; k < nSV; k++) sum += s.dualCoef[k]! * kv[r * nSV + k]!;
        out[r0 + r] = sum - s.rho;
      }
    }
    return out;
  }

  /** $\hat z(x) = \sum_t (\alpha_t - \alpha^*_t) K(x_t, x) + b$, (n,). @param X (n, nFeaturesIn). */
  predict(X: MatrixLike): Float64Array {
    return this.predictChecked(X, 'predict');
  }

  /** $R^2$ of `predict(X)` against `y`. */
  score(X: MatrixLike, y: VectorLike): number {
    const pred = this.predictChecked(X, 'score');
    return r2Score(asVector(y, 'y', { length: pred.length }), pred);
  }

  /** `{ kind: 'SVR', version: 1, params, state }`; JSON-safe, round-trips exactly. */
  toJSON(): SerializedEstimator<SVRParams, SvrStateJSON> {
    const s = this.state;
    const state =
      s === null
        ? null
        : {
            nFeaturesIn: s.nFeaturesIn, gamma: s.spec.gamma, support: Array.from(s.support), supportVectors: Array.from(s.SV),
            dualCoef: Array.from(s.dualCoef), rho: s.rho, nIter: s.nIter, converged: s.converged,
          };
    return { kind: KIND, version: VERSION, params: { ...this.params }, state };
  }

  /**
   * Rebuild a model saved by {@link toJSON}.
   * @throws InvalidInputError for another kind, version or a malformed state; InvalidParamError for bad params.
   */
  static fromJSON(json: unknown): SVR {
    const saved = readSerialized(json, KIND, [VERSION]);
    const model = new SVR(saved.params as SVROptions);
    model.checkParams();
    const st = saved.state;
    if (st === null) return model;
    const d = readCount(st, KIND, 'nFeaturesIn');
    const num = (field: string): number => {
      const v = stateField(st, KIND, field);
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new InvalidInputError(`${KIND}.fromJSON: state.${field} must be a finite number, got ${String(v)}`);
      return v;
    };
    const gamma = num('gamma');
    if (gamma < 0) throw new InvalidInputError(`${KIND}.fromJSON: state.gamma must be ≥ 0, got ${gamma}`);
    const support = readIndexArray(st, KIND, 'support');
    const converged = stateField(st, KIND, 'converged');
    if (typeof converged !== 'boolean') throw new InvalidInputError(`${KIND}.fromJSON: state.converged must be a boolean, got ${String(converged)}`);
    const nIter = num('nIter');
    if (!(Number.isInteger(nIter) && nIter >= 0)) throw new InvalidInputError(`${KIND}.fromJSON: state.nIter must be an integer ≥ 0, got ${nIter}`);
    const p = model.params;
    model.state = {
      nFeaturesIn: d, spec: { kernel: p.kernel, gamma, coef0: p.coef0, degree: p.degree }, support,
      SV: readFiniteArray(st, KIND, 'supportVectors', support.length * d), dualCoef: readFiniteArray(st, KIND, 'dualCoef', support.length),
      rho: num('rho'), nIter, converged,
    };
    return model;
  }
}

registerEstimator(KIND, SVR.fromJSON);
