/**
 * KMeans against frozen scikit-learn 1.2.1 (scripts/oracles/freeze_cluster.py): iris, wine
 * (standardized), digits, blobs.
 */
import { gatherRows } from '@fpml/core';
import { expectClose } from '@fpml/core/testing';
import { describe, expect, it } from 'vitest';
import { type DatasetName, dataFixture, dataset, fixture, maxAbsDiff } from './fixtures.test-utils.js';
import { KMeans } from './kmeans.js';
import { agreementTable } from './agreement.test-utils.js';

const table = agreementTable('KMeans vs scikit-learn 1.2.1: largest errors (explicit init) and best-of-10 inertia ratios');

interface Explicit {
  dataset: DatasetName;
  nClusters: number;
  initRows?: number[];
  init?: number[][];
  algorithm: 'lloyd' | 'elkan';
  maxIter: number;
  tol: number;
  sampleWeight?: number[];
  clusterCenters: number[][];
  labels: number[];
  inertia: number;
  nIter: number;
  predict: number[];
  transform: number[][];
  score: number;
  afterOneIteration?: { clusterCenters: number[][]; labels: number[]; inertia: number };
}
interface Best {
  dataset: DatasetName;
  nClusters: number;
  nInit: number;
  inertia: number;
  singleInitInertias: number[];
}
const fx = fixture<{ meta: { sklearn: string }; best: Best[]; explicit: Explicit[] }>('kmeans.json');

describe('KMeans vs scikit-learn: explicit init', () => {
  it('was frozen from scikit-learn 1.2.1, on the data we load', () => {
    expect(fx.meta.sklearn).toBe('1.2.1');
    for (const [name, ref] of Object.entries(dataFixture.checksums)) {
      if (name === 'wineRaw') continue;
      const X = dataset(name as DatasetName).X;
      expect(X.shape).toEqual([ref.rows, ref.cols]);
      expectClose(X.data.reduce((s, v) => s + v, 0), ref.sum, { rtol: 1e-13, name: `${name} sum` });
    }
  });

  for (const c of fx.explicit) {
    const what = `${c.dataset} k=${c.nClusters} ${c.algorithm} maxIter=${c.maxIter} tol=${c.tol}${c.sampleWeight ? ' weighted' : ''}${c.init ? ' (given init)' : ''}`;
    it(`${what}: identical labels and nIter, centers/inertia to 1e-10`, () => {
      const { X } = dataset(c.dataset);
      const init = c.init ?? gatherRows(X, c.initRows!);
      const km = new KMeans({ nClusters: c.nClusters, init, nInit: 1, maxIter: c.maxIter, tol: c.tol, algorithm: c.algorithm });
      km.fit(X, null, c.sampleWeight ?? null);
      expect(Array.from(km.labels)).toEqual(c.labels);
      expect(km.nIter).toBe(c.nIter);
      const scale = Math.max(1, ...c.clusterCenters.flat().map(Math.abs));
      const probe = dataFixture.probes[c.dataset];
      table.note('centers: max |Δ| / max(1, max |c|)', maxAbsDiff(km.clusterCenters, c.clusterCenters) / scale);
      table.note('inertia: relative error', Math.abs(km.inertia - c.inertia) / c.inertia);
      table.note('transform (probe rows): max |Δ| / max(1, max |c|)', maxAbsDiff(km.transform(probe), c.transform) / scale);
      table.note('score (probe rows): relative error', Math.abs(km.score(probe) - c.score) / Math.abs(c.score));
      table.count('explicit-init runs compared (labels and nIter identical)');
      expect(maxAbsDiff(km.clusterCenters, c.clusterCenters)).toBeLessThanOrEqual(1e-10 * scale);
      expectClose(km.inertia, c.inertia, { rtol: 1e-10, name: 'inertia' });
      expect(Array.from(km.predict(probe))).toEqual(c.predict);
      expectClose(km.transform(probe), c.transform, { rtol: 1e-10, atol: 1e-10 * scale, name: 'transform' });
      expectClose(km.score(probe), c.score, { rtol: 1e-10, name: 'score' });
      if (c.afterOneIteration) {
        const one = new KMeans({ nClusters: c.nClusters, init, nInit: 1, maxIter: 1, tol: 0 }).fit(X);
        expect(Array.from(one.labels)).toEqual(c.afterOneIteration.labels);
        expect(maxAbsDiff(one.clusterCenters, c.afterOneIteration.clusterCenters)).toBeLessThanOrEqual(1e-10 * scale);
      }
    });
  }
});

describe('KMeans vs scikit-learn: best of 10 k-means++ inits', () => {
  // Our k-means++ draws from fpml's Rng, not NumPy's Mersenne Twister, so the runs differ; what
  // must agree is the quality of the best of 10. Seed pinned to 0 (the value is a statistical
  // property of 10 random restarts, not an identity; docs/level2-classical/clustering.md lists seeds 0-9).
  for (const c of fx.best) {
    it(`${c.dataset} k=${c.nClusters}: inertia within 1% of scikit-learn's best of ${c.nInit}`, () => {
      const km = new KMeans({ nClusters: c.nClusters, nInit: c.nInit, seed: 0 }).fit(dataset(c.dataset).X);
      table.note(`best of 10, ${c.dataset}: fpml inertia / scikit-learn inertia − 1`, km.inertia / c.inertia - 1);
      expect(km.inertia).toBeLessThanOrEqual(1.01 * c.inertia);
    });
  }
});

