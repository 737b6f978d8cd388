/**
 * `GraphBuilder`: write a TensorFlow graph in TypeScript, op by op, with static shapes checked
 * as it is built. Each method adds one TF op (`MatMul`, `AddV2`, `Softmax`, …, the op names of
 * tensorflow/core/ops) and returns a symbolic {@link Sym}: no numbers flow until the graph runs
 * in a {@link GraphSession}. Shapes are inferred here with TensorFlow's rules (NumPy
 * broadcasting for binary ops; $(\dots, m, k)\cdot(\dots, k, n)$ for matmuls), so a wrong shape
 * throws a `ShapeError` naming the op at build time, not a libtensorflow error at run time.
 *
 * There is no autodiff: a graph's backward pass is written out by hand like its forward pass
 * (see src/lm/graph-step.ts).
 */
import { InvalidInputError, ShapeError } from '@fpml/core';
import type { AttrValue, GraphDType, NodeDef, TensorInfo } from './saved-model.js';

/** A symbolic tensor: the graph output `ref` ("node:k"), its static shape and dtype. */
export interface Sym {
  readonly ref: string;
  readonly shape: readonly number[];
  readonly dtype: GraphDType;
}

const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
const fmt = (s: readonly number[]) => `[${s.join(', ')}]`;

/** NumPy broadcasting of two static shapes. @throws ShapeError naming `op` */
export function broadcastShapes(op: string, a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length), out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1, y = b[b.length - n + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) throw new ShapeError(`${op}: shapes ${fmt(a)} and ${fmt(b)} do not broadcast`);
    out.push(x === 1 ? y : x);
  }
  return out;
}

/** Builds the node list of one graph; `nodes` is what {@link encodeSavedModel} serialises. */
export class GraphBuilder {
  readonly nodes: NodeDef[] = [];
  #count = 0;
  readonly #names = new Set<string>();
  readonly #scalars = new Map<number, Sym>();

  /** Add a node; `outs` are its outputs' shapes and dtypes, returned as Syms `name:k`. */
  node(op: string, inputs: readonly Sym[], attrs: Record<string, AttrValue>, outs: readonly { shape: readonly number[]; dtype: GraphDType }[], name?: string): Sym[] {
    const nm = name ?? `${op}_${this.#count++}`;
    if (this.#names.has(nm)) throw new InvalidInputError(`GraphBuilder: node name '${nm}' is already used`);
    this.#names.add(nm);
    this.nodes.push({ name: nm, op, inputs: inputs.map((s) => s.ref), attrs });
    return outs.map((o, k) => ({ ref: `${nm}:${k}`, shape: [...o.shape], dtype: o.dtype }));
  }

  #one(op: string, inputs: readonly Sym[], attrs: Record<string, AttrValue>, shape: readonly number[], dtype: GraphDType = 'float32'): Sym {
    return this.node(op, inputs, attrs, [{ shape, dtype }])[0]!;
  }

  #float(op: string, ...xs: Sym[]): void {
    for (const x of xs) if (x.dtype !== 'float32') throw new InvalidInputError(`${op}: expected a float32 input, got ${x.dtype} ${x.ref}`);
  }

  /** A graph input (`Placeholder`) with a static shape; `name` is its node name. */
  placeholder(name: string, dtype: GraphDType, shape: readonly number[]): Sym {
    return this.node('Placeholder', [], { dtype: { type: dtype }, shape: { shape } }, [{ shape, dtype }], name)[0]!;
  }

  /** A constant tensor (`Const`). */
  constant(data: Float32Array | Int32Array, shape: readonly number[]): Sym {
    if (data.length !== size(shape)) throw new ShapeError(`GraphBuilder.constant: ${data.length} values for shape ${fmt(shape)}`);
    const dtype: GraphDType = data instanceof Int32Array ? 'int32' : 'float32';
    return this.#one('Const', [], { dtype: { type: dtype }, value: { tensor: { dtype, shape, data } } }, shape, dtype);
  }

  /** A float32 scalar constant, one node per value. */
  scalar(v: number): Sym {
    let s = this.#scalars.get(v);
    if (!s) {
      s = this.constant(Float32Array.of(v), []);
      this.#scalars.set(v, s);
    }
    return s;
  }

  #ints(v: readonly number[]): Sym {
    return this.constant(Int32Array.from(v), [v.length]);
  }

  /** `Identity`, under a chosen node name (signature outputs). */
  identity(x: Sym, name?: string): Sym {
    return this.node('Identity', [x], { T: { type: x.dtype } }, [{ shape: x.shape, dtype: x.dtype }], name)[0]!;
  }

  #binary(op: string, a: Sym | number, b: Sym | number): Sym {
    const x = typeof a === 'number' ? this.scalar(a) : a, y = typeof b === 'number' ? this.scalar(b) : b;
    this.#float(op, x, y);
    return this.#one(op, [x, y], { T: { type: 'float32' } }, broadcastShapes(op, x.shape, y.shape));
  }

  /** $a + b$ (`AddV2`, broadcasting; a number is a scalar constant). */
  add(a: Sym | number, b: Sym | number): Sym { return this.#binary('AddV2', a, b); }
  /** $a - b$ (`Sub`). */
  sub(a: Sym | number, b: Sym | number): Sym { return this.#binary('Sub', a, b); }
  /** $a \odot b$ (`Mul`). */
  mul(a: Sym | number, b: Sym | number): Sym { return this.#binary('Mul', a, b); }
  /** $a / b$ (`RealDiv`). */
  div(a: Sym | number, b: Sym | number): Sym { return this.#binary('RealDiv', a, b); }

  #unary(op: string, x: Sym): Sym {
    this.#float(op, x);
    return this.#one(op, [x], { T: { type: 'float32' } }, x.shape);
  }

  /** $x^2$. */
  square(x: Sym): Sym { return this.#unary('Square', x); }
  /** $\sqrt x$. */
  sqrt(x: Sym): Sym { return this.#unary('Sqrt', x); }
  /** $1/\sqrt x$. */
  rsqrt(x: Sym): Sym { return this.#unary('Rsqrt', x); }
  /** $e^x$. */
  exp(x: Sym): Sym { return this.#unary('Exp', x); }
  /** $\operatorname{erf}(x)$. */
  erf(x: Sym): Sym { return this.#unary('Erf', x); }
  /** $-x$. */
  neg(x: Sym): Sym { return this.#unary('Neg', x); }
  /** $\max(x, 0)$. */
  relu(x: Sym): Sym { return this.#unary('Relu', x); }
  /** ReLU's backward, $dy \odot [x > 0]$ (`ReluGrad(dy, x)`). */
  reluGrad(dy: Sym, x: Sym): Sym {
    this.#float('ReluGrad', dy, x);
    if (fmt(dy.shape) !== fmt(x.shape)) throw new ShapeError(`ReluGrad: dy ${fmt(dy.shape)} and x ${fmt(x.shape)} differ`);
    return this.#one('ReluGrad', [dy, x], { T: { type: 'float32' } }, x.shape);
  }
  /** Softmax over the last axis. */
  softmax(x: Sym): Sym { return this.#unary('Softmax', x); }

  /** $\operatorname{op}(a)\operatorname{op}(b)$ for 2-D $a, b$ (`MatMul`; `ta`/`tb` transpose). */
  matMul(a: Sym, b: Sym, ta = false, tb = false): Sym {
    this.#float('MatMul', a, b);
    if (a.shape.length !== 2 || b.shape.length !== 2) throw new ShapeError(`MatMul: expected 2-D inputs, got ${fmt(a.shape)} and ${fmt(b.shape)}`);
    const [m, k] = ta ? [a.shape[1]!, a.shape[0]!] : [a.shape[0]!, a.shape[1]!];
    const [k2, n] = tb ? [b.shape[1]!, b.shape[0]!] : [b.shape[0]!, b.shape[1]!];
    if (k !== k2) throw new ShapeError(`MatMul: inner sizes differ, ${fmt(a.shape)}${ta ? 'ᵀ' : ''} · ${fmt(b.shape)}${tb ? 'ᵀ' : ''}`);
    return this.#one('MatMul', [a, b], { T: { type: 'float32' }, transpose_a: { b: ta }, transpose_b: { b: tb } }, [m, n]);
  }

  /** Batched matmul over equal leading axes (`BatchMatMulV2`; `adjX`/`adjY` transpose the last two). */
  batchMatMul(a: Sym, b: Sym, adjX = false, adjY = false): Sym {
    this.#float('BatchMatMulV2', a, b);
    const r = a.shape.length;
    if (r < 3 || b.shape.length !== r || a.shape.slice(0, -2).some((d, i) => d !== b.shape[i])) throw new ShapeError(`BatchMatMulV2: expected equal batch axes, got ${fmt(a.shape)} and ${fmt(b.shape)}`);
    const [m, k] = adjX ? [a.shape[r - 1]!, a.shape[r - 2]!] : [a.shape[r - 2]!, a.shape[r - 1]!];
    const [k2, n] = adjY ? [b.shape[r - 1]!, b.shape[r - 2]!] : [b.shape[r - 2]!, b.shape[r - 1]!];
    if (k !== k2) throw new ShapeError(`BatchMatMulV2: inner sizes differ, ${fmt(a.shape)} and ${fmt(b.shape)}`);
    return this.#one('BatchMatMulV2', [a, b], { T: { type: 'float32' }, adj_x: { b: adjX }, adj_y: { b: adjY } }, [...a.shape.slice(0, -2), m, n]);
  }

  #reduce(op: string, x: Sym, axes: readonly number[], keepDims: boolean): Sym {
    this.#float(op, x);
    const r = x.shape.length, ax = axes.map((a) => (a < 0 ? a + r : a));
    if (ax.some((a) => a < 0 || a >= r)) throw new ShapeError(`${op}: axes [${axes.join(', ')}] out of range for ${fmt(x.shape)}`);
    const shape = keepDims ? x.shape.map((d, i) => (ax.includes(i) ? 1 : d)) : x.shape.filter((_, i) => !ax.includes(i));
    return this.#one(op, [x, this.#ints(ax)], { T: { type: 'float32' }, Tidx: { type: 'int32' }, keep_dims: { b: keepDims } }, shape);
  }

  /** $\sum$ over `axes` (`Sum`). */
  sum(x: Sym, axes: readonly number[], keepDims = false): Sym { return this.#reduce('Sum', x, axes, keepDims); }
  /** Mean over `axes` (`Mean`). */
  mean(x: Sym, axes: readonly number[], keepDims = false): Sym { return this.#reduce('Mean', x, axes, keepDims); }

  /** $x + b$ with a (C,) bias on the last axis of x (`BiasAdd`; Grappler can fuse it into the matmul before it). */
  biasAdd(x: Sym, b: Sym): Sym {
    this.#float('BiasAdd', x, b);
    if (b.shape.length !== 1 || b.shape[0] !== x.shape[x.shape.length - 1]) throw new ShapeError(`BiasAdd: bias ${fmt(b.shape)} must match the last axis of ${fmt(x.shape)}`);
    return this.#one('BiasAdd', [x, b], { T: { type: 'float32' } }, x.shape);
  }

  /** $\sum$ of dy over every axis but the last (`BiasAddGrad`, BiasAdd's gradient). */
  biasAddGrad(dy: Sym): Sym {
    this.#float('BiasAddGrad', dy);
    return this.#one('BiasAddGrad', [dy], { T: { type: 'float32' } }, [dy.shape[dy.shape.length - 1]!]);
  }

  /** `Reshape` to a static shape of the same size. */
  reshape(x: Sym, shape: readonly number[]): Sym {
    if (size(shape) !== size(x.shape)) throw new ShapeError(`Reshape: ${fmt(x.shape)} (${size(x.shape)} values) to ${fmt(shape)}`);
    return this.#one('Reshape', [x, this.#ints(shape)], { T: { type: x.dtype }, Tshape: { type: 'int32' } }, shape, x.dtype);
  }

  /** `Transpose`: output axis i is input axis `perm[i]`. */
  transpose(x: Sym, perm: readonly number[]): Sym {
    if (perm.length !== x.shape.length || [...perm].sort().some((p, i) => p !== i)) throw new ShapeError(`Transpose: perm [${perm.join(', ')}] is not a permutation of ${x.shape.length} axes`);
    return this.#one('Transpose', [x, this.#ints(perm)], { T: { type: x.dtype }, Tperm: { type: 'int32' } }, perm.map((p) => x.shape[p]!), x.dtype);
  }

  /** `Slice` from `begin` with `sz` elements per axis. */
  slice(x: Sym, begin: readonly number[], sz: readonly number[]): Sym {
    if (begin.length !== x.shape.length || sz.length !== x.shape.length || begin.some((b, i) => b < 0 || b + sz[i]! > x.shape[i]!)) throw new ShapeError(`Slice: begin [${begin.join(', ')}] size [${sz.join(', ')}] outside ${fmt(x.shape)}`);
    return this.#one('Slice', [x, this.#ints(begin), this.#ints(sz)], { T: { type: x.dtype }, Index: { type: 'int32' } }, sz, x.dtype);
  }

  /** `SplitV` along `axis` into pieces of `sizes`. */
  splitV(x: Sym, sizes: readonly number[], axis: number): Sym[] {
    if (sizes.reduce((a, b) => a + b, 0) !== x.shape[axis]) throw new ShapeError(`SplitV: sizes sum to ${sizes.reduce((a, b) => a + b, 0)}, axis ${axis} of ${fmt(x.shape)}`);
    const outs = sizes.map((s) => ({ shape: x.shape.map((d, i) => (i === axis ? s : d)), dtype: x.dtype }));
    return this.node('SplitV', [x, this.#ints(sizes), this.constant(Int32Array.of(axis), [])], { T: { type: x.dtype }, Tlen: { type: 'int32' }, num_split: { i: sizes.length } }, outs);
  }

  /** `ConcatV2` along `axis`. */
  concat(xs: readonly Sym[], axis: number): Sym {
    const first = xs[0]!;
    if (xs.some((x) => x.shape.length !== first.shape.length || x.shape.some((d, i) => i !== axis && d !== first.shape[i]))) throw new ShapeError(`ConcatV2: shapes ${xs.map((x) => fmt(x.shape)).join(', ')} differ off axis ${axis}`);
    const shape = first.shape.map((d, i) => (i === axis ? xs.reduce((s, x) => s + x.shape[i]!, 0) : d));
    return this.#one('ConcatV2', [...xs, this.constant(Int32Array.of(axis), [])], { T: { type: first.dtype }, N: { i: xs.length }, Tidx: { type: 'int32' } }, shape, first.dtype);
  }

  /** `Pack`: stack equal shapes along a new axis. */
  stack(xs: readonly Sym[], axis: number): Sym {
    const s = xs[0]!.shape;
    if (xs.some((x) => fmt(x.shape) !== fmt(s))) throw new ShapeError(`Pack: shapes ${xs.map((x) => fmt(x.shape)).join(', ')} differ`);
    return this.#one('Pack', xs, { T: { type: xs[0]!.dtype }, N: { i: xs.length }, axis: { i: axis } }, [...s.slice(0, axis), xs.length, ...s.slice(axis)], xs[0]!.dtype);
  }

  /** `Unpack` along `axis`. */
  unstack(x: Sym, axis: number): Sym[] {
    const n = x.shape[axis]!, shape = x.shape.filter((_, i) => i !== axis);
    return this.node('Unpack', [x], { T: { type: x.dtype }, num: { i: n }, axis: { i: axis } }, Array.from({ length: n }, () => ({ shape, dtype: x.dtype })));
  }

  /** Rows of `params` (axis 0) at int32 `indices` (`GatherV2`). */
  gather(params: Sym, indices: Sym): Sym {
    if (indices.dtype !== 'int32') throw new InvalidInputError(`GatherV2: indices must be int32, got ${indices.dtype}`);
    return this.#one('GatherV2', [params, indices, this.constant(Int32Array.of(0), [])], { Tparams: { type: params.dtype }, Tindices: { type: 'int32' }, Taxis: { type: 'int32' }, batch_dims: { i: 0 } }, [...indices.shape, ...params.shape.slice(1)], params.dtype);
  }

  /** $\text{out}_s = \sum_{i: \text{ids}_i = s} \text{data}_i$ for $s < n$ (`UnsortedSegmentSum`, gather's adjoint). */
  segmentSum(data: Sym, ids: Sym, n: number): Sym {
    if (ids.dtype !== 'int32' || fmt(ids.shape) !== fmt(data.shape.slice(0, ids.shape.length))) throw new ShapeError(`UnsortedSegmentSum: ids ${fmt(ids.shape)} must be int32 and lead data ${fmt(data.shape)}`);
    return this.#one('UnsortedSegmentSum', [data, ids, this.constant(Int32Array.of(n), [])], { T: { type: 'float32' }, Tindices: { type: 'int32' }, Tnumsegments: { type: 'int32' } }, [n, ...data.shape.slice(ids.shape.length)]);
  }

  /**
   * `SparseSoftmaxCrossEntropyWithLogits` of (N, V) logits against int32 (N,) labels: per-row
   * loss $\log\sum_j e^{z_{ij}} - z_{i y_i}$ and its gradient $\operatorname{softmax}(z_i) - e_{y_i}$.
   */
  sparseSoftmaxCrossEntropy(logits: Sym, labels: Sym): [Sym, Sym] {
    if (logits.shape.length !== 2 || labels.dtype !== 'int32' || fmt(labels.shape) !== fmt([logits.shape[0]!])) throw new ShapeError(`SparseSoftmaxCrossEntropyWithLogits: logits ${fmt(logits.shape)} need int32 labels [${logits.shape[0]}], got ${labels.dtype} ${fmt(labels.shape)}`);
    const [loss, grad] = this.node('SparseSoftmaxCrossEntropyWithLogits', [logits, labels], { T: { type: 'float32' }, Tlabels: { type: 'int32' } }, [{ shape: [logits.shape[0]!], dtype: 'float32' }, { shape: logits.shape, dtype: 'float32' }]);
    return [loss!, grad!];
  }

  /** The signature entry of a Sym. */
  static info(s: Sym): TensorInfo {
    return { name: s.ref, dtype: s.dtype, shape: s.shape };
  }
}
