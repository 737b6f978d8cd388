/**
 * Scalers, one-hot encoding, unshuffled folds and split sizes against scikit-learn 1.2.1, on the
 * inputs and values frozen by scripts/oracles/freeze_preprocessing.py (floats to 1e-12 abs + rel,
 * categories, names and indices exactly).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Matrix } from '../matrix/matrix.js';
import type { Label } from '../metrics/labels.js';
import { expectClose } from '../testing/close.js';
import { KFold, MinMaxScaler, OneHotEncoder, StandardScaler, StratifiedKFold, trainTestSplit } from './index.js';

interface Fold {
  trainIndex: number[];
  testIndex: number[];
}
interface Fixture {
  meta: { script: string; sklearn: string; tolerance: { abs: number; rel: number } };
  inputs: Record<string, number[][]>;
  categoricalInputs: Record<string, Label[][]>;
  labels: Record<string, Label[]>;
  scalers: {
    kind: 'StandardScaler' | 'MinMaxScaler';
    data: string;
    params: Record<string, unknown>;
    attributes: Record<string, number[] | number | null>;
    transform: number[][];
    inverseTransform: number[][];
    transformOther: { data: string; values: number[][] } | null;
  }[];
  oneHotEncoders: {
    data: string;
    params: { drop: null | 'first' | 'if_binary'; handleUnknown: 'error' | 'ignore'; categories?: Label[][] };
    attributes: { categories: Label[][]; dropIdx: (number | null)[] | null };
    featureNamesOut: string[];
    transform: number[][];
    inverseTransform: (Label | null)[][];
    transformUnknown?: number[][];
    inverseTransformUnknown?: (Label | null)[][];
  }[];
  kFold: { nSamples: number; nSplits: number; folds: Fold[] }[];
  stratifiedKFold: { labels: string; nSplits: number; folds: Fold[] }[];
  trainTestSplit: { nSamples: number; testSize: number | null; trainSize: number | null; nTrain: number; nTest: number; trainIndex: number[]; testIndex: number[] }[];
}

const fx = JSON.parse(readFileSync(new URL('./__fixtures__/preprocessing.json', import.meta.url), 'utf8')) as Fixture;
const tol = { atol: fx.meta.tolerance.abs, rtol: fx.meta.tolerance.rel };

describe(`preprocessing vs ${fx.meta.script} (sklearn ${fx.meta.sklearn})`, () => {
  fx.scalers.forEach((c, idx) => {
    it(`#${idx} ${c.kind} on ${c.data} ${JSON.stringify(c.params)}`, () => {
      const X = fx.inputs[c.data]!;
      const model = c.kind === 'StandardScaler' ? new StandardScaler(c.params) : new MinMaxScaler(c.params as { featureRange: [number, number]; clip: boolean });
      const Z = model.fit(X).transform(X);
      const attrs = model as unknown as Record<string, Float64Array | number | null>;
      for (const [name, expected] of Object.entries(c.attributes)) {
        if (expected === null) expect(attrs[name], name).toBeNull();
        else expectClose(attrs[name], expected, { ...tol, name });
      }
      expectClose(Z, c.transform, { ...tol, name: 'transform' });
      expectClose(model.inverseTransform(Z), c.inverseTransform, { ...tol, name: 'inverseTransform' });
      if (c.transformOther) expectClose(model.transform(fx.inputs[c.transformOther.data]!), c.transformOther.values, { ...tol, name: 'transform(other)' });
      expect(model.nFeaturesIn).toBe(X[0]!.length);
    });
  });

  fx.oneHotEncoders.forEach((c, idx) => {
    it(`#${idx} OneHotEncoder on ${c.data} ${JSON.stringify(c.params)}`, () => {
      const X = fx.categoricalInputs[c.data]!;
      const enc = new OneHotEncoder(c.params).fit(X);
      expect(enc.categories).toEqual(c.attributes.categories);
      expect(enc.dropIdx).toEqual(c.attributes.dropIdx);
      expect(enc.getFeatureNamesOut()).toEqual(c.featureNamesOut);
      const Z = enc.transform(X);
      expect(Z.toArray()).toEqual(c.transform);
      expect(enc.inverseTransformLabels(Z)).toEqual(c.inverseTransform);
      if (c.transformUnknown) {
        const U = enc.transform(fx.categoricalInputs['tableUnknown']!);
        expect(U.toArray()).toEqual(c.transformUnknown);
        expect(enc.inverseTransformLabels(U)).toEqual(c.inverseTransformUnknown);
      }
      if (c.data === 'irisBinned') {
        // the numeric path: a Matrix in, a Matrix back
        const M = Matrix.from(X as number[][]);
        expect(new OneHotEncoder(c.params).fit(M).transform(M).toArray()).toEqual(c.transform);
        expect(enc.inverseTransform(Z).toArray()).toEqual(c.inverseTransform);
      }
    });
  });

  fx.kFold.forEach((c) => {
    it(`KFold(nSplits=${c.nSplits}) on ${c.nSamples} samples`, () => {
      const folds = [...new KFold({ nSplits: c.nSplits }).split(Matrix.zeros(c.nSamples, 1))];
      expect(folds.map((f) => ({ trainIndex: Array.from(f.trainIndex), testIndex: Array.from(f.testIndex) }))).toEqual(c.folds);
    });
  });

  fx.stratifiedKFold.forEach((c) => {
    it(`StratifiedKFold(nSplits=${c.nSplits}) on ${c.labels}`, () => {
      const y = fx.labels[c.labels]!;
      const folds = [...new StratifiedKFold({ nSplits: c.nSplits }).split(Matrix.zeros(y.length, 1), y)];
      expect(folds.map((f) => ({ trainIndex: Array.from(f.trainIndex), testIndex: Array.from(f.testIndex) }))).toEqual(c.folds);
    });
  });

  fx.trainTestSplit.forEach((c) => {
    it(`trainTestSplit(n=${c.nSamples}, testSize=${c.testSize}, trainSize=${c.trainSize}, shuffle=false)`, () => {
      const X = Matrix.from(Array.from({ length: c.nSamples }, (_, i) => [i]));
      const s = trainTestSplit(X, undefined, { testSize: c.testSize ?? undefined, trainSize: c.trainSize ?? undefined, shuffle: false });
      expect([s.trainIndex.length, s.testIndex.length]).toEqual([c.nTrain, c.nTest]);
      expect(Array.from(s.trainIndex)).toEqual(c.trainIndex);
      expect(Array.from(s.testIndex)).toEqual(c.testIndex);
      expect(s.XTest.col(0)).toEqual(Float64Array.from(c.testIndex));
    });
  });
});
