/**
 * Experiment `xor-depth` (level 3): what does one hidden layer buy, and how reliably does
 * gradient descent find it?
 *
 * Data: XOR on the square, $x \sim \mathcal U[-1, 1]^2$, $y = [x_1 x_2 > 0]$ (`makeXor`), a
 * training set and a larger test set, both fixed for the run. Models, both with a sigmoid head
 * and the mean binary cross-entropy, trained by full-batch momentum SGD ({@link trainFullBatch})
 * with their hand-written backward passes:
 * - {@link Mlp1}, no hidden layer: $p = \sigma(w^\top x + b)$. Its boundary is a line, and no
 *   half-plane classifies more than 2/3 of the square correctly; the log-loss optimum is near
 *   $w = 0$, so it sits at $L \approx \log 2$ and chance accuracy. The loss is convex: every seed
 *   ends in the same place.
 * - {@link Mlp2}, one hidden layer of H units (tanh or ReLU): $p = \sigma(w_2^\top\phi(W_1x + b_1) + b_2)$.
 *   Each hidden unit contributes one line $W_{1,j}x + b_{1,j} = 0$; the head combines them. The
 *   boundary of XOR is a cross, which 4 steep units draw exactly; 2 units can only cut a band
 *   around one diagonal. The loss is not convex: some initialisations end in a worse stationary
 *   point (ReLU units that die, tanh units that split the plane redundantly).
 *
 * For every architecture `seeds` initialisations on the same data: test accuracy mean ± std,
 * how many seeds solve the problem (test accuracy ≥ `solvedAt`) and how many are stuck (train
 * accuracy more than `stuckGap` below the best seed of the same architecture, i.e. a worse
 * local minimum than the architecture can reach). Plots: loss curves, decision boundaries (with
 * the hidden units' lines), and every seed's loss curve for the architecture with the most
 * stuck seeds.
 *
 * @see ../../../../docs/level3-deep/experiments.md
 */
import { Matrix, barWithErrors, decisionBoundaryPlot, defineExperiment, gridOver, linePlot, type LabelledPoint, type VegaLiteSpec } from '@fpml/core';
import { makeXor } from '@fpml/datasets';
import type { HiddenActivation } from '../backprop/activations.js';
import { Mlp1 } from '../backprop/mlp1.js';
import { Mlp2 } from '../backprop/mlp2.js';
import { trainFullBatch } from '../backprop/train.js';

type Row = Record<string, number | string>;

/** The result of one training run. */
interface RunRecord {
  arch: string;
  activation: HiddenActivation | 'none';
  hidden: number;
  seed: number;
  losses: Float64Array;
  trainAcc: number;
  testAcc: number;
  model: Mlp1 | Mlp2;
}

const accuracy = (yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number => {
  let c = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) c++;
  return c / yTrue.length;
};
const mean = (v: readonly number[]): number => v.reduce((s, x) => s + x, 0) / v.length;
/** Sample standard deviation (n − 1); 0 for one value. */
const std = (v: readonly number[]): number => {
  if (v.length < 2) return 0;
  const m = mean(v);
  return Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / (v.length - 1));
};
/** Fraction of labels equal to 1. */
const majority = (y: ArrayLike<number>): number => { let c = 0; for (let i = 0; i < y.length; i++) c += y[i]!; return c / y.length; };
const pct = (x: number, digits = 1): string => `${(100 * x).toFixed(digits)}%`;
const archName = (activation: HiddenActivation, H: number): string => `Mlp2 ${activation} H=${H}`;
const MLP1 = 'Mlp1 (no hidden layer)';

function pointsOf(X: Matrix, y: ArrayLike<number>): LabelledPoint[] {
  return Array.from({ length: X.rows }, (_, i) => ({ x: X.data[2 * i]!, y: X.data[2 * i + 1]!, label: y[i]! }));
}

/** P(y = 1 | x) of `model` on an n × n grid over the points' box, for decisionBoundaryPlot. */
function probabilitySurface(points: readonly LabelledPoint[], model: Mlp1 | Mlp2, n = 70) {
  const { xs, ys } = gridOver(points, n, 0.05);
  const G = new Matrix(n * n, 2); // (n², 2), row i·n + j = (xs[j], ys[i])
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) { G.data[2 * (i * n + j)] = xs[j]!; G.data[2 * (i * n + j) + 1] = ys[i]!; }
  const p = model.predictProba(G).data; // (n², 1)
  return { xs, ys, values: Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => p[i * n + j]!)) };
}

/**
 * The segment of the line $a x + b y + c = 0$ inside the box $[x_0, x_1] \times [y_0, y_1]$, or
 * null if it misses the box.
 */
function clipLine(a: number, b: number, c: number, x0: number, x1: number, y0: number, y1: number): { x1: number; y1: number; x2: number; y2: number } | null {
  const pts: [number, number][] = [];
  const add = (x: number, y: number) => { if (x >= x0 - 1e-12 && x <= x1 + 1e-12 && y >= y0 - 1e-12 && y <= y1 + 1e-12) pts.push([x, y]); };
  if (b !== 0) { add(x0, -(a * x0 + c) / b); add(x1, -(a * x1 + c) / b); }
  if (a !== 0) { add(-(b * y0 + c) / a, y0); add(-(b * y1 + c) / a, y1); }
  if (pts.length < 2) return null;
  // The two points farthest apart (corners can be found twice).
  let best: [[number, number], [number, number]] = [pts[0]!, pts[1]!], dBest = -1;
  for (const p of pts) for (const q of pts) { const d = (p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2; if (d > dBest) { dBest = d; best = [p, q]; } }
  return dBest > 0 ? { x1: best[0][0], y1: best[0][1], x2: best[1][0], y2: best[1][1] } : null;
}

/** Each hidden unit's line $W_{1,j} x + b_{1,j} = 0$, clipped to the plot's box. */
function hiddenLines(net: Mlp2, grid: { xs: readonly number[]; ys: readonly number[] }) {
  const { W1, b1 } = net.params;
  const x0 = grid.xs[0]!, x1 = grid.xs[grid.xs.length - 1]!, y0 = grid.ys[0]!, y1 = grid.ys[grid.ys.length - 1]!;
  const out: { x1: number; y1: number; x2: number; y2: number; kind: string }[] = [];
  for (let j = 0; j < net.hiddenDim; j++) {
    const seg = clipLine(W1.data[2 * j]!, W1.data[2 * j + 1]!, b1[j]!, x0, x1, y0, y1);
    if (seg) out.push({ ...seg, kind: 'hidden unit' });
  }
  return out;
}

/** Hidden units whose pre-activation is ≤ 0 on every row of X (a dead ReLU unit passes no gradient). */
function deadUnits(net: Mlp2, X: Matrix): number {
  const Z1 = net.forward(X).Z1; // (n, H)
  let dead = 0;
  for (let j = 0; j < Z1.cols; j++) {
    let alive = false;
    for (let i = 0; i < Z1.rows && !alive; i++) alive = Z1.data[i * Z1.cols + j]! > 0;
    if (!alive) dead++;
  }
  return dead;
}

/** Rename the colour legend of a {@link barWithErrors} spec (it titles it 'series'). */
function titled(spec: VegaLiteSpec, title: string): VegaLiteSpec {
  for (const layer of spec.layer as { encoding: { color?: { title: string } } }[]) if (layer.encoding.color) layer.encoding.color.title = title;
  return spec;
}

/** Every `stride`-th entry of a loss curve (and the last), as plot rows. */
function curveRows(losses: Float64Array, field: string, series: string, stride: number): Row[] {
  const rows: Row[] = [];
  for (let t = 0; t < losses.length; t += stride) rows.push({ epoch: t, loss: losses[t]!, [field]: series });
  if ((losses.length - 1) % stride !== 0) rows.push({ epoch: losses.length - 1, loss: losses[losses.length - 1]!, [field]: series });
  return rows;
}

export default defineExperiment({
  name: 'xor-depth',
  level: 3,
  objective: 'On XOR, does a hidden layer take a model from chance (no hidden layer, ~50%) to ~100% accuracy, how many hidden units does it need, and how often does gradient descent from a random start get stuck in a worse local minimum?',
  params: {
    nTrain: 400,
    nTest: 2000,
    noise: 0,
    widths: [2, 3, 4, 8, 16],
    activations: ['tanh', 'relu'],
    seeds: 10,
    epochs: 2000,
    lr: 0.5,
    momentum: 0.9,
    solvedAt: 0.95,
    stuckGap: 0.05,
  },
  quick: { nTrain: 200, nTest: 1000, widths: [2, 4, 8], seeds: 5, epochs: 500 },
  paramDocs: {
    nTrain: 'training points (makeXor, the same for every model and seed)',
    nTest: 'test points (an independent makeXor draw)',
    noise: 'std of the Gaussian noise makeXor adds to x after labelling (0: the classes touch only at the axes)',
    widths: 'hidden widths H of the two-layer networks',
    activations: 'hidden activations (tanh, relu, sigmoid)',
    seeds: 'initialisations per architecture',
    epochs: 'full-batch steps per run',
    lr: 'step size η of momentum SGD',
    momentum: 'momentum μ',
    solvedAt: 'test accuracy at or above which a run counts as solving XOR',
    stuckGap: 'a run is stuck when its train accuracy is more than this below the best seed of the same architecture',
  },
  run(ctx) {
    const p = ctx.params;
    const dataSeed = ctx.rng.int(2 ** 31 - 1), testSeed = ctx.rng.int(2 ** 31 - 1);
    const train = makeXor({ nSamples: p.nTrain, noise: p.noise, seed: dataSeed });
    const test = makeXor({ nSamples: p.nTest, noise: p.noise, seed: testSeed });
    const initSeeds = Array.from({ length: p.seeds }, () => ctx.rng.int(2 ** 31 - 1));
    const activations = p.activations as HiddenActivation[];
    ctx.setup('data', `XOR on the square: x ~ U[−1, 1]², y = 1 if x₁x₂ > 0 (makeXor, noise ${p.noise}); ${p.nTrain} training points (seed ${dataSeed}) and ${p.nTest} test points (seed ${testSeed}), the same for every model and initialisation.`);
    ctx.setup('model', `Mlp1: p = σ(wᵀx + b), 3 parameters. Mlp2: p = σ(w₂ᵀφ(W₁x + b₁) + b₂) with φ ∈ {${activations.join(', ')}} and H ∈ {${p.widths.join(', ')}} hidden units (4H + 1 parameters). Xavier-uniform weights, zero biases; mean binary cross-entropy; backward passes hand-written (src/backprop).`);
    ctx.setup('optimisation', `Full-batch momentum SGD (trainFullBatch): η = ${p.lr}, μ = ${p.momentum}, ${p.epochs} steps; ${p.seeds} initialisations per architecture (seeds ${initSeeds.join(', ')}). Solved: test accuracy ≥ ${pct(p.solvedAt, 0)}. Stuck: train accuracy more than ${pct(p.stuckGap, 0)} below the best seed of the same architecture.`);

    const runs: RunRecord[] = [];
    const total = p.seeds * (1 + activations.length * p.widths.length);
    ctx.progress.start(total, 'training runs');
    const record = (arch: string, activation: HiddenActivation | 'none', hidden: number, seed: number, model: Mlp1 | Mlp2) => {
      const opts = { lr: p.lr, momentum: p.momentum, epochs: p.epochs };
      const losses = model instanceof Mlp1 ? trainFullBatch(model, train.X, train.y, opts) : trainFullBatch(model, train.X, train.y, opts);
      const r: RunRecord = { arch, activation, hidden, seed, losses, trainAcc: accuracy(train.y, model.predict(train.X)), testAcc: accuracy(test.y, model.predict(test.X)), model };
      runs.push(r);
      ctx.log({ arch, seed, trainLoss: losses[losses.length - 1]!, trainAccuracy: r.trainAcc, testAccuracy: r.testAcc });
      ctx.progress.tick(1, { arch, test: pct(r.testAcc) });
    };
    for (const seed of initSeeds) record(MLP1, 'none', 0, seed, Mlp1.init({ inputDim: 2, output: 'sigmoid', seed }));
    for (const activation of activations) for (const H of p.widths) for (const seed of initSeeds) {
      record(archName(activation, H), activation, H, seed, Mlp2.init({ inputDim: 2, hiddenDim: H, activation, output: 'sigmoid', seed }));
    }
    ctx.progress.stop();

    // Per-architecture summary.
    const archs = [...new Set(runs.map((r) => r.arch))];
    const stats = new Map<string, { runs: RunRecord[]; best: number; solved: number; stuck: RunRecord[]; medianRun: RunRecord }>();
    const summary: (string | number)[][] = [];
    for (const arch of archs) {
      const rs = runs.filter((r) => r.arch === arch);
      const best = Math.max(...rs.map((r) => r.trainAcc));
      const stuck = rs.filter((r) => r.trainAcc < best - p.stuckGap);
      const solved = rs.filter((r) => r.testAcc >= p.solvedAt).length;
      const byLoss = [...rs].sort((a, b) => a.losses[a.losses.length - 1]! - b.losses[b.losses.length - 1]!);
      const medianRun = byLoss[(byLoss.length - 1) >> 1]!;
      stats.set(arch, { runs: rs, best, solved, stuck, medianRun });
      const te = rs.map((r) => r.testAcc), tr = rs.map((r) => r.trainAcc), fl = rs.map((r) => r.losses[r.losses.length - 1]!);
      const key = arch === MLP1 ? 'mlp1' : `${rs[0]!.activation}_h${rs[0]!.hidden}`;
      ctx.metric(`${key}_testAccuracy_mean`, mean(te));
      ctx.metric(`${key}_testAccuracy_std`, std(te));
      ctx.metric(`${key}_testAccuracy_min`, Math.min(...te));
      ctx.metric(`${key}_testAccuracy_max`, Math.max(...te));
      ctx.metric(`${key}_trainLoss_mean`, mean(fl));
      ctx.metric(`${key}_solved`, solved);
      ctx.metric(`${key}_stuck`, stuck.length);
      const params = arch === MLP1 ? 3 : 4 * rs[0]!.hidden + 1;
      summary.push([arch, params, `${pct(mean(te))} ± ${pct(std(te))}`, `${pct(Math.min(...te))} – ${pct(Math.max(...te))}`, pct(mean(tr)), `${mean(fl).toFixed(4)} ± ${std(fl).toFixed(4)}`, `${solved}/${rs.length}`, `${stuck.length}/${rs.length}`]);
    }
    ctx.metric('seeds', p.seeds);
    ctx.table('accuracy-by-architecture', `Each architecture trained from ${p.seeds} initialisations on the same ${p.nTrain} training points, ${p.epochs} full-batch steps; test accuracy on ${p.nTest} fresh points (mean ± sample std over seeds, and the range). Solved: test accuracy ≥ ${pct(p.solvedAt, 0)}. Stuck: train accuracy more than ${pct(p.stuckGap, 0)} below the architecture's best seed.`,
      ['model', 'parameters', 'test accuracy (mean ± std)', 'test accuracy (min – max)', 'train accuracy (mean)', 'final train loss (mean ± std)', 'solved', 'stuck'], summary);
    ctx.table('runs', 'Every run: the initialisation seed, final training loss, train and test accuracy.',
      ['model', 'init seed', 'final train loss', 'train accuracy', 'test accuracy', 'verdict'],
      runs.map((r) => {
        const s = stats.get(r.arch)!;
        const bestTest = Math.max(...s.runs.map((q) => q.testAcc));
        const verdict = r.testAcc >= p.solvedAt ? 'solved' : s.stuck.includes(r) ? 'stuck (worse local minimum)' : bestTest < p.solvedAt ? 'not solved (no seed of this model does)' : 'not solved (other seeds do)';
        return [r.arch, r.seed, r.losses[r.losses.length - 1]!.toFixed(5), pct(r.trainAcc), pct(r.testAcc), verdict];
      }));

    // Accuracy against width.
    ctx.plot('accuracy-vs-width', titled(barWithErrors({
      title: `XOR test accuracy by hidden width (mean ± std over ${p.seeds} seeds)`,
      data: [
        { group: 'no hidden layer', mean: mean(stats.get(MLP1)!.runs.map((r) => r.testAcc)), std: std(stats.get(MLP1)!.runs.map((r) => r.testAcc)), series: 'Mlp1 (linear)' },
        ...activations.flatMap((a) => p.widths.map((H) => { const te = stats.get(archName(a, H))!.runs.map((r) => r.testAcc); return { group: `H = ${H}`, mean: mean(te), std: std(te), series: `Mlp2 ${a}` }; })),
      ],
      xLabel: 'hidden units', yLabel: 'test accuracy (mean ± std)', width: 520, height: 300,
    }), 'model'), `Test accuracy of each architecture, mean ± sample std over ${p.seeds} initialisations (the same data). No hidden layer stays at chance whatever the seed; the two-layer networks climb with width, and their spread at small widths is the seeds that end in a worse local minimum.`);

    // Loss curves: the median seed of each architecture.
    const stride = Math.max(1, Math.floor(p.epochs / 200));
    const curveArchs = [MLP1, ...activations.map((a) => p.widths.map((H) => archName(a, H))).flat()];
    ctx.plot('loss-curves', linePlot({
      title: 'Training loss per step (median-loss seed of each architecture)',
      data: curveArchs.flatMap((a) => curveRows(stats.get(a)!.medianRun.losses, 'model', a, stride)),
      x: 'epoch', y: 'loss', series: 'model', logY: true, xLabel: 'full-batch step', yLabel: 'mean binary cross-entropy (log scale)', width: 520, height: 320,
    }), `Mean training cross-entropy after each full-batch momentum step, for the seed whose final loss is the median of its architecture. Mlp1 flattens at ≈ log 2 = ${Math.LN2.toFixed(4)} within a few dozen steps (predicting ≈ 0.5 everywhere is nearly optimal for a linear model). Too narrow a network plateaus higher than a wide one; a network that fits the data keeps lowering its loss slowly, as growing weights sharpen P towards 0 and 1 (the cross-entropy of a fitted classifier has no positive floor).`);

    // All seeds of the architecture with the most stuck runs, preferring one that some seed
    // solves (so the stuck runs are an optimisation failure, not a capacity limit); the smallest
    // width on ties.
    const mlp2Archs = archs.filter((a) => a !== MLP1);
    const capable = mlp2Archs.filter((a) => stats.get(a)!.runs.some((r) => r.testAcc >= p.solvedAt));
    const pool = capable.some((a) => stats.get(a)!.stuck.length > 0) ? capable : mlp2Archs;
    const worst = pool.reduce((w, a) => (stats.get(a)!.stuck.length > stats.get(w)!.stuck.length ? a : w), pool[0]!);
    const ws = stats.get(worst)!;
    ctx.plot('loss-curves-seeds', linePlot({
      title: `${worst}: every seed's training loss`,
      data: ws.runs.flatMap((r) => curveRows(r.losses, 'initialisation', `seed ${r.seed}: test ${pct(r.testAcc, 0)}${ws.stuck.includes(r) ? ' (stuck)' : ''}`, stride)),
      x: 'epoch', y: 'loss', series: 'initialisation', logY: true, xLabel: 'full-batch step', yLabel: 'mean binary cross-entropy (log scale)', width: 520, height: 320,
    }), `The architecture with the most stuck seeds (${ws.stuck.length} of ${ws.runs.length}): the same data and optimiser, different initial weights. The stuck runs plateau at a higher loss: ${ws.stuck.length ? 'their train accuracy is more than ' + pct(p.stuckGap, 0) + ' below the best seed' : 'none here'}.`);

    // Decision boundaries.
    const pts = pointsOf(train.X, train.y);
    const boundary = (name: string, r: RunRecord, caption: (pMin: number, pMax: number) => string) => {
      const grid = probabilitySurface(pts, r.model);
      const flat = grid.values.flat();
      ctx.plot(name, decisionBoundaryPlot({
        title: `${r.arch}, seed ${r.seed}: P(y = 1 | x), test accuracy ${pct(r.testAcc)}`,
        grid, valueType: 'score', scoreMid: 0.5, valueTitle: 'P(y = 1 | x)', points: pts,
        ...(r.model instanceof Mlp2 ? { lines: hiddenLines(r.model, grid) } : {}),
        width: 380, height: 380,
      }), caption(Math.min(...flat), Math.max(...flat)));
    };
    const m1Run = stats.get(MLP1)!.medianRun;
    boundary('boundary-mlp1', m1Run, (lo, hi) => `No hidden layer (training points shown): the probability is a logistic ramp along one direction, its 0.5 contour a line. At the log-loss optimum the ramp is nearly flat, P ∈ [${lo.toFixed(3)}, ${hi.toFixed(3)}] over the whole square${hi < 0.5 || lo > 0.5 ? ', so the model predicts one class everywhere (the training majority, ' + pct(m1Run.trainAcc) + ' of the training points)' : ''}: a line cannot separate the quadrants, and the best the log-loss can do is hedge near 0.5.`);
    const unitsNote = (a: HiddenActivation | 'none') => a === 'relu'
      ? 'The output is piecewise linear in x with its kinks on these lines, so the 0.5 contour is a polyline that bends only where it crosses one.'
      : 'Each unit is a soft ramp across its line, not a step, and the output sums the ramps: the 0.5 contour need not follow any one line; it bends where several ramps overlap.';
    const fullySolved = (a: HiddenActivation) => p.widths.map((H) => archName(a, H)).find((n) => stats.get(n)!.solved === stats.get(n)!.runs.length) ?? archName(a, Math.max(...p.widths));
    for (const a of activations) {
      const arch = fullySolved(a), r = stats.get(arch)!.medianRun;
      boundary(`boundary-mlp2-${a}`, r, () => `${arch}, the narrowest ${a} network whose every seed solves XOR (or the widest tried if none does), median seed; training points shown. Black lines: each hidden unit's zero line W₁ⱼx + b₁ⱼ = 0. ${unitsNote(a)}`);
    }
    const firstAct = activations[0]!;
    const narrow = archName(firstAct, Math.min(...p.widths));
    if (narrow !== fullySolved(firstAct)) {
      const s = stats.get(narrow)!;
      const bestRun = [...s.runs].sort((x, y) => y.trainAcc - x.trainAcc)[0]!;
      boundary('boundary-mlp2-narrow', bestRun, () => `${narrow}, its best seed: too few units. With ${Math.min(...p.widths)} lines the network can cut a band or a corner, not a cross, so even the best of ${s.runs.length} seeds reaches only ${pct(bestRun.trainAcc)} train accuracy.`);
    }
    const stuckRun = ws.stuck.length ? [...ws.stuck].sort((a, b) => a.trainAcc - b.trainAcc)[0]! : undefined;
    if (stuckRun) boundary('boundary-stuck', stuckRun, () => `A stuck run of ${worst} (its worst seed by train accuracy, ${pct(stuckRun.trainAcc)}): another seed of the same architecture reaches ${pct(ws.best)}, so this is a worse local minimum, not a lack of capacity.${stuckRun.activation === 'relu' ? ` Dead ReLU units (negative pre-activation on every training point, so zero output and zero gradient: they never recover): ${deadUnits(stuckRun.model as Mlp2, train.X)} of ${stuckRun.hidden}.` : ''}`);

    // Observations.
    const m1 = stats.get(MLP1)!;
    const m1te = m1.runs.map((r) => r.testAcc);
    ctx.observe(`No hidden layer: test accuracy ${pct(mean(m1te))} ± ${pct(std(m1te))} over ${p.seeds} seeds, final loss ${mean(m1.runs.map((r) => r.losses[p.epochs]!)).toFixed(4)} (log 2 = ${Math.LN2.toFixed(4)}). The loss is convex, so every seed reaches the same optimum (loss spread ${std(m1.runs.map((r) => r.losses[p.epochs]!)).toExponential(1)}): the failure is capacity, not optimisation. No half-plane classifies more than 2/3 of the square, and the log-loss does not even look for the best one: its optimum is a nearly flat ramp (P within a few hundredths of 0.5) whose small tilt follows the sample's imbalances, so its accuracy lands anywhere around chance, here ${pct(m1.runs[0]!.trainAcc)} on the training set (majority class ${pct(Math.max(majority(train.y), 1 - majority(train.y)))}) and ${pct(m1.runs[0]!.testAcc)} on the test set.`);
    for (const a of activations) {
      const parts = p.widths.map((H) => { const s = stats.get(archName(a, H))!; const te = s.runs.map((r) => r.testAcc); return `H = ${H}: ${pct(mean(te))} ± ${pct(std(te))}, ${s.solved}/${s.runs.length} solved, ${s.stuck.length} stuck`; });
      ctx.observe(`Mlp2 ${a}: ${parts.join('; ')}.`);
    }
    const capacityLimited = mlp2Archs.filter((a) => !capable.includes(a));
    const stuckCapable = capable.filter((a) => stats.get(a)!.stuck.length > 0);
    const allSolved = mlp2Archs.filter((a) => stats.get(a)!.solved === stats.get(a)!.runs.length);
    ctx.observe(`Capacity: ${capacityLimited.length ? capacityLimited.map((a) => `${a} (best seed ${pct(Math.max(...stats.get(a)!.runs.map((r) => r.testAcc)))})`).join(', ') + ` never reach${capacityLimited.length === 1 ? 'es' : ''} ${pct(p.solvedAt, 0)} from any seed` : `every two-layer architecture solves XOR from some seed`}. Optimisation: ${stuckCapable.length ? stuckCapable.map((a) => `${a} has ${stats.get(a)!.stuck.length} of ${stats.get(a)!.runs.length} seeds stuck in a worse local minimum although another seed solves it`).join('; ') : 'no architecture that can solve XOR has a stuck seed here'}. Every seed solves it: ${allSolved.length ? allSolved.join(', ') : 'no architecture'}.`);
    const bestArch = mlp2Archs.reduce((b, a) => (mean(stats.get(a)!.runs.map((r) => r.testAcc)) > mean(stats.get(b)!.runs.map((r) => r.testAcc)) ? a : b), mlp2Archs[0]!);
    ctx.metric('best_mlp2_testAccuracy_mean', mean(stats.get(bestArch)!.runs.map((r) => r.testAcc)));
    ctx.metric('mlp1_testAccuracy_maxOverSeeds', Math.max(...m1te));
  },
  expect: (m) => ({
    pass: m.mlp1_testAccuracy_maxOverSeeds! <= 0.72 && m.mlp1_trainLoss_mean! >= 0.6 && m.best_mlp2_testAccuracy_mean! >= 0.95,
    criterion: 'no hidden layer: every seed at most 72% test accuracy (no line beats 2/3) with loss ≥ 0.6 (log 2 ≈ 0.693); the best two-layer architecture ≥ 95% mean test accuracy',
    detail: `Mlp1 ${(100 * m.mlp1_testAccuracy_mean!).toFixed(1)}% (max over seeds ${(100 * m.mlp1_testAccuracy_maxOverSeeds!).toFixed(1)}%), loss ${m.mlp1_trainLoss_mean!.toFixed(4)}; best Mlp2 ${(100 * m.best_mlp2_testAccuracy_mean!).toFixed(1)}%`,
  }),
});
