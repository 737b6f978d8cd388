/**
 * Params of {@link PCA}: their types, defaults, validation and scikit-learn 1.2's rule for
 * `svdSolver: 'auto'`.
 *
 * @see ../../../../docs/level1-math/pca.md
 */
import { InvalidParamError } from '@fpml/core';

const KIND = 'PCA';

/** Options of {@link PCA} (scikit-learn's names in camelCase). */
export interface PCAOptions {
  /**
   * Components kept: an integer $k \ge 1$; a fraction in $(0, 1)$, meaning the smallest $k$ whose
   * cumulative explained variance ratio exceeds it (full solver only); or `null` for all
   * $\min(n, d)$. @default null
   */
  nComponents?: number | null;
  /**
   * `'full'`: exact thin SVD of the centred data; `'randomized'`: Halko et al.'s randomized SVD;
   * `'auto'`: scikit-learn 1.2's rule ({@link resolveSvdSolver}). @default 'auto'
   */
  svdSolver?: 'auto' | 'full' | 'randomized';
  /** Scale each component score to unit variance: $z_c \mathrel{/}= \sqrt{\lambda_c}$. @default false */
  whiten?: boolean;
  /** Randomized solver: extra random directions beyond $k$. @default 10 */
  nOversamples?: number;
  /** Randomized solver: power iterations, or `'auto'` (7 if $k < 0.1\min(n,d)$, else 4). @default 'auto' */
  iteratedPower?: 'auto' | number;
  /** Randomized solver: re-normalisation between power iterations. @default 'auto' */
  powerIterationNormalizer?: 'auto' | 'qr' | 'lu' | 'none';
  /** Randomized solver: seed of the Gaussian test matrix. @default 0 */
  seed?: number;
}

/** The params of a {@link PCA}, defaults filled in. */
export interface PCAParams {
  nComponents: number | null;
  svdSolver: 'auto' | 'full' | 'randomized';
  whiten: boolean;
  nOversamples: number;
  iteratedPower: 'auto' | number;
  powerIterationNormalizer: 'auto' | 'qr' | 'lu' | 'none';
  seed: number;
  [key: string]: unknown;
}

/** Fill in the defaults (no checks: `fit` checks). */
export function pcaParams(o: PCAOptions): PCAParams {
  return {
    nComponents: o.nComponents ?? null,
    svdSolver: o.svdSolver ?? 'auto',
    whiten: o.whiten ?? false,
    nOversamples: o.nOversamples ?? 10,
    iteratedPower: o.iteratedPower ?? 'auto',
    powerIterationNormalizer: o.powerIterationNormalizer ?? 'auto',
    seed: o.seed ?? 0,
  };
}

/**
 * Check the params that do not depend on the data.
 * @throws InvalidParamError naming the param, its value and what is allowed.
 */
export function checkPcaParams(p: Readonly<PCAParams>): void {
  const k = p.nComponents;
  if (k !== null && !(typeof k === 'number' && ((Number.isInteger(k) && k >= 1) || (k > 0 && k < 1)))) {
    throw new InvalidParamError(KIND, 'nComponents', k, 'an integer ≥ 1, a variance fraction in (0, 1), or null (all components)');
  }
  if (!['auto', 'full', 'randomized'].includes(p.svdSolver)) throw new InvalidParamError(KIND, 'svdSolver', p.svdSolver, "'auto', 'full' or 'randomized'");
  if (typeof p.whiten !== 'boolean') throw new InvalidParamError(KIND, 'whiten', p.whiten, 'a boolean');
  if (!Number.isInteger(p.nOversamples) || p.nOversamples < 1) throw new InvalidParamError(KIND, 'nOversamples', p.nOversamples, 'an integer ≥ 1');
  if (p.iteratedPower !== 'auto' && !(Number.isInteger(p.iteratedPower) && p.iteratedPower >= 0)) {
    throw new InvalidParamError(KIND, 'iteratedPower', p.iteratedPower, "'auto' or an integer ≥ 0");
  }
  if (!['auto', 'qr', 'lu', 'none'].includes(p.powerIterationNormalizer)) {
    throw new InvalidParamError(KIND, 'powerIterationNormalizer', p.powerIterationNormalizer, "'auto', 'qr', 'lu' or 'none'");
  }
  if (!Number.isSafeInteger(p.seed)) throw new InvalidParamError(KIND, 'seed', p.seed, 'a safe integer');
}

/**
 * scikit-learn 1.2's `svd_solver='auto'`: `'full'` if $\max(n, d) \le 500$; else `'randomized'` if
 * $k$ is an integer with $1 \le k < 0.8\min(n, d)$; else `'full'` (fractions and `null` included).
 *
 * @param n samples @param d features
 */
export function resolveSvdSolver(p: Readonly<PCAParams>, n: number, d: number): 'full' | 'randomized' {
  if (p.svdSolver !== 'auto') return p.svdSolver;
  const k = p.nComponents ?? Math.min(n, d);
  if (Math.max(n, d) <= 500) return 'full';
  return Number.isInteger(k) && k >= 1 && k < 0.8 * Math.min(n, d) ? 'randomized' : 'full';
}

/**
 * The data-dependent check on $k$: an integer must be at most $\min(n, d)$; the randomized
 * solver takes integers only.
 * @throws InvalidParamError.
 */
export function checkComponentsFor(p: Readonly<PCAParams>, solver: 'full' | 'randomized', n: number, d: number): void {
  const kMax = Math.min(n, d);
  const k = p.nComponents;
  if (solver === 'randomized' && !(k !== null && Number.isInteger(k) && k <= kMax)) {
    throw new InvalidParamError(KIND, 'nComponents', k, `an integer in [1, ${kMax}] = [1, min(nSamples, nFeatures)] with svdSolver 'randomized'`);
  }
  if (k !== null && Number.isInteger(k) && k > kMax) {
    throw new InvalidParamError(KIND, 'nComponents', k, `at most min(nSamples, nFeatures) = min(${n}, ${d}) = ${kMax}`);
  }
}
