/**
 * Params shared by {@link SVC} and {@link SVR} (scikit-learn 1.2's names and defaults, in
 * camelCase) and their checks, run in `fit` and `fromJSON`.
 *
 * Not supported: `kernel: 'precomputed'` or a callable kernel, `verbose`, and `sample_weight`
 * in fit.
 * @see ../../../../docs/level2-classical/svm.md#params
 */
import { InvalidParamError } from '@fpml/core';
import { type GammaOption, type KernelName, KERNELS, type KernelSpec, resolveGamma } from './kernels.js';
import type { SolverSettings } from './svc-binary.js';

/** Options common to SVC and SVR. */
export interface BaseSvmOptions {
  /** Kernel. @default 'rbf' */
  kernel?: KernelName;
  /** Degree of `'poly'` (an integer ≥ 0). @default 3 */
  degree?: number;
  /** $\gamma$: `'scale'` = $1/(d \operatorname{Var} X)$, `'auto'` = $1/d$, or a number ≥ 0. @default 'scale' */
  gamma?: GammaOption;
  /** $r$ of `'poly'` and `'sigmoid'`. @default 0 */
  coef0?: number;
  /** Stopping tolerance on the maximal KKT violation $m(\alpha) - M(\alpha)$. @default 1e-3 */
  tol?: number;
  /** Cost $C > 0$ of a unit of slack (the inverse regularisation strength). @default 1 */
  C?: number;
  /** Use libsvm's shrinking heuristic (same optimum, usually faster). @default true */
  shrinking?: boolean;
  /** Kernel-row cache size in MB. @default 200 */
  cacheSize?: number;
  /** SMO iteration limit per binary problem; -1 for none. @default -1 */
  maxIter?: number;
}

/** The shared params with defaults filled in. */
export type BaseSvmParams = {
  kernel: KernelName;
  degree: number;
  gamma: GammaOption;
  coef0: number;
  tol: number;
  C: number;
  shrinking: boolean;
  cacheSize: number;
  maxIter: number;
};

/** Fill the shared defaults. */
export function baseSvmParams(o: BaseSvmOptions): BaseSvmParams {
  return {
    kernel: o.kernel ?? 'rbf',
    degree: o.degree ?? 3,
    gamma: o.gamma ?? 'scale',
    coef0: o.coef0 ?? 0,
    tol: o.tol ?? 1e-3,
    C: o.C ?? 1,
    shrinking: o.shrinking ?? true,
    cacheSize: o.cacheSize ?? 200,
    maxIter: o.maxIter ?? -1,
  };
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** @throws InvalidParamError naming the first bad shared param. */
export function checkBaseSvmParams(owner: string, p: BaseSvmParams): void {
  if (!KERNELS.includes(p.kernel)) {
    throw new InvalidParamError(owner, 'kernel', p.kernel, `one of ${KERNELS.map((k) => `'${k}'`).join(', ')} ('precomputed' and callables are not supported)`);
  }
  if (!(Number.isSafeInteger(p.degree) && p.degree >= 0)) throw new InvalidParamError(owner, 'degree', p.degree, 'an integer ≥ 0');
  if (!(p.gamma === 'scale' || p.gamma === 'auto' || (finite(p.gamma) && p.gamma >= 0))) {
    throw new InvalidParamError(owner, 'gamma', p.gamma, "'scale', 'auto' or a finite number ≥ 0");
  }
  if (!finite(p.coef0)) throw new InvalidParamError(owner, 'coef0', p.coef0, 'a finite number');
  if (!(finite(p.tol) && p.tol > 0)) throw new InvalidParamError(owner, 'tol', p.tol, 'a finite number > 0');
  if (!(finite(p.C) && p.C > 0)) throw new InvalidParamError(owner, 'C', p.C, 'a finite number > 0');
  if (typeof p.shrinking !== 'boolean') throw new InvalidParamError(owner, 'shrinking', p.shrinking, 'a boolean');
  if (!(finite(p.cacheSize) && p.cacheSize > 0)) throw new InvalidParamError(owner, 'cacheSize', p.cacheSize, 'a finite number of MB > 0');
  if (!(Number.isSafeInteger(p.maxIter) && (p.maxIter === -1 || p.maxIter >= 1))) {
    throw new InvalidParamError(owner, 'maxIter', p.maxIter, 'a positive integer, or -1 for no limit');
  }
}

/** The kernel with gamma resolved on the training data (flat (n, d)). */
export function kernelSpecFor(p: BaseSvmParams, data: Float64Array, d: number): KernelSpec {
  return { kernel: p.kernel, gamma: resolveGamma(p.gamma, data, d), coef0: p.coef0, degree: p.degree };
}

/** Solver settings from the params. */
export function solverSettings(p: BaseSvmParams): SolverSettings {
  return { tol: p.tol, shrinking: p.shrinking, maxIter: p.maxIter, cacheSize: p.cacheSize };
}
