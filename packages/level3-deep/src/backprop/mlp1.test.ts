/** Mlp1 (no hidden layer): finite differences of W, b and X, both heads; boundary errors. PyTorch: mlp2.oracle.test.ts. */
import { InvalidParamError, Matrix, Rng, ShapeError } from '@fpml/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CBRT_EPS } from './mlp2-check.js';
import { checkTensors } from './gradient-check.js';
import { Mlp1 } from './mlp1.js';
import { OUTPUT_HEADS } from './output.js';

describe('Mlp1 backward vs central finite differences', () => {
  // Any seed (fast-check prints the failing case); the model is smooth. Same criterion as Mlp2's:
  // |g − g̃| ≤ 1e-7 · max(max|g|, 1e-3) per tensor (see mlp2.test.ts for the floor).
  for (const output of OUTPUT_HEADS) {
    it(`${output} head: W, b and X within 1e-7`, () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 4 }), (seed, n, d) => {
          const rng = new Rng(seed);
          const K = output === 'sigmoid' ? 1 : 3;
          const X = new Matrix(n, d, Float64Array.from({ length: n * d }, () => rng.normal()));
          const y = Int32Array.from({ length: n }, () => rng.int(output === 'sigmoid' ? 2 : 3));
          const m = Mlp1.init({ inputDim: d, outputDim: K, output, seed });
          m.params.b.forEach((_, k) => (m.params.b[k] = rng.normal()));
          const g = m.backward(m.forward(X), y);
          const rows = checkTensors(() => m.loss(m.forward(X), y), { W: m.params.W.data, b: m.params.b, X: X.data }, { W: g.W.data, b: g.b, X: g.X.data }, CBRT_EPS);
          for (const t of rows) expect(t.maxAbsError, `${t.name}: rel ${t.relError}`).toBeLessThan(1e-7 * Math.max(t.maxAbsGrad, 1e-3));
        }),
        { numRuns: 40 },
      );
    });
  }
});

describe('Mlp1 boundary', () => {
  it('rejects bad params, inputs and labels; predicts the arg-max', () => {
    expect(() => Mlp1.init({ inputDim: 2, output: 'sigmoid', outputDim: 3 })).toThrow(InvalidParamError);
    const m = Mlp1.fromParams({ W: Matrix.from([[1, 0], [0, 1]]), b: Float64Array.of(0, 0) });
    expect(() => m.forward([[1, 2, 3]])).toThrow(new ShapeError("Mlp1.forward: X has 3 columns but the network's inputDim is 2"));
    expect(() => m.backward(m.forward([[1, 2]]), [0, 1])).toThrow(ShapeError);
    expect(Array.from(m.predict([[1, 2], [3, -1]]))).toEqual([1, 0]);
    expect(() => Mlp1.fromParams({ W: Matrix.from([[1, 0]]), b: Float64Array.of(0) })).toThrow(InvalidParamError); // softmax needs K ≥ 2
    const s = Mlp1.init({ inputDim: 2, output: 'sigmoid', seed: 1 });
    expect(s.outputDim).toBe(1);
    expect(Array.from(s.predict([[0, 0]]))).toEqual([1].map(() => (s.predictProba([[0, 0]]).data[0]! > 0.5 ? 1 : 0)));
  });
});
