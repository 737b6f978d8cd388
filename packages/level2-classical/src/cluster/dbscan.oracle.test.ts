/**
 * DBSCAN against frozen scikit-learn 1.2.1 (scripts/oracles/freeze_cluster.py): iris, wine
 * (standardized), digits, blobs; Euclidean and Manhattan; one case with sample weights.
 */
import { describe, expect, it } from 'vitest';
import { DBSCAN } from './dbscan.js';
import { type DatasetName, dataset, fixture } from './fixtures.test-utils.js';
import { agreementTable } from './agreement.test-utils.js';

const table = agreementTable('DBSCAN vs scikit-learn 1.2.1');

interface Case {
  dataset: DatasetName;
  metric: 'euclidean' | 'manhattan';
  eps: number;
  minSamples: number;
  margin: number;
  sampleWeight?: number[];
  labels: number[];
  coreSampleIndices: number[];
}
const fx = fixture<{ meta: { sklearn: string }; cases: Case[] }>('dbscan.json');

describe('DBSCAN vs scikit-learn', () => {
  it('was frozen from scikit-learn 1.2.1', () => expect(fx.meta.sklearn).toBe('1.2.1'));
  for (const c of fx.cases) {
    const what = `${c.dataset} ${c.metric} eps=${c.eps} minSamples=${c.minSamples}${c.sampleWeight ? ' weighted' : ''} (closest pair distance to eps: ${c.margin.toPrecision(2)})`;
    // Both searches on every dataset but digits, where the k-d tree (64 features) only slows down
    // to brute force; their equality is also a property test in dbscan.test.ts.
    for (const algorithm of c.dataset === 'digits' ? (['brute'] as const) : (['kd_tree', 'brute'] as const)) {
      it(`${what}, ${algorithm}: identical labels, core samples and components`, () => {
        const { X } = dataset(c.dataset);
        const db = new DBSCAN({ eps: c.eps, minSamples: c.minSamples, metric: c.metric, algorithm }).fit(X, null, c.sampleWeight ?? null);
        table.count('runs compared (labels, core samples, components identical)');
        if (c.margin === 0) table.count('of which with a pair exactly eps apart (neighbour test on the boundary)');
        expect(Array.from(db.labels)).toEqual(c.labels);
        expect(Array.from(db.coreSampleIndices)).toEqual(c.coreSampleIndices);
        expect(db.components.toArray()).toEqual(c.coreSampleIndices.map((i) => Array.from(X.row(i))));
      });
    }
  }
});
