/**
 * Two interleaving half circles, as scikit-learn's `make_moons`: the outer moon
 * $(\cos t, \sin t)$ and the inner one $(1 - \cos t, \tfrac12 - \sin t)$ for $t$ evenly spaced on
 * $[0, \pi]$, plus isotropic Gaussian noise of standard deviation `noise`. Not linearly
 * separable: the standard test of a nonlinear decision boundary. Cost $O(n)$.
 * @see ../../../../docs/datasets.md
 */
import { InvalidParamError, Matrix } from '@fpml/core';
import { finiteAtLeast, positiveInt, seededRng, shuffleRows } from './options.js';

/** Options of {@link makeMoons} and {@link makeCircles}. */
export interface MakeCurvesOptions {
  /** Number of points (split as evenly as possible between the two classes). @default 100 */
  nSamples?: number;
  /** Standard deviation of the Gaussian noise added to every coordinate. @default 0 */
  noise?: number;
  /** @default true */
  shuffle?: boolean;
  /** @default 0 */
  seed?: number;
}

/** Two moons: X (n, 2), y (n,) in {0, 1} (0 = outer moon). */
export function makeMoons(options: MakeCurvesOptions = {}): { X: Matrix; y: Int32Array } {
  const owner = 'makeMoons';
  const n = positiveInt(owner, 'nSamples', options.nSamples ?? 100);
  const noise = finiteAtLeast(owner, 'noise', options.noise ?? 0, 0);
  const rng = seededRng(owner, options.seed ?? 0);
  const nOut = Math.floor(n / 2), nIn = n - nOut;
  const X = new Float64Array(n * 2), y = new Int32Array(n);
  for (let i = 0; i < nOut; i++) {
    const t = nOut === 1 ? 0 : (Math.PI * i) / (nOut - 1);
    X[2 * i] = Math.cos(t); X[2 * i + 1] = Math.sin(t);
  }
  for (let i = 0; i < nIn; i++) {
    const t = nIn === 1 ? 0 : (Math.PI * i) / (nIn - 1), r = nOut + i;
    X[2 * r] = 1 - Math.cos(t); X[2 * r + 1] = 0.5 - Math.sin(t); y[r] = 1;
  }
  if (options.shuffle ?? true) shuffleRows(X, 2, y, rng);
  if (noise > 0) for (let t = 0; t < X.length; t++) X[t] = X[t]! + noise * rng.standardNormal();
  return { X: new Matrix(n, 2, X), y };
}

/** Options of {@link makeCircles}. */
export interface MakeCirclesOptions extends MakeCurvesOptions {
  /** Radius of the inner circle relative to the outer (unit) one, in (0, 1). @default 0.8 */
  factor?: number;
}

/**
 * Two concentric circles, as scikit-learn's `make_circles`: the outer of radius 1 (class 0) and
 * the inner of radius `factor` (class 1), angles evenly spaced on $[0, 2\pi)$, plus Gaussian
 * noise. Separable by the radius, so by an RBF kernel or a quadratic feature, never by a line.
 */
export function makeCircles(options: MakeCirclesOptions = {}): { X: Matrix; y: Int32Array } {
  const owner = 'makeCircles';
  const n = positiveInt(owner, 'nSamples', options.nSamples ?? 100);
  const noise = finiteAtLeast(owner, 'noise', options.noise ?? 0, 0);
  const factor = options.factor ?? 0.8;
  if (typeof factor !== 'number' || !(factor > 0 && factor < 1)) throw new InvalidParamError(owner, 'factor', factor, 'a number in (0, 1)');
  const rng = seededRng(owner, options.seed ?? 0);
  const nOut = Math.floor(n / 2), nIn = n - nOut;
  const X = new Float64Array(n * 2), y = new Int32Array(n);
  for (let i = 0; i < nOut; i++) {
    const t = (2 * Math.PI * i) / nOut;
    X[2 * i] = Math.cos(t); X[2 * i + 1] = Math.sin(t);
  }
  for (let i = 0; i < nIn; i++) {
    const t = (2 * Math.PI * i) / nIn, r = nOut + i;
    X[2 * r] = factor * Math.cos(t); X[2 * r + 1] = factor * Math.sin(t); y[r] = 1;
  }
  if (options.shuffle ?? true) shuffleRows(X, 2, y, rng);
  if (noise > 0) for (let t = 0; t < X.length; t++) X[t] = X[t]! + noise * rng.standardNormal();
  return { X: new Matrix(n, 2, X), y };
}
