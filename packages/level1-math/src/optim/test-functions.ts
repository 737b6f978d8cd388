/**
 * Standard test objectives with their gradients and Hessians: the Rosenbrock function and the
 * quadratic $\tfrac12 x^\top A x - b^\top x$. Used by the tests, the docs and the
 * `optimizer-convergence` experiment.
 *
 * @see ../../../../docs/level1-math/optim.md
 */
import { InvalidInputError, Matrix, ShapeError, asMatrix, asVector } from '@fpml/core';
import type { Objective } from './types.js';

/**
 * Rosenbrock's function in $d \ge 2$ dimensions (scipy's `rosen`):
 * $$f(x) = \sum_{i=1}^{d-1} 100\,(x_{i+1} - x_i^2)^2 + (1 - x_i)^2,$$
 * minimum $f(\mathbf 1) = 0$. Value and gradient in $O(d)$.
 */
export const rosenbrock: Objective = (x) => {
  const d = x.length;
  if (d < 2) throw new InvalidInputError(`rosenbrock: x must have at least 2 entries, got ${d}`);
  const grad = new Float64Array(d);
  let value = 0;
  for (let i = 0; i < d - 1; i++) {
    const r = x[i + 1]! - x[i]! * x[i]!;
    const s = 1 - x[i]!;
    value += 100 * r * r + s * s;
    grad[i] = grad[i]! - 400 * x[i]! * r - 2 * s; // ∂/∂x_i
    grad[i + 1] = grad[i + 1]! + 200 * r; // ∂/∂x_{i+1}
  }
  return { value, grad };
};

/** Hessian of {@link rosenbrock}, (d, d), tridiagonal. $O(d^2)$ to allocate. */
export function rosenbrockHessian(x: Float64Array): Matrix {
  const d = x.length;
  const H = Matrix.zeros(d, d);
  for (let i = 0; i < d - 1; i++) {
    H.data[i * d + i] += 1200 * x[i]! * x[i]! - 400 * x[i + 1]! + 2; // ∂²/∂x_i²
    H.data[(i + 1) * d + i + 1] += 200;
    H.data[i * d + i + 1] = -400 * x[i]!;
    H.data[(i + 1) * d + i] = -400 * x[i]!;
  }
  return H;
}

/**
 * The quadratic $f(x) = \tfrac12 x^\top A x - b^\top x$ with $\nabla f = Ax - b$ and $\nabla^2 f = A$
 * ($A$ symmetric; `b` defaults to 0). Returns the objective and its (constant) Hessian.
 * $O(d^2)$ per evaluation.
 *
 * @throws ShapeError for a non-square A or a b of the wrong length.
 */
export function quadratic(A: Matrix | readonly (readonly number[])[], b?: ArrayLike<number>): { objective: Objective; hessian: () => Matrix } {
  const M = asMatrix(A, 'A');
  if (M.rows !== M.cols) throw new ShapeError(`quadratic: A must be square, got ${M.rows}x${M.cols}`);
  const d = M.rows;
  const bv = b === undefined ? new Float64Array(d) : asVector(Array.from(b), 'b');
  if (bv.length !== d) throw new ShapeError(`quadratic: b has ${bv.length} entries but A is ${d}x${d}`);
  const objective: Objective = (x) => {
    const grad = new Float64Array(d); // Ax − b, (d,)
    let value = 0;
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += M.data[i * d + j]! * x[j]!;
      grad[i] = s - bv[i]!;
      value += x[i]! * (0.5 * s - bv[i]!);
    }
    return { value, grad };
  };
  return { objective, hessian: () => M };
}
