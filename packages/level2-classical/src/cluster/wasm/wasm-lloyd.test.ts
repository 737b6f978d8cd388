/**
 * The WebAssembly Lloyd step: its bytes match lloyd.wat, it loads here, and it gives exactly the
 * bits of the JS path (and of a naive reference: left-to-right dot products, first minimum) on
 * random shapes, weights and exact ties; interleaved kernels and memory release.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '@fpml/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assembleWat } from '../../../../core/scripts/assemble-wat.mjs';
import { LloydWorkspace, lloydStep } from '../kmeans-lloyd.js';
import { LLOYD_WASM_BASE64 } from './lloyd-bytes.js';
import { compileLloyd, decodeBase64, LloydKernel, RETAIN_BYTES, wasmLloydAvailable, wasmLloydMemoryBytes } from './wasm-lloyd.js';

const here = dirname(fileURLToPath(import.meta.url));
const same = (a: ArrayLike<number>, b: ArrayLike<number>): boolean => a.length === b.length && Array.from(a).every((v, i) => Object.is(v, b[i]));

/** Naive reference: labels and weighted sums with dot products summed left to right from +0. */
function reference(X: Float64Array, n: number, d: number, w: Float64Array, C: Float64Array, k: number) {
  const labels = new Int32Array(n), sums = new Float64Array(k * d), weights = new Float64Array(k);
  const norms = Array.from({ length: k }, (_, j) => {
    let s = 0;
    for (let p = 0; p < d; p++) s += C[j * d + p]! * C[j * d + p]!;
    return s;
  });
  for (let i = 0; i < n; i++) {
    let best = Infinity, label = -1;
    for (let j = 0; j < k; j++) {
      let dot = 0;
      for (let p = 0; p < d; p++) dot += X[i * d + p]! * C[j * d + p]!;
      const v = norms[j]! - 2 * dot;
      if (label < 0 || v < best) [best, label] = [v, j];
    }
    labels[i] = label;
    weights[label]! += w[i]!;
    for (let p = 0; p < d; p++) sums[label * d + p]! += X[i * d + p]! * w[i]!;
  }
  return { labels, sums, weights };
}

describe('wasm Lloyd module', () => {
  it('the committed bytes are lloyd.wat assembled by wabt (run build-lloyd-wasm.mjs after editing the .wat)', async () => {
    const bytes = await assembleWat(join(here, 'lloyd.wat'));
    expect(Buffer.from(bytes).toString('base64')).toBe(LLOYD_WASM_BASE64);
  });

  it('decodes base64 like Buffer does', () => {
    for (const s of ['', 'QQ==', 'QUI=', 'QUJD', LLOYD_WASM_BASE64]) {
      expect(Array.from(decodeBase64(s))).toEqual(Array.from(Buffer.from(s, 'base64')));
    }
    expect(() => decodeBase64('QU*D')).toThrow('invalid character at 2');
  });

  it('loads in this Node (WebAssembly SIMD), so the tests below exercise it', () => {
    expect(wasmLloydAvailable()).toBe(true);
  });

  it('compileLloyd returns null, never throws, without WebAssembly or for bytes the engine rejects', () => {
    const bytes = decodeBase64(LLOYD_WASM_BASE64);
    expect(compileLloyd(bytes)).not.toBeNull();
    expect(compileLloyd(bytes, null)).toBeNull();
    expect(compileLloyd(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0xff]))).toBeNull();
    const throwing = { validate: () => true, Module: class { constructor() { throw new Error('no SIMD'); } }, Instance: class {} };
    expect(compileLloyd(bytes, throwing as never)).toBeNull();
  });

  it('open refuses empty dimensions (the JS path handles them)', () => {
    const X = new Float64Array(6);
    expect(LloydKernel.open(X, 0, 3, X, 1)).toBeNull();
    expect(LloydKernel.open(X, 2, 0, X, 1)).toBeNull();
    expect(LloydKernel.open(X, 2, 3, X, 0)).toBeNull();
  });
});

describe('wasm Lloyd step: same bits as the JS path and the naive reference', () => {
  // Shapes cover every row-group remainder (n mod 4), odd and even d (the update's pairs and
  // tail) and every k mod 4 (groups of 4, the group of 2, a padded center). Integer-valued data
  // (`ties`) make exact ties between centers common, so the first-minimum rule is exercised.
  it('random shapes, weights and ties (fast-check, seed printed on failure)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 41 }), fc.integer({ min: 1, max: 19 }), fc.integer({ min: 1, max: 13 }), fc.boolean(), fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (n, d, kMax, ties, seed) => {
          const k = Math.min(kMax, n);
          const rng = new Rng(seed);
          const draw = () => (ties ? rng.int(3) - 1 : rng.normal(0, 1));
          const X = Float64Array.from({ length: n * d }, draw);
          const C = Float64Array.from({ length: k * d }, draw);
          const w = Float64Array.from({ length: n }, () => (ties ? 1 : rng.uniform(0.1, 3)));
          const ref = reference(X, n, d, w, C, k);
          const out = (wasm: boolean) => {
            const ws = new LloydWorkspace(k, { wasm });
            const labels = new Int32Array(n), Cn = new Float64Array(k * d);
            lloydStep(X, n, d, w, C, k, labels, ws, null);
            const assignOnly = labels.slice();
            lloydStep(X, n, d, w, C, k, labels, ws, Cn);
            ws.release();
            return { assignOnly, labels, Cn, weights: ws.weightInClusters.slice(), shift: ws.centerShift.slice() };
          };
          const a = out(true), b = out(false);
          expect(same(a.assignOnly, ref.labels)).toBe(true);
          expect(same(a.labels, ref.labels)).toBe(true);
          expect(same(b.labels, ref.labels)).toBe(true);
          expect(same(a.Cn, b.Cn)).toBe(true);
          expect(same(a.weights, b.weights)).toBe(true);
          expect(same(a.shift, b.shift)).toBe(true);
          // without empty clusters the means are the reference sums times the reciprocal weight
          if (ref.weights.every((v) => v > 0)) {
            const means = ref.sums.map((s, i) => s * (1 / ref.weights[Math.floor(i / d)]!));
            expect(same(a.Cn, means)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the kernel itself: sums and weights equal the reference (no relocation involved)', () => {
    const rng = new Rng(3);
    const n = 203, d = 13, k = 7;
    const X = Float64Array.from({ length: n * d }, () => rng.normal(0, 1));
    const C = X.slice(0, k * d);
    const w = Float64Array.from({ length: n }, () => rng.uniform(0, 2));
    const ref = reference(X, n, d, w, C, k);
    const norms = new Float64Array(k).map((_, j) => C.subarray(j * d, j * d + d).reduce((s, v) => s + v * v, 0));
    const kernel = LloydKernel.open(X, n, d, w, k);
    if (kernel === null) throw new Error('the wasm kernel should open here');
    const labels = new Int32Array(n), sums = new Float64Array(k * d), weights = new Float64Array(k);
    expect(kernel.step(C, norms, labels, sums, weights)).toBe(true);
    kernel.close();
    expect(same(labels, ref.labels)).toBe(true);
    expect(same(sums, ref.sums)).toBe(true);
    expect(same(weights, ref.weights)).toBe(true);
  });

  it('two runs interleaved step by step: each kernel reloads its own X', () => {
    const rng = new Rng(11);
    const mk = (n: number, d: number) => Float64Array.from({ length: n * d }, () => rng.normal(0, 1));
    const [n1, d1, n2, d2, k] = [57, 6, 90, 11, 5];
    const X1 = mk(n1, d1), X2 = mk(n2, d2), w1 = new Float64Array(n1).fill(1), w2 = new Float64Array(n2).fill(2);
    const ws1 = new LloydWorkspace(k), ws2 = new LloydWorkspace(k);
    const C1 = X1.slice(0, k * d1), C2 = X2.slice(0, k * d2);
    const l1 = new Int32Array(n1), l2 = new Int32Array(n2);
    for (let t = 0; t < 3; t++) {
      lloydStep(X1, n1, d1, w1, C1, k, l1, ws1, null);
      expect(same(l1, reference(X1, n1, d1, w1, C1, k).labels)).toBe(true);
      lloydStep(X2, n2, d2, w2, C2, k, l2, ws2, null);
      expect(same(l2, reference(X2, n2, d2, w2, C2, k).labels)).toBe(true);
    }
    ws1.release();
    ws2.release();
  });

  it(`a memory grown past ${RETAIN_BYTES / 2 ** 20} MiB is released at close; a small one is kept for the next run`, () => {
    const k = 2, d = 4;
    const small = new Float64Array(100 * d).map((_, i) => i % 7);
    const ws = new LloydWorkspace(k);
    lloydStep(small, 100, d, new Float64Array(100).fill(1), small.slice(0, k * d), k, new Int32Array(100), ws, null);
    ws.release();
    const kept = wasmLloydMemoryBytes();
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(RETAIN_BYTES);
    const n = Math.ceil(RETAIN_BYTES / (8 * d)) + 1000; // X alone exceeds the retained size
    const big = new Float64Array(n * d);
    for (let i = 0; i < n; i++) big[i * d] = i % 3;
    const labels = new Int32Array(n);
    const wsBig = new LloydWorkspace(k);
    lloydStep(big, n, d, new Float64Array(0), Float64Array.from([0, 0, 0, 0, 2, 0, 0, 0]), k, labels, wsBig, null);
    expect(wasmLloydMemoryBytes()).toBeGreaterThan(RETAIN_BYTES);
    // first coordinate 0, 1, 2 against centers 0 and 2: 1 is a tie (‖c‖² − 2x·c = 0 for both), won by center 0
    for (const i of [0, 1, 2, 3, 4, 5, n - 3, n - 2, n - 1]) expect(labels[i]).toBe(i % 3 === 2 ? 1 : 0);
    wsBig.release();
    expect(wasmLloydMemoryBytes()).toBe(0);
  });
});
