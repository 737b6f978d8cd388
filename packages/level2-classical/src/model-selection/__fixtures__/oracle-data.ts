/**
 * Shared loader for the model-selection oracle tests: the frozen fixture
 * (scripts/oracles/freeze_model_selection.py), the datasets it names, and the estimators its
 * specs name (core's, the tiny ones beside this file, and, once registered in {@link FACTORIES},
 * this package's own).
 */
import { readFileSync } from 'node:fs';
import { DummyClassifier, DummyRegressor, KFold, Matrix, Pipeline, StandardScaler, StratifiedKFold } from '@fpml/core';
import { loadBreastCancer, loadDiabetes, loadIris, loadWine } from '@fpml/datasets';
import type { FittableEstimator } from '../clone.js';
import type { CvOption } from '../check-cv.js';
import { Ridge } from '../../linear/index.js';
import { GaussianNB } from '../../naive-bayes/index.js';
import { KNeighborsClassifier } from '../../neighbors/index.js';
import { TinyNearestCentroid, TinyRidge } from './tiny-estimators.js';

export interface Spec {
  name: string;
  params?: Record<string, unknown>;
}
export type CvSpec = number | { splitter: 'KFold' | 'StratifiedKFold'; nSplits: number };

export interface Fixture {
  meta: { script: string; sklearn: string; tolerance: { abs: number; rel: number } };
  inputs: Record<string, { X: number[][]; y: number[] }>;
  folds: { data: string; cv: number; classifier: boolean; splitter: string; testIndex: number[][] }[];
  npStats: { a: number[]; sum: number; mean: number; std: number; ties: number[]; rankMin: number[] }[];
  linspace: { start: number; stop: number; num: number; values: number[] }[];
  groupKFold: { groups: (number | string)[]; nSplits: number; testIndex: number[][] }[];
  crossValScore: { data: string; estimator: Spec; cv: CvSpec; scoring: string | null; scores: number[] }[];
  crossValidate: { data: string; estimator: Spec; cv: CvSpec; scoring: string[]; testScores: Record<string, number[]>; trainScores: Record<string, number[]> }[];
  crossValPredict: { data: string; estimator: Spec; cv: CvSpec; method: 'predict' | 'predict_proba'; predictions: number[] | number[][] }[];
  parameterGrid: { grid: Record<string, unknown[]> | Record<string, unknown[]>[]; expanded: Record<string, unknown>[]; byIndex: Record<string, unknown>[]; length: number }[];
  gridSearch: {
    data: string;
    estimator: Spec;
    paramGrid: Record<string, unknown[]> | Record<string, unknown[]>[];
    cv: CvSpec;
    scoring: string | null;
    returnTrainScore: boolean;
    nSplits: number;
    cvResults: {
      params: Record<string, unknown>[];
      splitTestScores: number[][];
      meanTestScore: number[];
      stdTestScore: number[];
      rankTestScore: number[];
      paramValues: Record<string, unknown[]>;
      splitTrainScores?: number[][];
      meanTrainScore?: number[];
      stdTrainScore?: number[];
    };
    bestIndex: number;
    bestParams: Record<string, unknown>;
    bestScore: number;
    bestPredictFirst10: number[];
  }[];
  learningCurveSizes: { data: string; cv: number; trainSizes: number[] | null; trainSizesKind: 'fraction' | 'absolute'; nMax: number; trainSizesAbs: number[] }[];
  learningCurve: { data: string; estimator: Spec; cv: number; trainSizes: number[] | null; scoring: string | null; trainSizesAbs: number[]; trainScores: number[][]; testScores: number[][] }[];
  validationCurve: { data: string; estimator: Spec; paramName: string; paramRange: unknown[]; cv: number; scoring: string; trainScores: number[][]; testScores: number[][] }[];
  permutationTestScore: { data: string; estimator: Spec; cv: number; scoring: string; score: number }[];
}

export const fx = JSON.parse(readFileSync(new URL('./model-selection.json', import.meta.url), 'utf8')) as Fixture;
export const tol = { atol: fx.meta.tolerance.abs, rtol: fx.meta.tolerance.rel };

const cache = new Map<string, { X: Matrix; y: Int32Array | Float64Array }>();
/** The dataset a case names, as fpml loads it (same numbers as sklearn's bundled copies). */
export function dataset(name: string): { X: Matrix; y: Int32Array | Float64Array } {
  let d = cache.get(name);
  if (d === undefined) {
    const loaders: Record<string, () => { X: Matrix; y: Int32Array | Float64Array }> = {
      iris: loadIris,
      wine: loadWine,
      breast_cancer: loadBreastCancer,
      diabetes: loadDiabetes,
    };
    const inp = fx.inputs[name];
    d = inp ? { X: Matrix.from(inp.X), y: Int32Array.from(inp.y) } : loaders[name]!();
    cache.set(name, d);
  }
  return d;
}

const camel = (s: string): string => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const camelParams = (p: Record<string, unknown> = {}): Record<string, unknown> => Object.fromEntries(Object.entries(p).map(([k, v]) => [camel(k), v]));

/** Builders by spec name. The other helpers' estimators are added here once they exist. */
export const FACTORIES: Record<string, (params: Record<string, unknown>) => FittableEstimator> = {
  DummyClassifier: (p) => new DummyClassifier(p),
  DummyRegressor: (p) => new DummyRegressor(p),
  NearestCentroid: () => new TinyNearestCentroid(),
  'Pipeline[StandardScaler,Ridge]': (p) => new Pipeline({ steps: [['scale', new StandardScaler()], ['ridge', new TinyRidge(p)]] }),
  KNeighborsClassifier: (p) => new KNeighborsClassifier(p),
  GaussianNB: (p) => new GaussianNB(p),
  Ridge: (p) => new Ridge(p),
};

/** Spec names frozen for estimators of other families that are not wired in yet (none left). */
export const PENDING = new Set<string>([]);

/** Second builders for the same sklearn spec: the Ridge pipeline again with this package's Ridge. */
export const ALTERNATIVES: Record<string, (params: Record<string, unknown>) => FittableEstimator> = {
  'Pipeline[StandardScaler,Ridge]': (p) => new Pipeline({ steps: [['scale', new StandardScaler()], ['ridge', new Ridge(p)]] }),
};

/** The cases to run: every case with its factory, plus a copy per alternative builder. */
export function withAlternatives<T extends { estimator: Spec }>(cases: readonly T[]): { c: T; build: (s: Spec) => FittableEstimator; label: string }[] {
  const out: { c: T; build: (s: Spec) => FittableEstimator; label: string }[] = [];
  for (const c of cases) {
    if (c.estimator.name in FACTORIES) out.push({ c, build: make, label: '' });
    const alt = ALTERNATIVES[c.estimator.name];
    if (alt) out.push({ c, build: (s) => alt(camelParams(s.params)), label: " (this package's Ridge)" });
  }
  return out;
}

export function make(spec: Spec): FittableEstimator {
  const f = FACTORIES[spec.name];
  if (f === undefined) throw new Error(`no factory for ${spec.name}`);
  return f(camelParams(spec.params));
}

export function makeCv(cv: CvSpec): CvOption {
  if (typeof cv === 'number') return cv;
  return cv.splitter === 'KFold' ? new KFold({ nSplits: cv.nSplits }) : new StratifiedKFold({ nSplits: cv.nSplits });
}

/** sklearn param names → fpml's (camelCase; `step__param` keeps its `__`). */
export function camelGrid<T>(g: T): T {
  if (Array.isArray(g)) return g.map(camelGrid) as T;
  return Object.fromEntries(Object.entries(g as Record<string, unknown>).map(([k, v]) => [k.split('__').map(camel).join('__'), v])) as T;
}
