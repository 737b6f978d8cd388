/**
 * clipGradNorm (reference, in place) and tfClipGradNorm (tfjs) against PyTorch 1.13's
 * clip_grad_norm_: 2-norm active and inactive, inf-norm, 3-norm with a parameter lacking a gradient.
 */
import { InvalidInputError, InvalidParamError } from '@fpml/core';
import { availableBackends, getTf, setBackend, type Tf } from '@fpml/core/tf';
import { expectNoTensorLeak } from '@fpml/core/testing';
import { Tensor } from '@fpml/level1-math';
import { describe, expect, it } from 'vitest';
import { Linear } from '../layers/linear.js';
import { clipGradNorm, pNorm, tfClipGradNorm } from './clip.js';
import frozen from './__fixtures__/train_torch.json' with { type: 'json' };
import extra from './__fixtures__/train_extra_torch.json' with { type: 'json' };

/** `tf.tidy` for a function returning plain values. */
function run<T>(tf: Tf, f: () => T): T {
  let r!: T;
  tf.tidy(() => {
    r = f();
  });
  return r;
}

interface Arr {
  shape: number[];
  data: number[];
}
interface ClipCase {
  name: string;
  maxNorm: number;
  normType: number | string;
  grads: (Arr | null)[];
  clipped: (Arr | null)[];
  totalNorm: number;
}
const CASES = [...(frozen.clip as ClipCase[]), extra.clip as ClipCase];
const pOf = (c: ClipCase) => (c.normType === 'inf' ? Infinity : Number(c.normType));
const maxAbs = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.max(...Array.from(b, (v, i) => Math.abs(a[i]! - v)));

describe('clipGradNorm (reference)', () => {
  it('matches PyTorch 1.13 (total norm and clipped gradients to 1e-14; untouched parameters stay null)', () => {
    expect(CASES.length).toBe(4);
    for (const c of CASES) {
      const ps = c.grads.map((g, i) => {
        const p = new Tensor(new Float64Array(c.clipped[i]?.data.length ?? (g?.data.length || 4)), g?.shape ?? [4], true);
        p.grad = g ? new Tensor(Float64Array.from(g.data), g.shape) : null;
        return p;
      });
      const n = clipGradNorm(ps, c.maxNorm, { normType: pOf(c) });
      expect(Math.abs(n - c.totalNorm) / c.totalNorm, c.name).toBeLessThan(1e-14);
      ps.forEach((p, i) => {
        if (c.clipped[i] === null) expect(p.grad).toBeNull();
        else expect(maxAbs(p.grad!.data, c.clipped[i]!.data), c.name).toBeLessThan(1e-14);
      });
    }
  });

  it('scales to exactly maxNorm (up to the 1e-6 guard) when active, and returns 0 without gradients', () => {
    const m = new Linear(3, 2, { rng: 0 });
    expect(clipGradNorm(m, 1)).toBe(0);
    m.weight.grad = new Tensor(Float64Array.from([3, 4, 0, 0, 0, 12]), [2, 3]);
    expect(clipGradNorm(m, 1)).toBe(13);
    expect(pNorm(m.weight.grad.data, 2)).toBeCloseTo(1, 6);
  });

  it('rejects bad arguments and a non-finite norm (before touching any gradient)', () => {
    const p = new Tensor(new Float64Array(2), [2], true);
    p.grad = new Tensor(Float64Array.from([1, Number.POSITIVE_INFINITY]), [2]);
    expect(() => clipGradNorm([p], 1)).toThrow(/2-norm of the gradients is Infinity/);
    expect(p.grad.data[0]).toBe(1);
    expect(clipGradNorm([p], 1, { errorIfNonfinite: false })).toBe(Infinity); // PyTorch 1.13's behaviour on request
    expect(() => clipGradNorm([p], -1)).toThrow(InvalidParamError);
    expect(() => clipGradNorm([p], 1, { normType: 0.5 })).toThrow(/normType/);
    expect(() => clipGradNorm([1] as never, 1)).toThrow(InvalidInputError);
  });
});

describe('tfClipGradNorm (tfjs)', () => {
  it('matches PyTorch 1.13 on every backend (lists and name maps), leaking nothing', async () => {
    const first = (await getTf()).backend;
    for (const b of await availableBackends()) {
      const { tf } = await setBackend(b);
      await expectNoTensorLeak(() => {
        for (const c of CASES) {
          const present = c.grads.map((g, i) => [g, c.clipped[i]] as const).filter(([g]) => g !== null) as [Arr, Arr][];
          const { totalNorm, clipped } = run(tf, () => {
            const r = tfClipGradNorm(tf, Object.fromEntries(present.map(([g], i) => [`g${i}`, tf.tensor(g.data, g.shape)])), c.maxNorm, { normType: pOf(c) });
            return { totalNorm: r.totalNorm, clipped: present.map((_, i) => Float64Array.from(r.grads[`g${i}`]!.dataSync())) };
          });
          expect(Math.abs(totalNorm - c.totalNorm) / c.totalNorm, `${c.name} ${b}`).toBeLessThan(1e-6);
          present.forEach(([, want], i) => expect(maxAbs(clipped[i]!, want.data), `${c.name} ${b}`).toBeLessThan(1e-6));
        }
      }, { tf });
    }
    await setBackend(first);
  });

  it('rejects a non-finite norm without leaking, and bad gradients', async () => {
    const { tf } = await getTf();
    const g = [tf.tensor([1, Number.NaN])];
    await expectNoTensorLeak(() => expect(() => tfClipGradNorm(tf, g, 1)).toThrow(/is NaN/), { tf });
    expect(() => tfClipGradNorm(tf, [[1, 2]] as never, 1)).toThrow(/must be a tf.Tensor/);
    expect(tfClipGradNorm(tf, [], 1).totalNorm).toBe(0);
    tf.dispose(g);
  });
});
