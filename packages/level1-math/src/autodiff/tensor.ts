/**
 * The float64 tensor of fpml's reference autodiff engine, and the one place where a node of the
 * computation graph is made ({@link fromOp}).
 *
 * A tensor is an immutable row-major `Float64Array` with a shape. When gradient recording is on
 * and any input of an op requires a gradient, the result remembers its parents and a backward
 * closure $\bar x_i = \bar y\,\partial y/\partial x_i$ (vector–Jacobian product) written with the
 * same differentiable ops, so a backward pass can itself be recorded (higher-order gradients).
 *
 * @see ../../../../docs/level1-math/autodiff.md
 */
import { InvalidInputError, ShapeError, describeValue } from '@fpml/core';
import { Matrix } from '@fpml/core';
import * as ew from './ops/elementwise.js';
import * as red from './ops/reduce.js';
import * as mm from './ops/matmul.js';
import * as sh from './ops/shape.js';
import * as nn from './ops/nn.js';
import { backwardInto } from './grad.js';
import { isRecording } from './mode.js';
import { formatShape, sizeOf } from './shape-util.js';

/**
 * Vector–Jacobian product of one op: given $\bar y = \partial L/\partial y$ (same shape as the
 * output), return $\partial L/\partial x_i$ for each parent (same shape as that parent), or `null`
 * for a parent that needs no gradient.
 */
export type BackwardFn = (g: Tensor) => (Tensor | null)[];

/** Anything a binary op accepts: a tensor or a plain number (a constant scalar). */
export type TensorLike = Tensor | number;

/** Options of {@link tensor}. */
export interface TensorOptions {
  /** Record operations on this tensor so gradients with respect to it can be computed. @default false */
  requiresGrad?: boolean;
}

/** Options of {@link Tensor.backward}. */
export interface BackwardOptions {
  /** Record the backward pass itself, so the accumulated `grad`s are differentiable. @default false */
  createGraph?: boolean;
}

/** Nested number arrays, as returned by {@link Tensor.toArray}. */
export type NestedArray = number | NestedArray[];

/**
 * An n-dimensional float64 array that may carry a gradient. Create one with {@link tensor}; every
 * op returns a new tensor (nothing is modified in place).
 */
export class Tensor {
  /** Dimensions, e.g. `[n, d]`; `[]` for a scalar. */
  readonly shape: readonly number[];
  /** Row-major values, length = product of `shape`. Mutate only outside a recorded computation. */
  readonly data: Float64Array;
  /** Whether gradients flow to (or through) this tensor. */
  readonly requiresGrad: boolean;
  /** Accumulated $\partial L/\partial x$ after {@link backward} (leaves only), same shape; `null` before. */
  grad: Tensor | null = null;
  /** The tensors this one was computed from (empty for a leaf or an unrecorded result). */
  readonly parents: readonly Tensor[];
  /** Name of the op that made this tensor, for error messages and debugging (`'leaf'` otherwise). */
  readonly op: string;
  /** @internal the vector–Jacobian product; `null` for leaves. */
  readonly backwardFn: BackwardFn | null;

  /** @internal use {@link tensor} or the ops; this constructor checks nothing. */
  constructor(data: Float64Array, shape: readonly number[], requiresGrad = false, parents: readonly Tensor[] = [], backwardFn: BackwardFn | null = null, op = 'leaf') {
    this.data = data;
    this.shape = Object.freeze(shape.slice());
    this.requiresGrad = requiresGrad;
    this.parents = parents;
    this.backwardFn = backwardFn;
    this.op = op;
  }

  /** Number of elements. */
  get size(): number {
    return this.data.length;
  }
  /** Number of dimensions. */
  get rank(): number {
    return this.shape.length;
  }
  /** True for a tensor made by the user (not by a recorded op). */
  get isLeaf(): boolean {
    return this.backwardFn === null;
  }

  /**
   * Reverse-mode sweep from this tensor: adds $\mathrm{seed}^\top \partial\,\mathrm{this}/\partial x$
   * into `x.grad` of every leaf $x$ that requires a gradient (gradients accumulate across calls;
   * reset them with {@link zeroGrad}). `seed` defaults to 1 and is required unless this is a scalar.
   * @throws ShapeError if `seed` is missing for a non-scalar or has another shape.
   */
  backward(seed?: Tensor, options: BackwardOptions = {}): void {
    backwardInto(this, seed, options.createGraph ?? false);
  }

  /** Set `grad` to `null`. */
  zeroGrad(): void {
    this.grad = null;
  }

  /** The value of a one-element tensor. @throws ShapeError otherwise. */
  item(): number {
    if (this.size !== 1) throw new ShapeError(`item: tensor of shape ${formatShape(this.shape)} has ${this.size} elements, expected 1`);
    return this.data[0]!;
  }

  /** Nested arrays of the values (a number for a scalar). */
  toArray(): NestedArray {
    const build = (axis: number, offset: number): NestedArray => {
      if (axis === this.shape.length) return this.data[offset]!;
      const n = this.shape[axis]!;
      const stride = sizeOf(this.shape.slice(axis + 1));
      const out: NestedArray[] = [];
      for (let i = 0; i < n; i++) out.push(build(axis + 1, offset + i * stride));
      return out;
    };
    return build(0, 0);
  }

  /** A 2-D tensor as a core {@link Matrix} (copy). @throws ShapeError if the rank is not 2. */
  toMatrix(): Matrix {
    if (this.rank !== 2) throw new ShapeError(`toMatrix: expected a 2-D tensor, got shape ${formatShape(this.shape)}`);
    return new Matrix(this.shape[0]!, this.shape[1]!, this.data.slice());
  }

  /** The same values cut from the graph: a leaf that requires no gradient (shares `data`). */
  detach(): Tensor {
    return new Tensor(this.data, this.shape);
  }

  /** Human-readable summary. */
  toString(): string {
    const head = Array.from(this.data.subarray(0, 6), (v) => v.toPrecision(6)).join(', ');
    return `Tensor(shape=${formatShape(this.shape)}, op=${this.op}${this.requiresGrad ? ', requiresGrad' : ''}, data=[${head}${this.size > 6 ? ', ...' : ''}])`;
  }

  // Chainable forms of the ops (each is documented on the function of the same name).
  add(b: TensorLike): Tensor { return ew.add(this, b); }
  sub(b: TensorLike): Tensor { return ew.sub(this, b); }
  mul(b: TensorLike): Tensor { return ew.mul(this, b); }
  div(b: TensorLike): Tensor { return ew.div(this, b); }
  pow(b: TensorLike): Tensor { return ew.pow(this, b); }
  neg(): Tensor { return ew.neg(this); }
  exp(): Tensor { return ew.exp(this); }
  log(): Tensor { return ew.log(this); }
  sqrt(): Tensor { return ew.sqrt(this); }
  square(): Tensor { return ew.square(this); }
  tanh(): Tensor { return ew.tanh(this); }
  sigmoid(): Tensor { return ew.sigmoid(this); }
  relu(): Tensor { return ew.relu(this); }
  abs(): Tensor { return ew.abs(this); }
  sum(axis?: number | number[], keepDims = false): Tensor { return red.sum(this, axis, keepDims); }
  mean(axis?: number | number[], keepDims = false): Tensor { return red.mean(this, axis, keepDims); }
  max(axis?: number | number[], keepDims = false): Tensor { return red.max(this, axis, keepDims); }
  matmul(b: Tensor): Tensor { return mm.matmul(this, b); }
  reshape(shape: readonly number[]): Tensor { return sh.reshape(this, shape); }
  transpose(perm?: readonly number[]): Tensor { return sh.transpose(this, perm); }
  slice(begin: readonly number[], size?: readonly number[]): Tensor { return sh.slice(this, begin, size); }
  index(i: number, axis = 0): Tensor { return sh.index(this, i, axis); }
  gather(indices: ArrayLike<number>, axis = 0): Tensor { return sh.gather(this, indices, axis); }
  softmax(axis = -1): Tensor { return nn.softmax(this, axis); }
  logSoftmax(axis = -1): Tensor { return nn.logSoftmax(this, axis); }
  logsumexp(axis: number | number[] = -1, keepDims = false): Tensor { return nn.logsumexp(this, axis, keepDims); }
}

/**
 * Make the result of an op. It records `parents` and `backward` only when recording is on and a
 * parent requires a gradient; otherwise it is a plain constant. Every op goes through here.
 */
export function fromOp(op: string, data: Float64Array, shape: readonly number[], parents: readonly Tensor[], backward: BackwardFn): Tensor {
  const track = isRecording() && parents.some((p) => p.requiresGrad);
  return track ? new Tensor(data, shape, true, parents, backward, op) : new Tensor(data, shape, false, [], null, op);
}

/** A constant (no gradient) tensor over `data`. @internal */
export function constant(data: Float64Array, shape: readonly number[]): Tensor {
  return new Tensor(data, shape);
}

/** Turn a number into a constant scalar tensor; pass tensors through. @internal */
export function toTensor(x: TensorLike, op: string, name: string): Tensor {
  if (x instanceof Tensor) return x;
  if (typeof x === 'number') return new Tensor(Float64Array.of(x), []);
  throw new InvalidInputError(`${op}: ${name} must be a Tensor or a number, got ${describeValue(x)}`);
}

/** Check that `x` is a Tensor (the public ops' first line). @internal */
export function assertTensor(x: unknown, op: string, name = 'x'): asserts x is Tensor {
  if (!(x instanceof Tensor)) throw new InvalidInputError(`${op}: ${name} must be a Tensor, got ${describeValue(x)}`);
}

/** Infer the shape of nested arrays and write their values; rejects ragged and non-numeric input. */
function flattenNested(values: unknown): { shape: number[]; data: Float64Array } {
  const shape: number[] = [];
  let probe: unknown = values;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    if (probe.length === 0) break;
    probe = probe[0];
  }
  const data = new Float64Array(sizeOf(shape));
  let k = 0;
  const walk = (v: unknown, axis: number, path: string): void => {
    if (axis === shape.length) {
      if (typeof v !== 'number') throw new InvalidInputError(`tensor: values must be numbers, got ${describeValue(v)} at ${path || 'the top level'}`);
      data[k++] = v;
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[axis]) {
      throw new ShapeError(`tensor: values are ragged: expected an array of length ${shape[axis]} at values${path}, got ${describeValue(v)}`);
    }
    for (let i = 0; i < v.length; i++) walk(v[i], axis + 1, `${path}[${i}]`);
  };
  walk(values, 0, '');
  return { shape, data };
}

/**
 * Create a leaf tensor (float64, copied from `values`).
 *
 * @param values a number (scalar), nested number arrays (shape inferred), or a flat
 *   `Float64Array`/`number[]` together with `shape`.
 * @param shape optional target shape; its product must equal the number of values.
 * @throws InvalidInputError for non-numeric values; ShapeError for ragged arrays or a shape that does not fit.
 * @example
 * const W = tensor([[1, 2], [3, 4]], undefined, { requiresGrad: true });
 * W.matmul(W).sum().backward(); // W.grad: (2, 2)
 * @see ../../../../docs/level1-math/autodiff.md
 */
export function tensor(values: number | NestedArray | ArrayLike<number>, shape?: readonly number[], options: TensorOptions = {}): Tensor {
  let flat: { shape: number[]; data: Float64Array };
  if (typeof values === 'number') flat = { shape: [], data: Float64Array.of(values) };
  else if (values instanceof Float64Array || values instanceof Float32Array || values instanceof Int32Array) flat = { shape: [values.length], data: Float64Array.from(values) };
  else if (Array.isArray(values)) flat = flattenNested(values);
  else throw new InvalidInputError(`tensor: values must be a number, nested number arrays or a Float64Array, got ${describeValue(values)}`);
  if (shape !== undefined) {
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
      throw new ShapeError(`tensor: shape must be an array of non-negative integers, got ${describeValue(shape)}`);
    }
    if (sizeOf(shape) !== flat.data.length) {
      throw new ShapeError(`tensor: ${flat.data.length} values do not fit shape ${formatShape(shape)} (${sizeOf(shape)} elements)`);
    }
    flat.shape = shape.slice();
  }
  return new Tensor(flat.data, flat.shape, options.requiresGrad ?? false);
}

/** A tensor of zeros. @throws ShapeError for a bad shape. */
export function zeros(shape: readonly number[], options: TensorOptions = {}): Tensor {
  return tensor(new Float64Array(checkedSize(shape, 'zeros')), shape, options);
}

/** A tensor of ones. @throws ShapeError for a bad shape. */
export function ones(shape: readonly number[], options: TensorOptions = {}): Tensor {
  return tensor(new Float64Array(checkedSize(shape, 'ones')).fill(1), shape, options);
}

/** A 2-D tensor from a core {@link Matrix} (copy). */
export function fromMatrix(m: Matrix, options: TensorOptions = {}): Tensor {
  if (!(m instanceof Matrix)) throw new InvalidInputError(`fromMatrix: expected a Matrix, got ${describeValue(m)}`);
  return tensor(m.data, [m.rows, m.cols], options);
}

function checkedSize(shape: readonly number[], op: string): number {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new ShapeError(`${op}: shape must be an array of non-negative integers, got ${describeValue(shape)}`);
  }
  return sizeOf(shape);
}
