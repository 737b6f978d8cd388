/**
 * TransformerBlock / TfTransformerBlock: PyTorch 1.13 TransformerEncoderLayer oracle (pre-LN and
 * post-LN, GELU, causal mask) and a hand-written torch block (norm 'none', RoPE), float64
 * gradient check, twin parity on every backend, residual-gradient behaviour, typed errors.
 */
import { InvalidParamError, Rng } from '@fpml/core';
import { tensor } from '@fpml/level1-math';
import { describe, expect, it } from 'vitest';
import { expectGradcheck } from '../nn/gradcheck.js';
import { oracleErrors } from '../nn/oracle.js';
import { expectParity } from '../nn/parity.js';
import { TfTransformerBlock, TransformerBlock, type BlockNorm } from './block.js';
import { attentionCases, randomizeParameters } from './test-cases.js';

const randn = (rng: Rng, n: number) => Float64Array.from({ length: n }, () => rng.standardNormal());

describe('TransformerBlock', () => {
  it('matches PyTorch 1.13 (TransformerEncoderLayer pre/post-LN; hand-written torch for none and RoPE)', () => {
    const cases = attentionCases('TransformerBlock');
    expect(cases.map((c) => (c.config as { norm: string }).norm)).toEqual(['pre', 'post', 'none', 'pre']);
    for (const c of cases) {
      const cfg = c.config as { dModel: number; nHeads: number; dFF: number; norm: BlockNorm; rope: boolean };
      const T = c.inputs[0]!.shape[1]!;
      const m = new TransformerBlock(cfg.dModel, cfg.nHeads, cfg.dFF, { norm: cfg.norm, rope: cfg.rope ? { maxLength: T } : null, rng: 0 });
      const e = oracleErrors(m, c);
      expect(e.missing, c.name).toEqual([]);
      expect(e.max, c.name).toBeLessThan(1e-12);
    }
  });

  it('passes the float64 gradient check for pre, post and none (input and every parameter)', () => {
    const rng = new Rng(1);
    for (const norm of ['pre', 'post', 'none'] as const) {
      const m = new TransformerBlock(4, 2, 6, { norm, rng });
      const r = expectGradcheck(m, [tensor(randn(rng, 2 * 3 * 4), [2, 3, 4])]);
      expect(r.tensors.length).toBe(norm === 'none' ? 9 : 13);
      expect(r.maxRelError).toBeLessThan(1e-6);
    }
  });

  it('pre-LN passes the residual stream through: d y / d x = I + (terms through the branches), post-LN does not', () => {
    // With every branch output projection zeroed, a pre-LN block is the identity and its
    // input Jacobian is exactly I; a post-LN block still normalises (Jacobian = LayerNorm's).
    const rng = new Rng(2);
    const x = randn(rng, 1 * 3 * 4);
    for (const norm of ['pre', 'post'] as const) {
      const m = new TransformerBlock(4, 2, 8, { norm, rng });
      m.self_attn.out_proj.weight.data.fill(0);
      m.linear2.weight.data.fill(0);
      m.linear2.bias!.data.fill(0);
      const xt = tensor(x, [1, 3, 4], { requiresGrad: true });
      const y = m.forward(xt);
      if (norm === 'pre') expect(Array.from(y.data)).toEqual(Array.from(x));
      else for (let t = 0; t < 3; t++) expect(y.data.subarray(4 * t, 4 * t + 4).reduce((a, v) => a + v, 0)).toBeCloseTo(0, 12); // LayerNorm output: mean 0
    }
  });

  it('rejects bad options with typed errors', () => {
    expect(() => new TransformerBlock(4, 2, 8, { norm: 'mid' as never, rng: 0 })).toThrow(InvalidParamError);
    expect(() => new TransformerBlock(4, 2, 8, { dropout: 1, rng: 0 })).toThrow(InvalidParamError);
    expect(() => new TransformerBlock(4, 3, 8, { rng: 0 })).toThrow(/divisor/);
    expect(() => new TransformerBlock(4, 2, 0, { rng: 0 })).toThrow(InvalidParamError);
    expect(() => new TransformerBlock(4, 2, 8, { gelu: 'fast' as never, rng: 0 })).toThrow(InvalidParamError);
    expect(() => new TransformerBlock(4, 2, 8, { rng: 0 }).forward([1] as never)).toThrow(/must be a Tensor/);
  });
});

describe('TfTransformerBlock', () => {
  it('agrees with TransformerBlock on every backend (pre; post + RoPE + tanh GELU; random weights; no leaks)', async () => {
    const rng = new Rng(3);
    const cases = [{ norm: 'pre' }, { norm: 'post', rope: { maxLength: 6 }, gelu: 'tanh' }] as const; // 'none' runs in gpt.test.ts
    for (const o of cases) {
      const ref = randomizeParameters(new TransformerBlock(8, 2, 16, { ...o, rng }), rng, 0.4);
      const r = await expectParity({
        reference: ref,
        makeTwin: (tf) => new TfTransformerBlock(tf, 8, 2, 16, { ...o, rng: 0 }),
        inputs: [{ data: randn(rng, 2 * 6 * 8), shape: [2, 6, 8] }],
      });
      expect(r.backends.length).toBeGreaterThanOrEqual(1);
      expect(r.worstRelError).toBeLessThan(1e-5);
    }
  });
});
