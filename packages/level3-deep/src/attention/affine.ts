/**
 * Lean kernels for the tfjs twins, each with a hand-written gradient (`tf.customGrad`) that
 * issues fewer and faster kernels than tfjs's tape would:
 *
 * - {@link tfAffine}: $Y = X W^\top + b$, $X$ (n, i), $W$ (o, i), $b$ (o). Backward
 *   $\bar X = \bar Y W$ (a plain product), $\bar W = (X^\top \bar Y)^\top$ (the `transposeA` product
 *   in the orientation TensorFlow's CPU kernel runs fastest, then an (i, o) transpose, small),
 *   $\bar b = \sum_\text{rows} \bar Y$. Plain `matMul` + `add`, not `tf.fused.matMul`: on the
 *   tensorflow backend `_FusedMatMul` with `transposeB` measured slower than the two kernels,
 *   and tfjs-backend-wasm 4.22's `_FusedMatMul` returns wrong values with `transposeB` + bias
 *   (`multi-head.test.ts` checks the bias path with non-zero biases). $O(nio)$.
 * - {@link tfGeluErf}: $y = x\Phi(x)$, $\Phi(x) = \tfrac12(1 + \operatorname{erf}(x/\sqrt2))$; backward
 *   $\bar x = \bar y\,(\Phi(x) + x\,\varphi(x))$, $\varphi(x) = e^{-x^2/2}/\sqrt{2\pi}$, reusing the saved
 *   $\Phi$ (7 elementwise kernels instead of about 11). $O(n)$.
 *
 * @see ../../../../docs/level3-deep/attention.md
 */
import type { Tf } from '@fpml/core/tf';
import type { TfTensor } from '../nn/tf-module.js';

type Grad = (dy: TfTensor, saved: TfTensor[]) => TfTensor | TfTensor[];
type Save = (ts: TfTensor[]) => void;
const custom = (tf: Tf, f: (...a: never[]) => { value: TfTensor; gradFunc: Grad }) => tf.customGrad(f as never) as unknown as (...xs: TfTensor[]) => TfTensor;

/** $X W^\top + b$ (n, o); `bias` null for none. Call inside `tf.tidy`. */
export function tfAffine(tf: Tf, x: TfTensor, weight: TfTensor, bias: TfTensor | null): TfTensor {
  const dW = (dy: TfTensor, xs: TfTensor) => tf.transpose(tf.matMul(xs, dy, true, false)); // (o, i) = (X^T dY)^T
  if (bias === null) {
    return custom(tf, (a: TfTensor, w: TfTensor, save: Save) => {
      save([a, w]);
      return { value: tf.matMul(a, w, false, true), gradFunc: (dy, [xs, ws]) => [tf.matMul(dy, ws!), dW(dy, xs!)] }; // dX = dY W
    })(x, weight);
  }
  return custom(tf, (a: TfTensor, w: TfTensor, b: TfTensor, save: Save) => {
    save([a, w]);
    return {
      value: tf.add(tf.matMul(a, w, false, true), b), // (n, o)
      gradFunc: (dy, [xs, ws]) => [tf.matMul(dy, ws!), dW(dy, xs!), tf.sum(dy, 0)], // dX = dY W, dW, db = column sums
    };
  })(x, weight, bias);
}

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** Exact (erf) GELU with a hand-written gradient. Call inside `tf.tidy`. */
export function tfGeluErf(tf: Tf, x: TfTensor): TfTensor {
  return custom(tf, (a: TfTensor, save: Save) => {
    const cdf = tf.add(tf.mul(tf.erf(tf.mul(a, Math.SQRT1_2)), 0.5), 0.5); // Phi(x)
    save([a, cdf]);
    return {
      value: tf.mul(a, cdf), // x Phi(x)
      gradFunc: (dy, [xs, p]) => tf.mul(dy, tf.add(p!, tf.mul(xs!, tf.mul(tf.exp(tf.mul(tf.square(xs!), -0.5)), INV_SQRT_2PI)))), // d/dx = Phi + x phi
    };
  })(x);
}

/**
 * Float32 one-hot rows (n, depth) of int32 ids: one `OneHot` kernel with `dtype: 'float32'`, except
 * on wasm, whose 4.22 kernel writes int32 bit patterns into a float32 tensor for that dtype
 * (ones read as 1.4e-45), so there it is int32 `OneHot` + `Cast`. Call inside `tf.tidy`.
 */
export function tfOneHotF32(tf: Tf, ids: TfTensor, depth: number): TfTensor {
  if (tf.getBackend() === 'wasm') return tf.cast(tf.oneHot(ids, depth), 'float32'); // (n, depth)
  return tf.oneHot(ids, depth, 1, 0, 'float32'); // (n, depth)
}
