/**
 * Meta-tests of the contract suite: the reference estimators pass every check, and for every
 * check a deliberately broken estimator (src/testing/__fixtures__/broken-estimators.ts) fails
 * exactly that check and no other.
 */
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors.js';
import { DummyClassifier } from '../estimator/dummy-classifier.js';
import { DummyRegressor } from '../estimator/dummy-regressor.js';
import type { Estimator } from '../estimator/types.js';
import * as B from './__fixtures__/broken-estimators.js';
import { CenterTransformer } from './__fixtures__/center-transformer.js';
import { ESTIMATOR_CHECKS, checkEstimator, defaultCheckData, runEstimatorChecks } from './check-estimator.js';

const E = <T>(f: () => T) => f as unknown as () => Estimator;

// The reference estimators, through the vitest entry point.
checkEstimator('DummyClassifier(prior)', () => new DummyClassifier());
checkEstimator('DummyClassifier(most_frequent)', () => new DummyClassifier({ strategy: 'most_frequent' }));
checkEstimator('DummyClassifier(constant)', () => new DummyClassifier({ strategy: 'constant', constant: 1 }), {
  skip: [{ check: 'string-labels', reason: 'the constant param is the integer label 1, which string labels do not contain' }],
});
const randomByPosition = "draws are i.i.d. per call, so a row's prediction depends on its position in the batch (as sklearn's)";
checkEstimator('DummyClassifier(stratified)', () => new DummyClassifier({ strategy: 'stratified', seed: 0 }), {
  skip: [{ check: 'batch-independent', reason: randomByPosition }],
});
checkEstimator('DummyClassifier(uniform)', () => new DummyClassifier({ strategy: 'uniform', seed: 5 }), {
  skip: [{ check: 'batch-independent', reason: randomByPosition }],
});
checkEstimator('DummyRegressor(mean)', () => new DummyRegressor());
checkEstimator('DummyRegressor(median)', () => new DummyRegressor({ strategy: 'median' }));
checkEstimator('DummyRegressor(quantile)', () => new DummyRegressor({ strategy: 'quantile', quantile: 0.3 }));
checkEstimator('DummyRegressor(constant)', () => new DummyRegressor({ strategy: 'constant', constant: 2.5 }));
checkEstimator('CenterTransformer (fixture)', E(() => new CenterTransformer({ offset: 1 })));
checkEstimator('DummyClassifier on string labels (options.data)', () => new DummyClassifier(), {
  data: { X: defaultCheckData('classifier').X, y: defaultCheckData('classifier').y!.map((k) => ['setosa', 'versicolor', 'virginica'][k as number]!) },
});

/** Each check, the broken estimator that must fail it (and only it). */
const BROKEN: [check: string, name: string, make: () => Estimator][] = [
  ['fit-returns-this', 'ReturnsCopy', E(() => new B.ReturnsCopy())],
  ['unfitted-raises', 'PredictsZerosUnfitted', E(() => new B.PredictsZerosUnfitted())],
  ['rejects-nan', 'ImputesNaN', E(() => new B.ImputesNaN())],
  ['rejects-inf', 'ClipsInf', E(() => new B.ClipsInf())],
  ['rejects-empty-x', 'AcceptsEmpty', E(() => new B.AcceptsEmpty())],
  ['rejects-ragged-x', 'TruncatesRagged', E(() => new B.TruncatesRagged())],
  ['rejects-wrong-type-x', 'RawTypeError', E(() => new B.RawTypeError())],
  ['rejects-wrong-length-y', 'ResizesY', E(() => new B.ResizesY())],
  ['wrong-columns-at-predict', 'IgnoresColumns', E(() => new B.IgnoresColumns())],
  ['fit-idempotent', 'CountsFits', E(() => new B.CountsFits())],
  ['params-not-mutated', 'WritesParams', E(() => new B.WritesParams())],
  ['input-not-mutated', 'SortsYInPlace', E(() => new B.SortsYInPlace())],
  ['get-params-frozen', 'LeaksParams', E(() => new B.LeaksParams())],
  ['single-sample', 'CrashesOnOneSample', E(() => new B.CrashesOnOneSample())],
  ['batch-independent', 'UsesBatchStatistics', E(() => new B.UsesBatchStatistics())],
  ['json-round-trip', 'LosesPrecision', E(() => new B.LosesPrecision())],
  ['seed-reproducible', 'GlobalCounterSeed', E(() => new B.GlobalCounterSeed())],
  ['proba-valid', 'UnnormalisedProba', E(() => new B.UnnormalisedProba())],
  ['predict-argmax-proba', 'PredictsArgmin', E(() => new B.PredictsArgmin())],
  ['string-labels', 'ForgetsLabels', E(() => new B.ForgetsLabels())],
  ['score-is-accuracy', 'ScoresErrorRate', E(() => new B.ScoresErrorRate())],
  ['score-is-r2', 'ScoresNegMSE', E(() => new B.ScoresNegMSE())],
  ['fit-transform-consistent', 'FitTransformForgets', E(() => new B.FitTransformForgets())],
  ['inverse-transform-round-trip', 'InverseSubtracts', E(() => new B.InverseSubtracts())],
];

const failed = async (make: () => Estimator) => (await runEstimatorChecks(make)).filter((r) => !r.passed);

describe('runEstimatorChecks: the shells the broken estimators are built from pass everything', () => {
  it.each([
    ['ShellRegressor', E(() => new B.ShellRegressor())],
    ['ShellClassifier', E(() => new B.ShellClassifier())],
    ['CenterTransformer', E(() => new CenterTransformer())],
  ] as const)('%s', async (_name, make) => {
    const results = await runEstimatorChecks(make);
    expect(results.length).toBeGreaterThan(15);
    expect(results.filter((r) => !r.passed)).toEqual([]);
  });
});

describe('runEstimatorChecks: every check catches its broken estimator, and only that check fails', () => {
  it('has one broken estimator per check', () => {
    expect(BROKEN.map(([c]) => c).sort()).toEqual([...ESTIMATOR_CHECKS].sort());
  });
  it.each(BROKEN)('%s fails for %s', async (check, _name, make) => {
    const bad = await failed(make);
    expect(bad.map((r) => r.check)).toEqual([check]);
    expect(bad[0]!.error).toMatch(new RegExp(`^${check}: `));
  });
});

describe('runEstimatorChecks: options', () => {
  it('reports a skipped check with its reason and real outcome', async () => {
    const results = await runEstimatorChecks(E(() => new B.LeaksParams()), { skip: [{ check: 'get-params-frozen', reason: 'fixture' }] });
    const r = results.find((x) => x.check === 'get-params-frozen')!;
    expect(r).toMatchObject({ passed: false, skipped: 'fixture' });
  });
  it('rejects an unknown check name in skip and too little data', async () => {
    await expect(runEstimatorChecks(() => new DummyRegressor(), { skip: [{ check: 'no-such-check', reason: 'x' }] })).rejects.toThrow(InvalidInputError);
    await expect(runEstimatorChecks(() => new DummyRegressor(), { data: { X: [[1]], y: [1] } })).rejects.toThrow(InvalidInputError);
  });
  it('infers the kind and runs only the checks that apply', async () => {
    const names = async (make: () => Estimator) => (await runEstimatorChecks(make)).map((r) => r.check);
    expect(await names(() => new DummyClassifier())).toContain('proba-valid');
    expect(await names(() => new DummyClassifier())).not.toContain('score-is-r2');
    expect(await names(() => new DummyRegressor())).toContain('score-is-r2');
    const t = await names(E(() => new CenterTransformer()));
    expect(t).toContain('inverse-transform-round-trip');
    expect(t).not.toContain('rejects-wrong-length-y');
  });
  it('names the step and the value in failure messages', async () => {
    const [nan] = await failed(E(() => new B.ImputesNaN()));
    expect(nan!.error).toBe('rejects-nan: fit with NaN at X[1][last]: no error was thrown; expected InvalidInputError');
    const [raw] = await failed(E(() => new B.RawTypeError()));
    expect(raw!.error).toMatch(/^rejects-wrong-type-x: fit with X = null: threw TypeError: .* \(a raw error escaped: validate at the public boundary\); expected InvalidInputError or ShapeError$/);
  });
});
