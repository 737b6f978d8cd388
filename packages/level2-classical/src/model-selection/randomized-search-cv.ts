/**
 * `RandomizedSearchCV`: cross-validate `nIter` param sets drawn by a {@link ParameterSampler}
 * (lists and distributions, seeded), as scikit-learn 1.2's `RandomizedSearchCV`. See
 * {@link BaseSearchCV} for what it computes and how it behaves as an estimator.
 *
 * Why sample: with a budget of $m$ fits per fold, a grid tries $m^{1/p}$ values of each of $p$
 * params, a random search $m$ distinct values of each. When only a few params matter (the usual
 * case), random search covers them far more densely (Bergstra & Bengio, 2012).
 *
 * The draws use core's Rng, not NumPy's: the same `seed` gives the same candidates, but not
 * sklearn's candidates.
 *
 * Cost: $\text{nIter} \cdot k$ fits plus one refit.
 *
 * @see ../../../../docs/level2-classical/model-selection.md#randomized-search
 */
import { InvalidInputError, InvalidParamError, readSerialized, registerEstimator } from '@fpml/core';
import { BaseSearchCV, baseParams, loadBaseParams, type BaseSearchOptions, type BaseSearchParams } from './base-search.js';
import type { FittableEstimator, ParamSet } from './clone.js';
import { ParameterSampler, normalizeDistributions, type ParamDistributionsSpec } from './parameter-sampler.js';
import { describeParam, loadValue, saveValue } from './search-serialization.js';

const KIND = 'RandomizedSearchCV';

/** Options of {@link RandomizedSearchCV}. */
export interface RandomizedSearchCVOptions<E extends FittableEstimator> extends BaseSearchOptions<E> {
  /** `{ name: [values] | distribution }` or a list of such; see {@link ParameterSampler}. */
  paramDistributions: ParamDistributionsSpec | readonly ParamDistributionsSpec[];
  /** Number of param sets to try. @default 10 */
  nIter?: number;
  /** Seed of the sampler's Rng. @default 0 */
  seed?: number;
}

/** The stored options of a {@link RandomizedSearchCV}. */
export interface RandomizedSearchCVParams<E extends FittableEstimator> extends BaseSearchParams<E> {
  paramDistributions: ParamDistributionsSpec | readonly ParamDistributionsSpec[];
  nIter: number;
  seed: number;
}

/**
 * Cross-validated search over randomly drawn param sets.
 *
 * @example
 * const search = new RandomizedSearchCV({
 *   estimator: new SVC(), paramDistributions: { C: logUniform(1e-2, 1e3), gamma: logUniform(1e-4, 1) },
 *   nIter: 20, seed: 0,
 * }).fit(X, y);
 * search.bestParams; // the same for the same seed
 * @see ../../../../docs/level2-classical/model-selection.md#randomized-search
 */
export class RandomizedSearchCV<E extends FittableEstimator = FittableEstimator> extends BaseSearchCV<E, RandomizedSearchCVParams<E>> {
  protected readonly kind = KIND;

  /** Stores the options (defaults filled); checks nothing: `fit` does. */
  constructor(options: RandomizedSearchCVOptions<E>) {
    super({ ...baseParams(options), paramDistributions: options?.paramDistributions, nIter: options?.nIter ?? 10, seed: options?.seed ?? 0 });
  }

  protected override gridName(): string {
    return 'paramDistributions';
  }

  protected candidates(): ParamSet[] {
    const { paramDistributions, nIter, seed } = this.params;
    if (!Number.isSafeInteger(nIter) || nIter < 1) throw new InvalidParamError(KIND, 'nIter', nIter, 'a positive integer');
    if (!Number.isSafeInteger(seed) || seed < 0) throw new InvalidParamError(KIND, 'seed', seed, 'a non-negative integer');
    const spec = normalizeDistributions(paramDistributions, KIND);
    return new ParameterSampler(spec, nIter, { seed }).toArray();
  }

  protected describeOwnParams(): Record<string, unknown> {
    const { paramDistributions, nIter, seed } = this.params;
    return { paramDistributions: describeParam(paramDistributions), nIter, seed };
  }

  protected saveOwnParams(): Record<string, unknown> {
    const { paramDistributions, nIter, seed } = this.params;
    return { paramDistributions: saveValue(paramDistributions, KIND), nIter, seed };
  }

  /**
   * Rebuild a search saved by {@link toJSON} (distributions by {@link distributionFromJSON}).
   * @throws InvalidInputError for another kind, an unknown version or a malformed save.
   */
  static fromJSON(json: unknown): RandomizedSearchCV {
    const saved = readSerialized(json, KIND, [1]);
    const p = saved.params as Record<string, unknown>;
    if (p.paramDistributions === undefined) throw new InvalidInputError(`${KIND}.fromJSON: params.paramDistributions is missing`);
    const search = new RandomizedSearchCV({
      ...loadBaseParams(p, KIND),
      paramDistributions: loadValue(p.paramDistributions) as ParamDistributionsSpec,
      nIter: p.nIter as number,
      seed: p.seed as number,
    });
    search.candidates();
    return search.restore(saved.state);
  }
}

registerEstimator(KIND, (json) => RandomizedSearchCV.fromJSON(json) as never); // a search is an estimator of its estimator's kind
