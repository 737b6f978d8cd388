/**
 * Optimisation: stateful first-order optimisers for training loops (SGD with momentum/Nesterov,
 * Adagrad, RMSprop, Adam, AdamW, matching PyTorch 1.13), and `minimize` over an objective
 * (those, plus Newton, L-BFGS with a strong-Wolfe line search and projected gradient), with a trace.
 *
 * @see ../../../../docs/level1-math/optim.md
 */
export { Optimizer, type ParamArrays } from './optimizer.js';
export { SGD, type SGDOptions } from './sgd.js';
export { Adagrad, type AdagradOptions } from './adagrad.js';
export { RMSprop, type RMSpropOptions } from './rmsprop.js';
export { Adam, AdamW, type AdamOptions } from './adam.js';
export { strongWolfe, backtracking, type WolfeOptions, type BacktrackingOptions, type LineSearchResult } from './line-search.js';
export { newton, type Hessian, type NewtonOptions } from './newton.js';
export { lbfgs, twoLoop, type LbfgsOptions } from './lbfgs.js';
export { projectedGradient, type Bounds, type ProjectedGradientOptions } from './projected-gradient.js';
export { minimize, METHOD_OPTIONS, type Method, type MinimizeOptions } from './minimize.js';
export { rosenbrock, rosenbrockHessian, quadratic } from './test-functions.js';
export type { Objective, TraceRecord, MinimizeResult, StopReason } from './types.js';
