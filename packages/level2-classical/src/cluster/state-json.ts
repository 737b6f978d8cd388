/**
 * Shared readers for the saved states of the clustering estimators (on top of core's
 * `readFiniteArray`/`readCount`): integer label arrays and saved warnings.
 *
 * @see ../../../../docs/level2-classical/clustering.md
 */
import { ConvergenceWarning, InvalidInputError, describeValue, stateField } from '@fpml/core';

/** A saved warning: its message and the iteration count it refers to. */
export interface WarningJSON {
  message: string;
  nIter: number;
}

/** A saved array of integers in [lo, hi], as an Int32Array. */
export function readLabels(state: unknown, kind: string, field: string, lo: number, hi: number): Int32Array {
  const v = stateField(state, kind, field);
  if (!Array.isArray(v)) throw new InvalidInputError(`${kind}.fromJSON: state.${field} must be an array, got ${describeValue(v)}`);
  const out = new Int32Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const e: unknown = v[i];
    if (typeof e !== 'number' || !Number.isInteger(e) || e < lo || e > hi) {
      throw new InvalidInputError(`${kind}.fromJSON: state.${field}[${i}] must be an integer in [${lo}, ${hi}], got ${describeValue(e)}`);
    }
    out[i] = e;
  }
  return out;
}

/** Saved `warnings` back into ConvergenceWarnings of `kind`. */
export function readWarnings(state: unknown, kind: string): ConvergenceWarning[] {
  const v = stateField(state, kind, 'warnings');
  if (!Array.isArray(v)) throw new InvalidInputError(`${kind}.fromJSON: state.warnings must be an array, got ${describeValue(v)}`);
  return v.map((w: unknown, i) => {
    const m = w as Partial<WarningJSON> | null;
    if (m === null || typeof m !== 'object' || typeof m.message !== 'string' || typeof m.nIter !== 'number') {
      throw new InvalidInputError(`${kind}.fromJSON: state.warnings[${i}] must be { message, nIter }, got ${describeValue(w)}`);
    }
    return new ConvergenceWarning(kind, m.message, m.nIter);
  });
}
