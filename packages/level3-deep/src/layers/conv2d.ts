/**
 * `Conv2d` (float64 reference) and `TfConv2d` (tfjs twin): PyTorch's `nn.Conv2d` (zero padding),
 * a cross-correlation over NCHW inputs,
 * $$y[n, o, h, w] = b_o + \sum_{c \in \mathcal G(o)} \sum_{i < k_h} \sum_{j < k_w}
 *   W[o, c', i, j]\; x[n, c,\ h s_h - p_h + i d_h,\ w s_w - p_w + j d_w],$$
 * with $x$ read as 0 in the padding, $\mathcal G(o)$ the $C/g$ input channels of the group of
 * output $o$ ($c'$ the index within the group) and output size
 * $H_o = \lfloor (H + 2p_h - d_h(k_h-1) - 1)/s_h \rfloor + 1$ (same for $W_o$).
 * State dict: `weight` $(O, C/g, k_h, k_w)$, `bias` $(O)$, PyTorch's layout.
 *
 * Reference: `im2col` then one batched matrix product per group,
 * $Y_n = W_{(O, C k_h k_w / g)}\, \mathrm{cols}(x_n)$; backward (by the matmul and
 * `col2im`, the adjoint of `im2col`): $\bar W = \sum_n \bar Y_n \mathrm{cols}_n^\top$,
 * $\bar x = \mathrm{col2im}(W^\top \bar Y)$, $\bar b_o = \sum_{n,h,w} \bar y[n,o,h,w]$.
 * Cost $O(N\,O\,(C/g)\,k_h k_w\,H_o W_o)$ time, $O(N C k_h k_w H_o W_o)$ memory for the columns.
 *
 * Init: PyTorch's default, $W, b \sim \mathcal U(\pm 1/\sqrt{(C/g) k_h k_w})$, weight first.
 *
 * @see ../../../../docs/level3-deep/conv.md
 */
import { InvalidParamError, ShapeError, describeValue } from '@fpml/core';
import type { Tf } from '@fpml/core/tf';
import { Tensor, tensor } from '@fpml/level1-math';
import { defaultLinearInit } from '../nn/init.js';
import { Module } from '../nn/module.js';
import { checkBool, checkPositiveInt, toRng, type RngLike } from '../nn/rng.js';
import { TfModule, type TfTensor, type Variable } from '../nn/tf-module.js';
import { checkDataFormat, im2col, toPair, windowGeometry, type DataFormat, type IntPair, type WindowParams } from './im2col.js';

/** Options of {@link Conv2d}. */
export interface Conv2dOptions {
  /** Step of the window $(s_h, s_w)$. @default 1 */
  stride?: IntPair;
  /** Zeros added on each side $(p_h, p_w)$. @default 0 */
  padding?: IntPair;
  /** Spacing of the kernel taps $(d_h, d_w)$. @default 1 */
  dilation?: IntPair;
  /** Number of channel groups $g$; must divide both channel counts. @default 1 */
  groups?: number;
  /** Learn an additive bias per output channel. @default true */
  bias?: boolean;
  /** Source of the initial weights (an `Rng`, advanced in place, or a seed). Required. */
  rng: RngLike;
}

/** Options of {@link TfConv2d}: those of {@link Conv2d} plus the tensor layout. */
export interface TfConv2dOptions extends Conv2dOptions {
  /**
   * Layout of `forward`'s input and output. `'NCHW'` (PyTorch's, the default) transposes to
   * tfjs's NHWC and back around the convolution; `'NHWC'` skips both transposes (a CNN built
   * of NHWC twins transposes nowhere). The weights keep PyTorch's layout either way.
   * @default 'NCHW'
   */
  dataFormat?: DataFormat;
}

/** Validated hyper-parameters and the initial state of either side. */
function initConv2d(owner: string, inChannels: number, outChannels: number, kernelSize: IntPair, options: Conv2dOptions) {
  checkPositiveInt(owner, 'inChannels', inChannels);
  checkPositiveInt(owner, 'outChannels', outChannels);
  const groups = checkPositiveInt(owner, 'groups', options?.groups ?? 1);
  if (inChannels % groups !== 0 || outChannels % groups !== 0) {
    throw new InvalidParamError(owner, 'groups', groups, `a divisor of inChannels (${inChannels}) and outChannels (${outChannels})`);
  }
  const window: WindowParams = {
    kernel: toPair(owner, 'kernelSize', kernelSize, 1),
    stride: toPair(owner, 'stride', options?.stride ?? 1, 1),
    padding: toPair(owner, 'padding', options?.padding ?? 0, 0),
    dilation: toPair(owner, 'dilation', options?.dilation ?? 1, 1),
  };
  const bias = checkBool(owner, 'bias', options?.bias ?? true);
  const shape = [outChannels, inChannels / groups, ...window.kernel];
  return { groups, window, init: defaultLinearInit(shape, toRng(options?.rng, owner), bias) };
}

/**
 * 2-D convolution, float64 reference. `forward(x)`: $(N, C, H, W) \to (N, O, H_o, W_o)$.
 * @see ../../../../docs/level3-deep/conv.md
 */
export class Conv2d extends Module {
  readonly weight: Tensor; // (O, C/g, kh, kw)
  readonly bias: Tensor | null; // (O,)
  readonly groups: number;
  readonly window: Readonly<WindowParams>;

  constructor(readonly inChannels: number, readonly outChannels: number, kernelSize: IntPair, options: Conv2dOptions) {
    super();
    const { groups, window, init } = initConv2d('Conv2d', inChannels, outChannels, kernelSize, options);
    this.groups = groups;
    this.window = window;
    this.weight = this.registerParameter('weight', tensor(init.weight.data, init.weight.shape));
    this.bias = init.bias ? this.registerParameter('bias', tensor(init.bias.data, init.bias.shape)) : null;
  }

  forward(x: Tensor): Tensor {
    if (!(x instanceof Tensor)) throw new ShapeError(`Conv2d.forward: x must be a Tensor, got ${describeValue(x)}`);
    const g = windowGeometry('Conv2d', x.shape, this.window, this.inChannels);
    const N = x.shape[0]!;
    const G = this.groups;
    const K = (g.C / G) * g.kh * g.kw; // taps per output value
    const L = g.Ho * g.Wo; // output positions
    const cols = im2col(x, g).reshape([N, G, K, L]); // (N, G, K, L)
    const w = this.weight.reshape([G, this.outChannels / G, K]); // (G, O/G, K)
    let y = w.matmul(cols).reshape([N, this.outChannels, g.Ho, g.Wo]); // (N, G, O/G, L) -> (N, O, Ho, Wo)
    if (this.bias) y = y.add(this.bias.reshape([1, this.outChannels, 1, 1])); // (N, O, Ho, Wo)
    return y;
  }
}

/**
 * A kernel $(k_h, k_w, C_i, O)$ with $d-1$ zero rows/columns inserted between taps,
 * $(d_h(k_h-1)+1,\ d_w(k_w-1)+1, C_i, O)$: a dilated convolution as an ordinary one. tfjs has no
 * gradient for `conv2d` with dilation > 1 (nor for dilation and stride both > 1), so the twin
 * dilates the kernel itself with differentiable reshape/pad/slice.
 */
function dilateKernel(tf: Tf, f: TfTensor, dh: number, dw: number): TfTensor {
  const [kh, kw, ci, o] = f.shape as [number, number, number, number];
  const z = tf.pad(f.reshape([kh, 1, kw, 1, ci, o]), [[0, 0], [0, dh - 1], [0, 0], [0, dw - 1], [0, 0], [0, 0]]); // (kh, dh, kw, dw, ci, o)
  return tf.slice(z.reshape([kh * dh, kw * dw, ci, o]), [0, 0, 0, 0], [dh * (kh - 1) + 1, dw * (kw - 1) + 1, ci, o]); // (khEff, kwEff, ci, o)
}

/**
 * tfjs twin of {@link Conv2d} (same options, names and initial weights for the same seed), on
 * `tf.conv2d` (NHWC inside; see {@link TfConv2dOptions.dataFormat}). Groups run as one
 * `conv2d` per group on `tf.split` channel slices, joined by `tf.concat`.
 * `forward(x)`: $(N, C, H, W) \to (N, O, H_o, W_o)$ (or the NHWC forms); call inside `tf.tidy`.
 * @see ../../../../docs/level3-deep/conv.md
 */
export class TfConv2d extends TfModule {
  readonly weight: Variable; // (O, C/g, kh, kw)
  readonly bias: Variable | null; // (O,)
  readonly groups: number;
  readonly window: Readonly<WindowParams>;
  readonly dataFormat: DataFormat;

  constructor(tf: Tf, readonly inChannels: number, readonly outChannels: number, kernelSize: IntPair, options: TfConv2dOptions) {
    super(tf);
    const { groups, window, init } = initConv2d('TfConv2d', inChannels, outChannels, kernelSize, options);
    this.dataFormat = checkDataFormat('TfConv2d', options?.dataFormat ?? 'NCHW');
    this.groups = groups;
    this.window = window;
    this.weight = this.registerParameter('weight', init.weight);
    this.bias = init.bias ? this.registerParameter('bias', init.bias) : null;
  }

  forward(x: TfTensor): TfTensor {
    const tf = this.tf;
    if (!(x instanceof tf.Tensor)) throw new ShapeError(`TfConv2d.forward: x must be a tf.Tensor, got ${describeValue(x)}`);
    const nchw = this.dataFormat === 'NCHW';
    const s = x.shape;
    windowGeometry('TfConv2d', nchw || s.length !== 4 ? s : [s[0]!, s[3]!, s[1]!, s[2]!], this.window, this.inChannels);
    const [ph, pw] = this.window.padding;
    const [dh, dw] = this.window.dilation;
    const xh = (nchw ? tf.transpose(x, [0, 2, 3, 1]) : x) as ReturnType<Tf['tensor4d']>; // (N, H, W, C)
    let f: TfTensor = tf.transpose(this.weight, [2, 3, 1, 0]); // (kh, kw, C/g, O)
    if (dh > 1 || dw > 1) f = dilateKernel(tf, f, dh, dw); // (khEff, kwEff, C/g, O)
    const [kh, kw] = [f.shape[0]!, f.shape[1]!]; // effective kernel
    // 'same' is exactly PyTorch's symmetric padding when the stride is 1 and 2p = k - 1; other
    // paddings are an explicit tf.pad (tfjs-node has no gradient for explicit conv padding).
    const same = this.window.stride[0] === 1 && this.window.stride[1] === 1 && 2 * ph === kh - 1 && 2 * pw === kw - 1;
    const pad = same && (ph > 0 || pw > 0) ? 'same' : 'valid';
    const xp = pad === 'valid' && (ph > 0 || pw > 0) ? tf.pad(xh, [[0, 0], [ph, ph], [pw, pw], [0, 0]]) : xh; // (N, H + 2ph, W + 2pw, C)
    const conv = (xi: TfTensor, fi: TfTensor) => tf.conv2d(xi as ReturnType<Tf['tensor4d']>, fi as ReturnType<Tf['tensor4d']>, this.window.stride, pad); // (N, Ho, Wo, O/g)
    let y: TfTensor;
    if (this.groups === 1) y = conv(xp, f);
    else {
      const fs = tf.split(f, this.groups, 3); // g × (khEff, kwEff, C/g, O/g)
      y = tf.concat(tf.split(xp, this.groups, 3).map((xi, k) => conv(xi, fs[k]!)), 3); // (N, Ho, Wo, O)
    }
    if (this.bias) y = tf.add(y, this.bias); // (N, Ho, Wo, O), bias on the channel axis
    return nchw ? tf.transpose(y, [0, 3, 1, 2]) : y; // (N, O, Ho, Wo)
  }
}
