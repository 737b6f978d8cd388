import { InvalidInputError, InvalidParamError, Matrix, Rng } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import { fitTemperature, softmaxWithTemperature, temperatureNll } from './temperature-scaling.js';

/** n logits (k classes, N(0, scale²)) and labels drawn from softmax(z / trueT). */
function logitsWithTemperature(rng: Rng, n: number, k: number, scale: number, trueT: number): { Z: Matrix; y: Int32Array } {
  const Z = new Matrix(n, k), y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) Z.set(i, j, scale * rng.standardNormal());
    y[i] = rng.categorical(softmaxWithTemperature([Array.from(Z.row(i))], trueT).data);
  }
  return { Z, y };
}

describe('temperature scaling', () => {
  it('dNLL/dT matches central differences in float64', () => {
    const { Z, y } = logitsWithTemperature(new Rng(11), 40, 5, 3, 1.5);
    for (const T of [0.3, 1, 2.5, 9]) {
      const h = 1e-6 * T;
      const fd = (temperatureNll(Z, y, T + h).nll - temperatureNll(Z, y, T - h).nll) / (2 * h);
      const g = temperatureNll(Z, y, T).dNllDT;
      expect(Math.abs(fd - g)).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(g)));
    }
  });

  // Seed pinned to fix the sampling noise; with n = 5000 the maximum-likelihood T̂ has a standard
  // error of a few hundredths, so the 0.2 window holds for any seed.
  it('recovers the temperature the labels were drawn at, lowers the NLL and keeps the argmax', () => {
    const { Z, y } = logitsWithTemperature(new Rng(5), 5000, 6, 3, 2);
    const fit = fitTemperature(Z, y);
    expect(fit.atBound).toBe(false);
    expect(Math.abs(fit.temperature - 2)).toBeLessThan(0.2);
    expect(fit.nll).toBeLessThan(fit.nllBefore);
    expect(fit.gradient).toBeLessThan(1e-9);
    expect(fit.iterations).toBeLessThan(30);
    const P1 = softmaxWithTemperature(Z), PT = softmaxWithTemperature(Z, fit.temperature);
    for (let i = 0; i < 50; i++) {
      const a = P1.row(i), b = PT.row(i);
      expect(b.indexOf(Math.max(...b))).toBe(a.indexOf(Math.max(...a)));
    }
    // the fitted T is a minimum: nudging it either way raises the NLL
    for (const f of [0.98, 1.02]) expect(temperatureNll(Z, y, f * fit.temperature).nll).toBeGreaterThan(fit.nll);
  });

  it('reports an optimum at the bracket end when every label is the argmax (NLL falls as T → 0)', () => {
    const fit = fitTemperature([[2, 0, 0], [0, 3, 1], [0, 0, 1]], [0, 1, 2], { minTemperature: 0.05 });
    expect(fit.atBound).toBe(true);
    expect(fit.temperature).toBe(0.05);
    expect(fit.nll).toBeLessThan(fit.nllBefore);
  });

  it('softmax rows sum to 1 and survive huge logits', () => {
    const P = softmaxWithTemperature([[1000, 0, -1000], [1, 2, 3]], 0.5);
    expect(P.get(0, 0)).toBe(1);
    expect(P.row(1).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 15);
  });

  it('rejects bad input with typed errors', () => {
    expect(() => softmaxWithTemperature([[1, 2]], 0)).toThrow(/temperature must be a finite number > 0/);
    expect(() => temperatureNll([[1, 2]], [0], -1)).toThrow(InvalidParamError);
    expect(() => fitTemperature([[1, 2]], [0], { minTemperature: 5, maxTemperature: 1 })).toThrow(/maxTemperature/);
    expect(() => fitTemperature([[1, 2]], [0], { maxIter: 0 })).toThrow(InvalidParamError);
    expect(() => fitTemperature([[1], [2]], [0, 0])).toThrow(/at least 2 columns/);
    expect(() => fitTemperature([[1, Number.NaN]], [0])).toThrow(InvalidInputError);
    expect(() => fitTemperature([[1, 2]], [5])).toThrow(/labels\[0\] = 5/);
  });
});
