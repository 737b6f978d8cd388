/**
 * PCA against frozen scikit-learn 1.2.1 (scripts/oracles/freeze_pca.py): iris, wine, digits.
 */
import { readFileSync } from 'node:fs';
import { Matrix } from '@fpml/core';
import { expectClose } from '@fpml/core/testing';
import { loadDigits, loadIris, loadWine } from '@fpml/datasets';
import { describe, expect, it } from 'vitest';
import { PCA } from './pca.js';
import type { PCAOptions } from './pca-params.js';

interface Case {
  dataset: 'iris' | 'wine' | 'digits';
  params: PCAOptions;
  nComponents: number;
  components: number[][];
  explainedVariance: number[];
  explainedVarianceRatio: number[];
  singularValues: number[];
  mean: number[];
  noiseVariance: number;
  transform: number[][];
  inverseTransform: number[][];
}
interface Fixture {
  meta: { sklearn: string };
  data: Record<string, { rows: number; cols: number; sum: number; sumSquares: number }>;
  probes: Record<string, number[][]>;
  cases: Case[];
  randomized: Case[];
}

const fx = JSON.parse(readFileSync(new URL('./__fixtures__/pca.json', import.meta.url), 'utf8')) as Fixture;
const data: Record<string, Matrix> = { iris: loadIris().X, wine: loadWine().X, digits: loadDigits().X };
const TOL = 1e-10;
const label = (c: Case) => `${c.dataset} ${JSON.stringify(c.params)}`;

/** Components whose singular value is separated from every other one (and from 0) by ≥ 1e-6 σ₁: the rest are not unique. */
function determined(S: number[]): boolean[] {
  return S.map((s, i) => S.every((t, j) => j === i || Math.abs(s - t) > 1e-6 * S[0]!) && s > 1e-6 * S[0]!);
}

describe('PCA vs scikit-learn (full solver)', () => {
  it('loads the same data the oracle used', () => {
    expect(fx.meta.sklearn).toBe('1.2.1');
    for (const [name, X] of Object.entries(data)) {
      const ref = fx.data[name]!;
      expect(X.shape).toEqual([ref.rows, ref.cols]);
      expectClose(X.data.reduce((s, v) => s + v, 0), ref.sum, { rtol: 1e-13, name: `${name} sum` });
      expectClose(X.data.reduce((s, v) => s + v * v, 0), ref.sumSquares, { rtol: 1e-13, name: `${name} sum of squares` });
    }
  });

  for (const c of fx.cases) {
    it(`${label(c)}: fitted attributes to 1e-10, components with sklearn's signs`, () => {
      const pca = new PCA(c.params).fit(data[c.dataset]!);
      expect(pca.nComponents).toBe(c.nComponents);
      expect(pca.fitSvdSolver).toBe('full');
      const scaleEv = c.explainedVariance[0]!;
      expectClose(pca.explainedVariance, c.explainedVariance, { rtol: TOL, atol: TOL * scaleEv, name: 'explainedVariance' });
      expectClose(pca.explainedVarianceRatio, c.explainedVarianceRatio, { rtol: TOL, atol: TOL, name: 'explainedVarianceRatio' });
      expectClose(pca.singularValues, c.singularValues, { rtol: TOL, atol: TOL * c.singularValues[0]!, name: 'singularValues' });
      expectClose(pca.mean, c.mean, { rtol: TOL, atol: TOL, name: 'mean' });
      expectClose(pca.noiseVariance, c.noiseVariance, { rtol: TOL, atol: TOL * scaleEv, name: 'noiseVariance' });
      // Components: exact sign match (svd_flip) where the direction is unique. Only digits with all
      // 64 components has non-unique ones (3 zero singular values: constant pixels).
      const ok = determined(c.singularValues);
      const C = pca.components.toArray();
      let compared = 0;
      for (let r = 0; r < c.nComponents; r++) {
        if (!ok[r]) continue;
        compared++;
        expectClose(C[r], c.components[r], { rtol: 0, atol: TOL, name: `components[${r}]` });
      }
      expect(compared).toBeGreaterThanOrEqual(c.nComponents - 3);
      // Transform of the probe rows (training rows and unseen perturbed rows), on the unique components.
      const Z = pca.transform(fx.probes[c.dataset]!).toArray();
      const zScale = Math.max(...c.transform.flat().map(Math.abs));
      for (let r = 0; r < c.nComponents; r++) {
        if (!ok[r]) continue;
        expectClose(Z.map((z) => z[r]), c.transform.map((z) => z[r]), { rtol: 0, atol: TOL * zScale, name: `transform[:, ${r}]` });
      }
      // inverseTransform(transform(x)) is the projection onto the fitted affine subspace, which
      // does not depend on the basis chosen for it (digits' null space included).
      const back = pca.inverseTransform(pca.transform(fx.probes[c.dataset]!));
      const xScale = Math.max(...c.inverseTransform.flat().map(Math.abs));
      expectClose(back, c.inverseTransform, { rtol: 0, atol: TOL * xScale, name: 'inverseTransform' });
      if (ok.slice(0, c.nComponents).every(Boolean)) {
        expectClose(pca.inverseTransform(c.transform), c.inverseTransform, { rtol: 0, atol: TOL * xScale, name: "inverseTransform of sklearn's scores" });
      }
    });
  }

  it('nested components: PCA(k) is the first k rows of PCA(all), bit for bit', () => {
    const all = new PCA().fit(data.wine!);
    const k4 = new PCA({ nComponents: 4 }).fit(data.wine!);
    expect(Array.from(k4.components.data)).toEqual(Array.from(all.components.data.subarray(0, 4 * 13)));
    expect(Array.from(k4.explainedVariance)).toEqual(Array.from(all.explainedVariance.subarray(0, 4)));
  });
});

describe('PCA vs scikit-learn (randomized solver)', () => {
  const full = (c: Case) => new PCA({ nComponents: null, svdSolver: 'full' }).fit(data[c.dataset]!);

  for (const c of fx.randomized) {
    it(`${label(c)}: total variance exact, leading spectrum as accurate as sklearn's own draw`, () => {
      const X = data[c.dataset]!;
      const pca = new PCA(c.params).fit(X);
      expect(pca.fitSvdSolver).toBe('randomized');
      expect(pca.nComponents).toBe(c.nComponents);
      expectClose(pca.mean, c.mean, { rtol: TOL, atol: TOL, name: 'mean' });
      const ref = full(c);
      const r = Math.min(X.rows, X.cols);
      const ev = pca.explainedVariance;
      // Σλ_kept + (r − k)·noise = total variance, whatever the random draw.
      const total = ref.explainedVariance.reduce((s, v) => s + v, 0);
      const kept = ev.reduce((s, v) => s + v, 0);
      expectClose(kept + (r - c.nComponents) * pca.noiseVariance, total, { rtol: TOL, name: 'total variance' });
      expectClose(kept / total, pca.explainedVarianceRatio.reduce((s, v) => s + v, 0), { rtol: TOL, name: 'ratio = λ / total' });
      // The randomized answer is approximate: ours may be off the exact one by at most 10× what
      // sklearn's own (differently drawn) answer is off it, or 1e-9 relative.
      const exact = ref.explainedVariance.subarray(0, c.nComponents);
      for (let i = 0; i < c.nComponents; i++) {
        const theirs = Math.abs(c.explainedVariance[i]! - exact[i]!);
        expect(Math.abs(ev[i]! - exact[i]!)).toBeLessThanOrEqual(Math.max(10 * theirs, 1e-9 * exact[i]!));
        expect(ev[i]!).toBeLessThanOrEqual(exact[i]! * (1 + 1e-12)); // a Ritz value never overshoots
      }
    });
  }

  it('with enough power iterations it reproduces the full solver (and so sklearn) to 1e-9', () => {
    const c = fx.cases.find((x) => x.dataset === 'digits' && x.params.nComponents === 10)!;
    const pca = new PCA({ nComponents: 10, svdSolver: 'randomized', iteratedPower: 30, powerIterationNormalizer: 'qr', seed: 3 }).fit(data.digits!);
    expectClose(pca.singularValues, c.singularValues, { rtol: 1e-9, name: 'singularValues' });
    expectClose(pca.explainedVarianceRatio, c.explainedVarianceRatio, { rtol: 1e-9, name: 'explainedVarianceRatio' });
    expectClose(pca.components, Matrix.from(c.components), { rtol: 0, atol: 1e-7, name: 'components (signs by svd_flip)' });
    expect(pca.transform(fx.probes.digits!).shape).toEqual([fx.probes.digits!.length, 10]);
  });
});
