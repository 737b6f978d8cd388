/**
 * Params shared by {@link SGDClassifier} and {@link SGDRegressor} (sklearn 1.2's
 * `BaseSGD` params without early stopping, averaging or class weights), their checks, and the
 * translation into a {@link SgdConfig} for the kernel.
 *
 * @see ../../../../docs/level2-classical/linear.md
 */
import { InvalidParamError } from '@fpml/core';
import { checkChoice, checkFlag, checkInt, checkReal, checkSeed } from './params.js';
import type { SgdConfig, SgdLearningRate, SgdPenalty } from './sgd-kernel.js';
import { sgdLoss, type SgdClassifierLoss, type SgdRegressorLoss } from './sgd-losses.js';

/** Options both SGD estimators take (sklearn's names in camelCase). */
export interface SgdCommonOptions {
  /** `'l2'`, `'l1'`, `'elasticnet'` or null (none). @default 'l2' */
  penalty?: SgdPenalty;
  /** Regularisation strength $\alpha \ge 0$ (> 0 with `learningRate: 'optimal'`). @default 1e-4 */
  alpha?: number;
  /** Elastic-net mix $\rho \in [0, 1]$ (only with `'elasticnet'`). @default 0.15 */
  l1Ratio?: number;
  /** Fit an (unpenalised) intercept. @default true */
  fitIntercept?: boolean;
  /** Epochs allowed. @default 1000 */
  maxIter?: number;
  /** Stop when the epoch loss fails to drop by tol·n for `nIterNoChange` epochs; null runs `maxIter` epochs. @default 1e-3 */
  tol?: number | null;
  /** Shuffle the rows every epoch (seeded). @default true */
  shuffle?: boolean;
  /** Threshold of the huber / epsilon-insensitive / modified losses' ε. @default 0.1 */
  epsilon?: number;
  /** Seed of the shuffling Rng. @default 0 */
  seed?: number;
  /** Initial (or constant) learning rate $\eta_0$ (> 0 unless `'optimal'`). */
  eta0?: number;
  /** Exponent of `'invscaling'`. */
  powerT?: number;
  /** Epochs without improvement before stopping. @default 5 */
  nIterNoChange?: number;
  /** Start from the previous fit's coef and intercept. @default false */
  warmStart?: boolean;
}

/** The params both estimators store (each adds `loss` and `learningRate`). */
export type SgdCommonParams = {
  penalty: SgdPenalty;
  alpha: number;
  l1Ratio: number;
  fitIntercept: boolean;
  maxIter: number;
  tol: number | null;
  shuffle: boolean;
  epsilon: number;
  seed: number;
  eta0: number;
  powerT: number;
  nIterNoChange: number;
  warmStart: boolean;
};

const RATES: readonly SgdLearningRate[] = ['constant', 'optimal', 'invscaling', 'adaptive'];

/** Fill the shared defaults; `eta0`/`powerT` defaults differ between the two estimators. */
export function sgdCommonParams(o: SgdCommonOptions, eta0: number, powerT: number): SgdCommonParams {
  return {
    penalty: o.penalty === undefined ? 'l2' : o.penalty,
    alpha: o.alpha ?? 1e-4,
    l1Ratio: o.l1Ratio ?? 0.15,
    fitIntercept: o.fitIntercept ?? true,
    maxIter: o.maxIter ?? 1000,
    tol: o.tol === undefined ? 1e-3 : o.tol,
    shuffle: o.shuffle ?? true,
    epsilon: o.epsilon ?? 0.1,
    seed: o.seed ?? 0,
    eta0: o.eta0 ?? eta0,
    powerT: o.powerT ?? powerT,
    nIterNoChange: o.nIterNoChange ?? 5,
    warmStart: o.warmStart ?? false,
  };
}

/** @throws InvalidParamError naming the first bad param. */
export function checkSgdParams<L extends string>(kind: string, p: SgdCommonParams & { loss: L; learningRate: SgdLearningRate }, losses: readonly L[]): void {
  checkChoice(kind, 'loss', p.loss, losses);
  checkChoice(kind, 'penalty', p.penalty === null ? 'none' : p.penalty, ['l2', 'l1', 'elasticnet', 'none']);
  checkReal(kind, 'alpha', p.alpha, { min: 0 });
  checkReal(kind, 'l1Ratio', p.l1Ratio, { min: 0, max: 1 });
  checkFlag(kind, 'fitIntercept', p.fitIntercept);
  checkInt(kind, 'maxIter', p.maxIter, 1);
  if (p.tol !== null) checkReal(kind, 'tol', p.tol, {});
  checkFlag(kind, 'shuffle', p.shuffle);
  checkReal(kind, 'epsilon', p.epsilon, { min: 0 });
  checkSeed(kind, p.seed);
  checkChoice(kind, 'learningRate', p.learningRate, RATES);
  checkReal(kind, 'eta0', p.eta0, { min: 0 });
  checkReal(kind, 'powerT', p.powerT, {});
  checkInt(kind, 'nIterNoChange', p.nIterNoChange, 1);
  checkFlag(kind, 'warmStart', p.warmStart);
  if (p.learningRate === 'optimal' && !(p.alpha > 0)) throw new InvalidParamError(kind, 'alpha', p.alpha, "> 0 with learningRate 'optimal' (its rate is 1/(alpha (t0 + t)))");
  if (p.learningRate !== 'optimal' && !(p.eta0 > 0)) throw new InvalidParamError(kind, 'eta0', p.eta0, `> 0 with learningRate '${p.learningRate}'`);
}

/** The kernel settings for these params. */
export function sgdConfig(p: SgdCommonParams & { loss: SgdClassifierLoss | SgdRegressorLoss; learningRate: SgdLearningRate }): SgdConfig {
  return {
    loss: sgdLoss(p.loss, p.epsilon), penalty: p.penalty, alpha: p.alpha, l1Ratio: p.l1Ratio, fitIntercept: p.fitIntercept,
    maxIter: p.maxIter, tol: p.tol, shuffle: p.shuffle, learningRate: p.learningRate, eta0: p.eta0, powerT: p.powerT, nIterNoChange: p.nIterNoChange,
  };
}
