/**
 * Mlp2: finite-difference checks of every parameter and the input (float64, relative error
 * < 1e-7, every activation and head), the shape and value errors at the boundary, and the seeded
 * Xavier initialisation. PyTorch and autodiff agreement: mlp2.oracle.test.ts.
 */
import { InvalidInputError, InvalidParamError, Matrix, Rng, ShapeError } from '@fpml/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HIDDEN_ACTIVATIONS } from './activations.js';
import { Mlp2 } from './mlp2.js';
import { checkMlp2Gradients } from './mlp2-check.js';
import { OUTPUT_HEADS } from './output.js';

/** Random data and a network with non-zero biases (so their gradients are exercised). */
function setup(seed: number, activation: (typeof HIDDEN_ACTIVATIONS)[number], output: (typeof OUTPUT_HEADS)[number], n = 8, d = 2, H = 5) {
  const rng = new Rng(seed);
  const K = output === 'sigmoid' ? 1 : 3;
  const X = new Matrix(n, d, Float64Array.from({ length: n * d }, () => rng.normal())); // (n, d)
  const y = Int32Array.from({ length: n }, () => rng.int(output === 'sigmoid' ? 2 : K)); // (n,)
  const net = Mlp2.init({ inputDim: d, hiddenDim: H, outputDim: K, activation, output, seed });
  net.params.b1.forEach((_, k) => (net.params.b1[k] = rng.normal(0, 0.5)));
  net.params.b2.forEach((_, k) => (net.params.b2[k] = rng.normal(0, 0.5)));
  return { X, y, net };
}

describe('Mlp2 backward vs central finite differences (float64)', () => {
  // Any seed and size (fast-check prints the failing case): the ReLU step is capped below the
  // nearest kink (checkMlp2Gradients); tanh, the logistic and both heads are smooth.
  // Criterion: |g − g̃| ≤ 1e-7 · max(max|g|, 1e-3) per tensor, i.e. relative error < 1e-7,
  // except that a tensor whose whole gradient is below 1e-3 (b2 of a sigmoid head is the single
  // number mean(p − y), which can cancel to ~1e-4) is held to 1e-10 absolute: the differences
  // carry ~1e-11 absolute error at h = ε^{1/3}, so no purely relative test of a near-zero
  // gradient can pass for every seed.
  const arb = fc.record({ seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }), n: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 4 }), H: fc.integer({ min: 1, max: 7 }) });
  for (const output of OUTPUT_HEADS) {
    for (const activation of HIDDEN_ACTIVATIONS) {
      it(`${activation} hidden, ${output} head: W1, b1, W2, b2 and X within 1e-7`, () => {
        fc.assert(
          fc.property(arb, ({ seed, n, d, H }) => {
            const { X, y, net } = setup(seed, activation, output, n, d, H);
            const r = checkMlp2Gradients(net, X, y);
            expect(r.tensors.map((t) => t.name)).toEqual(['W1', 'b1', 'W2', 'b2', 'X']);
            for (const t of r.tensors) expect(t.maxAbsError, `${t.name}: rel ${t.relError}, max|g| ${t.maxAbsGrad}`).toBeLessThan(1e-7 * Math.max(t.maxAbsGrad, 1e-3));
          }),
          { numRuns: 25 },
        );
      });
    }
  }

  it('at a fixed well-scaled point (8×2, 5 hidden units) the relative error itself is < 1e-7 for every tensor', () => {
    for (const output of OUTPUT_HEADS) for (const activation of HIDDEN_ACTIVATIONS) {
      const { X, y, net } = setup(11, activation, output);
      const r = checkMlp2Gradients(net, X, y);
      for (const t of r.tensors) {
        expect(t.maxAbsGrad, `${activation}/${output} ${t.name}`).toBeGreaterThan(1e-3); // so the bound below is a relative one
        expect(t.relError, `${activation}/${output} ${t.name}`).toBeLessThan(1e-7);
      }
    }
  });

  it('fails when the gradient is wrong (a dropped σ\' factor)', () => {
    const { X, y, net } = setup(3, 'tanh', 'softmax');
    const g = net.backward(net.forward(X), y);
    g.W1.data[0] = g.W1.data[0]! * 1.001;
    const r = checkMlp2Gradients(net, X, y, { grads: g });
    expect(r.tensors[0]!.relError).toBeGreaterThan(1e-5);
    expect(r.tensors.slice(1).every((t) => t.relError < 1e-7)).toBe(true);
  });

  it('leaves the parameters and the input unchanged', () => {
    const { X, y, net } = setup(4, 'sigmoid', 'softmax');
    const before = net.clone(), X0 = X.clone();
    checkMlp2Gradients(net, X, y);
    expect(Array.from(net.params.W1.data)).toEqual(Array.from(before.params.W1.data));
    expect(Array.from(net.params.b2)).toEqual(Array.from(before.params.b2));
    expect(Array.from(X.data)).toEqual(Array.from(X0.data));
  });
});

describe('Mlp2 forward', () => {
  it('P rows are distributions; predict, hidden and the loss agree with the cache', () => {
    const { X, y, net } = setup(5, 'tanh', 'softmax', 10, 3, 4);
    const c = net.forward(X);
    for (let i = 0; i < 10; i++) expect(c.P.data[3 * i]! + c.P.data[3 * i + 1]! + c.P.data[3 * i + 2]!).toBeCloseTo(1, 14);
    expect(Array.from(net.hidden(X).data)).toEqual(Array.from(c.H.data));
    for (let k = 0; k < c.H.data.length; k++) expect(c.H.data[k]).toBe(Math.tanh(c.Z1.data[k]!));
    let s = 0;
    for (let i = 0; i < 10; i++) s -= Math.log(c.P.data[3 * i + y[i]!]!);
    expect(net.loss(c, y)).toBeCloseTo(s / 10, 13);
    const pred = net.predict(X);
    for (let i = 0; i < 10; i++) expect(c.P.data[3 * i + pred[i]!]).toBe(Math.max(c.P.data[3 * i]!, c.P.data[3 * i + 1]!, c.P.data[3 * i + 2]!));
  });

  it('the losses stay finite and exact for logits of ±1000', () => {
    const net = Mlp2.fromParams({ W1: Matrix.from([[1]]), b1: Float64Array.of(0), W2: Matrix.from([[1000], [-1000]]), b2: Float64Array.of(0, 0) }, { activation: 'relu' });
    const X = Matrix.from([[1], [-1]]); // h = [1, 0]: logits (1000, −1000) and (0, 0)
    expect(net.loss(net.forward(X), [1, 0])).toBeCloseTo((2000 + Math.log1p(Math.exp(-2000)) + Math.log(2)) / 2, 10);
    const sig = Mlp2.fromParams({ W1: Matrix.from([[1]]), b1: Float64Array.of(0), W2: Matrix.from([[1000]]), b2: Float64Array.of(0) }, { activation: 'relu', output: 'sigmoid' });
    expect(sig.loss(sig.forward(X), [0, 1])).toBeCloseTo((1000 + Math.log(2)) / 2, 10); // softplus(1000) − 0, softplus(0) − 0
    const g = sig.backward(sig.forward(X), [0, 1]);
    expect(Array.from(g.b2)).toEqual([(1 - 0 + 0.5 - 1) / 2]); // Σ (p − y)/n with p = (1, ½)
  });
});

describe('Mlp2 initialisation', () => {
  it('is seeded and Xavier-uniform: same seed, same weights; |W| ≤ √(6/(fan_in + fan_out)); zero biases', () => {
    const a = Mlp2.init({ inputDim: 30, hiddenDim: 40, outputDim: 3, seed: 7 });
    const b = Mlp2.init({ inputDim: 30, hiddenDim: 40, outputDim: 3, seed: 7 });
    const c = Mlp2.init({ inputDim: 30, hiddenDim: 40, outputDim: 3, seed: 8 });
    expect(Array.from(a.params.W1.data)).toEqual(Array.from(b.params.W1.data));
    expect(Array.from(a.params.W1.data)).not.toEqual(Array.from(c.params.W1.data));
    const bound = Math.sqrt(6 / 70);
    expect(Math.max(...Array.from(a.params.W1.data, Math.abs))).toBeLessThanOrEqual(bound);
    // Var U(−a, a) = a²/3 = 2/(fan_in + fan_out); 1200 draws: the sample variance is within 15%.
    const v = a.params.W1.data.reduce((s, w) => s + w * w, 0) / 1200;
    expect(v / (2 / 70)).toBeGreaterThan(0.85);
    expect(v / (2 / 70)).toBeLessThan(1.15);
    expect(Array.from(a.params.b1).every((x) => x === 0)).toBe(true);
    expect([a.inputDim, a.hiddenDim, a.outputDim, a.activation, a.output]).toEqual([30, 40, 3, 'tanh', 'softmax']);
  });
});

describe('Mlp2 boundary errors', () => {
  const net = Mlp2.init({ inputDim: 2, hiddenDim: 3, seed: 0 });
  const X = Matrix.from([[0, 1], [1, 0]]);
  it('rejects bad hyper-parameters naming the param', () => {
    expect(() => Mlp2.init({ inputDim: 0, hiddenDim: 3 })).toThrow(InvalidParamError);
    expect(() => Mlp2.init({ inputDim: 2, hiddenDim: 2.5 })).toThrow('param hiddenDim must be an integer ≥ 1, got 2.5');
    expect(() => Mlp2.init({ inputDim: 2, hiddenDim: 3, activation: 'gelu' as 'tanh' })).toThrow("param activation must be one of 'tanh', 'relu', 'sigmoid', got \"gelu\"");
    expect(() => Mlp2.init({ inputDim: 2, hiddenDim: 3, output: 'sigmoid', outputDim: 2 })).toThrow('param outputDim must be 1 with output');
    expect(() => Mlp2.init({ inputDim: 2, hiddenDim: 3, outputDim: 1 })).toThrow("param outputDim must be an integer ≥ 2 with output 'softmax'");
    expect(() => Mlp2.init({ inputDim: 2, hiddenDim: 3, seed: -1 })).toThrow(InvalidParamError);
  });
  it('rejects inputs of the wrong shape or with NaN', () => {
    expect(() => net.forward([[1, 2, 3]])).toThrow(new ShapeError("Mlp2.forward: X has 3 columns but the network's inputDim is 2"));
    expect(() => net.forward([[1, NaN]])).toThrow(InvalidInputError);
    expect(() => net.forward([])).toThrow(InvalidInputError);
    expect(() => net.forward([1, 2] as unknown as number[][])).toThrow(ShapeError);
  });
  it('rejects labels of the wrong length or out of range', () => {
    const c = net.forward(X);
    expect(() => net.backward(c, [0])).toThrow(new ShapeError('Mlp2.backward: y has 1 entries but X has 2 rows'));
    expect(() => net.backward(c, [0, 2])).toThrow('Mlp2.backward: y[1] is 2 but labels must be integers in [0, 2)');
    expect(() => net.loss(c, [0, 0.5])).toThrow(InvalidInputError);
    expect(() => net.loss(c, null as unknown as number[])).toThrow(InvalidInputError);
  });
  it("rejects another network's cache", () => {
    const other = Mlp2.init({ inputDim: 2, hiddenDim: 4, seed: 0 });
    expect(() => net.backward(other.forward(X), [0, 1])).toThrow(ShapeError);
    expect(() => net.backward({} as never, [0, 1])).toThrow(InvalidInputError);
  });
  it('fromParams checks shapes and finiteness, and copies', () => {
    const p = { W1: Matrix.from([[1, 2], [3, 4]]), b1: Float64Array.of(0, 0), W2: Matrix.from([[1, 1], [1, -1]]), b2: Float64Array.of(0, 0) };
    const m = Mlp2.fromParams(p);
    p.W1.data[0] = 9;
    expect(m.params.W1.data[0]).toBe(1);
    expect(() => Mlp2.fromParams({ ...p, b1: Float64Array.of(0) })).toThrow(new ShapeError('Mlp2.fromParams: b1 has 1 entries but must have 2'));
    expect(() => Mlp2.fromParams({ ...p, W2: Matrix.from([[1, 1, 1], [1, 1, 1]]) })).toThrow('Mlp2.fromParams: W2 is 2x3 but must be 2x2');
    expect(() => Mlp2.fromParams({ ...p, b2: Float64Array.of(0, NaN) })).toThrow(InvalidInputError);
    expect(() => Mlp2.fromParams({ ...p, W1: [[1]] as never })).toThrow(InvalidInputError);
  });
});
