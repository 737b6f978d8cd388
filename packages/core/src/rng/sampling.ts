/**
 * Discrete sampling for {@link Rng}: weighted categorical draws, Fisher–Yates permutations and
 * `choice` with or without replacement.
 *
 * Internal: the Rng methods call these; argument checks live here so both share one message.
 * @see ../../../../docs/core/rng.md
 */
import { InvalidInputError, InvalidParamError, describeValue } from '../errors.js';
import type { ChoiceOptions, Rng } from './rng.js';

/**
 * Check non-negative finite weights with a positive sum and return the sum.
 * @throws InvalidInputError naming `owner`, `name` and the first bad entry.
 */
export function checkWeights(p: ArrayLike<number>, owner: string, name: string, length?: number): number {
  if (p === null || typeof p !== 'object' || !Number.isInteger(p.length)) {
    throw new InvalidInputError(`${owner}: ${name} must be an array of probabilities, got ${describeValue(p)}`);
  }
  if (p.length === 0) throw new InvalidInputError(`${owner}: ${name} must not be empty`);
  if (length !== undefined && p.length !== length) {
    throw new InvalidInputError(`${owner}: ${name} has ${p.length} entries but n is ${length}`);
  }
  let total = 0;
  for (let i = 0; i < p.length; i++) {
    const v = p[i];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw new InvalidInputError(`${owner}: ${name}[${i}] is ${describeValue(v)}; weights must be finite and non-negative`);
    }
    total += v;
  }
  if (!(total > 0) || !Number.isFinite(total)) {
    throw new InvalidInputError(`${owner}: ${name} sums to ${total}; at least one weight must be positive and the sum finite`);
  }
  return total;
}

/**
 * Index of the first running sum exceeding $U\cdot\text{total}$. Zero weights are never picked;
 * if rounding pushes the target past the last sum, the last positive weight is returned.
 */
export function categoricalIndex(rng: Rng, p: ArrayLike<number>, total: number): number {
  const u = rng.next() * total;
  let acc = 0;
  let last = -1;
  for (let i = 0; i < p.length; i++) {
    const w = p[i]!;
    if (w > 0) {
      acc += w;
      last = i;
      if (u < acc) return i;
    }
  }
  return last;
}

/** Fisher–Yates: for $i = n-1 \dots 1$ swap $a_i$ with $a_j$, $j$ uniform in $[0, i]$. */
export function permuteInPlace<T extends { length: number; [i: number]: any }>(rng: Rng, a: T): T {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a;
}

/** Implementation of {@link Rng.choice}. */
export function choiceIndices(rng: Rng, n: number, size: number, options: ChoiceOptions): Int32Array {
  const owner = 'Rng.choice';
  if (!Number.isInteger(n) || n < 1 || n > 0x7fffffff) throw new InvalidParamError(owner, 'n', n, 'a positive integer < 2^31');
  if (!Number.isInteger(size) || size < 0) throw new InvalidParamError(owner, 'size', size, 'a non-negative integer');
  if (options === null || typeof options !== 'object') {
    throw new InvalidInputError(`${owner}: options must be an object, got ${describeValue(options)}`);
  }
  const { replace = true, p } = options;
  if (typeof replace !== 'boolean') throw new InvalidParamError(owner, 'replace', replace, 'a boolean');
  const out = new Int32Array(size); // (size,)
  if (p !== undefined) {
    const total = checkWeights(p, owner, 'p', n);
    if (replace) {
      for (let k = 0; k < size; k++) out[k] = categoricalIndex(rng, p, total);
      return out;
    }
    const w = Float64Array.from(p); // remaining weights, (n,)
    let positive = 0;
    for (let i = 0; i < n; i++) if (w[i]! > 0) positive++;
    if (size > positive) {
      throw new InvalidParamError(owner, 'size', size, `≤ ${positive}, the number of non-zero weights in p, when replace is false`);
    }
    for (let k = 0; k < size; k++) {
      let rest = 0;
      for (let i = 0; i < n; i++) rest += w[i]!;
      const i = categoricalIndex(rng, w, rest);
      out[k] = i;
      w[i] = 0;
    }
    return out;
  }
  if (replace) {
    for (let k = 0; k < size; k++) out[k] = rng.int(n);
    return out;
  }
  if (size > n) throw new InvalidParamError(owner, 'size', size, `≤ n (${n}) when replace is false`);
  // Partial Fisher–Yates over a virtual identity array; only displaced slots are stored, so
  // memory is O(size) whatever n is.
  const moved = new Map<number, number>();
  for (let k = 0; k < size; k++) {
    const j = k + rng.int(n - k);
    const vj = moved.get(j) ?? j;
    moved.set(j, moved.get(k) ?? k);
    out[k] = vj;
  }
  return out;
}
