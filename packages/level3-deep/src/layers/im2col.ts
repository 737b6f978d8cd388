/**
 * Sliding-window geometry shared by {@link Conv2d} and the pools, and the float64 `im2col` /
 * `col2im` pair: two custom autodiff ops, each the other's backward (adjoint) pass.
 *
 * For an input $x$ of shape $(N, C, H, W)$, a kernel $k_h \times k_w$, stride $(s_h, s_w)$,
 * zero padding $(p_h, p_w)$ and dilation $(d_h, d_w)$, the output grid is
 * $$H_o = \left\lfloor \frac{H + 2p_h - d_h(k_h - 1) - 1}{s_h} \right\rfloor + 1,\qquad
 *   W_o = \left\lfloor \frac{W + 2p_w - d_w(k_w - 1) - 1}{s_w} \right\rfloor + 1,$$
 * and `im2col` writes every window as a column:
 * $$\mathrm{cols}[n,\ (c k_h + i) k_w + j,\ o_h W_o + o_w] = x[n, c,\ o_h s_h - p_h + i d_h,\ o_w s_w - p_w + j d_w]$$
 * (0 where the position falls in the padding). A convolution is then one matrix product
 * $W_{(O,\,C k_h k_w)}\,\mathrm{cols}$. `col2im` is the adjoint map: it scatter-adds each column
 * entry back to the input position it came from (padding entries are dropped), so
 * $\langle \mathrm{im2col}(x), G\rangle = \langle x, \mathrm{col2im}(G)\rangle$.
 * Both cost $O(N C k_h k_w H_o W_o)$ time and memory.
 *
 * @see ../../../../docs/level3-deep/conv.md
 */
import { InvalidParamError, ShapeError } from '@fpml/core';
import { Tensor, isRecording } from '@fpml/level1-math';

/** An integer hyper-parameter for both spatial axes: one number, or `[height, width]`. */
export type IntPair = number | readonly [number, number];

/**
 * `[a, a]` for a number, the pair itself for a pair; every entry an integer $\ge$ `min`.
 * @throws InvalidParamError naming `owner` and `param`.
 */
export function toPair(owner: string, param: string, v: unknown, min: number): [number, number] {
  const ok = (u: unknown): u is number => typeof u === 'number' && Number.isSafeInteger(u) && u >= min;
  if (ok(v)) return [v, v];
  if (Array.isArray(v) && v.length === 2 && ok(v[0]) && ok(v[1])) return [v[0], v[1]];
  throw new InvalidParamError(owner, param, v, `an integer >= ${min} or a pair [h, w] of them`);
}

/** Tensor layout of a twin's input and output. */
export type DataFormat = 'NCHW' | 'NHWC';

/** Check a `dataFormat` option. @throws InvalidParamError */
export function checkDataFormat(owner: string, v: unknown): DataFormat {
  if (v === 'NCHW' || v === 'NHWC') return v;
  throw new InvalidParamError(owner, 'dataFormat', v, "'NCHW' or 'NHWC'");
}

/** The window geometry of one input size. All fields are integers. */
export interface WindowGeometry {
  /** Channels, input height and width. */
  C: number;
  H: number;
  W: number;
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  ph: number;
  pw: number;
  dh: number;
  dw: number;
  /** Output height and width (the formula above). */
  Ho: number;
  Wo: number;
}

/** Kernel, stride, padding, dilation as pairs. */
export interface WindowParams {
  kernel: [number, number];
  stride: [number, number];
  padding: [number, number];
  dilation: [number, number];
}

/**
 * Check `shape` is $(N, C, H, W)$ with `channels` channels (when given) and that the effective
 * kernel $d(k-1)+1$ fits in the padded input; return the geometry.
 * @throws ShapeError naming `owner.forward` and `x`.
 */
export function windowGeometry(owner: string, shape: readonly number[], p: WindowParams, channels?: number): WindowGeometry {
  if (shape.length !== 4) throw new ShapeError(`${owner}.forward: x must have shape (N, C, H, W), got [${shape.join(', ')}]`);
  const [, C, H, W] = shape as [number, number, number, number];
  if (channels !== undefined && C !== channels) throw new ShapeError(`${owner}.forward: x must have ${channels} channels (axis 1), got shape [${shape.join(', ')}]`);
  const [kh, kw] = p.kernel;
  const [sh, sw] = p.stride;
  const [ph, pw] = p.padding;
  const [dh, dw] = p.dilation;
  const Ho = Math.floor((H + 2 * ph - dh * (kh - 1) - 1) / sh) + 1;
  const Wo = Math.floor((W + 2 * pw - dw * (kw - 1) - 1) / sw) + 1;
  if (Ho < 1 || Wo < 1 || shape[0]! < 1) {
    throw new ShapeError(`${owner}.forward: x of shape [${shape.join(', ')}] is too small: padded size (${H + 2 * ph}, ${W + 2 * pw}) < effective kernel (${dh * (kh - 1) + 1}, ${dw * (kw - 1) + 1}) or empty batch`);
  }
  return { C, H, W, kh, kw, sh, sw, ph, pw, dh, dw, Ho, Wo };
}

/** A graph node over one parent, as level1's `fromOp` makes them (recorded only when needed). */
function node(op: string, data: Float64Array, shape: number[], parent: Tensor, backward: (g: Tensor) => Tensor): Tensor {
  const track = isRecording() && parent.requiresGrad;
  return new Tensor(data, shape, track, track ? [parent] : [], track ? (g) => [backward(g)] : null, op);
}

/**
 * The window map as an index table: for every entry of `cols` $(N, C k_h k_w, H_o W_o)$ the flat
 * index into $x$ $(N, C, H, W)$ it reads, or $-1$ in the padding. One pass over the geometry;
 * both directions are then one tight loop over the table.
 */
function windowIndex(N: number, g: WindowGeometry): Int32Array {
  const { C, H, W, kh, kw, sh, sw, ph, pw, dh, dw, Ho, Wo } = g;
  const src = new Int32Array(N * C * kh * kw * Ho * Wo).fill(-1); // (N, C kh kw, Ho Wo)
  let k = 0;
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const xBase = (n * C + c) * H * W;
      for (let i = 0; i < kh; i++) {
        for (let j = 0; j < kw; j++) {
          for (let oh = 0; oh < Ho; oh++) {
            const h = oh * sh - ph + i * dh;
            for (let ow = 0; ow < Wo; ow++, k++) {
              const w = ow * sw - pw + j * dw;
              if (h >= 0 && h < H && w >= 0 && w < W) src[k] = xBase + h * W + w;
            }
          }
        }
      }
    }
  }
  return src;
}

/**
 * Unfold `x` $(N, C, H, W)$ into columns $(N, C k_h k_w, H_o W_o)$ (PyTorch's `F.unfold`).
 * Backward: $\bar x = \mathrm{col2im}(\bar{\mathrm{cols}})$. $O(N C k_h k_w H_o W_o)$.
 */
export function im2col(x: Tensor, g: WindowGeometry): Tensor {
  const N = x.shape[0]!;
  const src = windowIndex(N, g);
  const cols = new Float64Array(src.length); // (N, C kh kw, Ho Wo), zeros = padding
  const xd = x.data;
  for (let k = 0; k < src.length; k++) if (src[k]! >= 0) cols[k] = xd[src[k]!]!;
  return node('im2col', cols, [N, g.C * g.kh * g.kw, g.Ho * g.Wo], x, (gc) =>
    col2im(gc, g), // d cols[k] / d x[src[k]] = 1: each column entry is a copy of the input entry it reads
  );
}

/**
 * Fold columns $(N, C k_h k_w, H_o W_o)$ back onto $(N, C, H, W)$, adding entries that share an
 * input position (PyTorch's `F.fold`). Backward: $\bar{\mathrm{cols}} = \mathrm{im2col}(\bar x)$.
 */
export function col2im(cols: Tensor, g: WindowGeometry): Tensor {
  const N = cols.shape[0]!;
  const K = g.C * g.kh * g.kw;
  if (cols.rank !== 3 || cols.shape[1] !== K || cols.shape[2] !== g.Ho * g.Wo) {
    throw new ShapeError(`col2im: cols must have shape (N, ${K}, ${g.Ho * g.Wo}), got [${cols.shape.join(", ")}]`);
  }
  const src = windowIndex(N, g);
  const x = new Float64Array(N * g.C * g.H * g.W); // (N, C, H, W)
  const cd = cols.data;
  for (let k = 0; k < src.length; k++) if (src[k]! >= 0) x[src[k]!]! += cd[k]!;
  return node('col2im', x, [N, g.C, g.H, g.W], cols, (gx) =>
    im2col(gx, g), // d x[src[k]] / d cols[k] = 1: each input entry is the sum of the column entries that copy it
  );
}
