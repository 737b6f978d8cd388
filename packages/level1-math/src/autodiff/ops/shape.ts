/**
 * Shape and indexing ops: reshape, transpose, slice, index, gather, concat. Each only moves
 * values, so each backward pass moves gradients the other way: reshape ↔ reshape, transpose ↔
 * inverse permutation, slice ↔ zero-padding ({@link unslice}), gather ↔ scatter-add
 * ({@link scatterAdd}), concat ↔ slices. The pairs are adjoint, so every backward is itself
 * differentiable.
 *
 * @see ../../../../../docs/level1-math/autodiff.md
 */
import { InvalidInputError, ShapeError, describeValue } from '@fpml/core';
import { assertTensor, fromOp, type Tensor } from '../tensor.js';
import { formatShape, normAxis, sizeOf, stridesOf } from '../shape-util.js';

/** out[k] = src[offset + Σ_d j_d strides_d] over the multi-index j of `shape` (row-major k). */
function readStrided(src: Float64Array, offset: number, strides: readonly number[], shape: readonly number[], out: Float64Array, write = false): void {
  const n = sizeOf(shape);
  if (n === 0) return;
  const rank = shape.length;
  const idx = new Int32Array(rank);
  let p = offset;
  for (let k = 0; k < n; k++) {
    if (write) src[p] = out[k]!;
    else out[k] = src[p]!;
    for (let d = rank - 1; d >= 0; d--) {
      idx[d]!++;
      p += strides[d]!;
      if (idx[d]! < shape[d]!) break;
      p -= strides[d]! * shape[d]!;
      idx[d] = 0;
    }
  }
}

/**
 * The same values with a new shape (row-major order kept; shares the buffer). One entry may be
 * -1, inferred from the size. Backward: $\bar x = \mathrm{reshape}(\bar y, \mathrm{shape}(x))$.
 * @throws ShapeError when the sizes differ.
 */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  assertTensor(x, 'reshape');
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= -1)) {
    throw new ShapeError(`reshape: shape must be an array of integers >= -1, got ${describeValue(shape)}`);
  }
  const target = shape.slice();
  const free = target.indexOf(-1);
  if (free !== target.lastIndexOf(-1)) throw new ShapeError(`reshape: at most one -1 allowed in ${formatShape(shape)}`);
  if (free >= 0) {
    const rest = sizeOf(target.filter((d) => d !== -1));
    if (rest === 0 || x.size % rest !== 0) throw new ShapeError(`reshape: cannot reshape ${formatShape(x.shape)} (${x.size} elements) to ${formatShape(shape)}`);
    target[free] = x.size / rest;
  }
  if (sizeOf(target) !== x.size) throw new ShapeError(`reshape: cannot reshape ${formatShape(x.shape)} (${x.size} elements) to ${formatShape(shape)}`);
  return fromOp('reshape', x.data, target, [x], (g) => [
    reshape(g, x.shape), // identity on the values
  ]);
}

/**
 * Permute axes: $y_{j} = x_{j \circ \pi^{-1}}$, i.e. `y.shape[d] = x.shape[perm[d]]`. Default
 * `perm` reverses the axes (a matrix transpose for 2-D). Backward: transpose by $\pi^{-1}$.
 * @throws ShapeError if `perm` is not a permutation of the axes.
 */
export function transpose(x: Tensor, perm?: readonly number[]): Tensor {
  assertTensor(x, 'transpose');
  const rank = x.rank;
  const p = perm === undefined ? Array.from({ length: rank }, (_, i) => rank - 1 - i) : Array.from(perm);
  const seen = new Set(p);
  if (p.length !== rank || seen.size !== rank || !p.every((a) => Number.isInteger(a) && a >= 0 && a < rank)) {
    throw new ShapeError(`transpose: perm ${describeValue(perm)} is not a permutation of the ${rank} axes of ${formatShape(x.shape)}`);
  }
  const inStrides = stridesOf(x.shape);
  const shape = p.map((a) => x.shape[a]!);
  const data = new Float64Array(x.size);
  readStrided(x.data, 0, p.map((a) => inStrides[a]!), shape, data);
  const inverse = new Array<number>(rank);
  p.forEach((a, d) => (inverse[a] = d));
  return fromOp('transpose', data, shape, [x], (g) => [
    transpose(g, inverse), // a permutation's adjoint is its inverse
  ]);
}

/** Resolve begin/size against a shape. */
function sliceBox(x: Tensor, begin: readonly number[], size: readonly number[] | undefined, op: string) {
  if (!Array.isArray(begin) || begin.length > x.rank) throw new ShapeError(`${op}: begin ${describeValue(begin)} must have at most ${x.rank} entries for shape ${formatShape(x.shape)}`);
  const b = x.shape.map((_, d) => begin[d] ?? 0);
  const s = x.shape.map((n, d) => {
    const sz = size?.[d] ?? -1;
    return sz === -1 ? n - b[d]! : sz;
  });
  for (let d = 0; d < x.rank; d++) {
    if (!Number.isInteger(b[d]) || !Number.isInteger(s[d]) || b[d]! < 0 || s[d]! < 0 || b[d]! + s[d]! > x.shape[d]!) {
      throw new ShapeError(`${op}: begin [${b.join(',')}] with size [${s.join(',')}] does not fit in shape ${formatShape(x.shape)} (axis ${d})`);
    }
  }
  return { b, s };
}

/**
 * The box `begin[d] ≤ i_d < begin[d] + size[d]` of `x` (tfjs's `slice`; a size of -1 or a missing
 * entry means "to the end"). Backward: $\bar x$ is $\bar y$ placed in the box, zero elsewhere.
 * @throws ShapeError when the box leaves the tensor.
 */
export function slice(x: Tensor, begin: readonly number[], size?: readonly number[]): Tensor {
  assertTensor(x, 'slice');
  const { b, s } = sliceBox(x, begin, size, 'slice');
  const strides = stridesOf(x.shape);
  const offset = b.reduce((acc, bd, d) => acc + bd * strides[d]!, 0);
  const data = new Float64Array(sizeOf(s));
  readStrided(x.data, offset, strides, s, data);
  return fromOp('slice', data, s, [x], (g) => [
    unslice(g, x.shape, b), // d y/d x selects the box
  ]);
}

/**
 * Place `x` in a box of a zero tensor of `shape` starting at `begin` (the adjoint of
 * {@link slice}). Backward: slice the box out of the gradient.
 */
export function unslice(x: Tensor, shape: readonly number[], begin: readonly number[]): Tensor {
  assertTensor(x, 'unslice');
  const strides = stridesOf(shape);
  const offset = begin.reduce((acc, bd, d) => acc + bd * strides[d]!, 0);
  const data = new Float64Array(sizeOf(shape));
  readStrided(data, offset, strides, x.shape, x.data, true);
  return fromOp('unslice', data, shape, [x], (g) => [
    slice(g, begin, x.shape), // adjoint of zero-padding is slicing
  ]);
}

/**
 * Element `i` along `axis`, removing that axis (`x[i]` for axis 0; negative `i` counts from the
 * end). Backward: as {@link slice}.
 */
export function index(x: Tensor, i: number, axis = 0): Tensor {
  assertTensor(x, 'index');
  const a = normAxis(axis, x.rank, 'index', x.shape);
  const n = x.shape[a]!;
  if (!Number.isInteger(i) || i < -n || i >= n) throw new ShapeError(`index: index ${describeValue(i)} is out of range for axis ${a} of shape ${formatShape(x.shape)}`);
  const begin = x.shape.map((_, d) => (d === a ? (i < 0 ? i + n : i) : 0));
  const size = x.shape.map((d, k) => (k === a ? 1 : d));
  return reshape(slice(x, begin, size), x.shape.filter((_, d) => d !== a));
}

/** Validate indices into an axis of length n; returns an Int32Array. */
function checkIndices(indices: ArrayLike<number>, n: number, op: string): Int32Array {
  if (!(Array.isArray(indices) || ArrayBuffer.isView(indices))) throw new InvalidInputError(`${op}: indices must be an Int32Array or number[], got ${describeValue(indices)}`);
  const idx = new Int32Array(indices.length);
  for (let j = 0; j < indices.length; j++) {
    const v = indices[j];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= n) {
      throw new InvalidInputError(`${op}: indices[${j}] is ${describeValue(v)} but must be an integer in [0, ${n})`);
    }
    idx[j] = v;
  }
  return idx;
}

/** outer × n × inner view of a shape around `axis`. */
function around(shape: readonly number[], axis: number) {
  return { outer: sizeOf(shape.slice(0, axis)), n: shape[axis]!, inner: sizeOf(shape.slice(axis + 1)) };
}

/**
 * Select `indices` along `axis`: `y[..., j, ...] = x[..., indices[j], ...]` (repeats allowed).
 * Backward: scatter-add $\bar y$ into zeros of $x$'s shape, so a repeated index sums its gradients.
 * $O(|y|)$.
 * @throws InvalidInputError for an index out of range; ShapeError for a bad axis.
 */
export function gather(x: Tensor, indices: ArrayLike<number>, axis = 0): Tensor {
  assertTensor(x, 'gather');
  const a = normAxis(axis, x.rank, 'gather', x.shape);
  const { outer, n, inner } = around(x.shape, a);
  const idx = checkIndices(indices, n, 'gather');
  const m = idx.length;
  const shape = x.shape.map((d, k) => (k === a ? m : d));
  const data = new Float64Array(outer * m * inner);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < m; j++) {
      const src = (o * n + idx[j]!) * inner;
      data.set(x.data.subarray(src, src + inner), (o * m + j) * inner);
    }
  }
  return fromOp('gather', data, shape, [x], (g) => [
    scatterAdd(g, idx, a, n), // d y_j / d x_i = 1[indices_j = i]
  ]);
}

/**
 * Add the slices of `x` along `axis` into zeros with that axis of length `n`, at `indices` (the
 * adjoint of {@link gather}). Backward: gather the gradient at `indices`.
 */
export function scatterAdd(x: Tensor, indices: ArrayLike<number>, axis: number, n: number): Tensor {
  assertTensor(x, 'scatterAdd');
  const a = normAxis(axis, x.rank, 'scatterAdd', x.shape);
  const { outer, n: m, inner } = around(x.shape, a);
  const idx = checkIndices(indices, n, 'scatterAdd');
  if (idx.length !== m) throw new ShapeError(`scatterAdd: ${idx.length} indices for axis ${a} of shape ${formatShape(x.shape)}`);
  const shape = x.shape.map((d, k) => (k === a ? n : d));
  const data = new Float64Array(outer * n * inner);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < m; j++) {
      const dst = (o * n + idx[j]!) * inner;
      const src = (o * m + j) * inner;
      for (let r = 0; r < inner; r++) data[dst + r]! += x.data[src + r]!;
    }
  }
  return fromOp('scatterAdd', data, shape, [x], (g) => [
    gather(g, idx, a), // adjoint of scatter-add is gather
  ]);
}

/**
 * Join tensors along `axis`; all other dimensions must agree. Backward: each input gets its
 * slice of $\bar y$.
 * @throws ShapeError naming the first shape that disagrees.
 */
export function concat(xs: readonly Tensor[], axis = 0): Tensor {
  if (!Array.isArray(xs as unknown) || xs.length === 0) throw new InvalidInputError(`concat: xs must be a non-empty array of tensors, got ${describeValue(xs)}`);
  xs.forEach((x, i) => assertTensor(x, 'concat', `xs[${i}]`));
  const first = xs[0]!;
  const a = normAxis(axis, first.rank, 'concat', first.shape);
  for (let i = 1; i < xs.length; i++) {
    const s = xs[i]!.shape;
    if (s.length !== first.rank || s.some((d, k) => k !== a && d !== first.shape[k])) {
      throw new ShapeError(`concat: shapes ${formatShape(first.shape)} and ${formatShape(s)} (xs[${i}]) differ outside axis ${a}`);
    }
  }
  const total = xs.reduce((acc, x) => acc + x.shape[a]!, 0);
  const shape: number[] = first.shape.map((d, k) => (k === a ? total : d));
  const { outer, inner } = around(shape, a);
  const data = new Float64Array(sizeOf(shape));
  let start = 0;
  const starts: number[] = [];
  for (const x of xs) {
    const m = x.shape[a]!;
    starts.push(start);
    for (let o = 0; o < outer; o++) data.set(x.data.subarray(o * m * inner, (o + 1) * m * inner), (o * total + start) * inner);
    start += m;
  }
  return fromOp('concat', data, shape, xs, (g) =>
    xs.map((x, i) => (x.requiresGrad ? slice(g, shape.map((_, k) => (k === a ? starts[i]! : 0)), x.shape) : null)), // d y/d x_i selects its block
  );
}
