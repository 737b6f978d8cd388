/**
 * Test helpers of the cluster family: the frozen scikit-learn fixtures
 * (scripts/oracles/freeze_cluster.py) and the datasets they were made from.
 */
import { readFileSync } from 'node:fs';
import { Matrix } from '@fpml/core';
import { loadDigits, loadIris, loadWine } from '@fpml/datasets';

export type DatasetName = 'iris' | 'wine' | 'digits' | 'blobs';

/** Parse `__fixtures__/<name>` next to this file. */
export function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8')) as T;
}

interface DataFixture {
  meta: { sklearn: string };
  checksums: Record<string, { rows: number; cols: number; sum: number; sumSquares: number }>;
  wineStd: number[][];
  blobs: number[][];
  blobsY: number[];
  probes: Record<DatasetName, number[][]>;
}

export const dataFixture = fixture<DataFixture>('cluster-data.json');

const cache = new Map<DatasetName, { X: Matrix; y: Int32Array }>();

/** The four datasets the oracles used: iris, wine standardized (frozen), digits, blobs (frozen). */
export function dataset(name: DatasetName): { X: Matrix; y: Int32Array } {
  let v = cache.get(name);
  if (v === undefined) {
    if (name === 'iris') v = loadIris();
    else if (name === 'digits') v = loadDigits();
    else if (name === 'wine') v = { X: Matrix.from(dataFixture.wineStd), y: loadWine().y };
    else v = { X: Matrix.from(dataFixture.blobs), y: Int32Array.from(dataFixture.blobsY) };
    cache.set(name, { X: v.X, y: v.y });
  }
  return { X: v.X, y: v.y };
}

/** Max |a − b| over two equal-length numeric arrays (nested arrays and Matrices are flattened). */
export function maxAbsDiff(a: unknown, b: unknown): number {
  const fa = flat(a), fb = flat(b);
  if (fa.length !== fb.length) throw new Error(`length ${fa.length} vs ${fb.length}`);
  let m = 0;
  for (let i = 0; i < fa.length; i++) m = Math.max(m, Math.abs(fa[i]! - fb[i]!));
  return m;
}

/** Flatten numbers, typed arrays, Matrices and nested arrays into one number[]. */
export function flat(v: unknown): number[] {
  if (typeof v === 'number') return [v];
  if (v instanceof Matrix) return Array.from(v.data);
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>);
  if (Array.isArray(v)) return v.flatMap(flat);
  throw new Error(`cannot flatten ${String(v)}`);
}
