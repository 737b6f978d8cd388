/**
 * fast-check arbitraries for property tests of estimators and kernels: finite matrices and small
 * labelled datasets that shrink towards small, simple counterexamples.
 *
 * Replaying a failure: when a property fails, `fc.assert` prints the run's seed and the shrink
 * path, e.g. `Property failed after 12 tests { seed: -1819918769, path: "11:2:0", endOnFailure: true }`.
 * Re-run exactly that case with `fc.assert(property, { seed: -1819918769, path: '11:2:0' })`
 * (remove it again once fixed: properties must pass for any seed). Keep the shrunk
 * counterexample as a regression fixture.
 *
 * @see ../../../../docs/core/testing.md
 */
import fc from 'fast-check';
import { InvalidInputError, describeValue } from '../errors.js';
import { Matrix } from '../matrix/matrix.js';

/** A size: fixed, or drawn from an inclusive range. */
export type SizeSpec = number | { min: number; max: number };

/** Options of {@link arbMatrix}. */
export interface ArbMatrixOptions {
  /** Number of rows. @default { min: 1, max: 8 } */
  rows?: SizeSpec;
  /** Number of columns. @default { min: 1, max: 5 } */
  cols?: SizeSpec;
  /** Smallest entry. @default -1000 */
  min?: number;
  /** Largest entry. @default 1000 */
  max?: number;
}

function sizeArb(spec: SizeSpec, what: string, floor: number): fc.Arbitrary<number> {
  const { min, max } = typeof spec === 'number' ? { min: spec, max: spec } : spec;
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < floor || max < min) {
    throw new InvalidInputError(`${what} must be an integer ≥ ${floor} or a range { min ≤ max } of them, got ${describeValue(spec)}`);
  }
  return fc.integer({ min, max });
}

function finite(min: number, max: number): fc.Arbitrary<number> {
  if (!Number.isFinite(min) || !Number.isFinite(max) || min > max) {
    throw new InvalidInputError(`entry range must be finite with min ≤ max, got [${describeValue(min)}, ${describeValue(max)}]`);
  }
  return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

/** Exactly `n` finite doubles in [min, max]. */
function doubles(n: number, min: number, max: number): fc.Arbitrary<number[]> {
  return fc.array(finite(min, max), { minLength: n, maxLength: n });
}

/**
 * A {@link Matrix} of finite doubles in [min, max] (never NaN/±Inf; `-0` may occur).
 * @example fc.assert(fc.property(arbMatrix({ rows: 3, cols: { min: 1, max: 4 } }), (A) => ...));
 */
export function arbMatrix(options: ArbMatrixOptions = {}): fc.Arbitrary<Matrix> {
  const { rows = { min: 1, max: 8 }, cols = { min: 1, max: 5 }, min = -1000, max = 1000 } = options;
  finite(min, max);
  return fc
    .tuple(sizeArb(rows, 'rows', 0), sizeArb(cols, 'cols', 0))
    .chain(([r, c]) => doubles(r * c, min, max).map((v) => new Matrix(r, c, Float64Array.from(v))));
}

/** A labelled dataset from {@link arbClassificationDataset}. */
export interface ClassificationDataset {
  X: Matrix; // (n, d)
  /** Class indices in 0..nClasses-1, each class present at least once. */
  y: Int32Array; // (n,)
  nClasses: number;
}

/** Options of {@link arbClassificationDataset}. */
export interface ArbClassificationOptions {
  /** Number of samples (at least `nClasses`). @default { min: 6, max: 30 } */
  nSamples?: SizeSpec;
  /** Number of features. @default { min: 1, max: 4 } */
  nFeatures?: SizeSpec;
  /** Number of classes (≥ 2). @default { min: 2, max: 4 } */
  nClasses?: SizeSpec;
  /** Each sample gets `separation * y_i` added to every feature, making classes learnable. @default 0 */
  separation?: number;
  /** Feature noise range [-scale, scale]. @default 10 */
  scale?: number;
}

/**
 * A small classification dataset: random features in $[-s, s]$ plus `separation · y_i`, and
 * labels in which every class occurs at least once, in random order.
 */
export function arbClassificationDataset(options: ArbClassificationOptions = {}): fc.Arbitrary<ClassificationDataset> {
  const { nSamples = { min: 6, max: 30 }, nFeatures = { min: 1, max: 4 }, nClasses = { min: 2, max: 4 }, separation = 0, scale = 10 } = options;
  finite(-scale, scale);
  return fc
    .tuple(sizeArb(nSamples, 'nSamples', 1), sizeArb(nFeatures, 'nFeatures', 1), sizeArb(nClasses, 'nClasses', 2))
    .filter(([n, , k]) => n >= k)
    .chain(([n, d, k]) =>
      fc.tuple(
        doubles(n * d, -scale, scale),
        fc.array(fc.integer({ min: 0, max: k - 1 }), { minLength: n - k, maxLength: n - k }),
        fc.shuffledSubarray(Array.from({ length: n }, (_, i) => i), { minLength: n, maxLength: n }),
      ).map(([noise, rest, order]) => {
        // Every class once, then free draws; `order` places them.
        const labels = [...Array.from({ length: k }, (_, c) => c), ...rest];
        const y = new Int32Array(n);
        for (let i = 0; i < n; i++) y[order[i]!] = labels[i]!;
        const X = new Matrix(n, d, Float64Array.from(noise)); // (n, d)
        for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) X.data[i * d + j]! += separation * y[i]!;
        return { X, y, nClasses: k };
      }),
    );
}

/** A dataset from {@link arbRegressionDataset}: $y = X w + b + \varepsilon$. */
export interface RegressionDataset {
  X: Matrix; // (n, d)
  y: Float64Array; // (n,)
  coef: Float64Array; // (d,)
  intercept: number;
}

/** Options of {@link arbRegressionDataset}. */
export interface ArbRegressionOptions {
  /** Number of samples. @default { min: 5, max: 30 } */
  nSamples?: SizeSpec;
  /** Number of features. @default { min: 1, max: 4 } */
  nFeatures?: SizeSpec;
  /** Noise range [-noise, noise] added to y. @default 0 */
  noise?: number;
  /** Feature range [-scale, scale]; coefficients and intercept lie in [-10, 10]. @default 10 */
  scale?: number;
}

/** A small linear regression dataset $y_i = x_i^\top w + b + \varepsilon_i$ with known $w$, $b$. */
export function arbRegressionDataset(options: ArbRegressionOptions = {}): fc.Arbitrary<RegressionDataset> {
  const { nSamples = { min: 5, max: 30 }, nFeatures = { min: 1, max: 4 }, noise = 0, scale = 10 } = options;
  finite(-scale, scale);
  if (!(noise >= 0 && Number.isFinite(noise))) throw new InvalidInputError(`noise must be a finite number ≥ 0, got ${describeValue(noise)}`);
  return fc.tuple(sizeArb(nSamples, 'nSamples', 1), sizeArb(nFeatures, 'nFeatures', 1)).chain(([n, d]) =>
    fc.tuple(doubles(n * d, -scale, scale), doubles(d, -10, 10), finite(-10, 10), doubles(n, -noise, noise)).map(([xs, w, b, eps]) => {
      const X = new Matrix(n, d, Float64Array.from(xs)); // (n, d)
      const coef = Float64Array.from(w); // (d,)
      const y = new Float64Array(n); // (n,)
      for (let i = 0; i < n; i++) {
        let s = b + eps[i]!;
        for (let j = 0; j < d; j++) s += X.data[i * d + j]! * coef[j]!;
        y[i] = s;
      }
      return { X, y, coef, intercept: b };
    }),
  );
}
