/**
 * Experiment `svm-geometry` (level 2): what a support vector machine's solution looks like.
 *
 * 1. **Margins.** Two overlapping Gaussian blobs, a linear SVC at C ∈ `Cs`. The primal
 *    $$\min_{w,b,\xi}\ \tfrac12\lVert w\rVert^2 + C\textstyle\sum_i \xi_i\quad\text{s.t. } y_i(w^\top x_i + b) \ge 1 - \xi_i,\ \xi_i \ge 0$$
 *    trades margin width $2/\lVert w\rVert$ against slack: as C grows the margin narrows and
 *    fewer points are support vectors. The plot draws $f = 0$ and $f = \pm 1$ and rings the SVs.
 *    KKT check: free SVs ($0 < \alpha_i < C$) lie on the margin, $y_i f(x_i) = 1$ (to solver tol).
 * 2. **Kernels.** On moons and circles (not linearly separable), linear, polynomial (degree 3),
 *    RBF and sigmoid kernels: the decision function $f(x) = \sum_i \alpha_i y_i K(x_i, x) + b$
 *    over the plane, and held-out accuracy. The linear kernel must fail on circles.
 * 3. **RBF width.** $\gamma$ swept over decades: train and test accuracy and the SV count, from
 *    underfitting (small γ, nearly linear) to memorising (large γ: every point an SV).
 *
 * @see ../../../../docs/level2-classical/svm.md
 */
import { defineExperiment, decisionBoundaryPlot, linePlot, trainTestSplit, type Matrix } from '@fpml/core';
import { makeBlobs, makeCircles, makeMoons } from '@fpml/datasets';
import { SVC, type KernelName } from '../svm/index.js';
import { accuracyOf, pointsOf, surface } from './plot-grid.js';

const KERNELS: KernelName[] = ['linear', 'poly', 'rbf', 'sigmoid'];

/** y·f(x) for each training row of a binary SVC (f = decisionFunction, classes {0, 1} → ±1). */
function functionalMargins(clf: SVC, X: Matrix, y: Int32Array): Float64Array {
  const f = clf.decisionFunction(X).data;
  return Float64Array.from(f, (v, i) => (y[i] === 1 ? 1 : -1) * v);
}

export default defineExperiment({
  name: 'svm-geometry',
  level: 2,
  objective: 'How do C and the kernel shape a support vector machine\'s margin, support vectors and decision boundary, and where does each kernel fail?',
  params: {
    nSamples: 200,
    Cs: '0.01,0.1,1,100',
    gammas: '0.01,0.1,1,10,100,1000',
    noise: 0.15,
    grid: 70,
  },
  quick: { nSamples: 120, gammas: '0.1,1,10,100', grid: 40 },
  paramDocs: {
    nSamples: 'points per dataset (blobs, moons, circles)',
    Cs: 'comma-separated C values for the linear-margin part',
    gammas: 'comma-separated RBF γ values for the width sweep (on moons)',
    noise: 'Gaussian noise of moons and circles',
    grid: 'decision-surface grid resolution per axis',
  },
  run(ctx) {
    const { nSamples: n, noise, grid } = ctx.params;
    const Cs = ctx.params.Cs.split(',').map(Number);
    const gammas = ctx.params.gammas.split(',').map(Number);
    const seed = () => ctx.rng.int(2 ** 31 - 1);
    ctx.setup('model', `SVC (libsvm's SMO, tol 1e-3 on the KKT gap); part 1 linear kernel at C ∈ {${Cs.join(', ')}}; part 2 kernels ${KERNELS.join(', ')} at C = 1, gamma = 'scale', degree 3, coef0 0; part 3 RBF with γ ∈ {${gammas.join(', ')}} at C = 1.`);
    ctx.setup('data', `makeBlobs (2 centres at (−1, −1) and (1, 1), σ = 1.2), makeMoons and makeCircles (noise ${noise}, factor 0.5), ${n} points each; parts 2 and 3 hold out 30% (stratified).`);
    ctx.progress.start(Cs.length + 2 * KERNELS.length + gammas.length, 'svm-geometry');

    // 1. Margins on overlapping blobs.
    const blobs = makeBlobs({ nSamples: n, centers: [[-1, -1], [1, 1]], clusterStd: 1.2, seed: seed() });
    const pts = pointsOf(blobs.X, blobs.y);
    const marginRows: Record<string, number | string>[] = [];
    let worstFree = 0;
    for (const C of Cs) {
      const clf = new SVC({ kernel: 'linear', C }).fit(blobs.X, blobs.y);
      const w = clf.coef.data, b = clf.intercept[0]!;
      const width = 2 / Math.hypot(w[0]!, w[1]!);
      const nSv = clf.support.length;
      // Free SVs (0 < α < C) must sit on the margin: y f(x) = 1.
      const yf = functionalMargins(clf, blobs.X, blobs.y);
      const alpha = clf.dualCoef.data; // (1, nSV): y_i α_i
      let free = 0;
      clf.support.forEach((i, k) => {
        const a = Math.abs(alpha[k]!);
        if (a > 1e-8 * C && a < C * (1 - 1e-8)) { free++; worstFree = Math.max(worstFree, Math.abs(yf[i]! - 1)); }
      });
      ctx.metric(`linear_C${C}_marginWidth`, width);
      ctx.metric(`linear_C${C}_nSupport`, nSv);
      ctx.metric(`linear_C${C}_trainAccuracy`, clf.score(blobs.X, blobs.y));
      marginRows.push({ C, value: width, what: 'margin width 2/‖w‖' }, { C, value: nSv / n, what: 'fraction of points that are SVs' });
      ctx.log({ part: 'margin', C, width, nSupport: nSv, freeSupport: free });
      // Lines f = 0, ±1 across the plot: w·x + b = c  ⇒  x₂ = (c − b − w₁x₁)/w₂.
      const xs = pts.map((p) => p.x), lo = Math.min(...xs) - 1, hi = Math.max(...xs) + 1;
      const seg = (c: number, kind: string) => ({ x1: lo, y1: (c - b - w[0]! * lo) / w[1]!, x2: hi, y2: (c - b - w[0]! * hi) / w[1]!, kind });
      ctx.plot(`margin-C${C}`, decisionBoundaryPlot({
        title: `Linear SVM, C = ${C}: margin ${width.toFixed(2)}, ${nSv} support vectors`,
        grid: surface(pts, (G) => clf.decisionFunction(G).data, grid), valueType: 'score', valueTitle: 'f(x)',
        points: pts, highlight: clf.support.length ? Array.from(clf.support, (i) => pts[i]!) : [], highlightTitle: 'support vector',
        lines: [seg(0, 'f = 0'), seg(1, 'f = ±1'), seg(-1, 'f = ±1')],
      }), `Decision function of the linear SVM at C = ${C} on two overlapping blobs; solid line f = 0, dashed f = ±1 (the margin, width 2/‖w‖ = ${width.toFixed(3)}); ringed points are support vectors: on or inside the margin, or misclassified.`);
      ctx.progress.tick(1, { C });
    }
    ctx.metric('maxFreeSvMarginError', worstFree);
    ctx.plot('margin-vs-C', linePlot({ title: 'Linear SVM: margin and support vectors vs C', data: marginRows, x: 'C', y: 'value', series: 'what', logX: true, xLabel: 'C (log scale)', yLabel: 'value' }),
      'As C grows, slack costs more: the margin 2/‖w‖ shrinks and fewer points are support vectors.');
    const first = marginRows[0]!, last = marginRows[marginRows.length - 2]!;
    ctx.observe(`Linear SVM on overlapping blobs: at C = ${first.C} the margin is ${Number(first.value).toFixed(3)} wide with ${(100 * Number(marginRows[1]!.value)).toFixed(0)}% of the points as support vectors; at C = ${last.C} it is ${Number(last.value).toFixed(3)} with ${(100 * Number(marginRows[marginRows.length - 1]!.value)).toFixed(0)}%.`);
    ctx.observe(`KKT: every free support vector (0 < α < C) has |y f(x) − 1| ≤ ${worstFree.toExponential(2)}, i.e. it lies on the margin up to the solver's tolerance.`);

    // 2. Kernels on moons and circles.
    const kernelAcc = new Map<string, number>();
    const accOf = (ds: string, k: string) => kernelAcc.get(`${ds}/${k}`)!;
    const datasets = { moons: makeMoons({ nSamples: n, noise, seed: seed() }), circles: makeCircles({ nSamples: n, noise: noise / 2, factor: 0.5, seed: seed() }) };
    for (const [dsName, ds] of Object.entries(datasets)) {
      const sp = trainTestSplit(ds.X, ds.y, { testSize: 0.3, stratify: ds.y, seed: seed() });
      const trainPts = pointsOf(sp.XTrain, sp.yTrain);
      for (const kernel of KERNELS) {
        const clf = new SVC({ kernel, C: 1 }).fit(sp.XTrain, sp.yTrain);
        const acc = accuracyOf(sp.yTest, clf.predict(sp.XTest));
        ctx.metric(`${dsName}_${kernel}_testAccuracy`, acc);
        kernelAcc.set(`${dsName}/${kernel}`, acc);
        ctx.metric(`${dsName}_${kernel}_nSupport`, clf.support.length);
        ctx.log({ part: 'kernels', dataset: dsName, kernel, testAccuracy: acc, nSupport: clf.support.length });
        ctx.plot(`kernel-${dsName}-${kernel}`, decisionBoundaryPlot({
          title: `${dsName}, ${kernel} kernel: test accuracy ${(100 * acc).toFixed(1)}%`,
          grid: surface(trainPts, (G) => clf.decisionFunction(G).data, grid), valueType: 'score', valueTitle: 'f(x)',
          points: trainPts, highlight: Array.from(clf.support, (i) => trainPts[i]!), highlightTitle: 'support vector',
        }), `Decision function f(x) = Σ αᵢyᵢK(xᵢ, x) + b of the ${kernel}-kernel SVC on the ${dsName} training set (C = 1, γ = 'scale'); the boundary is where the colour turns white.`);
        ctx.progress.tick(1, { dataset: dsName, kernel });
      }
    }
    // Why the cubic kernel fails on circles: (γ x·x')³ holds only degree-3 monomials, and the radius
    // x₁² + x₂² is degree 2. With coef0 = 1, (γ x·x' + 1)³ contains every degree ≤ 3.
    {
      const ds = datasets.circles;
      const sp = trainTestSplit(ds.X, ds.y, { testSize: 0.3, stratify: ds.y, seed: seed() });
      const clf = new SVC({ kernel: 'poly', degree: 3, coef0: 1, C: 1 }).fit(sp.XTrain, sp.yTrain);
      const acc = accuracyOf(sp.yTest, clf.predict(sp.XTest));
      ctx.metric('circles_polyCoef0_testAccuracy', acc);
      ctx.observe(`circles with the cubic kernel and coef0 = 1 (so degree-2 terms exist): ${(100 * acc).toFixed(1)}% held-out accuracy, against ${(100 * accOf('circles', 'poly')).toFixed(1)}% with coef0 = 0, whose (γ x·x')³ has only degree-3 monomials and cannot express the radius.`);
    }
    for (const dsName of Object.keys(datasets)) {
      const accs = KERNELS.map((k) => `${k} ${(100 * accOf(dsName, k)).toFixed(1)}%`).join(', ');
      ctx.observe(`${dsName}: held-out accuracy by kernel: ${accs}.`);
    }

    // 3. RBF width on moons.
    const sp = trainTestSplit(datasets.moons.X, datasets.moons.y, { testSize: 0.3, stratify: datasets.moons.y, seed: seed() });
    const gammaRows: Record<string, number | string>[] = [];
    for (const gamma of gammas) {
      const clf = new SVC({ kernel: 'rbf', C: 1, gamma }).fit(sp.XTrain, sp.yTrain);
      const tr = clf.score(sp.XTrain, sp.yTrain), te = accuracyOf(sp.yTest, clf.predict(sp.XTest));
      const fracSv = clf.support.length / sp.XTrain.rows;
      ctx.metric(`rbf_gamma${gamma}_trainAccuracy`, tr);
      ctx.metric(`rbf_gamma${gamma}_testAccuracy`, te);
      ctx.metric(`rbf_gamma${gamma}_svFraction`, fracSv);
      gammaRows.push({ gamma, value: tr, curve: 'train accuracy' }, { gamma, value: te, curve: 'test accuracy' }, { gamma, value: fracSv, curve: 'fraction SVs' });
      ctx.progress.tick(1, { gamma });
    }
    ctx.plot('rbf-gamma-sweep', linePlot({ title: 'RBF SVM on moons: accuracy and support vectors vs γ', data: gammaRows, x: 'gamma', y: 'value', series: 'curve', logX: true, xLabel: 'γ (log scale)', yLabel: 'accuracy / fraction' }),
      'Small γ: a wide kernel, nearly linear, underfits. Large γ: each training point its own bump; train accuracy → 1, test accuracy falls, and almost every point becomes a support vector.');
    ctx.progress.stop();
    const best = gammaRows.filter((r) => r.curve === 'test accuracy').sort((a, b) => Number(b.value) - Number(a.value))[0]!;
    const big = gammas[gammas.length - 1]!;
    ctx.observe(`RBF on moons: the best held-out accuracy is ${(100 * Number(best.value)).toFixed(1)}% at γ = ${best.gamma}; at γ = ${big} the training accuracy is ${(100 * Number(gammaRows.find((r) => r.gamma === big && r.curve === 'train accuracy')!.value)).toFixed(1)}% and ${(100 * Number(gammaRows.find((r) => r.gamma === big && r.curve === 'fraction SVs')!.value)).toFixed(0)}% of the points are support vectors (memorisation).`);
  },
  expect: (m) => {
    const Cs = Object.keys(m).filter((k) => /^linear_C.*_marginWidth$/.test(k)).map((k) => Number(k.slice(8, -12))).sort((a, b) => a - b);
    const widths = Cs.map((C) => m[`linear_C${C}_marginWidth`]!);
    const shrinking = widths.every((w, i) => i === 0 || w <= widths[i - 1]! * (1 + 1e-9));
    const rbfCircles = m.circles_rbf_testAccuracy!, linCircles = m.circles_linear_testAccuracy!;
    return {
      pass: shrinking && m.maxFreeSvMarginError! < 1e-2 && rbfCircles >= 0.9 && linCircles <= 0.75 && m.circles_polyCoef0_testAccuracy! >= 0.9,
      criterion: 'the margin width does not grow with C; free support vectors lie on the margin (|y f(x) − 1| < 1e-2); on circles the RBF kernel and the cubic kernel with coef0 = 1 reach ≥ 90% test accuracy and the linear kernel stays ≤ 75%',
      detail: `margins ${widths.map((w) => w.toFixed(3)).join(' ≥ ')}; worst free-SV |y f − 1| = ${m.maxFreeSvMarginError!.toExponential(2)}; circles: rbf ${(100 * rbfCircles).toFixed(1)}%, linear ${(100 * linCircles).toFixed(1)}%`,
    };
  },
});
