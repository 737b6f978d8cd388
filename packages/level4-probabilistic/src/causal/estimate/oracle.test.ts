/**
 * Frozen oracles (scripts/oracles/freeze_causal_estimators.py; statsmodels 0.13 and numpy
 * formulas on a seeded data set stored in the fixture): IPW (both versions, ATE/ATT/ATC,
 * trimmed), AIPW, regression adjustment, Wald, 2SLS, DiD and RDD agree to 1e-8 (relative to
 * max(1, |value|)); the IPW SEs against a stacked sandwich whose Jacobian is a complex-step
 * derivative, i.e. independent of the analytic influence functions here.
 */
import { describe, expect, it } from 'vitest';
import oracle from './__fixtures__/causal_estimators.json' with { type: 'json' };
import {
  aipw, differenceInDifferences, ipw, propensityScoreMatching, propensityStratification, regressionAdjustment,
  regressionDiscontinuity, twoStageLeastSquares, waldEstimator,
} from './index.js';
import type { EffectData } from './types.js';

const f64 = (a: number[]): Float64Array => Float64Array.from(a);
const close = (got: number, want: number, tol = 1e-8): void => {
  expect(Math.abs(got - want), `got ${got}, want ${want}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(want)));
};
const B = oracle.backdoor;
const backdoor: EffectData = { treatment: f64(B.T), outcome: f64(B.Y), covariates: B.X.map(f64), covariateNames: B.names };

describe('oracle: propensity and IPW', () => {
  it('the unpenalised logistic propensity matches statsmodels Logit', () => {
    const r = ipw(backdoor, { method: 'ipw' });
    (r.details['propensityCoef'] as Float64Array).forEach((b, j) => close(b, B.propensityCoef[j]!, 1e-9));
    (r.details['propensity'] as Float64Array).forEach((e, i) => close(e, B.propensity[i]!, 1e-10));
  });

  it('IPW (Horvitz–Thompson and Hájek; ATE, ATT, ATC): values and stacked-sandwich SEs', () => {
    for (const o of B.ipw) {
      const r = ipw(backdoor, { method: 'ipw', target: o.target as 'ate', stabilized: o.stabilized });
      close(r.value, o.value);
      close(r.stdErr, o.stdErr);
      close(r.details['mu1'] as number, o.mu1);
    }
  });

  it('IPW trimmed at 0.1 (propensity refitted on the kept units)', () => {
    const r = ipw(backdoor, { method: 'ipw', trim: B.ipwTrim.trim });
    expect(r.n).toBe(B.ipwTrim.kept);
    close(r.value, B.ipwTrim.value);
    close(r.stdErr, B.ipwTrim.stdErr);
  });

  it('AIPW (ATE, ATT, ATC): values and influence-function SEs', () => {
    for (const o of B.aipw) {
      const r = aipw(backdoor, { method: 'aipw', target: o.target as 'ate' });
      close(r.value, o.value);
      close(r.stdErr, o.stdErr);
    }
  });
});

describe('oracle: regression adjustment', () => {
  it('pooled OLS coefficient of T with statsmodels nonrobust and HC0–HC3 SEs', () => {
    for (const cov of ['nonrobust', 'hc0', 'hc1', 'hc2', 'hc3'] as const) {
      const r = regressionAdjustment(backdoor, { method: 'regression', cov });
      close(r.value, B.regression[cov].value);
      close(r.stdErr, B.regression[cov].stdErr);
    }
  });

  it('g-computation ATT, ATC and separate-model ATE with delta-method SEs', () => {
    for (const t of ['att', 'atc', 'ate'] as const) {
      const r = regressionAdjustment(backdoor, { method: 'regression', target: t, separate: true });
      close(r.value, B.regression.gComputation[t].value);
      close(r.stdErr, B.regression.gComputation[t].stdErr);
    }
  });
});

describe('oracle: instrumental variables', () => {
  const I = oracle.iv;
  const ivData = (t: number[], y: number[], z: number[][], x: number[][]): EffectData => ({
    treatment: f64(t), outcome: f64(y), covariates: x.map(f64), covariateNames: x.map((_, j) => `X${j}`), instruments: z.map(f64),
  });

  it('Wald ratio = just-identified 2SLS (statsmodels IV2SLS), SEs nonrobust / HC0 / HC1, first-stage F', () => {
    const d = ivData(I.Tb, I.Yb, [I.Z1], []);
    const r = waldEstimator(d, { method: 'wald', cov: 'nonrobust' });
    close(r.value, I.waldPlain.ratio);
    close(r.details['ratio'] as number, I.waldPlain.ratio);
    close(r.stdErr, I.waldPlain.stdErrNonrobust);
    close(waldEstimator(d, { method: 'wald', cov: 'hc0' }).stdErr, I.waldPlain.stdErrHc0);
    close(waldEstimator(d, { method: 'wald' }).stdErr, I.waldPlain.stdErrHc1);
    close(r.details['firstStageF'] as number, I.waldPlain.firstStageF);
    expect(r.target).toBe('late');
  });

  it('Wald with a covariate = 2SLS with an exogenous regressor', () => {
    const d = ivData(I.Tb, I.Yb, [I.Z1], [I.X]);
    const r = waldEstimator(d, { method: 'wald', cov: 'nonrobust' });
    close(r.value, I.waldCovariate.value);
    close(r.stdErr, I.waldCovariate.stdErrNonrobust);
    close(r.details['firstStageF'] as number, I.waldCovariate.firstStageF);
  });

  it('over-identified 2SLS (two instruments, continuous T, one covariate): coefficients, SEs, first-stage F', () => {
    const d = ivData(I.Tc, I.Yc, [I.Z1, I.Z2], [I.X]);
    const r = twoStageLeastSquares(d, { method: '2sls', cov: 'nonrobust' });
    close(r.value, I.tslsOver.value);
    (r.details['coef'] as Float64Array).forEach((b, j) => close(b, I.tslsOver.coef[j]!));
    close(r.stdErr, I.tslsOver.stdErrNonrobust);
    close(twoStageLeastSquares(d, { method: '2sls', cov: 'hc0' }).stdErr, I.tslsOver.stdErrHc0);
    close(twoStageLeastSquares(d, { method: '2sls' }).stdErr, I.tslsOver.stdErrHc1);
    close(r.details['firstStageF'] as number, I.tslsOver.firstStageF);
  });
});

describe('oracle: matching and stratification (numpy, same statsmodels propensity)', () => {
  it('k:1 nearest-neighbour matching with replacement on logit e, ATT/ATC/ATE, Abadie–Imbens SE', () => {
    for (const o of B.psm) {
      const r = propensityScoreMatching(backdoor, { method: 'psm', target: o.target as 'att', k: o.k });
      close(r.value, o.value);
      close(r.stdErr, o.stdErr);
    }
  });

  it('quantile strata of the propensity (5 and 10), ATE/ATT/ATC', () => {
    for (const o of B.stratification) {
      const r = propensityStratification(backdoor, { method: 'stratification', target: o.target as 'ate', strata: o.strata });
      close(r.value, o.value);
      close(r.stdErr, o.stdErr);
    }
  });
});

describe('oracle: difference-in-differences and regression discontinuity (statsmodels OLS / WLS)', () => {
  const D = oracle.did;
  const did: EffectData = { treatment: f64(D.G), outcome: f64(D.Y), covariates: [], covariateNames: [], post: f64(D.P) };

  it('DiD: 2×2 = regression coefficient; HC1 and cluster-robust (CR1) SEs, with and without a covariate', () => {
    const r = differenceInDifferences(did, { method: 'did' });
    close(r.value, D.twoByTwo);
    close(r.details['twoByTwo'] as number, D.twoByTwo);
    close(r.stdErr, D.plain.stdErrHc1);
    close(differenceInDifferences(did, { method: 'did', cov: 'cluster', clusters: D.clusters }).stdErr, D.plain.stdErrCluster);
    const withX = { ...did, covariates: [f64(D.X)], covariateNames: ['X'] };
    const rx = differenceInDifferences(withX, { method: 'did', cov: 'cluster', clusters: D.clusters });
    close(rx.value, D.covariate.value);
    close(rx.stdErr, D.covariate.stdErrCluster);
    close(differenceInDifferences(withX, { method: 'did' }).stdErr, D.covariate.stdErrHc1);
    expect(rx.target).toBe('att');
  });

  const R = oracle.rdd;
  it('sharp RDD: triangular-kernel local linear jump at a fixed bandwidth, HC0 SE', () => {
    const sharp: EffectData = {
      treatment: Float64Array.from(R.R, (v) => (v >= R.cutoff ? 1 : 0)), outcome: f64(R.Y), covariates: [], covariateNames: [],
      running: f64(R.R), cutoff: R.cutoff,
    };
    const r = regressionDiscontinuity(sharp, { method: 'rdd', bandwidth: R.bandwidth });
    close(r.value, R.sharp.value);
    close(r.stdErr, R.sharp.stdErr);
    expect(r.n).toBe(R.sharp.nInside);
    expect(r.details['fuzzy']).toBe(false);
  });

  it('fuzzy RDD: ratio of the outcome and treatment jumps, delta-method SE', () => {
    const fuzzy: EffectData = { treatment: f64(R.Tf), outcome: f64(R.Yf), covariates: [], covariateNames: [], running: f64(R.R), cutoff: R.cutoff };
    const r = regressionDiscontinuity(fuzzy, { method: 'rdd', bandwidth: R.bandwidth });
    expect(r.details['fuzzy']).toBe(true);
    close(r.details['jumpOutcome'] as number, R.fuzzy.jumpY);
    close(r.details['jumpTreatment'] as number, R.fuzzy.jumpT);
    close(r.value, R.fuzzy.value);
    close(r.stdErr, R.fuzzy.stdErr);
  });
});
