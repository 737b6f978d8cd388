/**
 * Experiment `bias-variance` (level 2): the empirical bias²–variance–noise decomposition of the
 * squared error, measured over model capacity.
 *
 * Data $y = f(x) + \varepsilon$, $f(x) = \sin(2\pi x)$, $x \sim U(0, 1)$, $\varepsilon \sim \mathcal N(0, \sigma^2)$.
 * For a learner trained on a random training set $D$, at a fixed $x$,
 * $$\mathbb E_{D,\varepsilon}\big(y - \hat f_D(x)\big)^2 = \underbrace{\big(f(x) - \bar f(x)\big)^2}_{\text{bias}^2}
 *   + \underbrace{\mathbb E_D\big(\hat f_D(x) - \bar f(x)\big)^2}_{\text{variance}} + \underbrace{\sigma^2}_{\text{noise}},\qquad \bar f = \mathbb E_D \hat f_D.$$
 * Over R independent training sets, the two first terms are estimated on a grid; the left-hand
 * side is measured independently on fresh noisy test points, so the identity itself is checked.
 * Capacities: polynomial degree (least squares on `PolynomialFeatures`, by QR) and regression
 * tree depth. Small capacity: high bias, low variance; large: the reverse; the test error is
 * U-shaped with its minimum in between.
 *
 * @see ../../../../docs/level2-classical/bias-variance.md
 */
import { defineExperiment, linePlot, Matrix, type Rng } from '@fpml/core';
import { LinearRegression, PolynomialFeatures } from '../linear/index.js';
import { DecisionTreeRegressor } from '../tree/index.js';
import { biasVariance } from './ensembles.js';

type Row = Record<string, number | string>;
const f = (x: number) => Math.sin(2 * Math.PI * x);
const BIAS_FLOOR = 1e-6;

function sample(rng: Rng, n: number, sigma: number): { X: Matrix; y: Float64Array } {
  const X = new Matrix(n, 1), y = new Float64Array(n);
  for (let i = 0; i < n; i++) { X.data[i] = rng.uniform(); y[i] = f(X.data[i]!) + sigma * rng.standardNormal(); }
  return { X, y };
}

/** A learner of one capacity: fit on (X, y), return predictions at the grid. */
type Learner = (X: Matrix, y: Float64Array, grid: Matrix, seed: number) => Float64Array;

const polynomial = (degree: number): Learner => (X, y, grid) => {
  const poly = new PolynomialFeatures({ degree, includeBias: false });
  const model = new LinearRegression().fit(poly.fitTransform(X), y);
  return model.predict(poly.transform(grid));
};
const tree = (depth: number): Learner => (X, y, grid, seed) => new DecisionTreeRegressor({ maxDepth: depth, seed }).fit(X, y).predict(grid);

export default defineExperiment({
  name: 'bias-variance',
  level: 2,
  objective: 'How do bias² and variance trade off as model capacity grows, and does bias² + variance + noise account for the measured test error?',
  params: { nTrain: 50, nTreeTrain: 100, sigma: 0.3, resamples: 300, degrees: '1,2,3,4,5,6,7,8,9,10,11,12', depths: '1,2,3,4,5,6,8,10,12' },
  quick: { resamples: 60, degrees: '1,3,5,9,12', depths: '1,3,5,8,12' },
  paramDocs: {
    nTrain: 'training points per resample for the polynomials',
    nTreeTrain: 'training points per resample for the trees',
    sigma: 'noise standard deviation σ',
    resamples: 'independent training sets R',
    degrees: 'comma-separated polynomial degrees',
    depths: 'comma-separated tree depths',
  },
  run(ctx) {
    const { nTrain, nTreeTrain, sigma, resamples: R } = ctx.params;
    const families: { name: string; capacity: string; n: number; levels: number[]; learner: (c: number) => Learner }[] = [
      { name: 'polynomial', capacity: 'degree', n: nTrain, levels: ctx.params.degrees.split(',').map(Number), learner: polynomial },
      { name: 'tree', capacity: 'max depth', n: nTreeTrain, levels: ctx.params.depths.split(',').map(Number), learner: tree },
    ];
    ctx.setup('model', 'Least squares on polynomial features (LinearRegression, QR solver) of degree d; DecisionTreeRegressor of max depth d.');
    ctx.setup('data', `y = sin(2πx) + N(0, ${sigma}²), x ~ U(0, 1); ${R} independent training sets per capacity (${nTrain} points for polynomials, ${nTreeTrain} for trees); predictions on 200 evenly spaced x in (0, 1); test error on 200 fresh noisy points per training set.`);
    ctx.progress.start(families.reduce((s, fam) => s + fam.levels.length, 0) * R, 'bias-variance');
    const G = 200;
    const grid = new Matrix(G, 1, Float64Array.from({ length: G }, (_, g) => (g + 0.5) / G));
    const truth = Float64Array.from(grid.data, f);
    let worstIdentity = 0;
    for (const fam of families) {
      const rows: Row[] = [];
      const testErr: number[] = [];
      const tableRows: (string | number)[][] = [];
      for (const c of fam.levels) {
        const learn = fam.learner(c);
        const preds: Float64Array[] = [];
        let test = 0;
        for (let r = 0; r < R; r++) {
          const { X, y } = sample(ctx.rng, fam.n, sigma);
          const p = learn(X, y, grid, ctx.rng.int(2 ** 31 - 1));
          preds.push(p);
          // Independent check of the left-hand side: fresh noisy targets at the grid points.
          for (let g = 0; g < G; g++) test += (truth[g]! + sigma * ctx.rng.standardNormal() - p[g]!) ** 2 / (G * R);
          ctx.progress.tick(1, { family: fam.name, capacity: c });
        }
        const bv = biasVariance(preds, truth);
        tableRows.push([c, bv.bias2.toExponential(3), bv.variance.toExponential(3), (sigma * sigma).toFixed(4), (bv.bias2 + bv.variance + sigma * sigma).toFixed(4), 0]);
        const sum = bv.bias2 + bv.variance + sigma * sigma;
        worstIdentity = Math.max(worstIdentity, Math.abs(test - sum) / sum);
        testErr.push(test);
        tableRows[tableRows.length - 1]![5] = test.toFixed(4);
        ctx.metric(`${fam.name}_${c}_bias2`, bv.bias2);
        ctx.metric(`${fam.name}_${c}_variance`, bv.variance);
        ctx.metric(`${fam.name}_${c}_testMse`, test);
        ctx.log({ family: fam.name, capacity: c, bias2: bv.bias2, variance: bv.variance, noise: sigma * sigma, testMse: test });
        // bias² is estimated without bias, so it can come out slightly negative when it is ~0 and
        // the variance is large; on the log axis it is drawn at a floor, the table keeps the value.
        rows.push(
          { c, value: Math.max(bv.bias2, BIAS_FLOOR), term: 'bias²' }, { c, value: bv.variance, term: 'variance' }, { c, value: sigma * sigma, term: 'noise σ²' },
          { c, value: sum, term: 'bias² + variance + σ²' }, { c, value: test, term: 'measured test MSE' },
        );
      }
      const best = fam.levels[testErr.indexOf(Math.min(...testErr))]!;
      ctx.metric(`${fam.name}_bestCapacity`, best);
      ctx.plot(`decomposition-${fam.name}`, linePlot({ title: `${fam.name === 'tree' ? 'Regression tree' : 'Polynomial least squares'}: bias² / variance / noise vs ${fam.capacity}`, data: rows, x: 'c', y: 'value', series: 'term', logY: true, xLabel: fam.capacity, yLabel: 'mean over x (log scale)' }),
        `Terms of the decomposition averaged over x, from ${R} training sets of ${fam.n} points (bias² below ${BIAS_FLOOR} drawn at ${BIAS_FLOOR}). The measured test MSE (fresh noise) should lie on bias² + variance + σ²; its minimum (${fam.capacity} ${best}) is where falling bias² meets rising variance.`);
      ctx.table(`decomposition-${fam.name}`, `${fam.name}: the decomposition by ${fam.capacity} (means over x; ${R} training sets; bias² is the unbiased estimate (p̄ − f)² − s²/R, so values within ±variance/R of 0 mean "no detectable bias")`, [fam.capacity, 'bias²', 'variance', 'noise', 'sum', 'measured test MSE'],
        tableRows);
      ctx.observe(`${fam.name}: the test error is lowest at ${fam.capacity} ${best} (${Math.min(...testErr).toFixed(4)}, against the noise floor σ² = ${(sigma * sigma).toFixed(4)}); at ${fam.capacity} ${fam.levels[0]} bias² dominates, at ${fam.levels[fam.levels.length - 1]} variance does.`);
    }
    ctx.metric('maxIdentityRelError', worstIdentity);
    ctx.observe(`bias² + variance + σ² matches the independently measured test MSE to within ${(100 * worstIdentity).toFixed(2)}% at every capacity (Monte Carlo error of ${R} resamples).`);
    ctx.progress.stop();
  },
  expect: (m) => {
    const check = (fam: string) => {
      const levels = Object.keys(m).filter((k) => k.startsWith(`${fam}_`) && k.endsWith('_bias2')).map((k) => Number(k.split('_')[1])).sort((a, b) => a - b);
      const lo = levels[0]!, hi = levels[levels.length - 1]!;
      return m[`${fam}_${lo}_bias2`]! > m[`${fam}_${hi}_bias2`]! && m[`${fam}_${hi}_variance`]! > m[`${fam}_${lo}_variance`]! && m[`${fam}_bestCapacity`]! > lo && m[`${fam}_bestCapacity`]! < hi;
    };
    return {
      pass: check('polynomial') && check('tree') && m.maxIdentityRelError! < 0.1,
      criterion: 'for both families bias² falls and variance rises from the smallest to the largest capacity, the best test error is at an interior capacity, and bias² + variance + σ² matches the measured test MSE within 10%',
      detail: `best degree ${m.polynomial_bestCapacity}, best depth ${m.tree_bestCapacity}; identity within ${(100 * m.maxIdentityRelError!).toFixed(2)}%`,
    };
  },
});
