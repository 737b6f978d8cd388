/**
 * Learning-rate schedules as pure objects: `at(t)` is the learning rate of step $t$
 * ($t = 0, 1, \dots$ counts optimiser steps taken before it), with no hidden state, so a
 * schedule can be evaluated anywhere, plotted, or resumed mid-run.
 *
 * - {@link constantLr}: $\eta_t = \eta$;
 * - {@link stepLr} (PyTorch's `StepLR`): $\eta_t = \eta\,\gamma^{\lfloor t/s\rfloor}$;
 * - {@link exponentialLr} (`ExponentialLR`): $\eta_t = \eta\,\gamma^{t}$;
 * - {@link warmupCosineLr} (nanoGPT's `get_lr`): linear warm-up, then cosine decay to a floor.
 *
 * Each costs $O(1)$ per call.
 *
 * @see ../../../../docs/level3-deep/training.md
 */
import { InvalidParamError } from '@fpml/core';
import { checkHyper } from './optimizer.js';

/** A learning-rate schedule: `at(t)` for step $t \ge 0$. */
export interface LrSchedule {
  /** Name and parameters, e.g. `'step(lr=0.1, stepSize=3, gamma=0.5)'`. */
  readonly name: string;
  /** Learning rate of step `t` (a non-negative integer). */
  at(t: number): number;
}

function checkStep(owner: string, t: unknown): number {
  if (typeof t !== 'number' || !Number.isSafeInteger(t) || t < 0) throw new InvalidParamError(`${owner}.at`, 't', t, 'a non-negative integer step');
  return t;
}

function checkInt(owner: string, param: string, v: unknown, min: number): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) throw new InvalidParamError(owner, param, v, `an integer ≥ ${min}`);
  return v;
}

/**
 * $\eta_t = \eta$.
 * @see ../../../../docs/level3-deep/training.md
 */
export function constantLr(lr: number): LrSchedule {
  checkHyper('constantLr', 'lr', lr, 0);
  return { name: `constant(lr=${lr})`, at: (t) => (checkStep('constantLr', t), lr) };
}

/** Options of {@link stepLr}. */
export interface StepLrOptions {
  /** Initial learning rate $\eta$. */
  lr: number;
  /** Period $s \ge 1$ in steps. */
  stepSize: number;
  /** Factor $\gamma$ applied every $s$ steps. @default 0.1 (PyTorch's) */
  gamma?: number;
}

/**
 * PyTorch's `StepLR` (closed form): $\eta_t = \eta\,\gamma^{\lfloor t/s\rfloor}$.
 * @see ../../../../docs/level3-deep/training.md
 */
export function stepLr(o: StepLrOptions): LrSchedule {
  const lr = checkHyper('stepLr', 'lr', o?.lr, 0);
  const s = checkInt('stepLr', 'stepSize', o.stepSize, 1);
  const gamma = checkHyper('stepLr', 'gamma', o.gamma ?? 0.1, 0);
  return { name: `step(lr=${lr}, stepSize=${s}, gamma=${gamma})`, at: (t) => lr * gamma ** Math.floor(checkStep('stepLr', t) / s) };
}

/** Options of {@link exponentialLr}. */
export interface ExponentialLrOptions {
  /** Initial learning rate $\eta$. */
  lr: number;
  /** Factor $\gamma$ per step. */
  gamma: number;
}

/**
 * PyTorch's `ExponentialLR` (closed form): $\eta_t = \eta\,\gamma^{t}$.
 * @see ../../../../docs/level3-deep/training.md
 */
export function exponentialLr(o: ExponentialLrOptions): LrSchedule {
  const lr = checkHyper('exponentialLr', 'lr', o?.lr, 0);
  const gamma = checkHyper('exponentialLr', 'gamma', o.gamma, 0);
  return { name: `exponential(lr=${lr}, gamma=${gamma})`, at: (t) => lr * gamma ** checkStep('exponentialLr', t) };
}

/** Options of {@link warmupCosineLr}. */
export interface WarmupCosineOptions {
  /** Peak learning rate $\eta$. */
  lr: number;
  /** Warm-up length $w \ge 0$ in steps. */
  warmupSteps: number;
  /** Step $D > w$ at which the cosine reaches the floor. */
  decaySteps: number;
  /** Floor $\eta_{\min} \le \eta$. @default lr / 10 (nanoGPT's) */
  minLr?: number;
}

/**
 * nanoGPT's `get_lr` (train.py, 2023): linear warm-up, cosine decay, then a constant floor,
 * $$\eta_t = \begin{cases} \eta\,\dfrac{t+1}{w+1} & t < w,\\[4pt] \eta_{\min} & t > D,\\[2pt] \eta_{\min} + \tfrac12\bigl(1+\cos(\pi\,\tfrac{t-w}{D-w})\bigr)(\eta-\eta_{\min}) & \text{otherwise.}\end{cases}$$
 * @see ../../../../docs/level3-deep/training.md
 */
export function warmupCosineLr(o: WarmupCosineOptions): LrSchedule {
  const lr = checkHyper('warmupCosineLr', 'lr', o?.lr, 0);
  const w = checkInt('warmupCosineLr', 'warmupSteps', o.warmupSteps, 0);
  const D = checkInt('warmupCosineLr', 'decaySteps', o.decaySteps, w + 1);
  const minLr = checkHyper('warmupCosineLr', 'minLr', o.minLr ?? lr / 10, 0, lr);
  return {
    name: `warmupCosine(lr=${lr}, warmupSteps=${w}, decaySteps=${D}, minLr=${minLr})`,
    at(t) {
      checkStep('warmupCosineLr', t);
      if (t < w) return (lr * (t + 1)) / (w + 1); // linear warm-up
      if (t > D) return minLr; // floor after the decay
      const ratio = (t - w) / (D - w); // in [0, 1]
      const coeff = 0.5 * (1 + Math.cos(Math.PI * ratio)); // 1 → 0
      return minLr + coeff * (lr - minLr);
    },
  };
}

/** A schedule or a plain function of the step; the fit loops accept both. */
export type LrScheduleLike = LrSchedule | ((t: number) => number);

/**
 * The learning rate of step `t` under `s`, checked to be a finite number ≥ 0. @throws InvalidParamError
 * @see ../../../../docs/level3-deep/training.md
 */
export function lrAt(s: LrScheduleLike, t: number): number {
  const v = typeof s === 'function' ? s(t) : s.at(t);
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new InvalidParamError('schedule', `lr at step ${t}`, v, 'a finite number ≥ 0');
  return v;
}
