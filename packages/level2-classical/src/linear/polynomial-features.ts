/**
 * Polynomial feature expansion, as scikit-learn 1.2's `PolynomialFeatures`: every monomial
 * $\prod_j x_j^{e_j}$ with total degree $\sum_j e_j$ in $[\mathrm{minDegree}, \mathrm{maxDegree}]$
 * (each $e_j \le 1$ with `interactionOnly`), plus the constant 1 with `includeBias`. Columns come
 * in sklearn's order: by degree, then `itertools.combinations_with_replacement` (or
 * `combinations`) order of the feature indices, e.g. for $(a, b)$ and degree 2:
 * $1, a, b, a^2, ab, b^2$.
 *
 * A linear model on these features is a polynomial model in the inputs: the fit stays a linear
 * least-squares problem. The number of outputs grows as $\binom{d + k}{k}$ for degree $k$, and the
 * columns of raw (unscaled) powers are badly conditioned ($x^k$ and $x^{k+1}$ are nearly parallel
 * on $[0, 1]$), which is where `LinearRegression({ solver: 'normal' })` breaks first.
 *
 * Fit is $O(d^k)$ (the exponent table); transform $O(n \cdot m \cdot k)$ for m outputs.
 * @see ../../../../docs/level2-classical/linear.md
 */
import {
  InvalidInputError, InvalidParamError, Matrix, NotFittedError, asMatrix, assertColumns, readCount, readSerialized, registerEstimator,
  type MatrixLike, type SerializedEstimator, type Transformer,
} from '@fpml/core';
import { checkFlag } from './params.js';

/** Options of {@link PolynomialFeatures}. */
export interface PolynomialFeaturesOptions {
  /** Largest total degree, or `[minDegree, maxDegree]`. @default 2 */
  degree?: number | readonly [number, number];
  /** Only products of distinct features (no $x_j^2$). @default false */
  interactionOnly?: boolean;
  /** Add the constant column 1 first. @default true */
  includeBias?: boolean;
}

/** Params of {@link PolynomialFeatures}, defaults filled in. */
export type PolynomialFeaturesParams = {
  degree: number | readonly [number, number];
  interactionOnly: boolean;
  includeBias: boolean;
};

const KIND = 'PolynomialFeatures';

/** Index tuples of size k from 0..d−1, non-decreasing (with replacement) or increasing, in lexicographic order. */
function* combinations(d: number, k: number, replacement: boolean, start = 0, prefix: number[] = []): Generator<number[]> {
  if (prefix.length === k) {
    yield prefix.slice();
    return;
  }
  for (let j = start; j < d; j++) {
    prefix.push(j);
    yield* combinations(d, k, replacement, replacement ? j : j + 1, prefix);
    prefix.pop();
  }
}

/** The exponent table (m, d): row r holds the powers of output column r (sklearn's `powers_`). */
export function polynomialPowers(d: number, minDegree: number, maxDegree: number, interactionOnly: boolean, includeBias: boolean): Int32Array[] {
  const rows: Int32Array[] = [];
  if (includeBias) rows.push(new Int32Array(d));
  for (let k = Math.max(1, minDegree); k <= maxDegree; k++) {
    for (const c of combinations(d, k, !interactionOnly)) {
      const r = new Int32Array(d);
      for (const j of c) r[j]!++;
      rows.push(r);
    }
  }
  return rows;
}

/**
 * Maps X (n, d) to all monomials up to the chosen degree (n, m).
 *
 * @example
 * const pf = new PolynomialFeatures({ degree: 2 }).fit([[2, 3]]);
 * pf.transform([[2, 3]]);   // [[1, 2, 3, 4, 6, 9]]
 * pf.getFeatureNamesOut();  // ['1', 'x0', 'x1', 'x0^2', 'x0 x1', 'x1^2']
 * @see ../../../../docs/level2-classical/linear.md
 */
export class PolynomialFeatures implements Transformer<PolynomialFeaturesParams> {
  private readonly params: Readonly<PolynomialFeaturesParams>;
  private state: { d: number; powers: Int32Array[] } | null = null;

  /** Stores the params (defaults filled in); checks nothing: `fit` does. */
  constructor(options: PolynomialFeaturesOptions = {}) {
    const degree = options.degree ?? 2;
    this.params = Object.freeze({
      degree: Array.isArray(degree) ? (Object.freeze([...degree]) as unknown as readonly [number, number]) : degree,
      interactionOnly: options.interactionOnly ?? false,
      includeBias: options.includeBias ?? true,
    });
  }

  /** A frozen copy of the params. */
  getParams(): Readonly<PolynomialFeaturesParams> {
    return Object.freeze({ ...this.params });
  }

  get isFitted(): boolean {
    return this.state !== null;
  }

  private fitted(method: string): { d: number; powers: Int32Array[] } {
    if (this.state === null) throw new NotFittedError(KIND, method);
    return this.state;
  }

  /** $[\mathrm{minDegree}, \mathrm{maxDegree}]$. @throws InvalidParamError. */
  private degrees(): [number, number] {
    const { degree, includeBias } = this.params;
    const ok = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
    let lo: number, hi: number;
    if (ok(degree)) [lo, hi] = [0, degree];
    else if (Array.isArray(degree) && degree.length === 2 && ok(degree[0]) && ok(degree[1]) && degree[0] <= degree[1]) [lo, hi] = [degree[0], degree[1]];
    else throw new InvalidParamError(KIND, 'degree', degree, 'a non-negative integer or a pair [minDegree, maxDegree] of them with minDegree ≤ maxDegree');
    checkFlag(KIND, 'interactionOnly', this.params.interactionOnly);
    checkFlag(KIND, 'includeBias', includeBias);
    if (hi === 0 && !includeBias) throw new InvalidParamError(KIND, 'degree', degree, '> 0 when includeBias is false (else the output has no columns)');
    return [lo, hi];
  }

  /** Exponents (m, d) of the output columns (sklearn's `powers_`), a copy. */
  get powers(): Matrix {
    const { d, powers } = this.fitted('powers');
    const M = new Matrix(powers.length, d);
    powers.forEach((r, i) => M.data.set(r, i * d));
    return M;
  }

  /** Number of output columns m. */
  get nOutputFeatures(): number {
    return this.fitted('nOutputFeatures').powers.length;
  }

  /** Columns of the X given to fit. */
  get nFeaturesIn(): number {
    return this.fitted('nFeaturesIn').d;
  }

  /**
   * Learn the number of input features and build the exponent table.
   * @throws InvalidParamError, ShapeError, InvalidInputError.
   */
  fit(X: MatrixLike): this {
    const [lo, hi] = this.degrees();
    const Xm = asMatrix(X, 'X');
    this.state = { d: Xm.cols, powers: polynomialPowers(Xm.cols, lo, hi, this.params.interactionOnly, this.params.includeBias) };
    return this;
  }

  /** The monomials of each row, (n, m). */
  transform(X: MatrixLike): Matrix {
    const { d, powers } = this.fitted('transform');
    const Xm = asMatrix(X, 'X');
    assertColumns(Xm, d);
    const n = Xm.rows, m = powers.length;
    const out = new Matrix(n, m); // (n, m)
    const terms = powers.map((r) => Array.from(r).flatMap((e, j) => (e > 0 ? [[j, e] as const] : [])));
    for (let i = 0; i < n; i++) {
      const o = i * d;
      for (let c = 0; c < m; c++) {
        let v = 1;
        for (const [j, e] of terms[c]!) for (let k = 0; k < e; k++) v *= Xm.data[o + j]!;
        out.data[i * m + c] = v;
      }
    }
    for (const v of out.data) if (!Number.isFinite(v)) throw new InvalidInputError(`${KIND}: a monomial overflowed to ${v}; scale X first`);
    return out;
  }

  /** `fit(X)` then `transform(X)`. */
  fitTransform(X: MatrixLike): Matrix {
    return this.fit(X).transform(X);
  }

  /**
   * Output column names, sklearn's format: `'1'`, `'x0'`, `'x0^2'`, `'x0 x1'`.
   * @param inputFeatures names of the d inputs. @default ['x0', ..., 'x{d-1}']
   */
  getFeatureNamesOut(inputFeatures?: readonly string[]): string[] {
    const { d, powers } = this.fitted('getFeatureNamesOut');
    const names = inputFeatures ?? Array.from({ length: d }, (_, j) => `x${j}`);
    if (names.length !== d) throw new InvalidInputError(`${KIND}.getFeatureNamesOut: inputFeatures has ${names.length} names but the model was fit with ${d} features`);
    return powers.map((r) => {
      const parts = Array.from(r).flatMap((e, j) => (e === 0 ? [] : [e === 1 ? names[j]! : `${names[j]}^${e}`]));
      return parts.length === 0 ? '1' : parts.join(' ');
    });
  }

  /** `{ kind: 'PolynomialFeatures', version: 1, params, state: { nFeaturesIn } }` (the table is rebuilt on load). */
  toJSON(): SerializedEstimator<PolynomialFeaturesParams, { nFeaturesIn: number }> {
    const params = { ...this.params, degree: Array.isArray(this.params.degree) ? ([...this.params.degree] as [number, number]) : this.params.degree };
    return { kind: KIND, version: 1, params, state: this.state === null ? null : { nFeaturesIn: this.state.d } };
  }

  /**
   * Rebuild a model saved by {@link toJSON}.
   * @throws InvalidInputError for another kind, an unknown version or a malformed state; InvalidParamError for bad params.
   */
  static fromJSON(json: unknown): PolynomialFeatures {
    const saved = readSerialized(json, KIND, [1]);
    const model = new PolynomialFeatures(saved.params as PolynomialFeaturesOptions);
    const [lo, hi] = model.degrees();
    if (saved.state !== null) {
      const d = readCount(saved.state, KIND, 'nFeaturesIn');
      model.state = { d, powers: polynomialPowers(d, lo, hi, model.params.interactionOnly, model.params.includeBias) };
    }
    return model;
  }
}

registerEstimator(KIND, PolynomialFeatures.fromJSON);
