/**
 * Label encoding shared by every classifier: arbitrary labels (numbers or strings) ↔ class
 * indices $0, \dots, k-1$, with the classes sorted the way scikit-learn's `np.unique` sorts them
 * (numbers ascending; strings by Unicode code point), so class order, `predictProba` columns and
 * `classes` agree with sklearn number for number.
 *
 * What `predict` returns (the rule every fpml classifier follows, see {@link LabelEncoding.decode}):
 * - every label seen in `fit` is a 32-bit integer (`-2^31 ≤ y < 2^31`, e.g. class indices
 *   `0..k-1` or `[3, 7]`) → an `Int32Array` holding **the labels themselves** (for labels
 *   `0..k-1` these are the class indices);
 * - otherwise (strings, or non-integer / very large numbers) → a plain array of the original
 *   labels, numbers as numbers and strings as strings.
 *
 * Mixing numbers and strings in one `y` is rejected (np.unique cannot order them either).
 *
 * @see ../../../../docs/core/estimators.md
 */
import { InvalidInputError, describeValue } from '../errors.js';
import { asLabels } from '../validation/validate.js';

/** A single class label. */
export type Label = number | string;

/** How labels come back from `predict`: `'int32'` → Int32Array, `'number'`/`'string'` → plain array. */
export type LabelKind = 'int32' | 'number' | 'string';

/** The saved form of a {@link LabelEncoding}: JSON-safe, round-trips exactly. */
export interface LabelEncodingJSON {
  classes: Label[];
  kind: LabelKind;
}

/** Compare strings by Unicode code point (np.unique's order), not UTF-16 code unit. */
export function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done) return y.done ? 0 : -1;
    if (y.done) return 1;
    const cx = x.value.codePointAt(0)!;
    const cy = y.value.codePointAt(0)!;
    if (cx !== cy) return cx < cy ? -1 : 1;
  }
}

const isInt32 = (v: number): boolean => Number.isInteger(v) && v >= -2147483648 && v <= 2147483647;

/**
 * A fitted label ↔ index mapping. Build it with {@link LabelEncoding.fit} from training labels
 * or {@link LabelEncoding.fromJSON} from a saved model. Immutable.
 */
export class LabelEncoding {
  /** Sorted distinct labels; `classes[k]` is the label of class index `k`. */
  readonly classes: readonly Label[];
  /** Output form of {@link decode}. */
  readonly kind: LabelKind;
  private readonly index: Map<Label, number>;

  private constructor(classes: Label[], kind: LabelKind) {
    this.classes = Object.freeze(classes);
    this.kind = kind;
    this.index = new Map(classes.map((c, k) => [c, k]));
  }

  /**
   * Learn the classes of `y` and encode it.
   *
   * Complexity $O(n \log k)$ for $n$ labels and $k$ classes.
   * @param length the number of rows of X, checked against `y.length`.
   * @throws ShapeError on a length mismatch or nested arrays; InvalidInputError for empty `y`,
   *   NaN/Inf, non-label values or numbers mixed with strings.
   */
  static fit(y: unknown, name = 'y', length?: number): { encoding: LabelEncoding; codes: Int32Array } {
    const labels = asLabels(y, name, length);
    const firstType = typeof labels[0];
    for (let i = 1; i < labels.length; i++) {
      if (typeof labels[i] !== firstType) {
        throw new InvalidInputError(
          `${name} mixes numbers and strings (${describeValue(labels[0])} at index 0, ${describeValue(labels[i])} at index ${i}); use one label type`,
        );
      }
    }
    const distinct = [...new Set(labels)];
    let kind: LabelKind;
    if (firstType === 'string') {
      (distinct as string[]).sort(compareCodePoints);
      kind = 'string';
    } else {
      (distinct as number[]).sort((a, b) => a - b);
      kind = (distinct as number[]).every(isInt32) ? 'int32' : 'number';
    }
    const encoding = new LabelEncoding(distinct.map((c) => (Object.is(c, -0) ? 0 : c)), kind);
    return { encoding, codes: encoding.encodeChecked(labels, name) };
  }

  /** Number of classes $k$. */
  get nClasses(): number {
    return this.classes.length;
  }

  /**
   * Map labels to class indices.
   * @throws InvalidInputError naming the first label not seen in `fit`; the usual label checks.
   */
  encode(y: unknown, name = 'y', length?: number): Int32Array {
    return this.encodeChecked(asLabels(y, name, length), name);
  }

  private encodeChecked(labels: readonly Label[], name: string): Int32Array {
    const codes = new Int32Array(labels.length);
    for (let i = 0; i < labels.length; i++) {
      const k = this.index.get(labels[i]!);
      if (k === undefined) {
        throw new InvalidInputError(
          `${name} contains the unknown label ${describeValue(labels[i])} at index ${i}; classes seen in fit: ${this.classes.map(describeValue).join(', ')}`,
        );
      }
      codes[i] = k;
    }
    return codes;
  }

  /** Class index of one label, or `undefined` if it was not seen in `fit`. */
  indexOf(label: Label): number | undefined {
    return this.index.get(label);
  }

  /**
   * Map class indices back to labels: an Int32Array of the labels when they are all 32-bit
   * integers, else a plain array of the original labels.
   */
  decode(codes: Int32Array): Int32Array | Label[] {
    if (this.kind === 'int32') {
      const out = new Int32Array(codes.length);
      for (let i = 0; i < codes.length; i++) out[i] = this.classes[codes[i]!] as number;
      return out;
    }
    const out: Label[] = new Array(codes.length);
    for (let i = 0; i < codes.length; i++) out[i] = this.classes[codes[i]!]!;
    return out;
  }

  /** Saved form (copies the classes). */
  toJSON(): LabelEncodingJSON {
    return { classes: [...this.classes], kind: this.kind };
  }

  /**
   * Rebuild from {@link toJSON}.
   * @throws InvalidInputError if the classes are not distinct, sorted labels of one type matching `kind`.
   */
  static fromJSON(json: LabelEncodingJSON, owner = 'LabelEncoding'): LabelEncoding {
    const bad = (why: string): never => {
      throw new InvalidInputError(`${owner}.fromJSON: saved classes ${why}`);
    };
    if (json === null || typeof json !== 'object' || !Array.isArray(json.classes) || json.classes.length === 0) {
      bad(`must be a non-empty array, got ${describeValue(json?.classes)}`);
    }
    const { classes, kind } = json;
    const wantType = kind === 'string' ? 'string' : 'number';
    if (kind !== 'int32' && kind !== 'number' && kind !== 'string') bad(`have unknown kind ${describeValue(kind)}`);
    for (let k = 0; k < classes.length; k++) {
      const c = classes[k]!;
      if (typeof c !== wantType || (typeof c === 'number' && !Number.isFinite(c))) bad(`[${k}] = ${describeValue(c)} is not a ${kind} label`);
      if (kind === 'int32' && !isInt32(c as number)) bad(`[${k}] = ${describeValue(c)} is not a 32-bit integer`);
      if (k > 0) {
        const prev = classes[k - 1]!;
        const order = kind === 'string' ? compareCodePoints(prev as string, c as string) : (prev as number) - (c as number);
        if (order >= 0) bad(`are not strictly increasing at index ${k}`);
      }
    }
    return new LabelEncoding([...classes], kind);
  }
}
