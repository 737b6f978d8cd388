/**
 * Contract checks for one kind of estimator: classifiers (valid probabilities, predict agreeing
 * with them, string labels, accuracy score), regressors (R² score) and transformers
 * (fitTransform, inverseTransform).
 *
 * @see ../../../../../docs/core/testing.md
 */
import { isDeepStrictEqual } from 'node:util';
import { LabelEncoding } from '../../estimator/label-encoder.js';
import { r2Score } from '../../metrics/regression.js';
import { Matrix } from '../../matrix/matrix.js';
import { type Check, fail, fitted, sameValues, step } from './context.js';

export const KIND_CHECKS: readonly Check[] = [
  {
    name: 'proba-valid',
    kinds: ['classifier'],
    run(ctx) {
      const est = fitted(ctx);
      const { X } = ctx.data();
      const P = step('predictProba', () => est.predictProba!(X));
      const K = step('classes', () => est.classes!.length);
      if (!(P instanceof Matrix) || P.rows !== X.length || P.cols !== K) fail(`proba-valid: predictProba must return a Matrix (${X.length}, ${K})`);
      const M = P as Matrix;
      for (let i = 0; i < M.rows; i++) {
        let s = 0;
        for (let k = 0; k < K; k++) {
          const p = M.get(i, k);
          if (!(p >= 0 && p <= 1)) fail(`proba-valid: predictProba[${i}][${k}] = ${p} is not in [0, 1]`);
          s += p;
        }
        if (Math.abs(s - 1) > 1e-12) fail(`proba-valid: predictProba row ${i} sums to ${s}, expected 1 within 1e-12`);
      }
    },
  },
  {
    name: 'predict-argmax-proba',
    kinds: ['classifier'],
    run(ctx) {
      const est = fitted(ctx);
      const { X } = ctx.data();
      const pred = Array.from(step('predict', () => est.predict!(X)) as ArrayLike<number | string>);
      const P = step('predictProba', () => est.predictProba!(X)) as Matrix;
      const classes = step('classes', () => est.classes!);
      pred.forEach((label, i) => {
        const k = classes.indexOf(label);
        if (k < 0) fail(`predict-argmax-proba: predict[${i}] = ${String(label)} is not one of classes`);
        const row = P.row(i);
        if (row[k]! < Math.max(...row)) fail(`predict-argmax-proba: row ${i} predicts ${String(label)} (p = ${row[k]}) but another class has p = ${Math.max(...row)}`);
      });
    },
  },
  {
    name: 'string-labels',
    kinds: ['classifier'],
    run(ctx) {
      const { X, y } = ctx.data();
      const { encoding, codes } = LabelEncoding.fit(y);
      const names = Array.from(codes, (c) => `class_${String(c).padStart(3, '0')}`); // same sort order as the codes
      const asInt = ctx.make();
      const asStr = ctx.make();
      step('fit with integer labels', () => asInt.fit(X, codes));
      step('fit with string labels', () => asStr.fit(X, names));
      const want = Array.from(step('predict', () => asInt.predict!(X)) as ArrayLike<number>, (c) => `class_${String(c).padStart(3, '0')}`);
      const got = step('predict', () => asStr.predict!(X));
      if (!Array.isArray(got) || got.some((v, i) => v !== want[i])) fail(`string-labels: predict after fitting string labels returned ${JSON.stringify(Array.from(got as ArrayLike<unknown>).slice(0, 5))}..., expected the labels ${JSON.stringify(want.slice(0, 5))}...`);
      const cls = step('classes', () => asStr.classes!);
      if (!isDeepStrictEqual([...cls], encoding.classes.map((_, c) => `class_${String(c).padStart(3, '0')}`))) fail(`string-labels: classes are ${JSON.stringify(cls)}`);
      const s1 = step('score', () => asInt.score!(X, codes));
      const s2 = step('score', () => asStr.score!(X, names));
      if (s1 !== s2) fail(`string-labels: score with string labels ${String(s2)} differs from score with integer labels ${String(s1)}`);
    },
  },
  {
    name: 'score-is-accuracy',
    kinds: ['classifier'],
    run(ctx) {
      const est = fitted(ctx);
      const { X, y } = ctx.data();
      const pred = Array.from(step('predict', () => est.predict!(X)) as ArrayLike<unknown>);
      const acc = pred.filter((p, i) => p === y[i]).length / y.length;
      const s = step('score', () => est.score!(X, y));
      if (typeof s !== 'number' || Math.abs(s - acc) > 1e-12) fail(`score-is-accuracy: score() = ${String(s)} but the accuracy of predict() is ${acc}`);
    },
  },
  {
    name: 'score-is-r2',
    kinds: ['regressor'],
    run(ctx) {
      const est = fitted(ctx);
      const { X, y } = ctx.data();
      const pred = Float64Array.from(step('predict', () => est.predict!(X)) as ArrayLike<number>);
      const r2 = r2Score(Float64Array.from(y as number[]), pred);
      const s = step('score', () => est.score!(X, y));
      if (typeof s !== 'number' || Math.abs(s - r2) > 1e-10 * Math.max(1, Math.abs(r2))) fail(`score-is-r2: score() = ${String(s)} but R^2 of predict() is ${r2}`);
    },
  },
  {
    name: 'fit-transform-consistent',
    kinds: ['transformer'],
    run(ctx) {
      const { X } = ctx.data();
      const a = step('fitTransform', () => ctx.make().fitTransform!(X)) as Matrix;
      const est = fitted(ctx);
      const b = step('transform', () => est.transform!(X)) as Matrix;
      sameValues([a.rows, a.cols, ...a.data], [b.rows, b.cols, ...b.data], 'fit-transform-consistent: fitTransform(X) vs fit(X).transform(X)');
    },
  },
  {
    name: 'inverse-transform-round-trip',
    kinds: ['transformer'],
    applies: (est) => typeof est.inverseTransform === 'function',
    run(ctx) {
      const est = fitted(ctx);
      const { X } = ctx.data();
      const Z = step('transform', () => est.transform!(X));
      const back = step('inverseTransform', () => est.inverseTransform!(Z)) as Matrix;
      const scale = Math.max(1, ...X.flat().map(Math.abs));
      back.toArray().forEach((row, i) =>
        row.forEach((v, j) => {
          if (!(Math.abs(v - X[i]![j]!) <= 1e-9 * scale)) fail(`inverse-transform-round-trip: inverseTransform(transform(X))[${i}][${j}] = ${v}, expected ${X[i]![j]}`);
        }),
      );
    },
  },
];
