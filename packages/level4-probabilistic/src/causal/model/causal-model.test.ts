import { InvalidInputError, InvalidParamError, ShapeError } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import type { EffectData, Estimator } from '../estimate/types.js';
import { NotIdentifiableError } from '../graph/errors.js';
import { NoOverlapError } from '../estimate/errors.js';
import { CausalGraph } from '../graph/dag.js';
import { confoundedData, instrumentData } from '../scm/generators.js';
import { localDiffInMeans, localRegression } from '../refute/test-estimators.test-utils.js';
import { CausalModel } from './index.js';
import { latentProjection } from './latent-projection.js';

const estimators = { 'difference-in-means': localDiffInMeans, regression: localRegression };
// Data seed pinned (0): the checks are at 5 SE, so any seed passes with probability ≈ 1 - 1e-6.
const s = confoundedData({ n: 2000, nConfounders: 3, confounding: 2, seed: 0 });

describe('CausalModel: model → identify → estimate → refute', () => {
  it('without a graph: backdoor on commonCauses, estimated by the method asked for', () => {
    const model = new CausalModel({ data: s.data, treatment: 'T', outcome: 'Y', commonCauses: ['W1', 'W2', 'W3'], estimators });
    const e = model.identify();
    expect(e.kind).toBe('backdoor');
    expect(e.adjustmentSet).toEqual(['W1', 'W2', 'W3']);
    expect(e.formula).toBe('P(Y | do(T)) = Σ_{W1, W2, W3} P(Y | T, W1, W2, W3) P(W1, W2, W3)');
    expect(e.derivation.every((d) => d.holds)).toBe(true);
    const est = model.estimate(e, { method: 'regression', seed: 0 });
    expect(Math.abs(est.value - s.trueAte)).toBeLessThan(5 * est.stdErr);
    const naive = model.estimate(e, { method: 'difference-in-means' });
    expect(naive.value - s.trueAte).toBeGreaterThan(5 * naive.stdErr); // confounding biases it upwards
    const r = model.refute(est, 'placebo-treatment', { repeats: 9 });
    expect(r.refuter).toBe('placebo-treatment');
    expect(r.originalValue).toBe(est.value);
    expect(r.pValue).toBeCloseTo(0.1, 12);
    expect(model.refute(est, 'random-common-cause', { repeats: 3 }).newValues).toHaveLength(3);
    expect(model.refute(est, 'data-subset', { repeats: 3 }).detail).toMatch(/1600 of 2000 rows/);
  });

  it('the built-in estimators (no overrides): IPW and AIPW recover the ATE and survive the refuters', () => {
    const model = new CausalModel({ data: s.data, treatment: 'T', outcome: 'Y', commonCauses: ['W1', 'W2', 'W3'] });
    const e = model.identify();
    for (const method of ['ipw', 'aipw'] as const) {
      const est = model.estimate(e, { method, target: 'ate', seed: 0 });
      expect(est.method).toBe(method);
      expect(Math.abs(est.value - s.trueAte)).toBeLessThan(5 * est.stdErr);
      expect(model.refute(est, 'random-common-cause', { repeats: 4 }).passed).toBe(true);
    }
  });

  it('with a graph: identifyEffect picks the adjustment set; the estimator sees exactly those columns', () => {
    const seen: string[][] = [];
    const spy: Estimator = (d: EffectData, o) => {
      seen.push(d.covariateNames);
      expect(d.treatmentName).toBe('T');
      return localRegression(d, o);
    };
    const model = new CausalModel({ data: s.data, treatment: 'T', outcome: 'Y', graph: s.graph, estimators: { regression: spy } });
    const e = model.identify();
    expect(e.kind).toBe('backdoor');
    expect(e.adjustmentSet.sort()).toEqual(['W1', 'W2', 'W3']);
    const est = model.estimate(e, { method: 'regression' });
    expect(seen).toEqual([e.adjustmentSet]);
    expect(Math.abs(est.value - s.trueAte)).toBeLessThan(5 * est.stdErr);
  });

  it('graph nodes missing from the data are unobserved: projected out, and identification adapts', () => {
    // U is not a column: U -> T, U -> Y becomes T <-> Y, and Z is then the instrument.
    const d = instrumentData({ n: 500, seed: 0 });
    const model = new CausalModel({ data: d.data, treatment: 'T', outcome: 'Y', graph: 'Z -> T -> Y; U -> T; U -> Y', estimators });
    expect(model.unobserved).toEqual(['U']);
    expect(model.observedGraph!.bidirectedEdges).toEqual([['T', 'Y']]);
    const e = model.identify();
    expect(e.kind).toBe('iv');
    expect(e.instruments).toEqual(['Z']);
    expect(() => model.estimate(e, { method: 'regression' })).toThrow(/'wald' or '2sls' for an 'iv' estimand/);
  });

  it('latentProjection: parents to children, children pairwise bidirected, siblings to children', () => {
    const g = CausalGraph.parse('A -> M -> B; M -> C; S <-> M');
    const { graph, projected } = latentProjection(g, (v) => v !== 'M');
    expect(projected).toEqual(['M']);
    expect(graph.edges.sort()).toEqual([['A', 'B'], ['A', 'C']]);
    expect(graph.bidirectedEdges.map((e) => [...e].sort().join('<->')).sort()).toEqual(['B<->C', 'B<->S', 'C<->S']);
  });

  it('with instruments and no graph: an IV estimand conditioning on the common causes', () => {
    const d = instrumentData({ n: 300, seed: 1 });
    const model = new CausalModel({ data: d.data, treatment: 'T', outcome: 'Y', instruments: ['Z'], estimators });
    const e = model.identify();
    expect(e.kind).toBe('iv');
    expect(e.instruments).toEqual(['Z']);
    expect(e.formula).toBe('β(T → Y) = Cov(Y, Z) / Cov(T, Z)');
    const calls: EffectData[] = [];
    const wald: Estimator = (dd, o) => {
      calls.push(dd);
      return localDiffInMeans(dd, o);
    };
    const m2 = new CausalModel({ data: d.data, treatment: 'T', outcome: 'Y', instruments: ['Z'], estimators: { wald } });
    m2.estimate(m2.identify(), { method: 'wald' });
    expect(calls[0]!.instruments![0]).toEqual(d.data.Z);
    // Asking for backdoor first assumes no confounding beyond the (empty) common causes.
    expect(model.identify({ order: ['backdoor'] }).kind).toBe('backdoor');
  });

  it('reads a danfojs-like DataFrame (columns + column(name).values, or row-major values)', () => {
    const cols = ['T', 'Y', 'W1'];
    const byCol = { columns: cols, column: (c: string) => ({ values: Array.from(s.data[c]!) }) };
    const rows = Array.from({ length: 2000 }, (_, i) => cols.map((c) => s.data[c]![i]!));
    const byRow = { columns: cols, values: rows };
    const a = new CausalModel({ data: byCol, treatment: 'T', outcome: 'Y', commonCauses: ['W1'], estimators });
    const b = new CausalModel({ data: byRow, treatment: 'T', outcome: 'Y', commonCauses: ['W1'], estimators });
    const ea = a.estimate(a.identify(), { method: 'regression' }), eb = b.estimate(b.identify(), { method: 'regression' });
    expect(ea.value).toBe(eb.value);
    expect(a.column('W1')).toEqual(s.data.W1);
  });
});

describe('CausalModel typed errors', () => {
  const base = { data: s.data, treatment: 'T', outcome: 'Y', estimators };
  it('unknown columns name the argument and list the columns', () => {
    expect(() => new CausalModel({ ...base, treatment: 'treat' })).toThrow(/treatment "treat" is not a column of data; columns: W1, W2, W3, T, Y/);
    expect(() => new CausalModel({ ...base, outcome: 're78' })).toThrow(InvalidInputError);
    expect(() => new CausalModel({ ...base, commonCauses: ['W1', 'age'] })).toThrow(/commonCauses entry "age"/);
    expect(() => new CausalModel({ ...base, instruments: ['Z'] })).toThrow(/instruments entry "Z"/);
    expect(() => new CausalModel({ ...base, commonCauses: ['T'] })).toThrow(/contains the treatment 'T'/);
    expect(() => new CausalModel({ ...base, outcome: 'T' })).toThrow(/same column/);
    expect(new CausalModel({ ...base, graph: 'W1 -> T -> Y; Q -> Y' }).unobserved).toEqual(['Q']); // a node that is not a column is unobserved
    expect(() => new CausalModel({ ...base, graph: 'W1 -> X -> Y' })).toThrow(/the treatment 'T' is not a node of the graph/);
  });

  it('bad data: ragged columns, NaN, non-numbers', () => {
    expect(() => new CausalModel({ ...base, data: { T: [0, 1, 0], Y: [1, 2] } })).toThrow(ShapeError);
    const m = new CausalModel({ ...base, data: { T: [0, 1, 0, 1], Y: [1, 2, NaN, 3] } });
    expect(() => m.estimate(m.identify(), { method: 'difference-in-means' })).toThrow(/column 'Y' must hold finite numbers, got null at row 2/);
    expect(() => new CausalModel({ ...base, data: { T: 'abc' as unknown as number[], Y: [1, 2] } })).toThrow(/must be an array of numbers/);
  });

  it('a cyclic graph surfaces as InvalidInputError naming the cycle', () => {
    expect(() => new CausalModel({ ...base, graph: 'W1 -> T -> Y -> W1' })).toThrow(InvalidInputError);
    expect(() => new CausalModel({ ...base, graph: 'W1 -> T -> Y -> W1' })).toThrow(/CausalModel: graph: cycle/);
    expect(() => new CausalModel({ ...base, graph: 'T -> Y', commonCauses: ['W1'] })).toThrow(InvalidParamError);
  });

  it('an unidentifiable query throws NotIdentifiableError from identify', () => {
    const m = new CausalModel({ ...base, graph: 'T -> Y; T <-> Y' });
    expect(() => m.identify()).toThrow(NotIdentifiableError);
  });

  it('a method that does not fit the estimand, an unknown method, a non-binary treatment', () => {
    const m = new CausalModel({ ...base, commonCauses: ['W1'] });
    const e = m.identify();
    expect(() => m.estimate(e, { method: '2sls' })).toThrow(/used with an 'iv' estimand: this one is 'backdoor' and names no instruments/);
    expect(() => m.estimate(e, { method: 'magic' as 'ipw' })).toThrow(/param method must be/);
    expect(() => m.estimate(e, { method: 'did' })).toThrow(/param post/);
    expect(() => m.estimate(e, { method: 'rdd', running: 'W1' })).toThrow(/param cutoff/);
    expect(() => m.estimate(e, { method: 'did', post: 'nope' })).toThrow(/post "nope" is not a column/);
    const fd = new CausalModel({ ...base, data: { T: s.data.T!, M: s.data.W1!, Y: s.data.Y! }, graph: 'T -> M -> Y; T <-> Y' });
    const efd = fd.identify();
    expect(efd.kind).toBe('frontdoor');
    expect(() => fd.estimate(efd, { method: 'regression' })).toThrow(/frontdoor estimand/);
    const cont = new CausalModel({ ...base, data: { T: s.data.W2!, Y: s.data.Y! } });
    expect(() => cont.estimate(cont.identify(), { method: 'regression' })).toThrow(/needs a binary 0\/1 treatment/);
    const d = instrumentData({ n: 100, seed: 1 });
    const two = new CausalModel({ data: { ...d.data, Z2: d.data.Z!.map((v) => 1 - v) }, treatment: 'T', outcome: 'Y', instruments: ['Z', 'Z2'], estimators });
    expect(() => two.estimate(two.identify(), { method: 'wald' })).toThrow(/'2sls' for 2 instruments/);
  });

  it('no overlap (a covariate that separates the groups) surfaces as the estimators\' NoOverlapError', () => {
    const T = Float64Array.from({ length: 40 }, (_, i) => (i < 20 ? 1 : 0));
    const X = Float64Array.from(T, (t, i) => (t ? 5 + (i % 7) : -5 - (i % 5)));
    const Y = Float64Array.from(T, (t, i) => t + (i % 3));
    const m = new CausalModel({ data: { T, X, Y }, treatment: 'T', outcome: 'Y', commonCauses: ['X'] });
    expect(() => m.estimate(m.identify(), { method: 'ipw' })).toThrow(NoOverlapError);
  });

  it('refute: unknown refuter, an estimate from elsewhere', () => {
    const m = new CausalModel({ ...base, commonCauses: ['W1'] });
    const est = m.estimate(m.identify(), { method: 'regression' });
    expect(() => m.refute(est, 'bogus' as 'data-subset')).toThrow(InvalidParamError);
    expect(() => m.refute({ ...est }, 'data-subset')).toThrow(/not made by this model/);
  });
});
