/**
 * `ParameterGrid`: every combination of the listed param values, in scikit-learn 1.2's order.
 *
 * A grid is an object `{ name: [values...] }` or a list of such objects (a union of grids). Each
 * grid's keys are sorted (Python's `sorted`, by Unicode code point, so `'C' < 'alpha'`) and the
 * combinations are the Cartesian product in that key order, the **last** key changing fastest:
 * $$\{a: [1, 2],\ b: [x, y]\} \;\mapsto\; (1,x),\ (1,y),\ (2,x),\ (2,y).$$
 * The grids of a list follow each other; an empty grid `{}` contributes one empty param set.
 * `get(i)` computes the $i$-th combination directly (mixed-radix digits of $i$, last key least
 * significant), so a huge grid can be sampled without expanding it; like sklearn's `__getitem__`
 * it lists the keys in reverse order (same values as iteration, different key order).
 *
 * Size $\sum_g \prod_{k \in g} |v_k|$; iterating is $O(\text{size} \cdot |keys|)$, `get` is $O(|keys|)$.
 *
 * @see ../../../../docs/level2-classical/model-selection.md#parameter-grids
 */
import { InvalidParamError, compareCodePoints, describeValue } from '@fpml/core';
import type { ParamSet } from './clone.js';

/** One grid: param name → the values to try (an array or typed array, non-empty). */
export type ParamGridSpec = Readonly<Record<string, ArrayLike<unknown>>>;

/** A sorted, checked grid: keys in sklearn's order, values as arrays. */
interface Normalized {
  keys: string[];
  values: unknown[][];
  size: number;
}

/**
 * Check and normalise a grid or a list of grids.
 * @throws InvalidParamError (param `owner.what`) for a non-object grid, a value that is not an
 *   array, or an empty array.
 */
export function normalizeGrids(grid: unknown, owner: string, what = 'paramGrid'): Normalized[] {
  const list: unknown[] = Array.isArray(grid) ? grid : [grid];
  return list.map((g, gi) => {
    const at = Array.isArray(grid) ? `${what}[${gi}]` : what;
    if (g === null || typeof g !== 'object' || Array.isArray(g)) throw new InvalidParamError(owner, at, g, 'an object { name: [values] } or an array of such objects');
    const keys = Object.keys(g).sort(compareCodePoints);
    const values = keys.map((k) => {
      const v = (g as Record<string, unknown>)[k];
      const isList = Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
      if (!isList) throw new InvalidParamError(owner, `${at}.${k}`, v, 'an array of values to try');
      const arr = Array.from(v as ArrayLike<unknown>);
      if (arr.length === 0) throw new InvalidParamError(owner, `${at}.${k}`, v, `a non-empty array of values (got ${describeValue(v)})`);
      return arr;
    });
    return { keys, values, size: values.reduce((p, v) => p * v.length, 1) };
  });
}

/**
 * The combinations of one or more param grids, in scikit-learn's order (see the module comment).
 *
 * @example
 * const g = new ParameterGrid({ alpha: [0.1, 1], fitIntercept: [true, false] });
 * g.length;    // 4
 * [...g][1];   // { alpha: 0.1, fitIntercept: false }
 * g.get(2);    // { alpha: 1, fitIntercept: true }
 * @see ../../../../docs/level2-classical/model-selection.md#parameter-grids
 */
export class ParameterGrid implements Iterable<ParamSet> {
  private readonly grids: readonly Normalized[];

  /**
   * Checks the grid at once (a grid is a value, not an estimator).
   * @throws InvalidParamError for a malformed grid (see {@link normalizeGrids}).
   */
  constructor(paramGrid: ParamGridSpec | readonly ParamGridSpec[]) {
    this.grids = normalizeGrids(paramGrid, 'ParameterGrid');
  }

  /** Number of param sets (an empty list of grids has 0). */
  get length(): number {
    return this.grids.reduce((s, g) => s + g.size, 0);
  }

  /** The param sets, in order. */
  *[Symbol.iterator](): IterableIterator<ParamSet> {
    for (const g of this.grids) {
      const digits = new Array<number>(g.keys.length).fill(0);
      for (let c = 0; c < g.size; c++) {
        yield Object.freeze(Object.fromEntries(g.keys.map((k, j) => [k, g.values[j]![digits[j]!]])));
        for (let j = g.keys.length - 1; j >= 0; j--) {
          if (++digits[j]! < g.values[j]!.length) break; // odometer: the last key turns fastest
          digits[j] = 0;
        }
      }
    }
  }

  /**
   * The `index`-th param set without expanding the grid (sklearn's `__getitem__`).
   * @throws InvalidParamError for an index outside [0, length).
   */
  get(index: number): ParamSet {
    if (!Number.isInteger(index) || index < 0 || index >= this.length) {
      throw new InvalidParamError('ParameterGrid.get', 'index', index, `an integer in [0, ${this.length})`);
    }
    let i = index;
    for (const g of this.grids) {
      if (i >= g.size) {
        i -= g.size;
        continue;
      }
      const out: Record<string, unknown> = {};
      for (let j = g.keys.length - 1; j >= 0; j--) {
        const n = g.values[j]!.length;
        out[g.keys[j]!] = g.values[j]![i % n];
        i = Math.floor(i / n);
      }
      return Object.freeze(out); // keys in reverse order, as sklearn's __getitem__ builds its dict
    }
    throw new InvalidParamError('ParameterGrid.get', 'index', index, `an integer in [0, ${this.length})`); // unreachable
  }

  /** Every param set, in order. */
  toArray(): ParamSet[] {
    return [...this];
  }

  /** The distinct param names over all grids, sorted. */
  paramNames(): string[] {
    return [...new Set(this.grids.flatMap((g) => g.keys))].sort(compareCodePoints);
  }
}
