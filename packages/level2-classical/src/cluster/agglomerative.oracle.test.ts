/**
 * AgglomerativeClustering against frozen scikit-learn 1.2.1 (scripts/oracles/freeze_cluster.py):
 * the four linkages on iris, wine (standardized), the first 1000 digits and blobs; Manhattan for
 * complete/average/single; distanceThreshold cuts.
 */
import { rowRange } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import { AgglomerativeClustering } from './agglomerative.js';
import { type DatasetName, dataset, fixture } from './fixtures.test-utils.js';
import type { Linkage, LinkageMetric } from './linkage.js';
import { agreementTable } from './agreement.test-utils.js';

const table = agreementTable('AgglomerativeClustering vs scikit-learn 1.2.1: largest merge-height error per linkage (children and labels compared exactly)');

interface Case {
  dataset: DatasetName;
  rows?: number;
  linkage: Linkage;
  metric: LinkageMetric;
  nClusters: number | null;
  distanceThreshold?: number;
  children: number[][];
  distances: number[];
  labels: number[];
  nLeaves: number;
  nClustersFitted: number;
}
const fx = fixture<{ meta: { sklearn: string }; cases: Case[] }>('agglomerative.json');

describe('AgglomerativeClustering vs scikit-learn', () => {
  it('was frozen from scikit-learn 1.2.1', () => expect(fx.meta.sklearn).toBe('1.2.1'));
  for (const c of fx.cases) {
    const what = `${c.dataset}${c.rows ? `[:${c.rows}]` : ''} ${c.linkage} ${c.metric} ${c.distanceThreshold === undefined ? `nClusters=${c.nClusters}` : `distanceThreshold=${c.distanceThreshold}`}`;
    it(`${what}: identical children, labels; distances to 1e-12`, () => {
      const full = dataset(c.dataset).X;
      const X = c.rows ? rowRange(full, 0, c.rows) : full;
      const ag = new AgglomerativeClustering({
        nClusters: c.nClusters, linkage: c.linkage, metric: c.metric, distanceThreshold: c.distanceThreshold ?? null, computeDistances: true,
      }).fit(X);
      expect(ag.nLeaves).toBe(c.nLeaves);
      expect(ag.nClusters).toBe(c.nClustersFitted);
      expect(ag.children).toEqual(c.children);
      const dist = ag.distances!;
      let worst = 0;
      c.distances.forEach((v, s) => (worst = Math.max(worst, Math.abs(dist[s]! - v) / Math.max(1, v))));
      table.note(`${c.linkage} (${c.metric}): distances max |Δ| / max(1, h)`, worst);
      expect(worst).toBeLessThanOrEqual(1e-12);
      expect(Array.from(ag.labels)).toEqual(c.labels);
    });
  }
});
