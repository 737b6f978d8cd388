/**
 * ReLU, GELU (erf and tanh), Tanh, Sigmoid, Softmax and their twins: PyTorch 1.13 oracle,
 * float64 gradient checks, twin parity on every backend (no leaks), bad input.
 */
import { InvalidParamError, Rng, ShapeError } from '@fpml/core';
import { tensor } from '@fpml/level1-math';
import { describe, expect, it } from 'vitest';
import { expectGradcheck } from '../nn/gradcheck.js';
import { layerCases, oracleErrors } from '../nn/oracle.js';
import { expectParity } from '../nn/parity.js';
import type { AnyModule } from '../nn/module.js';
import type { Tf } from '@fpml/core/tf';
import type { AnyTfModule } from '../nn/tf-module.js';
import { GELU, ReLU, Sigmoid, Softmax, Tanh, TfGELU, TfReLU, TfSigmoid, TfSoftmax, TfTanh } from './activations.js';

const randn = (rng: Rng, n: number, s = 1) => Float64Array.from({ length: n }, () => s * rng.standardNormal());
/** Values at least 0.1 away from ReLU's kink (finite differences straddle no kink at step 1e-6). */
const awayFromZero = (rng: Rng, n: number) => randn(rng, n).map((v) => Math.sign(v) * (Math.abs(v) + 0.1));

interface Kind {
  layer: string;
  make: (config: Record<string, unknown>) => AnyModule;
  twin: (tf: Tf) => AnyTfModule;
  ref: () => AnyModule;
}
const kinds: Kind[] = [
  { layer: 'ReLU', make: () => new ReLU(), ref: () => new ReLU(), twin: (tf) => new TfReLU(tf) },
  { layer: 'GELU', make: (c) => new GELU({ approximate: c['approximate'] as 'none' | 'tanh' }), ref: () => new GELU(), twin: (tf) => new TfGELU(tf) },
  { layer: 'Tanh', make: () => new Tanh(), ref: () => new Tanh(), twin: (tf) => new TfTanh(tf) },
  { layer: 'Sigmoid', make: () => new Sigmoid(), ref: () => new Sigmoid(), twin: (tf) => new TfSigmoid(tf) },
  { layer: 'Softmax', make: (c) => new Softmax(c['dim'] as number), ref: () => new Softmax(1), twin: (tf) => new TfSoftmax(tf, 1) },
];

describe('activations (reference)', () => {
  it('match PyTorch 1.13 (output and input gradient): relu, gelu erf/tanh, tanh, sigmoid, softmax dim -1 and 1', () => {
    const names: string[] = [];
    for (const k of kinds) {
      for (const c of layerCases(k.layer)) {
        const e = oracleErrors(k.make(c.config), c);
        expect(e.missing, c.name).toEqual([]);
        expect(e.max, c.name).toBeLessThan(1e-13);
        names.push(c.name);
      }
    }
    expect(names).toEqual(['relu', 'gelu erf', 'gelu tanh', 'tanh', 'sigmoid', 'softmax dim -1', 'softmax dim 1 (2,3,4)']);
  });

  it('pass the float64 gradient check', () => {
    const rng = new Rng(1);
    const x = () => tensor(randn(rng, 2 * 3 * 4, 2), [2, 3, 4]);
    const checks: [AnyModule, ReturnType<typeof x>][] = [
      [new ReLU(), tensor(awayFromZero(rng, 24), [2, 3, 4])],
      [new GELU(), x()],
      [new GELU({ approximate: 'tanh' }), x()],
      [new Tanh(), x()],
      [new Sigmoid(), x()],
      [new Softmax(1), x()],
      [new Softmax(-1), x()],
    ];
    for (const [m, xx] of checks) expect(expectGradcheck(m, [xx]).maxRelError, m.name).toBeLessThan(1e-7);
  });

  it('softmax sums to 1 along dim, is stable for logits of ±1000, and its dim is checked', () => {
    const y = new Softmax(0).forward(tensor([[1000, -1000], [999, 0]]));
    expect(Array.from(y.data).every(Number.isFinite)).toBe(true);
    // x - lse(x) carries the rounding of lse ≈ 1000 (ulp 1.1e-13), so ~1e-13 relative, not 1e-16
    expect(y.data[0]! + y.data[2]!).toBeCloseTo(1, 12);
    expect(y.data[0]).toBeCloseTo(1 / (1 + Math.exp(-1)), 12);
    expect(() => new Softmax(2).forward(tensor([[1, 2]]))).toThrow(/dim 2 is out of range for x of shape \[1, 2\]/);
    expect(() => new Softmax(undefined as never)).toThrow(InvalidParamError);
    expect(() => new Softmax(0.5)).toThrow(/dim/);
  });

  it('reject bad options and inputs with typed errors', () => {
    expect(() => new GELU({ approximate: 'erf' as never })).toThrow(InvalidParamError);
    for (const m of [new ReLU(), new GELU(), new Tanh(), new Sigmoid(), new Softmax(0)]) expect(() => m.forward([1] as never)).toThrow(ShapeError);
  });
});

describe('activations (tfjs twins)', () => {
  it('agree with the references on every backend (output, input gradient), leaving no tensor', async () => {
    const rng = new Rng(2);
    const cases: { ref: AnyModule; twin: (tf: Tf) => AnyTfModule; data: Float64Array }[] = [
      { ref: new ReLU(), twin: (tf) => new TfReLU(tf), data: awayFromZero(rng, 24) },
      { ref: new GELU(), twin: (tf) => new TfGELU(tf), data: randn(rng, 24, 2) },
      { ref: new GELU({ approximate: 'tanh' }), twin: (tf) => new TfGELU(tf, { approximate: 'tanh' }), data: randn(rng, 24, 2) },
      { ref: new Tanh(), twin: (tf) => new TfTanh(tf), data: randn(rng, 24, 2) },
      { ref: new Sigmoid(), twin: (tf) => new TfSigmoid(tf), data: randn(rng, 24, 3) },
      { ref: new Softmax(1), twin: (tf) => new TfSoftmax(tf, 1), data: randn(rng, 24, 2) },
      { ref: new Softmax(-1), twin: (tf) => new TfSoftmax(tf, -1), data: randn(rng, 24, 2) },
    ];
    for (const c of cases) {
      const r = await expectParity({ reference: c.ref, makeTwin: c.twin, inputs: [{ data: c.data, shape: [2, 3, 4] }] });
      expect(r.backends.length, c.ref.name).toBeGreaterThanOrEqual(1);
      for (const b of r.backends) expect(b.leaked, `${c.ref.name} ${b.backend}`).toBe(0);
    }
  });

  it('reject bad options and inputs with typed errors', async () => {
    const { getTf } = await import('@fpml/core/tf');
    const { tf } = await getTf();
    expect(() => new TfGELU(tf, { approximate: 'fast' as never })).toThrow(InvalidParamError);
    expect(() => new TfSoftmax(tf, 1.5)).toThrow(InvalidParamError);
    expect(() => tf.tidy(() => new TfSoftmax(tf, 3).forward(tf.ones([2, 2])))).toThrow(ShapeError);
    expect(() => new TfReLU(tf).forward([1] as never)).toThrow(ShapeError);
  });
});
