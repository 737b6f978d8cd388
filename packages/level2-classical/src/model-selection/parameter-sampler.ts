/**
 * `ParameterSampler`: `nIter` random param sets, following scikit-learn 1.2's `ParameterSampler`
 * step for step, with core's seeded {@link Rng} in place of NumPy's (so the draws are fpml's
 * own: reproducible for a seed, not equal to sklearn's).
 *
 * - If every value of every grid is a list, the draws are **without replacement** from the
 *   {@link ParameterGrid} of those lists: `nIter` distinct indices (all of them, in random order,
 *   when the grid is smaller than `nIter`; sklearn warns there, fpml prints nothing).
 * - Otherwise each draw picks one of the grids uniformly, then for each key in sorted order draws
 *   from its sampler (`sample(rng)`) or picks a uniform element of its list. Draws may repeat.
 *
 * $O(\text{nIter} \cdot |keys|)$ (plus $O(\text{grid size})$ for the without-replacement draw when the
 * grid has at most $10^6$ points; above that, rejection sampling of distinct indices).
 *
 * @see ../../../../docs/level2-classical/model-selection.md#randomized-search
 */
import { InvalidParamError, Rng, compareCodePoints, describeValue } from '@fpml/core';
import type { ParamSet } from './clone.js';
import { isSampler, type Sampler } from './distributions.js';
import { ParameterGrid } from './parameter-grid.js';

/** One grid of distributions: param name → a list of values or a sampler. */
export type ParamDistributionsSpec = Readonly<Record<string, ArrayLike<unknown> | Sampler>>;

/** Options of {@link ParameterSampler}. */
export interface ParameterSamplerOptions {
  /** Seed of the Rng behind the draws. @default 0 */
  seed?: number;
}

const DENSE_LIMIT = 1_000_000;

/**
 * Check a distributions spec (an object or a non-empty list of objects).
 * @throws InvalidParamError naming `what.key` for a value that is neither a non-empty list nor a sampler.
 */
export function normalizeDistributions(spec: unknown, owner: string, what = 'paramDistributions'): Record<string, unknown[] | Sampler>[] {
  const list: unknown[] = Array.isArray(spec) ? spec : [spec];
  if (list.length === 0) throw new InvalidParamError(owner, what, spec, 'a non-empty array of { name: values | sampler } objects');
  return list.map((g, gi) => {
    const at = Array.isArray(spec) ? `${what}[${gi}]` : what;
    if (g === null || typeof g !== 'object' || Array.isArray(g)) throw new InvalidParamError(owner, at, g, 'an object { name: [values] | sampler }');
    return Object.fromEntries(
      Object.keys(g)
        .sort(compareCodePoints)
        .map((k) => {
          const v = (g as Record<string, unknown>)[k];
          if (isSampler(v)) return [k, v];
          const isList = Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
          if (!isList || (v as ArrayLike<unknown>).length === 0) {
            throw new InvalidParamError(owner, `${at}.${k}`, v, `a non-empty array of values or a sampler with sample(rng) (got ${describeValue(v)})`);
          }
          return [k, Array.from(v as ArrayLike<unknown>)];
        }),
    );
  });
}

/** `size` distinct indices in [0, n) in draw order. */
function distinctIndices(rng: Rng, n: number, size: number): number[] {
  if (n <= DENSE_LIMIT) return Array.from(rng.choice(n, size, { replace: false }));
  const seen = new Set<number>();
  const out: number[] = [];
  while (out.length < size) {
    const i = rng.int(n);
    if (!seen.has(i)) {
      seen.add(i);
      out.push(i);
    }
  }
  return out;
}

/**
 * Random param sets from lists and samplers (see the module comment).
 *
 * @example
 * const s = new ParameterSampler({ alpha: logUniform(1e-3, 1e2), fitIntercept: [true, false] }, 10, { seed: 0 });
 * for (const params of s) ...   // 10 param sets, the same for the same seed
 * @see ../../../../docs/level2-classical/model-selection.md#randomized-search
 */
export class ParameterSampler implements Iterable<ParamSet> {
  private readonly grids: Record<string, unknown[] | Sampler>[];
  readonly nIter: number;
  readonly seed: number;

  /**
   * Checks the spec at once.
   * @throws InvalidParamError for a malformed spec, a bad nIter or seed.
   */
  constructor(paramDistributions: ParamDistributionsSpec | readonly ParamDistributionsSpec[], nIter: number, options: ParameterSamplerOptions = {}) {
    this.grids = normalizeDistributions(paramDistributions, 'ParameterSampler');
    if (!Number.isSafeInteger(nIter) || nIter < 1) throw new InvalidParamError('ParameterSampler', 'nIter', nIter, 'a positive integer');
    const seed = options.seed ?? 0;
    if (!Number.isSafeInteger(seed) || seed < 0) throw new InvalidParamError('ParameterSampler', 'seed', seed, 'a non-negative integer');
    this.nIter = nIter;
    this.seed = seed;
  }

  /** Whether every value is a list (then draws are without replacement). */
  get allLists(): boolean {
    return this.grids.every((g) => Object.values(g).every((v) => Array.isArray(v)));
  }

  /** Number of param sets the iterator yields: nIter, or the grid size if smaller (all lists). */
  get length(): number {
    return this.allLists ? Math.min(this.nIter, new ParameterGrid(this.grids as Record<string, unknown[]>[]).length) : this.nIter;
  }

  /** The draws, from a fresh `new Rng(seed)` each time (so iterating twice gives the same sets). */
  *[Symbol.iterator](): IterableIterator<ParamSet> {
    const rng = new Rng(this.seed);
    if (this.allLists) {
      const grid = new ParameterGrid(this.grids as Record<string, unknown[]>[]);
      for (const i of distinctIndices(rng, grid.length, Math.min(this.nIter, grid.length))) yield grid.get(i);
      return;
    }
    for (let it = 0; it < this.nIter; it++) {
      const g = this.grids[rng.int(this.grids.length)]!;
      const params: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(g)) params[k] = Array.isArray(v) ? v[rng.int(v.length)] : (v as Sampler).sample(rng);
      yield Object.freeze(params);
    }
  }

  /** Every param set, in order. */
  toArray(): ParamSet[] {
    return [...this];
  }
}
