/**
 * The neural rungs of experiment `lm-ladder` as {@link NextTokenModel}s with one training loss,
 * their parameter counts in closed form (to size every rung to one budget), and the training
 * loop shared by all of them.
 *
 * @see ../../../../docs/level3-deep/lm-ladder.md
 */
import { InvalidParamError, ShapeError, describeValue, type Rng } from '@fpml/core';
import type { Tf } from '@fpml/core/tf';
import { tfOneHotF32 } from '../attention/affine.js';
import { TfGpt } from '../attention/gpt.js';
import { TfLinear } from '../layers/linear.js';
import { TfMlpLm } from '../lm/mlp-lm.js';
import type { LmBatch } from '../lm/data.js';
import type { NextTokenModel } from '../lm/evaluate.js';
import { TfModule, type TfTensor } from '../nn/tf-module.js';
import { TfGRU } from '../recurrent/gru.js';
import { TfLSTM } from '../recurrent/lstm.js';
import { TfRNN } from '../recurrent/rnn.js';
import type { LrSchedule } from '../train/schedules.js';
import { TfAdam } from '../train/tf-adam.js';

/** The recurrent cells of the ladder; gates $G$ = 1, 3, 4. @see ../../../../docs/level3-deep/lm-ladder.md */
export type RecurrentKind = 'rnn' | 'gru' | 'lstm';
const GATES: Record<RecurrentKind, number> = { rnn: 1, gru: 3, lstm: 4 };

/**
 * One-layer recurrent char LM: one-hot input $x_t \in \{0,1\}^V$ (so $W_{ih}$ is the embedding),
 * cell state from zeros at each window start, readout $z_t = W_o h_t + b_o$. ids (B, T) → logits (B, T, V).
 * Parameters $G H (V + H + 2) + (H + 1) V$; cost per token $O(GH(V + H) + HV)$.
 * @see ../../../../docs/level3-deep/lm-ladder.md
 */
export class TfRecurrentLm extends TfModule implements NextTokenModel {
  readonly cell: TfRNN | TfGRU | TfLSTM;
  readonly readout: TfLinear;
  /** Windows longer than the training context are not scored. */
  readonly maxContext: number;
  /** Sampling feeds the last `maxContext` characters from a zero state (as in training). */
  readonly receptiveField: number;

  constructor(tf: Tf, readonly kind: RecurrentKind, readonly vocabSize: number, readonly hiddenSize: number, context: number, rng: Rng) {
    super(tf);
    const o = { batchFirst: true, rng };
    this.cell = this.registerModule('cell', kind === 'rnn' ? new TfRNN(tf, vocabSize, hiddenSize, o) : kind === 'gru' ? new TfGRU(tf, vocabSize, hiddenSize, o) : new TfLSTM(tf, vocabSize, hiddenSize, o));
    this.readout = this.registerModule('readout', new TfLinear(tf, hiddenSize, vocabSize, { rng }));
    this.maxContext = this.receptiveField = context;
  }

  forward(x: TfTensor): TfTensor {
    const tf = this.tf;
    const [B, T] = x.shape as [number, number];
    const V = this.vocabSize;
    const oh = tfOneHotF32(tf, x.reshape([B * T]), V).reshape([B, T, V]); // (B, T, V)
    const out = (this.cell.forward(oh) as [TfTensor, unknown])[0]; // (B, T, H)
    return this.readout.forward(out.reshape([B * T, this.hiddenSize])).reshape([B, T, V]); // (B, T, V)
  }

  logits(x: Int32Array, batchSize: number, context: number): Float32Array {
    return readLogits(this.tf, (t) => this.forward(t), x, batchSize, context);
  }
}

/**
 * {@link TfGpt} as a {@link NextTokenModel} (windows up to its `contextLength`): ids (B, T) →
 * logits (B, T, V) float32, read back synchronously. Cost that of one `TfGpt.forward`.
 * @see ../../../../docs/level3-deep/lm-ladder.md
 */
export class GptLm implements NextTokenModel {
  readonly vocabSize: number;
  readonly maxContext: number;
  readonly receptiveField: number;
  constructor(readonly gpt: TfGpt) {
    this.vocabSize = gpt.config.vocabSize;
    this.maxContext = this.receptiveField = gpt.config.contextLength;
  }
  logits(x: Int32Array, batchSize: number, context: number): Float32Array {
    return readLogits(this.gpt.tf, (t) => this.gpt.forward(t), x, batchSize, context);
  }
}

function readLogits(tf: Tf, f: (x: TfTensor) => TfTensor, x: Int32Array, B: number, T: number): Float32Array {
  if (!(x instanceof Int32Array) || x.length !== B * T) throw new ShapeError(`logits: x must be an Int32Array of batchSize × context = ${B * T} ids, got ${describeValue(x)}`);
  const z = tf.tidy(() => f(tf.tensor2d(x, [B, T], 'int32'))); // (B, T, V)
  const out = z.dataSync() as Float32Array;
  z.dispose();
  return out;
}

/** Parameters of {@link TfRecurrentLm}: $GH(V+H+2) + (H+1)V$. @see ../../../../docs/level3-deep/lm-ladder.md */
export const recurrentParams = (kind: RecurrentKind, V: number, H: number): number => GATES[kind] * H * (V + H + 2) + (H + 1) * V;
/** Parameters of {@link TfMlpLm}: $Vd + (nd+1)h + (h+1)V$. @see ../../../../docs/level3-deep/lm-ladder.md */
export const mlpLmParams = (V: number, n: number, d: number, h: number): number => V * d + (n * d + 1) * h + (h + 1) * V;
/** Parameters of a pre-LN, learned-position, untied {@link TfGpt} with dFF = 4E: $VE + LE + N(12E^2 + 13E) + 2E + EV$. @see ../../../../docs/level3-deep/lm-ladder.md */
export const gptParams = (V: number, L: number, E: number, nLayers: number): number => V * E + L * E + nLayers * (12 * E * E + 13 * E) + 2 * E + E * V;

/**
 * $\arg\min_{s \in \{lo, lo+step, \dots\} \cap [lo, hi]} |\text{count}(s) - \text{target}|$ (first on ties), by scan: $O((hi - lo)/step)$ calls.
 * @throws InvalidParamError when `target` is not above `count(lo)`.
 * @see ../../../../docs/level3-deep/lm-ladder.md
 */
export function sizeFor(count: (s: number) => number, target: number, step = 1, lo = step, hi = 4096): number {
  if (!(Number.isFinite(target) && target > count(lo))) throw new InvalidParamError('sizeFor', 'target', target, `a parameter budget above the smallest model's ${count(lo)}`);
  let best = lo;
  for (let s = lo; s <= hi; s += step) if (Math.abs(count(s) - target) < Math.abs(count(best) - target)) best = s;
  return best;
}

/** A trainable rung: its scorer, training loss and variables. @see ../../../../docs/level3-deep/lm-ladder.md */
export interface LadderModel {
  name: string;
  scorer: NextTokenModel;
  module: TfModule | TfGpt;
  /** Mean cross-entropy of a batch (inside variableGrads). */
  loss(x: TfTensor, y: TfTensor): TfTensor;
}

/**
 * Mean next-token cross-entropy $\frac{1}{BT}\sum_{b,t}\big(\log\sum_k e^{z_{b,t,k}} - z_{b,t,y_{b,t}}\big)$ of
 * logits (B, T, V) against int32 ids (B, T); tfjs autodiff gives $(\operatorname{softmax} z - \text{onehot}(y))/BT$. $O(BTV)$.
 * @see ../../../../docs/level3-deep/lm-ladder.md
 */
export function tfTokenCrossEntropy(tf: Tf, logits: TfTensor, y: TfTensor): TfTensor {
  const V = logits.shape[logits.shape.length - 1]!;
  const z = logits.reshape([-1, V]); // (BT, V)
  const lse = tf.logSumExp(z, 1); // (BT,)
  const picked = tf.sum(tf.mul(z, tfOneHotF32(tf, y.reshape([-1]), V)), 1); // (BT,)
  return tf.mean(tf.sub(lse, picked)); // scalar
}

/**
 * Build the rung `name` sized by `size` (hidden units, or $d_\text{model}$ for the transformer);
 * parameter counts as {@link mlpLmParams}, {@link recurrentParams}, {@link gptParams}.
 * @see ../../../../docs/level3-deep/lm-ladder.md
 */
export function makeLadderModel(tf: Tf, name: 'mlp' | RecurrentKind | 'transformer', V: number, context: number, size: number, rng: Rng, mlp = { n: 8, d: 16 }): LadderModel {
  if (name === 'mlp') {
    const m = new TfMlpLm(tf, { vocabSize: V, context: mlp.n, embedDim: mlp.d, hidden: size, rng });
    return { name, scorer: m, module: m, loss: (x, y) => tfTokenCrossEntropy(tf, m.forward(x), y) };
  }
  if (name === 'transformer') {
    const g = new TfGpt(tf, { vocabSize: V, contextLength: context, dModel: size, nHeads: 4, nLayers: 2, seed: rng.int(2 ** 31) });
    return { name, scorer: new GptLm(g), module: g, loss: (x, y) => g.loss(x, y) };
  }
  const r = new TfRecurrentLm(tf, name, V, size, context, rng);
  return { name, scorer: r, module: r, loss: (x, y) => tfTokenCrossEntropy(tf, r.forward(x), y) };
}

/** Options of {@link trainLadderModel}. @see ../../../../docs/level3-deep/lm-ladder.md */
export interface LadderTrainOptions {
  steps: number;
  schedule: LrSchedule;
  maxGradNorm: number;
  next: () => LmBatch;
  /** Called every `every` steps and after the last, with the training seconds so far (eval excluded). */
  every: number;
  onCheckpoint: (step: number, trainSeconds: number, lastLoss: number) => void;
}

/**
 * `steps` Adam steps $\theta \leftarrow \operatorname{Adam}(\theta, \operatorname{clip}(\nabla_\theta\mathcal L))$ with lr from
 * `schedule`, one `tf.tidy` per step; returns training seconds (checkpoints excluded) and the last batch loss.
 * @throws InvalidParamError when the loss becomes non-finite.
 * @see ../../../../docs/level3-deep/lm-ladder.md
 */
export function trainLadderModel(tf: Tf, m: LadderModel, o: LadderTrainOptions): { seconds: number; lastLoss: number } {
  const opt = new TfAdam(tf, m.module as TfModule, { lr: o.schedule.at(0) });
  const vars = [...opt.params];
  let seconds = 0, lastLoss = NaN;
  try {
    for (let s = 0; s < o.steps; s++) {
      const b = o.next();
      const t0 = performance.now();
      opt.lr = o.schedule.at(s);
      lastLoss = tf.tidy(() => {
        const x = tf.tensor2d(b.x, [b.batchSize, b.context], 'int32'), y = tf.tensor2d(b.y, [b.batchSize, b.context], 'int32'); // (B, T)
        const { value, grads } = tf.variableGrads(() => m.loss(x, y) as ReturnType<Tf['scalar']>, vars);
        opt.step(grads, { maxGradNorm: o.maxGradNorm });
        return value.dataSync()[0]!;
      });
      seconds += (performance.now() - t0) / 1000;
      if (!Number.isFinite(lastLoss)) throw new InvalidParamError('trainLadderModel', 'lr', o.schedule.name, `small enough for a finite loss (${m.name} reached ${lastLoss} at step ${s})`);
      if ((s + 1) % o.every === 0 || s + 1 === o.steps) o.onCheckpoint(s + 1, seconds, lastLoss);
    }
  } finally {
    opt.dispose();
  }
  return { seconds, lastLoss };
}
