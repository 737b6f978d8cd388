/**
 * Embedding / TfEmbedding: PyTorch 1.13 oracle (with and without padding_idx), float64 gradient
 * check of the weight, scatter-add semantics (repeated indices accumulate, padding row gets
 * nothing), twin parity on every backend with int32 indices (no leaks), init, bad input.
 */
import { InvalidInputError, InvalidParamError, Rng, ShapeError } from '@fpml/core';
import { expectNoTensorLeak } from '@fpml/core/testing';
import { getTf } from '@fpml/core/tf';
import { tensor } from '@fpml/level1-math';
import { describe, expect, it } from 'vitest';
import { expectGradcheck, gradcheckModule } from '../nn/gradcheck.js';
import { layerCases, oracleErrors } from '../nn/oracle.js';
import { expectParity } from '../nn/parity.js';
import { Embedding, TfEmbedding } from './embedding.js';

describe('Embedding', () => {
  it('matches PyTorch 1.13 (output and weight gradient), with and without padding_idx', () => {
    const cases = layerCases('Embedding');
    expect(cases.map((c) => c.name)).toEqual(['embedding 7x4', 'embedding 6x3 padding_idx 2']);
    for (const c of cases) {
      const cfg = c.config as { numEmbeddings: number; embeddingDim: number; paddingIdx?: number };
      const e = oracleErrors(new Embedding(cfg.numEmbeddings, cfg.embeddingDim, { rng: 0, paddingIdx: cfg.paddingIdx }), c);
      expect(e.missing, c.name).toEqual([]);
      expect(e.max, c.name).toBe(0); // a gather and sums of the same terms: exact
    }
  });

  it('passes the float64 gradient check of the weight (indices constant)', () => {
    const m = new Embedding(5, 3, { rng: 1 });
    const r = expectGradcheck(m, [tensor([[0, 4, 2], [2, 2, 1]])], { constantInputs: [0] });
    expect(r.tensors.map((t) => t.name)).toEqual(['weight']);
    expect(r.maxRelError).toBeLessThan(1e-7);
    // with paddingIdx the padding row's gradient is 0 by design, not the true derivative of the
    // forward (which reads it), so the check runs on indices that avoid it
    const p = new Embedding(5, 3, { rng: 1, paddingIdx: 4 });
    expect(expectGradcheck(p, [tensor([[0, 3, 2], [2, 2, 1]])], { constantInputs: [0] }).maxRelError).toBeLessThan(1e-7);
    expect(gradcheckModule(p, [tensor([4, 1])], { constantInputs: [0] }).passed).toBe(false); // and it would see the difference
  });

  it('scatter-adds the gradient: repeated indices accumulate, unused rows and the padding row get 0', () => {
    const m = new Embedding(4, 2, { rng: 2, paddingIdx: -1 }); // -1 means row 3
    expect(m.paddingIdx).toBe(3);
    expect(Array.from(m.weight.data.subarray(6, 8))).toEqual([0, 0]);
    const y = m.forward([1, 3, 1, 0]);
    expect(y.shape).toEqual([4, 2]);
    y.mul(tensor([[1, 2], [3, 4], [5, 6], [7, 8]])).sum().backward();
    expect(Array.from(m.weight.grad!.data)).toEqual([7, 8, 6, 8, 0, 0, 0, 0]); // row 1 = (1,2)+(5,6); row 3 padding
    expect(m.forward(tensor(2)).shape).toEqual([2]); // a scalar index gives one vector
  });

  it('draws N(0, 1) weights row-major from the seed (PyTorch init), the same in the twin', async () => {
    const m = new Embedding(3, 2, { rng: 7 });
    const rng = new Rng(7);
    expect(Array.from(m.weight.data)).toEqual(Array.from({ length: 6 }, () => rng.normal()));
    const { tf } = await getTf();
    const twin = new TfEmbedding(tf, 3, 2, { rng: 7 });
    expect(twin.stateDict()['weight']!.data).toEqual(Float64Array.from(Float32Array.from(m.weight.data)));
    twin.dispose();
  });

  it('rejects bad options and indices with typed errors', () => {
    expect(() => new Embedding(0, 2, { rng: 0 })).toThrow(InvalidParamError);
    expect(() => new Embedding(3, 2, { rng: 0, paddingIdx: 3 })).toThrow(/paddingIdx must be an integer in \[-3, 3\)/);
    expect(() => new Embedding(3, 2, { rng: 0, paddingIdx: 0.5 })).toThrow(InvalidParamError);
    expect(() => new Embedding(3, 2, {} as never)).toThrow(/rng/);
    const m = new Embedding(3, 2, { rng: 0 });
    expect(() => m.forward([0, 3])).toThrow(/indices must be integers in \[0, 3\), got 3 at flat position 1/);
    expect(() => m.forward(tensor([0.5]))).toThrow(InvalidInputError);
    expect(() => m.forward(tensor([NaN]))).toThrow(InvalidInputError);
    expect(() => m.forward('a' as never)).toThrow(InvalidInputError);
  });
});

describe('TfEmbedding', () => {
  it('agrees with Embedding on every backend (output, weight gradient) for int32 indices, leaving no tensor', async () => {
    for (const paddingIdx of [null, 2]) {
      const ref = new Embedding(6, 3, { rng: 3, paddingIdx });
      const r = await expectParity({
        reference: ref,
        makeTwin: (tf) => new TfEmbedding(tf, 6, 3, { rng: 0, paddingIdx }),
        inputs: [{ data: [2, 0, 2, 5, 1, 2, 5, 5], shape: [2, 4], dtype: 'int32' }],
      });
      expect(r.backends[0]!.comparisons.map((c) => c.name)).toEqual(['output', 'grad:weight', 'state:weight']);
      for (const b of r.backends) expect(b.leaked, b.backend).toBe(0);
    }
  });

  it('rejects non-int32 and out-of-range indices without leaking', async () => {
    const { tf } = await getTf();
    const twin = new TfEmbedding(tf, 4, 2, { rng: 0 });
    await expectNoTensorLeak(() => {
      expect(() => tf.tidy(() => twin.forward(tf.tensor([0, 1], [2], 'float32')))).toThrow(ShapeError);
      expect(() => tf.tidy(() => twin.forward(tf.tensor([0, 4], [2], 'int32')))).toThrow(/indices must be integers in \[0, 4\), got 4/);
      expect(() => tf.tidy(() => twin.forward(tf.tensor([-1], [1], 'int32')))).toThrow(InvalidInputError);
      expect(() => twin.forward([0] as never)).toThrow(InvalidInputError);
    });
    twin.dispose();
  });
});
