/**
 * $Y = X W^\top + b$ for the tfjs twins, as one kernel where that is correct: `tf.fused.matMul`
 * (matMul with the bias add fused) on the tensorflow and cpu backends; `matMul` + `add` on
 * wasm, whose `_FusedMatMul` kernel (tfjs-backend-wasm 4.22) returns wrong values when
 * `transposeB` and a bias are combined (checked by `multi-head.test.ts` with non-zero biases).
 * $X$ (n, i), $W$ (o, i), $b$ (o). $O(nio)$.
 *
 * @see ../../../../docs/level3-deep/attention.md
 */
import type { Tf } from '@fpml/core/tf';
import type { TfTensor } from '../nn/tf-module.js';

/** $X W^\top + b$ (n, o); `bias` null for none. Call inside `tf.tidy`. */
export function tfAffine(tf: Tf, x: TfTensor, weight: TfTensor, bias: TfTensor | null): TfTensor {
  if (bias === null) return tf.matMul(x, weight, false, true); // (n, o)
  if (tf.getBackend() === 'wasm') return tf.add(tf.matMul(x, weight, false, true), bias); // (n, o): wasm's fused kernel is wrong with transposeB + bias
  return tf.fused.matMul({ a: x, b: weight, transposeB: true, bias }); // (n, o)
}
