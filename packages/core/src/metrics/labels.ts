/**
 * Label and score handling shared by the metrics: validation at the boundary, the sorted set of
 * labels (numbers ascending, strings by Unicode code point, like `np.unique`), and the error
 * messages every metric uses for length mismatches and bad probabilities.
 *
 * @see ../../../../docs/core/metrics.md
 */
import { InvalidInputError, ShapeError, describeValue } from '../errors.js';
import { Matrix, type MatrixLike } from '../matrix/matrix.js';
import { asLabels, asMatrix, asVector } from '../validation/validate.js';
import { compareCodePoints, type Label } from '../estimator/label-encoder.js';

export type { Label };

/** Labels a metric accepts: typed arrays or plain arrays of numbers/strings. */
export type LabelsLike = Float64Array | Int32Array | Float32Array | readonly Label[];

/** Compare two labels of the same type: numbers ascending, strings by Unicode code point (np.unique's order). */
export function compareLabels(a: Label, b: Label): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return compareCodePoints(String(a), String(b));
}

/**
 * Validate a label vector: 1-D, non-empty, finite numbers or strings.
 * @throws InvalidInputError for NaN/Inf, empty input or non-labels; ShapeError for nested arrays.
 */
export function toLabels(y: unknown, name: string): Label[] {
  return asLabels(y, name);
}

/** @throws ShapeError `yPred has 4 entries but yTrue has 5`. */
export function checkLengths(nameA: string, lengthA: number, nameB: string, lengthB: number): void {
  if (lengthA !== lengthB) {
    throw new ShapeError(`${nameB} has ${lengthB} entries but ${nameA} has ${lengthA}`);
  }
}

/**
 * Sorted distinct labels of the given arrays (their union), as `np.unique` orders them.
 * @throws InvalidInputError if numbers and strings are mixed.
 */
export function uniqueLabels(...arrays: readonly (readonly Label[])[]): Label[] {
  const seen = new Set<Label>();
  let type: string | undefined;
  for (const arr of arrays) {
    for (const v of arr) {
      if (type === undefined) type = typeof v;
      else if (typeof v !== type) {
        throw new InvalidInputError(`labels mix numbers and strings (${describeValue(v)} among ${type}s); use one type`);
      }
      seen.add(v);
    }
  }
  return [...seen].sort(compareLabels);
}

/** Map label → position in `labels`. */
export function indexOfLabels(labels: readonly Label[]): Map<Label, number> {
  const m = new Map<Label, number>();
  labels.forEach((l, i) => {
    if (!m.has(l)) m.set(l, i);
  });
  return m;
}

/** Render labels for an error message: `[0, 1]` or `["a", "b"]`. */
export function showLabels(labels: readonly Label[]): string {
  return `[${labels.map(showLabel).join(', ')}]`;
}

/** Render one label for an error message: `3` or `"a"`. */
export function showLabel(label: Label): string {
  return typeof label === 'string' ? JSON.stringify(label) : String(label);
}

/**
 * Validate a score vector of length `length`: numbers, finite.
 * @throws ShapeError on a length mismatch; InvalidInputError for NaN/Inf or non-numbers.
 */
export function toScores(v: unknown, name: string, otherName: string, length: number): Float64Array {
  const s = asVector(v, name);
  checkLengths(otherName, length, name, s.length);
  return s;
}

/** @throws InvalidInputError naming the first entry outside [0, 1]. */
export function checkProbabilities(data: Float64Array, name: string, cols?: number): void {
  for (let k = 0; k < data.length; k++) {
    const p = data[k]!;
    if (!(p >= 0 && p <= 1)) {
      const where = cols ? `(${Math.floor(k / cols)}, ${k % cols})` : `index ${k}`;
      throw new InvalidInputError(`${name} must hold probabilities in [0, 1], got ${describeValue(p)} at ${where}`);
    }
  }
}

/**
 * Probabilities as a Matrix (n, k), or as a vector (n,) of positive-class probabilities when
 * given a 1-D array. Checked to be finite and in [0, 1], with `n` rows.
 */
export function toProbabilities(
  proba: unknown,
  name: string,
  otherName: string,
  length: number,
): { matrix: Matrix | null; vector: Float64Array | null } {
  const is2d = proba instanceof Matrix || (Array.isArray(proba) && proba.length > 0 && (Array.isArray(proba[0]) || ArrayBuffer.isView(proba[0])));
  if (is2d) {
    const m = asMatrix(proba as MatrixLike, name);
    checkLengths(otherName, length, name, m.rows);
    checkProbabilities(m.data, name, m.cols);
    return { matrix: m, vector: null };
  }
  const v = toScores(proba, name, otherName, length);
  checkProbabilities(v, name);
  return { matrix: null, vector: v };
}
