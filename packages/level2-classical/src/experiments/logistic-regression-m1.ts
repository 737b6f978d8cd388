/**
 * Experiment `logistic-regression-m1` (level 2): logistic regression trained by plain
 * full-batch gradient descent, watched step by step, then broken on purpose.
 *
 * Model $p(y = 1 \mid x) = \sigma(w^\top x + b)$; loss (mean log-loss)
 * $$L(w, b) = -\frac1n\sum_i \big[y_i\log p_i + (1 - y_i)\log(1 - p_i)\big],\qquad \nabla_w L = \frac1n X^\top(p - y),\quad \partial_b L = \frac1n\textstyle\sum_i (p_i - y_i).$$
 * $L$ is convex with a Hessian bounded by $\frac{1}{4n}\tilde X^\top\tilde X$ ($\tilde X = [X, 1]$), so
 * gradient descent with a fixed step $\eta$ is guaranteed to decrease $L$ when
 * $\eta < 2/\beta$, $\beta = \lambda_{\max}(\tilde X^\top\tilde X)/(4n)$.
 *
 * 1. Two Gaussian blobs in 2-D, 80/20 split, lr 0.5, 200 epochs: loss curves (train/test),
 *    decision boundary, confusion matrix; the GD solution against the optimum found by
 *    `LogisticRegression` (L-BFGS, no penalty).
 * 2. Learning-rate ablation: final loss after the same epochs for η over decades, with the
 *    stability bound $2/\beta$ marked: too small crawls, too large oscillates or diverges.
 * 3. XOR: no line separates the classes, so the model stays at chance (loss ≈ log 2); adding
 *    the product feature $x_1x_2$ (`PolynomialFeatures(degree 2, interactionOnly)`) makes the
 *    problem linear in feature space and the same model solves it.
 *
 * @see ../../../../docs/level2-classical/linear.md
 */
import { confusionMatrix, decisionBoundaryPlot, defineExperiment, heatmap, linePlot, Matrix, normalCdf, trainTestSplit } from '@fpml/core';
import { makeBlobs, makeXor } from '@fpml/datasets';
import { eigh } from '@fpml/level1-math';
import { LogisticRegression, PolynomialFeatures } from '../linear/index.js';
import { accuracyOf, pointsOf, surface } from './plot-grid.js';

type Row = Record<string, number | string>;

/** Mean log-loss and its gradient at θ = [w, b] on (X, y), computed stably with log1p/exp. */
export function logLossAndGrad(X: Matrix, y: ArrayLike<number>, theta: Float64Array): { loss: number; grad: Float64Array } {
  const n = X.rows, d = X.cols;
  const grad = new Float64Array(d + 1);
  let loss = 0;
  for (let i = 0; i < n; i++) {
    let z = theta[d]!;
    for (let j = 0; j < d; j++) z += X.data[i * d + j]! * theta[j]!;
    // −[y log σ(z) + (1−y) log(1−σ(z))] = log(1 + e^z) − y z, evaluated without overflow.
    loss += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - y[i]! * z;
    const r = 1 / (1 + Math.exp(-z)) - y[i]!; // ∂ℓ/∂z = σ(z) − y
    for (let j = 0; j < d; j++) grad[j]! += (r * X.data[i * d + j]!) / n; // ∂L/∂w = Xᵀ(p − y)/n
    grad[d]! += r / n; // ∂L/∂b = Σ(p − y)/n
  }
  return { loss: loss / n, grad };
}

/** Full-batch gradient descent from θ = 0; returns θ and the loss after every epoch (index 0 = start). */
export function gradientDescent(X: Matrix, y: ArrayLike<number>, lr: number, epochs: number, onEpoch?: (epoch: number, theta: Float64Array) => void): { theta: Float64Array; losses: number[] } {
  const theta = new Float64Array(X.cols + 1);
  const losses = [logLossAndGrad(X, y, theta).loss];
  for (let e = 1; e <= epochs; e++) {
    const { grad } = logLossAndGrad(X, y, theta);
    for (let j = 0; j < theta.length; j++) theta[j]! -= lr * grad[j]!; // θ ← θ − η∇L
    losses.push(logLossAndGrad(X, y, theta).loss);
    onEpoch?.(e, theta);
  }
  return { theta, losses };
}

/**
 * Largest eigenvalue of $\frac1n\tilde X^\top \operatorname{diag}(s)\tilde X$: with $s_i = 1/4$ it is
 * β, the global smoothness constant of the mean log-loss; with $s_i = p_i(1 - p_i)$ at θ, the
 * curvature there (the Hessian's top eigenvalue).
 */
function curvature(X: Matrix, s: (i: number) => number): number {
  const n = X.rows, d = X.cols;
  const G = new Matrix(d + 1, d + 1);
  for (let i = 0; i < n; i++) for (let a = 0; a <= d; a++) for (let b = 0; b <= d; b++) {
    G.data[a * (d + 1) + b]! += (s(i) / n) * (a < d ? X.data[i * d + a]! : 1) * (b < d ? X.data[i * d + b]! : 1);
  }
  const values = eigh(G).values; // ascending
  return values[values.length - 1]!;
}

const predictWith = (X: Matrix, theta: Float64Array) =>
  Int32Array.from({ length: X.rows }, (_, i) => {
    let z = theta[X.cols]!;
    for (let j = 0; j < X.cols; j++) z += X.data[i * X.cols + j]! * theta[j]!;
    return z > 0 ? 1 : 0;
  });

export default defineExperiment({
  name: 'logistic-regression-m1',
  level: 2,
  objective: 'How does gradient descent train a logistic regression, which learning rates work and why, and why does the model fail on XOR?',
  params: { nSamples: 400, lr: 0.5, epochs: 200, lrs: '0.01,0.1,0.5,2,10,30,60,120', separation: 3 },
  quick: { lrs: '0.01,0.5,10,60' },
  paramDocs: {
    nSamples: 'points in the blobs and the XOR data',
    lr: 'learning rate η of the main run',
    epochs: 'full-batch gradient-descent epochs',
    lrs: 'comma-separated learning rates of the ablation',
    separation: 'distance between the two blob centres (in units of their standard deviation)',
  },
  run(ctx) {
    const { nSamples: n, lr, epochs, separation } = ctx.params;
    const lrs = ctx.params.lrs.split(',').map(Number);
    const seed = () => ctx.rng.int(2 ** 31 - 1);
    ctx.setup('model', 'Logistic regression p = σ(wᵀx + b), mean log-loss, no penalty; trained by full-batch gradient descent from w = 0, b = 0; reference optimum from LogisticRegression (L-BFGS, penalty none).');
    ctx.setup('data', `Two isotropic Gaussian blobs (σ = 1, centres ±${separation / 2} on both axes), ${n} points, 80/20 stratified split; XOR: makeXor with ${n} points, 80/20 split.`);
    ctx.setup('optimisation', `η = ${lr}, ${epochs} epochs (one epoch = one full-batch step); ablation over η ∈ {${lrs.join(', ')}}.`);

    // 1. The main run.
    const c = separation / (2 * Math.SQRT2);
    const blobs = makeBlobs({ nSamples: n, centers: [[-c, -c], [c, c]], clusterStd: 1, seed: seed() });
    const sp = trainTestSplit(blobs.X, blobs.y, { testSize: 0.2, stratify: blobs.y, seed: seed() });
    const testLosses: number[] = [logLossAndGrad(sp.XTest, sp.yTest, new Float64Array(3)).loss];
    const { theta, losses } = gradientDescent(sp.XTrain, sp.yTrain, lr, epochs, (_e, th) => testLosses.push(logLossAndGrad(sp.XTest, sp.yTest, th).loss));
    const lossRows: Row[] = [];
    losses.forEach((l, e) => {
      lossRows.push({ epoch: e, loss: l, split: 'train' }, { epoch: e, loss: testLosses[e]!, split: 'test' });
      ctx.log({ part: 'main', epoch: e, trainLoss: l, testLoss: testLosses[e]! });
    });
    const beta = curvature(sp.XTrain, () => 0.25);
    ctx.metric('stabilityBound', 2 / beta);
    const testAcc = accuracyOf(sp.yTest, predictWith(sp.XTest, theta));
    ctx.metric('trainLoss', losses[losses.length - 1]!);
    ctx.metric('testLoss', logLossAndGrad(sp.XTest, sp.yTest, theta).loss);
    ctx.metric('testAccuracy', testAcc);
    const opt = new LogisticRegression({ penalty: 'none', tol: 1e-10, maxIter: 1000 }).fit(sp.XTrain, sp.yTrain);
    const thetaOpt = Float64Array.of(...opt.coef.data, opt.intercept[0]!);
    const optLoss = logLossAndGrad(sp.XTrain, sp.yTrain, thetaOpt).loss;
    ctx.metric('optimalTrainLoss', optLoss);
    ctx.metric('suboptimality', losses[losses.length - 1]! - optLoss);
    // Curvature at the optimum: the local rate of GD is set by it, not by the global bound β.
    const pOpt = (i: number) => { let z = thetaOpt[2]!; for (let j = 0; j < 2; j++) z += sp.XTrain.data[2 * i + j]! * thetaOpt[j]!; const p = 1 / (1 + Math.exp(-z)); return p * (1 - p); };
    const hOpt = curvature(sp.XTrain, pOpt);
    ctx.metric('localStabilityBound', 2 / hOpt);
    // Bayes-optimal accuracy for two unit-variance blobs whose centres are `separation` apart: Φ(separation / 2).
    const bayes = normalCdf(separation / 2);
    ctx.metric('bayesAccuracy', bayes);
    ctx.plot('loss-curve', linePlot({ title: `Gradient descent, η = ${lr}: mean log-loss per epoch`, data: lossRows, x: 'epoch', y: 'loss', series: 'split', logY: true, xLabel: 'epoch', yLabel: 'mean log-loss (log scale)' }),
      `Train and test log-loss after each full-batch step; the L-BFGS optimum of the training loss is ${optLoss.toFixed(5)}.`);
    const trainPts = pointsOf(sp.XTrain, sp.yTrain);
    ctx.plot('decision-boundary', decisionBoundaryPlot({
      title: `Blobs: P(y = 1 | x) after ${epochs} epochs (test accuracy ${(100 * testAcc).toFixed(1)}%)`,
      grid: surface(trainPts, (G) => Array.from({ length: G.rows }, (_, i) => 1 / (1 + Math.exp(-(theta[0]! * G.data[2 * i]! + theta[1]! * G.data[2 * i + 1]! + theta[2]!))))), valueType: 'score', scoreMid: 0.5, valueTitle: 'P(y = 1 | x)',
      points: trainPts,
    }), 'The predicted probability over the plane with the training points: the boundary P = 0.5 is the line wᵀx + b = 0.');
    const cm = confusionMatrix(sp.yTest, predictWith(sp.XTest, theta));
    ctx.plot('confusion-matrix', heatmap({ title: 'Test confusion matrix', values: cm.toArray(), xLabels: ['0', '1'], yLabels: ['0', '1'], xTitle: 'predicted', yTitle: 'true', colorTitle: 'count', annotate: true }), 'Counts of test points by true and predicted class.');
    ctx.observe(`η = ${lr}, ${epochs} epochs: train loss ${losses[losses.length - 1]!.toFixed(5)} vs the optimum ${optLoss.toFixed(5)} (gap ${(losses[losses.length - 1]! - optLoss).toExponential(2)}); test accuracy ${(100 * testAcc).toFixed(1)}%.`);

    // 2. Learning-rate ablation.
    const ablRows: Row[] = [], finals: Row[] = [];
    for (const eta of lrs) {
      const r = gradientDescent(sp.XTrain, sp.yTrain, eta, epochs);
      r.losses.forEach((l, e) => { if (Number.isFinite(l)) ablRows.push({ epoch: e, loss: l, lr: `η = ${eta}` }); });
      const last = r.losses[r.losses.length - 1]!;
      ctx.metric(`lr${eta}_finalLoss`, Number.isFinite(last) ? last : Number.MAX_VALUE);
      finals.push({ lr: eta, loss: last });
    }
    ctx.plot('lr-ablation', linePlot({ title: 'Learning-rate ablation: training loss per epoch', data: ablRows, x: 'epoch', y: 'loss', series: 'lr', logY: true, xLabel: 'epoch', yLabel: 'mean log-loss (log scale)' }),
      `Each curve is full-batch GD with a fixed step. Descent is guaranteed for η < 2/β = ${(2 / beta).toFixed(2)} (β = λmax(X̃ᵀX̃)/4n); near the optimum the curvature is smaller, so GD stays stable up to about 2/λmax(H*) = ${(2 / hOpt).toFixed(2)}, and oscillates or diverges beyond.`);
    ctx.observe(`Global bound 2/β = ${(2 / beta).toFixed(3)} (β uses the worst case p(1 − p) = 1/4); local bound at the optimum 2/λmax(H*) = ${(2 / hOpt).toFixed(3)}. Final training loss by η: ${finals.map((f) => `${f.lr}: ${Number(f.loss).toPrecision(4)}`).join(', ')}.`);

    // 3. XOR: where a linear model fails, and the feature that fixes it.
    const xor = makeXor({ nSamples: n, noise: 0.05, seed: seed() });
    const xs = trainTestSplit(xor.X, xor.y, { testSize: 0.2, stratify: xor.y, seed: seed() });
    const linear = gradientDescent(xs.XTrain, xs.yTrain, lr, epochs);
    const xorAcc = accuracyOf(xs.yTest, predictWith(xs.XTest, linear.theta));
    const poly = new PolynomialFeatures({ degree: 2, interactionOnly: true, includeBias: false });
    const Ptr = poly.fitTransform(xs.XTrain), Pte = poly.transform(xs.XTest); // columns x1, x2, x1·x2
    const lifted = gradientDescent(Ptr, xs.yTrain, lr, epochs * 5);
    const liftedAcc = accuracyOf(xs.yTest, predictWith(Pte, lifted.theta));
    ctx.metric('xor_linear_testAccuracy', xorAcc);
    ctx.metric('xor_linear_trainLoss', linear.losses[linear.losses.length - 1]!);
    ctx.metric('xor_product_testAccuracy', liftedAcc);
    const xorPts = pointsOf(xs.XTrain, xs.yTrain);
    const prob = (th: Float64Array, f: (a: number, b: number) => number[]) => (G: Matrix) => Array.from({ length: G.rows }, (_, i) => {
      const feats = f(G.data[2 * i]!, G.data[2 * i + 1]!);
      return 1 / (1 + Math.exp(-(feats.reduce((s, v, j) => s + v * th[j]!, 0) + th[feats.length]!)));
    });
    ctx.plot('xor-linear', decisionBoundaryPlot({ title: `XOR, linear features: test accuracy ${(100 * xorAcc).toFixed(1)}%`, grid: surface(xorPts, prob(linear.theta, (a, b) => [a, b])), valueType: 'score', scoreMid: 0.5, valueTitle: 'P(y = 1 | x)', points: xorPts }),
      'With features (x₁, x₂) the best the model can do is a line; by symmetry the optimum is near w = 0, P ≈ 0.5 everywhere (loss ≈ log 2).');
    ctx.plot('xor-product', decisionBoundaryPlot({ title: `XOR with the product feature x₁x₂: test accuracy ${(100 * liftedAcc).toFixed(1)}%`, grid: surface(xorPts, prob(lifted.theta, (a, b) => [a, b, a * b])), valueType: 'score', scoreMid: 0.5, valueTitle: 'P(y = 1 | x)', points: xorPts }),
      'Adding x₁x₂ makes the classes linearly separable in feature space (the label is the sign of x₁x₂): the same logistic regression now fits a hyperbolic boundary in the plane.');
    ctx.observe(`XOR: with (x₁, x₂) the training loss stays at ${linear.losses[linear.losses.length - 1]!.toFixed(4)} (log 2 = ${Math.LN2.toFixed(4)}) and test accuracy is ${(100 * xorAcc).toFixed(1)}%; with x₁x₂ added, ${(100 * liftedAcc).toFixed(1)}%. A linear model cannot represent XOR; a feature map (or a hidden layer, level 3's xor-depth) can.`);
  },
  expect: (m) => ({
    pass: m.testAccuracy! >= m.bayesAccuracy! - 0.08 && m.suboptimality! < 1e-3 && m.xor_linear_testAccuracy! <= 0.7 && m.xor_product_testAccuracy! >= 0.9,
    criterion: 'on the blobs GD\'s test accuracy is within 8 points of the Bayes-optimal Φ(separation/2) and its training loss within 1e-3 of the L-BFGS optimum; on XOR the linear model stays ≤ 70% and the product feature lifts it to ≥ 90%',
    detail: `blobs: test accuracy ${(100 * m.testAccuracy!).toFixed(1)}% (Bayes ${(100 * m.bayesAccuracy!).toFixed(1)}%), gap to optimum ${m.suboptimality!.toExponential(2)}; XOR: ${(100 * m.xor_linear_testAccuracy!).toFixed(1)}% → ${(100 * m.xor_product_testAccuracy!).toFixed(1)}%`,
  }),
});
