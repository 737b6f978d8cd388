/**
 * The reference-path optimiser base: PyTorch's `torch.optim.Optimizer` over the float64
 * parameters of a {@link Module} (level1 autodiff `Tensor`s with `.grad`).
 *
 * ```ts
 * const opt = new AdamW(model, { lr: 1e-3 });
 * model.zeroGrad(); loss(model).backward(); opt.step();
 * ```
 * Semantics are PyTorch 1.13's, number for number:
 * - state is **per parameter** and created lazily at its first step; a parameter whose `.grad`
 *   is `null` is skipped (no moment decay, no weight decay, its step count stands still);
 * - parameter groups may override the weight decay (nanoGPT: decay matrices, not biases/norms);
 *   the learning rate is one number for every group, set by the caller or a schedule between steps.
 *
 * Cost of `step()`: $O(n)$ for $n$ parameters with a gradient, plus an $O(n)$ finiteness check.
 *
 * @see ../../../../docs/level3-deep/training.md
 */
import { InvalidInputError, InvalidParamError, ShapeError, describeValue } from '@fpml/core';
import { Tensor } from '@fpml/level1-math';
import { Module } from '../nn/module.js';

/** A set of parameters sharing hyper-parameters (PyTorch's param group; only weight decay may differ). */
export interface ParamGroup<P> {
  params: readonly P[];
  /** This group's weight decay $\lambda$. @default the optimiser's */
  weightDecay?: number;
}

/** What an optimiser is built over: a module (all its parameters), a list of parameters, or groups. */
export type ParamsArg<P, M> = M | readonly P[] | readonly ParamGroup<P>[];

/** One resolved group. */
export interface ResolvedGroup<P> {
  params: P[];
  weightDecay: number;
}

/**
 * Throw `InvalidParamError` unless `v` is a finite number in `[min, max)` (or `[min, max]`).
 * @see ../../../../docs/level3-deep/training.md
 */
export function checkHyper(owner: string, param: string, v: unknown, min: number, max = Infinity, maxOpen = false): number {
  const ok = typeof v === 'number' && Number.isFinite(v) && v >= min && (maxOpen ? v < max : v <= max);
  if (!ok) throw new InvalidParamError(owner, param, v, `a finite number in [${min}, ${max}${maxOpen ? ')' : ']'}`);
  return v as number;
}

/**
 * Resolve a {@link ParamsArg} into groups, checking every parameter with `isParam`, that none is
 * repeated (PyTorch raises for that too) and that there is at least one.
  * @see ../../../../docs/level3-deep/training.md
 */
export function resolveGroups<P, M>(owner: string, params: ParamsArg<P, M>, isModule: (x: unknown) => x is M, paramsOf: (m: M) => P[], isParam: (x: unknown) => x is P, defaultWd: number): ResolvedGroup<P>[] {
  let groups: { params: readonly P[]; weightDecay?: number }[];
  if (isModule(params)) groups = [{ params: paramsOf(params) }];
  else if (Array.isArray(params) && params.length > 0 && params.every((g) => isParam(g))) groups = [{ params: params as readonly P[] }];
  else if (Array.isArray(params) && params.length > 0) groups = params as ParamGroup<P>[];
  else throw new InvalidInputError(`${owner}: params must be a module, a non-empty array of parameters or of { params, weightDecay? } groups, got ${describeValue(params)}`);
  const seen = new Set<P>();
  const out = groups.map((g, gi) => {
    if (g === null || typeof g !== 'object' || !Array.isArray(g.params)) throw new InvalidInputError(`${owner}: params[${gi}] must be a parameter or a { params, weightDecay? } group, got ${describeValue(g)}`);
    g.params.forEach((p, i) => {
      if (!isParam(p)) throw new InvalidInputError(`${owner}: group ${gi} params[${i}] must be a parameter, got ${describeValue(p)}`);
      if (seen.has(p)) throw new InvalidInputError(`${owner}: a parameter appears twice (group ${gi}, index ${i})`);
      seen.add(p);
    });
    const weightDecay = g.weightDecay === undefined ? defaultWd : checkHyper(owner, `groups[${gi}].weightDecay`, g.weightDecay, 0);
    return { params: g.params.slice(), weightDecay };
  });
  if (seen.size === 0) throw new InvalidInputError(`${owner}: no parameters to optimise`);
  return out;
}

const isModule = (x: unknown): x is Module<unknown[], unknown> => x instanceof Module;
const isTensor = (x: unknown): x is Tensor => x instanceof Tensor && x.isLeaf && x.requiresGrad;

/** Per-parameter state every optimiser keeps: its own step count (PyTorch's `state['step']`). */
export interface StepState {
  step: number;
}

/**
 * Base class of the float64 optimisers ({@link SGD}, {@link Adam}, {@link AdamW}).
 * @see ../../../../docs/level3-deep/training.md
 */
export abstract class Optimizer<S extends StepState = StepState> {
  readonly groups: readonly ResolvedGroup<Tensor>[];
  #lr: number;
  #state = new Map<Tensor, S>();
  #steps = 0;

  protected constructor(
    readonly owner: string,
    params: ParamsArg<Tensor, Module<unknown[], unknown>>,
    lr: number,
    defaultWeightDecay: number,
  ) {
    this.#lr = checkHyper(owner, 'lr', lr, 0);
    this.groups = resolveGroups(owner, params, isModule, (m) => m.parameters(), isTensor, defaultWeightDecay);
  }

  /** The learning rate $\eta$ of the next step (writable between steps, e.g. by a schedule). */
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

  /** Every optimised parameter, group by group. */
  get params(): Tensor[] {
    return this.groups.flatMap((g) => g.params);
  }

  /** The state of one parameter (undefined before its first step). */
  stateOf(p: Tensor): Readonly<S> | undefined {
    return this.#state.get(p);
  }

  /** Set every optimised parameter's `.grad` to `null` (PyTorch's `zero_grad(set_to_none=True)`). */
  zeroGrad(): void {
    for (const p of this.params) p.grad = null;
  }

  /** Forget all state (moments, buffers, step counts). */
  reset(): void {
    this.#state.clear();
    this.#steps = 0;
  }

  /**
   * One update of every parameter that has a gradient, in place on `p.data`.
   * @throws ShapeError if a gradient's size differs from its parameter's;
   *   InvalidInputError for a NaN/Inf gradient (nothing is updated then).
   */
  step(): void {
    const work: [Tensor, Float64Array, number][] = [];
    for (const g of this.groups) {
      for (const p of g.params) {
        if (p.grad === null) continue;
        const gd = p.grad.data;
        if (gd.length !== p.data.length) throw new ShapeError(`${this.owner}.step: a parameter of shape [${p.shape.join(',')}] has a gradient of ${gd.length} values`);
        for (let i = 0; i < gd.length; i++) {
          if (!Number.isFinite(gd[i]!)) throw new InvalidInputError(`${this.owner}.step: a gradient of shape [${p.shape.join(',')}] holds ${describeValue(gd[i])} at index ${i} (step ${this.#steps + 1}); the loss diverged or a backward pass is broken`);
        }
        work.push([p, gd, g.weightDecay]);
      }
    }
    this.#steps++;
    for (const [p, gd, wd] of work) {
      let s = this.#state.get(p);
      if (s === undefined) this.#state.set(p, (s = this.initState(p.data.length)));
      s.step++;
      this.update(p.data, gd, s, wd);
    }
  }

  /** Fresh state (step 0) for a parameter of `n` values. */
  protected abstract initState(n: number): S;
  /** The update rule: change `p` in place from `g`; `s.step` is already this step's (1-based). */
  protected abstract update(p: Float64Array, g: Float64Array, s: S, weightDecay: number): void;
}
