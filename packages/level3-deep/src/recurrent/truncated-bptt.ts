/**
 * Truncated backpropagation through time: run a long sequence through a recurrent module in
 * chunks of $k$ steps, carrying the final state of one chunk into the next **detached**, so
 * each chunk's loss is differentiated through at most $k$ steps:
 * $$\text{chunk } c = [ck, ck + k),\qquad s_{ck} \leftarrow \operatorname{stopgrad}(s_{ck}),\qquad
 *   \frac{\partial L_c}{\partial x_u} = 0 \text{ for } u < ck .$$
 * The forward values are exactly those of one pass over the whole sequence (detaching changes
 * no value); only gradients are cut. Memory $O(k)$ steps of graph instead of $O(T)$; cost
 * unchanged, $O(T)$ steps. The gradient is biased: dependencies longer than the distance to the
 * chunk start get no credit (docs: truncation's bias).
 *
 * - {@link truncatedBptt} (float64 reference): the carried state is `.detach()`ed; each chunk's
 *   `loss.backward()` accumulates into the parameters' `.grad` (and into `x.grad` when `x`
 *   requires a gradient), then `afterChunk` runs (an optimiser step and `zeroGrad()`, say).
 * - {@link tfTruncatedBptt} (tfjs): each chunk is one `tf.variableGrads`; the carried state is
 *   created on the previous chunk's tape and `tf.keep`-ed, so it is a constant on this tape.
 *
 * @see ../../../../docs/level3-deep/recurrent.md
 */
import { InvalidInputError, ShapeError, describeValue } from '@fpml/core';
import type { Tf } from '@fpml/core/tf';
import { Tensor } from '@fpml/level1-math';
import type { NamedTensorMap, Scalar } from '@tensorflow/tfjs';
import { checkPositiveInt } from '../nn/rng.js';
import type { TfTensor, Variable } from '../nn/tf-module.js';

/** A module `truncatedBptt` can drive: {@link RNN}, {@link GRU}, {@link LSTM} or their twins. */
export interface RecurrentLike<X, S> {
  readonly batchFirst: boolean;
  forward(x: X, state?: S | null): [X, S];
}

/** Where a chunk sits in the sequence. */
export interface BpttChunk {
  /** Chunk number, from 0. */
  index: number;
  /** First time step of the chunk. */
  start: number;
  /** Steps in the chunk ($k$, or fewer for the last). */
  length: number;
}

/** Options of {@link truncatedBptt}. */
export interface TruncatedBpttOptions<S> {
  /** Chunk length $k \ge 1$: the most steps a gradient travels. Required. */
  k: number;
  /** Initial state (detached before use). @default null (zeros) */
  state?: S | null;
  /** Called after each chunk's backward pass, e.g. an optimiser step then `zeroGrad()`. */
  afterChunk?: (chunk: BpttChunk & { loss: number }) => void;
}

/** What the truncated runs return. */
export interface TruncatedBpttResult<S> {
  /** The loss of every chunk. */
  losses: number[];
  /** The final state (detached; tfjs: kept, the caller disposes it). */
  state: S;
}

function chunks(owner: string, shape: readonly number[], batchFirst: boolean, k: unknown): BpttChunk[] {
  checkPositiveInt(owner, 'k', k);
  if (shape.length !== 3) throw new ShapeError(`${owner}: x must be 3-D ${batchFirst ? '(batch, seq, inputSize)' : '(seq, batch, inputSize)'}, got shape [${shape.join(', ')}]`);
  const T = shape[batchFirst ? 1 : 0]!;
  const out: BpttChunk[] = [];
  for (let start = 0, index = 0; start < T; start += k as number, index++) out.push({ index, start, length: Math.min(k as number, T - start) });
  return out;
}

const sliceTime = (shape: readonly number[], batchFirst: boolean, c: BpttChunk) => ({
  begin: batchFirst ? [0, c.start, 0] : [c.start, 0, 0],
  size: batchFirst ? [shape[0]!, c.length, shape[2]!] : [c.length, shape[1]!, shape[2]!],
});

/**
 * Truncated BPTT on a float64 reference module. `loss(output, chunk)` maps the chunk's output
 * ($(k, B, H)$ or $(B, k, H)$) to a scalar. Cost: one forward and one backward per step.
 * @throws InvalidParamError for a bad `k`; ShapeError for a bad `x`; InvalidInputError if
 *   `loss` returns no scalar Tensor.
 * @see ../../../../docs/level3-deep/recurrent.md
 */
export function truncatedBptt<S extends Tensor | [Tensor, Tensor]>(
  module: RecurrentLike<Tensor, S>,
  x: Tensor,
  loss: (output: Tensor, chunk: BpttChunk) => Tensor,
  options: TruncatedBpttOptions<S>,
): TruncatedBpttResult<S> {
  if (!(x instanceof Tensor)) throw new ShapeError(`truncatedBptt: x must be a Tensor, got ${describeValue(x)}`);
  const detach = (s: S): S => (Array.isArray(s) ? (s.map((t) => t.detach()) as S) : ((s as Tensor).detach() as S));
  let state: S | null = options?.state ? detach(options.state) : null;
  const losses: number[] = [];
  for (const c of chunks('truncatedBptt', x.shape, module.batchFirst, options?.k)) {
    const { begin, size } = sliceTime(x.shape, module.batchFirst, c);
    const [out, next] = module.forward(x.slice(begin, size), state); // (k, B, H) or (B, k, H)
    const L = loss(out, c);
    if (!(L instanceof Tensor) || L.size !== 1) throw new InvalidInputError(`truncatedBptt: loss must return a one-element Tensor, got ${describeValue(L)}`);
    if (L.requiresGrad) L.backward(); // gradients reach back to this chunk's start only
    losses.push(L.item());
    state = detach(next); // .detach(): the next chunk's graph starts here
    options.afterChunk?.({ ...c, loss: L.item() });
  }
  return { losses, state: state! };
}

/** Options of {@link tfTruncatedBptt}. */
export interface TfTruncatedBpttOptions<S> extends Omit<TruncatedBpttOptions<S>, 'afterChunk'> {
  /** Variables to differentiate (add `x` if it is a `tf.Variable` whose gradient you want). @default module.parameters() */
  varList?: Variable[];
  /** Gets each chunk's gradients, keyed by variable name (e.g. `optimizer.applyGradients(grads)`); they are disposed afterwards. */
  afterChunk?: (chunk: BpttChunk & { loss: number; grads: NamedTensorMap }) => void;
}

/**
 * Truncated BPTT on a tfjs twin: one `tf.variableGrads` per chunk; the state crossing chunk
 * boundaries lives outside every tape. Leaves no tensor behind except the returned state (and
 * never disposes `x` or `options.state`).
 * @throws as {@link truncatedBptt}.
 * @see ../../../../docs/level3-deep/recurrent.md
 */
export function tfTruncatedBptt<S extends TfTensor | [TfTensor, TfTensor]>(
  tf: Tf,
  module: RecurrentLike<TfTensor, S> & { parameters(): Variable[] },
  x: TfTensor,
  loss: (output: TfTensor, chunk: BpttChunk) => Scalar,
  options: TfTruncatedBpttOptions<S>,
): TruncatedBpttResult<S> {
  if (!(x instanceof tf.Tensor)) throw new ShapeError(`tfTruncatedBptt: x must be a tf.Tensor, got ${describeValue(x)}`);
  const all = chunks('tfTruncatedBptt', x.shape, module.batchFirst, options?.k);
  const list = (s: S): TfTensor[] => (Array.isArray(s) ? s : [s as TfTensor]);
  const varList = options.varList ?? module.parameters();
  let state: S | null = options.state ?? null;
  let owned = false; // the caller's initial state is never disposed here
  const losses: number[] = [];
  try {
    for (const c of all) {
      const { begin, size } = sliceTime(x.shape, module.batchFirst, c);
      let next: S | null = null;
      let bad: string | null = null;
      let value: Scalar, grads: NamedTensorMap;
      try {
        ({ value, grads } = tf.variableGrads(() => {
          const [out, s] = module.forward(tf.slice(x, begin, size), state); // (k, B, H) or (B, k, H)
          list(s).forEach((t) => tf.keep(t)); // survives this tape; a constant on the next one
          next = s;
          const L = loss(out, c);
          if (L instanceof tf.Tensor && L.size === 1) return L.reshape([]) as Scalar;
          // Throwing inside the tape would strand the tensors custom ops saved on it: finish the pass, then throw.
          bad = describeValue(L);
          return tf.mul(tf.sum(out), 0) as Scalar;
        }, varList));
      } catch (e) {
        if (next) tf.dispose(list(next));
        throw e;
      }
      if (bad !== null) {
        tf.dispose([value, ...Object.values(grads), ...list(next!)]);
        throw new InvalidInputError(`tfTruncatedBptt: loss must return a scalar tf.Tensor, got ${bad}`);
      }
      if (owned && state) tf.dispose(list(state)); // the previous chunk's state is no longer needed
      state = next;
      owned = true;
      const lv = value.dataSync()[0]!;
      value.dispose();
      losses.push(lv);
      try {
        options.afterChunk?.({ ...c, loss: lv, grads });
      } finally {
        tf.dispose(Object.values(grads));
      }
    }
  } catch (e) {
    if (owned && state) tf.dispose(list(state));
    throw e;
  }
  return { losses, state: state! };
}
