/**
 * The tfjs-path optimiser base: the twin of {@link Optimizer} over a {@link TfModule}'s
 * variables, with the same update rules (float32) and two memory layouts:
 *
 * - `'flat'` (the default except on wasm): the optimiser's moment buffers are single $(n,)$ variables over all
 *   parameters; each step concatenates the gradients and the parameters, runs the update rule
 *   once on $(n,)$ vectors, splits the result and `assign`s each variable. Op count per step
 *   $\approx 3k + c$ for $k$ parameter tensors ($c \approx 13$ for AdamW), independent of the rule.
 * - `'perParam'`: one set of buffers per variable and the rule applied per variable,
 *   $\approx c\,k$ ops. Parameters missing from `grads` are skipped (PyTorch's rule, own step counts).
 *
 * Both run inside one `tf.tidy` per step and update in place with `Variable.assign`; the
 * measured difference is in bench/optim.bench.ts and docs/level3-deep/training.md.
 *
 * ```ts
 * const opt = new TfAdamW(tf, twin, { lr: 1e-3 });
 * tf.tidy(() => {
 *   const { value, grads } = tf.variableGrads(() => lossOf(twin), opt.params);
 *   opt.step(grads, { maxGradNorm: 1 });   // returns the pre-clip norm
 * });
 * ```
 *
 * @see ../../../../docs/level3-deep/training.md
 */
import { InvalidInputError, InvalidParamError, ShapeError, describeValue } from '@fpml/core';
import type { Tf } from '@fpml/core/tf';
import { TfModule, type TfTensor, type Variable } from '../nn/tf-module.js';
import { CLIP_EPS, checkClip, tfTotalNorm } from './clip.js';
import { checkHyper, resolveGroups, type ParamsArg, type ResolvedGroup } from './optimizer.js';

/** Memory layout of a twin optimiser's state (see the file header). */
export type TfLayout = 'flat' | 'perParam';

/** Options every twin optimiser takes. */
export interface TfLayoutOptions {
  /**
   * `'auto'` picks by the active backend at construction: `'perParam'` on wasm (its concat/split
   * are slow), `'flat'` elsewhere (fewer ops; faster on tensorflow and cpu), per bench/optim.bench.ts.
   * @default 'auto'
   */
  layout?: TfLayout | 'auto';
}

/**
 * The layout `'auto'` resolves to on a backend.
 * @see ../../../../docs/level3-deep/training.md
 */
export function autoLayout(backend: string): TfLayout {
  return backend === 'wasm' ? 'perParam' : 'flat';
}

/** Clipping requested from {@link TfOptimizer.step}. */
export interface TfStepOptions {
  /** Clip the global gradient norm to this (PyTorch's `clip_grad_norm_`); `Infinity` only measures it. */
  maxGradNorm?: number;
  /** @default 2 */
  normType?: number;
  /** @default true */
  errorIfNonfinite?: boolean;
}

/** Gradients for a step: a map by variable name (`tf.variableGrads`) or a list aligned with `params` (null: none). */
export type TfStepGrads = Readonly<Record<string, TfTensor>> | readonly (TfTensor | null | undefined)[];

interface ParamState {
  step: number;
  bufs: Variable[];
}

/**
 * Base class of the float32 twins ({@link TfSGD}, {@link TfAdam}, {@link TfAdamW}).
 * @see ../../../../docs/level3-deep/training.md
 */
export abstract class TfOptimizer {
  readonly groups: readonly ResolvedGroup<Variable>[];
  readonly params: readonly Variable[];
  readonly layout: TfLayout;
  #lr: number;
  #steps = 0;
  #consts = new Map<number, TfTensor>();
  #stepScalars = new Map<number, TfTensor>();
  #flat: { bufs: Variable[]; step: number; wd: number | TfTensor; sizes: number[] } | null = null;
  #per = new Map<Variable, ParamState>();
  #disposed = false;

  protected constructor(
    readonly tf: Tf,
    readonly owner: string,
    params: ParamsArg<Variable, TfModule<unknown[], unknown>>,
    lr: number,
    defaultWeightDecay: number,
    layout: unknown,
  ) {
    if (tf === null || typeof tf !== 'object' || typeof (tf as Tf).variable !== 'function') throw new InvalidInputError(`${owner}: tf must be the tfjs namespace from getTf(), got ${describeValue(tf)}`);
    this.#lr = checkHyper(owner, 'lr', lr, 0);
    const isVar = (x: unknown): x is Variable => x instanceof tf.Variable && x.trainable;
    this.groups = resolveGroups(owner, params, (x): x is TfModule<unknown[], unknown> => x instanceof TfModule, (m) => m.parameters(), isVar, defaultWeightDecay);
    this.params = this.groups.flatMap((g) => g.params);
    if (layout !== undefined && layout !== 'auto' && layout !== 'flat' && layout !== 'perParam') throw new InvalidParamError(owner, 'layout', layout, "'auto', 'flat' or 'perParam'");
    this.layout = layout === undefined || layout === 'auto' ? autoLayout(tf.getBackend()) : (layout as TfLayout);
  }

  get lr(): number {
    return this.#lr;
  }
  set lr(v: number) {
    this.#lr = checkHyper(this.owner, 'lr', v, 0);
  }

  /** Calls of {@link step} so far. */
  get stepCount(): number {
    return this.#steps;
  }

  /** Number of state buffers per parameter (0 for plain SGD, 1 momentum, 2 Adam, 3 AMSGrad). */
  protected abstract get numBuffers(): number;

  /**
   * The update rule on tensors of one shape: return the new parameter and `assign` the buffers.
   * `t` is this parameter's step (1-based), `wd` its weight decay (number, or a vector in the flat layout).
   */
  protected abstract rule(p: TfTensor, g: TfTensor, bufs: Variable[], t: number, wd: number | TfTensor): TfTensor;

  /** A cached scalar for a fixed hyper-parameter (kept until {@link dispose}). */
  protected c(v: number): TfTensor {
    let s = this.#consts.get(v);
    if (s === undefined) this.#consts.set(v, (s = this.tf.keep(this.tf.scalar(v, 'float32'))));
    return s;
  }

  /** A scalar for a value that changes between steps (learning rate, bias corrections); freed with the step. */
  protected s(v: number): TfTensor {
    let x = this.#stepScalars.get(v);
    if (x === undefined) this.#stepScalars.set(v, (x = this.tf.scalar(v, 'float32')));
    return x;
  }

  #gradsList(grads: TfStepGrads): (TfTensor | null)[] {
    const tf = this.tf;
    let list: (TfTensor | null | undefined)[];
    if (Array.isArray(grads)) {
      if (grads.length !== this.params.length) throw new ShapeError(`${this.owner}.step: ${grads.length} gradients for ${this.params.length} parameters`);
      list = grads.slice();
    } else if (grads !== null && typeof grads === 'object') {
      const known = new Set(this.params.map((v) => v.name));
      const extra = Object.keys(grads).filter((k) => !known.has(k));
      if (extra.length) throw new InvalidInputError(`${this.owner}.step: gradients for variables this optimiser does not hold: ${extra.slice(0, 5).join(', ')}`);
      list = this.params.map((v) => (grads as Record<string, TfTensor>)[v.name]);
    } else throw new InvalidInputError(`${this.owner}.step: grads must be a map by variable name or an array, got ${describeValue(grads)}`);
    return list.map((g, i) => {
      const v = this.params[i]!;
      if (g === null || g === undefined) {
        if (this.layout === 'flat') throw new InvalidInputError(`${this.owner}.step: no gradient for variable ${v.name} (shape [${v.shape.join(',')}]); the flat layout needs every parameter's (use layout 'perParam' to skip some)`);
        return null;
      }
      if (!(g instanceof tf.Tensor)) throw new InvalidInputError(`${this.owner}.step: the gradient of ${v.name} must be a tf.Tensor, got ${describeValue(g)}`);
      if (g.shape.length !== v.shape.length || g.shape.some((d, j) => d !== v.shape[j])) throw new ShapeError(`${this.owner}.step: gradient of shape [${g.shape.join(',')}] for variable ${v.name} of shape [${v.shape.join(',')}]`);
      return g;
    });
  }

  /**
   * One update of every parameter that has a gradient, in place (`assign`), inside its own
   * `tf.tidy`; the gradients are not disposed. With `maxGradNorm`, the gradients are first
   * clipped to that global norm and the pre-clip norm is returned (one scalar read); else `null`.
   * @throws ShapeError / InvalidInputError for gradients that do not fit; InvalidInputError for a
   *   non-finite norm (nothing updated); InvalidInputError after {@link dispose}.
   */
  step(grads: TfStepGrads, options: TfStepOptions = {}): number | null {
    if (this.#disposed) throw new InvalidInputError(`${this.owner}.step: the optimiser was disposed`);
    const tf = this.tf;
    const list = this.#gradsList(grads);
    const clip = options.maxGradNorm === undefined ? null : checkClip(`${this.owner}.step`, options.maxGradNorm, options);
    let norm: number | null = null;
    try {
      tf.tidy(() => {
        norm = this.#step(list, clip);
      });
      return norm;
    } finally {
      this.#stepScalars.clear();
    }
  }

  #step(list: (TfTensor | null)[], clip: [number, number, boolean] | null): number | null {
    const tf = this.tf;
    let norm: number | null = null;
    if (this.layout === 'flat') {
      let g = tf.concat(list.map((x) => x!.reshape([-1]))); // (n,)
      if (clip) {
        const [coef, n] = this.#clipCoef([g], clip);
        [g, norm] = [tf.mul(g, coef), n]; // g ← c g
      }
      this.#stepFlat(g);
    } else {
      const present = list.filter((x): x is TfTensor => x !== null);
      let gs = list;
      if (clip && present.length) {
        const [coef, n] = this.#clipCoef(present, clip);
        norm = n;
        gs = list.map((x) => (x === null ? null : tf.mul(x, coef))); // g ← c g
      }
      this.#stepPer(gs);
    }
    this.#steps++;
    return norm;
  }

  #clipCoef(gs: TfTensor[], [max, p, check]: [number, number, boolean]): [TfTensor, number] {
    const tf = this.tf;
    const normT = tfTotalNorm(this.tf, gs, p); // N
    const norm = normT.dataSync()[0]!;
    if (check && !Number.isFinite(norm)) throw new InvalidInputError(`${this.owner}.step: the total gradient norm is ${describeValue(norm)} (step ${this.#steps + 1}); the loss diverged or a backward pass is broken`);
    return [tf.minimum(tf.div(max, tf.add(normT, CLIP_EPS)), 1), norm]; // c = min(1, maxNorm / (N + 1e-6))
  }

  #stepFlat(g: TfTensor): void {
    const tf = this.tf;
    if (this.#flat === null) {
      const sizes = this.params.map((v) => v.size);
      const n = sizes.reduce((a, b) => a + b, 0);
      const bufs = Array.from({ length: this.numBuffers }, () => tf.variable(tf.zeros([n], 'float32'), false));
      const wds = this.groups.map((gr) => gr.weightDecay);
      let wd: number | TfTensor = wds[0]!;
      if (wds.some((w) => w !== wds[0])) {
        const vec = new Float32Array(n);
        let o = 0;
        for (const gr of this.groups) for (const v of gr.params) vec.fill(gr.weightDecay, o, (o += v.size));
        wd = tf.keep(tf.tensor1d(vec, 'float32')); // λ per element, (n,)
      }
      this.#flat = { bufs, step: 0, wd, sizes };
    }
    const f = this.#flat;
    f.step++;
    const p = tf.concat(this.params.map((v) => v.reshape([-1]))); // (n,)
    const next = this.rule(p, g, f.bufs, f.step, f.wd); // (n,)
    const parts = tf.split(next, f.sizes);
    this.params.forEach((v, i) => v.assign(parts[i]!.reshape(v.shape)));
  }

  #stepPer(gs: (TfTensor | null)[]): void {
    const tf = this.tf;
    let i = 0;
    for (const gr of this.groups) {
      for (const v of gr.params) {
        const g = gs[i++];
        if (g === null || g === undefined) continue;
        let s = this.#per.get(v);
        if (s === undefined) {
          s = { step: 0, bufs: Array.from({ length: this.numBuffers }, () => tf.variable(tf.zerosLike(v), false)) };
          this.#per.set(v, s);
        }
        s.step++;
        v.assign(this.rule(v, g, s.bufs, s.step, gr.weightDecay));
      }
    }
  }

  /** Steps taken by one parameter (0 before its first). */
  stepOf(v: Variable): number {
    return this.layout === 'flat' ? (this.#flat?.step ?? 0) : (this.#per.get(v)?.step ?? 0);
  }

  /** Free the state buffers and cached scalars. Idempotent; the optimiser cannot step afterwards. */
  dispose(): void {
    if (this.#disposed) return;
    if (this.#flat) {
      this.#flat.bufs.forEach((b) => b.dispose());
      if (typeof this.#flat.wd !== 'number') this.#flat.wd.dispose();
    }
    for (const s of this.#per.values()) s.bufs.forEach((b) => b.dispose());
    for (const c of this.#consts.values()) c.dispose();
    this.#flat = null;
    this.#per.clear();
    this.#consts.clear();
    this.#disposed = true;
  }
}
