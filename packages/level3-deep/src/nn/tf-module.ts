/**
 * The heavy-path module system: the tfjs twin of {@link Module}, with the same names, the same
 * state dicts and the same `train()`/`eval()` switch, holding its state in `tf.Variable`s on
 * the backend that `@fpml/core/tf`'s resolver chose (the `tf` passed to the constructor).
 *
 * Contract of every twin:
 * - `forward` builds tfjs tensors and never disposes its inputs; call it inside the caller's
 *   `tf.tidy` (or a `variableGrads`/`minimize` closure), which frees every intermediate;
 * - parameters are trainable variables, buffers non-trainable ones (`variableGrads` skips them);
 * - {@link TfModule.stateDict} reads float32 values back as float64; {@link TfModule.loadStateDict}
 *   rounds float64 to float32, so `twin.loadStateDict(ref.stateDict())` gives both paths the
 *   same weights (parity tests do exactly that);
 * - {@link TfModule.dispose} frees every variable; a disposed module must not be used.
 *
 * @see ../../../../docs/level3-deep/layers.md
 */
import { InvalidInputError, InvalidParamError, describeValue } from '@fpml/core';
import type { Tf } from '@fpml/core/tf';
import type { Tensor as TfTensor, Variable } from '@tensorflow/tfjs';
import { checkStateDict, sizeOfShape, type StateDict, type StateEntry } from './state-dict.js';

export type { TfTensor, Variable };

const NAME = /^[A-Za-z0-9_]+$/;

/** Any twin, whatever its forward signature. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTfModule = TfModule<any[], unknown>;

type Slot = { kind: 'param' | 'buffer'; v: Variable } | { kind: 'module'; m: AnyTfModule };

/** Values a variable can be created from: float64 data with a shape, or a tfjs tensor (copied). */
export type VariableInit = StateEntry | TfTensor;

/**
 * Base class of every tfjs twin. `In` is the argument list of `forward`, `Out` its result.
 * @see ../../../../docs/level3-deep/layers.md
 */
export abstract class TfModule<In extends unknown[] = [TfTensor], Out = TfTensor> {
  #slots = new Map<string, Slot>();
  #training = true;
  #disposed = false;

  /** @param tf the tfjs namespace from `getTf()`; variables live on its active backend. */
  constructor(readonly tf: Tf) {
    if (tf === null || typeof tf !== 'object' || typeof (tf as Tf).variable !== 'function') {
      throw new InvalidInputError(`${new.target.name}: tf must be the tfjs namespace from getTf(), got ${describeValue(tf)}`);
    }
  }

  /** The forward computation; call inside `tf.tidy`. Does not dispose its inputs. */
  abstract forward(...inputs: In): Out;

  get name(): string {
    return this.constructor.name;
  }

  get training(): boolean {
    return this.#training;
  }

  get disposed(): boolean {
    return this.#disposed;
  }

  #claim(name: string, what: string): void {
    if (typeof name !== 'string' || !NAME.test(name)) throw new InvalidParamError(`${this.name}.${what}`, 'name', name, 'letters, digits or underscores (no dots)');
    if (this.#slots.has(name)) throw new InvalidParamError(`${this.name}.${what}`, 'name', name, 'a name not registered yet');
  }

  #variable(init: VariableInit, trainable: boolean, what: string): Variable {
    const tf = this.tf;
    if (init instanceof tf.Tensor) return tf.tidy(() => tf.variable(init.asType('float32'), trainable)); // the variable keeps the data; the cast is freed
    const e = init as StateEntry;
    if (e === null || typeof e !== 'object' || !Array.isArray(e.shape) || !ArrayBuffer.isView(e.data) || e.data.length !== sizeOfShape(e.shape)) {
      throw new InvalidInputError(`${this.name}.${what}: expected { shape, data } with data of the shape's size or a tf.Tensor, got ${describeValue(init)}`);
    }
    return tf.tidy(() => tf.variable(tf.tensor(Float32Array.from(e.data), e.shape, 'float32'), trainable));
  }

  /** Register a trainable `tf.Variable` made from `init` (float64 values are rounded to float32). */
  protected registerParameter(name: string, init: VariableInit): Variable {
    this.#claim(name, 'registerParameter');
    const v = this.#variable(init, true, 'registerParameter');
    this.#slots.set(name, { kind: 'param', v });
    return v;
  }

  /** Register a non-trainable variable (running statistics, counters). */
  protected registerBuffer(name: string, init: VariableInit): Variable {
    this.#claim(name, 'registerBuffer');
    const v = this.#variable(init, false, 'registerBuffer');
    this.#slots.set(name, { kind: 'buffer', v });
    return v;
  }

  /** Register a child twin (it must share this module's `tf`). Returns the child. */
  protected registerModule<M extends AnyTfModule>(name: string, m: M): M {
    this.#claim(name, 'registerModule');
    if (!(m instanceof TfModule)) throw new InvalidInputError(`${this.name}.registerModule: ${name} must be a TfModule, got ${describeValue(m)}`);
    this.#slots.set(name, { kind: 'module', m });
    return m;
  }

  namedChildren(): [string, AnyTfModule][] {
    const out: [string, AnyTfModule][] = [];
    for (const [k, s] of this.#slots) if (s.kind === 'module') out.push([k, s.m]);
    return out;
  }

  /** Every trainable variable, recursively, with dotted names (same names as the reference module). */
  namedParameters(prefix = ''): [string, Variable][] {
    const out: [string, Variable][] = [];
    for (const [k, s] of this.#slots) if (s.kind === 'param') out.push([prefix + k, s.v]);
    for (const [k, m] of this.namedChildren()) out.push(...m.namedParameters(`${prefix}${k}.`));
    return out;
  }

  parameters(): Variable[] {
    return this.namedParameters().map(([, v]) => v);
  }

  namedBuffers(prefix = ''): [string, Variable][] {
    const out: [string, Variable][] = [];
    for (const [k, s] of this.#slots) if (s.kind === 'buffer') out.push([prefix + k, s.v]);
    for (const [k, m] of this.namedChildren()) out.push(...m.namedBuffers(`${prefix}${k}.`));
    return out;
  }

  #namedState(prefix = ''): [string, Variable][] {
    const out: [string, Variable][] = [];
    for (const [k, s] of this.#slots) if (s.kind === 'param') out.push([prefix + k, s.v]);
    for (const [k, s] of this.#slots) if (s.kind === 'buffer') out.push([prefix + k, s.v]);
    for (const [k, m] of this.namedChildren()) out.push(...(m as AnyTfModule).#namedState(`${prefix}${k}.`));
    return out;
  }

  get numParameters(): number {
    return this.parameters().reduce((s, v) => s + v.size, 0);
  }

  /** Every parameter and buffer as float64 copies (a synchronous read of each variable). */
  stateDict(): StateDict {
    this.#assertLive('stateDict');
    const sd: StateDict = {};
    for (const [k, v] of this.#namedState()) sd[k] = { shape: v.shape.slice(), data: Float64Array.from(v.dataSync()) };
    return sd;
  }

  /**
   * Assign `sd` to the variables (float64 rounded to float32). Strict, as {@link Module.loadStateDict}.
   * @throws StateDictError / InvalidInputError as there.
   */
  loadStateDict(sd: StateDict): this {
    this.#assertLive('loadStateDict');
    const named = this.#namedState();
    checkStateDict(this.name, new Map(named.map(([k, v]) => [k, v.shape])), sd);
    const tf = this.tf;
    tf.tidy(() => {
      for (const [k, v] of named) v.assign(tf.tensor(Float32Array.from(sd[k]!.data), v.shape, 'float32'));
    });
    return this;
  }

  train(mode = true): this {
    if (typeof mode !== 'boolean') throw new InvalidParamError(`${this.name}.train`, 'mode', mode, 'true or false');
    this.#training = mode;
    for (const [, m] of this.namedChildren()) m.train(mode);
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  /** Free every variable of this module and its children. Idempotent. */
  dispose(): void {
    if (this.#disposed) return;
    for (const [, s] of this.#slots) {
      if (s.kind === 'module') s.m.dispose();
      else s.v.dispose();
    }
    this.#disposed = true;
  }

  #assertLive(what: string): void {
    if (this.#disposed) throw new InvalidInputError(`${this.name}.${what}: the module was disposed`);
  }
}
