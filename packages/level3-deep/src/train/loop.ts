/**
 * The training loop both `fit` (reference) and `tfFit` (tfjs) run: seeded mini-batch order,
 * the learning-rate schedule, gradient clipping, callbacks, early stopping and the history
 * record. Only "take one step on this batch" differs between the paths.
 *
 * Per epoch $e$, with $n$ examples and batch size $b$: the order is `rng.permutation(n)` (core's
 * `Rng`, so a seed fixes every batch) or $0..n-1$ unshuffled; batches are consecutive slices
 * ($\lceil n/b\rceil$ of them, or $\lfloor n/b\rfloor$ with `dropLast`). Before each step the
 * optimiser's learning rate is set to `schedule(t)`, $t$ = the optimiser's step count (so a
 * resumed run continues its schedule). The epoch loss is the example-weighted mean of its batch
 * losses. Early stopping watches the epoch's `valLoss` (or `loss`): an improvement is a value
 * below best − `minDelta`; after `patience` epochs without one the run stops and, with
 * `restoreBest`, the best epoch's weights are loaded back.
 *
 * Cost: the steps' plus $O(n)$ per epoch for the order, plus a state-dict copy per improving epoch with `restoreBest`.
 *
 * @see ../../../../docs/level3-deep/training.md
 */
import { InvalidInputError, InvalidParamError, describeValue, type Rng } from '@fpml/core';
import { toRng, type RngLike } from '../nn/rng.js';
import type { StateDict } from '../nn/state-dict.js';
import { checkClip } from './clip.js';
import { lrAt, type LrScheduleLike } from './schedules.js';

/** A dataset the loop can batch: `size` examples, `batch(indices)` builds one batch. */
export interface FitData<B> {
  readonly size: number;
  batch(indices: Int32Array): B;
}

/** One optimiser step, as recorded and passed to `onStepEnd`. */
export interface StepRecord {
  /** The optimiser's step index $t$ (0-based, the schedule's argument). */
  step: number;
  epoch: number;
  /** Batch index within the epoch. */
  batch: number;
  /** Examples in the batch. */
  examples: number;
  loss: number;
  lr: number;
  /** Global gradient norm before clipping (null when not tracked). */
  gradNorm: number | null;
}

/** One epoch, as recorded and passed to `onEpochEnd`. */
export interface EpochRecord {
  epoch: number;
  steps: number;
  /** Example-weighted mean of the batch losses. */
  loss: number;
  /** What `validate()` returned at the end of the epoch (null without `validate`). */
  valLoss: number | null;
  /** Learning rate of the epoch's last step. */
  lr: number;
  /** Mean of the epoch's gradient norms (null when not tracked). */
  gradNorm: number | null;
}

/** What a fit returns. */
export interface History {
  /** Every step (empty with `recordSteps: false`). */
  steps: StepRecord[];
  epochs: EpochRecord[];
  /** Why the run ended. */
  stopReason: 'completed' | 'earlyStopping' | 'callback' | 'maxSteps';
  /** Epoch with the best monitored value (null without early stopping). */
  bestEpoch: number | null;
  best: number | null;
  /** True if the best epoch's weights were loaded back at the end. */
  restoredBest: boolean;
}

/** Callbacks; returning `'stop'` ends the run after the current step / epoch. */
export interface FitCallbacks {
  onStepEnd?(record: StepRecord): void | 'stop';
  onEpochEnd?(record: EpochRecord, history: History): void | 'stop';
}

/** Options of early stopping. */
export interface EarlyStoppingOptions {
  /** Epochs without improvement before stopping (≥ 1). */
  patience: number;
  /** Improvement threshold. @default 0 */
  minDelta?: number;
  /** @default 'valLoss' when `validate` is given, else 'loss' */
  monitor?: 'valLoss' | 'loss';
  /** Load the best epoch's weights back at the end. @default true */
  restoreBest?: boolean;
}

/** Options shared by `fit` and `tfFit`. */
export interface LoopOptions<B> {
  data: FitData<B>;
  batchSize: number;
  /** @default 1 */
  epochs?: number;
  /** Shuffle every epoch with `rng`. @default true */
  shuffle?: boolean;
  /** Source of the batch order (an `Rng` advanced in place, or a seed). Required when shuffling. */
  rng?: RngLike;
  /** Drop the last incomplete batch. @default false */
  dropLast?: boolean;
  /** Learning rate per step (sets `optimizer.lr`). @default the optimiser's lr, unchanged */
  schedule?: LrScheduleLike;
  /** Clip the global gradient norm: a max norm, or `{ maxNorm, normType }`. @default none */
  clipGradNorm?: number | { maxNorm: number; normType?: number };
  /** Validation loss, called at the end of every epoch. */
  validate?: () => number;
  earlyStopping?: EarlyStoppingOptions;
  callbacks?: FitCallbacks | readonly FitCallbacks[];
  /** Stop after this many steps in this call. @default no limit */
  maxSteps?: number;
  /** Keep every {@link StepRecord} in the history. @default true */
  recordSteps?: boolean;
}

/** What a path supplies to {@link runLoop}. */
export interface LoopHooks {
  optimizer: { lr: number; readonly stepCount: number };
  /** One step on the batch of these example indices at the optimiser's current lr; returns the loss and the pre-clip norm. */
  step(indices: Int32Array, clip: { maxNorm: number; normType: number } | null): { loss: number; gradNorm: number | null };
  validate?: () => number;
  snapshot(): StateDict;
  restore(sd: StateDict): void;
  /** Put the model in training mode (called at the start and after each validation). */
  train(): void;
}

function posInt(owner: string, p: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) throw new InvalidParamError(owner, p, v, 'a positive integer');
  return v;
}

/**
 * Run the loop. @throws InvalidParamError for bad options; InvalidInputError for a non-finite loss or validation value.
 * @see ../../../../docs/level3-deep/training.md
 */
export function runLoop<B>(owner: string, o: LoopOptions<B>, hooks: LoopHooks): History {
  if (o === null || typeof o !== 'object') throw new InvalidParamError(owner, 'options', o, 'an object');
  const data = o.data;
  if (data === null || typeof data !== 'object' || typeof data.batch !== 'function') throw new InvalidParamError(owner, 'data', data, '{ size, batch(indices) }');
  const n = posInt(owner, 'data.size', data.size);
  const b = posInt(owner, 'batchSize', o.batchSize);
  const epochs = posInt(owner, 'epochs', o.epochs ?? 1);
  const maxSteps = o.maxSteps === undefined ? Infinity : posInt(owner, 'maxSteps', o.maxSteps);
  const shuffle = o.shuffle ?? true;
  if (typeof shuffle !== 'boolean') throw new InvalidParamError(owner, 'shuffle', shuffle, 'true or false');
  const rng: Rng | null = shuffle ? toRng(o.rng, owner) : null;
  const dropLast = o.dropLast ?? false;
  if (dropLast && n < b) throw new InvalidParamError(owner, 'batchSize', b, `at most data.size = ${n} with dropLast (no batch would be left)`);
  const clipArg = o.clipGradNorm;
  const clip = clipArg === undefined ? null : typeof clipArg === 'number' ? { maxNorm: checkClip(owner, clipArg)[0], normType: 2 } : (() => {
    const [maxNorm, normType] = checkClip(owner, clipArg?.maxNorm, { normType: clipArg?.normType });
    return { maxNorm, normType };
  })();
  const cbs = o.callbacks === undefined ? [] : Array.isArray(o.callbacks) ? (o.callbacks as FitCallbacks[]) : [o.callbacks as FitCallbacks];
  const es = o.earlyStopping;
  const monitor = es ? (es.monitor ?? (hooks.validate ? 'valLoss' : 'loss')) : null;
  if (es) {
    posInt(owner, 'earlyStopping.patience', es.patience);
    if (es.minDelta !== undefined && !(typeof es.minDelta === 'number' && es.minDelta >= 0)) throw new InvalidParamError(owner, 'earlyStopping.minDelta', es.minDelta, 'a number ≥ 0');
    if (monitor !== 'valLoss' && monitor !== 'loss') throw new InvalidParamError(owner, 'earlyStopping.monitor', monitor, "'valLoss' or 'loss'");
    if (monitor === 'valLoss' && !hooks.validate) throw new InvalidParamError(owner, 'earlyStopping.monitor', 'valLoss', "used with a validate function (or monitor 'loss')");
  }
  const recordSteps = o.recordSteps ?? true;
  const history: History = { steps: [], epochs: [], stopReason: 'completed', bestEpoch: null, best: null, restoredBest: false };
  let bestState: StateDict | null = null;
  let wait = 0;
  let taken = 0;
  const order = new Int32Array(n);
  hooks.train();
  outer: for (let epoch = 0; epoch < epochs; epoch++) {
    if (rng) order.set(rng.permutation(n));
    else for (let i = 0; i < n; i++) order[i] = i;
    const batches = dropLast ? Math.floor(n / b) : Math.ceil(n / b);
    let lossSum = 0;
    let seen = 0;
    let normSum = 0;
    let normCount = 0;
    let lr = hooks.optimizer.lr;
    let steps = 0;
    let stop: History['stopReason'] | null = null;
    for (let k = 0; k < batches; k++) {
      const idx = order.subarray(k * b, Math.min(n, (k + 1) * b));
      const t = hooks.optimizer.stepCount;
      if (o.schedule !== undefined) hooks.optimizer.lr = lrAt(o.schedule, t);
      lr = hooks.optimizer.lr;
      const r = hooks.step(idx, clip);
      if (!Number.isFinite(r.loss)) throw new InvalidInputError(`${owner}: the loss is ${describeValue(r.loss)} at step ${t} (epoch ${epoch}, batch ${k}); lower the learning rate or clip gradients`);
      const rec: StepRecord = { step: t, epoch, batch: k, examples: idx.length, loss: r.loss, lr, gradNorm: r.gradNorm };
      if (recordSteps) history.steps.push(rec);
      lossSum += r.loss * idx.length;
      seen += idx.length;
      if (r.gradNorm !== null) {
        normSum += r.gradNorm;
        normCount++;
      }
      steps++;
      taken++;
      for (const c of cbs) if (c.onStepEnd?.(rec) === 'stop') stop = 'callback';
      if (stop === null && taken >= maxSteps) stop = 'maxSteps';
      if (stop) break;
    }
    let valLoss: number | null = null;
    if (hooks.validate) {
      valLoss = hooks.validate();
      if (typeof valLoss !== 'number' || !Number.isFinite(valLoss)) throw new InvalidInputError(`${owner}: validate() returned ${describeValue(valLoss)} after epoch ${epoch}; expected a finite number`);
      hooks.train();
    }
    const er: EpochRecord = { epoch, steps, loss: lossSum / seen, valLoss, lr, gradNorm: normCount ? normSum / normCount : null };
    history.epochs.push(er);
    if (es) {
      const v = monitor === 'valLoss' ? valLoss! : er.loss;
      if (history.best === null || v < history.best - (es.minDelta ?? 0)) {
        history.best = v;
        history.bestEpoch = epoch;
        wait = 0;
        if (es.restoreBest ?? true) bestState = hooks.snapshot();
      } else if (++wait >= es.patience && stop === null) stop = 'earlyStopping';
    }
    for (const c of cbs) if (c.onEpochEnd?.(er, history) === 'stop' && stop === null) stop = 'callback';
    if (stop) {
      history.stopReason = stop;
      break outer;
    }
  }
  if (bestState !== null && history.bestEpoch !== history.epochs.length - 1) {
    hooks.restore(bestState);
    history.restoredBest = true;
  }
  return history;
}

/** Row-major arrays with a leading example axis (inputs, targets, ...), by name. */
export type RowArrays = Record<string, { data: ArrayLike<number>; shape: readonly number[] }>;

/** A batch of {@link rowData}: the same names, the selected rows, shape `(batch, ...rest)`. */
export type RowBatch<K extends string> = Record<K, { data: Float64Array; shape: number[] }>;

/**
 * A {@link FitData} over arrays that share their first axis (e.g. `{ x: (n, d), y: (n, 1) }`):
 * `batch(indices)` gathers those rows into fresh float64 arrays, path-neutral (wrap them in
 * `tensor(...)` or `tf.tensor(...)` in the loss). $O(\text{batch} \times \text{row})$ per batch.
 * @throws InvalidInputError if the arrays disagree on the number of rows or their data on their shape.
 * @see ../../../../docs/level3-deep/training.md
 */
export function rowData<K extends string>(arrays: Record<K, { data: ArrayLike<number>; shape: readonly number[] }>): FitData<RowBatch<K>> {
  const names = Object.keys(arrays) as K[];
  if (names.length === 0) throw new InvalidInputError('rowData: needs at least one array');
  let n = -1;
  const rows: Record<string, number> = {};
  for (const k of names) {
    const a = arrays[k];
    if (a === null || typeof a !== 'object' || !Array.isArray(a.shape) || a.shape.length < 1 || a.data?.length !== a.shape.reduce((p, q) => p * q, 1)) {
      throw new InvalidInputError(`rowData: ${k} must be { data, shape } with data of the shape's size and a leading example axis, got ${describeValue(a)}`);
    }
    if (n >= 0 && a.shape[0] !== n) throw new InvalidInputError(`rowData: ${k} has ${a.shape[0]} rows but ${names[0]} has ${n}`);
    n = a.shape[0]!;
    rows[k] = a.data.length / Math.max(1, n);
  }
  return {
    size: n,
    batch(indices) {
      const out = {} as RowBatch<K>;
      for (const k of names) {
        const a = arrays[k];
        const w = rows[k]!;
        const d = new Float64Array(indices.length * w);
        for (let i = 0; i < indices.length; i++) for (let j = 0; j < w; j++) d[i * w + j] = a.data[indices[i]! * w + j]!;
        out[k] = { data: d, shape: [indices.length, ...a.shape.slice(1)] };
      }
      return out;
    },
  };
}
