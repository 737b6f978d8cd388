/**
 * Label propagation and spectral clustering on Zachary's karate club against scikit-learn 1.2
 * (LabelSpreading with the adjacency as kernel, SpectralClustering on the precomputed
 * affinity) and hand computations in numpy/scipy (scripts/oracles/freeze_gnn.py).
 */
import { InvalidInputError, InvalidParamError, ShapeError } from '@fpml/core';
import { loadKarateClub } from '@fpml/datasets';
import { describe, expect, it } from 'vitest';
import oracle from './__fixtures__/gnn_baselines_sklearn.json' with { type: 'json' };
import { graphFromEdges } from './graph.js';
import { labelPropagation } from './label-propagation.js';
import { spectralClustering, spectralEmbedding } from './spectral-clustering.js';

const karate = loadKarateClub();
const G = graphFromEdges(karate.nNodes, karate.edges);
const seeds = Int32Array.from({ length: 34 }, (_, i) => (i === 0 ? 0 : i === 33 ? 1 : -1));
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};
/** Same partition up to relabelling. */
const samePartition = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  const map = new Map<number, number>();
  const inv = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    if ((map.get(a[i]!) ?? b[i]!) !== b[i]! || (inv.get(b[i]!) ?? a[i]!) !== a[i]!) return false;
    map.set(a[i]!, b[i]!);
    inv.set(b[i]!, a[i]!);
  }
  return true;
};

describe('labelPropagation (Zhou et al. 2004)', () => {
  for (const c of oracle.labelSpreading) {
    it(`alpha ${c.alpha}: closed form = scikit-learn LabelSpreading and numpy's solve; 25 iterations = numpy's`, () => {
      const cf = labelPropagation(G, seeds, { alpha: c.alpha });
      expect(maxDiff(cf.distributions.data, c.sklearnDistributions.data)).toBeLessThan(1e-10);
      expect(maxDiff(cf.distributions.data, c.closedForm.data)).toBeLessThan(1e-12);
      expect(Array.from(cf.predictions)).toEqual(c.sklearnTransduction);
      const it25 = labelPropagation(G, seeds, { alpha: c.alpha, method: 'iterative', maxIter: 25, tol: 1e-300 });
      expect(it25.iterations).toBe(25);
      expect(it25.converged).toBe(false);
      expect(maxDiff(it25.distributions.data, c.iter25.data)).toBeLessThan(1e-12);
      const conv = labelPropagation(G, seeds, { alpha: c.alpha, method: 'iterative', tol: 1e-13, maxIter: 100000 });
      expect(conv.converged).toBe(true);
      expect(maxDiff(conv.distributions.data, cf.distributions.data)).toBeLessThan(1e-9);
    });
  }

  it('keeps a zero row (prediction -1) for a node no label reaches, and rejects bad input', () => {
    const g = graphFromEdges(4, [[0, 1], [2, 3]]);
    const r = labelPropagation(g, [0, -1, -1, -1], { numClasses: 2 });
    expect(Array.from(r.predictions)).toEqual([0, 0, -1, -1]);
    expect(() => labelPropagation(g, [0, -1, -1], {})).toThrow(ShapeError);
    expect(() => labelPropagation(g, [-1, -1, -1, -1])).toThrow(InvalidInputError);
    expect(() => labelPropagation(g, [0.5, -1, -1, -1])).toThrow(/labels\[0\]/);
    expect(() => labelPropagation(g, [0, -1, -1, -1], { alpha: 1 })).toThrow(InvalidParamError);
    expect(() => labelPropagation(g, [0, -1, -1, 1], { numClasses: 1 })).toThrow(/numClasses/);
  });
});

describe('spectral clustering', () => {
  for (const c of oracle.spectral) {
    it(`k = ${c.k}: eigenvalues and D^-1/2-scaled eigenvectors = scipy's eigh; clusters = scikit-learn SpectralClustering`, () => {
      const { embedding, eigenvalues } = spectralEmbedding(G, c.k);
      expect(maxDiff(eigenvalues, c.eigenvalues.data)).toBeLessThan(1e-12);
      expect(maxDiff(embedding.data, c.embedding.data)).toBeLessThan(1e-10);
      expect(samePartition(spectralClustering(G, c.k, { seed: 0 }), c.sklearnLabels)).toBe(true);
    });
  }

  it('row-normalised (NJW) embedding has unit rows; bad k is a typed error', () => {
    const { embedding } = spectralEmbedding(G, 2, { embedding: 'row' });
    for (let i = 0; i < 34; i++) expect(Math.hypot(embedding.data[2 * i]!, embedding.data[2 * i + 1]!)).toBeCloseTo(1, 12);
    expect(() => spectralEmbedding(G, 0)).toThrow(InvalidParamError);
    expect(() => spectralEmbedding(G, 35)).toThrow(/1\.\.34/);
  });
});
