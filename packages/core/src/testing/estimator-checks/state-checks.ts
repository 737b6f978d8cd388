/**
 * Contract checks on fitted state: fit returns this; unfitted use raises; fitting is idempotent
 * and mutates neither params nor the caller's arrays; params are frozen; one sample works or
 * fails cleanly; predictions do not depend on the batch; JSON round-trips bit for bit; the same
 * seed gives the same model.
 *
 * @see ../../../../../docs/core/testing.md
 */
import { isDeepStrictEqual } from 'node:util';
import { FpmlError, NotFittedError } from '../../errors.js';
import { Matrix } from '../../matrix/matrix.js';
import { Rng } from '../../rng/rng.js';
import { ALL, type Check, errorName, expectTyped, fail, fitOn, fitted, fittedCalls, outputs, sameBits, sameValues, stateText, step } from './context.js';

export const STATE_CHECKS: readonly Check[] = [
  {
    name: 'fit-returns-this',
    kinds: ALL,
    run(ctx) {
      const est = ctx.make();
      const { X, y } = ctx.data();
      const r = step('fit', () => fitOn(est, ctx, X, y));
      if (r !== est) fail(`fit-returns-this: fit returned ${r === undefined ? 'undefined' : 'a different object'}, expected the estimator itself`);
    },
  },
  {
    name: 'unfitted-raises',
    kinds: ALL,
    run(ctx) {
      const est = ctx.make();
      const { X, y } = ctx.data();
      if (est.isFitted !== false) fail(`unfitted-raises: isFitted is ${String(est.isFitted)} before fit, expected false`);
      for (const [m, call] of fittedCalls(est, ctx, X, y)) expectTyped(`unfitted-raises: ${m} before fit`, call, [NotFittedError]);
      step('fit', () => fitOn(est, ctx, X, y));
      if (est.isFitted !== true) fail(`unfitted-raises: isFitted is ${String(est.isFitted)} after fit, expected true`);
    },
  },
  {
    name: 'fit-idempotent',
    kinds: ALL,
    run(ctx) {
      const est = fitted(ctx);
      const { X, y } = ctx.data();
      const first = outputs(est, ctx, X);
      const state = stateText(est);
      step('second fit', () => fitOn(est, ctx, X, y));
      sameBits(first, outputs(est, ctx, X), 'fit-idempotent: after a second fit on the same data');
      if (stateText(est) !== state) fail('fit-idempotent: toJSON() differs after a second fit on the same data');
    },
  },
  {
    name: 'params-not-mutated',
    kinds: ALL,
    run(ctx) {
      const est = ctx.make();
      const before = structuredClone(step('getParams', () => est.getParams()));
      const { X, y } = ctx.data();
      step('fit', () => fitOn(est, ctx, X, y));
      const after = est.getParams();
      if (!isDeepStrictEqual(before, after)) fail(`params-not-mutated: getParams() was ${JSON.stringify(before)} before fit and ${JSON.stringify(after)} after`);
    },
  },
  {
    name: 'input-not-mutated',
    kinds: ALL,
    run(ctx) {
      const { X, y } = ctx.data();
      const Xm = Matrix.from(X);
      const ints = y.every((v) => typeof v === 'number' && Number.isInteger(v));
      const yTyped = ctx.kind === 'regressor' ? Float64Array.from(y as number[]) : ints ? Int32Array.from(y as number[]) : y.slice();
      const snap = () => JSON.stringify([X, y, Array.from(Xm.data), Array.from(yTyped as ArrayLike<unknown>)]);
      const before = snap();
      for (const [xs, ys, label] of [[X, y, 'number[][] X and array y'], [Xm, yTyped, 'Matrix X and typed y']] as const) {
        const est = ctx.make();
        step('fit', () => fitOn(est, ctx, xs, ys));
        for (const [m, call] of fittedCalls(est, ctx, xs, ys, true)) step(m, call);
        if (ctx.kind === 'transformer' && typeof est.fitTransform === 'function') step('fitTransform', () => est.fitTransform!(xs, ys));
        if (snap() !== before) fail(`input-not-mutated: the caller's X or y changed during fit/predict (${label})`);
      }
    },
  },
  {
    name: 'get-params-frozen',
    kinds: ALL,
    run(ctx) {
      const est = ctx.make();
      const frozenDeep = (v: unknown): boolean =>
        v === null || typeof v !== 'object' || (Object.isFrozen(v) && Object.values(v as object).every(frozenDeep));
      for (const when of ['before fit', 'after fit']) {
        const p = step('getParams', () => est.getParams());
        if (p === null || typeof p !== 'object') fail(`get-params-frozen: getParams() returned ${String(p)} ${when}, expected an object`);
        if (!frozenDeep(p)) fail(`get-params-frozen: getParams() ${when} is not (deeply) frozen; return Object.freeze({ ...params })`);
        const { X, y } = ctx.data();
        step('fit', () => fitOn(est, ctx, X, y));
      }
    },
  },
  {
    name: 'single-sample',
    kinds: ALL,
    run(ctx) {
      const { X, y } = ctx.data();
      const one = ctx.make();
      let ok = true;
      try {
        fitOn(one, ctx, [X[0]!], [y[0]!]);
      } catch (e) {
        if (!(e instanceof FpmlError)) fail(`single-sample: fit on one sample threw ${errorName(e)}; it must work or throw a typed fpml error`);
        ok = false;
      }
      if (ok) {
        for (const [m, call] of fittedCalls(one, ctx, [X[0]!], [y[0]!], true)) {
          const r = step(`${m} after fitting one sample`, call);
          const vals = r instanceof Matrix ? Array.from(r.data) : typeof r === 'number' ? [r] : Array.from(r as ArrayLike<unknown>);
          if (vals.some((v) => typeof v === 'number' && Number.isNaN(v))) fail(`single-sample: ${m} after fitting one sample returned NaN`);
        }
      }
      const est = fitted(ctx);
      const out = outputs(est, ctx, [X[0]!]);
      for (const [k, v] of Object.entries(out)) if (v.length === 0) fail(`single-sample: ${k} on one row returned nothing`);
    },
  },
  {
    name: 'batch-independent',
    kinds: ALL,
    run(ctx) {
      const est = fitted(ctx);
      const { X } = ctx.data();
      const whole = outputs(est, ctx, X);
      const rowsOf = (o: Record<string, unknown[]>, key: string, n: number): unknown[][] => {
        const v = o[key]!;
        const body = key === 'predict' ? v : v.slice(2);
        const w = body.length / n;
        return Array.from({ length: n }, (_, i) => body.slice(i * w, (i + 1) * w));
      };
      for (const key of Object.keys(whole)) {
        const full = rowsOf(whole, key, X.length);
        X.forEach((row, i) => sameValues(full[i]!, rowsOf(outputs(est, ctx, [row]), key, 1)[0]!, `batch-independent: ${key} of row ${i} alone vs in the whole batch`));
        const order = new Rng(1).permutation(X.length);
        const half = Array.from(order.subarray(0, Math.ceil(X.length / 2)));
        const part = rowsOf(outputs(est, ctx, half.map((i) => X[i]!)), key, half.length);
        half.forEach((i, k) => sameValues(full[i]!, part[k]!, `batch-independent: ${key} of row ${i} in a shuffled half vs in the whole batch`));
      }
    },
  },
  {
    name: 'json-round-trip',
    kinds: ALL,
    run(ctx) {
      const unfitted = ctx.make();
      const text0 = stateText(unfitted);
      const back0 = step('fromJSON of an unfitted model', () => ctx.fromJSON(JSON.parse(text0)));
      if (back0.isFitted !== false || stateText(back0) !== text0) fail('json-round-trip: an unfitted model does not round-trip through JSON');
      const est = fitted(ctx);
      const { X } = ctx.data();
      const text = stateText(est);
      const back = step('fromJSON', () => ctx.fromJSON(JSON.parse(text)));
      if (stateText(back) !== text) fail('json-round-trip: fromJSON(JSON.parse(JSON.stringify(toJSON()))).toJSON() differs from the original');
      sameBits(outputs(est, ctx, X), outputs(back, ctx, X), 'json-round-trip: the reloaded model');
    },
  },
  {
    name: 'seed-reproducible',
    kinds: ALL,
    run(ctx) {
      const a = fitted(ctx);
      const b = fitted(ctx);
      const { X } = ctx.data();
      if (stateText(a) !== stateText(b)) fail('seed-reproducible: two estimators from the same factory (same seed) fit different states');
      sameBits(outputs(a, ctx, X), outputs(b, ctx, X), 'seed-reproducible: a second estimator with the same seed');
    },
  },
];
