/**
 * The data of a `CausalModel`: named numeric columns of one length $n$, from a plain record
 * `{ name: number[] | Float64Array }` or a danfojs-like `DataFrame` (anything with `columns:
 * string[]` and `column(name).values`, or row-major `values`). Columns are read lazily, checked
 * once (finite numbers, length $n$) and kept as float64 copies. Cost $O(n)$ per column read.
 * @see ../../../../../docs/level4-probabilistic/causal-diagnostics.md
 */
import { InvalidInputError, ShapeError } from '@fpml/core';

/** A danfojs-like data frame (only what is read here). */
export interface DataFrameLike {
  columns: readonly string[];
  column?(name: string): { values: ArrayLike<unknown> };
  values?: readonly (readonly unknown[])[];
}

/** What `CausalModel` accepts as data. */
export type CausalData = Record<string, ArrayLike<number>> | DataFrameLike;

function isFrame(d: CausalData): d is DataFrameLike {
  const c = (d as DataFrameLike).columns;
  return Array.isArray(c) && (typeof (d as DataFrameLike).column === 'function' || Array.isArray((d as DataFrameLike).values));
}

/** Named float64 columns with checked lengths. */
export class ColumnStore {
  /** Column names, in the data's order. */
  readonly names: readonly string[];
  /** Rows $n$. */
  readonly n: number;
  private readonly raw: (name: string) => ArrayLike<unknown>;
  private readonly cache = new Map<string, Float64Array>();

  constructor(data: CausalData, owner = 'CausalModel') {
    if (data === null || typeof data !== 'object') throw new InvalidInputError(`${owner}: data must be a record of numeric columns or a DataFrame, got ${data === null ? 'null' : typeof data}`);
    if (isFrame(data)) {
      this.names = [...data.columns];
      const values = data.values;
      this.raw = typeof data.column === 'function'
        ? (name) => data.column!(name).values
        : (name) => {
          const j = this.names.indexOf(name);
          return values!.map((row) => row[j]);
        };
    } else {
      this.names = Object.keys(data);
      this.raw = (name) => (data as Record<string, ArrayLike<number>>)[name]!;
      for (const k of this.names) {
        const c = data[k];
        if (!Array.isArray(c) && !ArrayBuffer.isView(c)) throw new InvalidInputError(`${owner}: data column '${k}' must be an array of numbers, got ${typeof c}`);
      }
    }
    if (this.names.length === 0) throw new InvalidInputError(`${owner}: data has no columns`);
    this.n = this.raw(this.names[0]!).length;
    for (const k of this.names) {
      const len = this.raw(k).length;
      if (len !== this.n) throw new ShapeError(`${owner}: data column '${k}' has ${len} rows, column '${this.names[0]}' has ${this.n}`);
    }
    if (this.n < 2) throw new InvalidInputError(`${owner}: data needs at least 2 rows, got ${this.n}`);
  }

  /** Whether `name` is a column. */
  has(name: string): boolean {
    return this.names.includes(name);
  }

  /** Check that `name` is a column; `what` names the argument in the message. */
  require(name: unknown, what: string, owner = 'CausalModel'): string {
    if (typeof name !== 'string' || !this.has(name)) {
      throw new InvalidInputError(`${owner}: ${what} ${JSON.stringify(name)} is not a column of data; columns: ${this.names.join(', ')}`);
    }
    return name;
  }

  /** The column as float64 (checked finite, cached). */
  get(name: string, owner = 'CausalModel'): Float64Array {
    let c = this.cache.get(name);
    if (c) return c;
    this.require(name, 'column', owner);
    const r = this.raw(name);
    c = new Float64Array(this.n); // (n,)
    for (let i = 0; i < this.n; i++) {
      const v = r[i];
      const x = typeof v === 'boolean' ? Number(v) : v;
      if (typeof x !== 'number' || !Number.isFinite(x)) throw new InvalidInputError(`${owner}: column '${name}' must hold finite numbers, got ${JSON.stringify(v)} at row ${i}`);
      c[i] = x;
    }
    this.cache.set(name, c);
    return c;
  }
}
