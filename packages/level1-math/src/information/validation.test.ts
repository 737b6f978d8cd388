/** Input checks of the discrete information functions. */
import { InvalidInputError, InvalidParamError, ShapeError } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import { discreteCrossEntropy, entropy, entropyFromCounts, jensenShannonDistance, klDivergence, mutualInformation, mutualInformationFromTable, perplexity } from './index.js';

describe('information input checks', () => {
  it('probabilities must sum to 1 within 1e-9', () => {
    expect(() => entropy([0.5, 0.6])).toThrow(InvalidInputError);
    expect(() => entropy([0.5, 0.6])).toThrow(/entropy: p must sum to 1 \(within 1e-9\), got a sum of 1.1/);
    expect(() => klDivergence([0.5, 0.5], [0.5, 0.4])).toThrow(/klDivergence: q must sum to 1/);
    expect(() => perplexity([2])).toThrow(InvalidInputError);
    expect(entropy([0.5, 0.5 + 5e-10])).toBeCloseTo(Math.log(2), 8);
  });
  it('entries must be finite and ≥ 0; arrays non-empty and of equal length', () => {
    expect(() => entropy([1.5, -0.5])).toThrow('entropy: p must contain finite numbers ≥ 0, got -0.5 at index 1');
    expect(() => entropy([NaN, 1])).toThrow(InvalidInputError);
    expect(() => entropy([])).toThrow(InvalidInputError);
    expect(() => discreteCrossEntropy([1, 0], [1])).toThrow(ShapeError);
    expect(() => jensenShannonDistance([1], 'x' as unknown as number[])).toThrow(InvalidInputError);
    expect(() => entropyFromCounts([0, 0])).toThrow(/must not all be zero/);
    expect(() => mutualInformationFromTable([[0, 0]])).toThrow(InvalidInputError);
    expect(() => mutualInformationFromTable([[1, -1]])).toThrow(InvalidInputError);
    expect(() => mutualInformation([1, 2], [1])).toThrow(ShapeError);
    expect(() => mutualInformation([], [])).toThrow(InvalidInputError);
  });
  it('base must be e, 2 or a finite number > 0 other than 1', () => {
    expect(() => entropy([1], { base: 1 })).toThrow(InvalidParamError);
    expect(() => entropy([1], { base: -2 })).toThrow(InvalidParamError);
    expect(() => entropy([1], { base: 'two' as unknown as number })).toThrow("entropy: param base must be 'e', 2, or a finite number > 0 other than 1, got \"two\"");
    expect(entropy([0.5, 0.5], { base: 2 })).toBe(1);
  });
});
