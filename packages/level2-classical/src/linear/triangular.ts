/**
 * Triangular solves with a Cholesky factor, shared by the normal-equation and ridge solvers.
 *
 * @see ../../../../docs/level2-classical/linear.md
 */
import type { Matrix } from '@fpml/core';

/**
 * Solve $LL^\top x = b$ for a lower-triangular $L$ (d, d) with a positive diagonal: forward
 * substitution $Lz = b$, then back substitution $L^\top x = z$. $O(d^2)$. Returns a new array.
 */
export function choleskySolve(L: Matrix, b: Float64Array): Float64Array {
  const d = L.rows, l = L.data;
  const z = new Float64Array(d); // (d,)
  for (let i = 0; i < d; i++) {
    let s = b[i]!;
    const o = i * d;
    for (let k = 0; k < i; k++) s -= l[o + k]! * z[k]!;
    z[i] = s / l[o + i]!;
  }
  for (let i = d - 1; i >= 0; i--) {
    let s = z[i]!;
    for (let k = i + 1; k < d; k++) s -= l[k * d + i]! * z[k]!;
    z[i] = s / l[i * d + i]!;
  }
  return z;
}
