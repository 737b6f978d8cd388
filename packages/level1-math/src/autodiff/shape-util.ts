/**
 * Small shape helpers shared by the ops (not part of the public API).
 */
import { ShapeError } from '@fpml/core';

/** Number of elements of a shape (1 for the scalar shape `[]`). */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** `[2,3]`, the way shapes appear in error messages. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

/** Row-major strides of a shape. */
export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}

/** Resolve a possibly negative axis against `rank`. @throws ShapeError when out of range. */
export function normAxis(axis: number, rank: number, op: string, shape: readonly number[]): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new ShapeError(`${op}: axis ${axis} is out of range for shape ${formatShape(shape)}`);
  }
  return axis < 0 ? axis + rank : axis;
}

/** Resolve `undefined` (all axes), one axis or a list of axes to a sorted list without repeats. */
export function normAxes(axis: number | readonly number[] | undefined, shape: readonly number[], op: string): number[] {
  const rank = shape.length;
  if (axis === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axis === 'number' ? [axis] : Array.from(axis);
  const out = [...new Set(list.map((a) => normAxis(a, rank, op, shape)))].sort((a, b) => a - b);
  if (out.length !== list.length) throw new ShapeError(`${op}: repeated axis in [${list.join(',')}]`);
  return out;
}
