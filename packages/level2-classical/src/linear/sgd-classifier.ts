/**
 * Linear classifiers by stochastic gradient descent, as scikit-learn 1.2's `SGDClassifier`
 * (no early stopping, averaging or class weights): minimises, per binary problem,
 * $$\frac1n\sum_i \ell\big(y_i(w^\top x_i + b)\big) + \alpha\Big(\frac{1-\rho}{2}\lVert w\rVert^2 + \rho\lVert w\rVert_1\Big),\qquad y_i \in \{-1, +1\},$$
 * with the updates of `sgd-kernel.ts`: `'hinge'` is a linear SVM, `'log_loss'` logistic
 * regression (with `C = 1/(n\alpha)`; tested), `'modified_huber'` a smoothed hinge that also
 * gives probabilities. Two classes fit one model (`classes[1]` positive, `coef` (1, d)); K > 2
 * fit K one-vs-all models, each shuffled by its own Rng seeded from `seed`.
 *
 * Probabilities (`predictProba`, sklearn's rules): `'log_loss'` $\sigma(z)$ (OvR-normalised for
 * K > 2); `'modified_huber'` $(\mathrm{clip}(z, -1, 1) + 1)/2$, normalised, uniform where all are
 * 0; other losses have none (an InvalidParamError naming `loss`).
 *
 * Results match sklearn in distribution, not bit for bit (NumPy's RNG differs): the tests compare
 * test-set accuracy with the frozen sklearn mean over five seeds.
 * Complexity $O(nd)$ per epoch and class.
 * @see ../../../../docs/level2-classical/linear.md
 */
import {
  ConvergenceWarning, InvalidInputError, InvalidParamError, LabelEncoding, Matrix, NotFittedError, Rng, asMatrix, assertColumns,
  readCount, readFiniteArray, readSerialized, registerEstimator, stateField,
  type Classifier, type Label, type LabelEncodingJSON, type Labels, type MatrixLike, type SerializedEstimator,
} from '@fpml/core';
import { positiveZeros, readNumber, warningsFromJSON, warningsToJSON, type WarningJSON } from './linear-base.js';
import { decisionScores, sigmoid } from './logistic-loss.js';
import { accuracyOfCodes } from './scoring.js';
import { plainSgd, type SgdLearningRate } from './sgd-kernel.js';
import { CLASSIFIER_LOSSES, type SgdClassifierLoss } from './sgd-losses.js';
import { checkSgdParams, sgdCommonParams, sgdConfig, type SgdCommonOptions, type SgdCommonParams } from './sgd-params.js';

/** Options of {@link SGDClassifier}. */
export interface SGDClassifierOptions extends SgdCommonOptions {
  /** `'hinge'`, `'log_loss'`, `'modified_huber'`, `'squared_hinge'` or `'perceptron'`. @default 'hinge' */
  loss?: SgdClassifierLoss;
  /** `'optimal'`, `'constant'`, `'invscaling'` or `'adaptive'`. @default 'optimal' */
  learningRate?: SgdLearningRate;
  /** @default 0.0 (unused by 'optimal') */
  eta0?: number;
  /** @default 0.5 */
  powerT?: number;
}

/** Params of {@link SGDClassifier}, defaults filled in. */
export type SGDClassifierParams = SgdCommonParams & { loss: SgdClassifierLoss; learningRate: SgdLearningRate };

interface FittedState {
  encoding: LabelEncoding;
  coef: Float64Array; // (R, d)
  intercept: Float64Array; // (R,)
  R: number;
  d: number;
  nIter: number;
  t: number;
  warnings: ConvergenceWarning[];
}

interface StateJSON {
  classes: Label[];
  labelKind: LabelEncodingJSON['kind'];
  coef: number[];
  intercept: number[];
  nFeaturesIn: number;
  nIter: number;
  t: number;
  warnings: WarningJSON[];
}

const KIND = 'SGDClassifier';
const MAX_INT = 2147483647;

/**
 * SGD-fitted linear classifier (SVM, logistic regression, modified Huber, ...).
 *
 * @example
 * const clf = new SGDClassifier({ loss: 'log_loss', seed: 0 }).fit(Xstd, y);
 * clf.predictProba(Xstd); // (n, K)
 * @see ../../../../docs/level2-classical/linear.md
 */
export class SGDClassifier implements Classifier<SGDClassifierParams> {
  private readonly params: Readonly<SGDClassifierParams>;
  private state: FittedState | null = null;

  /** Stores the params (defaults filled in); checks nothing: `fit` does. */
  constructor(options: SGDClassifierOptions = {}) {
    this.params = Object.freeze({ ...sgdCommonParams(options, 0, 0.5), loss: options.loss ?? 'hinge', learningRate: options.learningRate ?? 'optimal' });
  }

  /** A frozen copy of the params. */
  getParams(): Readonly<SGDClassifierParams> {
    return Object.freeze({ ...this.params });
  }

  get isFitted(): boolean {
    return this.state !== null;
  }

  private fitted(method: string): FittedState {
    if (this.state === null) throw new NotFittedError(KIND, method);
    return this.state;
  }

  /** The labels seen in fit, sorted. */
  get classes(): readonly Label[] {
    return this.fitted('classes').encoding.classes;
  }
  /** Coefficients (K, d), or (1, d) for two classes, a copy. */
  get coef(): Matrix {
    const s = this.fitted('coef');
    return new Matrix(s.R, s.d, s.coef.slice());
  }
  /** Intercepts (K,) or (1,), a copy. */
  get intercept(): Float64Array {
    return this.fitted('intercept').intercept.slice();
  }
  /** Epochs run (the largest over the one-vs-all problems). */
  get nIter(): number {
    return this.fitted('nIter').nIter;
  }
  /** Weight updates plus one (sklearn's `t_`). */
  get t(): number {
    return this.fitted('t').t;
  }
  /** Columns of the X given to fit. */
  get nFeaturesIn(): number {
    return this.fitted('nFeaturesIn').d;
  }
  /** Convergence warnings of the last fit. Reported, never thrown. */
  get warnings(): readonly ConvergenceWarning[] {
    return this.fitted('warnings').warnings;
  }

  private checkParams(): void {
    checkSgdParams(KIND, this.params, CLASSIFIER_LOSSES);
  }

  /**
   * Fit on X (n, d) and labels y (n,) with at least two classes.
   * @throws InvalidParamError, ShapeError, InvalidInputError (a single class, or overflow).
   */
  fit(X: MatrixLike, y: Labels): this {
    this.checkParams();
    const Xm = asMatrix(X, 'X'); // (n, d)
    const { encoding, codes } = LabelEncoding.fit(y, 'y', Xm.rows);
    const K = encoding.nClasses;
    if (K < 2) throw new InvalidInputError(`${KIND} needs samples of at least 2 classes, but y holds only ${JSON.stringify(encoding.classes[0])}`);
    const p = this.params;
    const n = Xm.rows, d = Xm.cols, R = K === 2 ? 1 : K;
    const prev = p.warmStart && this.state !== null && this.state.d === d && this.state.R === R ? this.state : null;
    const coef = prev === null ? new Float64Array(R * d) : prev.coef.slice(); // (R, d)
    const intercept = prev === null ? new Float64Array(R) : prev.intercept.slice(); // (R,)
    const seeder = new Rng(p.seed);
    const cfg = sgdConfig(p);
    const target = new Float64Array(n);
    let nIter = 0;
    for (let r = 0; r < R; r++) {
      const positive = R === 1 ? 1 : r;
      for (let i = 0; i < n; i++) target[i] = codes[i] === positive ? 1 : -1;
      const w = coef.subarray(r * d, (r + 1) * d);
      const run = plainSgd(Xm.data, n, d, target, w, intercept[r]!, cfg, new Rng(seeder.int(MAX_INT)));
      if (run.overflowEpoch !== null) throw new InvalidInputError(`${KIND}: floating-point overflow at epoch ${run.overflowEpoch}; scale X (StandardScaler) or lower eta0/alpha`);
      intercept[r] = run.intercept;
      nIter = Math.max(nIter, run.nIter);
    }
    const warnings = p.tol !== null && nIter === p.maxIter
      ? [new ConvergenceWarning(KIND, `maximum number of epochs (maxIter = ${p.maxIter}) reached before the loss stopped improving by tol; increase maxIter`, nIter)]
      : [];
    this.state = { encoding, coef: positiveZeros(coef), intercept: positiveZeros(intercept), R, d, nIter, t: nIter * n + 1, warnings };
    return this;
  }

  private checkedX(X: MatrixLike, method: string): { s: FittedState; Xm: Matrix } {
    const s = this.fitted(method);
    const Xm = asMatrix(X, 'X');
    assertColumns(Xm, s.d);
    return { s, Xm };
  }

  /** Signed distances $z = XW^\top + b$, (n, K) or (n, 1) for two classes. */
  decisionFunction(X: MatrixLike): Matrix {
    const { s, Xm } = this.checkedX(X, 'decisionFunction');
    return new Matrix(Xm.rows, s.R, decisionScores(Xm.data, Xm.rows, s.d, s.coef, s.intercept, s.R));
  }

  /**
   * Class probabilities (n, K) for `'log_loss'` and `'modified_huber'`.
   * @throws InvalidParamError for the other losses (they define no probabilities).
   */
  predictProba(X: MatrixLike): Matrix {
    const { s, Xm } = this.checkedX(X, 'predictProba');
    const { loss } = this.params;
    if (loss !== 'log_loss' && loss !== 'modified_huber') {
      throw new InvalidParamError(KIND, 'loss', loss, "'log_loss' or 'modified_huber' for predictProba (this loss defines no probabilities; use decisionFunction)");
    }
    const z = decisionScores(Xm.data, Xm.rows, s.d, s.coef, s.intercept, s.R);
    const n = Xm.rows, K = s.encoding.nClasses;
    const P = new Matrix(n, K);
    const out = P.data;
    const prob = loss === 'log_loss' ? sigmoid : (v: number) => (Math.min(1, Math.max(-1, v)) + 1) / 2;
    for (let i = 0; i < n; i++) {
      if (s.R === 1) {
        const p1 = prob(z[i]!);
        out[2 * i] = 1 - p1;
        out[2 * i + 1] = p1;
        continue;
      }
      let sum = 0;
      for (let k = 0; k < K; k++) sum += out[i * K + k] = prob(z[i * K + k]!);
      for (let k = 0; k < K; k++) out[i * K + k] = sum === 0 ? 1 / K : out[i * K + k]! / sum; // all zero → uniform (sklearn)
    }
    return P;
  }

  private predictCodes(s: FittedState, Xm: Matrix): Int32Array {
    const z = decisionScores(Xm.data, Xm.rows, s.d, s.coef, s.intercept, s.R);
    const out = new Int32Array(Xm.rows);
    for (let i = 0; i < Xm.rows; i++) {
      if (s.R === 1) {
        out[i] = z[i]! > 0 ? 1 : 0;
        continue;
      }
      let best = 0;
      for (let k = 1; k < s.R; k++) if (z[i * s.R + k]! > z[i * s.R + best]!) best = k;
      out[i] = best;
    }
    return out;
  }

  /** Predicted labels: the largest decision score. */
  predict(X: MatrixLike): Int32Array | Label[] {
    const { s, Xm } = this.checkedX(X, 'predict');
    return s.encoding.decode(this.predictCodes(s, Xm));
  }

  /** Mean accuracy of `predict(X)` against `y`. */
  score(X: MatrixLike, y: Labels): number {
    const { s, Xm } = this.checkedX(X, 'score');
    return accuracyOfCodes(s.encoding.encode(y, 'y', Xm.rows), this.predictCodes(s, Xm));
  }

  /** `{ kind: 'SGDClassifier', version: 1, params, state }`; JSON-safe, round-trips exactly. */
  toJSON(): SerializedEstimator<SGDClassifierParams, StateJSON> {
    const s = this.state;
    const state: StateJSON | null =
      s === null
        ? null
        : {
            classes: [...s.encoding.classes], labelKind: s.encoding.kind, coef: Array.from(s.coef), intercept: Array.from(s.intercept),
            nFeaturesIn: s.d, nIter: s.nIter, t: s.t, warnings: warningsToJSON(s.warnings),
          };
    return { kind: KIND, version: 1, params: { ...this.params }, state };
  }

  /**
   * Rebuild a model saved by {@link toJSON}.
   * @throws InvalidInputError for another kind, an unknown version or a malformed state; InvalidParamError for bad params.
   */
  static fromJSON(json: unknown): SGDClassifier {
    const saved = readSerialized(json, KIND, [1]);
    const model = new SGDClassifier(saved.params as SGDClassifierOptions);
    model.checkParams();
    if (saved.state === null) return model;
    const st = saved.state;
    const encoding = LabelEncoding.fromJSON({ classes: stateField(st, KIND, 'classes') as Label[], kind: stateField(st, KIND, 'labelKind') as LabelEncodingJSON['kind'] }, KIND);
    if (encoding.nClasses < 2) throw new InvalidInputError(`${KIND}.fromJSON: state.classes must hold at least 2 classes`);
    const d = readCount(st, KIND, 'nFeaturesIn');
    const R = encoding.nClasses === 2 ? 1 : encoding.nClasses;
    model.state = {
      encoding, coef: readFiniteArray(st, KIND, 'coef', R * d), intercept: readFiniteArray(st, KIND, 'intercept', R), R, d,
      nIter: readNumber(st, KIND, 'nIter'), t: readNumber(st, KIND, 't'), warnings: warningsFromJSON(st, KIND),
    };
    return model;
  }
}

registerEstimator(KIND, SGDClassifier.fromJSON);
