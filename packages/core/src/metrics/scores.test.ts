/**
 * Edge cases of the score metrics (log loss, ROC, precision-recall, ECE, regression), with
 * expected values derived by hand, from scikit-learn's docs, or from an independent formula
 * (ROC AUC = Mann-Whitney probability; AP = mean precision at the positives).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError, InvalidParamError, ShapeError } from '../errors.js';
import { Matrix } from '../matrix/matrix.js';
import {
  averagePrecisionScore,
  expectedCalibrationError,
  logLoss,
  meanAbsoluteError,
  meanSquaredError,
  precisionRecallCurve,
  r2Score,
  rocAucScore,
  rocCurve,
} from './index.js';

describe('logLoss', () => {
  it('matches the sklearn docs example (string labels, columns in sorted order)', () => {
    const P = [[0.1, 0.9], [0.9, 0.1], [0.8, 0.2], [0.35, 0.65]]; // columns: ham, spam
    const expected = -(Math.log(0.9) + Math.log(0.9) + Math.log(0.8) + Math.log(0.65)) / 4;
    expect(logLoss(['spam', 'ham', 'ham', 'spam'], P)).toBeCloseTo(expected, 14);
    expect(logLoss(['spam', 'ham', 'ham', 'spam'], [0.9, 0.1, 0.2, 0.65])).toBeCloseTo(expected, 14);
    expect(logLoss(['spam', 'ham', 'ham', 'spam'], P, { normalize: false })).toBeCloseTo(4 * expected, 13);
  });
  it('clips 0 and 1 to machine epsilon, so certainty costs -log(eps) when wrong and ~0 when right', () => {
    expect(logLoss([0, 1], [[0, 1], [1, 0]])).toBeCloseTo(-Math.log(Number.EPSILON), 12);
    const right = logLoss([0, 1], [[1, 0], [0, 1]]);
    expect(right).toBeGreaterThan(0);
    expect(right).toBeLessThan(1e-15);
  });
  it('needs two classes: one class in yTrue works only with labels', () => {
    expect(() => logLoss([1, 1], [0.8, 0.9])).toThrow(InvalidInputError);
    expect(logLoss([1, 1], [0.8, 0.9], { labels: [0, 1] })).toBeCloseTo(-(Math.log(0.8) + Math.log(0.9)) / 2, 14);
  });
  it('rejects probabilities outside [0, 1], NaN, row and column mismatches', () => {
    expect(() => logLoss([0, 1], [[1.2, -0.2], [0, 1]])).toThrow(InvalidInputError);
    expect(() => logLoss([0, 1], [[NaN, 1], [0, 1]])).toThrow(InvalidInputError);
    expect(() => logLoss([0, 1, 1], [[0.5, 0.5], [0, 1]])).toThrow(ShapeError);
    expect(() => logLoss([0, 1, 2], [[0.5, 0.5], [0, 1], [0, 1]])).toThrow(InvalidInputError);
    expect(() => logLoss([0, 1], [0.5, 0.5], { eps: -1 })).toThrow(InvalidParamError);
  });
});

describe('rocCurve and rocAucScore', () => {
  it('matches the sklearn docs example', () => {
    const { fpr, tpr, thresholds } = rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], { dropIntermediate: false });
    expect(Array.from(fpr)).toEqual([0, 0, 0.5, 0.5, 1]);
    expect(Array.from(tpr)).toEqual([0, 0.5, 0.5, 1, 1]);
    expect(Array.from(thresholds)).toEqual([1.8, 0.8, 0.4, 0.35, 0.1]);
    expect(rocAucScore([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBe(0.75);
  });
  it('gives 1 for a perfect ranking, 0.5 for all-tied scores, and merges ties into one point', () => {
    expect(rocAucScore([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9])).toBe(1);
    expect(rocAucScore([0, 1, 0, 1], [0.3, 0.3, 0.3, 0.3])).toBe(0.5);
    expect(Array.from(rocCurve([0, 1, 0, 1], [0.3, 0.3, 0.3, 0.3]).fpr)).toEqual([0, 1]);
  });
  it('equals the Mann-Whitney probability P(s+ > s-) + P(s+ = s-)/2 (any scores, ties included)', () => {
    const arb = fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 6 })), { minLength: 2, maxLength: 40 })
      .filter((a) => a.some(([y]) => y) && a.some(([y]) => !y));
    fc.assert(
      fc.property(arb, (a) => {
        const y = a.map(([b]) => (b ? 1 : 0));
        const s = a.map(([, v]) => v / 6);
        let wins = 0;
        let pairs = 0;
        for (let i = 0; i < a.length; i++) for (let j = 0; j < a.length; j++) {
          if (y[i] === 1 && y[j] === 0) {
            pairs++;
            wins += s[i]! > s[j]! ? 1 : s[i] === s[j] ? 0.5 : 0;
          }
        }
        expect(rocAucScore(y, s)).toBeCloseTo(wins / pairs, 12);
      }),
    );
  });
  it('uses the larger label as positive for binary AUC and needs posLabel for other curves', () => {
    expect(rocAucScore(['neg', 'neg', 'pos', 'pos'], [0.1, 0.4, 0.35, 0.8])).toBe(0.75);
    expect(() => rocCurve(['neg', 'pos'], [0.1, 0.8])).toThrow(InvalidParamError);
    expect(rocCurve(['neg', 'pos'], [0.1, 0.8], { posLabel: 'pos' }).tpr[1]).toBe(1);
  });
  it('averages one-vs-rest AUCs for multiclass probabilities', () => {
    const y = [0, 1, 2, 0, 1, 2];
    const P = Matrix.from([[0.8, 0.1, 0.1], [0.1, 0.8, 0.1], [0.1, 0.1, 0.8], [0.6, 0.3, 0.1], [0.2, 0.7, 0.1], [0.1, 0.3, 0.6]]);
    expect(rocAucScore(y, P)).toBe(1);
    expect(rocAucScore(y, P, { average: 'weighted' })).toBe(1);
  });
  it('rejects a single class, non-probability multiclass rows and bad params', () => {
    expect(() => rocAucScore([1, 1, 1], [0.2, 0.4, 0.9])).toThrow(InvalidInputError);
    expect(() => rocCurve([1, 1, 1], [0.2, 0.4, 0.9])).toThrow(InvalidInputError);
    expect(() => rocAucScore([0, 1, 2], [[0.5, 0.5, 0.5], [0.2, 0.2, 0.6], [0.1, 0.1, 0.8]])).toThrow(/sum to 1/);
    expect(() => rocAucScore([0, 1, 2], [[1, 0, 0], [0, 1, 0], [0, 0, 1]], { average: 'samples' as never })).toThrow(InvalidParamError);
    expect(() => rocAucScore([0, 1, 2], [[1, 0], [0, 1], [0, 1]])).toThrow(ShapeError);
    expect(() => rocAucScore([0, 1], [0.5, NaN])).toThrow(InvalidInputError);
    expect(() => rocAucScore([0, 1, 1], [0.5, 0.2])).toThrow(/yScore has 2 entries but yTrue has 3/);
  });
});

describe('precisionRecallCurve and averagePrecisionScore', () => {
  it('matches the sklearn docs example', () => {
    const { precision, recall, thresholds } = precisionRecallCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
    expect(Array.from(precision)).toEqual([0.5, 2 / 3, 0.5, 1, 1]);
    expect(Array.from(recall)).toEqual([1, 1, 0.5, 0.5, 0]);
    expect(Array.from(thresholds)).toEqual([0.1, 0.35, 0.4, 0.8]);
    expect(averagePrecisionScore([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(5 / 6, 15);
  });
  it('without ties, AP is the mean over positives of the precision at their rank (step-wise, not trapezoid)', () => {
    const arb = fc.uniqueArray(fc.integer({ min: 0, max: 1000 }), { minLength: 2, maxLength: 40 }).chain((scores) =>
      fc.tuple(fc.constant(scores), fc.array(fc.boolean(), { minLength: scores.length, maxLength: scores.length })),
    ).filter(([, ys]) => ys.some((v) => v));
    fc.assert(
      fc.property(arb, ([scores, ys]) => {
        const y = ys.map((b) => (b ? 1 : 0));
        const order = scores.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
        let tp = 0;
        let sum = 0;
        order.forEach((i, rank) => {
          if (y[i] === 1) {
            tp++;
            sum += tp / (rank + 1);
          }
        });
        expect(averagePrecisionScore(y, scores)).toBeCloseTo(sum / tp, 12);
      }),
    );
  });
  it('perfect ranking gives AP 1; ties form one step', () => {
    expect(averagePrecisionScore([0, 1, 1], [0.1, 0.7, 0.9])).toBe(1);
    // all tied: one threshold, precision = prevalence at recall 1
    expect(averagePrecisionScore([0, 1, 1, 0], [0.5, 0.5, 0.5, 0.5])).toBe(0.5);
  });
  it('rejects multiclass targets and an absent posLabel', () => {
    expect(() => averagePrecisionScore([0, 1, 2], [0.1, 0.2, 0.3])).toThrow(InvalidInputError);
    expect(() => averagePrecisionScore(['a', 'b'], [0.1, 0.2])).toThrow(InvalidParamError);
    expect(averagePrecisionScore(['a', 'b'], [0.1, 0.2], { posLabel: 'b' })).toBe(1);
  });
});

describe('expectedCalibrationError', () => {
  it('is 0 when each bin is exactly as accurate as it is confident', () => {
    // four samples at confidence 0.75, three of them right
    const P = [[0.75, 0.25], [0.75, 0.25], [0.75, 0.25], [0.75, 0.25]];
    expect(expectedCalibrationError([0, 0, 0, 1], P)).toBeCloseTo(0, 15);
  });
  it('weights each bin gap by the bin share (hand-computed, two bins)', () => {
    // bin (0.6, 0.667]: conf 0.65 twice, 1 of 2 right -> gap 0.15; bin (0.933, 1]: conf 0.95 twice, both wrong -> 0.95
    const P = [[0.65, 0.35], [0.35, 0.65], [0.95, 0.05], [0.05, 0.95]];
    expect(expectedCalibrationError([0, 0, 1, 0], P)).toBeCloseTo(0.5 * 0.15 + 0.5 * 0.95, 14);
    expect(expectedCalibrationError([0, 0, 1, 0], [0.35, 0.65, 0.05, 0.95])).toBeCloseTo(0.5 * 0.15 + 0.5 * 0.95, 14);
  });
  it('puts a confidence on a bin edge into the lower bin ((m-1)/M, m/M])', () => {
    // with 2 bins, confidence 0.5 belongs to (0, 0.5] and 0.75 to (0.5, 1]
    const P = [[0.5, 0.5], [0.75, 0.25]];
    // bin 1: conf 0.5, right (argmax takes the first maximum, class 0) -> gap 0.5; bin 2: conf 0.75, wrong -> 0.75
    expect(expectedCalibrationError([0, 1], P, { nBins: 2 })).toBeCloseTo(0.5 * 0.5 + 0.5 * 0.75, 15);
  });
  it('rejects bad nBins, probabilities and class counts', () => {
    expect(() => expectedCalibrationError([0, 1], [0.2, 0.9], { nBins: 0 })).toThrow(InvalidParamError);
    expect(() => expectedCalibrationError([0, 1], [0.2, 1.9])).toThrow(InvalidInputError);
    expect(() => expectedCalibrationError([0, 1, 2], [[0.2, 0.8], [0.2, 0.8], [0.2, 0.8]])).toThrow(InvalidInputError);
  });
});

describe('regression metrics', () => {
  it('computes MSE, RMSE, MAE and R^2 on a hand example', () => {
    const t = [3, -0.5, 2, 7];
    const p = [2.5, 0, 2, 8]; // sklearn docs: MSE 0.375, MAE 0.5, R^2 0.9486...
    expect(meanSquaredError(t, p)).toBe(0.375);
    expect(meanSquaredError(t, p, { squared: false })).toBeCloseTo(Math.sqrt(0.375), 15);
    expect(meanAbsoluteError(t, p)).toBe(0.5);
    expect(r2Score(t, p)).toBeCloseTo(1 - 1.5 / 29.1875, 14);
  });
  it('follows sklearn for a constant target: 1 if exact, else 0; perfect predictions give 1', () => {
    expect(r2Score([2, 2, 2], [2, 2, 2])).toBe(1);
    expect(r2Score([2, 2, 2], [2, 2, 3])).toBe(0);
    expect(r2Score([1, 2, 3], [1, 2, 3])).toBe(1);
  });
  it('rejects NaN and length mismatches', () => {
    expect(() => r2Score([1, NaN], [1, 2])).toThrow(InvalidInputError);
    expect(() => meanSquaredError([1, 2], [1])).toThrow(/yPred has 1 entries but yTrue has 2/);
  });
});
