/**
 * Params of {@link GaussianMixture}: types, defaults (scikit-learn 1.2's), validation, and the
 * checks of an explicit `weightsInit`/`meansInit`/`precisionsInit` against the data's width.
 *
 * @see ../../../../docs/level2-classical/clustering.md
 */
import { InvalidParamError, Matrix, type MatrixLike, type VectorLike } from '@fpml/core';
import { cholesky } from '@fpml/level1-math';
import { checkBool, checkInt, checkNumber, checkOneOf, checkSeed, freezeNested } from './check-params.js';
import { covarianceLength, type CovarianceType } from './gmm-gaussian.js';

const KIND = 'GaussianMixture';
const TYPES: readonly CovarianceType[] = ['full', 'tied', 'diag', 'spherical'];
/** Ways to pick the first responsibilities. */
export type GmmInitParams = 'kmeans' | 'k-means++' | 'random' | 'random_from_data';
const INITS: readonly GmmInitParams[] = ['kmeans', 'k-means++', 'random', 'random_from_data'];

/** A nested array of numbers (any depth), as stored for the explicit inits. */
export type Nested = number | readonly Nested[];

/** Options of {@link GaussianMixture} (scikit-learn's names in camelCase). */
export interface GaussianMixtureOptions {
  /** Number of components $K$. @default 1 */
  nComponents?: number;
  /** Covariance parametrisation: `'full'`, `'tied'`, `'diag'` or `'spherical'`. @default 'full' */
  covarianceType?: CovarianceType;
  /** Stop when the mean log-likelihood changes by less than this between iterations. @default 1e-3 */
  tol?: number;
  /** Added to the covariance diagonals, so they stay positive definite. @default 1e-6 */
  regCovar?: number;
  /** EM iterations per initialisation (0: keep the initial parameters). @default 100 */
  maxIter?: number;
  /** Initialisations; the one with the highest lower bound wins. @default 1 */
  nInit?: number;
  /**
   * First responsibilities: `'kmeans'` (one-hot k-means labels), `'k-means++'` (one-hot seeds),
   * `'random'` (uniform, normalised), `'random_from_data'` (one-hot random rows). @default 'kmeans'
   */
  initParams?: GmmInitParams;
  /** Initial mixture weights (K,), replacing the estimated ones. @default null */
  weightsInit?: VectorLike | null;
  /** Initial means (K, d). @default null */
  meansInit?: MatrixLike | null;
  /** Initial precisions (inverse covariances), shaped by covarianceType: full (K, d, d), tied (d, d), diag (K, d), spherical (K,). @default null */
  precisionsInit?: readonly MatrixLike[] | MatrixLike | VectorLike | null;
  /** Seed of the Rng behind the initialisation and `sample`. @default 0 */
  seed?: number;
  /** Continue from the previous fit's parameters (one initialisation, no re-init). @default false */
  warmStart?: boolean;
}

/** The params of a {@link GaussianMixture}, defaults filled in (explicit inits as frozen nested arrays). */
export interface GaussianMixtureParams {
  nComponents: number;
  covarianceType: CovarianceType;
  tol: number;
  regCovar: number;
  maxIter: number;
  nInit: number;
  initParams: GmmInitParams;
  weightsInit: readonly number[] | null;
  meansInit: readonly (readonly number[])[] | null;
  precisionsInit: Nested | null;
  seed: number;
  warmStart: boolean;
  [key: string]: unknown;
}

/** Fill in the defaults (no checks: `fit` checks). */
export function gmmParams(o: GaussianMixtureOptions): GaussianMixtureParams {
  return {
    nComponents: o.nComponents ?? 1,
    covarianceType: o.covarianceType ?? 'full',
    tol: o.tol ?? 1e-3,
    regCovar: o.regCovar ?? 1e-6,
    maxIter: o.maxIter ?? 100,
    nInit: o.nInit ?? 1,
    initParams: o.initParams ?? 'kmeans',
    weightsInit: (freezeNested(o.weightsInit ?? null) as readonly number[] | null),
    meansInit: (freezeNested(o.meansInit ?? null) as readonly (readonly number[])[] | null),
    precisionsInit: (freezeNested(o.precisionsInit ?? null) as Nested | null),
    seed: o.seed ?? 0,
    warmStart: o.warmStart ?? false,
  };
}

/** @throws InvalidParamError naming the first bad param (data-independent checks). */
export function checkGmmParams(p: Readonly<GaussianMixtureParams>): void {
  checkInt(KIND, 'nComponents', p.nComponents, 1);
  checkOneOf(KIND, 'covarianceType', p.covarianceType, TYPES);
  checkNumber(KIND, 'tol', p.tol, 0, false);
  checkNumber(KIND, 'regCovar', p.regCovar, 0, false);
  checkInt(KIND, 'maxIter', p.maxIter, 0);
  checkInt(KIND, 'nInit', p.nInit, 1);
  checkOneOf(KIND, 'initParams', p.initParams, INITS);
  checkSeed(KIND, p.seed);
  checkBool(KIND, 'warmStart', p.warmStart);
}

/** The explicit inits, checked against K and d and flattened. */
export interface ExplicitInits {
  weights: Float64Array | null; // (K,)
  means: Float64Array | null; // (K, d)
  precisions: Float64Array | null; // covariance storage layout
}

/** Flatten a nested numeric array of exactly `shape`, or null if the shape or a value is wrong. */
function flatten(v: unknown, shape: readonly number[]): Float64Array | null {
  const out = new Float64Array(shape.reduce((a, b) => a * b, 1));
  let q = 0;
  const walk = (x: unknown, depth: number): boolean => {
    if (depth === shape.length) {
      if (typeof x !== 'number' || !Number.isFinite(x)) return false;
      out[q++] = x;
      return true;
    }
    return Array.isArray(x) && x.length === shape[depth] && x.every((e) => walk(e, depth + 1));
  };
  return walk(v, 0) ? out : null;
}

/**
 * Check the explicit inits as scikit-learn's `_check_parameters`: weights (K,) in [0, 1] summing to
 * 1 (within 1e-8); means (K, d); precisions of the covariance type's shape, symmetric positive
 * definite (full, tied: Cholesky must succeed, symmetry within 1e-8) or positive (diag, spherical).
 * @throws InvalidParamError naming weightsInit, meansInit or precisionsInit.
 */
export function checkInits(p: Readonly<GaussianMixtureParams>, d: number): ExplicitInits {
  const K = p.nComponents;
  const type = p.covarianceType;
  let weights: Float64Array | null = null;
  if (p.weightsInit !== null) {
    weights = flatten(p.weightsInit, [K]);
    if (weights === null) throw new InvalidParamError(KIND, 'weightsInit', p.weightsInit, `an array of ${K} finite numbers`);
    const s = weights.reduce((a, b) => a + b, 0);
    if (weights.some((w) => w < 0 || w > 1) || !(Math.abs(1 - s) <= 1e-8)) {
      throw new InvalidParamError(KIND, 'weightsInit', p.weightsInit, `weights in [0, 1] summing to 1 (sum is ${s})`);
    }
  }
  let means: Float64Array | null = null;
  if (p.meansInit !== null) {
    means = flatten(p.meansInit, [K, d]);
    if (means === null) throw new InvalidParamError(KIND, 'meansInit', p.meansInit, `a (${K}, ${d}) matrix of finite numbers`);
  }
  let precisions: Float64Array | null = null;
  if (p.precisionsInit !== null) {
    const shape = type === 'full' ? [K, d, d] : type === 'tied' ? [d, d] : type === 'diag' ? [K, d] : [K];
    precisions = flatten(p.precisionsInit, shape);
    if (precisions === null || precisions.length !== covarianceLength(type, K, d)) {
      throw new InvalidParamError(KIND, 'precisionsInit', p.precisionsInit, `finite numbers of shape (${shape.join(', ')}) for covarianceType '${type}'`);
    }
    if (type === 'diag' || type === 'spherical') {
      if (precisions.some((v) => !(v > 0))) throw new InvalidParamError(KIND, 'precisionsInit', p.precisionsInit, `positive '${type}' precisions`);
    } else {
      for (let j = 0; j < (type === 'full' ? K : 1); j++) {
        const P = precisions.subarray(j * d * d, (j + 1) * d * d);
        if (!isSymmetricPositiveDefinite(P, d)) {
          throw new InvalidParamError(KIND, 'precisionsInit', p.precisionsInit, `symmetric positive definite '${type}' precision matrices`);
        }
      }
    }
  }
  return { weights, means, precisions };
}

function isSymmetricPositiveDefinite(P: Float64Array, d: number): boolean {
  for (let a = 0; a < d; a++) {
    for (let b = 0; b < a; b++) {
      const x = P[a * d + b]!, y = P[b * d + a]!;
      if (!(Math.abs(x - y) <= 1e-8 + 1e-5 * Math.abs(y))) return false; // np.allclose defaults
    }
  }
  try {
    cholesky(new Matrix(d, d, P.slice()));
    return true;
  } catch {
    return false;
  }
}
