/**
 * The XOR problem: points uniform in $[-1, 1]^2$ labelled $y = \mathbb 1[x_1 x_2 > 0]$ (the
 * same-sign quadrants are class 1), plus optional Gaussian noise on the inputs after labelling.
 * No line separates the classes, so a linear model can do no better than chance on average:
 * the classic failure case of logistic regression and of a one-layer network (Minsky & Papert).
 * Cost $O(n)$.
 * @see ../../../../docs/datasets.md
 */
import { Matrix } from '@fpml/core';
import { finiteAtLeast, positiveInt, seededRng } from './options.js';

/** Options of {@link makeXor}. */
export interface MakeXorOptions {
  /** @default 200 */
  nSamples?: number;
  /** Standard deviation of Gaussian noise added to the inputs after labelling. @default 0 */
  noise?: number;
  /** @default 0 */
  seed?: number;
}

/** XOR data: X (n, 2), y (n,) in {0, 1}. */
export function makeXor(options: MakeXorOptions = {}): { X: Matrix; y: Int32Array } {
  const owner = 'makeXor';
  const n = positiveInt(owner, 'nSamples', options.nSamples ?? 200);
  const noise = finiteAtLeast(owner, 'noise', options.noise ?? 0, 0);
  const rng = seededRng(owner, options.seed ?? 0);
  const X = new Float64Array(2 * n), y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const a = rng.uniform(-1, 1), b = rng.uniform(-1, 1);
    y[i] = a * b > 0 ? 1 : 0;
    X[2 * i] = a + (noise > 0 ? noise * rng.standardNormal() : 0);
    X[2 * i + 1] = b + (noise > 0 ? noise * rng.standardNormal() : 0);
  }
  return { X: new Matrix(n, 2, X), y };
}
