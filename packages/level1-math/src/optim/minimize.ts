/**
 * `minimize`: one entry point for every optimiser, over a plain objective $x \mapsto (f, \nabla f)$
 * (or an autodiff graph through `fromAutodiff`), returning the optimum and a trace.
 *
 * The stochastic-gradient methods run the same {@link Optimizer} objects a training loop uses,
 * so their update rules exist once.
 *
 * @see ../../../../docs/level1-math/optim.md
 */
import { ConvergenceWarning, InvalidInputError, InvalidParamError, asVector, describeValue } from '@fpml/core';
import { Adagrad } from './adagrad.js';
import { Adam, AdamW } from './adam.js';
import { lbfgs } from './lbfgs.js';
import { backtracking, strongWolfe } from './line-search.js';
import { newton, type Hessian } from './newton.js';
import type { ParamArrays } from './optimizer.js';
import { projectedGradient, type Bounds } from './projected-gradient.js';
import { RMSprop } from './rmsprop.js';
import { SGD } from './sgd.js';
import { distance, evaluate, norm, type MinimizeResult, type Objective, type StopReason, type TraceRecord } from './types.js';

/** The methods {@link minimize} knows. */
export type Method = 'gd' | 'momentum' | 'nesterov' | 'adagrad' | 'rmsprop' | 'adam' | 'adamw' | 'newton' | 'lbfgs' | 'projected-gradient';

/** Options of {@link minimize}; each method accepts the fields listed in `METHOD_OPTIONS`. */
export interface MinimizeOptions {
  /** The algorithm. @default 'lbfgs' */
  method?: Method;
  /** Learning rate / fixed step (first-order methods), first trial step (projected gradient, gd with a line search). @default the optimiser's (0.01; Adam 0.001; 1 with a line search) */
  lr?: number;
  /** Iterations allowed. @default 1000 (Newton 100) */
  maxIter?: number;
  /** Stop when the gradient norm $\|\nabla f\|_2$ (projected under bounds) is ≤ tol. @default 1e-6 (Newton 1e-8) */
  tol?: number;
  /** Copy every iterate into the trace. @default false */
  recordX?: boolean;
  /** Momentum $\mu$ (momentum, nesterov, rmsprop). @default 0.9 (momentum, nesterov), 0 (rmsprop) */
  momentum?: number;
  /** Dampening of the momentum buffer (momentum). @default 0 */
  dampening?: number;
  /** Weight decay $\lambda$: L2 in the gradient, decoupled for adamw. @default 0 (adamw 0.01) */
  weightDecay?: number;
  /** Adam's $(\beta_1, \beta_2)$. @default [0.9, 0.999] */
  betas?: readonly [number, number];
  /** $\epsilon$ of the adaptive methods. @default the optimiser's */
  eps?: number;
  /** AMSGrad (adam, adamw). @default false */
  amsgrad?: boolean;
  /** RMSprop smoothing $\alpha$. @default 0.99 */
  alpha?: number;
  /** Centred RMSprop. @default false */
  centered?: boolean;
  /** Adagrad learning-rate decay. @default 0 */
  lrDecay?: number;
  /** Adagrad initial accumulator. @default 0 */
  initialAccumulatorValue?: number;
  /** Step-size rule for gd ('none' | 'backtracking' | 'wolfe') and projected-gradient ('none' | 'backtracking'). @default 'none' (gd), 'backtracking' (projected-gradient) */
  lineSearch?: 'none' | 'backtracking' | 'wolfe';
  /** Wolfe / Armijo constants. @default 1e-4 and 0.9 */
  c1?: number;
  c2?: number;
  /** The Hessian (newton, required). */
  hessian?: Hessian;
  /** Newton on an indefinite Hessian. @default 'modify' */
  onIndefinite?: 'modify' | 'error';
  /** L-BFGS memory $m$. @default 10 */
  historySize?: number;
  /** L-BFGS relative-decrease stop (0 disables). @default 0 */
  fTol?: number;
  /** Box constraints (projected-gradient, required). */
  bounds?: Bounds;
}

const COMMON = ['method', 'lr', 'maxIter', 'tol', 'recordX'] as const;
/** The option keys each method accepts (anything else is an InvalidParamError). */
export const METHOD_OPTIONS: Readonly<Record<Method, readonly (keyof MinimizeOptions)[]>> = {
  gd: [...COMMON, 'weightDecay', 'lineSearch', 'c1', 'c2'],
  momentum: [...COMMON, 'momentum', 'dampening', 'weightDecay'],
  nesterov: [...COMMON, 'momentum', 'weightDecay'],
  adagrad: [...COMMON, 'lrDecay', 'weightDecay', 'initialAccumulatorValue', 'eps'],
  rmsprop: [...COMMON, 'alpha', 'eps', 'weightDecay', 'momentum', 'centered'],
  adam: [...COMMON, 'betas', 'eps', 'weightDecay', 'amsgrad'],
  adamw: [...COMMON, 'betas', 'eps', 'weightDecay', 'amsgrad'],
  newton: ['method', 'maxIter', 'tol', 'recordX', 'hessian', 'onIndefinite', 'c1'],
  lbfgs: ['method', 'maxIter', 'tol', 'recordX', 'historySize', 'fTol', 'c1', 'c2'],
  'projected-gradient': [...COMMON, 'bounds', 'lineSearch', 'c1'],
};

/** What the first-order loop needs of an optimiser (every `Optimizer` subclass has it). */
interface Stepper {
  readonly lr: number;
  step(params: ParamArrays, grads: ParamArrays): void;
}

/** Build the stateful optimiser for a first-order method from minimize's options. */
function makeOptimizer(o: MinimizeOptions, method: Method): Stepper {
  const pick = <K extends keyof MinimizeOptions>(...keys: K[]) => Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
  switch (method) {
    case 'gd':
      return new SGD(pick('lr', 'weightDecay'));
    case 'momentum':
      return new SGD({ momentum: 0.9, ...pick('lr', 'momentum', 'dampening', 'weightDecay') });
    case 'nesterov':
      // Nesterov with μ = 0 is plain gradient descent (torch.optim.SGD refuses nesterov without momentum).
      return new SGD({ momentum: 0.9, nesterov: o.momentum !== 0, ...pick('lr', 'momentum', 'weightDecay') });
    case 'adagrad':
      return new Adagrad(pick('lr', 'lrDecay', 'weightDecay', 'initialAccumulatorValue', 'eps'));
    case 'rmsprop':
      return new RMSprop(pick('lr', 'alpha', 'eps', 'weightDecay', 'momentum', 'centered'));
    case 'adam':
      return new Adam(pick('lr', 'betas', 'eps', 'weightDecay', 'amsgrad'));
    default:
      return new AdamW(pick('lr', 'betas', 'eps', 'weightDecay', 'amsgrad'));
  }
}

/**
 * Minimise $f$ from $x_0$ with the chosen method and record a trace (one row per iterate).
 *
 * - `gd`, `momentum`, `nesterov`, `adagrad`, `rmsprop`, `adam`, `adamw`: the update of
 *   {@link SGD}/{@link Adagrad}/{@link RMSprop}/{@link Adam}/{@link AdamW} on the full gradient each iteration
 *   (`gd` can use a backtracking or strong-Wolfe line search along $-\nabla f$ instead of a fixed step);
 * - `newton`: damped Newton with a modified Cholesky ({@link newton}); needs `hessian`;
 * - `lbfgs`: L-BFGS with a strong-Wolfe line search ({@link lbfgs});
 * - `projected-gradient`: box constraints ({@link projectedGradient}); needs `bounds`.
 *
 * A run stops when $\|\nabla f(x_k)\|_2 \le$ `tol` (converged) or after `maxIter` iterations (a
 * `ConvergenceWarning` in `warnings`, not an exception).
 *
 * @throws InvalidParamError for an unknown method, an option the method does not take, or a bad
 *   value; InvalidInputError for a non-finite x0 or a NaN/Inf objective (naming the iteration).
 * @see ../../../../docs/level1-math/optim.md
 */
export function minimize(objective: Objective, x0: ArrayLike<number>, options: MinimizeOptions = {}): MinimizeResult {
  const method = options.method ?? 'lbfgs';
  if (!(method in METHOD_OPTIONS)) throw new InvalidParamError('minimize', 'method', method, `one of ${Object.keys(METHOD_OPTIONS).join(', ')}`);
  const allowed = METHOD_OPTIONS[method];
  for (const key of Object.keys(options)) {
    if ((options as Record<string, unknown>)[key] !== undefined && !allowed.includes(key as keyof MinimizeOptions)) {
      throw new InvalidParamError(`minimize(${method})`, key, (options as Record<string, unknown>)[key], `absent: ${method} takes ${allowed.join(', ')}`);
    }
  }
  if (typeof objective !== 'function') throw new InvalidInputError(`minimize: objective must be a function x => { value, grad }, got ${describeValue(objective)}`);
  const x = Float64Array.from(asVector(x0, 'x0')); // (d,)
  const { maxIter, tol } = options;
  if (maxIter !== undefined && !(Number.isInteger(maxIter) && maxIter >= 0)) throw new InvalidParamError(`minimize(${method})`, 'maxIter', maxIter, 'a non-negative integer');
  if (tol !== undefined && !(typeof tol === 'number' && tol >= 0)) throw new InvalidParamError(`minimize(${method})`, 'tol', tol, 'a number ≥ 0');
  const base = { ...(maxIter !== undefined ? { maxIter } : {}), ...(tol !== undefined ? { tol } : {}), recordX: options.recordX ?? false };
  const c = { ...(options.c1 !== undefined ? { c1: options.c1 } : {}), ...(options.c2 !== undefined ? { c2: options.c2 } : {}) };
  if (c.c1 !== undefined && !(c.c1 > 0 && c.c1 < 1)) throw new InvalidParamError(`minimize(${method})`, 'c1', c.c1, 'in (0, 1)');
  if (c.c2 !== undefined && !(c.c2 > (c.c1 ?? 1e-4) && c.c2 < 1)) throw new InvalidParamError(`minimize(${method})`, 'c2', c.c2, 'in (c1, 1)');
  switch (method) {
    case 'newton':
      if (options.hessian === undefined) throw new InvalidParamError('minimize(newton)', 'hessian', undefined, 'a function x => Hessian (Matrix, number[][] or row-major Float64Array)');
      return newton(objective, options.hessian, x, { ...base, ...c, ...(options.onIndefinite !== undefined ? { onIndefinite: options.onIndefinite } : {}) });
    case 'lbfgs': {
      const { historySize = 10, fTol = 0 } = options;
      if (!(Number.isInteger(historySize) && historySize >= 1)) throw new InvalidParamError('minimize(lbfgs)', 'historySize', historySize, 'an integer ≥ 1');
      if (!(typeof fTol === 'number' && fTol >= 0)) throw new InvalidParamError('minimize(lbfgs)', 'fTol', fTol, 'a number ≥ 0');
      return lbfgs(objective, x, { ...base, ...c, historySize, fTol });
    }
    case 'projected-gradient': {
      if (options.bounds === undefined) throw new InvalidParamError('minimize(projected-gradient)', 'bounds', undefined, '{ lower?, upper? }');
      const ls = options.lineSearch ?? 'backtracking';
      if (ls === 'wolfe') throw new InvalidParamError('minimize(projected-gradient)', 'lineSearch', ls, "'backtracking' or 'none'");
      return projectedGradient(objective, x, { ...base, ...c, bounds: options.bounds, lineSearch: ls, ...(options.lr !== undefined ? { lr: options.lr } : {}) });
    }
    default: {
      const ls = options.lineSearch ?? 'none';
      if (ls !== 'none' && ls !== 'backtracking' && ls !== 'wolfe') throw new InvalidParamError('minimize(gd)', 'lineSearch', ls, "'none', 'backtracking' or 'wolfe'");
      if (ls !== 'none' && options.weightDecay) throw new InvalidParamError('minimize(gd)', 'weightDecay', options.weightDecay, 'absent with a line search (put the penalty in the objective)');
      const opt = makeOptimizer(ls === 'none' ? options : { ...options, lr: options.lr ?? 1 }, method);
      return firstOrder(method, opt, objective, x, { maxIter: base.maxIter ?? 1000, tol: base.tol ?? 1e-6, recordX: base.recordX, lineSearch: ls, ...c });
    }
  }
}

/** The loop shared by the first-order methods: evaluate, test, `opt.step` (or a line search along −∇f). */
function firstOrder(method: Method, opt: Stepper, objective: Objective, x: Float64Array, o: { maxIter: number; tol: number; recordX: boolean; lineSearch: 'none' | 'backtracking' | 'wolfe'; c1?: number; c2?: number }): MinimizeResult {
  const owner = `minimize(${method})`;
  let nEval = 0;
  const f: Objective = (z) => (nEval++, objective(z));
  let cur = evaluate(owner, f, x, 0)!;
  const snap = (v: Float64Array) => (o.recordX ? { x: Float64Array.from(v) } : {});
  const trace: TraceRecord[] = [{ iter: 0, value: cur.value, gradNorm: norm(cur.grad), step: 0, nEval, ...snap(x) }];
  const warnings: ConvergenceWarning[] = [];
  let reason: StopReason = trace[0]!.gradNorm <= o.tol ? 'gtol' : 'maxIter';
  let k = 0;
  const prev = new Float64Array(x.length);
  while (reason === 'maxIter' && k < o.maxIter) {
    let alpha: number | undefined;
    if (o.lineSearch === 'none') {
      prev.set(x);
      opt.step([x], [cur.grad]);
      k++;
      cur = evaluate(owner, f, x, k)!;
    } else {
      // Steepest descent along p = −∇f with the line search; the weight decay (if any) is in the objective's gradient only.
      const p = cur.grad.map((g) => -g);
      const ls = o.lineSearch === 'wolfe' ? strongWolfe(owner, f, x, cur, p, k + 1, { alpha0: opt.lr, ...o }) : backtracking(owner, f, x, cur, p, k + 1, { alpha0: opt.lr, ...(o.c1 !== undefined ? { c1: o.c1 } : {}) });
      if (ls === null) {
        reason = 'lineSearch';
        warnings.push(new ConvergenceWarning(method, `the ${o.lineSearch} line search found no acceptable step at iteration ${k + 1}; stopping`, k));
        break;
      }
      prev.set(x);
      x.set(ls.x);
      cur = { value: ls.value, grad: ls.grad };
      alpha = ls.alpha;
      k++;
    }
    const gradNorm = norm(cur.grad);
    trace.push({ iter: k, value: cur.value, gradNorm, step: distance(x, prev), ...(alpha !== undefined ? { alpha } : {}), nEval, ...snap(x) });
    if (gradNorm <= o.tol) reason = 'gtol';
  }
  if (reason === 'maxIter') warnings.push(new ConvergenceWarning(method, `stopped at maxIter = ${o.maxIter} with gradient norm ${norm(cur.grad).toExponential(3)} > tol = ${o.tol}`, k));
  return { x, value: cur.value, grad: cur.grad, nIter: k, nEval, converged: reason === 'gtol', reason, trace, warnings };
}
