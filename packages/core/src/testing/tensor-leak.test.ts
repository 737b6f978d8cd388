import { describe, expect, it } from 'vitest';
import { getTf } from '../tf/resolver.js';
import { expectNoTensorLeak } from './tensor-leak.js';

describe('expectNoTensorLeak', () => {
  it('passes when every tensor is disposed, and returns the result', async () => {
    const { tf } = await getTf();
    const v = await expectNoTensorLeak(async () => {
      const t = tf.tidy(() => tf.add(tf.ones([3]), tf.ones([3])).sum());
      const out = (await t.data())[0];
      t.dispose();
      return out;
    });
    expect(v).toBe(6);
  });

  it('fails, naming the count, when a tensor survives (sync fn)', async () => {
    const { tf } = await getTf();
    let kept: { dispose(): void } | undefined;
    await expect(
      expectNoTensorLeak(() => {
        kept = tf.ones([2]);
      }, { label: 'leaky' }),
    ).rejects.toThrow(/leaky leaked 1 tensor\(s\)/);
    kept?.dispose();
  });

  it('counts returned tensors as leaked', async () => {
    const { tf } = await getTf();
    let out: { dispose(): void } | undefined;
    await expect(
      expectNoTensorLeak(async () => {
        out = tf.scalar(1);
        return out;
      }),
    ).rejects.toThrow(/leaked 1 tensor/);
    out?.dispose();
  });
});
