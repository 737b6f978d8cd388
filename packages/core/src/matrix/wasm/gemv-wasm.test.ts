import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError, ShapeError } from '../../errors.js';
import { Rng } from '../../rng/rng.js';
import { gemvJs, gemvTJs } from '../gemv-kernel.js';
import { GEMV_WASM_MIN_WORK, matmul, matvec, matvecTransA, withResidentOperand } from '../matmul.js';
import { Matrix } from '../matrix.js';
import { gemvWasm, RETAIN_BYTES, wasmGemmAvailable, wasmGemmMemoryBytes } from './wasm-gemm.js';

const EPS = Number.EPSILON / 2; // unit roundoff u = 2^-53
const ETA = 2 ** -1074; // smallest subnormal
const gamma = (k: number) => (k * EPS) / (1 - k * EPS);

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
/** Σ a_t b_t as Dot2 (Ogita–Rump–Oishi: as if in twice the precision) and Σ |a_t b_t|. */
function exactDot(terms: Array<[number, number]>): { exact: number; abs: number } {
  let s = 0, c = 0, abs = 0;
  for (const [a, b] of terms) {
    const [x, ex] = twoProd(a, b);
    const [y, ey] = twoSum(s, x);
    s = y;
    c += ex + ey;
    abs += Math.abs(x);
  }
  return { exact: s + c, abs };
}

/** The documented order of y = A x, written out independently of both kernels. */
function documentedAx(A: Float64Array, n: number, d: number, x: Float64Array): Float64Array {
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let even = 0, odd = 0;
    for (let j = 0; j < d; j++) {
      if (j % 2 === 0) even += A[i * d + j]! * x[j]!;
      else odd += A[i * d + j]! * x[j]!;
    }
    y[i] = even + odd;
  }
  return y;
}
/** The documented order of y = Aᵀ x: y_j = ((0 + a_0j x_0) + a_1j x_1) + ... */
function documentedATx(A: Float64Array, n: number, d: number, x: Float64Array): Float64Array {
  const y = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += A[i * d + j]! * x[i]!;
    y[j] = s;
  }
  return y;
}

function wasmAx(A: Float64Array, n: number, d: number, x: Float64Array): Float64Array {
  const y = new Float64Array(n);
  if (!gemvWasm(A, n, d, x, false, y)) throw new Error('wasm gemv unavailable');
  return y;
}
function wasmATx(A: Float64Array, n: number, d: number, x: Float64Array): Float64Array {
  const y = new Float64Array(d);
  if (!gemvWasm(A, n, d, x, true, y)) throw new Error('wasm gemv_t unavailable');
  return y;
}
function jsAx(A: Float64Array, n: number, d: number, x: Float64Array): Float64Array {
  const y = new Float64Array(n);
  gemvJs(A, n, d, x, y);
  return y;
}
function jsATx(A: Float64Array, n: number, d: number, x: Float64Array): Float64Array {
  const y = new Float64Array(d);
  gemvTJs(A, n, d, x, y);
  return y;
}

/**
 * Both kernels, both products: bit-identical to each other and to the documented order, and
 * within the rounding bound of the exact value: γ_d Σ|a x| for Ax (two partial sums of ⌈d/2⌉
 * terms and one add: γ_{⌈d/2⌉+1} ≤ γ_d), γ_n Σ|a x| for Aᵀx, plus a few η for underflow.
 */
function checkBoth(A: Float64Array, n: number, d: number, xd: Float64Array, xn: Float64Array): void {
  const w = wasmAx(A, n, d, xd), j = jsAx(A, n, d, xd);
  expect(w).toEqual(j); // toEqual: +0 ≠ −0 and NaN = NaN, otherwise bit for bit
  expect(w).toEqual(documentedAx(A, n, d, xd));
  for (let i = 0; i < n; i++) {
    const { exact, abs } = exactDot(Array.from({ length: d }, (_, t) => [A[i * d + t]!, xd[t]!]));
    expect(Math.abs(w[i]! - exact), `row ${i}`).toBeLessThanOrEqual(gamma(Math.max(d, 1)) * abs * (1 + 2 * d * EPS) + 2 * (d + 1) * ETA);
  }
  const wt = wasmATx(A, n, d, xn), jt = jsATx(A, n, d, xn);
  expect(wt).toEqual(jt);
  expect(wt).toEqual(documentedATx(A, n, d, xn));
  for (let c = 0; c < d; c++) {
    const { exact, abs } = exactDot(Array.from({ length: n }, (_, t) => [A[t * d + c]!, xn[t]!]));
    expect(Math.abs(wt[c]! - exact), `column ${c}`).toBeLessThanOrEqual(gamma(Math.max(n, 1)) * abs * (1 + 2 * n * EPS) + 2 * (n + 1) * ETA);
  }
}

function filled(len: number, f: (t: number) => number): Float64Array {
  return Float64Array.from({ length: len }, (_, t) => f(t));
}

describe('wasm gemv / gemv_t: accuracy, order, IEEE behaviour', () => {
  it('loads in this Node (WebAssembly SIMD), so the tests below exercise it', () => {
    expect(wasmGemmAvailable()).toBe(true);
  });

  it('random shapes 0..37 (every n mod 4 tail, odd and even d): bit-identical to the JS kernel and the documented order, within γ of exact', () => {
    const dim = fc.integer({ min: 0, max: 37 });
    fc.assert(
      fc.property(dim, dim, fc.nat(), (n, d, seed) => {
        const rng = new Rng(seed);
        const A = filled(n * d, () => rng.normal());
        checkBoth(A, n, d, filled(d, () => rng.normal()), filled(n, () => rng.normal()));
      }),
      { numRuns: 80 },
    );
  });

  it.each<[number, number]>([[1, 1], [1, 601], [601, 1], [7, 2], [5, 3], [1003, 37], [64, 100]])('n=%i d=%i: thin, tall and ragged shapes', (n, d) => {
    const rng = new Rng(n * 31 + d);
    checkBoth(filled(n * d, () => rng.uniform(-1, 1)), n, d, filled(d, () => rng.uniform(-1, 1)), filled(n, () => rng.uniform(-1, 1)));
  });

  it('adversarial values: cancellation, exponents over 800 binades, products near underflow, dominant terms', () => {
    const rng = new Rng(13);
    const cases: Array<[number, number, (t: number) => number]> = [
      [9, 301, (t) => (t % 2 ? 1 : -1) * (1 + 1e-10 * rng.normal())],
      [13, 64, () => rng.normal() * 2 ** Math.round(rng.uniform(-400, 400))],
      [6, 2001, () => rng.uniform(-1, 1) * 1e-140],
      [11, 50, (t) => (t % 7 === 0 ? 1e150 : rng.normal())],
    ];
    for (const [n, d, f] of cases) checkBoth(filled(n * d, f), n, d, filled(d, (t) => f(t + 1)), filled(n, (t) => f(t + 2)));
  });

  it('subnormal products are kept, not flushed to zero (exact on integer multiples of 2^-1074)', () => {
    const n = 6, d = 9;
    const ia = Array.from({ length: n * d }, (_, t) => (t * 7) % 13), ix = Array.from({ length: Math.max(n, d) }, (_, t) => 1 + (t % 4));
    const A = Float64Array.from(ia, (v) => v * ETA);
    const y = wasmAx(A, n, d, Float64Array.from(ix.slice(0, d)));
    const yt = wasmATx(A, n, d, Float64Array.from(ix.slice(0, n)));
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += ia[i * d + j]! * ix[j]!;
      expect(y[i]).toBe(s * ETA);
    }
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += ia[i * d + j]! * ix[i]!;
      expect(yt[j]).toBe(s * ETA);
    }
    expect(y.every((v) => v > 0 && v < 2.2250738585072014e-308)).toBe(true);
  });

  it('NaN and ±Inf propagate as IEEE arithmetic does (0·Inf = NaN, Inf − Inf = NaN, NaN never hidden)', () => {
    const special = [NaN, Infinity, -Infinity, 0];
    const rng = new Rng(4);
    const n = 23, d = 17;
    const A = filled(n * d, (t) => (t % 19 === 5 ? special[(t >> 2) % 4]! : rng.normal()));
    checkBothIeee(A, n, d, filled(d, () => rng.normal()), filled(n, () => rng.normal()));
    expect(Number.isNaN(matvec([[0, 1, 1, 1], [1, 1, 1, 1]], [Infinity, 1, 1, 1])[0])).toBe(true);
    expect(matvec([[0, 1, 1, 1], [1, 1, 1, 1]], [Infinity, 1, 1, 1])[1]).toBe(Infinity);
    expect(Number.isNaN(matvec([[1, 1, 1, 1]], [Infinity, -Infinity, 1, 1])[0])).toBe(true); // even lane +Inf, odd lane −Inf
    expect(Number.isNaN(matvecTransA([[NaN, 1], [0, 1]], [0, 1])[0])).toBe(true);
    expect(matvecTransA([[NaN, 1], [0, 1]], [0, 1])[1]).toBe(1);
    const big = filled(32 * 32, (t) => (t === 100 ? NaN : 1));
    const yb = wasmAx(big, 32, 32, filled(32, () => 1));
    expect(Number.isNaN(yb[3])).toBe(true);
    expect(yb.filter(Number.isNaN).length).toBe(1);
  });

  function checkBothIeee(A: Float64Array, n: number, d: number, xd: Float64Array, xn: Float64Array): void {
    const w = wasmAx(A, n, d, xd), wt = wasmATx(A, n, d, xn);
    expect(w).toEqual(jsAx(A, n, d, xd));
    expect(w).toEqual(documentedAx(A, n, d, xd));
    expect(wt).toEqual(jsATx(A, n, d, xn));
    expect(wt).toEqual(documentedATx(A, n, d, xn));
    expect(w.some(Number.isNaN) && w.some((v) => !Number.isFinite(v) && !Number.isNaN(v))).toBe(true);
  }

  it('empty shapes: n = 0 or d = 0 give the empty product or zeros', () => {
    expect(wasmAx(new Float64Array(0), 0, 5, new Float64Array(5))).toEqual(new Float64Array(0));
    expect(wasmATx(new Float64Array(0), 0, 5, new Float64Array(0))).toEqual(new Float64Array(5));
    expect(Object.is(wasmATx(new Float64Array(0), 0, 5, new Float64Array(0))[0], 0)).toBe(true);
    expect(wasmAx(new Float64Array(0), 4, 0, new Float64Array(0))).toEqual(new Float64Array(4));
    expect(matvec(new Matrix(0, 3), [1, 2, 3]).length).toBe(0);
    expect(Array.from(matvecTransA(new Matrix(0, 3), []))).toEqual([0, 0, 0]);
  });
});

describe('matvec / matvecTransA: dispatch, out, errors', () => {
  it('below and above GEMV_WASM_MIN_WORK (256) the public functions equal the JS kernel bit for bit', () => {
    expect(GEMV_WASM_MIN_WORK).toBe(256);
    const rng = new Rng(8);
    for (const [n, d] of [[15, 17], [16, 16], [8, 8], [3, 5], [300, 41], [41, 300]] as const) {
      const A = new Matrix(n, d, filled(n * d, () => rng.normal()));
      const xd = filled(d, () => rng.normal()), xn = filled(n, () => rng.normal());
      expect(matvec(A, xd)).toEqual(jsAx(A.data, n, d, xd));
      expect(matvecTransA(A, xn)).toEqual(jsATx(A.data, n, d, xn));
      expect(matvec(A.toArray(), Array.from(xd))).toEqual(jsAx(A.data, n, d, xd)); // nested arrays converted at the boundary
    }
    expect(Array.from(matvecTransA([[1, 2, 3], [4, 5, 6]], [1, -1]))).toEqual([-3, -3, -3]);
  });

  it('writes into out when given (and returns it), for both kernels; a stale out is overwritten', () => {
    const rng = new Rng(2);
    for (const [n, d] of [[5, 4], [60, 30]] as const) {
      const A = new Matrix(n, d, filled(n * d, () => rng.normal()));
      const x = filled(d, () => rng.normal()), xt = filled(n, () => rng.normal());
      const out = new Float64Array(n).fill(7), outT = new Float64Array(d).fill(7);
      expect(matvec(A, x, out)).toBe(out);
      expect(out).toEqual(matvec(A, x));
      expect(matvecTransA(A, xt, outT)).toBe(outT);
      expect(outT).toEqual(matvecTransA(A, xt));
    }
  });

  it('rejects an out of the wrong length (ShapeError) or one overlapping A or x (InvalidInputError)', () => {
    const A = new Matrix(20, 20, filled(400, (t) => t));
    const x = filled(20, () => 1);
    expect(() => matvec(A, x, new Float64Array(19))).toThrow(ShapeError);
    expect(() => matvec(A, x, new Float64Array(19))).toThrow('matvec: out has 19 entries but the product has 20');
    expect(() => matvecTransA(new Matrix(3, 4), [1, 2, 3], new Float64Array(3))).toThrow('matvecTransA: out has 3 entries but the product has 4');
    expect(() => matvec(A, x, x)).toThrow(InvalidInputError);
    expect(() => matvecTransA(A, x, A.data.subarray(40, 60))).toThrow('matvecTransA: out must not overlap A or x');
    const buf = new Float64Array(40);
    expect(() => matvec(A, buf.subarray(0, 20), buf.subarray(20, 40))).not.toThrow(); // same buffer, disjoint ranges
  });

  it('throws ShapeError naming both shapes on a length mismatch', () => {
    expect(() => matvecTransA(new Matrix(3, 4), [1, 2, 3, 4])).toThrow('matvecTransA: A is 3x4 but x has 4 entries (A.rows must equal x.length)');
    expect(() => matvec(new Matrix(3, 4), [1, 2, 3])).toThrow('matvec: A is 3x4 but x has 3 entries (A.cols must equal x.length)');
  });
});

describe('matvec / matvecTransA: resident operand and memory', () => {
  it('inside withResidentOperand(X) the products are bit-for-bit the same, with GEMMs and other matrices between', () => {
    const rng = new Rng(19);
    const X = new Matrix(503, 61, filled(503 * 61, () => rng.normal()));
    const other = new Matrix(40, 61, filled(40 * 61, () => rng.normal()));
    const w = filled(61, () => rng.normal()), r = filled(503, () => rng.normal());
    const plain = [matvec(X, w), matvecTransA(X, r), matvec(other, w)];
    const inside = withResidentOperand(X, () => {
      const out: Float64Array[] = [];
      for (let it = 0; it < 3; it++) {
        out.push(matvec(X, w), matvecTransA(X, r), matvec(other, w));
        matmul(X, new Matrix(61, 5, filled(305, () => 1))); // a GEMM on the same memory in between
      }
      return out;
    });
    for (let it = 0; it < 3; it++) expect(inside.slice(3 * it, 3 * it + 3)).toEqual(plain);
  });

  it('repeated calls do not grow the memory; a matrix needing more than RETAIN_BYTES is released after the call', () => {
    const rng = new Rng(6);
    const A = filled(2000 * 300, () => rng.normal());
    const x = filled(300, () => rng.normal());
    const first = wasmAx(A, 2000, 300, x);
    const bytes = wasmGemmMemoryBytes();
    for (let k = 0; k < 5; k++) expect(wasmAx(A, 2000, 300, x)).toEqual(first);
    expect(wasmGemmMemoryBytes()).toBe(bytes);
    const n = 9000, d = 1000; // 72 MB > 64 MiB
    const big = new Float64Array(n * d).fill(0.5);
    const y = wasmAx(big, n, d, new Float64Array(d).fill(2));
    expect(y[0]).toBe(d);
    expect(y[n - 1]).toBe(d);
    expect(wasmGemmMemoryBytes()).toBe(0);
    expect(RETAIN_BYTES).toBeLessThan(n * d * 8);
    expect(wasmAx(A, 2000, 300, x)).toEqual(first);
    expect(wasmGemmMemoryBytes()).toBeGreaterThan(0);
  });
});
