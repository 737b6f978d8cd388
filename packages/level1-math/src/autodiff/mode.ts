/**
 * Whether ops record the graph. One module-level switch, as in PyTorch's `no_grad` and tfjs's
 * tape: it is only ever changed for the duration of a callback and always restored.
 *
 * @see ../../../../docs/level1-math/autodiff.md
 */
import { InvalidInputError, describeValue } from '@fpml/core';

let recording = true;

/** True while ops record their inputs and backward rules. */
export function isRecording(): boolean {
  return recording;
}

/**
 * Run `fn` with recording switched to `on`, restoring the previous state afterwards (even if
 * `fn` throws). @internal
 */
export function withRecording<T>(on: boolean, fn: () => T): T {
  const before = recording;
  recording = on;
  try {
    return fn();
  } finally {
    recording = before;
  }
}

/**
 * Run `fn` without recording: every tensor it makes is a constant, whatever its inputs. Use it
 * for parameter updates and evaluation.
 * @example
 * noGrad(() => w.sub(w.grad!.mul(lr)));
 */
export function noGrad<T>(fn: () => T): T {
  if (typeof fn !== 'function') throw new InvalidInputError(`noGrad: fn must be a function, got ${describeValue(fn)}`);
  return withRecording(false, fn);
}
