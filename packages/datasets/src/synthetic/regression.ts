/**
 * A random linear regression problem, as scikit-learn's `make_regression`:
 * $$X \sim \mathcal N(0, 1)^{n\times d},\qquad y = X w + b + \varepsilon,\quad \varepsilon \sim \mathcal N(0, \sigma^2),$$
 * where only `nInformative` coefficients of $w$ are non-zero, each drawn as $100\,U(0, 1)$. The
 * informative features are the first `nInformative` columns (scikit-learn shuffles them; here they
 * stay first so `coef` reads directly), and the true coefficients are returned, so a fitted model
 * can be compared with them. Cost $O(nd)$.
 * @see ../../../../docs/datasets.md
 */
import { InvalidParamError, Matrix } from '@fpml/core';
import { finiteAtLeast, positiveInt, seededRng } from './options.js';

/** Options of {@link makeRegression}. */
export interface MakeRegressionOptions {
  /** @default 100 */
  nSamples?: number;
  /** @default 100 */
  nFeatures?: number;
  /** Number of features with a non-zero coefficient. @default 10 */
  nInformative?: number;
  /** The intercept $b$. @default 0 */
  bias?: number;
  /** Standard deviation $\sigma$ of the Gaussian noise on y. @default 0 */
  noise?: number;
  /** @default 0 */
  seed?: number;
}

/** X (n, d), y (n,), and the true coefficients coef (d,). */
export function makeRegression(options: MakeRegressionOptions = {}): { X: Matrix; y: Float64Array; coef: Float64Array } {
  const owner = 'makeRegression';
  const n = positiveInt(owner, 'nSamples', options.nSamples ?? 100);
  const d = positiveInt(owner, 'nFeatures', options.nFeatures ?? 100);
  const k = options.nInformative ?? 10;
  if (!Number.isSafeInteger(k) || k < 0 || k > d) throw new InvalidParamError(owner, 'nInformative', k, `an integer in [0, nFeatures = ${d}]`);
  const bias = options.bias ?? 0;
  if (!Number.isFinite(bias)) throw new InvalidParamError(owner, 'bias', bias, 'a finite number');
  const noise = finiteAtLeast(owner, 'noise', options.noise ?? 0, 0);
  const rng = seededRng(owner, options.seed ?? 0);
  const X = new Float64Array(n * d);
  for (let t = 0; t < X.length; t++) X[t] = rng.standardNormal();
  const coef = new Float64Array(d);
  for (let j = 0; j < k; j++) coef[j] = 100 * rng.uniform();
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = bias;
    for (let j = 0; j < k; j++) s += X[i * d + j]! * coef[j]!;
    y[i] = s + (noise > 0 ? noise * rng.standardNormal() : 0);
  }
  return { X: new Matrix(n, d, X), y, coef };
}
