/**
 * Losses (nn/losses.ts, nn/tf-losses.ts): PyTorch 1.13 oracle on every frozen case (reductions,
 * label smoothing, ignore_index, large logits), float64 gradient checks, twin parity on every
 * backend (no leaks), stability at extreme logits, bad input.
 */
import { InvalidInputError, InvalidParamError, Rng, ShapeError } from '@fpml/core';
import { expectNoTensorLeak } from '@fpml/core/testing';
import { getTf, type Tf } from '@fpml/core/tf';
import { Tensor, tensor } from '@fpml/level1-math';
import { describe, expect, it } from 'vitest';
import nnFixture from './__fixtures__/nn_torch.json' with { type: 'json' };
import { expectGradcheck } from './gradcheck.js';
import { bceWithLogitsLoss, crossEntropyLoss, mseLoss, type CrossEntropyLossOptions, type ReductionOptions } from './losses.js';
import { Module } from './module.js';
import { expectParity } from './parity.js';
import { tfBceWithLogitsLoss, tfCrossEntropyLoss, tfMseLoss } from './tf-losses.js';
import { TfModule, type TfTensor } from './tf-module.js';

type LossName = 'crossEntropy' | 'mse' | 'bceWithLogits';
type Options = CrossEntropyLossOptions & ReductionOptions;
const ref = { crossEntropy: crossEntropyLoss, mse: mseLoss, bceWithLogits: bceWithLogitsLoss } as const;
const twin = { crossEntropy: tfCrossEntropyLoss, mse: tfMseLoss, bceWithLogits: tfBceWithLogitsLoss } as const;

/** A loss as a module of (input, target), so the module harnesses apply. */
class LossModule extends Module<[Tensor, Tensor]> {
  constructor(readonly loss: LossName, readonly options: Options) {
    super();
  }
  forward(x: Tensor, t: Tensor): Tensor {
    return (ref[this.loss] as (a: Tensor, b: Tensor, o: Options) => Tensor)(x, t, this.options);
  }
}
class TfLossModule extends TfModule<[TfTensor, TfTensor]> {
  constructor(tf: Tf, readonly loss: LossName, readonly options: Options) {
    super(tf);
  }
  forward(x: TfTensor, t: TfTensor): TfTensor {
    return (twin[this.loss] as (tf: Tf, a: TfTensor, b: TfTensor, o: Options) => TfTensor)(this.tf, x, t, this.options);
  }
}

const randn = (rng: Rng, n: number, s = 1) => Float64Array.from({ length: n }, () => s * rng.standardNormal());
const maxAbs = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = a.length === b.length ? 0 : Infinity;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};

describe('losses (reference)', () => {
  it('match PyTorch 1.13 on all 13 frozen cases (value, gradient of input and of float targets)', () => {
    const cases = nnFixture.losses;
    expect(cases.length).toBe(13);
    for (const c of cases) {
      const x = tensor(c.input.data, c.input.shape, { requiresGrad: true });
      const floatTarget = c.target.dtype === 'float32';
      const t = tensor(c.target.data, c.target.shape, { requiresGrad: floatTarget });
      const y = new LossModule(c.loss as LossName, c.config as Options).forward(x, t);
      expect(y.shape, c.name).toEqual(c.output.shape);
      const scale = Math.max(1, ...c.output.data.map(Math.abs));
      expect(maxAbs(y.data, c.output.data) / scale, c.name).toBeLessThan(1e-13);
      y.mul(tensor(c.weight.data, c.weight.shape)).sum().backward();
      expect(maxAbs(x.grad!.data, c.gradInput.data), c.name).toBeLessThan(1e-13);
      if (floatTarget) expect(maxAbs(t.grad!.data, c.gradTarget!.data), c.name).toBeLessThan(1e-13);
    }
  });

  it('pass the float64 gradient check (every reduction, smoothing + ignoreIndex, both arguments of mse and bce)', () => {
    const rng = new Rng(1);
    const z = () => tensor(randn(rng, 6 * 4, 2), [6, 4]);
    const ce: Options[] = [{}, { reduction: 'sum' }, { reduction: 'none' }, { labelSmoothing: 0.2, ignoreIndex: 1 }, { labelSmoothing: 1 }];
    for (const o of ce) {
      const r = expectGradcheck(new LossModule('crossEntropy', o), [z(), tensor([0, 3, 1, 1, 3, 2])], { constantInputs: [1] });
      expect(r.maxRelError, JSON.stringify(o)).toBeLessThan(1e-7);
    }
    for (const reduction of ['mean', 'sum', 'none'] as const) {
      const p = tensor(Float64Array.from({ length: 12 }, () => rng.uniform(0.05, 0.95)), [4, 3]); // targets stay in [0, 1] under the step
      expect(expectGradcheck(new LossModule('bceWithLogits', { reduction }), [tensor(randn(rng, 12, 2), [4, 3]), p]).maxRelError).toBeLessThan(1e-7);
      expect(expectGradcheck(new LossModule('mse', { reduction }), [z(), z()]).maxRelError).toBeLessThan(1e-7);
    }
  });

  it('cross-entropy: smoothing is CE against q = (1-ε) onehot + ε/C; ignored rows give 0 and are not counted', () => {
    const rng = new Rng(2);
    const zd = randn(rng, 3 * 5);
    const z = tensor(zd, [3, 5]);
    const t = [4, 0, 2];
    const none = crossEntropyLoss(z, t, { reduction: 'none', labelSmoothing: 0.3 }).data;
    const ls = z.logSoftmax(-1).data;
    for (let i = 0; i < 3; i++) {
      let want = 0;
      for (let c = 0; c < 5; c++) want -= ((c === t[i] ? 0.7 : 0) + 0.3 / 5) * ls[i * 5 + c]!;
      expect(none[i]).toBeCloseTo(want, 13);
    }
    const ign = crossEntropyLoss(z, [4, -100, 2], { reduction: 'none' }).data;
    expect(ign[1]).toBe(0);
    const mean = crossEntropyLoss(z, [4, -100, 2]).item();
    expect(mean).toBeCloseTo((ign[0]! + ign[2]!) / 2, 14);
  });

  it('are stable at extreme logits: CE of ±1e4 and -Infinity (masked) logits, BCE of ±1e4', () => {
    const ce = crossEntropyLoss(tensor([[1e4, -1e4, 0], [-Infinity, 5, 5]], undefined, { requiresGrad: true }), [1, 2]);
    expect(ce.item()).toBeCloseTo((2e4 + Math.LN2) / 2, 9);
    const x = tensor([[1e4, -1e4, 0], [-Infinity, 5, 5]], undefined, { requiresGrad: true });
    crossEntropyLoss(x, [1, 2]).backward();
    expect(Array.from(x.grad!.data).every(Number.isFinite)).toBe(true);
    expect(crossEntropyLoss(tensor([[-Infinity, 0]]), [0]).item()).toBe(Infinity); // all mass on an impossible class
    const b = bceWithLogitsLoss(tensor([1e4, -1e4, 1e4]), tensor([1, 0, 0]), { reduction: 'none' }).data;
    expect(Array.from(b)).toEqual([0, 0, 1e4]);
  });

  it('reject bad options and inputs with typed errors', () => {
    const z = tensor([[1, 2], [3, 4]]);
    expect(() => crossEntropyLoss(z, [0, 2])).toThrow(/targets\[1\] is 2 but must be an integer class in \[0, 2\)/);
    expect(() => crossEntropyLoss(z, [0])).toThrow(ShapeError);
    expect(() => crossEntropyLoss(tensor([1, 2]), [0])).toThrow(/logits must be 2-D/);
    expect(() => crossEntropyLoss(z, [-100, -100])).toThrow(/every target equals ignoreIndex/);
    expect(crossEntropyLoss(z, [-100, -100], { reduction: 'sum' }).item()).toBe(0);
    expect(() => crossEntropyLoss(z, [0, 1], { labelSmoothing: 1.5 })).toThrow(InvalidParamError);
    expect(() => crossEntropyLoss(z, [0, 1], { reduction: 'avg' as never })).toThrow(/reduction/);
    expect(() => crossEntropyLoss(z, [0, 1], { ignoreIndex: 0.5 })).toThrow(InvalidParamError);
    expect(() => crossEntropyLoss(tensor([[NaN, 1]]), [0])).toThrow(/logits has NaN at flat position 0/);
    expect(() => crossEntropyLoss(tensor([[-Infinity, -Infinity]]), [0])).toThrow(/every logit of row 0 is -Infinity/);
    expect(() => crossEntropyLoss(z, 'ab' as never)).toThrow(InvalidInputError);
    expect(() => mseLoss(z, tensor([1, 2]))).toThrow(/same shape \(no broadcasting\)/);
    expect(() => mseLoss(z, tensor([[1, NaN], [1, 1]]))).toThrow(InvalidInputError);
    expect(() => bceWithLogitsLoss(tensor([1]), tensor([1.5]))).toThrow(/probabilities in \[0, 1\]/);
    expect(() => bceWithLogitsLoss(tensor([Infinity]), tensor([1]))).toThrow(InvalidInputError);
    expect(() => bceWithLogitsLoss([1] as never, tensor([1]))).toThrow(InvalidInputError);
  });
});

describe('losses (tfjs)', () => {
  it('agree with the references on every backend (value, input and float-target gradients), leaving no tensor', async () => {
    const rng = new Rng(3);
    const byName = Object.fromEntries(nnFixture.losses.map((c) => [c.name, c]));
    for (const name of ['ce mean', 'ce none', 'ce label smoothing 0.1', 'ce ignore_index -100', 'ce ignore + smoothing, sum', 'ce large logits', 'mse mean', 'mse sum', 'bce with logits none', 'bce with logits large']) {
      const c = byName[name]!;
      const floatTarget = c.target.dtype === 'float32';
      const r = await expectParity({
        reference: new LossModule(c.loss as LossName, c.config as Options),
        makeTwin: (tf) => new TfLossModule(tf, c.loss as LossName, c.config as Options),
        inputs: [
          { data: c.input.data, shape: c.input.shape },
          { data: c.target.data, shape: c.target.shape, dtype: floatTarget ? 'float32' : 'int32' },
        ],
        seed: rng.int(1000),
      });
      expect(r.backends[0]!.comparisons.map((x) => x.name), name).toEqual(floatTarget ? ['output', 'grad:input0', 'grad:input1'] : ['output', 'grad:input0']);
      for (const b of r.backends) expect(b.leaked, `${name} ${b.backend}`).toBe(0);
    }
  });

  it('reject bad inputs with typed errors, leaking nothing', async () => {
    const { tf } = await getTf();
    await expectNoTensorLeak(() => {
      const z = tf.tensor2d([[1, 2], [3, 4]]);
      const t = tf.tensor1d([0, 1], 'int32');
      expect(() => tf.tidy(() => tfCrossEntropyLoss(tf, z, tf.tensor1d([0, 1], 'float32')))).toThrow(/1-D int32/);
      expect(() => tf.tidy(() => tfCrossEntropyLoss(tf, z, tf.tensor1d([0, 5], 'int32')))).toThrow(/targets\[1\] is 5/);
      expect(() => tf.tidy(() => tfCrossEntropyLoss(tf, z, tf.tensor1d([-100, -100], 'int32')))).toThrow(/every target equals ignoreIndex/);
      expect(() => tf.tidy(() => tfCrossEntropyLoss(tf, tf.ones([2]), t))).toThrow(ShapeError);
      expect(() => tfCrossEntropyLoss(tf, z, t, { labelSmoothing: -1 })).toThrow(InvalidParamError);
      expect(() => tf.tidy(() => tfMseLoss(tf, z, tf.ones([2])))).toThrow(ShapeError);
      expect(() => tfBceWithLogitsLoss(tf, [1] as never, z)).toThrow(InvalidInputError);
      z.dispose();
      t.dispose();
    });
  });
});
