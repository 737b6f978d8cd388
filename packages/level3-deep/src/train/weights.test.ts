/**
 * safetensors: bytes from the reference writer (Python safetensors 0.8.0, frozen) decode to the
 * right values and our encoder reproduces them byte for byte; save/load round trips within and
 * across paths (reference → file → twin → file → reference); typed errors for corrupt or
 * mismatched files.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidInputError, InvalidParamError } from '@fpml/core';
import { getTf } from '@fpml/core/tf';
import { afterAll, describe, expect, it } from 'vitest';
import { Linear, TfLinear } from '../layers/linear.js';
import { Sequential } from '../nn/sequential.js';
import { StateDictError } from '../nn/state-dict.js';
import { SafetensorsError, decodeSafetensors, encodeSafetensors } from './safetensors.js';
import { loadWeights, saveWeights, weightsFromBytes, weightsToBytes } from './weights.js';
import extra from './__fixtures__/train_extra_torch.json' with { type: 'json' };

const dir = mkdtempSync(join(tmpdir(), 'fpml-weights-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ST = extra.safetensors as { available: boolean; version: string; bytes: number[]; tensors: Record<string, { dtype: string; shape: number[]; data: number[] }> };
const pyBytes = Uint8Array.from(ST.bytes);

describe('safetensors codec', () => {
  it('decodes a file written by Python safetensors 0.8.0 (F64 and F32 tensors, metadata)', () => {
    expect(ST.available).toBe(true);
    const f = decodeSafetensors(pyBytes);
    expect(f.metadata).toEqual({ format: 'pt' });
    expect(Object.keys(f.tensors).sort()).toEqual(Object.keys(ST.tensors).sort());
    for (const [k, t] of Object.entries(ST.tensors)) {
      expect(f.tensors[k]!.dtype).toBe(t.dtype === 'torch.float64' ? 'F64' : 'F32');
      expect(f.tensors[k]!.shape).toEqual(t.shape);
      expect(Array.from(f.tensors[k]!.data)).toEqual(t.data);
    }
  });

  it('encodes the same tensors to the very same bytes as the reference writer (order, padding, offsets)', () => {
    const t = Object.fromEntries(Object.entries(ST.tensors).map(([k, e]) => [k, { dtype: (e.dtype === 'torch.float64' ? 'F64' : 'F32') as 'F64' | 'F32', shape: e.shape, data: e.data }]));
    expect(encodeSafetensors(t, { format: 'pt' })).toEqual(pyBytes);
  });

  it('reads F16, BF16, I64 and BOOL, and round-trips F64 exactly', () => {
    const hdr = (h: object, data: number[]) => {
      const json = new TextEncoder().encode(JSON.stringify(h));
      const out = new Uint8Array(8 + json.length + data.length);
      new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
      out.set(json, 8);
      out.set(data, 8 + json.length);
      return out;
    };
    // F16 0x3c00 = 1, 0xc000 = -2; BF16 0x3f80 = 1; I64 = 7; BOOL 1
    const b = hdr({ h: { dtype: 'F16', shape: [2], data_offsets: [0, 4] }, bf: { dtype: 'BF16', shape: [1], data_offsets: [4, 6] }, i: { dtype: 'I64', shape: [1], data_offsets: [6, 14] }, z: { dtype: 'BOOL', shape: [1], data_offsets: [14, 15] } },
      [0x00, 0x3c, 0x00, 0xc0, 0x80, 0x3f, 7, 0, 0, 0, 0, 0, 0, 0, 1]);
    const f = decodeSafetensors(b);
    expect(Array.from(f.tensors['h']!.data)).toEqual([1, -2]);
    expect(f.tensors['bf']!.data[0]).toBe(1);
    expect(f.tensors['i']!.data[0]).toBe(7);
    expect(f.tensors['z']!.data[0]).toBe(1);
    expect(f.metadata).toBeNull();
    const x = { a: { dtype: 'F64' as const, shape: [3], data: [Math.PI, -1e-300, 5e307] }, s: { dtype: 'F64' as const, shape: [], data: [2] } };
    const r = decodeSafetensors(encodeSafetensors(x));
    expect(Array.from(r.tensors['a']!.data)).toEqual(x.a.data);
    expect(r.tensors['s']!.shape).toEqual([]);
  });

  it('throws SafetensorsError naming the defect of a corrupt file', () => {
    const good = encodeSafetensors({ w: { dtype: 'F32', shape: [2, 2], data: [1, 2, 3, 4] } });
    const N = Number(new DataView(good.buffer).getBigUint64(0, true));
    const patch = (f: (b: Uint8Array) => void) => {
      const b = good.slice();
      f(b);
      return b;
    };
    const withHeader = (h: string, dataBytes = 16) => {
      const j = new TextEncoder().encode(h);
      const b = new Uint8Array(8 + j.length + dataBytes);
      new DataView(b.buffer).setBigUint64(0, BigInt(j.length), true);
      b.set(j, 8);
      return b;
    };
    const cases: [Uint8Array, RegExp][] = [
      [good.subarray(0, 5), /too short/],
      [patch((b) => new DataView(b.buffer).setBigUint64(0, 1n << 40n, true)), /exceeds/],
      [patch((b) => new DataView(b.buffer).setBigUint64(0, BigInt(good.length), true)), /runs past the end/],
      [patch((b) => (b[8] = 0x5b)), /not a UTF-8 JSON object/],
      [good.subarray(0, good.length - 4), /cover 16 bytes but the data block holds 12/],
      [withHeader('{"w":{"dtype":"F33","shape":[4],"data_offsets":[0,16]}}'), /dtype "F33"/],
      [withHeader('{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,16]}}'), /needs 12/],
      [withHeader('{"w":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}}', 16), /hole/],
      [withHeader('{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[3],"data_offsets":[4,16]}}'), /overlap/],
      [withHeader('{"w":{"dtype":"F32","shape":[-4],"data_offsets":[0,16]}}'), /shape/],
      [withHeader('{"__metadata__":{"a":1},"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}'), /__metadata__/],
    ];
    expect(N % 8).toBe(0);
    for (const [b, re] of cases) expect(() => decodeSafetensors(b, 'f.safetensors'), String(re)).toThrow(re);
    for (const [b] of cases) expect(() => decodeSafetensors(b)).toThrow(SafetensorsError);
    expect(() => encodeSafetensors({ w: { dtype: 'F16' as never, shape: [1], data: [1] } })).toThrow(InvalidParamError);
    expect(() => encodeSafetensors({ w: { dtype: 'F32', shape: [2], data: [1] } })).toThrow(/2 values/);
    expect(() => encodeSafetensors({ w: { dtype: 'F32', shape: [1], data: [Number.NaN] } })).toThrow(InvalidInputError);
  });
});

describe('saveWeights / loadWeights', () => {
  it('reference → F64 file → reference is exact (nested keys, PyTorch order)', () => {
    const ref = new Sequential(new Linear(4, 3, { rng: 1 }), new Linear(3, 2, { rng: 2, bias: false }));
    const p64 = join(dir, 'ref.safetensors');
    saveWeights(ref, p64);
    const back = loadWeights(new Sequential(new Linear(4, 3, { rng: 8 }), new Linear(3, 2, { rng: 9, bias: false })), p64);
    expect(back.stateDict()).toEqual(ref.stateDict());
    expect(decodeSafetensors(weightsToBytes(ref)).metadata).toEqual({ format: 'pt', 'fpml.module': 'Sequential' });
  });

  it('crosses paths: Linear → file → TfLinear → file → Linear', async () => {
    const { tf } = await getTf();
    const ref = new Linear(6, 4, { rng: 3 });
    const p = join(dir, 'linear.safetensors');
    saveWeights(ref, p);
    const twin = loadWeights(new TfLinear(tf, 6, 4, { rng: 0 }), p);
    const want = ref.stateDict();
    for (const [k, e] of Object.entries(twin.stateDict())) expect(e.data).toEqual(Float64Array.from(Float32Array.from(want[k]!.data)));
    const p32 = join(dir, 'twin.safetensors');
    saveWeights(twin, p32);
    expect(decodeSafetensors(weightsToBytes(twin)).tensors['weight']!.dtype).toBe('F32');
    const again = loadWeights(new Linear(6, 4, { rng: 1 }), p32);
    expect(again.stateDict()).toEqual(twin.stateDict());
    twin.dispose();
  });

  it('mismatched or corrupt files are typed errors and leave the module unchanged', () => {
    const ref = new Linear(3, 2, { rng: 0 });
    const bytes = weightsToBytes(ref);
    const other = new Linear(3, 5, { rng: 1 });
    const before = other.stateDict();
    expect(() => weightsFromBytes(other, bytes)).toThrow(StateDictError);
    try {
      weightsFromBytes(other, bytes);
    } catch (e) {
      expect((e as StateDictError).mismatched.map((m) => m.key)).toEqual(['weight', 'bias']);
    }
    expect(other.stateDict()).toEqual(before);
    expect(() => weightsFromBytes(new Linear(3, 2, { rng: 0, bias: false }), bytes)).toThrow(/unexpected keys: bias/);
    expect(() => weightsFromBytes(new Sequential(new Linear(3, 2, { rng: 0 })), bytes)).toThrow(/weights of Linear, not of Sequential/);
    const bad = join(dir, 'bad.safetensors');
    writeFileSync(bad, bytes.subarray(0, bytes.length - 1));
    expect(() => loadWeights(ref, bad)).toThrow(SafetensorsError);
    expect(() => loadWeights(ref, bad)).toThrow(/bad\.safetensors/);
    expect(() => loadWeights(ref, join(dir, 'missing.safetensors'))).toThrow(/cannot read/);
    expect(() => saveWeights(ref, '')).toThrow(InvalidParamError);
    expect(() => saveWeights({} as never, join(dir, 'x'))).toThrow(/must be a Module or a TfModule/);
  });
});
