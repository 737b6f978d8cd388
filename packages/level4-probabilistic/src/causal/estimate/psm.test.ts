import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { confoundedData } from '../scm/generators.js';
import { propensityScoreMatching } from './psm.js';
import { effectData } from './test-utils.test-utils.js';

type Pairs = { treated: number; control: number[] }[];

describe('propensityScoreMatching', () => {
  const s = confoundedData({ n: 600, seed: 11, confounding: 2, heterogeneity: 1 });
  const d = effectData(s);

  it('1:1 with replacement: each treated unit gets its nearest control on logit e (brute force), ATT = mean pair difference', () => {
    const r = propensityScoreMatching(d, { method: 'psm', target: 'att' });
    const sc = r.details['score'] as Float64Array, pairs = r.details['pairs'] as Pairs;
    const controls = [...d.treatment.keys()].filter((i) => d.treatment[i] === 0);
    let sum = 0;
    for (const p of pairs) {
      const best = controls.reduce((b, j) => (Math.abs(sc[j]! - sc[p.treated]!) < Math.abs(sc[b]! - sc[p.treated]!) ? j : b));
      expect(p.control).toEqual([best]);
      sum += d.outcome[p.treated]! - d.outcome[best]!;
    }
    expect(pairs.length).toBe(d.treatment.reduce((a, b) => a + b, 0));
    expect(r.value).toBeCloseTo(sum / pairs.length, 12);
    expect(r.n).toBe(pairs.length);
  });

  it('k:1 averages k nearest; without replacement every control is used at most once', () => {
    const r3 = propensityScoreMatching(d, { method: 'psm', target: 'att', k: 3 });
    for (const p of r3.details['pairs'] as Pairs) expect(p.control.length).toBe(3);
    const small = effectData(confoundedData({ n: 400, seed: 12, propensityIntercept: -1 }));
    for (const order of ['hardest', 'random'] as const) {
      const w = propensityScoreMatching(small, { method: 'psm', target: 'att', replace: false, order });
      const used = (w.details['pairs'] as Pairs).flatMap((p) => p.control);
      expect(new Set(used).size).toBe(used.length);
      expect(used.every((j) => small.treatment[j] === 0)).toBe(true);
    }
    // more treated than controls without replacement: the pool runs out, the rest are dropped and counted
    const many = effectData(confoundedData({ n: 300, seed: 13, propensityIntercept: 1 }));
    const n1 = many.treatment.reduce((a, b) => a + b, 0);
    const w = propensityScoreMatching(many, { method: 'psm', target: 'att', replace: false });
    expect(w.n).toBe(300 - n1);
    expect(w.details['dropped']).toBe(n1 - (300 - n1));
    expect(() => propensityScoreMatching(many, { method: 'psm', target: 'att', replace: false, k: 301 - n1 })).toThrow(`param k must be ≤ ${300 - n1} (the control units)`);
  });

  it("ties: 'all' keeps every control exactly as far as the k-th match (discrete covariates), so the estimate is seed-free", () => {
    const n = 400, x = new Float64Array(n), t = new Float64Array(n), y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      x[i] = i % 4; // four covariate values: four distinct scores
      t[i] = (i * 7919) % 10 < 3 + (i % 4) ? 1 : 0;
      y[i] = x[i]! + 2 * t[i]! + ((i * 104729) % 17) / 17;
    }
    const disc = { treatment: t, outcome: y, covariates: [x], covariateNames: ['x'] };
    const runs = [0, 1, 2].map((seed) => propensityScoreMatching(disc, { method: 'psm', target: 'att', ties: 'all', seed }));
    expect(runs[1]!.value).toBe(runs[0]!.value);
    expect(runs[2]!.stdErr).toBe(runs[0]!.stdErr);
    for (const p of runs[0]!.details['pairs'] as Pairs) {
      const same = [...t.keys()].filter((j) => t[j] === 0 && x[j] === x[p.treated]);
      expect([...p.control].sort((a, b) => a - b)).toEqual(same);
    }
    // = exact matching on x: the mean over treated of Y − (mean control Y with the same x)
    let sum = 0, n1 = 0;
    for (let i = 0; i < n; i++) {
      if (t[i] !== 1) continue;
      const c = [...t.keys()].filter((j) => t[j] === 0 && x[j] === x[i]);
      sum += y[i]! - c.reduce((a, j) => a + y[j]!, 0) / c.length;
      n1++;
    }
    expect(runs[0]!.value).toBeCloseTo(sum / n1, 12);
  });

  it('a caliper keeps only pairs within c·sd(logit e) and drops the rest', () => {
    const r = propensityScoreMatching(d, { method: 'psm', target: 'att', caliper: 0.01 });
    const sc = r.details['score'] as Float64Array, width = r.details['caliperWidth'] as number;
    const pairs = r.details['pairs'] as Pairs;
    for (const p of pairs) expect(Math.abs(sc[p.control[0]!]! - sc[p.treated]!)).toBeLessThanOrEqual(width);
    expect(r.details['dropped'] as number).toBeGreaterThan(0);
    expect(pairs.length + (r.details['dropped'] as number)).toBe(d.treatment.reduce((a, b) => a + b, 0));
  });

  it('ATT, ATC and ATE are close to the truth: |τ̂ − τ| < 5 SE for any seed (fast-check)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e6 }), (seed) => {
      const g = confoundedData({ n: 800, seed, confounding: 2, heterogeneity: 1 });
      const e = effectData(g);
      let sc = 0, nc = 0;
      for (let i = 0; i < g.cate.length; i++) if (e.treatment[i] === 0) (sc += g.cate[i]!), nc++;
      const truth = { att: g.trueAtt, atc: sc / nc, ate: g.trueAte };
      return (['att', 'atc', 'ate'] as const).every((target) => {
        const r = propensityScoreMatching(e, { method: 'psm', target });
        return Math.abs(r.value - truth[target]) < 5 * r.stdErr;
      });
    }), { numRuns: 8 });
  });

  it('the Abadie–Imbens SE is on the scale of the sampling spread over 40 seeds (ratio in [0.7, 1.5])', () => {
    const vals: number[] = [], ses: number[] = [];
    for (let seed = 0; seed < 40; seed++) {
      const r = propensityScoreMatching(effectData(confoundedData({ n: 400, seed: 1000 + seed, confounding: 1 })), { method: 'psm', target: 'att' });
      vals.push(r.value);
      ses.push(r.stdErr);
    }
    const m = vals.reduce((a, b) => a + b) / vals.length;
    const sd = Math.sqrt(vals.reduce((a, b) => a + (b - m) ** 2, 0) / (vals.length - 1));
    const meanSe = ses.reduce((a, b) => a + b) / ses.length;
    expect(meanSe / sd).toBeGreaterThan(0.7);
    expect(meanSe / sd).toBeLessThan(1.5);
  });
});
