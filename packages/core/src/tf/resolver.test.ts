import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { realpathSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';

type ResolverModule = typeof import('./resolver.js');
type BackendsModule = typeof import('./backends.js');

/** A fresh resolver (its cache empty) with FPML_BACKEND set as given; tfjs itself stays loaded. */
async function freshResolver(fpmlBackend: string | undefined): Promise<ResolverModule & { backends: BackendsModule }> {
  vi.resetModules();
  if (fpmlBackend === undefined) delete process.env['FPML_BACKEND'];
  else process.env['FPML_BACKEND'] = fpmlBackend;
  const backends = await import('./backends.js');
  return { ...(await import('./resolver.js')), backends };
}

const saved = process.env['FPML_BACKEND'];
afterEach(() => {
  vi.restoreAllMocks();
  if (saved === undefined) delete process.env['FPML_BACKEND'];
  else process.env['FPML_BACKEND'] = saved;
});

describe('tf backend resolver', () => {
  it('picks native TensorFlow (tfjs-node) on this machine', async () => {
    const r = await freshResolver(undefined);
    const h = await r.getTf();
    const why = h.attempts.map((a) => `${a.backend}: ${a.reason}`).join('; ');
    expect(
      h.backend,
      `native TensorFlow did not load (${why}). Run \`pnpm install\` (its postinstall links it) or ` +
        '`node scripts/setup-native-tf.mjs` from the repo root, and read its one-line message.',
    ).toBe('tensorflow');
    expect(h.tf.getBackend()).toBe('tensorflow');
    const info = await r.backendInfo();
    expect(info).toMatchObject({ name: 'tensorflow', reason: 'first that loaded', skipped: [] });
    expect(info.detail).toMatch(/^TensorFlow \d+\.\d+\.\d+ \(tfjs-node \d+\.\d+\.\d+, oneDNN (on|off)\)$/);
    // oneDNN is on unless the caller switched it off before the first load (loadTensorflow defaults it to 1).
    expect(info.detail.endsWith(process.env['TF_ENABLE_ONEDNN_OPTS'] === '0' ? 'oneDNN off)' : 'oneDNN on)')).toBe(true);
    expect(info.tfjsVersion).toBe(h.tf.version.tfjs);
    expect(h.tf.matMul(h.tf.tensor2d([[1, 2]]), h.tf.tensor2d([[3], [4]])).dataSync()[0]).toBe(11);
  });

  it('shares ONE tfjs-core between tfjs, tfjs-node and tfjs-backend-wasm', async () => {
    const r = await freshResolver(undefined);
    const { tf } = await r.getTf();
    const req = createRequire(import.meta.url);
    const core = (from: string) =>
      realpathSync(createRequire(realpathSync(req.resolve(`${from}/package.json`))).resolve('@tensorflow/tfjs-core'));
    const ours = core('@tensorflow/tfjs');
    expect(core('@tensorflow/tfjs-node')).toBe(ours);
    expect(core('@tensorflow/tfjs-backend-wasm')).toBe(ours);
    const node = req('@tensorflow/tfjs-node') as { tensor: (v: number[]) => unknown };
    const t = node.tensor([1, 2]);
    expect(t).toBeInstanceOf(tf.Tensor);
    expect(dirname(ours)).toContain('tfjs-core');
  });

  it('honours FPML_BACKEND=wasm and FPML_BACKEND=cpu', async () => {
    for (const name of ['wasm', 'cpu'] as const) {
      const r = await freshResolver(name);
      const h = await r.getTf();
      expect(h.backend).toBe(name);
      expect(h.tf.getBackend()).toBe(name);
      expect(h.reason).toBe(`FPML_BACKEND=${name}`);
      expect(h.attempts.map((a) => a.backend)).toEqual([name]);
    }
  });

  it('rejects an unknown FPML_BACKEND, listing the valid ones', async () => {
    const r = await freshResolver('gpu');
    const err = await r.getTf().catch((e: unknown) => e);
    expect((err as Error).name).toBe('InvalidParamError'); // a fresh module copy: compare by name
    expect(String(err)).toMatch(/FPML_BACKEND must be one of 'tensorflow', 'wasm', 'cpu', got "gpu"/);
  });

  it('fails loudly (no silent fallback) when the forced backend cannot load', async () => {
    const r = await freshResolver('tensorflow');
    vi.spyOn(r.backends.LOADERS, 'tensorflow').mockRejectedValue(new r.backends.BackendLoadError('simulated: no addon'));
    const err = await r.getTf().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(r.BackendLoadError);
    expect(String(err)).toMatch(/backend 'tensorflow' \(forced by FPML_BACKEND=tensorflow\) cannot load: simulated: no addon; run `node scripts\/setup-native-tf.mjs`/);
  });

  it('falls back to wasm and reports why tensorflow was skipped', async () => {
    const r = await freshResolver(undefined);
    vi.spyOn(r.backends.LOADERS, 'tensorflow').mockRejectedValue(new r.backends.BackendLoadError('simulated: no addon'));
    const h = await r.getTf();
    expect(h.backend).toBe('wasm');
    const info = await r.backendInfo();
    expect(info.skipped).toEqual([{ backend: 'tensorflow', reason: 'simulated: no addon' }]);
    expect(info.detail).toMatch(/^tfjs-backend-wasm \d+\.\d+\.\d+, (SIMD|no SIMD), \d+ thread\(s\)$/);
  });

  it('setBackend switches and validates its argument', async () => {
    const r = await freshResolver(undefined);
    const h = await r.setBackend('cpu');
    expect(h.tf.getBackend()).toBe('cpu');
    expect((await r.backendInfo()).name).toBe('cpu');
    await expect(r.setBackend('metal' as never)).rejects.toThrow(/param name must be one of 'tensorflow', 'wasm', 'cpu', got "metal"/);
    expect(await r.availableBackends()).toEqual(['tensorflow', 'wasm', 'cpu']);
    expect(h.tf.getBackend()).toBe('cpu');
  });
});
