/**
 * float64 reference forwards for the backend parity suite (./parity.test.ts): plain loops,
 * written for clarity, never for speed. Gradients are taken from these by central differences.
 * Shapes are row-major; each returns `{ values, shape }`.
 *
 * @see ../../../../docs/core/backends.md
 */

/** Output of a reference op. */
export interface Ref {
  values: Float64Array;
  shape: number[];
}

/** $C = \operatorname{op}(A)\operatorname{op}(B)$ for 2-D A, B with optional transposes. */
export function matMulRef(a: Float64Array, as: number[], b: Float64Array, bs: number[], tA: boolean, tB: boolean): Ref {
  const [ar, ac] = as as [number, number];
  const [br, bc] = bs as [number, number];
  const [m, k] = tA ? [ac, ar] : [ar, ac];
  const n = tB ? br : bc;
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let p = 0; p < k; p++) s += a[tA ? p * ac + i : i * ac + p]! * b[tB ? j * bc + p : p * bc + j]!;
    out[i * n + j] = s;
  }
  return { values: out, shape: [m, n] };
}

/** NHWC conv2d (cross-correlation) with TensorFlow's 'same'/'valid' padding, no dilation. */
export function conv2dRef(x: Float64Array, xs: number[], w: Float64Array, ws: number[], s: [number, number], pad: 'same' | 'valid'): Ref {
  const [n, h, wd, cin] = xs as [number, number, number, number];
  const [fh, fw, , cout] = ws as [number, number, number, number];
  const oh = pad === 'same' ? Math.ceil(h / s[0]) : Math.ceil((h - fh + 1) / s[0]);
  const ow = pad === 'same' ? Math.ceil(wd / s[1]) : Math.ceil((wd - fw + 1) / s[1]);
  const top = pad === 'same' ? Math.floor(Math.max((oh - 1) * s[0] + fh - h, 0) / 2) : 0;
  const left = pad === 'same' ? Math.floor(Math.max((ow - 1) * s[1] + fw - wd, 0) / 2) : 0;
  const out = new Float64Array(n * oh * ow * cout);
  for (let b = 0; b < n; b++) for (let i = 0; i < oh; i++) for (let j = 0; j < ow; j++) for (let o = 0; o < cout; o++) {
    let acc = 0;
    for (let p = 0; p < fh; p++) for (let q = 0; q < fw; q++) {
      const r = i * s[0] + p - top;
      const c = j * s[1] + q - left;
      if (r < 0 || r >= h || c < 0 || c >= wd) continue;
      for (let ci = 0; ci < cin; ci++) acc += x[((b * h + r) * wd + c) * cin + ci]! * w[((p * fw + q) * cin + ci) * cout + o]!;
    }
    out[((b * oh + i) * ow + j) * cout + o] = acc;
  }
  return { values: out, shape: [n, oh, ow, cout] };
}

/** Rows of a (rows, d) table picked by integer indices of any shape: out shape = [...idxShape, d]. */
export function gatherRef(t: Float64Array, ts: number[], idx: number[], idxShape: number[]): Ref {
  const d = ts[1]!;
  const out = new Float64Array(idx.length * d);
  idx.forEach((r, i) => out.set(t.subarray(r * d, (r + 1) * d), i * d));
  return { values: out, shape: [...idxShape, d] };
}

/** Softmax (or log-softmax) over the last axis of a (rows, d) matrix, max-shifted. */
export function softmaxRef(x: Float64Array, xs: number[], log: boolean): Ref {
  const [rows, d] = xs as [number, number];
  const out = new Float64Array(x.length);
  for (let r = 0; r < rows; r++) {
    const row = x.subarray(r * d, (r + 1) * d);
    const mx = Math.max(...row);
    const lse = mx + Math.log(row.reduce((s, v) => s + Math.exp(v - mx), 0));
    for (let j = 0; j < d; j++) out[r * d + j] = log ? row[j]! - lse : Math.exp(row[j]! - lse);
  }
  return { values: out, shape: [rows, d] };
}

/** $y = \gamma \odot (x - \mu)/\sqrt{\sigma^2 + \epsilon} + \beta$ over the last axis (biased variance). */
export function layerNormRef(x: Float64Array, xs: number[], g: Float64Array, b: Float64Array, eps: number): Ref {
  const [rows, d] = xs as [number, number];
  const out = new Float64Array(x.length);
  for (let r = 0; r < rows; r++) {
    const row = x.subarray(r * d, (r + 1) * d);
    const mu = row.reduce((s, v) => s + v, 0) / d;
    const v = row.reduce((s, t) => s + (t - mu) ** 2, 0) / d;
    for (let j = 0; j < d; j++) out[r * d + j] = (g[j]! * (row[j]! - mu)) / Math.sqrt(v + eps) + b[j]!;
  }
  return { values: out, shape: [rows, d] };
}

/** Mean softmax cross-entropy of relu(x W1 + b1) W2 + b2 against integer labels. */
export function mlpLossRef(x: Float64Array, xs: number[], [w1, b1, w2, b2]: Float64Array[], labels: number[]): number {
  const [n, d] = xs as [number, number];
  const hdim = b1!.length;
  const k = b2!.length;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const hid = new Float64Array(hdim);
    for (let j = 0; j < hdim; j++) {
      let s = b1![j]!;
      for (let p = 0; p < d; p++) s += x[i * d + p]! * w1![p * hdim + j]!;
      hid[j] = Math.max(s, 0);
    }
    const logits = new Float64Array(k);
    for (let c = 0; c < k; c++) {
      let s = b2![c]!;
      for (let j = 0; j < hdim; j++) s += hid[j]! * w2![j * k + c]!;
      logits[c] = s;
    }
    total -= softmaxRef(logits, [1, k], true).values[labels[i]!]!;
  }
  return total / n;
}
