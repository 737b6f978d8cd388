import { describe, expect, it } from 'vitest';
import { Matrix, NotFoundError } from '@fpml/core';
import { listDatasets, loadDataset, type DatasetInfo } from './registry.js';

const NAMES = [
  'iris', 'wine', 'breast-cancer', 'digits', 'diabetes', 'german-credit', 'fashion-mnist', 'moby-dick',
  'karate-club', 'air-passengers', 'co2-mauna-loa', 'lalonde-nsw', 'lalonde-psid',
];

/** The shape a loaded dataset actually has, in the catalogue's convention for its kind. */
function actualShape(info: DatasetInfo, ds: unknown): number[] {
  const d = ds as Record<string, unknown>;
  switch (info.kind) {
    case 'text':
      return [[...(d['text'] as string)].length];
    case 'graph':
      return [d['nNodes'] as number, d['nEdges'] as number];
    case 'time-series':
      return [(d['values'] as Float64Array).length];
    default:
      return (d['X'] as Matrix).shape;
  }
}

describe('dataset registry', () => {
  it('lists every bundled dataset with kind, shape and license', () => {
    const list = listDatasets();
    expect(list.map((d) => d.name)).toEqual(NAMES);
    for (const d of list) {
      expect(d.license.length).toBeGreaterThan(5);
      expect(d.shape.every((s) => Number.isInteger(s) && s > 0)).toBe(true);
    }
  });

  it('loads each dataset by name with the shape the list announces', () => {
    for (const info of listDatasets()) {
      const ds = loadDataset(info.name);
      expect(actualShape(info, ds), info.name).toEqual(info.shape);
    }
  });

  it('returns copies of the listing', () => {
    listDatasets()[0]!.shape[0] = -1;
    expect(listDatasets()[0]!.shape[0]).toBe(150);
  });

  it('rejects an unknown name, listing the available ones', () => {
    expect(() => loadDataset('mnist')).toThrow(NotFoundError);
    expect(() => loadDataset('mnist')).toThrow(`unknown dataset 'mnist'; available: ${NAMES.join(', ')}`);
  });
});
