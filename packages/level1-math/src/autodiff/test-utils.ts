/**
 * Test helpers for the autodiff tests (imported by *.test.ts only): finite-difference checks of
 * any op through core's `expectGradient`/`expectJacobian`, over all of an op's inputs at once.
 */
import { Rng } from '@fpml/core';
import { expectGradient, expectJacobian, type GradientCheckOptions } from '@fpml/core/testing';
import { grad } from './grad.js';
import { mul, sum } from './index.js';
import { Tensor, tensor } from './tensor.js';

/** Random normal tensor from a seeded Rng. */
export function randn(rng: Rng, shape: number[], scale = 1): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = rng.normal(0, scale);
  return tensor(d, shape);
}

/** Split a flat vector back into tensors of the given shapes. */
export function unflatten(x: Float64Array, shapes: readonly (readonly number[])[]): Tensor[] {
  let o = 0;
  return shapes.map((s) => {
    const n = s.reduce((a, b) => a * b, 1);
    const t = tensor(x.slice(o, o + n), s.slice());
    o += n;
    return t;
  });
}

/** Concatenate tensors' values. */
export function flatten(ts: readonly Tensor[]): Float64Array {
  const out = new Float64Array(ts.reduce((a, t) => a + t.size, 0));
  let o = 0;
  for (const t of ts) {
    out.set(t.data, o);
    o += t.size;
  }
  return out;
}

/**
 * Finite-difference check of `f`'s gradient with respect to every input, through the random
 * projection $L = \sum_i w_i f(x)_i$ (so a wrong Jacobian cannot hide behind a uniform seed).
 */
export function checkOpGradient(f: (...xs: Tensor[]) => Tensor, inputs: Tensor[], rng: Rng, opts: GradientCheckOptions = {}): void {
  const shapes = inputs.map((t) => t.shape);
  const out = f(...inputs);
  const w = randn(rng, out.shape.slice());
  const L = (...xs: Tensor[]): Tensor => sum(mul(f(...xs), w));
  expectGradient(
    (x) => L(...unflatten(x, shapes)).item(),
    (x) => flatten(grad(L)(...unflatten(x, shapes))),
    flatten(inputs),
    { tol: 1e-6, ...opts },
  );
}

/**
 * Second-order check: the Jacobian of $x \mapsto \nabla L(x)$ computed by differentiating the
 * recorded gradient (grad of grad) against central differences of the first-order gradient.
 */
export function checkHessian(L: (...xs: Tensor[]) => Tensor, inputs: Tensor[], opts: GradientCheckOptions = {}): void {
  const shapes = inputs.map((t) => t.shape);
  const gradient = (x: Float64Array): Float64Array => flatten(grad(L)(...unflatten(x, shapes)));
  const hessian = (x: Float64Array): number[][] => {
    const n = x.length;
    const rows: number[][] = [];
    for (let i = 0; i < n; i++) {
      const e = new Float64Array(n);
      e[i] = 1;
      // row i of H = d/dx (e_i . grad L(x)), differentiating through the recorded backward pass
      const gi = (...xs: Tensor[]): Tensor => {
        const gs = grad(L)(...xs);
        const parts = unflatten(e, shapes);
        return gs.map((g, k) => sum(mul(g, parts[k]!))).reduce((a, b) => a.add(b));
      };
      rows.push(Array.from(flatten(grad(gi)(...unflatten(x, shapes)))));
    }
    return rows;
  };
  expectJacobian(gradient, hessian, flatten(inputs), { tol: 1e-6, ...opts });
}

/** Push values within `gap` of a kink (0) away from it, so finite differences never straddle it. */
export function awayFromZero(t: Tensor, gap = 1e-3): Tensor {
  return tensor(t.data.map((v) => (Math.abs(v) < gap ? (v < 0 ? -gap : gap) : v)), t.shape.slice());
}

/** Random values in [lo, hi]. */
export function randu(rng: Rng, shape: number[], lo: number, hi: number): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = rng.uniform(lo, hi);
  return tensor(d, shape);
}
