/**
 * Central finite differences against a hand-written gradient, one named tensor at a time: the
 * check every backward pass in this folder must pass.
 *
 * For a tensor $\theta$ and a scalar loss $L$, entry $k$ is estimated by
 * $$\tilde g_k = \frac{L(\theta + h e_k) - L(\theta - h e_k)}{2h} = g_k + \underbrace{\tfrac{h^2}{6} L'''}_{\text{truncation}} + \underbrace{O(\varepsilon |L| / h)}_{\text{rounding}},$$
 * so the total error is smallest near $h^\star = (3\varepsilon|L| / |L'''|)^{1/3} \sim \varepsilon^{1/3} \approx 6\cdot 10^{-6}$
 * in float64, where it is $\sim \varepsilon^{2/3} \approx 4\cdot 10^{-11}$ (times the problem's scale).
 * Cost: $2p$ loss evaluations for $p$ entries.
 *
 * Error measures of a tensor (both reported; the first is the pass/fail criterion):
 * - `relError` $= \max_k |g_k - \tilde g_k| \,/\, \max_k \max(|g_k|, |\tilde g_k|)$: the worst
 *   entry's error relative to the tensor's largest gradient entry. Scale-free, and not blown up
 *   by entries that are zero up to rounding (a dead ReLU unit, a cancelling sum).
 * - `maxEntryRelError` $= \max_k |g_k - \tilde g_k| / \max(|g_k|, |\tilde g_k|)$ (0 where both are 0):
 *   entry by entry; large only where an entry is itself tiny.
 *
 * @see ../../../../docs/level3-deep/backprop.md
 */
import { InvalidInputError, ShapeError, describeValue } from '@fpml/core';

/** One tensor's comparison. */
export interface TensorCheck {
  /** Tensor name, e.g. `W1` or `X`. */
  name: string;
  /** Number of entries. */
  size: number;
  /** $\max_k |g_k|$ of the gradient under test. */
  maxAbsGrad: number;
  /** $\max_k |g_k - \tilde g_k|$. */
  maxAbsError: number;
  /** $\max_k |g_k - \tilde g_k| / \max_k \max(|g_k|, |\tilde g_k|)$ (0 if both are identically 0). */
  relError: number;
  /** Entrywise $\max_k |g_k - \tilde g_k| / \max(|g_k|, |\tilde g_k|)$. */
  maxEntryRelError: number;
  /** The central differences $\tilde g$. */
  numeric: Float64Array;
}

/**
 * $\tilde g_k = (f(x + h e_k) - f(x - h e_k)) / (2h)$ for every entry of `x`, perturbing `x` in
 * place and restoring each entry exactly. `f` must read `x` afresh on every call. $2|x|$ calls.
 * @throws InvalidInputError for h outside (0, 1) or a non-finite f.
 */
export function centralDifferences(f: () => number, x: Float64Array, h: number): Float64Array {
  if (!(h > 0 && h < 1)) throw new InvalidInputError(`centralDifferences: h must be in (0, 1), got ${describeValue(h)}`);
  const out = new Float64Array(x.length);
  for (let k = 0; k < x.length; k++) {
    const xk = x[k]!;
    x[k] = xk + h;
    const fp = f();
    x[k] = xk - h;
    const fm = f();
    x[k] = xk; // restore exactly
    if (!Number.isFinite(fp) || !Number.isFinite(fm)) throw new InvalidInputError(`centralDifferences: f is ${describeValue(fp)} / ${describeValue(fm)} at entry ${k} ± h`);
    out[k] = (fp - fm) / (2 * h); // O(h²) truncation, O(ε/h) rounding
  }
  return out;
}

/**
 * Compare an analytic gradient with central differences for each named tensor.
 * @param loss evaluates the loss from the tensors' current values
 * @param tensors the live arrays the loss reads (perturbed in place, restored)
 * @param grads the gradients under test, same names and lengths
 * @throws ShapeError if a gradient is missing or has the wrong length.
 */
export function checkTensors(loss: () => number, tensors: Readonly<Record<string, Float64Array>>, grads: Readonly<Record<string, Float64Array>>, h: number): TensorCheck[] {
  return Object.entries(tensors).map(([name, x]) => {
    const g = grads[name];
    if (g === undefined || g.length !== x.length) throw new ShapeError(`checkTensors: grads.${name} has ${g?.length ?? 'no'} entries but the tensor has ${x.length}`);
    return compareGradients(name, g, centralDifferences(loss, x, h));
  });
}

/** The error measures of {@link TensorCheck} for an analytic `g` and a numeric `gt` of equal length. $O(p)$. */
export function compareGradients(name: string, g: Float64Array, gt: Float64Array): TensorCheck {
  let maxAbsGrad = 0, scale = 0, maxAbsError = 0, maxEntryRelError = 0;
  for (let k = 0; k < g.length; k++) {
    const a = g[k]!, b = gt[k]!;
    let e = Math.abs(a - b);
    if (Number.isNaN(e)) e = Infinity; // NaN on either side always fails
    const s = Math.max(Math.abs(a), Math.abs(b));
    maxAbsGrad = Math.max(maxAbsGrad, Math.abs(a));
    scale = Math.max(scale, s);
    maxAbsError = Math.max(maxAbsError, e);
    if (e > 0) maxEntryRelError = Math.max(maxEntryRelError, Number.isFinite(e) ? e / s : Infinity);
  }
  const relError = maxAbsError === 0 ? 0 : Number.isFinite(maxAbsError) ? maxAbsError / scale : Infinity;
  return { name, size: g.length, maxAbsGrad, maxAbsError, relError, maxEntryRelError, numeric: gt };
}
