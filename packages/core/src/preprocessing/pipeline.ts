/**
 * A chain of transformers ending in any estimator, as scikit-learn's `Pipeline`: `fit` fits each
 * transformer on the output of the previous one and the final step on the last output; every
 * other method runs X through the fitted transformers and delegates to the final step.
 *
 * @see ../../../../docs/core/preprocessing.md#pipeline
 */
import { InvalidInputError, InvalidParamError, NotFittedError, describeValue } from '../errors.js';
import { estimatorFromJSON, registerEstimator } from '../estimator/registry.js';
import { readSerialized } from '../estimator/serialization.js';
import type { Estimator, SerializedEstimator, Transformer } from '../estimator/types.js';
import type { Matrix, MatrixLike } from '../matrix/matrix.js';

const KIND = 'Pipeline';
const VERSION = 1;

/** One named step. */
export type PipelineStep = readonly [name: string, estimator: Estimator];

/** Options of {@link Pipeline}. */
export interface PipelineOptions {
  /** `[name, estimator]` pairs; every step but the last must have `transform`. Names are unique. */
  steps: readonly PipelineStep[];
}

/** The params of a {@link Pipeline}. */
export interface PipelineParams {
  steps: readonly PipelineStep[];
  [key: string]: unknown;
}

/** The saved params of a {@link Pipeline}: each step saved by its own `toJSON`. */
export interface PipelineParamsJSON {
  steps: [string, SerializedEstimator][];
  [key: string]: unknown;
}

/** Loaders by saved `kind`, e.g. `{ StandardScaler: StandardScaler.fromJSON }`. */
export type EstimatorLoaders = Readonly<Record<string, (json: SerializedEstimator) => Estimator>>;

/** What the pipeline may call on a step (every Estimator fits this shape). */
interface AnyStep {
  fit(X: MatrixLike, y?: any): unknown; // eslint-disable-line @typescript-eslint/no-explicit-any
  transform?(X: MatrixLike): Matrix;
  fitTransform?(X: MatrixLike, y?: unknown): Matrix;
  inverseTransform?(X: MatrixLike): Matrix;
  predict?(X: MatrixLike): Int32Array | Float64Array | (number | string)[];
  predictProba?(X: MatrixLike): Matrix;
  decisionFunction?(X: MatrixLike): Matrix | Float64Array;
  score?(X: MatrixLike, y: any): number; // eslint-disable-line @typescript-eslint/no-explicit-any
  readonly isFitted: boolean;
}

const label = (name: string, e: unknown): string => `'${name}' (${describeValue(e)})`;

/**
 * $$\mathrm{pipe}(X) = f_m\bigl(t_{m-1}(\cdots t_1(X))\bigr)$$
 * for transformers $t_1, \dots, t_{m-1}$ and a final step $f_m$. Fitting a step only ever sees the
 * outputs of the steps before it, fitted on the same data, so the whole pipeline can be
 * cross-validated without leaking test rows into, e.g., a scaler's mean.
 *
 * @example
 * const pipe = new Pipeline({ steps: [['scale', new StandardScaler()], ['clf', new LogisticRegression()]] });
 * pipe.fit(Xtrain, yTrain).score(Xtest, yTest);
 * @see ../../../../docs/core/preprocessing.md#pipeline
 */
export class Pipeline implements Transformer {
  private readonly params: Readonly<PipelineParams>;

  /** Stores the steps; checks nothing: `fit` does. */
  constructor(options: PipelineOptions) {
    const steps = options?.steps;
    this.params = Object.freeze({ steps: Array.isArray(steps) ? Object.freeze(steps.map((s) => Object.freeze([...s]) as unknown as PipelineStep)) : steps });
  }

  /**
   * The pipeline's hyper-parameters as plain, deeply frozen JSON: each step's name, kind and
   * params (sklearn's `get_params(deep=True)`, nested instead of `step__param` keys). Fitting
   * changes the steps' state, never these. The step objects themselves are {@link namedSteps}.
   */
  getParams(): Readonly<{ steps: readonly (readonly [string, { kind: string; params: Readonly<Record<string, unknown>> }])[] }> {
    const steps = Array.isArray(this.params.steps) ? this.params.steps : [];
    return deepFreeze({
      steps: steps.map(([name, e]) => {
        const est = e as Partial<Estimator> | null;
        const kind = (est as { constructor?: { name?: string } } | null)?.constructor?.name ?? describeValue(e);
        const params = typeof est?.getParams === 'function' ? structuredClone(est.getParams()) : {};
        return [name, { kind, params }] as const;
      }),
    });
  }

  /** The final step's classes (a classifier pipeline), as sklearn's `Pipeline.classes_`. */
  get classes(): readonly (number | string)[] {
    if (!this.isFitted) throw new NotFittedError(KIND, 'classes');
    const last = this.final('predictProba') as unknown as { classes: readonly (number | string)[] };
    return last.classes;
  }

  /** True when every step is fitted. */
  get isFitted(): boolean {
    return Array.isArray(this.params.steps) && this.params.steps.length > 0 && this.params.steps.every(([, e]) => e?.isFitted === true);
  }

  /** The steps by name. */
  get namedSteps(): Readonly<Record<string, Estimator>> {
    return Object.freeze(Object.fromEntries(this.params.steps.map(([n, e]) => [n, e])));
  }

  private checkParams(): void {
    const { steps } = this.params;
    if (!Array.isArray(steps) || steps.length === 0) throw new InvalidParamError(KIND, 'steps', steps, 'a non-empty array of [name, estimator] pairs');
    const names = new Set<string>();
    steps.forEach((s, i) => {
      const [name, est] = s;
      if (typeof name !== 'string' || name.length === 0) throw new InvalidParamError(KIND, `steps[${i}][0]`, name, 'a non-empty string');
      if (names.has(name)) throw new InvalidParamError(KIND, `steps[${i}][0]`, name, 'a name not used by another step');
      names.add(name);
      const step = est as unknown as Partial<AnyStep> | null;
      if (step === null || typeof step !== 'object' || typeof step.fit !== 'function') throw new InvalidParamError(KIND, `steps[${i}][1]`, est, 'an estimator with fit');
      if (i < steps.length - 1 && typeof step.transform !== 'function') {
        throw new InvalidParamError(KIND, `steps[${i}][1]`, est, `a transformer (only the final step may lack transform); step ${label(name, est)} has none`);
      }
    });
  }

  private stepsOf(): AnyStep[] {
    return this.params.steps.map(([, e]) => e as AnyStep);
  }

  private final(method: keyof AnyStep): AnyStep {
    const steps = this.params.steps;
    const [name, est] = steps[steps.length - 1]!;
    const step = est as AnyStep;
    if (typeof step[method] !== 'function') throw new InvalidInputError(`${KIND}: the final step ${label(name, est)} has no ${method}`);
    return step;
  }

  /** Run X through every step but the last. */
  private through(X: MatrixLike, method: string): MatrixLike {
    if (!this.isFitted) throw new NotFittedError(KIND, method);
    let Xt: MatrixLike = X;
    const steps = this.stepsOf();
    for (let i = 0; i < steps.length - 1; i++) Xt = steps[i]!.transform!(Xt);
    return Xt;
  }

  /**
   * Fit each transformer on the previous output (`fitTransform`), then the final step.
   * @throws InvalidParamError for bad steps; whatever a step throws for bad data.
   */
  fit(X: MatrixLike, y?: unknown): this {
    this.checkParams();
    const steps = this.stepsOf();
    let Xt: MatrixLike = X;
    for (let i = 0; i < steps.length - 1; i++) {
      const s = steps[i]!;
      Xt = s.fitTransform ? s.fitTransform(Xt, y) : (s.fit(Xt, y), s.transform!(Xt));
    }
    steps[steps.length - 1]!.fit(Xt, y);
    return this;
  }

  /** Transform X by every step (the final one must be a transformer). */
  transform(X: MatrixLike): Matrix {
    const Xt = this.through(X, 'transform');
    return this.final('transform').transform!(Xt);
  }

  /** `fit(X, y)` then `transform(X)`, using the final step's `fitTransform` when it has one. */
  fitTransform(X: MatrixLike, y?: unknown): Matrix {
    this.checkParams();
    const last = this.final('transform');
    const steps = this.stepsOf();
    let Xt: MatrixLike = X;
    for (let i = 0; i < steps.length - 1; i++) {
      const s = steps[i]!;
      Xt = s.fitTransform ? s.fitTransform(Xt, y) : (s.fit(Xt, y), s.transform!(Xt));
    }
    if (last.fitTransform) return last.fitTransform(Xt, y);
    last.fit(Xt, y);
    return last.transform!(Xt);
  }

  /** Undo the transforms in reverse order (every step needs `inverseTransform`). */
  inverseTransform(X: MatrixLike): Matrix {
    if (!this.isFitted) throw new NotFittedError(KIND, 'inverseTransform');
    const steps = this.params.steps;
    let Xt: MatrixLike = X;
    for (let i = steps.length - 1; i >= 0; i--) {
      const [name, est] = steps[i]!;
      const s = est as AnyStep;
      if (typeof s.inverseTransform !== 'function') throw new InvalidInputError(`${KIND}: step ${label(name, est)} has no inverseTransform`);
      Xt = s.inverseTransform(Xt);
    }
    return Xt as Matrix;
  }

  /** The final step's `predict` on the transformed X. */
  predict(X: MatrixLike): Int32Array | Float64Array | (number | string)[] {
    const Xt = this.through(X, 'predict');
    return this.final('predict').predict!(Xt);
  }

  /** The final step's `predictProba` on the transformed X. */
  predictProba(X: MatrixLike): Matrix {
    const Xt = this.through(X, 'predictProba');
    return this.final('predictProba').predictProba!(Xt);
  }

  /** The final step's `decisionFunction` (margins, e.g. an SVM's f(x)) on the transformed X. */
  decisionFunction(X: MatrixLike): Matrix | Float64Array {
    const Xt = this.through(X, 'decisionFunction');
    return this.final('decisionFunction').decisionFunction!(Xt);
  }

  /** The final step's `score` on the transformed X. */
  score(X: MatrixLike, y: unknown): number {
    const Xt = this.through(X, 'score');
    return this.final('score').score!(Xt, y);
  }

  /** `{ kind: 'Pipeline', version: 1, params: { steps: [[name, step.toJSON()], ...] }, state }`; state is null until fitted. */
  toJSON(): SerializedEstimator<PipelineParamsJSON, { fitted: true }> {
    this.checkParams();
    return {
      kind: KIND,
      version: VERSION,
      params: { steps: this.params.steps.map(([n, e]) => [n, e.toJSON()] as [string, SerializedEstimator]) },
      state: this.isFitted ? { fitted: true } : null,
    };
  }

  /**
   * Rebuild a pipeline saved by {@link toJSON}. Each step is loaded by `loaders[kind]` if given,
   * else by the estimator registry ({@link estimatorFromJSON}).
   * @throws InvalidInputError for another kind, a malformed step or a saved fitted pipeline whose
   *   steps load unfitted; NotFoundError for a step kind with no loader.
   */
  static fromJSON(json: unknown, loaders: EstimatorLoaders = {}): Pipeline {
    const saved = readSerialized(json, KIND, [VERSION]);
    const raw = (saved.params as { steps?: unknown }).steps;
    if (!Array.isArray(raw) || raw.length === 0) throw new InvalidInputError(`${KIND}.fromJSON: params.steps must be a non-empty array, got ${describeValue(raw)}`);
    const steps: PipelineStep[] = raw.map((s: unknown, i) => {
      if (!Array.isArray(s) || s.length !== 2 || typeof s[0] !== 'string' || s[1] === null || typeof s[1] !== 'object') {
        throw new InvalidInputError(`${KIND}.fromJSON: params.steps[${i}] must be [name, savedEstimator], got ${describeValue(s)}`);
      }
      const kind = (s[1] as { kind?: unknown }).kind;
      const load = typeof kind === 'string' && Object.hasOwn(loaders, kind) ? loaders[kind]! : estimatorFromJSON;
      return [s[0], load(s[1] as SerializedEstimator)] as const;
    });
    const pipe = new Pipeline({ steps });
    pipe.checkParams();
    if (saved.state !== null && !pipe.isFitted) throw new InvalidInputError(`${KIND}.fromJSON: the pipeline was saved fitted but some steps are not`);
    return pipe;
  }
}

registerEstimator(KIND, (json) => Pipeline.fromJSON(json));

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
