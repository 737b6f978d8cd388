/**
 * `MaxPool2d` / `AvgPool2d` (float64 references) and `TfMaxPool2d` / `TfAvgPool2d` (tfjs twins):
 * PyTorch's `nn.MaxPool2d` and `nn.AvgPool2d` (floor mode, no dilation) over NCHW inputs. With
 * the window $\mathcal W(o_h, o_w) = \{(o_h s_h - p_h + i,\ o_w s_w - p_w + j) : i < k_h,\ j < k_w\}$,
 * $$\text{max: } y[n,c,o_h,o_w] = \max_{(h,w) \in \mathcal W \cap \text{input}} x[n,c,h,w],\qquad
 *   \text{avg: } y[n,c,o_h,o_w] = \frac{1}{D}\sum_{(h,w) \in \mathcal W \cap \text{input}} x[n,c,h,w],$$
 * padding being $-\infty$ for max and $0$ for avg; $D = k_h k_w$ (`countIncludePad`, the default)
 * or $D = |\mathcal W \cap \text{input}|$. Output size as a convolution's,
 * $H_o = \lfloor (H + 2p_h - k_h)/s_h \rfloor + 1$. No parameters, no state.
 *
 * Backward: avg spreads $\bar y / D$ over its window (`col2im`, through level1's autodiff); max
 * sends $\bar y$ to the first maximal entry in row-major window order (PyTorch's choice of
 * subgradient; a gather, whose backward is a scatter-add). $O(N C k_h k_w H_o W_o)$ each way.
 *
 * @see ../../../../docs/level3-deep/conv.md
 */
import { InvalidParamError, ShapeError, describeValue } from '@fpml/core';
import type { Tf } from '@fpml/core/tf';
import { Tensor, tensor } from '@fpml/level1-math';
import { Module } from '../nn/module.js';
import { checkBool } from '../nn/rng.js';
import { TfModule, type TfTensor } from '../nn/tf-module.js';
import { checkDataFormat, im2col, toPair, windowGeometry, type DataFormat, type IntPair, type WindowGeometry, type WindowParams } from './im2col.js';

/** Options of {@link MaxPool2d} and {@link TfMaxPool2d}. */
export interface MaxPool2dOptions {
  /** Step of the window. @default kernelSize */
  stride?: IntPair;
  /** Implicit $-\infty$ (max) or $0$ (avg) on each side; at most half the kernel. @default 0 */
  padding?: IntPair;
  /** Layout of a twin's input and output (references are NCHW). @default 'NCHW' */
  dataFormat?: DataFormat;
}

/** Options of {@link AvgPool2d} and {@link TfAvgPool2d}. */
export interface AvgPool2dOptions extends MaxPool2dOptions {
  /** Divide by $k_h k_w$ (true) or by the number of non-padding entries of the window (false). @default true */
  countIncludePad?: boolean;
}

function initPool(owner: string, kernelSize: IntPair, options: AvgPool2dOptions | undefined): { window: WindowParams; dataFormat: DataFormat } {
  const kernel = toPair(owner, 'kernelSize', kernelSize, 1);
  const padding = toPair(owner, 'padding', options?.padding ?? 0, 0);
  if (2 * padding[0] > kernel[0] || 2 * padding[1] > kernel[1]) throw new InvalidParamError(owner, 'padding', options?.padding, `at most half the kernel size [${kernel.join(', ')}]`);
  const window = { kernel, stride: toPair(owner, 'stride', options?.stride ?? kernelSize, 1), padding, dilation: [1, 1] as [number, number] };
  return { window, dataFormat: checkDataFormat(owner, options?.dataFormat ?? 'NCHW') };
}

/** Window sizes $D$ for `countIncludePad: false`: the non-padding entries of each window, $(H_o W_o)$. */
function validCounts(g: WindowGeometry): Float64Array {
  const count = new Float64Array(g.Ho * g.Wo); // (Ho Wo)
  const span = (start: number, k: number, n: number) => Math.min(start + k, n) - Math.max(start, 0);
  for (let oh = 0; oh < g.Ho; oh++) for (let ow = 0; ow < g.Wo; ow++) count[oh * g.Wo + ow] = span(oh * g.sh - g.ph, g.kh, g.H) * span(ow * g.sw - g.pw, g.kw, g.W);
  return count;
}

/**
 * 2-D max pooling, float64 reference. `forward(x)`: $(N, C, H, W) \to (N, C, H_o, W_o)$.
 * A NaN in a window gives NaN, as PyTorch.
 * @see ../../../../docs/level3-deep/conv.md
 */
export class MaxPool2d extends Module {
  readonly window: Readonly<WindowParams>;

  constructor(kernelSize: IntPair, options: Omit<MaxPool2dOptions, 'dataFormat'> = {}) {
    super();
    this.window = initPool('MaxPool2d', kernelSize, options).window;
  }

  forward(x: Tensor): Tensor {
    if (!(x instanceof Tensor)) throw new ShapeError(`MaxPool2d.forward: x must be a Tensor, got ${describeValue(x)}`);
    const g = windowGeometry('MaxPool2d', x.shape, this.window);
    const N = x.shape[0]!;
    const xd = x.data;
    const arg = new Int32Array(N * g.C * g.Ho * g.Wo); // (N, C, Ho, Wo): flat index into x of each window's max
    for (let nc = 0, k = 0; nc < N * g.C; nc++) {
      const base = nc * g.H * g.W;
      for (let oh = 0; oh < g.Ho; oh++) {
        for (let ow = 0; ow < g.Wo; ow++, k++) {
          let best = -1; // padding ≤ k/2, so every window holds an input entry
          for (let h = Math.max(0, oh * g.sh - g.ph); h < Math.min(g.H, oh * g.sh - g.ph + g.kh); h++) {
            for (let w = Math.max(0, ow * g.sw - g.pw); w < Math.min(g.W, ow * g.sw - g.pw + g.kw); w++) {
              const v = xd[base + h * g.W + w]!;
              if (best < 0 || v > xd[best]! || (Number.isNaN(v) && !Number.isNaN(xd[best]!))) best = base + h * g.W + w; // first max wins ties
            }
          }
          arg[k] = best;
        }
      }
    }
    return x.reshape([-1]).gather(arg, 0).reshape([N, g.C, g.Ho, g.Wo]); // (N, C, Ho, Wo); backward: scatter-add to arg
  }
}

/**
 * 2-D average pooling, float64 reference. `forward(x)`: $(N, C, H, W) \to (N, C, H_o, W_o)$.
 * @see ../../../../docs/level3-deep/conv.md
 */
export class AvgPool2d extends Module {
  readonly window: Readonly<WindowParams>;
  readonly countIncludePad: boolean;

  constructor(kernelSize: IntPair, options: Omit<AvgPool2dOptions, 'dataFormat'> = {}) {
    super();
    this.window = initPool('AvgPool2d', kernelSize, options).window;
    this.countIncludePad = checkBool('AvgPool2d', 'countIncludePad', options?.countIncludePad ?? true);
  }

  forward(x: Tensor): Tensor {
    if (!(x instanceof Tensor)) throw new ShapeError(`AvgPool2d.forward: x must be a Tensor, got ${describeValue(x)}`);
    const g = windowGeometry('AvgPool2d', x.shape, this.window);
    const N = x.shape[0]!;
    const L = g.Ho * g.Wo;
    const sums = im2col(x, g).reshape([N, g.C, g.kh * g.kw, L]).sum(2); // (N, C, L): window sums, padding 0
    const inv = this.countIncludePad ? new Float64Array(L).fill(1 / (g.kh * g.kw)) : validCounts(g).map((d) => 1 / d); // (L)
    return sums.mul(tensor(inv, [L])).reshape([N, g.C, g.Ho, g.Wo]); // (N, C, Ho, Wo)
  }
}

/** Shared twin plumbing: NCHW ↔ NHWC, shape check, padding by `tf.pad` (tfjs-node pools take only 'valid'/'same'). */
abstract class TfPool2d extends TfModule {
  readonly window: Readonly<WindowParams>;
  readonly dataFormat: DataFormat;

  constructor(tf: Tf, owner: string, kernelSize: IntPair, options: AvgPool2dOptions | undefined) {
    super(tf);
    const { window, dataFormat } = initPool(owner, kernelSize, options);
    this.window = window;
    this.dataFormat = dataFormat;
  }

  /** The pool on padded NHWC input; `g` is the geometry of the unpadded input. */
  protected abstract pool(xp: ReturnType<Tf['tensor4d']>, g: WindowGeometry): TfTensor;
  /** Value of the padding. */
  protected abstract readonly padValue: number;

  forward(x: TfTensor): TfTensor {
    const tf = this.tf;
    if (!(x instanceof tf.Tensor)) throw new ShapeError(`${this.name}.forward: x must be a tf.Tensor, got ${describeValue(x)}`);
    const nchw = this.dataFormat === 'NCHW';
    const s = x.shape;
    const g = windowGeometry(this.name, nchw || s.length !== 4 ? s : [s[0]!, s[3]!, s[1]!, s[2]!], this.window);
    const xh = (nchw ? tf.transpose(x, [0, 2, 3, 1]) : x) as ReturnType<Tf['tensor4d']>; // (N, H, W, C)
    const xp = g.ph > 0 || g.pw > 0 ? tf.pad(xh, [[0, 0], [g.ph, g.ph], [g.pw, g.pw], [0, 0]], this.padValue) : xh; // (N, H + 2ph, W + 2pw, C)
    const y = this.pool(xp, g); // (N, Ho, Wo, C)
    return nchw ? tf.transpose(y, [0, 3, 1, 2]) : y; // (N, C, Ho, Wo)
  }
}

/**
 * tfjs twin of {@link MaxPool2d}: `tf.maxPool` on input padded with $-\infty$ (on wasm, a gather of
 * the windows and `tf.max`, working around a wrong wasm `MaxPoolGrad`). Ties: `tf.maxPool`'s
 * gradient picks one maximal entry per window, `tf.max`'s gives it to every tied entry; inputs
 * without ties in a window agree with the reference exactly. Call inside `tf.tidy`.
 * @see ../../../../docs/level3-deep/conv.md
 */
export class TfMaxPool2d extends TfPool2d {
  protected readonly padValue = -Infinity;

  constructor(tf: Tf, kernelSize: IntPair, options: MaxPool2dOptions = {}) {
    super(tf, 'TfMaxPool2d', kernelSize, options);
  }

  protected pool(xp: ReturnType<Tf['tensor4d']>, g: WindowGeometry): TfTensor {
    const tf = this.tf;
    if (tf.getBackend() !== 'wasm') return tf.maxPool(xp, [g.kh, g.kw], [g.sh, g.sw], 'valid'); // (N, Ho, Wo, C)
    // tfjs-backend-wasm 4.22's MaxPoolGrad sends the gradient of an all-negative window to its
    // first entry, not its maximum; on wasm, gather every window's entries and reduce with max.
    const [N, Hp, Wp, C] = xp.shape;
    const idx = new Int32Array(g.Ho * g.Wo * g.kh * g.kw); // (Ho, Wo, kh, kw): flat position in the padded grid, from the shape only
    for (let oh = 0, k = 0; oh < g.Ho; oh++) for (let ow = 0; ow < g.Wo; ow++) for (let i = 0; i < g.kh; i++) for (let j = 0; j < g.kw; j++) idx[k++] = (oh * g.sh + i) * Wp + ow * g.sw + j;
    const patches = tf.gather(xp.reshape([N, Hp * Wp, C]), tf.tensor1d(idx, 'int32'), 1); // (N, Ho Wo kh kw, C)
    return tf.max(patches.reshape([N, g.Ho, g.Wo, g.kh * g.kw, C]), 3); // (N, Ho, Wo, C)
  }
}

/**
 * tfjs twin of {@link AvgPool2d}: `tf.avgPool` on zero-padded input (that divides by $k_h k_w$),
 * rescaled by $k_h k_w / D$ (a constant of the output grid) when `countIncludePad` is false.
 * Call inside `tf.tidy`.
 * @see ../../../../docs/level3-deep/conv.md
 */
export class TfAvgPool2d extends TfPool2d {
  protected readonly padValue = 0;
  readonly countIncludePad: boolean;

  constructor(tf: Tf, kernelSize: IntPair, options: AvgPool2dOptions = {}) {
    super(tf, 'TfAvgPool2d', kernelSize, options);
    this.countIncludePad = checkBool('TfAvgPool2d', 'countIncludePad', options?.countIncludePad ?? true);
  }

  protected pool(xp: ReturnType<Tf['tensor4d']>, g: WindowGeometry): TfTensor {
    const tf = this.tf;
    const y = tf.avgPool(xp, [g.kh, g.kw], [g.sh, g.sw], 'valid'); // (N, Ho, Wo, C), divisor kh kw
    if (this.countIncludePad || (g.ph === 0 && g.pw === 0)) return y;
    const scale = Float32Array.from(validCounts(g), (d) => (g.kh * g.kw) / d); // (Ho Wo), from the shape only
    return tf.mul(y, tf.tensor(scale, [g.Ho, g.Wo, 1], 'float32')); // (N, Ho, Wo, C)
  }
}
