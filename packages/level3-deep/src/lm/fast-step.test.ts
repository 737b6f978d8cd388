/**
 * FastGptTrainer: the same loss and gradient as the plain-tfjs formulation (bench/plain-gpt.ts,
 * tfjs autodiff of every primitive) given the same weights, for T = context and T < context; the
 * first Adam step equals −η g / (|g| + ε) (PyTorch's bias-corrected update at t = 1); no tensor
 * leaks across a step; typed errors.
 */
import { InvalidInputError, InvalidParamError, Rng, ShapeError } from '@fpml/core';
import { expectNoTensorLeak } from '@fpml/core/testing';
import { getTf, type Tf } from '@fpml/core/tf';
import type { Tensor } from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createPlainGpt } from '../../bench/plain-gpt.js';
import { FastGptTrainer, fastGptLayout } from './fast-step.js';

const cfg = { vocab: 11, dModel: 16, nHead: 2, nLayer: 2, dFf: 24, context: 8 };

function batch(tf: Tf, B: number, T: number, seed: number): [Tensor, Tensor] {
  const rng = new Rng(seed);
  const ids = () => Int32Array.from({ length: B * T }, () => rng.int(cfg.vocab));
  return [tf.tensor2d(ids(), [B, T], 'int32'), tf.tensor2d(ids(), [B, T], 'int32')];
}

describe('FastGptTrainer', () => {
  it('computes the plain formulation\'s loss and gradient (same perturbed weights, T = context and T < context)', async () => {
    const { tf } = await getTf();
    const fast = new FastGptTrainer(tf, cfg, { rng: 1 });
    const plain = createPlainGpt(tf, { ...cfg }, 0);
    expect(plain.params.map((p) => p.shape)).toEqual(fast.layout.map((p) => p.shape)); // same order and layout
    tf.tidy(() => {
      // Perturb every weight (γ off 1, β and biases off 0), so the LayerNorm fold and the bias paths are exercised.
      const rng = new Rng(3);
      fast.theta.assign(tf.add(fast.theta, tf.tensor1d(Float32Array.from({ length: fast.theta.size }, () => 0.2 * rng.normal()))));
      const parts = tf.split(fast.theta, fast.layout.map((p) => p.size));
      fast.layout.forEach((p, i) => plain.params[i]!.assign(tf.reshape(parts[i]!, p.shape)));
    });
    for (const T of [8, 5]) {
      const [x, y] = batch(tf, 3, T, T);
      const [lf, lp, err, scale] = tf.tidy(() => {
        const gf = tf.variableGrads(() => fast.loss(x, y), [fast.theta]).grads[fast.theta.name]!;
        const { grads } = tf.variableGrads(() => plain.loss(x, y).asScalar(), plain.params);
        const gp = tf.concat(plain.params.map((p) => tf.reshape(grads[p.name]!, [-1])));
        return [fast.loss(x, y).dataSync()[0]!, plain.loss(x, y).dataSync()[0]!, tf.max(tf.abs(tf.sub(gf, gp))).dataSync()[0]!, tf.max(tf.abs(gp)).dataSync()[0]!];
      });
      expect(Math.abs(lf - lp)).toBeLessThan(1e-5 * lp);
      expect(scale).toBeGreaterThan(0);
      expect(err).toBeLessThan(1e-4 * scale);
      tf.dispose([x, y]);
    }
    fast.dispose();
    plain.dispose();
  });

  it('takes PyTorch\'s first Adam step, −η g / (|g| + ε), then steps without leaking tensors', async () => {
    const { tf } = await getTf();
    const lr = 0.01, eps = 1e-8;
    const f = new FastGptTrainer(tf, cfg, { rng: 2, lr, eps });
    const [x, y] = batch(tf, 4, 8, 3);
    const [g, theta0] = tf.tidy(() => [tf.variableGrads(() => f.loss(x, y), [f.theta]).grads[f.theta.name]!.dataSync(), f.theta.dataSync().slice()]);
    tf.dispose(f.step(x, y));
    const theta1 = f.theta.dataSync();
    let worst = 0;
    for (let i = 0; i < g.length; i++) worst = Math.max(worst, Math.abs(theta1[i]! - theta0[i]! + (lr * g[i]!) / (Math.abs(g[i]!) + eps)));
    expect(worst).toBeLessThan(1e-6);
    expect(f.steps).toBe(1);
    const losses: number[] = [];
    await expectNoTensorLeak(() => {
      for (let k = 0; k < 5; k++) {
        const l = f.step(x, y);
        losses.push(l.dataSync()[0]!);
        l.dispose();
      }
    }, { tf, label: 'FastGptTrainer.step' });
    expect(losses[4]).toBeLessThan(losses[0]!);
    f.dispose();
    tf.dispose([x, y]);
  });

  it('lays out wte and wpe adjacently and rejects bad configs and batches', async () => {
    const { tf } = await getTf();
    const lay = fastGptLayout(cfg);
    expect(lay[1]!.offset).toBe(lay[0]!.size);
    expect(() => new FastGptTrainer(tf, { ...cfg, nHead: 3 }, { rng: 0 })).toThrow(InvalidInputError);
    expect(() => new FastGptTrainer(tf, { ...cfg, dFf: 0 }, { rng: 0 })).toThrow(InvalidParamError);
    expect(() => new FastGptTrainer(tf, cfg, { rng: 0, lr: -1 })).toThrow(/lr/);
    const f = new FastGptTrainer(tf, cfg, { rng: 0 });
    const [x, y] = batch(tf, 2, 8, 0);
    const long = tf.zeros([2, 9], 'int32'), xf = tf.cast(x, 'float32');
    expect(() => f.step(xf, y)).toThrow(ShapeError);
    expect(() => f.step(long, long)).toThrow(/exceeds the context/);
    expect(() => f.step(x, long)).toThrow(/x's shape/);
    f.dispose();
    tf.dispose([x, y, long, xf]);
  });
});
