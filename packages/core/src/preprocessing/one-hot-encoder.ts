/**
 * One-hot encoding of categorical features, as scikit-learn 1.2.1's `OneHotEncoder` with dense
 * output (`sparse_output=False`).
 *
 * @see ../../../../docs/core/preprocessing.md#onehotencoder
 */
import { InvalidInputError, InvalidParamError, NotFittedError, ShapeError, describeValue } from '../errors.js';
import { registerEstimator } from '../estimator/registry.js';
import { readCount, readSerialized, stateField } from '../estimator/serialization.js';
import type { SerializedEstimator, Transformer } from '../estimator/types.js';
import { Matrix, type MatrixLike } from '../matrix/matrix.js';
import { indexOfLabels, showLabel, showLabels, uniqueLabels, type Label } from '../metrics/labels.js';
import { asMatrix } from '../validation/validate.js';

const KIND = 'OneHotEncoder';
const VERSION = 1;

/** A table of categorical values: rows of numbers and/or strings (one type per column). */
export type CategoricalTable = readonly (readonly Label[])[];

/** Options of {@link OneHotEncoder}. */
export interface OneHotEncoderOptions {
  /** `'auto'`: the sorted distinct values of each column; or one list of categories per column, in output order. @default 'auto' */
  categories?: 'auto' | readonly (readonly Label[])[];
  /** On a category not seen in fit: throw (`'error'`) or encode as all zeros (`'ignore'`). @default 'error' */
  handleUnknown?: 'error' | 'ignore';
  /** Drop no column, the first category's column of every feature, or only of features with exactly two categories. @default null */
  drop?: null | 'first' | 'if_binary';
}

/** The params of a {@link OneHotEncoder}, defaults filled in. */
export interface OneHotEncoderParams {
  categories: 'auto' | readonly (readonly Label[])[];
  handleUnknown: 'error' | 'ignore';
  drop: null | 'first' | 'if_binary';
  [key: string]: unknown;
}

/** Saved fitted state (version 1). */
export interface OneHotEncoderStateJSON {
  categories: Label[][];
  dropIdx: (number | null)[] | null;
  nFeaturesIn: number;
}

interface State {
  categories: Label[][];
  index: Map<Label, number>[];
  dropIdx: (number | null)[] | null;
  /** First output column of each feature, plus the total at the end. */
  offsets: Int32Array; // (d + 1,)
  nFeaturesIn: number;
}

/** Validate a table (Matrix, number[][] or (string|number)[][]) into rows of labels. */
function asTable(X: unknown, name: string): Label[][] {
  if (X instanceof Matrix) return asMatrix(X, name).toArray();
  if (!Array.isArray(X)) throw new InvalidInputError(`${name} must be a Matrix or an array of rows, got ${describeValue(X)}`);
  if (X.length === 0) throw new InvalidInputError(`${name} must have at least 1 row, got 0`);
  const rows: Label[][] = [];
  let cols = -1;
  for (let i = 0; i < X.length; i++) {
    const r: unknown = X[i];
    if (!Array.isArray(r) && !ArrayBuffer.isView(r)) throw new ShapeError(`${name} must be 2-D (an array of rows), but ${name}[${i}] is ${describeValue(r)}`);
    const row = Array.from(r as ArrayLike<unknown>);
    if (cols < 0) cols = row.length;
    else if (row.length !== cols) throw new ShapeError(`${name} is ragged: row 0 has ${cols} columns but row ${i} has ${row.length}`);
    row.forEach((v, j) => {
      if (typeof v === 'number' ? !Number.isFinite(v) : typeof v !== 'string') {
        throw new InvalidInputError(`${name} must contain finite numbers or strings, got ${describeValue(v)} at (${i}, ${j})`);
      }
    });
    rows.push(row as Label[]);
  }
  if (cols < 1) throw new InvalidInputError(`${name} must have at least 1 column, got 0`);
  return rows;
}

/**
 * Feature $j$ with categories $c_{j1}, \dots, c_{jK_j}$ becomes $K_j$ indicator columns
 * $$z_{i,(j,k)} = \mathbb 1[x_{ij} = c_{jk}],$$
 * minus the dropped category's column when `drop` is set (a dropped category encodes as all
 * zeros). Output columns are grouped by feature, in category order. Numbers and strings are both
 * accepted (one type per column; `1` and `'1'` differ); categories are sorted like `np.unique`.
 * Fit is $O(nd \log K)$, transform $O(nd + n\sum_j K_j)$.
 *
 * @example
 * const enc = new OneHotEncoder({ drop: 'if_binary' }).fit([['red', 'S'], ['blue', 'M'], ['green', 'S']]);
 * enc.getFeatureNamesOut();                 // ['x0_blue', 'x0_green', 'x0_red', 'x1_S'] (x1 is binary: M dropped)
 * enc.transform([['blue', 'S']]).toArray(); // [[1, 0, 0, 1]]
 * @see ../../../../docs/core/preprocessing.md#onehotencoder
 */
export class OneHotEncoder implements Transformer<OneHotEncoderParams> {
  private readonly params: Readonly<OneHotEncoderParams>;
  private state: State | null = null;

  /** Stores the params (defaults filled in); checks nothing: `fit` does. */
  constructor(options: OneHotEncoderOptions = {}) {
    const cats = options.categories ?? 'auto';
    this.params = Object.freeze({
      categories: Array.isArray(cats) ? Object.freeze(cats.map((c: readonly Label[]) => Object.freeze([...c]))) : cats,
      handleUnknown: options.handleUnknown ?? 'error',
      drop: options.drop === undefined ? null : options.drop,
    });
  }

  /** A frozen copy of the params. */
  getParams(): Readonly<OneHotEncoderParams> {
    return Object.freeze({ ...this.params });
  }

  get isFitted(): boolean {
    return this.state !== null;
  }

  private fitted(method: string): State {
    if (this.state === null) throw new NotFittedError(KIND, method);
    return this.state;
  }

  /** The categories of each feature, in output order (copies). */
  get categories(): Label[][] {
    return this.fitted('categories').categories.map((c) => [...c]);
  }

  /** Per feature, the index of its dropped category (or null), or null when nothing is dropped (sklearn's `drop_idx_`). */
  get dropIdx(): (number | null)[] | null {
    const d = this.fitted('dropIdx').dropIdx;
    return d ? [...d] : null;
  }

  /** Number of columns of the X given to fit. */
  get nFeaturesIn(): number {
    return this.fitted('nFeaturesIn').nFeaturesIn;
  }

  private checkParams(): void {
    const { categories, handleUnknown, drop } = this.params;
    if (categories !== 'auto') {
      if (!Array.isArray(categories)) throw new InvalidParamError(KIND, 'categories', categories, "'auto' or one array of categories per feature");
      categories.forEach((c, j) => {
        if (!Array.isArray(c) || c.length === 0 || !c.every((v) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)))) {
          throw new InvalidParamError(KIND, `categories[${j}]`, c, 'a non-empty array of finite numbers or strings');
        }
        if (new Set(c).size !== c.length) throw new InvalidParamError(KIND, `categories[${j}]`, c, 'distinct values');
      });
    }
    if (handleUnknown !== 'error' && handleUnknown !== 'ignore') throw new InvalidParamError(KIND, 'handleUnknown', handleUnknown, "'error' or 'ignore'");
    if (drop !== null && drop !== 'first' && drop !== 'if_binary') throw new InvalidParamError(KIND, 'drop', drop, "null, 'first' or 'if_binary'");
  }

  private build(categories: Label[][]): State {
    const { drop } = this.params;
    const dropIdx = drop === null ? null : categories.map((c) => (drop === 'first' || c.length === 2 ? 0 : null));
    const offsets = new Int32Array(categories.length + 1);
    categories.forEach((c, j) => {
      offsets[j + 1] = offsets[j]! + c.length - (dropIdx?.[j] != null ? 1 : 0);
    });
    return { categories, index: categories.map((c) => indexOfLabels(c)), dropIdx, offsets, nFeaturesIn: categories.length };
  }

  /**
   * Learn the categories of each column of X (n, d).
   * @throws InvalidParamError for bad params or a `categories` list of the wrong length;
   *   InvalidInputError for bad X, mixed numbers/strings in a column (with 'auto'), or a value
   *   outside given categories (with `handleUnknown: 'error'`).
   */
  fit(X: MatrixLike | CategoricalTable, _y?: unknown): this {
    this.checkParams();
    const rows = asTable(X, 'X');
    const d = rows[0]!.length;
    const given = this.params.categories;
    if (given !== 'auto' && given.length !== d) {
      throw new InvalidParamError(KIND, 'categories', given, `one array per feature (${d} features)`);
    }
    const categories: Label[][] = [];
    for (let j = 0; j < d; j++) {
      const column = rows.map((r) => r[j]!);
      if (given === 'auto') {
        try {
          categories.push(uniqueLabels(column));
        } catch {
          throw new InvalidInputError(`${KIND}: column ${j} of X mixes numbers and strings; use one type per column`);
        }
      } else {
        const cats = [...given[j]!];
        if (this.params.handleUnknown === 'error') {
          const known = new Set<Label>(cats);
          const unknown = uniqueLabels(column.filter((v) => !known.has(v)).map(String));
          if (unknown.length > 0) throw new InvalidInputError(`${KIND}: found unknown categories ${showLabels(unknown)} in column ${j} during fit`);
        }
        categories.push(cats);
      }
    }
    this.state = this.build(categories);
    return this;
  }

  /**
   * The indicator matrix (n, total output columns).
   * @throws NotFittedError before fit; ShapeError on a column mismatch; InvalidInputError for an
   *   unknown category when `handleUnknown` is `'error'`.
   */
  transform(X: MatrixLike | CategoricalTable): Matrix {
    const s = this.fitted('transform');
    const rows = asTable(X, 'X');
    const d = rows[0]!.length;
    if (d !== s.nFeaturesIn) throw new ShapeError(`X has ${d} columns but the model was fit with ${s.nFeaturesIn}`);
    const width = s.offsets[d]!;
    const out = new Matrix(rows.length, width); // (n, width)
    for (let i = 0; i < rows.length; i++) {
      for (let j = 0; j < d; j++) {
        const v = rows[i]![j]!;
        const k = s.index[j]!.get(v);
        if (k === undefined) {
          if (this.params.handleUnknown === 'error') {
            throw new InvalidInputError(`${KIND}: unknown category ${showLabel(v)} in column ${j} (row ${i}); known: ${showLabels(s.categories[j]!)}; set handleUnknown: 'ignore' to encode it as zeros`);
          }
          continue;
        }
        const dropped = s.dropIdx?.[j] ?? null;
        if (dropped === k) continue;
        out.data[i * width + s.offsets[j]! + (dropped !== null && k > dropped ? k - 1 : k)] = 1;
      }
    }
    return out;
  }

  /** `fit(X).transform(X)`. */
  fitTransform(X: MatrixLike | CategoricalTable, y?: unknown): Matrix {
    return this.fit(X, y).transform(X);
  }

  /**
   * Output column names `<input>_<category>` (inputs default to `x0, x1, ...`).
   * @throws NotFittedError before fit; ShapeError if `inputFeatures` has the wrong length.
   */
  getFeatureNamesOut(inputFeatures?: readonly string[]): string[] {
    const s = this.fitted('getFeatureNamesOut');
    if (inputFeatures !== undefined && inputFeatures.length !== s.nFeaturesIn) {
      throw new ShapeError(`inputFeatures has ${inputFeatures.length} names but the model was fit with ${s.nFeaturesIn} features`);
    }
    const names: string[] = [];
    s.categories.forEach((cats, j) => {
      const base = inputFeatures?.[j] ?? `x${j}`;
      cats.forEach((c, k) => {
        if (s.dropIdx?.[j] !== k) names.push(`${base}_${String(c)}`);
      });
    });
    return names;
  }

  /**
   * Decode indicator rows back to categories: per feature, the category of the largest entry of
   * its block (the first on ties); an all-zero block decodes to the dropped category, or to
   * `null` (unknown) when `handleUnknown` is `'ignore'` and the feature has no dropped category.
   * @returns rows of categories (n, d).
   * @throws NotFittedError before fit; ShapeError on a column mismatch; InvalidInputError for an
   *   all-zero block that cannot be decoded (`handleUnknown: 'error'`, nothing dropped).
   */
  inverseTransformLabels(X: MatrixLike): (Label | null)[][] {
    const s = this.fitted('inverseTransformLabels');
    const A = asMatrix(X, 'X'); // (n, width)
    const width = s.offsets[s.nFeaturesIn]!;
    if (A.cols !== width) throw new ShapeError(`X has ${A.cols} columns but the encoder outputs ${width}`);
    const out: (Label | null)[][] = [];
    for (let i = 0; i < A.rows; i++) {
      const row: (Label | null)[] = [];
      for (let j = 0; j < s.nFeaturesIn; j++) {
        const cats = s.categories[j]!;
        const dropped = s.dropIdx?.[j] ?? null;
        const lo = s.offsets[j]!;
        const hi = s.offsets[j + 1]!;
        let best = -1;
        let sum = 0;
        for (let c = lo; c < hi; c++) {
          const v = A.data[i * width + c]!;
          sum += v;
          if (best < 0 || v > A.data[i * width + best]!) best = c;
        }
        if (hi === lo || sum === 0) {
          if (dropped !== null) row.push(cats[dropped]!);
          else if (this.params.handleUnknown === 'ignore') row.push(null);
          else throw new InvalidInputError(`${KIND}: row ${i} has all zeros for feature ${j}, which cannot be inverted when nothing is dropped and handleUnknown is 'error'`);
        } else {
          const k = best - lo;
          row.push(cats[dropped !== null && k >= dropped ? k + 1 : k]!);
        }
      }
      out.push(row);
    }
    return out;
  }

  /**
   * {@link inverseTransformLabels} as a Matrix, for encoders whose categories are all numbers.
   * @throws InvalidInputError if a category is a string or a row decodes to unknown (use
   *   {@link inverseTransformLabels} for those); others as {@link inverseTransformLabels}.
   */
  inverseTransform(X: MatrixLike): Matrix {
    const rows = this.inverseTransformLabels(X);
    const out = new Matrix(rows.length, this.fitted('inverseTransform').nFeaturesIn);
    rows.forEach((r, i) =>
      r.forEach((v, j) => {
        if (typeof v !== 'number') {
          throw new InvalidInputError(`${KIND}.inverseTransform returns numbers, but row ${i}, feature ${j} decodes to ${describeValue(v)}; use inverseTransformLabels`);
        }
        out.data[i * out.cols + j] = v;
      }),
    );
    return out;
  }

  /** `{ kind: 'OneHotEncoder', version: 1, params, state }`; JSON-safe, round-trips exactly. */
  toJSON(): SerializedEstimator<OneHotEncoderParams, OneHotEncoderStateJSON> {
    const s = this.state;
    const state = s === null ? null : { categories: s.categories.map((c) => [...c]), dropIdx: s.dropIdx ? [...s.dropIdx] : null, nFeaturesIn: s.nFeaturesIn };
    const cats = this.params.categories;
    return { kind: KIND, version: VERSION, params: { ...this.params, categories: cats === 'auto' ? cats : cats.map((c) => [...c]) }, state };
  }

  /**
   * Rebuild an encoder saved by {@link toJSON}.
   * @throws InvalidInputError for another kind, an unknown version or a malformed state;
   *   InvalidParamError for bad saved params.
   */
  static fromJSON(json: unknown): OneHotEncoder {
    const saved = readSerialized(json, KIND, [VERSION]);
    const model = new OneHotEncoder(saved.params as OneHotEncoderOptions);
    model.checkParams();
    if (saved.state === null) return model;
    const d = readCount(saved.state, KIND, 'nFeaturesIn');
    const cats = stateField(saved.state, KIND, 'categories');
    const ok = Array.isArray(cats) && cats.length === d && cats.every((c) => Array.isArray(c) && c.length > 0 && c.every((v) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))));
    if (!ok) throw new InvalidInputError(`${KIND}.fromJSON: state.categories must be ${d} non-empty arrays of numbers or strings`);
    const state = model.build((cats as Label[][]).map((c) => [...c]));
    if (JSON.stringify(stateField(saved.state, KIND, 'dropIdx')) !== JSON.stringify(state.dropIdx)) {
      throw new InvalidInputError(`${KIND}.fromJSON: state.dropIdx does not match params.drop and the categories`);
    }
    model.state = state;
    return model;
  }
}

registerEstimator(KIND, OneHotEncoder.fromJSON);
