/**
 * The shared surface of the univariate distributions: vectorised `logPdf`/`pdf` (continuous) or
 * `logPmf`/`pmf` (discrete), `cdf`, `sample(rng, n)`, and the argument checks every one of them
 * uses. A value outside the support has log-density $-\infty$ (density 0), never NaN or a throw;
 * NaN or a non-number is an {@link InvalidInputError}.
 *
 * @see ../../../../docs/level1-math/probability.md
 */
import { InvalidInputError, InvalidParamError, Rng, describeValue, type VectorLike } from '@fpml/core';

/** Points to evaluate a univariate distribution at: one number, or an array (vectorised). */
export type Points = number | VectorLike;

/** What every univariate distribution offers. */
export interface UnivariateDistribution {
  /** Class name, used in error messages (e.g. `'Normal'`). */
  readonly name: string;
  /** $\mathbb E[X]$. */
  readonly mean: number;
  /** $\operatorname{Var}[X]$. */
  readonly variance: number;
  /** $F(x) = P(X \le x)$, element-wise. */
  cdf(x: number): number;
  cdf(x: VectorLike): Float64Array;
  /** `n` independent draws, (n,). */
  sample(rng: Rng, n: number): Float64Array;
}

/** A check that a parameter is a finite number satisfying `ok`, e.g. `'> 0'`. */
export function checkParam(owner: string, param: string, value: unknown, ok: (v: number) => boolean, allowed: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new InvalidParamError(owner, param, value, 'a finite number');
  if (!ok(value)) throw new InvalidParamError(owner, param, value, allowed);
  return value;
}

/** The `n` of `sample(rng, n)`: a non-negative safe integer; `rng` an {@link Rng}. */
export function checkSampleArgs(owner: string, rng: unknown, n: unknown): number {
  if (!(rng instanceof Rng)) throw new InvalidInputError(`${owner}.sample: rng must be an Rng, got ${describeValue(rng)}`);
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
    throw new InvalidParamError(`${owner}.sample`, 'n', n, 'a non-negative integer');
  }
  return n;
}

/**
 * Apply `f` to one number or to each entry of an array. NaN and non-numbers are rejected
 * (±∞ are valid points: they are outside every support here, or limits of the CDF).
 */
export function mapPoints(owner: string, method: string, x: Points, f: (v: number) => number): number | Float64Array {
  if (typeof x === 'number') {
    if (Number.isNaN(x)) throw new InvalidInputError(`${owner}.${method}: x must be a number, got NaN`);
    return f(x);
  }
  if (x === null || typeof x !== 'object' || typeof (x as { length?: unknown }).length !== 'number') {
    throw new InvalidInputError(`${owner}.${method}: x must be a number or a 1-D array of numbers, got ${describeValue(x)}`);
  }
  const n = x.length;
  const out = new Float64Array(n); // (n,)
  for (let i = 0; i < n; i++) {
    const v: unknown = x[i];
    if (typeof v !== 'number' || Number.isNaN(v)) {
      throw new InvalidInputError(`${owner}.${method}: x must contain numbers, got ${describeValue(v)} at index ${i}`);
    }
    out[i] = f(v);
  }
  return out;
}

/**
 * Base of the continuous univariate distributions: subclasses give the log-density, the CDF and
 * one draw at a point; the vectorised public methods live here.
 */
export abstract class ContinuousDistribution implements UnivariateDistribution {
  abstract readonly name: string;
  abstract readonly mean: number;
  abstract readonly variance: number;
  /** Differential entropy $h(X) = -\mathbb E[\ln p(X)]$ in nats. */
  abstract readonly entropy: number;
  /** $\ln p(x)$ at one point ($-\infty$ outside the support). */
  protected abstract logPdfAt(x: number): number;
  /** $F(x)$ at one point. */
  protected abstract cdfAt(x: number): number;
  /** One draw. */
  protected abstract draw(rng: Rng): number;

  /** Log-density $\ln p(x)$, element-wise; $-\infty$ outside the support. */
  logPdf(x: number): number;
  logPdf(x: VectorLike): Float64Array;
  logPdf(x: Points): number | Float64Array {
    return mapPoints(this.name, 'logPdf', x, (v) => this.logPdfAt(v));
  }

  /** Density $p(x) = e^{\ln p(x)}$, element-wise. */
  pdf(x: number): number;
  pdf(x: VectorLike): Float64Array;
  pdf(x: Points): number | Float64Array {
    return mapPoints(this.name, 'pdf', x, (v) => Math.exp(this.logPdfAt(v)));
  }

  /** $F(x) = P(X \le x)$, element-wise. */
  cdf(x: number): number;
  cdf(x: VectorLike): Float64Array;
  cdf(x: Points): number | Float64Array {
    return mapPoints(this.name, 'cdf', x, (v) => this.cdfAt(v));
  }

  /** `n` independent draws, (n,). $O(n)$. */
  sample(rng: Rng, n: number): Float64Array {
    checkSampleArgs(this.name, rng, n);
    const out = new Float64Array(n); // (n,)
    for (let i = 0; i < n; i++) out[i] = this.draw(rng);
    return out;
  }
}

/**
 * Base of the discrete univariate distributions on the integers: subclasses give the log-mass
 * at an integer point and the CDF there; non-integers have mass 0 (log-mass $-\infty$), and the
 * CDF is a step function, $F(x) = F(\lfloor x\rfloor)$.
 */
export abstract class DiscreteDistribution implements UnivariateDistribution {
  abstract readonly name: string;
  abstract readonly mean: number;
  abstract readonly variance: number;
  /** $\ln P(X = k)$ at an integer $k$ ($-\infty$ outside the support). */
  protected abstract logPmfAt(k: number): number;
  /** $F(k)$ at an integer $k$ (or ±∞). */
  protected abstract cdfAt(k: number): number;
  /** One draw. */
  protected abstract draw(rng: Rng): number;

  /** Log-mass $\ln P(X = x)$, element-wise; $-\infty$ for non-integers and outside the support. */
  logPmf(x: number): number;
  logPmf(x: VectorLike): Float64Array;
  logPmf(x: Points): number | Float64Array {
    return mapPoints(this.name, 'logPmf', x, (v) => (Number.isInteger(v) ? this.logPmfAt(v) : -Infinity));
  }

  /** Mass $P(X = x)$, element-wise. */
  pmf(x: number): number;
  pmf(x: VectorLike): Float64Array;
  pmf(x: Points): number | Float64Array {
    return mapPoints(this.name, 'pmf', x, (v) => (Number.isInteger(v) ? Math.exp(this.logPmfAt(v)) : 0));
  }

  /** $F(x) = P(X \le x) = F(\lfloor x \rfloor)$, element-wise. */
  cdf(x: number): number;
  cdf(x: VectorLike): Float64Array;
  cdf(x: Points): number | Float64Array {
    return mapPoints(this.name, 'cdf', x, (v) => this.cdfAt(Number.isFinite(v) ? Math.floor(v) : v));
  }

  /** `n` independent draws, (n,), as float64 integers. */
  sample(rng: Rng, n: number): Float64Array {
    checkSampleArgs(this.name, rng, n);
    const out = new Float64Array(n); // (n,)
    for (let i = 0; i < n; i++) out[i] = this.draw(rng);
    return out;
  }
}

/** $x\ln y$ with $0\ln y = 0$ (also for $y = 0$), as scipy.special.xlogy. */
export function xlogy(x: number, y: number): number {
  return x === 0 ? 0 : x * Math.log(y);
}

/** $x\ln(1+y)$ with $0\ln(1+y) = 0$, as scipy.special.xlog1py. */
export function xlog1py(x: number, y: number): number {
  return x === 0 ? 0 : x * Math.log1p(y);
}
