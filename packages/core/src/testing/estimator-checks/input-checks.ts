/**
 * Contract checks on bad input: NaN, ±Inf, empty, ragged, wrong-type X, y of the wrong length
 * and a wrong column count at predict time must each raise the right typed error, never a raw
 * TypeError/RangeError and never silently succeed.
 *
 * @see ../../../../../docs/core/testing.md
 */
import { InvalidInputError, ShapeError } from '../../errors.js';
import { Matrix } from '../../matrix/matrix.js';
import { ALL, SUPERVISED, type Check, expectTyped, fitOn, fitted, fittedCalls } from './context.js';

export const INPUT_CHECKS: readonly Check[] = [
  {
    name: 'rejects-nan',
    kinds: ALL,
    run(ctx) {
      const { X, y } = ctx.data();
      X[1]![X[0]!.length - 1] = NaN;
      expectTyped('rejects-nan: fit with NaN at X[1][last]', () => fitOn(ctx.make(), ctx, X, y), [InvalidInputError]);
      if (ctx.kind === 'regressor') {
        const d = ctx.data();
        d.y[2] = NaN;
        expectTyped('rejects-nan: fit with NaN at y[2]', () => fitOn(ctx.make(), ctx, d.X, d.y), [InvalidInputError]);
      }
      const est = fitted(ctx);
      for (const [m, call] of fittedCalls(est, ctx, X, ctx.data().y)) expectTyped(`rejects-nan: ${m} with NaN in X`, call, [InvalidInputError]);
    },
  },
  {
    name: 'rejects-inf',
    kinds: ALL,
    run(ctx) {
      for (const bad of [Infinity, -Infinity]) {
        const { X, y } = ctx.data();
        X[0]![0] = bad;
        expectTyped(`rejects-inf: fit with ${bad} at X[0][0]`, () => fitOn(ctx.make(), ctx, X, y), [InvalidInputError]);
        if (ctx.kind === 'regressor') {
          const d = ctx.data();
          d.y[0] = bad;
          expectTyped(`rejects-inf: fit with ${bad} at y[0]`, () => fitOn(ctx.make(), ctx, d.X, d.y), [InvalidInputError]);
        }
        const est = fitted(ctx);
        for (const [m, call] of fittedCalls(est, ctx, X, ctx.data().y)) expectTyped(`rejects-inf: ${m} with ${bad} in X`, call, [InvalidInputError]);
      }
    },
  },
  {
    name: 'rejects-empty-x',
    kinds: ALL,
    run(ctx) {
      const { X } = ctx.data();
      const allowed = [InvalidInputError, ShapeError];
      expectTyped('rejects-empty-x: fit with X = []', () => fitOn(ctx.make(), ctx, [], []), allowed);
      expectTyped('rejects-empty-x: fit with X = Matrix(0, d)', () => fitOn(ctx.make(), ctx, Matrix.zeros(0, X[0]!.length), []), allowed);
      const yy = ctx.data().y;
      expectTyped('rejects-empty-x: fit with rows of 0 columns', () => fitOn(ctx.make(), ctx, X.map(() => []), yy), allowed);
      const est = fitted(ctx);
      for (const [m, call] of fittedCalls(est, ctx, [], [])) expectTyped(`rejects-empty-x: ${m} with X = []`, call, allowed);
    },
  },
  {
    name: 'rejects-ragged-x',
    kinds: ALL,
    run(ctx) {
      const { X, y } = ctx.data();
      X[2] = X[2]!.slice(1);
      expectTyped('rejects-ragged-x: fit with row 2 one value short', () => fitOn(ctx.make(), ctx, X, y), [ShapeError]);
      const est = fitted(ctx);
      for (const [m, call] of fittedCalls(est, ctx, X, ctx.data().y)) expectTyped(`rejects-ragged-x: ${m} with a ragged X`, call, [ShapeError]);
    },
  },
  {
    name: 'rejects-wrong-type-x',
    kinds: ALL,
    run(ctx) {
      const { X, y } = ctx.data();
      const strings = X.map((r) => r.map(String));
      const bad: [string, unknown][] = [['null', null], ['undefined', undefined], ['a string', 'abc'], ['a number', 42], ['a plain object', { a: 1 }], ['rows of strings', strings], ['a 1-D array', X.map((r) => r[0])]];
      const allowed = [InvalidInputError, ShapeError];
      for (const [what, v] of bad) expectTyped(`rejects-wrong-type-x: fit with X = ${what}`, () => fitOn(ctx.make(), ctx, v, y), allowed);
      const est = fitted(ctx);
      for (const [what, v] of bad) {
        for (const [m, call] of fittedCalls(est, ctx, v, y)) expectTyped(`rejects-wrong-type-x: ${m} with X = ${what}`, call, allowed);
      }
    },
  },
  {
    name: 'rejects-wrong-length-y',
    kinds: SUPERVISED,
    run(ctx) {
      const { X, y } = ctx.data();
      expectTyped('rejects-wrong-length-y: fit with y one entry short', () => ctx.make().fit(X, y.slice(1)), [ShapeError]);
      expectTyped('rejects-wrong-length-y: fit with y one entry long', () => ctx.make().fit(X, [...y, y[0]]), [ShapeError]);
      const est = fitted(ctx);
      expectTyped('rejects-wrong-length-y: score with y one entry short', () => est.score!(X, y.slice(1)), [ShapeError]);
    },
  },
  {
    name: 'wrong-columns-at-predict',
    kinds: ALL,
    run(ctx) {
      const est = fitted(ctx);
      const { X, y } = ctx.data();
      const wider = X.map((r) => [...r, 1]);
      for (const [m, call] of fittedCalls(est, ctx, wider, y)) expectTyped(`wrong-columns-at-predict: ${m} with one extra column`, call, [ShapeError]);
      if (X[0]!.length > 1) {
        const narrower = X.map((r) => r.slice(1));
        for (const [m, call] of fittedCalls(est, ctx, narrower, y)) expectTyped(`wrong-columns-at-predict: ${m} with one column fewer`, call, [ShapeError]);
      }
    },
  },
];
