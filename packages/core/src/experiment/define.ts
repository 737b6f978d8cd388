/**
 * `defineExperiment`: the one way an fpml experiment is declared (API.md "Experiments").
 *
 * An experiment never writes files itself: it talks to its {@link ExperimentContext}, and the
 * runtime ({@link runExperiment}) turns that into a run folder with a report anyone can trust.
 *
 * @see ../../../../docs/lab.md
 */
import { InvalidParamError } from '../errors.js';
import type { Rng } from '../rng/rng.js';
import type { TfHandle } from '../tf/resolver.js';
import type { ParamSpec, ParamsOf } from './params.js';

/** A Vega-Lite spec (kept as plain JSON here; the lab renders it to SVG and PNG). */
export type VegaLiteSpec = Record<string, unknown>;

/** One step's record for `metrics.jsonl`, e.g. `{ step: 10, loss: 0.31 }`. */
export type LogRecord = Record<string, number | string | boolean | null>;

/** A progress bar handle. */
export interface Progress {
  /** Start (or restart) a bar with a total and a label. */
  start(total: number, label: string): void;
  /** Advance by `n` (default 1), optionally showing a few live figures. */
  tick(n?: number, payload?: Record<string, number | string>): void;
  /** Finish the current bar. */
  stop(): void;
}

/** The verdict of an experiment's own pass/fail criterion. */
export interface Expectation {
  pass: boolean;
  /** The criterion in words, e.g. `test accuracy of the autoencoder ≥ PCA at k = 10`. */
  criterion: string;
  /** What was observed against it. */
  detail?: string;
}

/** Everything an experiment may use while it runs. */
export interface ExperimentContext<P> {
  /** The resolved, typed params. */
  readonly params: P;
  /** The run's seed. */
  readonly seed: number;
  /** Seeded generator for this run; fork it for independent sub-streams. */
  readonly rng: Rng;
  /** True under `--quick`: use the smaller sizes the experiment declares. */
  readonly quick: boolean;
  /** An integer seed for a tfjs op or initialiser, drawn from `rng` (tfjs has no global seed). */
  tfSeed(): number;
  /**
   * TensorFlow.js on the best backend (or `FPML_BACKEND`'s), loaded on first call; the report's
   * Backend line records which one and why faster ones were skipped.
   */
  tf(): Promise<TfHandle>;
  /** Append one per-step record to `metrics.jsonl` (streamed, so a killed run keeps its curve). */
  log(record: LogRecord): void;
  /** Record a final figure for the metrics table and `result.json`. */
  metric(name: string, value: number, unit?: string): void;
  /** Add a Vega-Lite plot; rendered to `plots/<name>.svg` and `.png` with its caption in the report. */
  plot(name: string, spec: VegaLiteSpec, caption: string): void;
  /** Save an artifact (JSON-able data, or text) under `artifacts/<name>`. */
  artifact(name: string, data: unknown): void;
  /** Add an observation (a sentence for the report's Observations section). */
  observe(text: string): void;
  /**
   * Add a results table (rendered in the report's Tables section and kept in `result.json`):
   * `header` names the columns, each row has one cell per column.
   */
  table(name: string, caption: string, header: readonly string[], rows: readonly (readonly (string | number)[])[]): void;
  /** Describe the setup (model, data, optimisation) for the report. */
  setup(section: 'model' | 'data' | 'optimisation' | string, text: string): void;
  /** Progress bars (a no-op renderer outside the CLI). */
  readonly progress: Progress;
}

/** The declaration of an experiment. */
export interface ExperimentSpec<S extends ParamSpec> {
  /** Kebab-case id used by `fpml run NAME`. */
  name: string;
  /** Level number 1-6, or `'core'` for infrastructure experiments. */
  level: 1 | 2 | 3 | 4 | 5 | 6 | 'core';
  /** One sentence: what question the experiment answers. */
  objective: string;
  /** Default params; their types fix how overrides are parsed. */
  params: S;
  /** Param overrides applied under `--quick` (smaller sizes, fewer steps). */
  quick?: Partial<ParamsOf<S>>;
  /** One line per param for `fpml list`/reports. */
  paramDocs?: Partial<Record<keyof S, string>>;
  run(ctx: ExperimentContext<ParamsOf<S>>): Promise<void> | void;
  /** The experiment's own pass/fail criterion, judged on the final metrics. */
  expect?(metrics: Readonly<Record<string, number>>, params: ParamsOf<S>): Expectation;
}

/** A validated experiment, ready for the runtime. */
export interface Experiment<S extends ParamSpec = ParamSpec> extends ExperimentSpec<S> {
  readonly kind: 'fpml-experiment';
}

const NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * Declare an experiment. Checks the declaration eagerly so a malformed experiment fails at
 * import time, not halfway through a run.
 *
 * @throws InvalidParamError for a bad name, level, objective, or quick override of an unknown param.
 */
export function defineExperiment<const S extends ParamSpec>(spec: ExperimentSpec<S>): Experiment<S> {
  if (!NAME.test(spec.name)) throw new InvalidParamError('defineExperiment', 'name', spec.name, 'kebab-case, e.g. "pca-vs-autoencoder"');
  const levels = [1, 2, 3, 4, 5, 6, 'core'];
  if (!levels.includes(spec.level)) throw new InvalidParamError('defineExperiment', 'level', spec.level, '1-6 or "core"');
  if (typeof spec.objective !== 'string' || spec.objective.trim() === '') {
    throw new InvalidParamError('defineExperiment', 'objective', spec.objective, 'a non-empty sentence');
  }
  if (typeof spec.run !== 'function') throw new InvalidParamError('defineExperiment', 'run', spec.run, 'a function');
  for (const k of Object.keys(spec.quick ?? {})) {
    if (!(k in spec.params)) throw new InvalidParamError('defineExperiment', `quick.${k}`, (spec.quick as Record<string, unknown>)[k], `a declared param (${Object.keys(spec.params).join(', ')})`);
  }
  return { ...spec, kind: 'fpml-experiment' };
}
