/**
 * The reference-path module system: PyTorch's `nn.Module` over level1's float64 autodiff
 * {@link Tensor}.
 *
 * A module owns named **parameters** (leaf tensors with `requiresGrad`, updated in place by
 * optimisers), named **buffers** (tensors that are state but not trained, e.g. BatchNorm's
 * `running_mean`) and named **child modules**. Names compose with dots, so a container's
 * `namedParameters()` yields `'0.weight'`, `'block.ln.bias'`, exactly PyTorch's keys, and
 * {@link Module.stateDict} is PyTorch's `state_dict()` with float64 storage.
 *
 * Writing a custom module (register in field initialisers or the constructor):
 * ```ts
 * class Mlp extends Module {
 *   readonly fc1 = this.registerModule('fc1', new Linear(4, 16, { rng }));
 *   readonly fc2 = this.registerModule('fc2', new Linear(16, 3, { rng }));
 *   forward(x: Tensor): Tensor { return this.fc2.forward(relu(this.fc1.forward(x))); } // (n, 3)
 * }
 * ```
 * Gradients: `loss.backward()` accumulates into every parameter's `.grad` (PyTorch's rule);
 * {@link Module.zeroGrad} clears them. Updates write `p.data` in place outside a recorded
 * computation (e.g. level1's `AdamW.step(params.map(p => p.data), grads)`).
 *
 * @see ../../../../docs/level3-deep/layers.md
 */
import { InvalidInputError, InvalidParamError, describeValue } from '@fpml/core';
import { Tensor } from '@fpml/level1-math';
import { checkStateDict, type StateDict } from './state-dict.js';

/** PyTorch-style attribute names: letters, digits, underscores; no dots (dots join levels). */
const NAME = /^[A-Za-z0-9_]+$/;

/** Any reference module, whatever its forward signature. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyModule = Module<any[], unknown>;

/** What a module holds under one name. */
type Slot = { kind: 'param'; t: Tensor } | { kind: 'buffer'; t: Tensor } | { kind: 'module'; m: AnyModule };

/**
 * Base class of every float64 reference module. Subclasses register their state and implement
 * {@link forward}. `In` is the argument list of `forward`, `Out` its result.
 *
 * Cost: the bookkeeping methods are $O(\#\text{parameters})$; `stateDict` copies every value.
 *
 * @see ../../../../docs/level3-deep/layers.md
 */
export abstract class Module<In extends unknown[] = [Tensor], Out = Tensor> {
  #slots = new Map<string, Slot>();
  #training = true;

  /** The computation. Records a graph when an input or a parameter requires a gradient. */
  abstract forward(...inputs: In): Out;

  /** Class name for messages, e.g. `'Linear'`. */
  get name(): string {
    return this.constructor.name;
  }

  /** True in training mode (the default), false after {@link eval}. */
  get training(): boolean {
    return this.#training;
  }

  #claim(name: string, what: string): void {
    if (typeof name !== 'string' || !NAME.test(name)) throw new InvalidParamError(`${this.name}.${what}`, 'name', name, 'letters, digits or underscores (no dots)');
    if (this.#slots.has(name)) throw new InvalidParamError(`${this.name}.${what}`, 'name', name, 'a name not registered yet');
  }

  /**
   * Register a trainable parameter. A tensor that does not require a gradient is replaced by a
   * leaf over the same data that does. Returns the registered tensor (keep it in a field).
   */
  protected registerParameter(name: string, t: Tensor): Tensor {
    this.#claim(name, 'registerParameter');
    if (!(t instanceof Tensor)) throw new InvalidInputError(`${this.name}.registerParameter: ${name} must be a Tensor, got ${describeValue(t)}`);
    const p = t.requiresGrad && t.isLeaf ? t : new Tensor(t.data, t.shape, true);
    this.#slots.set(name, { kind: 'param', t: p });
    return p;
  }

  /** Register a buffer: state saved in the state dict but not trained (no gradient). */
  protected registerBuffer(name: string, t: Tensor): Tensor {
    this.#claim(name, 'registerBuffer');
    if (!(t instanceof Tensor)) throw new InvalidInputError(`${this.name}.registerBuffer: ${name} must be a Tensor, got ${describeValue(t)}`);
    const b = t.requiresGrad ? t.detach() : t;
    this.#slots.set(name, { kind: 'buffer', t: b });
    return b;
  }

  /** Register a child module; its parameters appear under `name.`. Returns the child. */
  protected registerModule<M extends AnyModule>(name: string, m: M): M {
    this.#claim(name, 'registerModule');
    if (!(m instanceof Module)) throw new InvalidInputError(`${this.name}.registerModule: ${name} must be a Module, got ${describeValue(m)}`);
    this.#slots.set(name, { kind: 'module', m });
    return m;
  }

  /** Direct children, in registration order. */
  namedChildren(): [string, AnyModule][] {
    const out: [string, AnyModule][] = [];
    for (const [k, s] of this.#slots) if (s.kind === 'module') out.push([k, s.m]);
    return out;
  }

  /** Every parameter, recursively, with dotted names (own ones first, then children in order). */
  namedParameters(prefix = ''): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [k, s] of this.#slots) if (s.kind === 'param') out.push([prefix + k, s.t]);
    for (const [k, m] of this.namedChildren()) out.push(...m.namedParameters(`${prefix}${k}.`));
    return out;
  }

  /** Every parameter, recursively (the order of {@link namedParameters}). */
  parameters(): Tensor[] {
    return this.namedParameters().map(([, t]) => t);
  }

  /** Every buffer, recursively, with dotted names. */
  namedBuffers(prefix = ''): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [k, s] of this.#slots) if (s.kind === 'buffer') out.push([prefix + k, s.t]);
    for (const [k, m] of this.namedChildren()) out.push(...m.namedBuffers(`${prefix}${k}.`));
    return out;
  }

  /** Parameters and buffers in PyTorch's `state_dict` order: per module, params, then buffers, then children. */
  #namedState(prefix = ''): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [k, s] of this.#slots) if (s.kind === 'param') out.push([prefix + k, s.t]);
    for (const [k, s] of this.#slots) if (s.kind === 'buffer') out.push([prefix + k, s.t]);
    for (const [k, m] of this.namedChildren()) out.push(...(m as AnyModule).#namedState(`${prefix}${k}.`));
    return out;
  }

  /** Number of trainable scalars. */
  get numParameters(): number {
    return this.parameters().reduce((s, p) => s + p.size, 0);
  }

  /** A copy of every parameter and buffer by dotted name (PyTorch's keys and layouts). $O(\#\text{values})$. */
  stateDict(): StateDict {
    const sd: StateDict = {};
    for (const [k, t] of this.#namedState()) sd[k] = { shape: t.shape.slice(), data: Float64Array.from(t.data) };
    return sd;
  }

  /**
   * Copy `sd` into the parameters and buffers, in place (tensors keep their identity, so an
   * optimiser holding them sees the new values). Strict: the keys must be exactly this module's
   * and every shape must match.
   * @throws StateDictError listing missing keys, unexpected keys and shape mismatches;
   *   InvalidInputError for a malformed entry or a non-finite value.
   */
  loadStateDict(sd: StateDict): this {
    const named = this.#namedState();
    checkStateDict(this.name, new Map(named.map(([k, t]) => [k, t.shape])), sd);
    for (const [k, t] of named) t.data.set(sd[k]!.data);
    return this;
  }

  /** Set training mode on this module and every descendant (Dropout, BatchNorm read it). */
  train(mode = true): this {
    if (typeof mode !== 'boolean') throw new InvalidParamError(`${this.name}.train`, 'mode', mode, 'true or false');
    this.#training = mode;
    for (const [, m] of this.namedChildren()) m.train(mode);
    return this;
  }

  /** Evaluation mode: `train(false)`. */
  eval(): this {
    return this.train(false);
  }

  /** Clear the accumulated `.grad` of every parameter. */
  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = null;
  }
}
