/**
 * What `GridSearchCV` and `RandomizedSearchCV` share (scikit-learn's `BaseSearchCV`): evaluate
 * every candidate param set by cross-validation on the same folds, rank the candidates by mean
 * test score, and refit the best on all the data.
 *
 * For candidates $\theta_1, \dots, \theta_C$ and folds $(T_j, V_j)_{j=1}^k$,
 * $$\bar s(\theta) = \frac1k \sum_{j=1}^k s\bigl(\hat f_{\theta, -j}, X_{V_j}, y_{V_j}\bigr),\qquad
 * \hat\theta = \text{the first } \theta_c \text{ with the largest } \bar s,$$
 * then `bestEstimator` is a clone with $\hat\theta$ fitted on every row. $\bar s(\hat\theta)$ is
 * optimistically biased as an estimate of the refitted model's score (it is a maximum over
 * candidates): use nested cross-validation (a search inside `crossValScore`) for an honest one.
 *
 * As an estimator: the constructor only stores the options; `fit(X, y, groups?)` checks them
 * (an unknown param name in the grid is an InvalidParamError naming it, before any fit) and
 * returns `this`; `predict`, `predictProba`, `score` and `classes` delegate to the refitted best
 * estimator (score uses the search's `scoring`, as sklearn); `getParams()` is plain frozen data;
 * `toJSON`/`fromJSON` save the options, the scores and the refitted best estimator (not the
 * timings). Multi-metric search is not implemented (one `scoring`).
 *
 * Cost: $C \cdot k$ fits plus one refit.
 *
 * @see ../../../../docs/level2-classical/model-selection.md#searches-as-estimators
 */
import { InvalidInputError, InvalidParamError, NotFittedError, asMatrix, describeValue, estimatorFromJSON } from '@fpml/core';
import type { Label, Matrix, MatrixLike, SerializedEstimator } from '@fpml/core';
import { checkParamNames, cloneWithParams, estimatorTypeOf, isEstimator, isSerializedEstimator, unfittedJSON, type EstimatorType, type FittableEstimator, type ParamSet } from './clone.js';
import { checkCv, checkGroups, type CvOption } from './check-cv.js';
import { fitAndScore, type ErrorScore } from './fit-and-score.js';
import { getScorer, type Scorer, type Scoring } from './scoring.js';
import { bestIndexOf, candidateTable, formatResults, type CvResults } from './search-results.js';
import { deepFreeze, describeCv, describeParam, loadCv, loadNumber, loadValue, saveCv, saveNumber, saveValue } from './search-serialization.js';
import { checkTarget, type Target } from './targets.js';

/** Options every search takes (sklearn's names in camelCase). */
export interface BaseSearchOptions<E extends FittableEstimator> {
  /** The estimator whose params are searched (never fitted itself: every fit is on a clone). */
  estimator: E;
  /** A scorer name, a function, or null for the estimator's own `score`. @default null */
  scoring?: Scoring;
  /** Folds: an integer (StratifiedKFold for classifiers, else KFold), a splitter, or explicit folds. @default 5 */
  cv?: CvOption;
  /** Refit the best candidate on all the data (needed for predict/score/bestEstimator). @default true */
  refit?: boolean;
  /** Also score each fold's training rows (`cvResults.meanTrainScore`, ...). @default false */
  returnTrainScore?: boolean;
  /** When a fit throws: rethrow, or record this score. @default 'raise' */
  errorScore?: ErrorScore;
}

/** The stored options, defaults filled. */
export interface BaseSearchParams<E extends FittableEstimator> {
  estimator: E;
  scoring: Scoring;
  cv: CvOption;
  refit: boolean;
  returnTrainScore: boolean;
  errorScore: ErrorScore;
}

/** What the searched estimator's `predict` returns (so a search over a classifier is typed as one). */
export type PredictOf<E> = E extends { predict(X: MatrixLike): infer R } ? R : Int32Array | Float64Array | Label[];

/** A fold that failed (numeric errorScore only). */
export interface SearchError {
  candidate: number;
  split: number;
  message: string;
}

interface FittedSearch<E> {
  cvResults: CvResults;
  bestIndex: number;
  best: E | null;
  nSplits: number;
  refitTime: number | null;
  errors: SearchError[];
}

interface SavedSearchState {
  nSplits: number;
  candidates: unknown[];
  test: (number | string)[][];
  train: (number | string)[][] | null;
  best: SerializedEstimator | null;
}

/** Fill the shared defaults. */
export function baseParams<E extends FittableEstimator>(o: BaseSearchOptions<E>): BaseSearchParams<E> {
  return {
    estimator: o?.estimator,
    scoring: o?.scoring ?? null,
    cv: o?.cv ?? 5,
    refit: o?.refit ?? true,
    returnTrainScore: o?.returnTrainScore ?? false,
    errorScore: o?.errorScore ?? 'raise',
  };
}

/** Decode the shared saved params. @throws InvalidInputError for malformed fields. */
export function loadBaseParams(p: Record<string, unknown>, kind: string): BaseSearchOptions<FittableEstimator> {
  if (!isSerializedEstimator(p.estimator)) throw new InvalidInputError(`${kind}.fromJSON: params.estimator must be a saved estimator, got ${describeValue(p.estimator)}`);
  const scoring = p.scoring;
  if (scoring !== null && typeof scoring !== 'string') throw new InvalidInputError(`${kind}.fromJSON: params.scoring must be a name or null, got ${describeValue(scoring)}`);
  return {
    estimator: estimatorFromJSON(p.estimator),
    scoring,
    cv: loadCv(p.cv, kind),
    refit: p.refit as boolean,
    returnTrainScore: p.returnTrainScore as boolean,
    errorScore: p.errorScore === 'raise' ? 'raise' : loadNumber(p.errorScore, `${kind}.fromJSON: params.errorScore`),
  };
}

/** The shared search machinery; subclasses say where the candidates come from. */
export abstract class BaseSearchCV<E extends FittableEstimator, P extends BaseSearchParams<E>> {
  protected readonly params: Readonly<P>;
  private state: FittedSearch<E> | null = null;
  /** Saved `kind` and error-message owner. */
  protected abstract readonly kind: string;

  protected constructor(params: P) {
    this.params = Object.freeze(params);
  }

  /** The candidate param sets, checked (InvalidParamError for a malformed grid or spec). */
  protected abstract candidates(): ParamSet[];
  /** The subclass's own params for `getParams()` (plain data) and `toJSON()` (JSON-safe). */
  protected abstract describeOwnParams(): Record<string, unknown>;
  protected abstract saveOwnParams(): Record<string, unknown>;

  /** `'classifier'` or `'regressor'`: the searched estimator's (so an integer cv stratifies like it). */
  get estimatorType(): EstimatorType {
    return estimatorTypeOf(this.params.estimator);
  }

  get isFitted(): boolean {
    return this.state !== null;
  }

  private fitted(what: string): FittedSearch<E> {
    if (this.state === null) throw new NotFittedError(this.kind, what);
    return this.state;
  }

  private refitted(what: string): E {
    const best = this.fitted(what).best;
    if (best === null) throw new InvalidParamError(this.kind, 'refit', false, `true to use ${what} (only then is the best candidate refitted on all the data)`);
    return best;
  }

  /** sklearn's `cv_results_` (see {@link CvResults}). */
  get cvResults(): CvResults {
    return this.fitted('cvResults').cvResults;
  }
  /** Index of the best candidate in `cvResults` (the first of rank 1). */
  get bestIndex(): number {
    return this.fitted('bestIndex').bestIndex;
  }
  /** The best candidate's params. */
  get bestParams(): ParamSet {
    const s = this.fitted('bestParams');
    return s.cvResults.params[s.bestIndex]!;
  }
  /** The best candidate's mean test score. */
  get bestScore(): number {
    const s = this.fitted('bestScore');
    return s.cvResults.meanTestScore[s.bestIndex]!;
  }
  /** A clone with `bestParams`, fitted on all the data (refit only). */
  get bestEstimator(): E {
    return this.refitted('bestEstimator');
  }
  /** Number of cross-validation splits. */
  get nSplits(): number {
    return this.fitted('nSplits').nSplits;
  }
  /** Seconds spent refitting the best candidate (null without refit or after fromJSON). */
  get refitTime(): number | null {
    return this.fitted('refitTime').refitTime;
  }
  /** The folds that failed when `errorScore` is a number (empty after fromJSON). */
  get errors(): readonly SearchError[] {
    return this.fitted('errors').errors;
  }
  /** The refitted best estimator's classes (classifiers). */
  get classes(): readonly Label[] {
    const best = this.refitted('classes') as unknown as { classes?: readonly Label[] };
    if (best.classes === undefined) throw new InvalidInputError(`${this.kind}: the best estimator has no classes (not a classifier)`);
    return best.classes;
  }

  private scorer(): Scorer {
    const s = this.params.scoring;
    if (s !== null && typeof s !== 'string' && typeof s !== 'function') {
      throw new InvalidParamError(this.kind, 'scoring', s, 'a single scoring: a name, a function or null (multi-metric search is not implemented)');
    }
    return getScorer(s, this.kind);
  }

  private checkParams(): ParamSet[] {
    const { estimator, refit, returnTrainScore, errorScore } = this.params;
    if (!isEstimator(estimator)) throw new InvalidParamError(this.kind, 'estimator', estimator, 'an estimator with fit, getParams and toJSON');
    if (typeof refit !== 'boolean') throw new InvalidParamError(this.kind, 'refit', refit, 'a boolean');
    if (typeof returnTrainScore !== 'boolean') throw new InvalidParamError(this.kind, 'returnTrainScore', returnTrainScore, 'a boolean');
    if (errorScore !== 'raise' && typeof errorScore !== 'number') throw new InvalidParamError(this.kind, 'errorScore', errorScore, "'raise' or a number");
    this.scorer();
    const cands = this.candidates();
    checkParamNames(estimator, new Set(cands.flatMap((c) => Object.keys(c))), this.kind, this.gridName());
    return cands;
  }

  /** Name of the grid param in error messages. */
  protected gridName(): string {
    return 'paramGrid';
  }

  /**
   * Cross-validate every candidate, rank them, and refit the best (if `refit`).
   * @param groups (n,) group labels for a group-aware `cv` splitter.
   * @throws InvalidParamError for bad options (unknown param names, empty grid, unknown
   *   scoring); InvalidInputError/ShapeError for bad data or folds; what a fit throws when
   *   `errorScore` is 'raise'.
   */
  fit(X: MatrixLike, y: Target, groups?: Target): this {
    const cands = this.checkParams();
    const { estimator, refit, returnTrainScore, errorScore, cv } = this.params;
    const Xm = asMatrix(X, 'X', { finite: false });
    const yt = checkTarget(y, Xm.rows, this.kind);
    const g = checkGroups(groups, Xm.rows, this.kind);
    const folds = checkCv(cv, Xm, yt, g, estimatorTypeOf(estimator) === 'classifier', this.kind);
    const scorers = new Map([['score', this.scorer()]]);
    const k = folds.length, C = cands.length;
    const test = Array.from({ length: C }, () => new Float64Array(k));
    const train = returnTrainScore ? Array.from({ length: C }, () => new Float64Array(k)) : null;
    const fitT = Array.from({ length: C }, () => new Float64Array(k));
    const scoreT = Array.from({ length: C }, () => new Float64Array(k));
    const errors: SearchError[] = [];
    cands.forEach((params, c) => {
      folds.forEach((fold, j) => {
        const r = fitAndScore(estimator, Xm, yt, fold, scorers, { params, returnTrainScore, errorScore, owner: this.kind });
        test[c]![j] = r.testScores.score!;
        if (train) train[c]![j] = r.trainScores!.score!;
        fitT[c]![j] = r.fitTime;
        scoreT[c]![j] = r.scoreTime;
        if (r.error) errors.push({ candidate: c, split: j, message: r.error.message });
      });
    });
    const cvResults = formatResults(cands, test, train, { fit: fitT, score: scoreT }, k);
    const bestIndex = bestIndexOf(cvResults);
    let best: E | null = null;
    let refitTime: number | null = null;
    if (refit) {
      best = cloneWithParams(estimator, cands[bestIndex]!, this.kind);
      const t0 = performance.now();
      best.fit(Xm, yt);
      refitTime = (performance.now() - t0) / 1000;
    }
    this.state = { cvResults, bestIndex, best, nSplits: k, refitTime, errors };
    return this;
  }

  /** The refitted best estimator's `predict`. */
  predict(X: MatrixLike): PredictOf<E> {
    const best = this.refitted('predict') as unknown as { predict?(X: MatrixLike): PredictOf<E> };
    if (typeof best.predict !== 'function') throw new InvalidInputError(`${this.kind}: the best estimator has no predict`);
    return best.predict(X);
  }

  /** The refitted best estimator's `predictProba`, (n, K). */
  predictProba(X: MatrixLike): Matrix {
    const best = this.refitted('predictProba') as unknown as { predictProba?(X: MatrixLike): Matrix };
    if (typeof best.predictProba !== 'function') throw new InvalidInputError(`${this.kind}: the best estimator has no predictProba`);
    return best.predictProba(X);
  }

  /** The search's `scoring` of the refitted best estimator on (X, y) (its own `score` when scoring is null). */
  score(X: MatrixLike, y: Target): number {
    const best = this.refitted('score');
    return this.scorer()(best, asMatrix(X, 'X', { finite: false }), y);
  }

  /** Plain, deeply frozen params: the estimator as `{ kind, params }`, values and cv described. */
  getParams(): Readonly<Record<string, unknown>> {
    const { estimator, scoring, cv, refit, returnTrainScore, errorScore } = this.params;
    return deepFreeze({
      estimator: describeParam(estimator),
      ...this.describeOwnParams(),
      scoring: describeParam(scoring),
      cv: describeCv(cv),
      refit,
      returnTrainScore,
      errorScore,
    });
  }

  /**
   * `{ kind, version: 1, params, state }`: the options (estimator saved unfitted), and when
   * fitted the candidates, the per-split scores and the refitted best estimator.
   * @throws InvalidInputError for what cannot be saved: a scoring function, a custom splitter or sampler.
   */
  toJSON(): SerializedEstimator<Record<string, unknown>, SavedSearchState> {
    const { estimator, scoring, cv, refit, returnTrainScore, errorScore } = this.params;
    if (typeof scoring === 'function') throw new InvalidInputError(`${this.kind}.toJSON: a scoring function cannot be saved; use a scorer name`);
    const params = {
      estimator: unfittedJSON(estimator, this.kind),
      ...this.saveOwnParams(),
      scoring,
      cv: saveCv(cv, this.kind),
      refit,
      returnTrainScore,
      errorScore: errorScore === 'raise' ? 'raise' : saveNumber(errorScore),
    };
    const s = this.state;
    const table = (t: Float64Array[]) => t.map((r) => Array.from(r, saveNumber));
    const state: SavedSearchState | null =
      s === null
        ? null
        : {
            nSplits: s.nSplits,
            candidates: s.cvResults.params.map((p) => saveValue(p, this.kind)),
            test: table(candidateTable(s.cvResults.splitTestScores)),
            train: s.cvResults.splitTrainScores ? table(candidateTable(s.cvResults.splitTrainScores)) : null,
            best: s.best === null ? null : (s.best.toJSON() as SerializedEstimator),
          };
    return { kind: this.kind, version: 1, params, state };
  }

  /** Restore a saved state (subclasses' fromJSON). @throws InvalidInputError for a malformed state. */
  protected restore(saved: unknown): this {
    if (saved === null) return this;
    const bad = (why: string): never => {
      throw new InvalidInputError(`${this.kind}.fromJSON: state ${why}`);
    };
    if (typeof saved !== 'object' || Array.isArray(saved)) bad(`must be an object or null, got ${describeValue(saved)}`);
    const st = saved as Partial<SavedSearchState>;
    const k = st.nSplits;
    if (typeof k !== 'number' || !Number.isInteger(k) || k < 1) bad('.nSplits must be a positive integer');
    if (!Array.isArray(st.candidates) || !Array.isArray(st.test) || st.test.length !== st.candidates.length || st.candidates.length === 0) {
      bad('.candidates and .test must be non-empty arrays of the same length');
    }
    const readTable = (t: unknown, what: string): Float64Array[] =>
      (t as unknown[]).map((row, c) => {
        if (!Array.isArray(row) || row.length !== k) bad(`.${what}[${c}] must hold ${k} scores`);
        return Float64Array.from(row as unknown[], (v) => loadNumber(v, `${this.kind}.fromJSON: state.${what}[${c}]`));
      });
    const cands = st.candidates!.map((p) => Object.freeze(loadValue(p) as Record<string, unknown>) as ParamSet);
    const test = readTable(st.test, 'test');
    const train = st.train === null || st.train === undefined ? null : readTable(st.train, 'train');
    const cvResults = formatResults(cands, test, train, null, k!);
    const best = st.best === null || st.best === undefined ? null : (estimatorFromJSON(st.best) as unknown as E);
    if (best !== null && !best.isFitted) bad('.best must be a fitted estimator');
    this.state = { cvResults, bestIndex: bestIndexOf(cvResults), best, nSplits: k!, refitTime: null, errors: [] };
    return this;
  }
}
