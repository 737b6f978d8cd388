/**
 * One forward/backward pass of a 2-layer tanh MLP (X (8, 5) -> 16 -> 3, mean softmax
 * cross-entropy) from the same weights: against PyTorch 1.13 float64 (frozen) to 1e-12, and
 * against tfjs's own gradients (`tf.variableGrads`, cpu backend, float32) to float32 tolerance.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { expectClose, expectNoTensorLeak } from '@fpml/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { add, crossEntropy, matmul, tanh, valueAndGrad } from './index.js';
import { tensor, type Tensor } from './tensor.js';

interface Arr { shape: number[]; data: number[] }
const mlp = (JSON.parse(readFileSync(new URL('./__fixtures__/autodiff_torch.json', import.meta.url), 'utf8')) as {
  mlp: { X: Arr; W1: Arr; b1: Arr; W2: Arr; b2: Arr; y: number[]; loss: number; grads: Record<'W1' | 'b1' | 'W2' | 'b2', Arr> };
}).mlp;
const NAMES = ['W1', 'b1', 'W2', 'b2'] as const;
const T = (a: Arr): Tensor => tensor(Float64Array.from(a.data), a.shape);

const X = T(mlp.X); // (8, 5)
const targets = Int32Array.from(mlp.y); // (8,)
/** Mean cross-entropy of tanh(X W1 + b1) W2 + b2. */
const loss = (W1: Tensor, b1: Tensor, W2: Tensor, b2: Tensor): Tensor => {
  const h = tanh(add(matmul(X, W1), b1)); // (8, 16)
  return crossEntropy(add(matmul(h, W2), b2), targets); // ()
};
const ours = valueAndGrad(loss)(...NAMES.map((k) => T(mlp[k])));

describe('2-layer tanh MLP: one forward/backward', () => {
  it('matches PyTorch float64 to 1e-12', () => {
    expectClose(ours.value.item(), mlp.loss, { rtol: 1e-12 });
    NAMES.forEach((k, i) => {
      expect(ours.grads[i]!.shape).toEqual(mlp.grads[k].shape);
      expectClose(ours.grads[i]!.data, mlp.grads[k].data, { rtol: 1e-12, atol: 1e-14, name: `grad ${k}` });
    });
  });

  describe('matches tfjs (cpu, float32) to float32 tolerance', () => {
    beforeAll(async () => {
      await tf.setBackend('cpu');
      await tf.ready();
    });
    it('loss and every gradient within 1e-5 relative', async () => {
      expect(tf.getBackend()).toBe('cpu');
      await expectNoTensorLeak(
        () => {
          // tf.variable copies its initial value, so make the value inside tidy (variables survive it)
          const vars = NAMES.map((k) => tf.tidy(() => tf.variable(tf.tensor(mlp[k].data, mlp[k].shape, 'float32'), true, `autodiff-mlp-${k}-${Date.now()}`)));
          const Xtf = tf.tensor2d(mlp.X.data, mlp.X.shape as [number, number], 'float32'); // (8, 5)
          const onehot = tf.tidy(() => tf.oneHot(tf.tensor1d(mlp.y, 'int32'), 3).toFloat()); // (8, 3)
          const { value, grads } = tf.variableGrads(() => {
            const h = tf.tanh(tf.add(tf.matMul(Xtf, vars[0]!), vars[1]!)); // (8, 16)
            const z = tf.add(tf.matMul(h, vars[2]!), vars[3]!); // (8, 3)
            return tf.mean(tf.sub(tf.logSumExp(z, 1), tf.sum(tf.mul(z, onehot), 1))) as tf.Scalar;
          }, vars);
          expectClose(ours.value.item(), value.dataSync()[0]!, { rtol: 1e-5, name: 'tfjs loss' });
          NAMES.forEach((k, i) => {
            const g = Array.from(grads[vars[i]!.name]!.dataSync());
            const scale = Math.max(...g.map(Math.abs));
            // float32 rounding: 1e-5 of each entry, plus 1e-5 of the largest entry for entries near 0
            expectClose(ours.grads[i]!.data, g, { rtol: 1e-5, atol: 1e-5 * scale, name: `tfjs grad ${k}` });
          });
          tf.dispose([value, Xtf, onehot, ...Object.values(grads), ...vars]);
        },
        { tf, label: 'tfjs MLP' },
      );
    });
  });
});
