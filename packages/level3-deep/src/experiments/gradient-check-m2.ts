/**
 * Experiment `gradient-check-m2` (level 3): is the hand-written backward pass of the two-layer
 * MLP right, how would we know, and how small must the finite-difference step be?
 *
 * 1. **The check.** Random inputs X (n × d = 8 × 2, N(0, 1), seeded), random labels, an
 *    {@link Mlp2} with `hidden` units, biases N(0, 0.5²) so their gradients are exercised. For each
 *    hidden activation (tanh, ReLU, logistic) and head (softmax over `classes`, sigmoid), every
 *    tensor's gradient (W1, b1, W2, b2 and the input X) against central differences at the chosen
 *    step h ({@link checkMlp2Gradients}; for ReLU the step is capped below the nearest kink).
 *    Relative error of a tensor: $\max_k|g_k - \tilde g_k| / \max_k\max(|g_k|, |\tilde g_k|)$.
 * 2. **The step.** The error against h from 10⁻¹ to 10⁻¹² on log-log axes: truncation
 *    $\tfrac{h^2}{6}L'''$ falls with slope 2, rounding $\sim\varepsilon|L|/h$ rises with slope −1,
 *    and the total is smallest near $h^\star \sim \varepsilon^{1/3} \approx 6\cdot10^{-6}$. ReLU is
 *    swept without the kink cap, to show what a kink inside the stencil does.
 * 3. **Planted bugs.** Copies of `Mlp2.backward` (tanh network), each with one line broken the
 *    way hand-written backprop usually breaks; the check must flag each, and the per-tensor
 *    errors say which line: a bug at ∂L/∂Z₁ spares W2 and b2.
 *
 * @see ../../../../docs/level3-deep/backprop.md
 */
import { Matrix, colSum, defineExperiment, linePlot, matmul, matmulTransA, matmulTransB, scale, sub, type VegaLiteSpec } from '@fpml/core';
import { HIDDEN_ACTIVATIONS, type HiddenActivation } from '../backprop/activations.js';
import { checkTensors, type TensorCheck } from '../backprop/gradient-check.js';
import { Mlp2, type Mlp2Cache, type Mlp2Grads } from '../backprop/mlp2.js';
import { checkMlp2Gradients } from '../backprop/mlp2-check.js';
import { OUTPUT_HEADS, targetMatrix, type OutputHead } from '../backprop/output.js';

const TENSORS = ['W1', 'b1', 'W2', 'b2', 'X'] as const;
const EPS = Number.EPSILON;

/** The planted bugs: each replaces exactly one line of Mlp2.backward. */
const BUGS = {
  'tanh-prime-unsquared': { line: "dZ1 = dH ⊙ (1 − H), a dropped factor: tanh' is 1 − H²" },
  'tanh-prime-at-z': { line: "dZ1 = dH ⊙ (1 − Z1²), σ' read from the wrong cache entry (pre- instead of post-activation)" },
  'mean-factor-dropped': { line: 'dZ2 = P − Y, the ÷ n of the mean loss dropped' },
  'w2-read-transposed': { line: 'dH[i,j] = Σₖ dZ2[i,k] W2[j·K + k], a missing transpose: W2 (K, H) indexed as if stored (H, K)' },
} as const;
type Bug = keyof typeof BUGS | 'none';

/**
 * A literal copy of `Mlp2.backward` for a tanh hidden layer and softmax head, with `bug`
 * replacing one line. With `bug = 'none'` it must return exactly what `Mlp2.backward` does.
 */
function plantedBackward(net: Mlp2, cache: Mlp2Cache, y: Int32Array, bug: Bug): Mlp2Grads {
  const { W1, W2 } = net.params;
  const { X, Z1, H, P } = cache;
  const n = X.rows, K = net.outputDim, Hd = net.hiddenDim;
  const Y = targetMatrix('softmax', y, K); // (n, K)
  const dZ2 = bug === 'mean-factor-dropped' ? sub(P, Y) /* BUG */ : scale(sub(P, Y), 1 / n); // ∂L/∂Z₂ = (P − Y)/n   (n, K)
  const dW2 = matmulTransA(dZ2, H); // ∂L/∂W₂ = ∂L/∂Z₂ᵀ H   (K, H)
  const db2 = colSum(dZ2); // ∂L/∂b₂ = ∂L/∂Z₂ᵀ 1   (K,)
  const dH = bug === 'w2-read-transposed' ? matmulTransB(dZ2, new Matrix(Hd, K, W2.data)) /* BUG */ : matmul(dZ2, W2); // ∂L/∂H = ∂L/∂Z₂ W₂   (n, H)
  const dZ1 = new Matrix(n, Hd); // (n, H)
  for (let k = 0; k < dZ1.data.length; k++) {
    const h = H.data[k]!, z = Z1.data[k]!;
    const slope = bug === 'tanh-prime-unsquared' ? 1 - h /* BUG */ : bug === 'tanh-prime-at-z' ? 1 - z * z /* BUG */ : 1 - h * h; // tanh'(z) = 1 − h²
    dZ1.data[k] = dH.data[k]! * slope; // ∂L/∂Z₁ = ∂L/∂H ⊙ σ'(Z₁)
  }
  const dW1 = matmulTransA(dZ1, X); // ∂L/∂W₁ = ∂L/∂Z₁ᵀ X   (H, d)
  const db1 = colSum(dZ1); // ∂L/∂b₁ = ∂L/∂Z₁ᵀ 1   (H,)
  const dX = matmul(dZ1, W1); // ∂L/∂X = ∂L/∂Z₁ W₁   (n, d)
  return { W1: dW1, b1: db1, W2: dW2, b2: db2, X: dX };
}

const fmt = (v: number): string => (v === 0 ? '0' : v.toExponential(2));
const byName = (rows: readonly TensorCheck[], name: string): TensorCheck => rows.find((r) => r.name === name)!;

/** Log-10 x axis with a tick per decade (linePlot's log x is base 2 with a tick per value). */
function log10X(spec: VegaLiteSpec, decades: number[]): VegaLiteSpec {
  const x = (spec.encoding as Record<string, Record<string, unknown>>).x!;
  x.scale = { type: 'log', base: 10 };
  x.axis = { values: decades, format: '.0e', labelAngle: -40 };
  return spec;
}

export default defineExperiment({
  name: 'gradient-check-m2',
  level: 3,
  objective: 'Does the hand-written backward pass of a two-layer MLP match central finite differences to 1e-7 for every parameter and the input, how does the error depend on the step h, and does the check catch a planted one-line bug?',
  params: {
    n: 8,
    d: 2,
    hidden: 4,
    classes: 3,
    h: Math.cbrt(EPS),
    sweepFrom: -1,
    sweepTo: -12,
    perDecade: 4,
  },
  quick: { perDecade: 2 },
  paramDocs: {
    n: 'rows of the random input X',
    d: 'columns of X (features)',
    hidden: 'hidden units H',
    classes: 'classes K of the softmax head (the sigmoid head has one logit)',
    h: 'the chosen finite-difference step (default ε^{1/3} ≈ 6.06e-6)',
    sweepFrom: 'log10 of the largest h in the sweep',
    sweepTo: 'log10 of the smallest h in the sweep',
    perDecade: 'sweep points per decade of h',
  },
  run(ctx) {
    const { n, d, hidden: H, classes: K, h } = ctx.params;
    const X = new Matrix(n, d, Float64Array.from({ length: n * d }, () => ctx.rng.normal())); // (n, d)
    const yK = Int32Array.from({ length: n }, () => ctx.rng.int(K)); // softmax labels
    const y2 = Int32Array.from({ length: n }, () => ctx.rng.int(2)); // sigmoid labels
    const netSeed = ctx.rng.int(2 ** 31 - 1);
    const biasRng = ctx.rng.fork();
    const bias1 = Float64Array.from({ length: H }, () => biasRng.normal(0, 0.5));
    const bias2 = Float64Array.from({ length: K }, () => biasRng.normal(0, 0.5));
    /** The same weights (seed) for every activation; biases N(0, 0.5²). */
    const make = (activation: HiddenActivation, output: OutputHead): Mlp2 => {
      const net = Mlp2.init({ inputDim: d, hiddenDim: H, outputDim: output === 'softmax' ? K : 1, activation, output, seed: netSeed });
      net.params.b1.set(bias1);
      net.params.b2.set(bias2.subarray(0, net.outputDim));
      return net;
    };
    const labels = (output: OutputHead) => (output === 'softmax' ? yK : y2);
    ctx.setup('data', `X: ${n} × ${d}, entries N(0, 1); labels uniform over ${K} classes (softmax head) or {0, 1} (sigmoid head); all from the run's seed.`);
    ctx.setup('model', `Mlp2 ${d} → ${H} → ${K} (softmax) or 1 (sigmoid), hidden tanh / ReLU / logistic; W Xavier-uniform (seed ${netSeed}, the same for every activation), biases N(0, 0.5²); mean cross-entropy. Backward pass hand-written (src/backprop/mlp2.ts).`);
    ctx.setup('check', `central differences (L(θ + h e_k) − L(θ − h e_k))/2h for every entry of W1, b1, W2, b2 and X; chosen h = ${h.toExponential(3)} (ε^{1/3} = ${Math.cbrt(EPS).toExponential(3)}); ReLU's step capped at half the distance to the nearest kink.`);

    // 1. The check at the chosen step.
    const summary: (string | number)[][] = [];
    const detail: (string | number)[][] = [];
    let maxRel = 0, maxEntry = 0, reluKink = Infinity;
    for (const output of OUTPUT_HEADS) {
      const perAct = new Map<HiddenActivation, TensorCheck[]>();
      for (const activation of HIDDEN_ACTIVATIONS) {
        const net = make(activation, output);
        const r = checkMlp2Gradients(net, X, labels(output), { h });
        perAct.set(activation, r.tensors);
        ctx.metric(`relError_${activation}_${output}`, r.relError);
        if (activation === 'relu') ctx.metric(`reluKinkStep_${output}`, r.kinkStep);
        if (activation === 'relu' && output === 'softmax') reluKink = r.kinkStep;
        maxRel = Math.max(maxRel, r.relError);
        for (const t of r.tensors) {
          maxEntry = Math.max(maxEntry, t.maxEntryRelError);
          detail.push([output, activation, t.name, fmt(r.h), fmt(t.maxAbsGrad), fmt(t.maxAbsError), fmt(t.relError), fmt(t.maxEntryRelError)]);
        }
        ctx.log({ part: 'check', output, activation, h: r.h, relError: r.relError });
      }
      const shapes: Record<string, string> = { W1: `${H}×${d}`, b1: `${H}`, W2: `${output === 'softmax' ? K : 1}×${H}`, b2: `${output === 'softmax' ? K : 1}`, X: `${n}×${d}` };
      for (const name of TENSORS) summary.push([output, name, shapes[name]!, ...HIDDEN_ACTIVATIONS.map((a) => fmt(byName(perAct.get(a)!, name).relError))]);
    }
    ctx.metric('maxRelError', maxRel);
    ctx.metric('maxEntryRelError', maxEntry);
    ctx.table('relative-error', `Relative error max_k |g_k − g̃_k| / max_k max(|g_k|, |g̃_k|) of each tensor's hand-written gradient against central differences at h = ${h.toExponential(2)}, per hidden activation (criterion: < 1e-7).`,
      ['head', 'tensor', 'shape', ...HIDDEN_ACTIVATIONS], summary);
    ctx.table('detail', 'Every check in full: the step used (ReLU: capped below the nearest kink), the largest gradient entry, the largest absolute error, the relative error above, and the largest entry-by-entry relative error |g_k − g̃_k| / max(|g_k|, |g̃_k|) (large only where an entry is itself small).',
      ['head', 'activation', 'tensor', 'h used', 'max |g|', 'max abs error', 'relative error', 'max entrywise rel. error'], detail);

    // 2. Error against the step.
    const hs: number[] = [];
    for (let e = ctx.params.sweepFrom * ctx.params.perDecade; e >= ctx.params.sweepTo * ctx.params.perDecade; e--) hs.push(10 ** (e / ctx.params.perDecade));
    ctx.progress.start(hs.length, 'h sweep');
    const curve: Record<string, number | string>[] = [];
    const best = new Map<HiddenActivation, { h: number; err: number }>();
    const tanhErr: number[] = [];
    for (const hk of hs) {
      for (const activation of HIDDEN_ACTIVATIONS) {
        const net = make(activation, 'softmax');
        const err = Math.max(checkMlp2Gradients(net, X, yK, { h: hk, kinkSafe: false }).relError, 1e-17);
        curve.push({ h: hk, error: err, series: activation === 'relu' ? 'ReLU (no kink cap)' : activation });
        if (!best.has(activation) || err < best.get(activation)!.err) best.set(activation, { h: hk, err });
        if (activation === 'tanh') tanhErr.push(err);
        ctx.log({ part: 'sweep', activation, h: hk, relError: err });
      }
      ctx.progress.tick(1);
    }
    ctx.progress.stop();
    // Reference lines anchored on the tanh curve: a h² through its value at h = 1e-2 (or the
    // sweep's nearest point), b ε/h through its value at the smallest h.
    const iA = hs.reduce((bi, v, i) => (Math.abs(Math.log10(v) + 2) < Math.abs(Math.log10(hs[bi]!) + 2) ? i : bi), 0);
    const a = tanhErr[iA]! / hs[iA]! ** 2, b = (tanhErr[hs.length - 1]! * hs[hs.length - 1]!) / EPS;
    const hStarModel = Math.cbrt((b * EPS) / (2 * a));
    const floor = Math.min(...tanhErr) / 30; // draw the asymptotes only where they are near the data
    for (const hk of hs) {
      if (a * hk * hk >= floor) curve.push({ h: hk, error: a * hk * hk, series: 'truncation ∝ h² (fit to tanh)' });
      if ((b * EPS) / hk >= floor) curve.push({ h: hk, error: (b * EPS) / hk, series: 'rounding ∝ ε/h (fit to tanh)' });
    }
    const decades = Array.from({ length: ctx.params.sweepFrom - ctx.params.sweepTo + 1 }, (_, i) => 10 ** (ctx.params.sweepFrom - i));
    ctx.plot('error-vs-h', log10X(linePlot({
      title: 'Finite-difference check: relative error vs step h (softmax head)',
      data: curve, x: 'h', y: 'error', series: 'series', logY: true, logX: true,
      xLabel: 'step h (log scale)', yLabel: 'max relative error over W1, b1, W2, b2, X (log scale)', width: 520, height: 340,
    }), decades), `Relative error of the hand-written gradient against central differences as the step h shrinks, for each hidden activation (8×2 input, ${H} hidden units, softmax head). Right of the minimum the truncation error h²L‴/6 dominates (slope 2); left of it rounding, ~ε|L|/h (slope −1). The two reference lines are fitted to the tanh curve at h = ${hs[iA]!.toExponential(0)} and ${hs[hs.length - 1]!.toExponential(0)}; they cross at h* = ${hStarModel.toExponential(1)} (ε^{1/3} = ${Math.cbrt(EPS).toExponential(1)}). ReLU is swept without the kink cap, so once h exceeds the distance to its nearest kink the error jumps to the size of the slope change.`);
    for (const activation of HIDDEN_ACTIVATIONS) ctx.metric(`hBest_${activation}`, best.get(activation)!.h);
    ctx.metric('hStarModel', hStarModel);
    ctx.metric('minError_tanh', best.get('tanh')!.err);

    // 3. Planted bugs.
    const net = make('tanh', 'softmax');
    const cache = net.forward(X);
    const truth = net.backward(cache, yK);
    const copy = plantedBackward(net, cache, yK, 'none');
    let fidelity = 0;
    for (const name of TENSORS) {
      const u = name === 'b1' || name === 'b2' ? truth[name] : truth[name].data, v = name === 'b1' || name === 'b2' ? copy[name] : copy[name].data;
      for (let k = 0; k < u.length; k++) fidelity = Math.max(fidelity, Math.abs(u[k]! - v[k]!));
    }
    ctx.metric('copyMaxDifference', fidelity);
    const bugRows: (string | number)[][] = [];
    let caught = 0, weakest = Infinity;
    for (const bug of Object.keys(BUGS) as (keyof typeof BUGS)[]) {
      const g = plantedBackward(net, cache, yK, bug);
      const Xc = X.clone();
      const rows = checkTensors(() => net.loss(net.forward(Xc), yK),
        { W1: net.params.W1.data, b1: net.params.b1, W2: net.params.W2.data, b2: net.params.b2, X: Xc.data },
        { W1: g.W1.data, b1: g.b1, W2: g.W2.data, b2: g.b2, X: g.X.data }, h);
      const worst = Math.max(...rows.map((r) => r.relError));
      const flagged = worst >= 1e-7;
      if (flagged) caught++;
      weakest = Math.min(weakest, worst);
      ctx.metric(`bug_${bug}_relError`, worst);
      bugRows.push([bug, BUGS[bug].line, ...TENSORS.map((t) => fmt(byName(rows, t).relError)), flagged ? 'caught' : 'MISSED']);
      ctx.log({ part: 'bugs', bug, relError: worst });
    }
    ctx.metric('bugsPlanted', Object.keys(BUGS).length);
    ctx.metric('bugsCaught', caught);
    ctx.metric('weakestBugRelError', weakest);
    ctx.table('planted-bugs', `Planted bugs: copies of Mlp2.backward (tanh hidden, softmax head) with one line broken, checked at h = ${h.toExponential(2)}. Relative error per tensor; a bug is caught when any tensor exceeds 1e-7. The unbroken copy matches Mlp2.backward to ${fmt(fidelity)}.`,
      ['bug', 'broken line', ...TENSORS, 'verdict'], bugRows);

    const tanhBest = best.get('tanh')!;
    ctx.observe(`At h = ${h.toExponential(2)} every tensor of every network (3 activations × 2 heads) matches central differences to a relative error of at most ${fmt(maxRel)}; the largest entry-by-entry relative error is ${fmt(maxEntry)}, reached where a gradient entry is itself small.`);
    ctx.observe(`The error curve has the textbook V shape: for tanh it falls as h² down to ${fmt(tanhBest.err)} at h = ${tanhBest.h.toExponential(1)}, then rises as ε/h; the two fitted asymptotes cross at h* = ${hStarModel.toExponential(1)}, against ε^{1/3} = ${Math.cbrt(EPS).toExponential(1)}. At h = 1e-12 the error is ${fmt(tanhErr[tanhErr.length - 1]!)}: smaller steps are not better.`);
    const at = (series: string, hk: number) => curve.find((r) => r.series === series && r.h === hk)!.error as number;
    const hAbove = hs.filter((v) => v > reluKink).pop(), hBelow = hs.find((v) => v < reluKink / 2);
    if (hAbove !== undefined && hBelow !== undefined) {
      ctx.observe(`ReLU's nearest kink is h_kink = ${fmt(reluKink)} away (min |z| / max(1, max|X|, max|W1|)). Swept without the cap, its error at h = ${hAbove.toExponential(1)} > h_kink is ${fmt(at('ReLU (no kink cap)', hAbove))} against tanh's ${fmt(at('tanh', hAbove))}: the stencil straddles a kink, a flaw of the finite difference, not of the backward pass. At h = ${hBelow.toExponential(1)} < h_kink/2 it is back to ${fmt(at('ReLU (no kink cap)', hBelow))}.`);
    }
    ctx.observe(`All ${caught} of ${Object.keys(BUGS).length} planted bugs are caught, the weakest at relative error ${fmt(weakest)} (${(weakest / Math.max(maxRel, 1e-300)).toExponential(1)}× the correct pass's worst). Bugs in ∂L/∂H or ∂L/∂Z₁ leave W2 and b2 exact (their gradients are computed above the broken line) while the ÷ n bug spoils every tensor by the same factor, so the per-tensor errors point at the broken line.`);
  },
  expect: (m) => ({
    pass: m.maxRelError! < 1e-7 && m.bugsCaught === m.bugsPlanted && m.copyMaxDifference === 0,
    criterion: 'max relative error < 1e-7 for every tensor, activation and head at the chosen h; every planted bug caught (some tensor > 1e-7); the unbroken copy equals Mlp2.backward exactly',
    detail: `max relative error ${m.maxRelError!.toExponential(2)}; ${m.bugsCaught}/${m.bugsPlanted} bugs caught (weakest ${m.weakestBugRelError!.toExponential(2)}); copy difference ${m.copyMaxDifference}`,
  }),
});
