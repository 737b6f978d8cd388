/**
 * Class probabilities of a tfjs classifier (a level3-deep `TfModule` whose `forward` maps inputs
 * (n, ...) to logits (n, k)), read back to float64:
 * $$z = f_\theta(X) \in \mathbb R^{n\times k},\qquad p_i = \mathrm{softmax}(z_i),$$
 * with the softmax taken in float64 on the host (a float32 softmax underflows to exactly 0 for a
 * confident net, which would turn one mistake into an NLL of $-\log\varepsilon$). The forward
 * passes run in chunks of `chunk` rows, each inside its own `tf.tidy`, in evaluation mode
 * (dropout off, batch norm on running statistics); every module's train/eval flag is restored
 * afterwards. Cost: one forward pass over $n$ rows, plus $O(nk)$ on the host.
 *
 * @see ../../../../docs/level4-probabilistic/uncertainty.md
 */
import { InvalidInputError, InvalidParamError, Matrix, describeValue } from '@fpml/core';
import type { Tf } from '@fpml/core/tf';
import type { AnyTfModule, TfModule, TfTensor } from '@fpml/level3-deep';
import { softmaxWithTemperature } from './temperature-scaling.js';

/** A tfjs classifier: inputs (n, ...) to logits (n, k). */
export type TfClassifier = TfModule<[TfTensor], TfTensor>;

/** Options of {@link predictLogits} and {@link predictProba}. */
export interface PredictOptions {
  /** Rows per forward pass. @default 512 */
  chunk?: number;
}

/** Every module of the tree, parents before children (restoring in this order restores mixed modes). */
function modulesOf(m: AnyTfModule): AnyTfModule[] {
  return [m, ...m.namedChildren().flatMap(([, c]) => modulesOf(c))];
}

/**
 * Run `fn` with `setMode` applied to the model's tree, then put every module's train/eval flag
 * back as it was (even if `fn` throws). $O(\text{modules})$ besides `fn`. Shared by the
 * prediction helpers of this folder.
 * @see ../../../../docs/level4-probabilistic/uncertainty.md
 */
export function withModes<T>(model: AnyTfModule, setMode: (model: AnyTfModule) => void, fn: () => T): T {
  const saved = modulesOf(model).map((m) => [m, m.training] as const);
  try {
    setMode(model);
    return fn();
  } finally {
    for (const [m, t] of saved) m.train(t);
  }
}

/**
 * Check the arguments the prediction helpers share (tf namespace, model, X of shape (n, ...) with
 * n ≥ 1, `chunk`); returns the chunk size. $O(1)$.
 * @throws InvalidInputError for a bad tf, model or X; InvalidParamError for `chunk`.
 * @see ../../../../docs/level4-probabilistic/uncertainty.md
 */
export function checkPredictArgs(owner: string, tf: Tf, model: unknown, X: unknown, options: PredictOptions): number {
  if (tf === null || typeof tf !== 'object' || typeof (tf as Tf).tidy !== 'function') throw new InvalidInputError(`${owner}: tf must be the tfjs namespace from getTf(), got ${describeValue(tf)}`);
  if (model === null || typeof model !== 'object' || typeof (model as TfClassifier).forward !== 'function' || typeof (model as TfClassifier).namedChildren !== 'function') {
    throw new InvalidInputError(`${owner}: model must be a TfModule mapping (n, ...) to logits (n, k), got ${describeValue(model)}`);
  }
  if (!(X instanceof tf.Tensor) || X.rank < 1 || X.shape[0]! < 1) throw new InvalidInputError(`${owner}: X must be a tf.Tensor of shape (n, ...) with n ≥ 1, got ${X instanceof tf.Tensor ? `shape [${X.shape.join(', ')}]` : describeValue(X)}`);
  const chunk = options.chunk ?? 512;
  if (!Number.isInteger(chunk) || chunk < 1) throw new InvalidParamError(owner, 'chunk', chunk, 'an integer ≥ 1');
  return chunk;
}

/**
 * One pass $z = f_\theta(X)$ of `model` over `X` (n, ...) in the modes it is in, `chunk` rows per
 * `tf.tidy`; logits (n, k) as float64. One forward pass over n rows.
 * @throws InvalidInputError when the model does not return (m, k) logits for m rows.
 * @see ../../../../docs/level4-probabilistic/uncertainty.md
 */
export function forwardLogits(owner: string, tf: Tf, model: TfClassifier, X: TfTensor, chunk: number): Matrix {
  const n = X.shape[0]!;
  let k = -1;
  let out = new Float64Array(0);
  for (let s = 0; s < n; s += chunk) {
    const m = Math.min(chunk, n - s);
    const { data, shape } = tf.tidy(() => {
      const z = model.forward(tf.slice(X, s, m)); // (m, k)
      return { data: z.dataSync() as Float32Array, shape: z.shape.slice() };
    });
    if (shape.length !== 2 || shape[0] !== m || (k !== -1 && shape[1] !== k)) {
      throw new InvalidInputError(`${owner}: model.forward returned shape [${shape.join(', ')}] for ${m} rows; expected logits (${m}, k)`);
    }
    if (k === -1) { k = shape[1]!; out = new Float64Array(n * k); }
    out.set(data, s * k);
  }
  return new Matrix(n, k, out);
}

/**
 * Logits $z = f_\theta(X)$ in evaluation mode, float64 (n, k). One forward pass over n rows.
 * @param X (n, ...) on the model's backend.
 * @throws InvalidInputError for a bad tf, model or X, or logits of the wrong shape; InvalidParamError for `chunk`.
 * @see ../../../../docs/level4-probabilistic/uncertainty.md
 */
export function predictLogits(tf: Tf, model: TfClassifier, X: TfTensor, options: PredictOptions = {}): Matrix {
  const chunk = checkPredictArgs('predictLogits', tf, model, X, options);
  return withModes(model, (m) => m.eval(), () => forwardLogits('predictLogits', tf, model, X, chunk));
}

/**
 * Probabilities $\mathrm{softmax}(f_\theta(X))$ in evaluation mode, float64 (n, k). One forward pass.
 * @param X (n, ...). @returns (n, k)
 * @throws as {@link predictLogits}.
 * @see ../../../../docs/level4-probabilistic/uncertainty.md
 */
export function predictProba(tf: Tf, model: TfClassifier, X: TfTensor, options: PredictOptions = {}): Matrix {
  const chunk = checkPredictArgs('predictProba', tf, model, X, options);
  return softmaxWithTemperature(withModes(model, (m) => m.eval(), () => forwardLogits('predictProba', tf, model, X, chunk)));
}
