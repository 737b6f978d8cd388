/**
 * Input checks shared by the calibration metrics: a probability matrix $P \in [0,1]^{n\times k}$
 * whose rows sum to one, class labels $y_i \in \{0, \dots, k-1\}$, and stacks of $S$ such
 * matrices (MC-dropout passes or ensemble members). Each check converts once and throws a typed
 * error naming the argument. Cost $O(nk)$ (times $S$ for a stack).
 *
 * @see ../../../../docs/level4-probabilistic/uncertainty.md
 */
import { InvalidInputError, ShapeError, asMatrix, describeValue, type Matrix, type MatrixLike } from '@fpml/core';

/** Labels the metrics accept: class indices $0..k-1$. */
export type ClassLabels = Int32Array | Float64Array | readonly number[];

/** How far a row sum may stray from 1 (float32 softmax outputs are off by ~1e-7). */
export const ROW_SUM_TOLERANCE = 1e-5;

/**
 * `P` as a checked (n, k) {@link Matrix}: finite, entries in $[0, 1]$, $|\sum_j p_{ij} - 1| \le 10^{-5}$.
 * A Matrix is returned as is (no copy). $O(nk)$.
 * @throws ShapeError for 1-D or ragged input; InvalidInputError for NaN, entries outside [0, 1]
 *   or a row that does not sum to 1.
 * @see ../../../../docs/level4-probabilistic/uncertainty.md
 */
export function checkProbabilities(owner: string, P: MatrixLike, name = 'probs'): Matrix {
  const m = asMatrix(P, `${owner}: ${name}`); // (n, k)
  const { rows: n, cols: k, data } = m;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < k; j++) {
      const v = data[i * k + j]!;
      if (v < 0 || v > 1) throw new InvalidInputError(`${owner}: ${name}[${i}][${j}] = ${v} is not a probability (expected a value in [0, 1])`);
      s += v;
    }
    if (!(Math.abs(s - 1) <= ROW_SUM_TOLERANCE)) throw new InvalidInputError(`${owner}: row ${i} of ${name} sums to ${s}, expected 1 (within ${ROW_SUM_TOLERANCE}); apply a softmax first`);
  }
  return m;
}

/**
 * `y` as an Int32Array of $n$ class indices in $[0, k)$. $O(n)$.
 * @throws ShapeError when the length is not `n`; InvalidInputError for a non-integer or out-of-range label.
 * @see ../../../../docs/level4-probabilistic/uncertainty.md
 */
export function checkClassLabels(owner: string, y: ClassLabels, n: number, k: number, name = 'labels'): Int32Array {
  if (!(y instanceof Int32Array || y instanceof Float64Array || Array.isArray(y))) {
    throw new InvalidInputError(`${owner}: ${name} must be an Int32Array, Float64Array or number[] of class indices, got ${describeValue(y)}`);
  }
  if (y.length !== n) throw new ShapeError(`${owner}: ${name} has ${y.length} entries but probs has ${n} rows`);
  const out = new Int32Array(n); // (n,)
  for (let i = 0; i < n; i++) {
    const v = y[i] as unknown;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= k) {
      throw new InvalidInputError(`${owner}: ${name}[${i}] = ${describeValue(v)} is not a class index in [0, ${k - 1}] (probs has ${k} columns)`);
    }
    out[i] = v;
  }
  return out;
}

/**
 * A stack of $S \ge 1$ probability matrices of one shape (n, k), each checked as in
 * {@link checkProbabilities}. $O(Snk)$.
 * @throws InvalidInputError for an empty stack; ShapeError when the shapes differ.
 * @see ../../../../docs/level4-probabilistic/uncertainty.md
 */
export function checkProbabilityStack(owner: string, samples: readonly MatrixLike[], name = 'samples'): Matrix[] {
  if (!Array.isArray(samples) || samples.length === 0) throw new InvalidInputError(`${owner}: ${name} must be a non-empty array of (n, k) probability matrices, got ${describeValue(samples)}`);
  const out = samples.map((s, t) => checkProbabilities(owner, s, `${name}[${t}]`));
  const { rows, cols } = out[0]!;
  out.forEach((m, t) => {
    if (m.rows !== rows || m.cols !== cols) throw new ShapeError(`${owner}: ${name}[${t}] is ${m.rows}×${m.cols} but ${name}[0] is ${rows}×${cols}`);
  });
  return out;
}
