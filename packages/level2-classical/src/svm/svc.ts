/**
 * SVC: the C-support vector classifier of libsvm, with scikit-learn 1.2's `SVC` params,
 * attributes and signs, so that at a tight `tol` the dual coefficients, intercepts and decision
 * values agree with scikit-learn's to ~1e-6 or better (`svm.oracle.test.ts`).
 *
 * Each pair of classes gets the binary soft-margin machine
 * $$\min_{w,b,\xi}\ \tfrac12\lVert w\rVert^2 + \sum_t C w_{y_t} \xi_t
 *   \ \text{ s.t. }\ y_t(w^\top\phi(x_t) + b) \ge 1 - \xi_t,\ \xi \ge 0,$$
 * solved in its dual by SMO (`smo.ts`), combined one-vs-one (`ovo.ts`). `probability: true` adds
 * Platt sigmoids fitted by internal 5-fold cross-validation and pairwise coupling (`platt.ts`).
 *
 * Signs follow scikit-learn: for two classes `dualCoef`, `intercept`, `coef` and
 * `decisionFunction` are negated relative to libsvm, so positive means `classes[1]`; for K > 2
 * they are libsvm's pairwise values (positive = the pair's first class). `predict` is libsvm's
 * vote (ties to the lowest class), which can disagree with `predictProba`'s argmax, as in
 * scikit-learn: the probabilities come from a different (cross-validated) model of the scores.
 *
 * Fit: $K(K-1)/2$ SMO solves (×6 with `probability`); predict: $O(n\, n_{SV} d)$.
 * @see ../../../../docs/level2-classical/svm.md
 */
import {
  type Classifier, ConvergenceWarning, InvalidInputError, InvalidParamError, LabelEncoding, type Label, type Labels, Matrix,
  type MatrixLike, NotFittedError, Rng, type SerializedEstimator, asMatrix, assertColumns, readSerialized, registerEstimator,
} from '@fpml/core';
import { ovoCoef, ovoMargin } from './geometry.js';
import type { KernelSpec } from './kernels.js';
import { nPairs, type OvoModel, ovoDecision, ovoProba, ovoVote, ovrFromOvo, trainOvo } from './ovo.js';
import { checkSvcParams, classWeights, svcParams, type SVCOptions, type SVCParams } from './svc-params.js';
import { readSvcState, type SvcStateJSON, writeSvcState } from './svc-state.js';
import { kernelSpecFor, solverSettings } from './svm-params.js';

/** Fitted state of an {@link SVC}. */
export interface SvcFitted {
  encoding: LabelEncoding;
  nFeaturesIn: number;
  spec: KernelSpec;
  model: OvoModel;
  SV: Float64Array; // (nSV, d)
  classWeight: Float64Array; // (K,)
}

const KIND = 'SVC';
const VERSION = 1;

/**
 * C-support vector classification (see the module comment).
 *
 * @example
 * const clf = new SVC({ C: 10, kernel: 'rbf', gamma: 'scale' }).fit(X, y);
 * clf.predict(Xtest);            // labels
 * clf.decisionFunction(Xtest);   // (n, K) 'ovr' scores, (n, 1) for two classes
 * clf.supportVectors;            // (nSV, d)
 */
export class SVC implements Classifier<SVCParams> {
  private readonly params: Readonly<SVCParams>;
  private state: SvcFitted | null = null;

  /** Stores the params (defaults filled in); checks nothing: `fit` does. */
  constructor(options: SVCOptions = {}) {
    this.params = svcParams(options);
  }

  /** A frozen copy of the params. */
  getParams(): Readonly<SVCParams> {
    return svcParams(this.params);
  }

  get isFitted(): boolean {
    return this.state !== null;
  }

  private fitted(method: string): SvcFitted {
    if (this.state === null) throw new NotFittedError(KIND, method);
    return this.state;
  }

  private get binary(): boolean {
    return this.fitted('binary').model.nClasses === 2;
  }

  /** The labels seen in fit, sorted. */
  get classes(): readonly Label[] {
    return this.fitted('classes').encoding.classes;
  }
  /** Number of columns of the X given to fit. */
  get nFeaturesIn(): number {
    return this.fitted('nFeaturesIn').nFeaturesIn;
  }
  /** The numeric $\gamma$ used (sklearn's `_gamma`: `'scale'`/`'auto'` resolved on the training X). */
  get fitGamma(): number {
    return this.fitted('fitGamma').spec.gamma;
  }
  /** Training-row indices of the support vectors, grouped by class (nSV,). */
  get support(): Int32Array {
    return this.fitted('support').model.support.slice();
  }
  /** Number of support vectors of each class (K,). */
  get nSupport(): Int32Array {
    return this.fitted('nSupport').model.nSupport.slice();
  }
  /** The support vectors, (nSV, d). */
  get supportVectors(): Matrix {
    const s = this.fitted('supportVectors');
    return new Matrix(s.model.support.length, s.nFeaturesIn, s.SV.slice());
  }
  /** $\alpha_t y_t$ in libsvm's (K−1, nSV) layout (`ovo.ts`); negated for two classes, as sklearn. */
  get dualCoef(): Matrix {
    const s = this.fitted('dualCoef');
    const c = s.model.dualCoef.slice();
    if (s.model.nClasses === 2) for (let k = 0; k < c.length; k++) c[k] = -c[k]!;
    return new Matrix(s.model.nClasses - 1, s.model.support.length, c);
  }
  /** $b_p = -\rho_p$ per pair (P,); for two classes $+\rho$ (sklearn's sign). */
  get intercept(): Float64Array {
    const s = this.fitted('intercept');
    const flip = s.model.nClasses === 2 ? -1 : 1;
    return Float64Array.from(s.model.rho, (r) => (r !== 0 ? -r * flip : 0));
  }
  /**
   * Primal weights $w_p = \sum_s c_s x_s$ per pair, (P, d); linear kernel only.
   * @throws InvalidParamError for another kernel (w lives in the kernel's feature space).
   */
  get coef(): Matrix {
    const s = this.fitted('coef');
    if (s.spec.kernel !== 'linear') throw new InvalidParamError(KIND, 'kernel', s.spec.kernel, "'linear' to read coef (use margin for other kernels)");
    const w = ovoCoef(s.model, s.SV, s.nFeaturesIn);
    if (this.binary) for (let k = 0; k < w.length; k++) w[k] = -w[k]!;
    return new Matrix(nPairs(s.model.nClasses), s.nFeaturesIn, w);
  }
  /**
   * Geometric margin $2/\lVert w_p\rVert$ of each pair's machine in the kernel's feature space,
   * with $\lVert w\rVert^2 = c^\top K c$ (P,). $O(n_{SV}^2 d)$. See `geometry.ts`.
   */
  get margin(): Float64Array {
    const s = this.fitted('margin');
    return ovoMargin(s.model, s.spec, s.SV, s.nFeaturesIn);
  }
  /** Platt's $A_p$ per pair (P,). @throws InvalidParamError without `probability`. */
  get probA(): Float64Array {
    return this.platt('probA').A.slice();
  }
  /** Platt's $B_p$ per pair (P,). @throws InvalidParamError without `probability`. */
  get probB(): Float64Array {
    return this.platt('probB').B.slice();
  }
  /** Per-class multipliers of C (K,) (sklearn's `class_weight_`). */
  get classWeight(): Float64Array {
    return this.fitted('classWeight').classWeight.slice();
  }
  /** SMO iterations per pair (P,). */
  get nIter(): Int32Array {
    return this.fitted('nIter').model.nIter.slice();
  }
  /** 0 if every pair converged, 1 if `maxIter` stopped one (sklearn's `fit_status_`). */
  get fitStatus(): number {
    return this.fitted('fitStatus').model.notConverged.length > 0 ? 1 : 0;
  }
  /** One ConvergenceWarning per pair stopped by `maxIter`. */
  get warnings(): readonly ConvergenceWarning[] {
    const s = this.fitted('warnings');
    return s.model.notConverged.map((p) => new ConvergenceWarning(KIND, `pair ${p}: SMO reached maxIter = ${this.params.maxIter} before tol = ${this.params.tol}; consider standardising X`, s.model.nIter[p]!));
  }

  private platt(method: string): { A: Float64Array; B: Float64Array } {
    const s = this.fitted(method);
    if (s.model.probA === null || s.model.probB === null) throw new InvalidParamError(KIND, 'probability', false, `true (before fit) to use ${method}`);
    return { A: s.model.probA, B: s.model.probB };
  }

  /**
   * Fit the one-vs-one C-SVCs.
   * @param X (n, d) features; @param y (n,) labels (numbers or strings), at least 2 classes.
   * @throws InvalidParamError, ShapeError, InvalidInputError (also for one class only).
   */
  fit(X: MatrixLike, y: Labels): this {
    const params = this.params;
    checkSvcParams(KIND, params);
    const Xm = asMatrix(X, 'X'); // (n, d)
    const { encoding, codes } = LabelEncoding.fit(y, 'y', Xm.rows);
    const K = encoding.nClasses;
    if (K < 2) throw new InvalidInputError(`${KIND} needs samples of at least 2 classes, got 1 class (${JSON.stringify(encoding.classes[0])})`);
    const classWeight = classWeights(KIND, params.classWeight, encoding, codes);
    const spec = kernelSpecFor(params, Xm.data, Xm.cols);
    const weightedC = classWeight.map((w) => params.C * w);
    const rng = params.probability ? new Rng(params.seed) : null;
    const model = trainOvo(Xm.data, Xm.cols, codes, K, weightedC, spec, solverSettings(params), rng);
    if (![...model.dualCoef, ...model.rho].every(Number.isFinite)) {
      throw new InvalidInputError(`${KIND}: the dual coefficients or intercepts are not finite; X may hold values too large for the kernel, standardise it`);
    }
    const d = Xm.cols;
    const SV = new Float64Array(model.support.length * d); // (nSV, d)
    model.support.forEach((r, k) => SV.set(Xm.data.subarray(r * d, r * d + d), k * d));
    this.state = { encoding, nFeaturesIn: d, spec, model, SV, classWeight };
    return this;
  }

  private checkX(X: MatrixLike, method: string): { s: SvcFitted; T: Matrix } {
    const s = this.fitted(method);
    const T = asMatrix(X, 'X');
    assertColumns(T, s.nFeaturesIn);
    return { s, T };
  }

  /** libsvm's pairwise decision values (m, P), positive for each pair's first class. */
  private rawDecision(s: SvcFitted, T: Matrix): Float64Array {
    return ovoDecision(s.model, s.spec, s.SV, T.data, T.rows, s.nFeaturesIn);
  }

  private predictCodes(s: SvcFitted, T: Matrix): Int32Array {
    const K = s.model.nClasses;
    const dec = this.rawDecision(s, T);
    if (!(this.params.breakTies && K > 2)) return ovoVote(dec, T.rows, K);
    const ovr = ovrFromOvo(dec, T.rows, K);
    const out = new Int32Array(T.rows);
    for (let r = 0; r < T.rows; r++) {
      let best = 0;
      for (let k = 1; k < K; k++) if (ovr[r * K + k]! > ovr[r * K + best]!) best = k;
      out[r] = best;
    }
    return out;
  }

  /**
   * Scores, always a Matrix: (n, 1) for two classes (sklearn's 1-D `decision_function`, positive
   * for `classes[1]`), else (n, K) with `'ovr'` (votes + squashed confidences, sklearn's
   * transformation) or (n, K(K−1)/2) with `'ovo'` (libsvm's pairwise values).
   */
  decisionFunction(X: MatrixLike): Matrix {
    const { s, T } = this.checkX(X, 'decisionFunction');
    const K = s.model.nClasses;
    const dec = this.rawDecision(s, T);
    if (K === 2) return new Matrix(T.rows, 1, dec.map((v) => -v));
    if (this.params.decisionFunctionShape === 'ovr') return new Matrix(T.rows, K, ovrFromOvo(dec, T.rows, K));
    return new Matrix(T.rows, nPairs(K), dec);
  }

  /** Predicted labels by libsvm's one-vs-one vote (argmax of the 'ovr' scores with `breakTies`). */
  predict(X: MatrixLike): Int32Array | Label[] {
    const { s, T } = this.checkX(X, 'predict');
    return s.encoding.decode(this.predictCodes(s, T));
  }

  /**
   * Platt-scaled class probabilities (n, K), rows summing to 1, columns in `classes` order.
   * @throws InvalidParamError unless the model was fit with `probability: true`.
   */
  predictProba(X: MatrixLike): Matrix {
    const { s, T } = this.checkX(X, 'predictProba');
    const { A, B } = this.platt('predictProba');
    const K = s.model.nClasses;
    return new Matrix(T.rows, K, ovoProba(this.rawDecision(s, T), T.rows, K, A, B));
  }

  /** Mean accuracy of `predict(X)` against `y`. */
  score(X: MatrixLike, y: Labels): number {
    const { s, T } = this.checkX(X, 'score');
    const truth = s.encoding.encode(y, 'y', T.rows);
    const pred = this.predictCodes(s, T);
    let hits = 0;
    for (let i = 0; i < truth.length; i++) if (truth[i] === pred[i]) hits++;
    return hits / truth.length;
  }

  /** `{ kind: 'SVC', version: 1, params, state }`; JSON-safe, round-trips exactly. */
  toJSON(): SerializedEstimator<SVCParams, SvcStateJSON> {
    const params = { ...this.params, classWeight: this.params.classWeight === null || typeof this.params.classWeight === 'string' ? this.params.classWeight : { ...this.params.classWeight } };
    return { kind: KIND, version: VERSION, params, state: this.state === null ? null : writeSvcState(this.state) };
  }

  /**
   * Rebuild a model saved by {@link toJSON}.
   * @throws InvalidInputError for another kind, version or a malformed state; InvalidParamError for bad params.
   */
  static fromJSON(json: unknown): SVC {
    const saved = readSerialized(json, KIND, [VERSION]);
    const model = new SVC(saved.params as SVCOptions);
    checkSvcParams(KIND, model.params);
    if (saved.state !== null) model.state = readSvcState(saved.state, KIND, model.params);
    return model;
  }
}

registerEstimator(KIND, SVC.fromJSON);
