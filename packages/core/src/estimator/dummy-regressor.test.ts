import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { InvalidInputError, InvalidParamError, NotFittedError, ShapeError } from '../errors.js';
import { Matrix } from '../matrix/matrix.js';
import { DummyRegressor, median, numpyQuantile } from './dummy-regressor.js';
import { estimatorFromJSON } from './registry.js';

const X = Matrix.zeros(5, 3);
const y = [3, 1, 4, 1, 5];

describe('DummyRegressor', () => {
  it('checks params in fit, naming the param', () => {
    expect(() => new DummyRegressor({ strategy: 'quantile' }).fit(X, y)).toThrow(InvalidParamError);
    expect(() => new DummyRegressor({ strategy: 'quantile', quantile: 1.5 }).fit(X, y)).toThrow(
      "DummyRegressor: param quantile must be a number in [0, 1] when strategy is 'quantile', got 1.5",
    );
    expect(() => new DummyRegressor({ strategy: 'constant' }).fit(X, y)).toThrow(/param constant must be a finite number/);
    expect(() => new DummyRegressor({ strategy: 'mode' as never }).fit(X, y)).toThrow(/param strategy/);
  });
  it('throws NotFittedError before fit', () => {
    const m = new DummyRegressor();
    expect(() => m.predict(X)).toThrow(NotFittedError);
    expect(() => m.score(X, y)).toThrow(NotFittedError);
    expect(() => m.constant).toThrow('DummyRegressor is not fitted yet: call fit() before constant');
  });
  it('computes mean, median, quantile and constant', () => {
    expect(new DummyRegressor().fit(X, y).constant).toBe(14 / 5);
    expect(new DummyRegressor({ strategy: 'median' }).fit(X, y).constant).toBe(3);
    expect(new DummyRegressor({ strategy: 'median' }).fit(Matrix.zeros(4, 3), [1, 2, 10, 3]).constant).toBe(2.5);
    // sorted 1 1 3 4 5, v = 4 * 0.25 = 1 → y(1) = 1; v = 4 * 0.6 = 2.4 → 3 + 0.4 * 1
    expect(new DummyRegressor({ strategy: 'quantile', quantile: 0.25 }).fit(X, y).constant).toBe(1);
    expect(new DummyRegressor({ strategy: 'quantile', quantile: 0.6 }).fit(X, y).constant).toBeCloseTo(3.4, 14);
    const c = new DummyRegressor({ strategy: 'constant', constant: -2 }).fit(X, y);
    expect(Array.from(c.predict(Matrix.zeros(2, 3)))).toEqual([-2, -2]);
  });
  it('scores R^2: 0 for the mean on its training set, 1 for a perfect constant on constant y', () => {
    expect(new DummyRegressor().fit(X, y).score(X, y)).toBeCloseTo(0, 15);
    const k = new DummyRegressor({ strategy: 'constant', constant: 0.1 }).fit(X, y);
    expect(k.score(Matrix.zeros(3, 3), [0.1, 0.1, 0.1])).toBe(1);
    expect(k.score(Matrix.zeros(3, 3), [0.2, 0.2, 0.2])).toBe(0);
  });
  it('rejects bad input with typed errors', () => {
    const m = new DummyRegressor().fit(X, y);
    expect(() => m.predict(Matrix.zeros(1, 2))).toThrow(ShapeError);
    expect(() => new DummyRegressor().fit(X, [1, 2])).toThrow(new ShapeError('y has 2 entries but X has 5 rows'));
    expect(() => new DummyRegressor().fit(X, [1, 2, NaN, 4, 5])).toThrow(InvalidInputError);
    expect(() => new DummyRegressor().fit(Matrix.zeros(2, 1), [1e308, 1e308])).toThrow(/overflowed/);
  });
  it('round-trips through JSON and the registry', () => {
    const m = new DummyRegressor({ strategy: 'quantile', quantile: 1 / 3 }).fit(X, [0.1, 0.7, 1 / 3, 2 / 7, 1e-9]);
    const text = JSON.stringify(m.toJSON());
    const back = estimatorFromJSON(JSON.parse(text));
    expect(back).toBeInstanceOf(DummyRegressor);
    expect(JSON.stringify(back.toJSON())).toBe(text);
    expect((back as DummyRegressor).constant).toBe(m.constant);
    expect(() => DummyRegressor.fromJSON({ ...m.toJSON(), state: { constant: 'x', nFeaturesIn: 3 } })).toThrow(InvalidInputError);
  });
  it('regression: [0, -0] at q = 0 gives 0 (fast-check seed -265921493)', () => {
    expect(numpyQuantile(Float64Array.from([0, -0]), 0) === 0).toBe(true);
    expect(numpyQuantile(Float64Array.from([-1, -0, 3]), 0.25)).toBe(-0.5);
  });
  it('property: the quantile is monotone in q, hits min/median/max at 0, 1/2, 1', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 40 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (ys, q1, q2) => {
          const v = Float64Array.from(ys);
          const [lo, hi] = q1 <= q2 ? [q1, q2] : [q2, q1];
          expect(numpyQuantile(v, lo)).toBeLessThanOrEqual(numpyQuantile(v, hi));
          // === rather than Object.is: -0 + 0 interpolates to +0, as in numpy.
          expect(numpyQuantile(v, 0) === Math.min(...ys)).toBe(true);
          expect(numpyQuantile(v, 1) === Math.max(...ys)).toBe(true);
          expect(numpyQuantile(v, 0.5)).toBeCloseTo(median(v), 6);
        },
      ),
    );
  });
});
