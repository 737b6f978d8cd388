/**
 * Properties and errors of the calibration metrics. Property cases are drawn by fast-check (a
 * failing run prints its seed and shrink path; replay with `fc.assert(prop, { seed, path })`);
 * each case's probabilities come from core's Rng seeded by fast-check.
 */
import { InvalidInputError, InvalidParamError, Matrix, Rng, ShapeError, expectedCalibrationError } from '@fpml/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { averageProbabilities, decomposeUncertainty, mutualInformation, predictiveEntropy } from './decomposition.js';
import { oodAuroc } from './ood.js';
import { expectedCalibrationErrorTopLabel, maxCalibrationError, reliabilityDiagram } from './reliability.js';
import { brierScore, negativeLogLikelihood } from './scoring-rules.js';

/** n rows of softmax(scale · N(0, 1)) over k classes, and labels drawn from softmax(scale·z / labelTemp). */
function draw(rng: Rng, n: number, k: number, scale: number, labelTemp = 1): { P: Matrix; y: Int32Array } {
  const P = new Matrix(n, k), y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const z = Array.from({ length: k }, () => scale * rng.standardNormal());
    const soft = (t: number) => { const m = Math.max(...z), e = z.map((v) => Math.exp((v - m) / t)), s = e.reduce((a, b) => a + b, 0); return e.map((v) => v / s); };
    soft(1).forEach((p, j) => P.set(i, j, p));
    y[i] = rng.categorical(soft(labelTemp));
  }
  return { P, y };
}

const caseArb = fc.record({ seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }), n: fc.integer({ min: 1, max: 60 }), k: fc.integer({ min: 2, max: 6 }), nBins: fc.integer({ min: 1, max: 20 }), scale: fc.double({ min: 0.1, max: 6, noNaN: true }) });

describe('reliabilityDiagram / ECE / MCE', () => {
  it('uniform ECE equals @fpml/core expectedCalibrationError; 0 ≤ ECE ≤ MCE ≤ 1; counts add up', () => {
    fc.assert(fc.property(caseArb, ({ seed, n, k, nBins, scale }) => {
      const { P, y } = draw(new Rng(seed), n, k, scale);
      const d = reliabilityDiagram(P, y, { nBins });
      const core = expectedCalibrationError(y, P, { nBins, labels: Array.from({ length: k }, (_, j) => j) });
      expect(Math.abs(d.ece - core)).toBeLessThanOrEqual(1e-12);
      expect(d.ece).toBeGreaterThanOrEqual(0);
      expect(d.mce).toBeGreaterThanOrEqual(d.ece - 1e-15);
      expect(d.mce).toBeLessThanOrEqual(1);
      expect(d.bins.reduce((s, b) => s + b.count, 0)).toBe(n);
      expect(d.bins).toHaveLength(nBins);
      // the count-weighted bin accuracies are the overall accuracy
      const acc = d.bins.reduce((s, b) => s + b.count * (b.accuracy ?? 0), 0) / n;
      expect(Math.abs(acc - d.accuracy)).toBeLessThanOrEqual(1e-12);
      expect(expectedCalibrationErrorTopLabel(P, y, { nBins })).toBe(d.ece);
      expect(maxCalibrationError(P, y, { nBins })).toBe(d.mce);
    }));
  });

  it('quantile bins hold equal mass (counts within 2 of each other for distinct confidences)', () => {
    fc.assert(fc.property(caseArb, ({ seed, n, k, nBins, scale }) => {
      const { P, y } = draw(new Rng(seed), n + 30, k, scale);
      const d = reliabilityDiagram(P, y, { nBins, strategy: 'quantile' });
      const conf = Array.from({ length: P.rows }, (_, i) => Math.max(...P.row(i)));
      fc.pre(new Set(conf).size === conf.length);
      const counts = d.bins.map((b) => b.count);
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(2);
      expect(d.bins[0]!.lower).toBe(Math.min(...conf));
      expect(d.bins.at(-1)!.upper).toBe(Math.max(...conf));
    }));
  });

  // Seed pinned so the sampling noise is fixed; with n = 20 000 the noise floor of a calibrated
  // model's ECE is about 0.005, far below both thresholds, so any seed would pass.
  it('is near 0 for labels drawn from the probabilities, and large for sharpened (over-confident) ones', () => {
    const calibrated = draw(new Rng(3), 20000, 5, 2, 1);
    expect(reliabilityDiagram(calibrated.P, calibrated.y).ece).toBeLessThan(0.02);
    const over = draw(new Rng(3), 20000, 5, 2, 2); // labels noisier than the probabilities claim
    const d = reliabilityDiagram(over.P, over.y);
    expect(d.ece).toBeGreaterThan(0.1);
    expect(d.meanConfidence).toBeGreaterThan(d.accuracy + 0.1);
  });

  it('puts a confidence on an edge in the lower bin, (lo, hi]', () => {
    const d = reliabilityDiagram([[0.6, 0.4], [0.75, 0.25], [1, 0]], [0, 1, 0], { nBins: 4 });
    expect(d.bins.map((b) => b.count)).toEqual([0, 0, 2, 1]); // 0.6, 0.75 ∈ (0.5, 0.75]; 1 ∈ (0.75, 1]
    expect(d.bins[2]!.accuracy).toBe(0.5);
    expect(d.bins[0]!.accuracy).toBeNull();
  });

  it('rejects bad input with typed errors naming the argument', () => {
    expect(() => reliabilityDiagram([[0.5, 0.6]], [0])).toThrow(/row 0 of probs sums to 1.1/);
    expect(() => reliabilityDiagram([[1.2, -0.2]], [0])).toThrow(InvalidInputError);
    expect(() => reliabilityDiagram([[Number.NaN, 1]], [0])).toThrow(InvalidInputError);
    expect(() => reliabilityDiagram([0.5, 0.5] as never, [0])).toThrow(ShapeError);
    expect(() => reliabilityDiagram([[0.5, 0.5]], [2])).toThrow(/labels\[0\] = 2 is not a class index in \[0, 1\]/);
    expect(() => reliabilityDiagram([[0.5, 0.5]], [0.5])).toThrow(InvalidInputError);
    expect(() => reliabilityDiagram([[0.5, 0.5]], [0, 1])).toThrow(/labels has 2 entries but probs has 1 rows/);
    expect(() => reliabilityDiagram([[0.5, 0.5]], [0], { nBins: 0 })).toThrow(InvalidParamError);
    expect(() => reliabilityDiagram([[0.5, 0.5]], [0], { strategy: 'equal' as never })).toThrow(/strategy/);
  });
});

describe('proper scoring rules', () => {
  it('NLL ≥ 0 and Brier ∈ [0, 2]; both 0 for a confident correct prediction, Brier 2 for a confident wrong one', () => {
    fc.assert(fc.property(caseArb, ({ seed, n, k, scale }) => {
      const { P, y } = draw(new Rng(seed), n, k, scale);
      expect(negativeLogLikelihood(P, y)).toBeGreaterThanOrEqual(0);
      const b = brierScore(P, y);
      expect(b).toBeGreaterThanOrEqual(0);
      expect(b).toBeLessThanOrEqual(2);
    }));
    expect(negativeLogLikelihood([[0, 1]], [1])).toBe(0);
    expect(brierScore([[0, 1]], [1])).toBe(0);
    expect(brierScore([[0, 1]], [0])).toBe(2);
    expect(negativeLogLikelihood([[0, 1]], [0])).toBeCloseTo(-Math.log(Number.EPSILON), 12); // clipped, finite
    expect(negativeLogLikelihood([[0, 1]], [0], { eps: 1e-3 })).toBeCloseTo(-Math.log(1e-3), 12);
  });

  it('rejects bad input', () => {
    expect(() => negativeLogLikelihood([[0.5, 0.5]], [0], { eps: 0 })).toThrow(InvalidParamError);
    expect(() => brierScore([[0.5, 0.5]], [3])).toThrow(InvalidInputError);
    expect(() => brierScore('x' as never, [0])).toThrow(InvalidInputError);
  });
});

describe('entropy and the BALD decomposition', () => {
  const stackArb = fc.record({ seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }), n: fc.integer({ min: 1, max: 20 }), k: fc.integer({ min: 2, max: 6 }), S: fc.integer({ min: 1, max: 6 }) });

  it('total = expected + MI, MI ≥ 0, total ≤ log k, and MI = 0 for identical members', () => {
    fc.assert(fc.property(stackArb, ({ seed, n, k, S }) => {
      const rng = new Rng(seed);
      const stack = Array.from({ length: S }, () => draw(rng, n, k, 3).P);
      const d = decomposeUncertainty(stack);
      for (let i = 0; i < n; i++) {
        expect(d.mutualInformation[i]).toBeGreaterThanOrEqual(0);
        expect(Math.abs(d.total[i]! - d.expected[i]! - d.mutualInformation[i]!)).toBeLessThanOrEqual(1e-12);
        expect(d.total[i]).toBeLessThanOrEqual(Math.log(k) + 1e-12);
      }
      expect(Array.from(predictiveEntropy(averageProbabilities(stack)))).toEqual(Array.from(d.total));
      for (const v of mutualInformation(Array.from({ length: S }, () => stack[0]!))) expect(v).toBeLessThanOrEqual(1e-15);
    }));
  });

  it('is log k for the uniform distribution and 0 for a one-hot one; members that disagree have MI log 2', () => {
    expect(predictiveEntropy([[0.25, 0.25, 0.25, 0.25], [0, 0, 1, 0]])).toEqual(Float64Array.from([Math.log(4), 0]));
    const mi = mutualInformation([[[1, 0]], [[0, 1]]]);
    expect(mi[0]).toBeCloseTo(Math.log(2), 15);
  });

  it('rejects an empty or ragged stack', () => {
    expect(() => decomposeUncertainty([])).toThrow(InvalidInputError);
    expect(() => averageProbabilities([[[1, 0]], [[0.5, 0.5], [1, 0]]])).toThrow(/samples\[1\] is 2×2 but samples\[0\] is 1×2/);
    expect(() => mutualInformation([[[0.7, 0.7]]])).toThrow(/samples\[0\]/);
  });
});

describe('oodAuroc', () => {
  it('is 1 for separated scores, 0.5 for equal ones, and P(out > in) + ½P(tie) in general', () => {
    expect(oodAuroc([0.1, 0.2], [0.3, 0.9])).toBe(1);
    expect(oodAuroc([0.3, 0.9], [0.1, 0.2])).toBe(0);
    expect(oodAuroc([1, 1, 1], [1, 1])).toBe(0.5);
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 15 }), fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 15 }), (a, b) => {
      let w = 0;
      for (const x of a) for (const o of b) w += o > x ? 1 : o === x ? 0.5 : 0; // Mann–Whitney, by brute force
      expect(Math.abs(oodAuroc(a, b) - w / (a.length * b.length))).toBeLessThanOrEqual(1e-12);
    }));
  });

  it('rejects an empty side or a NaN score', () => {
    expect(() => oodAuroc([], [1])).toThrow(/scoreIn must have at least 1 entry/);
    expect(() => oodAuroc([1], [Number.NaN])).toThrow(InvalidInputError);
  });
});
