/**
 * DummyClassifier: predicts without looking at X, the baseline every real classifier must beat
 * (scikit-learn 1.2's `DummyClassifier`, same strategies and same outputs for the deterministic
 * ones). It is also core's reference estimator: the contract suite `checkEstimator` is proved on
 * it, and its source is the template for a new estimator.
 *
 * With class counts $c_k$ over $n$ training labels, the fitted prior is $\pi_k = c_k / n$ and
 * - `'prior'` (default): predictProba rows are $\pi$, predict is $\arg\max_k \pi_k$;
 * - `'most_frequent'`: predict is $\arg\max_k \pi_k$, predictProba its one-hot row;
 * - `'stratified'`: each row draws $k \sim \mathrm{Categorical}(\pi)$; predictProba is that one-hot row;
 * - `'uniform'`: predict draws $k$ uniformly; predictProba rows are $1/K$;
 * - `'constant'`: predict is `constant` (a label seen in fit), predictProba its one-hot row.
 *
 * Ties in $\arg\max$ go to the smallest class (numpy's argmax). Random strategies draw from a
 * fresh `new Rng(seed)` at every call, so a call's output depends only on `seed` and the number
 * of rows: the same call gives the same answer, but row $i$'s draw depends on its position in
 * the batch (by design, as in sklearn with an integer `random_state`).
 *
 * Fit is $O(n \log K)$; predict is $O(n K)$.
 * @see ../../../../docs/core/estimators.md
 */
import { InvalidInputError, InvalidParamError, NotFittedError, describeValue } from '../errors.js';
import { Matrix, type MatrixLike } from '../matrix/matrix.js';
import { Rng } from '../rng/rng.js';
import { asMatrix, assertColumns } from '../validation/validate.js';
import { LabelEncoding, type Label, type LabelEncodingJSON } from './label-encoder.js';
import { registerEstimator } from './registry.js';
import { accuracyOfCodes } from './scoring.js';
import { readCount, readFiniteArray, readSerialized, stateField } from './serialization.js';
import type { Classifier, Labels, SerializedEstimator } from './types.js';

/** The strategies of {@link DummyClassifier}. */
export type DummyClassifierStrategy = 'prior' | 'most_frequent' | 'stratified' | 'uniform' | 'constant';
const STRATEGIES: readonly DummyClassifierStrategy[] = ['prior', 'most_frequent', 'stratified', 'uniform', 'constant'];

/** Options of {@link DummyClassifier} (sklearn's names in camelCase). */
export interface DummyClassifierOptions {
  /** How to predict. @default 'prior' */
  strategy?: DummyClassifierStrategy;
  /** The label to predict with `strategy: 'constant'`; must be one of the labels seen in fit. @default null */
  constant?: Label | null;
  /** Seed of the Rng behind `'stratified'` and `'uniform'`. @default 0 */
  seed?: number;
}

/** The params of a {@link DummyClassifier}, defaults filled in. */
export type DummyClassifierParams = {
  strategy: DummyClassifierStrategy;
  constant: Label | null;
  seed: number;
};

/** Saved fitted state (version 1). */
interface DummyClassifierStateJSON {
  classes: Label[];
  labelKind: LabelEncodingJSON['kind'];
  classPrior: number[];
  nFeaturesIn: number;
}

interface FittedState {
  encoding: LabelEncoding;
  classPrior: Float64Array; // (K,)
  nFeaturesIn: number;
  /** The class predicted by the deterministic strategies. */
  mode: number;
}

const KIND = 'DummyClassifier';
const VERSION = 1;

/** Index of the first maximum (numpy's argmax tie rule). */
function argmax(p: Float64Array): number {
  let best = 0;
  for (let k = 1; k < p.length; k++) if (p[k]! > p[best]!) best = k;
  return best;
}

/**
 * A classifier that ignores X. See the module comment for the strategies.
 *
 * @example
 * const clf = new DummyClassifier({ strategy: 'most_frequent' }).fit(X, ['a', 'b', 'b']);
 * clf.predict(X);   // ['b', 'b', 'b']
 * clf.classPrior;   // Float64Array [1/3, 2/3]
 */
export class DummyClassifier implements Classifier<DummyClassifierParams> {
  private readonly params: Readonly<DummyClassifierParams>;
  private state: FittedState | null = null;

  /** Stores the params (defaults filled in); checks nothing: `fit` does. */
  constructor(options: DummyClassifierOptions = {}) {
    this.params = Object.freeze({
      strategy: options.strategy ?? 'prior',
      constant: options.constant ?? null,
      seed: options.seed ?? 0,
    });
  }

  /** A frozen copy of the params. */
  getParams(): Readonly<DummyClassifierParams> {
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

  /** Number of classes $K$. */
  get nClasses(): number {
    return this.fitted('nClasses').encoding.nClasses;
  }

  /** Training class frequencies $\pi_k = c_k / n$ (a copy), in `classes` order. */
  get classPrior(): Float64Array {
    return this.fitted('classPrior').classPrior.slice();
  }

  /** Number of columns of the X given to fit. */
  get nFeaturesIn(): number {
    return this.fitted('nFeaturesIn').nFeaturesIn;
  }

  /** @throws InvalidParamError naming the first bad param. */
  private checkParams(): void {
    const { strategy, seed, constant } = this.params;
    if (!STRATEGIES.includes(strategy)) {
      throw new InvalidParamError(KIND, 'strategy', strategy, `one of ${STRATEGIES.map((s) => `'${s}'`).join(', ')}`);
    }
    if (!Number.isSafeInteger(seed) || seed < 0) throw new InvalidParamError(KIND, 'seed', seed, 'a non-negative integer');
    if (strategy === 'constant' && typeof constant !== 'number' && typeof constant !== 'string') {
      throw new InvalidParamError(KIND, 'constant', constant, "a label (number or string) when strategy is 'constant'");
    }
  }

  /** The constant's class index, or throw if it was not seen in fit. */
  private constantIndex(encoding: LabelEncoding): number {
    const { constant } = this.params;
    const k = constant === null ? undefined : encoding.indexOf(constant);
    if (k === undefined) {
      throw new InvalidParamError(KIND, 'constant', constant, `one of the labels seen in fit (${encoding.classes.map(describeValue).join(', ')})`);
    }
    return k;
  }

  private buildState(encoding: LabelEncoding, classPrior: Float64Array, nFeaturesIn: number): FittedState {
    const mode = this.params.strategy === 'constant' ? this.constantIndex(encoding) : argmax(classPrior);
    return { encoding, classPrior, nFeaturesIn, mode };
  }

  /**
   * Learn the classes and their frequencies. X is only checked (shape, finiteness).
   * @param X (n, d) features.
   * @param y (n,) labels: numbers or strings.
   * @throws InvalidParamError, ShapeError, InvalidInputError.
   */
  fit(X: MatrixLike, y: Labels): this {
    this.checkParams();
    const Xm = asMatrix(X, 'X'); // (n, d)
    const { encoding, codes } = LabelEncoding.fit(y, 'y', Xm.rows);
    const counts = new Float64Array(encoding.nClasses); // (K,)
    for (let i = 0; i < codes.length; i++) counts[codes[i]!]!++;
    for (let k = 0; k < counts.length; k++) counts[k] = counts[k]! / codes.length;
    this.state = this.buildState(encoding, counts, Xm.cols);
    return this;
  }

  /** Checked X for a fitted model: (n, nFeaturesIn). */
  private checkX(X: MatrixLike, method: string): { s: FittedState; n: number } {
    const s = this.fitted(method);
    const Xm = asMatrix(X, 'X');
    assertColumns(Xm, s.nFeaturesIn);
    return { s, n: Xm.rows };
  }

  /** Predicted class indices, (n,). */
  private predictCodes(s: FittedState, n: number): Int32Array {
    const out = new Int32Array(n);
    const { strategy, seed } = this.params;
    if (strategy === 'stratified') {
      const rng = new Rng(seed);
      for (let i = 0; i < n; i++) out[i] = rng.categorical(s.classPrior);
    } else if (strategy === 'uniform') {
      const rng = new Rng(seed);
      for (let i = 0; i < n; i++) out[i] = rng.int(s.encoding.nClasses);
    } else {
      out.fill(s.mode);
    }
    return out;
  }

  /**
   * Predicted labels (see `LabelEncoding` for the return type rule: an Int32Array when every
   * training label is a 32-bit integer, else an array of the original labels).
   * @param X (n, nFeaturesIn).
   */
  predict(X: MatrixLike): Int32Array | Label[] {
    const { s, n } = this.checkX(X, 'predict');
    return s.encoding.decode(this.predictCodes(s, n));
  }

  /**
   * Class probabilities, (n, K), rows sum to 1, columns in `classes` order.
   * @param X (n, nFeaturesIn).
   */
  predictProba(X: MatrixLike): Matrix {
    const { s, n } = this.checkX(X, 'predictProba');
    const K = s.encoding.nClasses;
    const P = new Matrix(n, K); // (n, K)
    const { strategy } = this.params;
    if (strategy === 'prior') {
      for (let i = 0; i < n; i++) P.data.set(s.classPrior, i * K);
    } else if (strategy === 'uniform') {
      P.data.fill(1 / K);
    } else {
      const codes = this.predictCodes(s, n);
      for (let i = 0; i < n; i++) P.data[i * K + codes[i]!] = 1;
    }
    return P;
  }

  /**
   * Mean accuracy of `predict(X)` against `y`.
   * @throws InvalidInputError if `y` holds a label not seen in fit.
   */
  score(X: MatrixLike, y: Labels): number {
    const { s, n } = this.checkX(X, 'score');
    const truth = s.encoding.encode(y, 'y', n);
    return accuracyOfCodes(truth, this.predictCodes(s, n));
  }

  /** `{ kind: 'DummyClassifier', version: 1, params, state }`; JSON-safe, round-trips exactly. */
  toJSON(): SerializedEstimator<DummyClassifierParams, DummyClassifierStateJSON> {
    const s = this.state;
    const state =
      s === null
        ? null
        : { classes: [...s.encoding.classes], labelKind: s.encoding.kind, classPrior: Array.from(s.classPrior), nFeaturesIn: s.nFeaturesIn };
    return { kind: KIND, version: VERSION, params: { ...this.params }, state };
  }

  /**
   * Rebuild a model saved by {@link toJSON}.
   * @throws InvalidInputError for another kind, an unknown version or a malformed state;
   *   InvalidParamError for bad saved params.
   */
  static fromJSON(json: unknown): DummyClassifier {
    const saved = readSerialized(json, KIND, [VERSION]);
    const model = new DummyClassifier(saved.params as DummyClassifierOptions);
    model.checkParams();
    if (saved.state === null) return model;
    const st = saved.state;
    const encoding = LabelEncoding.fromJSON(
      { classes: stateField(st, KIND, 'classes') as Label[], kind: stateField(st, KIND, 'labelKind') as LabelEncodingJSON['kind'] },
      KIND,
    );
    const classPrior = readFiniteArray(st, KIND, 'classPrior', encoding.nClasses);
    if (classPrior.some((p) => p < 0 || p > 1)) {
      throw new InvalidInputError(`${KIND}.fromJSON: state.classPrior must hold probabilities in [0, 1]`);
    }
    model.state = model.buildState(encoding, classPrior, readCount(st, KIND, 'nFeaturesIn'));
    return model;
  }
}

registerEstimator(KIND, DummyClassifier.fromJSON);
