/**
 * What the W6 trainers share ({@link FastGptTrainer}, eager tfjs; {@link GraphGptTrainer}, one
 * libtensorflow graph): the config, the flat parameter layout $\theta \in \mathbb R^P$, the
 * initialisation ($\mathcal N(0, 0.02^2)$ matrices from core's `Rng` in layout order, biases 0,
 * LayerNorm $\gamma = 1$, $\beta = 0$) and the argument checks. Same seed, same $\theta$.
 *
 * @see ../../../../docs/level3-deep/performance.md
 */
import { InvalidInputError, describeValue, type Rng } from '@fpml/core';
import { checkPositiveInt, toRng, type RngLike } from '../nn/rng.js';

/** Sizes of the decoder-only transformer (W6: 65, 128, 4, 2, 512, 64). */
export interface FastGptConfig {
  /** $V$. */
  vocab: number;
  /** $C$. */
  dModel: number;
  /** $H$ (divides $C$). */
  nHead: number;
  /** $L$. */
  nLayer: number;
  /** FFN width. */
  dFf: number;
  /** $T_\text{max}$. */
  context: number;
}

/** Options of {@link FastGptTrainer} and {@link GraphGptTrainer}. */
export interface FastGptOptions {
  /** Initial weights. Required. */
  rng: RngLike;
  /** Adam step size $\eta$. @default 1e-3 */
  lr?: number;
  /** @default 0.9 */
  beta1?: number;
  /** @default 0.999 */
  beta2?: number;
  /** @default 1e-8 */
  eps?: number;
}

/** One named slice of $\theta$. */
export interface ParamSlot {
  name: string;
  shape: number[];
  offset: number;
  size: number;
}

/** The parameter layout: names, shapes and offsets into $\theta$ (wte and wpe adjacent, so they form one table). */
export function fastGptLayout(cfg: FastGptConfig): ParamSlot[] {
  const { vocab: V, dModel: C, nLayer: L, dFf: F, context: Tm } = cfg;
  const shapes: [string, number[]][] = [['wte', [V, C]], ['wpe', [Tm, C]]];
  for (let l = 0; l < L; l++) {
    shapes.push([`h.${l}.ln1.weight`, [C]], [`h.${l}.ln1.bias`, [C]], [`h.${l}.attn.wqkv`, [C, 3 * C]], [`h.${l}.attn.bqkv`, [3 * C]]);
    shapes.push([`h.${l}.attn.wo`, [C, C]], [`h.${l}.attn.bo`, [C]], [`h.${l}.ln2.weight`, [C]], [`h.${l}.ln2.bias`, [C]]);
    shapes.push([`h.${l}.mlp.w1`, [C, F]], [`h.${l}.mlp.b1`, [F]], [`h.${l}.mlp.w2`, [F, C]], [`h.${l}.mlp.b2`, [C]]);
  }
  shapes.push(['ln_f.weight', [C]], ['ln_f.bias', [C]], ['head.weight', [C, V]], ['head.bias', [V]]);
  let offset = 0;
  return shapes.map(([name, shape]) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const slot = { name, shape, offset, size };
    offset += size;
    return slot;
  });
}


/** Checked Adam hyper-parameters and the generator for the initial weights. */
export interface GptTrainerArgs {
  rng: Rng;
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
}

/**
 * Validate a trainer's config and options (named after `own` in errors).
 * @throws InvalidParamError for a non-positive-integer size, InvalidInputError for dModel not
 *   divisible by nHead or an Adam option out of range
 */
export function checkGptTrainerArgs(own: string, config: FastGptConfig, options: FastGptOptions): GptTrainerArgs {
  for (const k of ['vocab', 'dModel', 'nHead', 'nLayer', 'dFf', 'context'] as const) checkPositiveInt(own, k, config?.[k]);
  if (config.dModel % config.nHead !== 0) throw new InvalidInputError(`${own}: dModel ${config.dModel} must be divisible by nHead ${config.nHead}`);
  const rng = toRng(options?.rng, own);
  const num = (k: 'lr' | 'beta1' | 'beta2' | 'eps', d: number, ok: (v: number) => boolean) => {
    const v = options[k] ?? d;
    if (typeof v !== 'number' || !ok(v)) throw new InvalidInputError(`${own}: ${k} must be a number in its range, got ${describeValue(v)}`);
    return v;
  };
  return {
    rng,
    lr: num('lr', 1e-3, (v) => v > 0 && Number.isFinite(v)),
    beta1: num('beta1', 0.9, (v) => v >= 0 && v < 1),
    beta2: num('beta2', 0.999, (v) => v >= 0 && v < 1),
    eps: num('eps', 1e-8, (v) => v >= 0 && Number.isFinite(v)),
  };
}

/** The initial $\theta$ for `layout`: matrices $\mathcal N(0, 0.02^2)$ drawn in layout order, LayerNorm weights 1, the rest 0. */
export function initGptTheta(layout: readonly ParamSlot[], rng: Rng): Float32Array {
  const P = layout.reduce((s, p) => s + p.size, 0);
  const init = new Float32Array(P); // (P,)
  for (const p of layout) {
    const leaf = p.name.split('.').pop()!;
    if (p.shape.length === 2) for (let i = 0; i < p.size; i++) init[p.offset + i] = rng.normal(0, 0.02);
    else if (leaf === 'weight') init.fill(1, p.offset, p.offset + p.size); // LayerNorm gamma
  }
  return init;
}
