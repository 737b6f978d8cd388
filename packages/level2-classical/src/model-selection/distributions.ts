/**
 * Distributions to draw hyper-parameters from in a randomized search (scipy.stats's `uniform`,
 * `loguniform` and `randint`, re-expressed by their bounds), sampled through core's seeded
 * {@link Rng}. Each is a plain frozen object `{ distribution, ...bounds, sample(rng) }` whose
 * `toJSON()` is its bounds, so a search using them can be saved and reloaded
 * ({@link distributionFromJSON}). Any object with `sample(rng)` works as a sampler too; it just
 * cannot be saved.
 *
 * - `uniform(low, high)`: $U[\text{low}, \text{high})$ (scipy: `uniform(loc=low, scale=high-low)`);
 * - `logUniform(low, high)`: $\exp U[\ln \text{low}, \ln \text{high})$, density $\propto 1/x$
 *   (scipy: `loguniform(low, high)`), for scale params such as `alpha`, `C`, `gamma`;
 * - `randInt(low, high)`: an integer uniform on $\{\text{low}, \dots, \text{high}-1\}$ (scipy: `randint`).
 *
 * One draw is $O(1)$.
 *
 * @see ../../../../docs/level2-classical/model-selection.md#randomized-search
 */
import { InvalidInputError, InvalidParamError, describeValue } from '@fpml/core';
import type { Rng } from '@fpml/core';

/** Anything that draws a value from an Rng. */
export interface Sampler<T = unknown> {
  sample(rng: Rng): T;
}

/** The saved form of a built-in distribution. */
export type DistributionJSON =
  | { distribution: 'uniform'; low: number; high: number }
  | { distribution: 'loguniform'; low: number; high: number }
  | { distribution: 'randint'; low: number; high: number };

/** A built-in distribution: a sampler that can be saved. */
export type ParamDistribution = Sampler<number> & Readonly<DistributionJSON> & { toJSON(): DistributionJSON };

function build(json: DistributionJSON, draw: (rng: Rng) => number): ParamDistribution {
  return Object.freeze({ ...json, sample: draw, toJSON: () => ({ ...json }) });
}

function finitePair(owner: string, low: unknown, high: unknown, strict: boolean): asserts low is number {
  if (typeof low !== 'number' || !Number.isFinite(low)) throw new InvalidParamError(owner, 'low', low, 'a finite number');
  if (typeof high !== 'number' || !Number.isFinite(high) || (strict ? !(high > low) : !(high >= low))) {
    throw new InvalidParamError(owner, 'high', high, `a finite number ${strict ? '>' : '>='} low (${low})`);
  }
}

/**
 * Continuous uniform on $[\text{low}, \text{high})$.
 * @throws InvalidParamError unless low, high are finite with high >= low.
 */
export function uniform(low: number, high: number): ParamDistribution {
  finitePair('uniform', low, high, false);
  return build({ distribution: 'uniform', low, high }, (rng) => rng.uniform(low, high));
}

/**
 * Log-uniform on $[\text{low}, \text{high})$: $\ln x$ uniform.
 * @throws InvalidParamError unless 0 < low <= high, finite.
 */
export function logUniform(low: number, high: number): ParamDistribution {
  finitePair('logUniform', low, high, false);
  if (!(low > 0)) throw new InvalidParamError('logUniform', 'low', low, 'a finite number > 0');
  const a = Math.log(low), b = Math.log(high);
  return build({ distribution: 'loguniform', low, high }, (rng) => Math.min(Math.max(Math.exp(rng.uniform(a, b)), low), high)); // clamp the rounding of exp(ln x)
}

/**
 * Integer uniform on $\{\text{low}, \dots, \text{high} - 1\}$.
 * @throws InvalidParamError unless low < high are safe integers.
 */
export function randInt(low: number, high: number): ParamDistribution {
  finitePair('randInt', low, high, true);
  if (!Number.isSafeInteger(low)) throw new InvalidParamError('randInt', 'low', low, 'an integer');
  if (!Number.isSafeInteger(high)) throw new InvalidParamError('randInt', 'high', high, 'an integer');
  return build({ distribution: 'randint', low, high }, (rng) => low + rng.int(high - low));
}

/** Whether `v` is a sampler (has `sample`), as opposed to a list of values. */
export function isSampler(v: unknown): v is Sampler {
  return v !== null && typeof v === 'object' && typeof (v as Sampler).sample === 'function';
}

/** Whether `v` is the saved form of a built-in distribution. */
export function isDistributionJSON(v: unknown): v is DistributionJSON {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const d = (v as { distribution?: unknown }).distribution;
  return d === 'uniform' || d === 'loguniform' || d === 'randint';
}

/**
 * Rebuild a distribution from its `toJSON()`.
 * @throws InvalidInputError for an unknown distribution; InvalidParamError for bad bounds.
 */
export function distributionFromJSON(json: unknown): ParamDistribution {
  if (!isDistributionJSON(json)) throw new InvalidInputError(`distributionFromJSON expects { distribution: 'uniform' | 'loguniform' | 'randint', low, high }, got ${describeValue(json)}`);
  const make = { uniform, loguniform: logUniform, randint: randInt }[json.distribution];
  return make(json.low, json.high);
}
