/**
 * The stateful optimiser base: one update rule, applied in place to any number of parameter
 * arrays, as in a training loop (`opt.step(params, grads)` after each backward pass).
 *
 * `minimize` drives the very same objects over a single array, so the update rules exist once.
 *
 * @see ../../../../docs/level1-math/optim.md
 */
import { InvalidInputError, InvalidParamError, ShapeError, describeValue } from '@fpml/core';

/** One parameter array or a list of them; updated in place. */
export type ParamArrays = Float64Array | readonly Float64Array[];

/** Throw `InvalidParamError` unless `value` is a finite number in the range. */
export function checkNumber(owner: string, param: string, value: unknown, range: { min?: number; max?: number; minOpen?: boolean; maxOpen?: boolean }): number {
  const { min, max, minOpen = false, maxOpen = false } = range;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (min === undefined || (minOpen ? value > min : value >= min)) &&
    (max === undefined || (maxOpen ? value < max : value <= max));
  if (!ok) {
    const lo = min === undefined ? '' : `${minOpen ? '>' : '≥'} ${min}`;
    const hi = max === undefined ? '' : `${maxOpen ? '<' : '≤'} ${max}`;
    throw new InvalidParamError(owner, param, value, `a finite number ${[lo, hi].filter(Boolean).join(' and ')}`.trim());
  }
  return value;
}

/** Throw `InvalidParamError` unless `value` is a boolean. */
export function checkBoolean(owner: string, param: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new InvalidParamError(owner, param, value, 'true or false');
  return value;
}

function asList(x: ParamArrays, what: string, owner: string): readonly Float64Array[] {
  const list = x instanceof Float64Array ? [x] : x;
  if (!Array.isArray(list) || list.length === 0) throw new InvalidInputError(`${owner}.step: ${what} must be a Float64Array or a non-empty array of them, got ${describeValue(x)}`);
  list.forEach((a, i) => {
    if (!(a instanceof Float64Array)) throw new InvalidInputError(`${owner}.step: ${what}[${i}] must be a Float64Array, got ${describeValue(a)}`);
  });
  return list;
}

/**
 * Base of the stochastic-gradient optimisers (SGD, Adagrad, RMSprop, Adam, AdamW).
 *
 * State is kept per parameter array, by position: pass the arrays in the same order at every
 * step (as PyTorch keeps it per parameter). The step counter $t$ starts at 1 on the first step.
 * Each step costs $O(n)$ for $n$ parameters in total.
 */
export abstract class Optimizer<S> {
  /** Short name, e.g. `'adam'`. */
  abstract readonly name: string;
  #lr: number;
  #states: S[] | null = null;
  #sizes: number[] = [];
  #t = 0;

  protected constructor(lr: number, owner: string) {
    this.#lr = checkNumber(owner, 'lr', lr, { min: 0 });
  }

  /** The learning rate; writable between steps (schedules). */
  get lr(): number {
    return this.#lr;
  }
  set lr(value: number) {
    this.#lr = checkNumber(this.constructor.name, 'lr', value, { min: 0 });
  }

  /** Steps taken so far. */
  get stepCount(): number {
    return this.#t;
  }

  /** Forget all state (moments, buffers, step count). */
  reset(): void {
    this.#states = null;
    this.#sizes = [];
    this.#t = 0;
  }

  /**
   * Update every parameter array in place from its gradient.
   *
   * @throws ShapeError when the arrays disagree with the grads or with the first step;
   *   InvalidInputError for a NaN/Inf gradient.
   */
  step(params: ParamArrays, grads: ParamArrays): void {
    const owner = this.constructor.name;
    const ps = asList(params, 'params', owner);
    const gs = asList(grads, 'grads', owner);
    if (ps.length !== gs.length) throw new ShapeError(`${owner}.step: ${ps.length} parameter arrays but ${gs.length} gradient arrays`);
    for (let i = 0; i < ps.length; i++) {
      if (ps[i]!.length !== gs[i]!.length) throw new ShapeError(`${owner}.step: params[${i}] has ${ps[i]!.length} entries but grads[${i}] has ${gs[i]!.length}`);
      const g = gs[i]!;
      for (let j = 0; j < g.length; j++) {
        if (!Number.isFinite(g[j]!)) throw new InvalidInputError(`${owner}.step: grads[${i}] contains ${describeValue(g[j])} at index ${j} (step ${this.#t + 1}); the loss diverged or the backward pass is broken`);
      }
    }
    if (this.#states === null) {
      this.#states = ps.map((p) => this.initState(p.length));
      this.#sizes = ps.map((p) => p.length);
    } else if (ps.length !== this.#sizes.length || ps.some((p, i) => p.length !== this.#sizes[i])) {
      throw new ShapeError(`${owner}.step: parameter sizes [${ps.map((p) => p.length).join(', ')}] differ from the first step's [${this.#sizes.join(', ')}]; call reset() to start over`);
    }
    this.#t++;
    for (let i = 0; i < ps.length; i++) this.update(ps[i]!, gs[i]!, this.#states[i]!, this.#t);
  }

  /** Fresh state for an array of `n` parameters. */
  protected abstract initState(n: number): S;
  /** The update rule: change `p` in place from `g` at step `t` (1-based), mutating `state`. */
  protected abstract update(p: Float64Array, g: Float64Array, state: S, t: number): void;
}
