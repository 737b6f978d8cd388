/**
 * LinearScm: the Primer's counterfactual (Pearl, Glymour & Jewell 2016, §4.2.3: Joe's score had
 * he done twice the homework, 1.90), consistency, the path-product ATE against an explicit path
 * enumeration, exact moments against sampling, the ATE by sampling two interventions within MC
 * error, common random numbers, the frontdoor and bow graphs in linear form, typed errors.
 *
 * Seeds are fixed for reproducibility, not tuned: each statistical check allows 5.5 standard
 * errors computed from the model's exact moments (two-sided normal tail 3.8e-8 per check).
 */
import { InvalidInputError, InvalidParamError, Rng } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import { NotIdentifiableError } from '../graph/errors.js';
import { identifyEffect } from '../graph/identify.js';
import { LinearScm } from './linear-scm.js';

const Z = 5.5;
const mean = (a: Float64Array): number => a.reduce((s, v) => s + v, 0) / a.length;

// Primer §4.2.3: X = encouragement, H = homework, Y = exam score.
const primer = LinearScm.from({ graph: 'X -> H -> Y; X -> Y', coefficients: { 'X -> H': 0.5, 'H -> Y': 0.4, 'X -> Y': 0.7 } });

describe('LinearScm: counterfactuals', () => {
  it("Joe (X = 0.5, H = 1, Y = 1.5): had he done H = 2, Y would be 1.90", () => {
    const cf = primer.counterfactual({ X: 0.5, H: 1, Y: 1.5 }, { H: 2 });
    expect(cf.X).toBe(0.5);
    expect(cf.H).toBe(2);
    expect(Math.abs(cf.Y! - 1.9)).toBeLessThan(1e-12);
  });

  it('consistency: intervening on the observed value returns the unit; batches agree with single units', () => {
    const unit = { X: -0.3, H: 0.8, Y: 2.1 };
    const same = primer.counterfactual(unit, { X: -0.3 });
    for (const k of ['X', 'H', 'Y'] as const) expect(Math.abs(same[k]! - unit[k])).toBeLessThan(1e-12);
    const batch = primer.counterfactuals({ X: [0.5, -0.3], H: [1, 0.8], Y: [1.5, 2.1] }, { X: 1 });
    const one = primer.counterfactual(unit, { X: 1 });
    expect(batch.Y![1]).toBe(one.Y);
    // Changing X by 1 moves Y by the total effect 0.7 + 0.5 · 0.4 for every unit.
    expect(Math.abs(one.Y! - unit.Y - 1.3 * 0.9)).toBeLessThan(1e-12);
  });
});

describe('LinearScm: exact effects', () => {
  const scm = LinearScm.from({
    graph: 'Z -> X; X -> M -> Y; X -> Y; Z -> Y; Z -> M',
    coefficients: { 'Z -> X': 0.8, 'X -> M': 1.5, 'M -> Y': -0.6, 'X -> Y': 2, 'Z -> Y': 1.2, 'Z -> M': 0.3 },
    intercepts: { Y: 3 },
    noiseStd: { X: 0.5, M: 1, Y: 2 },
  });

  it('the total effect is the sum over directed paths of coefficient products', () => {
    const paths = scm.directedPaths('X', 'Y');
    expect(paths.map((p) => p.path.join('>'))).toEqual(['X>M>Y', 'X>Y']);
    const sum = paths.reduce((s, p) => s + p.product, 0);
    expect(Math.abs(sum - (2 + 1.5 * -0.6))).toBeLessThan(1e-15);
    expect(Math.abs(scm.totalEffect('X', 'Y') - sum)).toBeLessThan(1e-15);
    expect(scm.ate('X', 'Y', { treated: 3, control: 1 })).toBeCloseTo(2 * sum, 14);
    expect(scm.totalEffect('Y', 'X')).toBe(0);
    // Under do(M), X no longer reaches Y through M.
    expect(scm.do({ M: 0 }).totalEffect('X', 'Y')).toBe(2);
  });

  it('exact moments match the sample (means and covariances within 5.5 SE)', () => {
    const n = 20_000;
    const data = scm.sample(n, new Rng(1));
    const { nodes, mean: mu, cov } = scm.moments();
    const V = nodes.length;
    for (let a = 0; a < V; a++) {
      const xa = data[nodes[a]!]!;
      const saa = cov.get(a, a);
      expect(Math.abs(mean(xa) - mu[a]!)).toBeLessThan(Z * Math.sqrt(saa / n));
      for (let b = 0; b <= a; b++) {
        const xb = data[nodes[b]!]!;
        const ma = mean(xa), mb = mean(xb);
        let c = 0;
        for (let i = 0; i < n; i++) c += (xa[i]! - ma) * (xb[i]! - mb);
        c /= n - 1;
        const se = Math.sqrt((saa * cov.get(b, b) + cov.get(a, b) ** 2) / n); // Gaussian: Var(s_ab) ≈ (σ_aa σ_bb + σ_ab²)/n
        expect(Math.abs(c - cov.get(a, b))).toBeLessThan(Z * se);
      }
    }
  });

  it('the ATE from two independent interventional samples agrees with the exact value within MC error', () => {
    const n = 20_000;
    const ate = scm.ate('X', 'Y');
    const m1 = scm.do({ X: 1 }), m0 = scm.do({ X: 0 });
    const y1 = m1.sample(n, new Rng(2)).Y!, y0 = m0.sample(n, new Rng(3)).Y!;
    const yi = m1.moments().nodes.indexOf('Y');
    const se = Math.sqrt((m1.moments().cov.get(yi, yi) + m0.moments().cov.get(yi, yi)) / n);
    expect(Math.abs(mean(y1) - mean(y0) - ate)).toBeLessThan(Z * se);
    // Common random numbers: equal seeds share the exogenous draws, so every unit differs by the ATE.
    const c1 = m1.sample(500, new Rng(4)).Y!, c0 = m0.sample(500, new Rng(4)).Y!;
    for (let i = 0; i < 500; i++) expect(Math.abs(c1[i]! - c0[i]! - ate)).toBeLessThan(1e-12);
    expect(m1.interventions).toEqual({ X: 1 });
    expect(m1.graph.parents('X')).toEqual([]);
  });

  it('the same seed gives the same sample, bit for bit', () => {
    expect(scm.sample(50, new Rng(9))).toEqual(scm.sample(50, new Rng(9)));
  });
});

describe('LinearScm: latent confounders', () => {
  it('frontdoor in linear form: the product of the two regression slopes is the effect, the naive slope is not', () => {
    const scm = LinearScm.from({
      graph: 'X -> M -> Y; X <-> Y', coefficients: { 'X -> M': 0.9, 'M -> Y': 1.4 }, latent: { 'Y <-> X': [1.5, 0.8] },
    });
    const { nodes, cov } = scm.moments();
    const [x, m, y] = ['X', 'M', 'Y'].map((v) => nodes.indexOf(v)) as [number, number, number];
    const slopeMX = cov.get(m, x) / cov.get(x, x);
    const det = cov.get(m, m) * cov.get(x, x) - cov.get(m, x) ** 2; // partial slope of Y on M given X
    const slopeYMgivenX = (cov.get(y, m) * cov.get(x, x) - cov.get(y, x) * cov.get(m, x)) / det;
    expect(Math.abs(slopeMX * slopeYMgivenX - scm.ate('X', 'Y'))).toBeLessThan(1e-12);
    expect(Math.abs(cov.get(y, x) / cov.get(x, x) - scm.ate('X', 'Y'))).toBeGreaterThan(0.1);
    expect(identifyEffect(scm.graph, 'X', 'Y').kind).toBe('frontdoor');
  });

  it('the bow graph: two models with the same observational distribution and different effects', () => {
    const a = LinearScm.from({ graph: 'X -> Y; X <-> Y', coefficients: { 'X -> Y': 1 }, latent: { 'X <-> Y': [1, 0] } });
    const b = LinearScm.from({ graph: 'X -> Y; X <-> Y', coefficients: { 'X -> Y': 0.5 }, latent: { 'X <-> Y': [1, 1] }, noiseStd: { Y: Math.sqrt(0.5) } });
    const ma = a.moments(), mb = b.moments();
    for (let i = 0; i < 4; i++) expect(Math.abs(ma.cov.data[i]! - mb.cov.data[i]!)).toBeLessThan(1e-12);
    expect(a.ate('X', 'Y')).toBe(1);
    expect(b.ate('X', 'Y')).toBe(0.5);
    expect(() => identifyEffect(a.graph, 'X', 'Y')).toThrow(NotIdentifiableError);
    // Counterfactuals still work with a latent: abduction recovers each node's total exogenous term.
    const unit = { X: 1.2, Y: -0.4 };
    expect(b.counterfactual(unit, { X: 2.2 }).Y).toBeCloseTo(-0.4 + 0.5, 12);
  });
});

describe('LinearScm: typed errors', () => {
  it('spec, interventions, sampling and units are checked', () => {
    expect(() => LinearScm.from({ graph: 'X -> Y; Z -> Y', coefficients: { 'X -> Y': 1 } })).toThrow(new InvalidInputError("LinearScm: missing coefficient for the edge 'Z -> Y'"));
    expect(() => LinearScm.from({ graph: 'X -> Y', coefficients: { 'X -> Y': 1, 'Y -> X': 2 } })).toThrow("LinearScm: coefficient \"Y -> X\" names no edge of the graph");
    expect(() => LinearScm.from({ graph: 'X -> Y', coefficients: { 'X => Y': 1 } })).toThrow("must look like 'A -> B'");
    expect(() => LinearScm.from({ graph: 'X -> Y', coefficients: { 'X -> Y': NaN } })).toThrow(InvalidParamError);
    expect(() => LinearScm.from({ graph: 'X -> Y', coefficients: { 'X -> Y': 1 }, noiseStd: { Y: -1 } })).toThrow("LinearScm: param noiseStd['Y'] must be a finite number ≥ 0, got -1");
    expect(() => LinearScm.from({ graph: 'X -> Y', coefficients: { 'X -> Y': 1 }, latent: { 'X <-> Y': [1, 1] } })).toThrow('names no bidirected edge');
    expect(() => LinearScm.from({ graph: 'X -> Y; Y -> X', coefficients: {} })).toThrow('graph: cycle X -> Y -> X');
    expect(() => primer.do({ Q: 1 })).toThrow('unknown node "Q" in interventions');
    expect(() => primer.do({ X: Infinity })).toThrow(InvalidParamError);
    expect(() => primer.sample(0, new Rng(0))).toThrow("LinearScm.sample: param n must be an integer ≥ 1, got 0");
    expect(() => primer.sample(5, {} as Rng)).toThrow(InvalidInputError);
    expect(() => primer.counterfactual({ X: 1, H: 2 }, { H: 0 })).toThrow('Y is missing');
    expect(() => primer.counterfactual({ X: 1, H: NaN, Y: 0 }, { H: 0 })).toThrow('H[0] must be finite, got NaN');
    expect(() => primer.counterfactuals({ X: [1, 2], H: [1], Y: [1, 2] }, {})).toThrow('column H has 1 values, X has 2');
  });
});
