/**
 * `GridSearchCV`: exhaustive search over a {@link ParameterGrid}, as scikit-learn 1.2's
 * `GridSearchCV`. Every combination of the grid's values is cross-validated on the same folds;
 * the best mean test score wins (the first such candidate in grid order on ties) and, with
 * `refit`, is refitted on all the data. See {@link BaseSearchCV} for what it computes and how it
 * behaves as an estimator.
 *
 * Cost: $|\text{grid}| \cdot k$ fits plus one refit; the grid grows as the product of the value
 * counts, so a grid over many params is better sampled ({@link RandomizedSearchCV}).
 *
 * @see ../../../../docs/level2-classical/model-selection.md#grid-search
 */
import { InvalidInputError, InvalidParamError, readSerialized, registerEstimator } from '@fpml/core';
import { BaseSearchCV, baseParams, loadBaseParams, type BaseSearchOptions, type BaseSearchParams } from './base-search.js';
import type { FittableEstimator, ParamSet } from './clone.js';
import { ParameterGrid, normalizeGrids, type ParamGridSpec } from './parameter-grid.js';
import { describeParam, loadValue, saveValue } from './search-serialization.js';

const KIND = 'GridSearchCV';

/** Options of {@link GridSearchCV}. */
export interface GridSearchCVOptions<E extends FittableEstimator> extends BaseSearchOptions<E> {
  /** `{ name: [values] }` or a list of such grids; names as in `getParams()` (`step__param` inside a Pipeline). */
  paramGrid: ParamGridSpec | readonly ParamGridSpec[];
}

/** The stored options of a {@link GridSearchCV}. */
export interface GridSearchCVParams<E extends FittableEstimator> extends BaseSearchParams<E> {
  paramGrid: ParamGridSpec | readonly ParamGridSpec[];
}

/**
 * Exhaustive cross-validated search over a param grid.
 *
 * @example
 * const search = new GridSearchCV({
 *   estimator: new Pipeline({ steps: [['scale', new StandardScaler()], ['ridge', new Ridge()]] }),
 *   paramGrid: { ridge__alpha: [0.01, 0.1, 1, 10] },
 *   scoring: 'neg_mean_squared_error', cv: 5,
 * }).fit(X, y);
 * search.bestParams;               // { ridge__alpha: 1 }
 * search.cvResults.rankTestScore;  // Int32Array [4, 2, 1, 3]
 * search.predict(Xnew);            // the refitted best pipeline's predictions
 * @see ../../../../docs/level2-classical/model-selection.md#grid-search
 */
export class GridSearchCV<E extends FittableEstimator = FittableEstimator> extends BaseSearchCV<E, GridSearchCVParams<E>> {
  protected readonly kind = KIND;

  /** Stores the options (defaults filled); checks nothing: `fit` does. */
  constructor(options: GridSearchCVOptions<E>) {
    super({ ...baseParams(options), paramGrid: options?.paramGrid });
  }

  protected candidates(): ParamSet[] {
    const grid = this.params.paramGrid;
    if (grid === undefined || grid === null) throw new InvalidParamError(KIND, 'paramGrid', grid, 'an object { name: [values] } or a non-empty array of such objects');
    const g = new ParameterGrid(normalizeGridsFor(grid) as ParamGridSpec[]);
    if (g.length === 0) throw new InvalidParamError(KIND, 'paramGrid', grid, 'a grid with at least one candidate (got an empty list of grids)');
    return g.toArray();
  }

  protected describeOwnParams(): Record<string, unknown> {
    return { paramGrid: describeParam(this.params.paramGrid) };
  }

  protected saveOwnParams(): Record<string, unknown> {
    return { paramGrid: saveValue(this.params.paramGrid, KIND) };
  }

  /**
   * Rebuild a search saved by {@link toJSON} (the estimator and any estimator-valued grid entry
   * through the registry).
   * @throws InvalidInputError for another kind, an unknown version or a malformed save.
   */
  static fromJSON(json: unknown): GridSearchCV {
    const saved = readSerialized(json, KIND, [1]);
    const p = saved.params as Record<string, unknown>;
    if (p.paramGrid === undefined) throw new InvalidInputError(`${KIND}.fromJSON: params.paramGrid is missing`);
    const search = new GridSearchCV({ ...loadBaseParams(p, KIND), paramGrid: loadValue(p.paramGrid) as ParamGridSpec });
    search.candidates(); // a malformed saved grid fails here, typed
    return search.restore(saved.state);
  }
}

/** Re-check a grid with GridSearchCV as the owner (so errors name `GridSearchCV: param paramGrid...`). */
function normalizeGridsFor(grid: unknown): Record<string, unknown[]>[] {
  return normalizeGrids(grid, KIND).map((g) => Object.fromEntries(g.keys.map((k, j) => [k, g.values[j]!])));
}

registerEstimator(KIND, (json) => GridSearchCV.fromJSON(json) as never); // a search is an estimator of its estimator's kind
