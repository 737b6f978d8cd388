/**
 * Clustering metrics against frozen scikit-learn 1.2.1 (scripts/oracles/freeze_cluster.py).
 */
import { expectClose } from '@fpml/core/testing';
import { describe, expect, it } from 'vitest';
import { type DatasetName, dataset, fixture } from './fixtures.test-utils.js';
import { calinskiHarabaszScore, daviesBouldinScore } from './internal-indices.js';
import { adjustedMutualInfoScore } from './mutual-info.js';
import { adjustedRandScore, randScore } from './rand-index.js';
import { silhouetteSamples, silhouetteScore } from './silhouette.js';
import { agreementTable } from './agreement.test-utils.js';

const table = agreementTable('clustering metrics vs scikit-learn 1.2.1: largest errors');
const rel = (a: number, b: number) => (a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(b), 1e-300));

interface Sil {
  dataset: DatasetName;
  labels: 'truth' | 'kmeans';
  score: number;
  samples: number[] | null;
  scorePrecomputed: number;
  samplesPrecomputed: number[] | null;
  scoreManhattan: number;
  calinskiHarabasz: number;
  daviesBouldin: number;
}
interface Pair {
  name: string;
  dataset?: DatasetName;
  a: number[] | null;
  b: number[] | null;
  ari: number;
  rand: number;
  ami: number;
  amiMax: number;
  amiMin: number;
  amiGeometric: number;
}
const fx = fixture<{ meta: { sklearn: string }; kmeansLabels: Record<DatasetName, number[]>; silhouette: Sil[]; pairs: Pair[] }>('metrics.json');

describe('silhouette, Calinski–Harabasz, Davies–Bouldin vs scikit-learn', () => {
  it('was frozen from scikit-learn 1.2.1', () => expect(fx.meta.sklearn).toBe('1.2.1'));
  for (const c of fx.silhouette) {
    it(`${c.dataset} (${c.labels} labels)`, () => {
      const { X, y } = dataset(c.dataset);
      const labels = c.labels === 'truth' ? y : fx.kmeansLabels[c.dataset];
      const score = silhouetteScore(X, labels);
      table.note('silhouetteScore vs scikit-learn on exact (precomputed) distances: |Δ|', Math.abs(score - c.scorePrecomputed));
      table.note("silhouetteScore vs scikit-learn's default (norm-expansion) path: |Δ|", Math.abs(score - c.score));
      if (c.samplesPrecomputed) table.note('silhouetteSamples vs precomputed: max |Δ|', Math.max(...Array.from(silhouetteSamples(X, labels), (v, i) => Math.abs(v - c.samplesPrecomputed![i]!))));
      table.note('silhouetteScore manhattan: |Δ|', Math.abs(silhouetteScore(X, labels, { metric: 'manhattan' }) - c.scoreManhattan));
      table.note('calinskiHarabaszScore: relative', rel(calinskiHarabaszScore(X, labels), c.calinskiHarabasz));
      table.note('daviesBouldinScore: relative', rel(daviesBouldinScore(X, labels), c.daviesBouldin));
      // Exact distances agree with scikit-learn's exact (precomputed) path to 1e-12.
      expectClose(score, c.scorePrecomputed, { rtol: 1e-12, atol: 1e-12, name: 'silhouetteScore vs precomputed' });
      if (c.samplesPrecomputed) expectClose(silhouetteSamples(X, labels), c.samplesPrecomputed, { rtol: 0, atol: 1e-12, name: 'silhouetteSamples' });
      // scikit-learn's default path computes distances as sqrt(|x|² − 2x·y + |y|²): not identical distances, the same score to 1e-12 here.
      expectClose(score, c.score, { rtol: 1e-12, atol: 1e-12, name: 'silhouetteScore vs default path' });
      expectClose(silhouetteScore(X, labels, { metric: 'manhattan' }), c.scoreManhattan, { rtol: 1e-12, atol: 1e-12, name: 'manhattan' });
      expectClose(calinskiHarabaszScore(X, labels), c.calinskiHarabasz, { rtol: 1e-12, name: 'calinskiHarabasz' });
      expectClose(daviesBouldinScore(X, labels), c.daviesBouldin, { rtol: 1e-12, name: 'daviesBouldin' });
    });
  }
});

describe('ARI, Rand index, AMI vs scikit-learn', () => {
  for (const p of fx.pairs) {
    it(p.name, () => {
      const a = p.dataset ? dataset(p.dataset).y : p.a!;
      const b = p.dataset ? fx.kmeansLabels[p.dataset] : p.b!;
      table.note('adjustedRandScore: |Δ|', Math.abs(adjustedRandScore(a, b) - p.ari));
      table.note('randScore: |Δ|', Math.abs(randScore(a, b) - p.rand));
      table.note('adjustedMutualInfoScore (4 averages): max |Δ|', Math.max(...(['arithmetic', 'max', 'min', 'geometric'] as const).map((m, q) => Math.abs(adjustedMutualInfoScore(a, b, { averageMethod: m }) - [p.ami, p.amiMax, p.amiMin, p.amiGeometric][q]!))));
      expectClose(adjustedRandScore(a, b), p.ari, { rtol: 1e-12, atol: 1e-15, name: 'ari' });
      expectClose(randScore(a, b), p.rand, { rtol: 1e-12, name: 'rand' });
      expectClose(adjustedMutualInfoScore(a, b), p.ami, { rtol: 1e-10, atol: 1e-12, name: 'ami' });
      expectClose(adjustedMutualInfoScore(a, b, { averageMethod: 'max' }), p.amiMax, { rtol: 1e-10, atol: 1e-12, name: 'ami max' });
      expectClose(adjustedMutualInfoScore(a, b, { averageMethod: 'min' }), p.amiMin, { rtol: 1e-10, atol: 1e-12, name: 'ami min' });
      expectClose(adjustedMutualInfoScore(a, b, { averageMethod: 'geometric' }), p.amiGeometric, { rtol: 1e-10, atol: 1e-12, name: 'ami geometric' });
    });
  }
});
