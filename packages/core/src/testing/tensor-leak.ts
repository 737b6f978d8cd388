/**
 * Tensor-leak check for tfjs code: every tensor a function creates must be disposed (or
 * returned inside `tf.tidy`/`tf.keep` by the caller's design) before it returns.
 *
 * @see ../../../../docs/core/backends.md
 */
import { expect } from 'vitest';
import { getTf, type Tf } from '../tf/resolver.js';

/** Options of {@link expectNoTensorLeak}. */
export interface TensorLeakOptions {
  /** The tfjs namespace to watch. @default the resolver's (`(await getTf()).tf`) */
  tf?: Tf;
  /** Label used in the failure message. @default 'fn' */
  label?: string;
}

/**
 * Run `fn` (sync or async) and fail the test if the number of live tensors grew:
 * $$\Delta = \texttt{numTensors}_{\text{after}} - \texttt{numTensors}_{\text{before}} = 0.$$
 * Tensors `fn` returns count as leaked, so return plain values (e.g. `await t.data()` then
 * `t.dispose()`). Resolves to what `fn` resolved to.
 */
export async function expectNoTensorLeak<T>(fn: () => T | Promise<T>, options: TensorLeakOptions = {}): Promise<T> {
  const tf = options.tf ?? (await getTf()).tf;
  const before = tf.memory().numTensors;
  const result = await fn();
  const after = tf.memory().numTensors;
  expect(
    after - before,
    `${options.label ?? 'fn'} leaked ${after - before} tensor(s) on backend ${tf.getBackend()} (live before ${before}, after ${after})`,
  ).toBe(0);
  return result;
}
