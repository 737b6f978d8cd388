/**
 * Params of {@link KMeans}: types, defaults (scikit-learn 1.2's) and validation.
 *
 * @see ../../../../docs/level2-classical/clustering.md
 */
import { InvalidParamError, type MatrixLike } from '@fpml/core';
import { checkInt, checkNumber, checkOneOf, checkSeed, freezeNested } from './check-params.js';

const KIND = 'KMeans';

/** How {@link KMeans} picks its first centers. */
export type KMeansInit = 'k-means++' | 'random';

/** Options of {@link KMeans} (scikit-learn's names in camelCase). */
export interface KMeansOptions {
  /** Number of clusters $k$. @default 8 */
  nClusters?: number;
  /**
   * `'k-means++'`: greedy k-means++ ($2 + \lfloor\ln k\rfloor$ local trials per center);
   * `'random'`: k distinct rows; or an explicit (k, d) matrix of centers (then one run only).
   * @default 'k-means++'
   */
  init?: KMeansInit | MatrixLike;
  /**
   * Runs from different initialisations; the lowest inertia wins. `'auto'`: 1 for k-means++,
   * 10 otherwise (scikit-learn 1.4's default). The default 10 is what scikit-learn 1.2 does with
   * its `'warn'` default. @default 10
   */
  nInit?: number | 'auto';
  /** Lloyd iterations per run. @default 300 */
  maxIter?: number;
  /**
   * Convergence when $\sum_j\lVert c_j^{new} - c_j\rVert^2 \le \text{tol}\cdot\overline{\operatorname{Var}}(X)$,
   * the mean of the feature variances (scikit-learn's relative tolerance). @default 1e-4
   */
  tol?: number;
  /** `'lloyd'` (the classical EM-style iteration) or `'elkan'` (same fixed points, triangle-inequality bounds). @default 'lloyd' */
  algorithm?: 'lloyd' | 'elkan';
  /** Seed of the Rng behind the initialisations. @default 0 */
  seed?: number;
}

/** The params of a {@link KMeans}, defaults filled in (an explicit init is stored as a frozen number[][]). */
export interface KMeansParams {
  nClusters: number;
  init: KMeansInit | readonly (readonly number[])[];
  nInit: number | 'auto';
  maxIter: number;
  tol: number;
  algorithm: 'lloyd' | 'elkan';
  seed: number;
  [key: string]: unknown;
}

/** Fill in the defaults (no checks: `fit` checks). */
export function kmeansParams(o: KMeansOptions): KMeansParams {
  return {
    nClusters: o.nClusters ?? 8,
    init: (freezeNested(o.init ?? 'k-means++') as KMeansParams['init']),
    nInit: o.nInit ?? 10,
    maxIter: o.maxIter ?? 300,
    tol: o.tol ?? 1e-4,
    algorithm: o.algorithm ?? 'lloyd',
    seed: o.seed ?? 0,
  };
}

/**
 * Check the params that do not depend on the data.
 * @throws InvalidParamError naming the param, its value and what is allowed.
 */
export function checkKMeansParams(p: Readonly<KMeansParams>): void {
  checkInt(KIND, 'nClusters', p.nClusters, 1);
  if (typeof p.init === 'string') checkOneOf(KIND, 'init', p.init, ['k-means++', 'random']);
  else if (!Array.isArray(p.init)) throw new InvalidParamError(KIND, 'init', p.init, "'k-means++', 'random' or a (nClusters, nFeatures) matrix of centers");
  if (p.nInit !== 'auto') checkInt(KIND, 'nInit', p.nInit, 1);
  checkInt(KIND, 'maxIter', p.maxIter, 1);
  checkNumber(KIND, 'tol', p.tol, 0, false);
  checkOneOf(KIND, 'algorithm', p.algorithm, ['lloyd', 'elkan']);
  checkSeed(KIND, p.seed);
}

/** Number of runs: an explicit init runs once; `'auto'` is 1 for k-means++, else 10. */
export function resolveNInit(p: Readonly<KMeansParams>): number {
  if (typeof p.init !== 'string') return 1;
  if (p.nInit === 'auto') return p.init === 'k-means++' ? 1 : 10;
  return p.nInit;
}

/**
 * The explicit init as a (k, d) Float64Array copy, or null for 'k-means++'/'random'.
 * @throws InvalidParamError unless it is a (nClusters, nFeatures) matrix of finite numbers.
 */
export function explicitInit(p: Readonly<KMeansParams>, k: number, d: number): Float64Array | null {
  if (typeof p.init === 'string') return null;
  const rows = p.init;
  if (rows.length !== k || rows.some((r) => !Array.isArray(r) || r.length !== d)) {
    throw new InvalidParamError(KIND, 'init', p.init, `a (nClusters, nFeatures) = (${k}, ${d}) matrix of centers`);
  }
  const out = new Float64Array(k * d);
  for (let j = 0; j < k; j++) {
    for (let q = 0; q < d; q++) {
      const v = rows[j]![q];
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new InvalidParamError(KIND, 'init', p.init, `finite numbers; init[${j}][${q}] is ${String(v)}`);
      out[j * d + q] = v;
    }
  }
  return out;
}
