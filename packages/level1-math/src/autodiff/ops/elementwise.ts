/**
 * Elementwise ops with NumPy broadcasting. Each op computes its values and states its
 * vector–Jacobian product right beside them; for a binary op $y = f(a, b)$ broadcast to shape
 * $S$, the backward pass forms $\bar y\,\partial f/\partial a$ in shape $S$ and sums it back to
 * $a$'s shape ({@link sumTo}). The backward rules are written with these same ops, so they can
 * be differentiated again.
 *
 * NaN inputs propagate (nothing here throws on values); only bad arguments throw.
 *
 * @see ../../../../../docs/level1-math/autodiff.md
 */
import { broadcastShapes, mapBinary, sumTo } from '../broadcast.js';
import { assertTensor, constant, fromOp, toTensor, type Tensor, type TensorLike } from '../tensor.js';

type BinaryGrads = (g: Tensor, a: Tensor, b: Tensor, y: Tensor) => [Tensor | null, Tensor | null];

/** Shared body of the binary ops: broadcast, compute, and sum the gradients back to each input's shape. */
function binary(op: string, A: TensorLike, B: TensorLike, f: (x: number, y: number) => number, grads: BinaryGrads): Tensor {
  const a = toTensor(A, op, 'a');
  const b = toTensor(B, op, 'b');
  const shape = broadcastShapes(a.shape, b.shape, op);
  const data = mapBinary(a, b, shape, f);
  const y: Tensor = fromOp(op, data, shape, [a, b], (g) => {
    const [ga, gb] = grads(g, a, b, y);
    return [a.requiresGrad && ga ? sumTo(ga, a.shape) : null, b.requiresGrad && gb ? sumTo(gb, b.shape) : null];
  });
  return y;
}

/** Shared body of the unary ops. */
function unary(op: string, x: Tensor, f: (v: number) => number, grad: (g: Tensor, x: Tensor, y: Tensor) => Tensor): Tensor {
  assertTensor(x, op);
  const data = new Float64Array(x.size);
  const xd = x.data;
  for (let i = 0; i < data.length; i++) data[i] = f(xd[i]!);
  const y: Tensor = fromOp(op, data, x.shape, [x], (g) => [grad(g, x, y)]);
  return y;
}

/** A constant tensor of `f(x_i)`, for masks such as $\mathbb 1[x > 0]$ (zero derivative a.e.). */
function constMap(x: Tensor, f: (v: number) => number): Tensor {
  const d = new Float64Array(x.size);
  for (let i = 0; i < d.length; i++) d[i] = f(x.data[i]!);
  return constant(d, x.shape);
}

/** $y = a + b$ (broadcast). Backward: $\bar a = \bar y$, $\bar b = \bar y$, each summed to its shape. */
export function add(a: TensorLike, b: TensorLike): Tensor {
  return binary('add', a, b, (x, y) => x + y, (g) => [
    g, // d(a+b)/da = 1
    g, // d(a+b)/db = 1
  ]);
}

/** $y = a - b$ (broadcast). */
export function sub(a: TensorLike, b: TensorLike): Tensor {
  return binary('sub', a, b, (x, y) => x - y, (g) => [
    g, // d(a-b)/da = 1
    neg(g), // d(a-b)/db = -1
  ]);
}

/** $y = a \odot b$ (broadcast). */
export function mul(a: TensorLike, b: TensorLike): Tensor {
  return binary('mul', a, b, (x, y) => x * y, (g, a, b) => [
    a.requiresGrad ? mul(g, b) : null, // d(ab)/da = b
    b.requiresGrad ? mul(g, a) : null, // d(ab)/db = a
  ]);
}

/** $y = a / b$ (broadcast). */
export function div(a: TensorLike, b: TensorLike): Tensor {
  return binary('div', a, b, (x, y) => x / y, (g, a, b, y) => [
    a.requiresGrad ? div(g, b) : null, // d(a/b)/da = 1/b
    b.requiresGrad ? neg(div(mul(g, y), b)) : null, // d(a/b)/db = -a/b^2 = -y/b
  ]);
}

/**
 * $y = a^b$ (broadcast). With a number exponent $p$ only $a$ is differentiated:
 * $\bar a = \bar y\,p\,a^{p-1}$ ($0$ for $p = 0$). With a tensor exponent also
 * $\bar b = \bar y\,a^b \log a$ (taken as 0 where $a^b = 0$).
 */
export function pow(a: TensorLike, b: TensorLike): Tensor {
  if (typeof b === 'number') {
    const p = b;
    return unary('pow', toTensor(a, 'pow', 'a'), (x) => x ** p, (g, x) =>
      p === 0 ? mul(g, 0) : mul(g, mul(pow(x, p - 1), p)), // d(x^p)/dx = p x^(p-1)
    );
  }
  return binary('pow', a, b, (x, y) => x ** y, (g, a, b, y) => [
    a.requiresGrad ? mul(g, mul(b, pow(a, sub(b, 1)))) : null, // d(a^b)/da = b a^(b-1)
    b.requiresGrad ? mul(g, xlogy(y, a)) : null, // d(a^b)/db = a^b log a
  ]);
}

/** $x \log y$, defined as 0 where $x = 0$ (so $0 \cdot \log 0 = 0$). */
export function xlogy(a: TensorLike, b: TensorLike): Tensor {
  return binary('xlogy', a, b, (x, y) => (x === 0 && !Number.isNaN(y) ? 0 : x * Math.log(y)), (g, a, b) => [
    a.requiresGrad ? mul(g, log(b)) : null, // d(x log y)/dx = log y
    b.requiresGrad ? mul(g, div(a, b)) : null, // d(x log y)/dy = x / y
  ]);
}

/** $y = -x$. */
export function neg(x: Tensor): Tensor {
  return unary('neg', x, (v) => -v, (g) => neg(g)); // d(-x)/dx = -1
}

/** $y = x^2$. */
export function square(x: Tensor): Tensor {
  return unary('square', x, (v) => v * v, (g, x) => mul(g, mul(x, 2))); // d(x^2)/dx = 2x
}

/** $y = e^x$. */
export function exp(x: Tensor): Tensor {
  return unary('exp', x, Math.exp, (g, _x, y) => mul(g, y)); // d(e^x)/dx = e^x = y
}

/** $y = \log x$ (natural; NaN for $x < 0$, $-\infty$ at 0). */
export function log(x: Tensor): Tensor {
  return unary('log', x, Math.log, (g, x) => div(g, x)); // d(log x)/dx = 1/x
}

/** $y = \sqrt x$. */
export function sqrt(x: Tensor): Tensor {
  return unary('sqrt', x, Math.sqrt, (g, _x, y) => div(g, mul(y, 2))); // d(sqrt x)/dx = 1/(2 sqrt x)
}

/** $y = \tanh x$. */
export function tanh(x: Tensor): Tensor {
  return unary('tanh', x, Math.tanh, (g, _x, y) => mul(g, sub(1, square(y)))); // d(tanh x)/dx = 1 - tanh^2 x
}

/** $y = \sigma(x) = 1/(1 + e^{-x})$, computed without overflow for either sign of $x$. */
export function sigmoid(x: Tensor): Tensor {
  const f = (v: number): number => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)));
  return unary('sigmoid', x, f, (g, _x, y) => mul(g, mul(y, sub(1, y)))); // d(sigma)/dx = sigma (1 - sigma)
}

/** $y = \max(x, 0)$; derivative taken as 0 at $x = 0$ (as PyTorch and tfjs do). */
export function relu(x: Tensor): Tensor {
  return unary('relu', x, (v) => (v > 0 || Number.isNaN(v) ? v : 0), (g, x) =>
    mul(g, constMap(x, (v) => (v > 0 ? 1 : 0))), // d relu/dx = 1[x > 0]
  );
}

/** $y = |x|$; derivative taken as 0 at $x = 0$. */
export function abs(x: Tensor): Tensor {
  return unary('abs', x, Math.abs, (g, x) =>
    mul(g, constMap(x, (v) => (v > 0 ? 1 : v < 0 ? -1 : 0))), // d|x|/dx = sign x
  );
}
