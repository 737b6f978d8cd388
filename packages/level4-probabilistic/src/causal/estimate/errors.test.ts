/** The typed errors every estimator shares (acceptance checks of issue #7): bad treatment, no overlap, shapes, NaN, unknown method. */
import { InvalidInputError, InvalidParamError, ShapeError } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import { confoundedData } from '../scm/generators.js';
import { ESTIMATORS, NoOverlapError, estimateEffect } from './index.js';
import { effectData } from './test-utils.test-utils.js';
import type { EstimationMethod } from './types.js';

const BINARY: EstimationMethod[] = ['difference-in-means', 'regression', 'ipw', 'aipw', 'psm', 'stratification'];
const PROPENSITY: EstimationMethod[] = ['ipw', 'aipw', 'psm', 'stratification'];

describe('typed errors of the estimators', () => {
  const d = effectData(confoundedData({ n: 200, seed: 1 }));

  it('a non-binary treatment is an InvalidInputError naming the treatment and the value that came', () => {
    const t = d.treatment.slice();
    t[7] = 0.5;
    for (const method of BINARY) {
      expect(() => estimateEffect({ ...d, treatment: t }, { method })).toThrow(InvalidInputError);
      expect(() => estimateEffect({ ...d, treatment: t }, { method })).toThrow(/treatment 'T' must be binary \(0\/1\) for this method, got 0.5 at row 7/);
    }
    expect(() => estimateEffect({ ...d, treatment: new Float64Array(200) }, { method: 'ipw' })).toThrow(/needs both groups, got 0 treated and 200 control/);
  });

  it('no overlap (a separating covariate, or propensities at 0/1) is a NoOverlapError naming the covariates and the propensity range', () => {
    const sep = Float64Array.from(d.treatment, (t, i) => t * 3 + 0.1 * d.covariates[0]![i]!);
    const bad = { ...d, covariates: [...d.covariates, sep], covariateNames: [...d.covariateNames, 'leak'] };
    for (const method of PROPENSITY) {
      let err: unknown;
      try {
        estimateEffect(bad, { method });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(NoOverlapError);
      const ne = err as NoOverlapError;
      expect(ne.message).toMatch(/'leak' separates the groups perfectly/);
      expect(ne.message).toMatch(/propensity covariates: W1, W2, W3, W4, W5, leak/);
      expect(ne.covariates).toContain('leak');
      expect(ne.minPropensity).toBe(0);
      expect(ne.maxPropensity).toBe(1);
    }
    // extreme but not separated: a very strong propensity
    const strong = effectData(confoundedData({ n: 400, seed: 3, propensityScale: 40 }));
    let err: unknown;
    try {
      estimateEffect(strong, { method: 'ipw' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NoOverlapError);
    const ne = err as NoOverlapError;
    expect(ne.minPropensity < 1e-8 || ne.maxPropensity > 1 - 1e-8).toBe(true);
    expect(ne.message).toMatch(/fitted propensities span \[/);
  });

  it('length mismatches are ShapeErrors; NaN is an InvalidInputError naming the column and row', () => {
    for (const method of BINARY) {
      expect(() => estimateEffect({ ...d, treatment: d.treatment.subarray(0, 199) }, { method })).toThrow(ShapeError);
      expect(() => estimateEffect({ ...d, covariates: [d.covariates[0]!.subarray(1)], covariateNames: ['W1'] }, { method })).toThrow(/covariate 'W1' has 199 rows, outcome has 200/);
      expect(() => estimateEffect({ ...d, covariateNames: ['W1'] }, { method })).toThrow(ShapeError);
      const y = d.outcome.slice();
      y[3] = NaN;
      expect(() => estimateEffect({ ...d, outcome: y }, { method })).toThrow(/outcome 'Y' has NaN at row 3/);
      const x = d.covariates[1]!.slice();
      x[5] = Infinity;
      expect(() => estimateEffect({ ...d, covariates: [d.covariates[0]!, x], covariateNames: ['W1', 'W2'] }, { method })).toThrow(InvalidInputError);
    }
  });

  it('bad common options are InvalidParamErrors; estimateEffect rejects an unknown method', () => {
    expect(() => estimateEffect(d, { method: 'ipw', level: 1.5 })).toThrow(/param level must be a number in \(0, 1\)/);
    expect(() => estimateEffect(d, { method: 'ipw', target: 'atx' as 'ate' })).toThrow(/param target must be/);
    expect(() => estimateEffect(d, { method: 'ipw', bootstrap: 1 })).toThrow(/param bootstrap must be/);
    expect(() => estimateEffect(d, { method: 'magic' as 'ipw' })).toThrow(InvalidParamError);
  });

  it('ESTIMATORS covers every method and estimateEffect dispatches to it', () => {
    const methods: EstimationMethod[] = ['difference-in-means', 'regression', 'ipw', 'aipw', 'psm', 'stratification', 'wald', '2sls', 'did', 'rdd'];
    expect(Object.keys(ESTIMATORS).sort()).toEqual([...methods].sort());
    for (const method of BINARY) expect(estimateEffect(d, { method, seed: 1 })).toEqual(ESTIMATORS[method](d, { method, seed: 1 }));
  });
});
