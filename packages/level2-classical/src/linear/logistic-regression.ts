/**
 * Logistic regression, as scikit-learn 1.2's `LogisticRegression` with penalty `'l2'` or
 * `'none'` (no `l1`/`elasticnet`, no class or sample weights). It minimises
 * $$f(W, b) = \sum_{i=1}^n \ell_i + \frac{1}{2C}\lVert W\rVert_F^2 \quad\Longleftrightarrow\quad C\sum_i \ell_i + \tfrac12\lVert W\rVert_F^2,$$
 * $\ell_i$ the log-loss of sample $i$ (`logistic-loss.ts`), intercepts unpenalised, with L-BFGS,
 * Newton (IRLS) or gradient descent (`logistic-solvers.ts`).
 *
 * Classes (sklearn's `multi_class`): two classes give one binary model, $P(y = c_1 \mid x) = \sigma(w^\top x + b)$,
 * `coef` (1, d). More classes give, with `'auto'`/`'multinomial'`, the softmax model
 * $P(y = k \mid x) = e^{z_k}/\sum_l e^{z_l}$, $z_k = w_k^\top x + b_k$, `coef` (K, d); with `'ovr'`,
 * K independent binary models (class k vs the rest) whose probabilities are normalised to sum to 1.
 * `'multinomial'` on two classes fits the 2-class softmax and keeps its class-1 row, as sklearn:
 * then $P(y = c_1 \mid x) = \sigma(2z)$.
 *
 * The objective is strictly convex with the L2 penalty, so the solvers agree with sklearn at the
 * optimum (see the oracle tests); without a penalty on separable classes there is no optimum:
 * the weights grow while the solver runs and $\lVert\nabla f\rVert \to 0$ as they do, so the
 * fit ends at a `tol`-dependent point (no warning, as sklearn) or at `maxIter` (a ConvergenceWarning).
 *
 * Complexity per iteration: $O(ndK)$ for lbfgs/gd, $O(n(Kd)^2 + (Kd)^3)$ for newton.
 * @see ../../../../docs/level2-classical/linear.md
 */
import {
  ConvergenceWarning, InvalidInputError, LabelEncoding, Matrix, NotFittedError, asMatrix, assertColumns,
  readCount, readFiniteArray, readSerialized, registerEstimator, stateField,
  type Classifier, type Label, type LabelEncodingJSON, type Labels, type MatrixLike, type SerializedEstimator,
} from '@fpml/core';
import { positiveZeros, readNumber, warningsFromJSON, warningsToJSON, type WarningJSON } from './linear-base.js';
import { decisionScores, sigmoid, type LogisticProblem } from './logistic-loss.js';
import { minimizeLogistic, type LogisticSolver } from './logistic-solvers.js';
import { checkChoice, checkFlag, checkInt, checkReal } from './params.js';
import { accuracyOfCodes } from './scoring.js';

/** Penalties of {@link LogisticRegression}: `'l2'`, or none (`'none'` or `null`, sklearn 1.2 accepts both). */
export type LogisticPenalty = 'l2' | 'none' | null;
/** sklearn's `multi_class`. */
export type LogisticMultiClass = 'auto' | 'ovr' | 'multinomial';

/** Options of {@link LogisticRegression} (sklearn's names in camelCase). */
export interface LogisticRegressionOptions {
  /** `'l2'` or no penalty (`'none'`/`null`). @default 'l2' */
  penalty?: LogisticPenalty;
  /** Inverse penalty strength $C > 0$ (ignored without a penalty). @default 1.0 */
  C?: number;
  /** Fit unpenalised intercepts. @default true */
  fitIntercept?: boolean;
  /** Stop when $\lVert\nabla f\rVert_2 \le$ tol. @default 1e-4 */
  tol?: number;
  /** Iterations allowed (per binary problem with `'ovr'`). @default 100 */
  maxIter?: number;
  /** `'lbfgs'`, `'newton'` (full Hessian, small K·d) or `'gd'` (fixed step 1/L). @default 'lbfgs' */
  solver?: LogisticSolver;
  /** `'auto'` (binary for 2 classes, else multinomial), `'ovr'` or `'multinomial'`. @default 'auto' */
  multiClass?: LogisticMultiClass;
  /** Start from the previous fit's coefficients (same shapes). @default false */
  warmStart?: boolean;
  /**
   * L-BFGS only, an fpml extension: stop when an iteration lowers $f$ by at most
   * fTol·max(|f|, 1) (scipy's `ftol`, which sklearn cannot change); 0 disables it, so only `tol` stops.
   * @default 2.220446049250313e-9
   */
  fTol?: number;
}

/** Params of {@link LogisticRegression}, defaults filled in. */
export type LogisticRegressionParams = {
  penalty: LogisticPenalty;
  C: number;
  fitIntercept: boolean;
  tol: number;
  maxIter: number;
  solver: LogisticSolver;
  multiClass: LogisticMultiClass;
  warmStart: boolean;
  fTol: number;
};

interface FittedState {
  encoding: LabelEncoding;
  coef: Float64Array; // (R, d), R = 1 for two classes, else K
  intercept: Float64Array; // (R,)
  R: number;
  d: number;
  multinomial: boolean;
  nIter: number;
  warnings: ConvergenceWarning[];
}

interface StateJSON {
  classes: Label[];
  labelKind: LabelEncodingJSON['kind'];
  coef: number[];
  intercept: number[];
  nFeaturesIn: number;
  multinomial: boolean;
  nIter: number;
  warnings: WarningJSON[];
}

const KIND = 'LogisticRegression';
const VERSION = 1;

/**
 * L2-penalised (or unpenalised) logistic regression, binary, multinomial or one-vs-rest.
 *
 * @example
 * const clf = new LogisticRegression({ C: 1.0 }).fit(X, y);
 * clf.predictProba(X); // Matrix (n, K), rows sum to 1
 * clf.coef;            // Matrix (K, d), or (1, d) for two classes
 * clf.nIter;           // solver iterations
 * @see ../../../../docs/level2-classical/linear.md
 */
export class LogisticRegression implements Classifier<LogisticRegressionParams> {
  private readonly params: Readonly<LogisticRegressionParams>;
  private state: FittedState | null = null;

  /** Stores the params (defaults filled in); checks nothing: `fit` does. */
  constructor(options: LogisticRegressionOptions = {}) {
    this.params = Object.freeze({
      penalty: options.penalty === undefined ? 'l2' : options.penalty,
      C: options.C ?? 1.0,
      fitIntercept: options.fitIntercept ?? true,
      tol: options.tol ?? 1e-4,
      maxIter: options.maxIter ?? 100,
      solver: options.solver ?? 'lbfgs',
      multiClass: options.multiClass ?? 'auto',
      warmStart: options.warmStart ?? false,
      fTol: options.fTol ?? 2.220446049250313e-9,
    });
  }

  /** A frozen copy of the params. */
  getParams(): Readonly<LogisticRegressionParams> {
    return Object.freeze({ ...this.params });
  }

  get isFitted(): boolean {
    return this.state !== null;
  }

  private fitted(method: string): FittedState {
    if (this.state === null) throw new NotFittedError(KIND, method);
    return this.state;
  }

  /** The labels seen in fit, sorted (np.unique order). */
  get classes(): readonly Label[] {
    return this.fitted('classes').encoding.classes;
  }
  /** Coefficients (K, d), or (1, d) for two classes (the class-1 model), a copy. */
  get coef(): Matrix {
    const s = this.fitted('coef');
    return new Matrix(s.R, s.d, s.coef.slice());
  }
  /** Intercepts (K,) or (1,), a copy (zeros without `fitIntercept`). */
  get intercept(): Float64Array {
    return this.fitted('intercept').intercept.slice();
  }
  /** Solver iterations of the last fit (the largest over the binary problems with `'ovr'`). */
  get nIter(): number {
    return this.fitted('nIter').nIter;
  }
  /** Columns of the X given to fit. */
  get nFeaturesIn(): number {
    return this.fitted('nFeaturesIn').d;
  }
  /** Convergence warnings of the last fit (empty when it converged). Reported, never thrown. */
  get warnings(): readonly ConvergenceWarning[] {
    return this.fitted('warnings').warnings;
  }

  /** @throws InvalidParamError naming the first bad param. */
  private checkParams(): void {
    const p = this.params;
    checkChoice(KIND, 'penalty', p.penalty === null ? 'none' : p.penalty, ['l2', 'none']);
    checkReal(KIND, 'C', p.C, { min: 0, minOpen: true });
    checkFlag(KIND, 'fitIntercept', p.fitIntercept);
    checkReal(KIND, 'tol', p.tol, { min: 0 });
    checkInt(KIND, 'maxIter', p.maxIter, 0);
    checkChoice(KIND, 'solver', p.solver, ['lbfgs', 'newton', 'gd']);
    checkChoice(KIND, 'multiClass', p.multiClass, ['auto', 'ovr', 'multinomial']);
    checkFlag(KIND, 'warmStart', p.warmStart);
    checkReal(KIND, 'fTol', p.fTol, { min: 0 });
  }

  /**
   * Fit on X (n, d) and labels y (n,) with at least two classes.
   * @throws InvalidParamError, ShapeError, InvalidInputError (also for a single class).
   */
  fit(X: MatrixLike, y: Labels): this {
    this.checkParams();
    const Xm = asMatrix(X, 'X'); // (n, d)
    const { encoding, codes } = LabelEncoding.fit(y, 'y', Xm.rows);
    const K = encoding.nClasses;
    if (K < 2) throw new InvalidInputError(`${KIND} needs samples of at least 2 classes, but y holds only ${JSON.stringify(encoding.classes[0])}`);
    const { penalty, C, fitIntercept, solver, maxIter, tol, fTol, multiClass } = this.params;
    const multinomial = multiClass === 'multinomial' || (multiClass === 'auto' && K > 2);
    const n = Xm.rows, d = Xm.cols, fi = fitIntercept ? 1 : 0;
    const base = { X: Xm.data, n, d, fitIntercept, l2: penalty === 'l2' ? 1 / C : 0 };
    const opts = { solver, maxIter, tol, fTol };
    const prev = this.params.warmStart && this.state !== null && this.state.d === d && this.state.multinomial === multinomial && this.state.encoding.nClasses === K ? this.state : null;
    const R = K === 2 ? 1 : K;
    const coef = new Float64Array(R * d); // (R, d)
    const intercept = new Float64Array(R); // (R,)
    let nIter = 0;
    const warnings: ConvergenceWarning[] = [];
    if (multinomial) {
      const p: LogisticProblem = { ...base, y: codes, K };
      const theta0 = new Float64Array(K * d + K * fi);
      if (prev !== null) {
        // Two classes keep only the class-1 row; the optimum of the symmetric softmax has w₀ = −w₁.
        for (let k = 0; k < K; k++) {
          const r = R === 1 ? 0 : k, sgn = R === 1 && k === 0 ? -1 : 1;
          for (let j = 0; j < d; j++) theta0[k * d + j] = sgn * prev.coef[r * d + j]!;
          if (fi) theta0[K * d + k] = sgn * prev.intercept[r]!;
        }
      }
      const r = minimizeLogistic(p, theta0, opts, KIND);
      const first = R === 1 ? 1 : 0; // the class-1 row for two classes
      coef.set(r.theta.subarray(first * d, (first + R) * d));
      if (fi) intercept.set(r.theta.subarray(K * d + first, K * d + first + R));
      nIter = r.nIter;
      warnings.push(...r.warnings);
    } else {
      for (let r = 0; r < R; r++) {
        const target = R === 1 ? codes : codes.map((c) => (c === r ? 1 : 0));
        const theta0 = new Float64Array(d + fi);
        if (prev !== null) {
          theta0.set(prev.coef.subarray(r * d, (r + 1) * d));
          if (fi) theta0[d] = prev.intercept[r]!;
        }
        const res = minimizeLogistic({ ...base, y: target, K: 1 }, theta0, opts, KIND);
        coef.set(res.theta.subarray(0, d), r * d);
        if (fi) intercept[r] = res.theta[d]!;
        nIter = Math.max(nIter, res.nIter);
        warnings.push(...res.warnings);
      }
    }
    this.state = { encoding, coef: positiveZeros(coef), intercept: positiveZeros(intercept), R, d, multinomial, nIter, warnings };
    return this;
  }

  private checkedX(X: MatrixLike, method: string): { s: FittedState; Xm: Matrix } {
    const s = this.fitted(method);
    const Xm = asMatrix(X, 'X');
    assertColumns(Xm, s.d);
    return { s, Xm };
  }

  /** Scores $z = XW^\top + b$ (n, R) of the fitted state. */
  private scores(s: FittedState, Xm: Matrix): Float64Array {
    return decisionScores(Xm.data, Xm.rows, s.d, s.coef, s.intercept, s.R);
  }

  /** Decision scores $z = Xw_k + b_k$, (n, K), or (n, 1) for two classes (sklearn's 1-D output as a column). */
  decisionFunction(X: MatrixLike): Matrix {
    const { s, Xm } = this.checkedX(X, 'decisionFunction');
    return new Matrix(Xm.rows, s.R, this.scores(s, Xm));
  }

  /** Class probabilities (n, K), rows sum to 1, columns in `classes` order. */
  predictProba(X: MatrixLike): Matrix {
    const { s, Xm } = this.checkedX(X, 'predictProba');
    const z = this.scores(s, Xm);
    const n = Xm.rows, K = s.encoding.nClasses;
    const P = new Matrix(n, K); // (n, K)
    const out = P.data;
    for (let i = 0; i < n; i++) {
      if (s.R === 1) {
        const p1 = sigmoid(s.multinomial ? 2 * z[i]! : z[i]!); // softmax([−z, z]) for multinomial
        out[i * 2] = 1 - p1;
        out[i * 2 + 1] = p1;
        continue;
      }
      let sum = 0;
      if (s.multinomial) {
        let m = -Infinity;
        for (let k = 0; k < K; k++) m = Math.max(m, z[i * K + k]!);
        for (let k = 0; k < K; k++) sum += out[i * K + k] = Math.exp(z[i * K + k]! - m);
      } else {
        for (let k = 0; k < K; k++) sum += out[i * K + k] = sigmoid(z[i * K + k]!); // ovr, then normalise
      }
      for (let k = 0; k < K; k++) out[i * K + k] = out[i * K + k]! / sum;
    }
    return P;
  }

  private predictCodes(s: FittedState, Xm: Matrix): Int32Array {
    const z = this.scores(s, Xm);
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

  /** Predicted labels: the class with the largest score (Int32Array of labels, or the original labels). */
  predict(X: MatrixLike): Int32Array | Label[] {
    const { s, Xm } = this.checkedX(X, 'predict');
    return s.encoding.decode(this.predictCodes(s, Xm));
  }

  /** Mean accuracy of `predict(X)` against `y`. */
  score(X: MatrixLike, y: Labels): number {
    const { s, Xm } = this.checkedX(X, 'score');
    return accuracyOfCodes(s.encoding.encode(y, 'y', Xm.rows), this.predictCodes(s, Xm));
  }

  /** `{ kind: 'LogisticRegression', version: 1, params, state }`; JSON-safe, round-trips exactly. */
  toJSON(): SerializedEstimator<LogisticRegressionParams, StateJSON> {
    const s = this.state;
    const state: StateJSON | null =
      s === null
        ? null
        : {
            classes: [...s.encoding.classes], labelKind: s.encoding.kind, coef: Array.from(s.coef), intercept: Array.from(s.intercept),
            nFeaturesIn: s.d, multinomial: s.multinomial, nIter: s.nIter, warnings: warningsToJSON(s.warnings),
          };
    return { kind: KIND, version: VERSION, params: { ...this.params }, state };
  }

  /**
   * Rebuild a model saved by {@link toJSON}.
   * @throws InvalidInputError for another kind, an unknown version or a malformed state; InvalidParamError for bad params.
   */
  static fromJSON(json: unknown): LogisticRegression {
    const saved = readSerialized(json, KIND, [VERSION]);
    const model = new LogisticRegression(saved.params as LogisticRegressionOptions);
    model.checkParams();
    if (saved.state === null) return model;
    const st = saved.state;
    const encoding = LabelEncoding.fromJSON({ classes: stateField(st, KIND, 'classes') as Label[], kind: stateField(st, KIND, 'labelKind') as LabelEncodingJSON['kind'] }, KIND);
    const d = readCount(st, KIND, 'nFeaturesIn');
    const K = encoding.nClasses;
    if (K < 2) throw new InvalidInputError(`${KIND}.fromJSON: state.classes must hold at least 2 classes`);
    const R = K === 2 ? 1 : K;
    const multinomial = stateField(st, KIND, 'multinomial');
    if (typeof multinomial !== 'boolean') throw new InvalidInputError(`${KIND}.fromJSON: state.multinomial must be a boolean`);
    model.state = {
      encoding, coef: readFiniteArray(st, KIND, 'coef', R * d), intercept: readFiniteArray(st, KIND, 'intercept', R), R, d, multinomial,
      nIter: readNumber(st, KIND, 'nIter'), warnings: warningsFromJSON(st, KIND),
    };
    return model;
  }
}

registerEstimator(KIND, LogisticRegression.fromJSON);
