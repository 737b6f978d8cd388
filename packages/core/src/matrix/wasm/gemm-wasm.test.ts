import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assembleWat } from '../../../scripts/assemble-wat.mjs';
import { Rng } from '../../rng/rng.js';
import { gemm, gemmBackendFor, WASM_MIN_DEPTH, WASM_MIN_WORK } from '../gemm.js';
import { gemmJs, KC, NC, type GemmOperands } from '../gemm-kernel.js';
import { matmul, matmulTransA, matmulTransB, withResidentOperand } from '../matmul.js';
import { Matrix } from '../matrix.js';
import { GEMM_WASM_BASE64 } from './gemm-bytes.js';
import { compileGemm, decodeBase64, gemmWasm, RETAIN_BYTES, wasmGemmAvailable, wasmGemmMemoryBytes } from './wasm-gemm.js';

const EPS = Number.EPSILON / 2; // unit roundoff u = 2^-53
const ETA = 2 ** -1074; // smallest subnormal: the absolute error of an underflowing product or sum

type Op = 'NN' | 'TN' | 'NT';

/** Row-major buffers for op(A) (n, k), op(B) (k, m) with the given transposes, and their strides. */
function operands(op: Op, n: number, k: number, m: number, fill: (t: number) => number): { ops: GemmOperands; a: (i: number, p: number) => number; b: (p: number, j: number) => number } {
  const A = new Float64Array(n * k).map((_, t) => fill(t));
  const B = new Float64Array(k * m).map((_, t) => fill(t + n * k));
  const aRow = op === 'TN' ? 1 : k, aCol = op === 'TN' ? n : 1;
  const bRow = op === 'NT' ? 1 : m, bCol = op === 'NT' ? k : 1;
  return {
    ops: { A, aRow, aCol, B, bRow, bCol },
    a: (i, p) => A[i * aRow + p * aCol]!,
    b: (p, j) => B[p * bRow + j * bCol]!,
  };
}

/** (s, e) with s + e = a + b exactly (Knuth's TwoSum). */
function twoSum(a: number, b: number): [number, number] {
  const s = a + b, z = s - a;
  return [s, (a - (s - z)) + (b - z)];
}
/** (p, e) with p + e = a·b exactly, barring underflow (Dekker's TwoProduct, Veltkamp split). */
function twoProd(a: number, b: number): [number, number] {
  const p = a * b;
  const ca = 134217729 * a, ah = ca - (ca - a), al = a - ah;
  const cb = 134217729 * b, bh = cb - (cb - b), bl = b - bh;
  return [p, ((ah * bh - p) + ah * bl + al * bh) + al * bl];
}

/**
 * Reference values for C: `exact` is Ogita–Rump–Oishi Dot2 (as if summed in twice the working
 * precision, then rounded), `abs` = Σ_p |a_ip b_pj|, `seq` the plain left-to-right float64 sum.
 */
function reference(n: number, k: number, m: number, a: (i: number, p: number) => number, b: (p: number, j: number) => number) {
  const exact = new Float64Array(n * m), abs = new Float64Array(n * m), seq = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0, c = 0, t = 0, q = 0;
      for (let p = 0; p < k; p++) {
        const [x, ex] = twoProd(a(i, p), b(p, j));
        const [y, ey] = twoSum(s, x);
        s = y;
        c += ex + ey;
        t += Math.abs(x);
        q += x;
      }
      exact[i * m + j] = s + c;
      abs[i * m + j] = t;
      seq[i * m + j] = q;
    }
  }
  return { exact, abs, seq };
}

/** |C − C_exact| ≤ γ_k Σ|a b| (+ k η for underflow), γ_k = k u / (1 − k u) (Higham, Thm 3.5). */
function expectWithinGamma(C: Float64Array, ref: ReturnType<typeof reference>, k: number): void {
  const gamma = (k * EPS) / (1 - k * EPS);
  let worst = 0, at = -1;
  for (let q = 0; q < C.length; q++) {
    const bound = gamma * ref.abs[q]! * (1 + 2 * k * EPS) + 2 * (k + 1) * ETA;
    const r = Math.abs(C[q]! - ref.exact[q]!) / bound;
    if (!(r <= worst)) { worst = r; at = q; }
  }
  expect(worst, `entry ${at}: got ${C[at]}, exact ${ref.exact[at]}`).toBeLessThanOrEqual(1);
}

function wasmProduct(ops: GemmOperands, n: number, k: number, m: number): Float64Array {
  const C = gemmWasm(ops, n, k, m);
  if (C === null) throw new Error('wasm gemm unavailable');
  return C;
}

function jsProduct(ops: GemmOperands, n: number, k: number, m: number): Float64Array {
  const C = new Float64Array(n * m);
  gemmJs(ops, C, n, k, m);
  return C;
}

const here = dirname(fileURLToPath(import.meta.url));

describe('wasm gemm module', () => {
  it('the committed bytes are gemm.wat assembled by wabt (run build:wasm after editing the .wat)', async () => {
    const bytes = await assembleWat(join(here, 'gemm.wat'));
    expect(Buffer.from(bytes).toString('base64')).toBe(GEMM_WASM_BASE64);
  });

  it('decodes base64 like Buffer does', () => {
    for (const s of ['', 'QQ==', 'QUI=', 'QUJD', GEMM_WASM_BASE64]) {
      expect(Array.from(decodeBase64(s))).toEqual(Array.from(Buffer.from(s, 'base64')));
    }
    expect(() => decodeBase64('QU*D')).toThrow('invalid character at 2');
  });

  it('loads in this Node (WebAssembly SIMD), so the tests below exercise it', () => {
    expect(wasmGemmAvailable()).toBe(true);
  });

  it('compileGemm returns null, never throws, without WebAssembly or for bytes the engine rejects', () => {
    const bytes = decodeBase64(GEMM_WASM_BASE64);
    expect(compileGemm(bytes)).not.toBeNull();
    expect(compileGemm(bytes, null)).toBeNull();
    expect(compileGemm(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0xff]))).toBeNull();
    const throwing = { validate: () => true, Module: class { constructor() { throw new Error('no SIMD'); } }, Instance: class {} };
    expect(compileGemm(bytes, throwing as never)).toBeNull();
  });
});

describe('wasm gemm: accuracy and IEEE behaviour', () => {
  const dim = fc.integer({ min: 0, max: 37 });
  it.each<Op>(['NN', 'TN', 'NT'])('%s: random shapes (0..37) are the left-to-right sum, within γ_k|A||B| of exact', (op) => {
    fc.assert(
      fc.property(dim, dim, dim, fc.nat(), (n, k, m, seed) => {
        const rng = new Rng(seed);
        const { ops, a, b } = operands(op, n, k, m, () => rng.normal());
        const C = wasmProduct(ops, n, k, m);
        const ref = reference(n, k, m, a, b);
        expect(C).toEqual(ref.seq); // fixed summation order: bit for bit
        expectWithinGamma(C, ref, k);
      }),
      { numRuns: 50 },
    );
  });

  it.each<[Op, number, number, number]>([
    ['NN', 131, 261, 9], // crosses the MC = 128 row block and KC = 256 depth slab, ragged
    ['TN', 131, 261, 9],
    ['NT', 131, 261, 9],
    ['NN', 5, 7, 2053], // crosses the NC = 2048 column block
    ['NT', 6, 3, 2051],
    ['NN', 1, 600, 1],
    ['TN', 600, 1, 3],
    ['NN', 2, 513, 5],
  ])('%s n=%i k=%i m=%i: block edges and thin shapes', (op, n, k, m) => {
    const rng = new Rng(n * 7 + k * 3 + m);
    const { ops, a, b } = operands(op, n, k, m, () => rng.uniform(-1, 1));
    const C = wasmProduct(ops, n, k, m);
    const ref = reference(n, k, m, a, b);
    expect(C).toEqual(ref.seq);
    expectWithinGamma(C, ref, k);
  });

  it('empty shapes and k = 0 give the empty or zero product', () => {
    expect(wasmProduct(operands('NN', 0, 5, 3, () => 1).ops, 0, 5, 3)).toEqual(new Float64Array(0));
    expect(wasmProduct(operands('NN', 3, 5, 0, () => 1).ops, 3, 5, 0)).toEqual(new Float64Array(0));
    const Z = wasmProduct(operands('NN', 3, 0, 4, () => 1).ops, 3, 0, 4);
    expect(Array.from(Z)).toEqual(new Array(12).fill(0));
    expect(Object.is(Z[0], 0)).toBe(true);
    expect(matmul(new Matrix(0, 3), new Matrix(3, 2)).shape).toEqual([0, 2]);
  });

  it('adversarial values: cancellation, wide exponents, huge k with tiny terms', () => {
    const rng = new Rng(11);
    const cases: Array<[number, number, number, (t: number) => number]> = [
      [9, 300, 7, (t) => (t % 2 ? 1 : -1) * (1 + 1e-10 * rng.normal())], // near-total cancellation
      [8, 64, 8, () => rng.normal() * 2 ** Math.round(rng.uniform(-400, 400))], // exponents over 800 binades
      [4, 2000, 4, () => rng.uniform(-1, 1) * 1e-140], // products near the subnormal range
      [6, 50, 6, (t) => (t % 7 === 0 ? 1e150 : rng.normal())], // a few dominant terms
    ];
    for (const [n, k, m, fill] of cases) {
      for (const op of ['NN', 'TN', 'NT'] as const) {
        const { ops, a, b } = operands(op, n, k, m, fill);
        const C = wasmProduct(ops, n, k, m);
        const ref = reference(n, k, m, a, b);
        expect(C).toEqual(ref.seq);
        expectWithinGamma(C, ref, k);
      }
    }
  });

  it('subnormal operands and products are kept (no flush to zero)', () => {
    const rng = new Rng(5);
    // normal × normal products that underflow into the subnormal range (|a b| ≈ 1e-323..1e-321)
    const { ops, a, b } = operands('NN', 5, 40, 6, () => rng.uniform(1, 10) * 1e-162);
    const C = wasmProduct(ops, 5, 40, 6);
    const ref = reference(5, 40, 6, a, b);
    expect(C).toEqual(ref.seq);
    expectWithinGamma(C, ref, 40);
    expect(C.every((v) => v > 0 && v < 2.2250738585072014e-308)).toBe(true);
    // subnormal × small integer is exact: C must be exactly (Σ_p i_p j_p) · 2^-1074
    const n = 4, k = 9, m = 5;
    const ia = Array.from({ length: n * k }, (_, t) => (t * 7) % 13), ib = Array.from({ length: k * m }, (_, t) => 1 + (t % 4));
    const S = wasmProduct({ A: Float64Array.from(ia, (v) => v * ETA), aRow: k, aCol: 1, B: Float64Array.from(ib), bRow: m, bCol: 1 }, n, k, m);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += ia[i * k + p]! * ib[p * m + j]!;
        expect(S[i * m + j]).toBe(s * ETA);
      }
    }
  });

  it('NaN and ±Inf propagate as IEEE arithmetic does, in both kernels', () => {
    const special = [NaN, Infinity, -Infinity, 0];
    for (const op of ['NN', 'TN', 'NT'] as const) {
      const rng = new Rng(op.charCodeAt(0));
      const { ops, a, b } = operands(op, 9, 13, 11, (t) => (t % 17 === 3 ? special[(t >> 2) % 4]! : rng.normal()));
      const ref = reference(9, 13, 11, a, b);
      const W = wasmProduct(ops, 9, 13, 11), J = jsProduct(ops, 9, 13, 11);
      expect(W).toEqual(ref.seq); // toEqual treats NaN as equal to NaN
      const kind = (v: number) => (Number.isNaN(v) ? 'nan' : v === Infinity ? '+inf' : v === -Infinity ? '-inf' : 'finite');
      expect(Array.from(W, kind)).toEqual(Array.from(J, kind));
      expect(W.some(Number.isNaN) && W.some((v) => v === Infinity) && W.some((v) => v === -Infinity)).toBe(true);
    }
    // 0·Inf = NaN, Inf − Inf = NaN, and NaN is never hidden by a zero partner
    const C = matmul([[0, 1, 1, 1, 1], [1, 1, 1, 1, 1], [NaN, 0, 0, 0, 0], [1, 0, 0, 0, 0]], [[Infinity, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1]]);
    expect(Number.isNaN(C.get(0, 0))).toBe(true);
    expect(C.get(1, 0)).toBe(Infinity);
    expect(Number.isNaN(C.get(2, 3))).toBe(true);
    expect(C.get(3, 1)).toBe(1);
    const D = matmul([[1, 1, 1, 1]], [[Infinity, 1, 1, 1], [-Infinity, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1]]);
    expect(Number.isNaN(D.get(0, 0))).toBe(true);
  });
});

describe('wasm gemm: memory and reproducibility', () => {
  it('repeats bit for bit, before and after other products, and does not grow memory across calls', () => {
    const rng = new Rng(3);
    const { ops } = operands('NN', 300, 200, 100, () => rng.normal());
    const first = wasmProduct(ops, 300, 200, 100);
    const bytes = wasmGemmMemoryBytes();
    for (let r = 0; r < 5; r++) {
      const other = operands('TN', 40 + r, 50, 30, () => rng.normal());
      wasmProduct(other.ops, 40 + r, 50, 30);
      expect(wasmProduct(ops, 300, 200, 100)).toEqual(first);
    }
    expect(wasmGemmMemoryBytes()).toBe(bytes);
  });

  it('a 31 MB operand fits (the W1 shapes, 5000×784 · 784×60 and its transpose) and matches the JS kernel', () => {
    const rng = new Rng(1);
    const X = new Float64Array(5000 * 784).map(() => rng.uniform(0, 1));
    const Q = new Float64Array(784 * 60).map(() => rng.normal());
    const Y = new Float64Array(5000 * 60).map(() => rng.normal());
    const cases: Array<[GemmOperands, number, number, number]> = [
      [{ A: X, aRow: 784, aCol: 1, B: Q, bRow: 60, bCol: 1 }, 5000, 784, 60], // X Q
      [{ A: X, aRow: 1, aCol: 784, B: Y, bRow: 60, bCol: 1 }, 784, 5000, 60], // Xᵀ Y
    ];
    for (const [ops, n, k, m] of cases) {
      const W = wasmProduct(ops, n, k, m), J = jsProduct(ops, n, k, m);
      const absOps = { ...ops, A: ops.A.map(Math.abs), B: ops.B.map(Math.abs) };
      const abs = jsProduct(absOps, n, k, m); // Σ|a||b| (to within a factor 1 + γ_k)
      const gamma = (k * EPS) / (1 - k * EPS);
      let worst = 0;
      for (let q = 0; q < W.length; q++) worst = Math.max(worst, Math.abs(W[q]! - J[q]!) / (2 * gamma * abs[q]! * (1 + gamma)));
      expect(worst).toBeLessThanOrEqual(1);
      const a = (i: number, p: number) => ops.A[i * ops.aRow + p * ops.aCol]!, b = (p: number, j: number) => ops.B[p * ops.bRow + j * ops.bCol]!;
      for (let t = 0; t < 40; t++) { // exact check on sampled entries
        const i = (t * 7919) % n, j = (t * 31) % m;
        const ref = reference(1, k, 1, (_, p) => a(i, p), (p) => b(p, j));
        expect(W[i * m + j]).toBe(ref.seq[0]);
        expect(Math.abs(W[i * m + j]! - ref.exact[0]!)).toBeLessThanOrEqual(gamma * ref.abs[0]!);
      }
    }
    expect(wasmGemmMemoryBytes()).toBeGreaterThan(31 * 2 ** 20);
    expect(wasmGemmMemoryBytes()).toBeLessThanOrEqual(RETAIN_BYTES);
  });

  it('releases a memory grown past RETAIN_BYTES after the call, and works again afterwards', () => {
    const n = 2200, k = 2200; // A alone is 38.7 MB, A + B + C > 64 MiB
    const A = new Float64Array(n * k).fill(0.5), B = new Float64Array(k * k / 2).fill(2);
    const C = wasmProduct({ A, aRow: k, aCol: 1, B, bRow: k / 2, bCol: 1 }, n, k, k / 2);
    expect(C[0]).toBe(k);
    expect(C[C.length - 1]).toBe(k);
    expect(wasmGemmMemoryBytes()).toBe(0);
    expect(wasmProduct(operands('NN', 4, 4, 4, () => 1).ops, 4, 4, 4)[0]).toBe(4);
    expect(wasmGemmMemoryBytes()).toBeGreaterThan(0);
  });
});

describe('withResidentOperand', () => {
  it('gives bit-for-bit the same products, with X as A or B, transposed or not, nested, and with other products between', () => {
    const rng = new Rng(17);
    const X = new Matrix(300, 70, new Float64Array(300 * 70).map(() => rng.normal()));
    const Q = new Matrix(70, 12, new Float64Array(70 * 12).map(() => rng.normal()));
    const Y = new Matrix(300, 12, new Float64Array(300 * 12).map(() => rng.normal()));
    const other = new Matrix(40, 40, new Float64Array(1600).map(() => rng.normal()));
    const plain = [matmul(X, Q), matmulTransA(X, Y), matmulTransA(Y, X), matmulTransB(X, X), matmul(other, other)];
    const inside = withResidentOperand(X, () => {
      const r = [matmul(X, Q), matmulTransA(X, Y)];
      r.push(withResidentOperand(Y, () => matmulTransA(Y, X))); // nested: the outer operand stays
      r.push(matmulTransB(X, X), matmul(other, other));
      return r;
    });
    expect(inside.map((M) => M.data)).toEqual(plain.map((M) => M.data));
    expect(matmul(X, Q).data).toEqual(plain[0]!.data); // and after
  });

  it('returns what fn returns and passes its exceptions through, leaving the kernel usable', () => {
    const X = Matrix.full(20, 20, 1);
    expect(withResidentOperand(X, () => 42)).toBe(42);
    expect(() => withResidentOperand(X, () => { throw new Error('boom'); })).toThrow('boom');
    expect(matmul(X, X).get(3, 4)).toBe(20);
  });
});

describe('dispatch and the JS fallback kernel', () => {
  it('uses wasm from WASM_MIN_WORK multiply-adds and depth WASM_MIN_DEPTH, else the JS kernel', () => {
    expect(gemmBackendFor(512, 512, 512)).toBe('wasm');
    expect(gemmBackendFor(5000, 784, 60)).toBe('wasm');
    expect(gemmBackendFor(12, 12, 12)).toBe('wasm');
    expect(gemmBackendFor(8, 8, 8)).toBe('js');
    expect(gemmBackendFor(1000, WASM_MIN_DEPTH - 1, 1000)).toBe('js');
    expect(WASM_MIN_WORK).toBe(1728);
  });

  it('gemm returns the wasm result above the threshold and the JS result below it', () => {
    const rng = new Rng(9);
    const big = operands('NN', 20, 20, 20, () => rng.normal());
    expect(gemm(big.ops, 20, 20, 20)).toEqual(wasmProduct(big.ops, 20, 20, 20));
    const small = operands('NN', 5, 5, 5, () => rng.normal());
    expect(gemm(small.ops, 5, 5, 5)).toEqual(jsProduct(small.ops, 5, 5, 5));
  });

  it.each<[Op, number, number, number]>([
    ['NN', 5, KC + 3, NC + 7], ['TN', KC + 1, 2 * KC + 5, 3], ['NT', 7, KC + 9, NC + 3], ['NN', 1, 300, 1], ['NT', 3, 1, 2],
  ])('JS kernel, called directly (the path taken without WebAssembly SIMD): %s n=%i k=%i m=%i', (op, n, k, m) => {
    const rng = new Rng(n + k + m);
    const { ops, a, b } = operands(op, n, k, m, () => rng.normal());
    expectWithinGamma(jsProduct(ops, n, k, m), reference(n, k, m, a, b), k);
  });

  it('matmul, matmulTransA and matmulTransB agree with the JS kernel within rounding on large shapes', () => {
    const rng = new Rng(21);
    const A = new Matrix(70, 90, new Float64Array(70 * 90).map(() => rng.normal()));
    const B = new Matrix(90, 50, new Float64Array(90 * 50).map(() => rng.normal()));
    const Bt = new Matrix(50, 90, new Float64Array(50 * 90).map(() => rng.normal()));
    const At = new Matrix(90, 70, new Float64Array(90 * 70).map(() => rng.normal()));
    const check = (C: Matrix, ops: GemmOperands, n: number, k: number, m: number) => {
      const J = jsProduct(ops, n, k, m);
      const abs = jsProduct({ ...ops, A: ops.A.map(Math.abs), B: ops.B.map(Math.abs) }, n, k, m);
      const gamma = (k * EPS) / (1 - k * EPS);
      for (let q = 0; q < J.length; q++) expect(Math.abs(C.data[q]! - J[q]!)).toBeLessThanOrEqual(2.01 * gamma * abs[q]!);
    };
    check(matmul(A, B), { A: A.data, aRow: 90, aCol: 1, B: B.data, bRow: 50, bCol: 1 }, 70, 90, 50);
    check(matmulTransA(At, B), { A: At.data, aRow: 1, aCol: 70, B: B.data, bRow: 50, bCol: 1 }, 70, 90, 50);
    check(matmulTransB(A, Bt), { A: A.data, aRow: 90, aCol: 1, B: Bt.data, bRow: 1, bCol: 90 }, 70, 90, 50);
  });
});
