/**
 * Experiment `optimizer-convergence` (level 1): measured convergence rates of first- and
 * second-order methods against the theory.
 *
 * 1. Quadratics $f(x) = \tfrac12 x^\top A x$, $A = Q \operatorname{diag}(\lambda) Q^\top$ with $\lambda$
 *    evenly spread over $[1, \kappa]$ and $Q$ a seeded random rotation (eigenvectors of a random
 *    symmetric matrix), $x^* = 0$. With $L = \kappa$, $\mu = 1$:
 *    - gradient descent, step $2/(L+\mu)$: $\|x_k\| \le \rho^k \|x_0\|$, $\rho = (\kappa-1)/(\kappa+1)$;
 *    - heavy ball (Polyak 1964), $\alpha = 4/(\sqrt L + \sqrt\mu)^2$, $\beta = \rho_{hb}^2$: asymptotic rate $\rho_{hb} = (\sqrt\kappa-1)/(\sqrt\kappa+1)$;
 *    - Nesterov, step $1/L$, momentum $(\sqrt\kappa-1)/(\sqrt\kappa+1)$: asymptotic rate $1 - 1/\sqrt\kappa$ on a quadratic
 *      (a double root of the iteration's characteristic polynomial at $\lambda = \mu$);
 *    - Newton: exact in one step; L-BFGS: superlinear (iterations to $10^{-10}$ reported).
 *    The measured rate is $(e_K/e_{K/2})^{2/K}$ over the second half of the run before $e$ hits $10^{-13}e_0$.
 * 2. Rosenbrock from $(-1.2, 1)$: paths of GD, momentum, Nesterov, Adam, Newton and L-BFGS over the
 *    contours of $\log_{10} f$, and the error $\|x_k - \mathbf 1\|$ per iteration.
 *
 * @see ../../../../docs/level1-math/optim.md
 */
import { defineExperiment, linePlot, Matrix, type Rng, type VegaLiteSpec } from '@fpml/core';
import { eigh } from '../linalg/index.js';
import { minimize, quadratic, rosenbrock, rosenbrockHessian, type MinimizeOptions, type MinimizeResult } from '../optim/index.js';

const FLOOR = 1e-13; // relative error below which float64 rounding dominates
type Row = Record<string, number | string>;

/** $A = Q \operatorname{diag}(\lambda) Q^\top$, $\lambda_i = 1 + (\kappa - 1) i/(d-1)$, Q from the eigenvectors of a random symmetric matrix. */
function conditionedMatrix(rng: Rng, d: number, kappa: number): Matrix {
  const G = Matrix.zeros(d, d);
  for (let i = 0; i < d; i++) for (let j = 0; j <= i; j++) G.data[i * d + j] = G.data[j * d + i] = rng.normal();
  const Q = eigh(G).vectors; // (d, d) orthogonal
  const A = Matrix.zeros(d, d);
  for (let k = 0; k < d; k++) {
    const lam = 1 + ((kappa - 1) * k) / (d - 1);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) A.data[i * d + j] += lam * Q.data[i * d + k]! * Q.data[j * d + k]!;
  }
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) A.data[i * d + j] = A.data[j * d + i] = (A.data[i * d + j]! + A.data[j * d + i]!) / 2;
  return A;
}

/** Relative errors $\|x_k - x^*\| / \|x_0 - x^*\|$ from a recorded trace. */
function errors(r: MinimizeResult, xStar: ArrayLike<number>): number[] {
  const e = r.trace.map((t) => Math.sqrt(t.x!.reduce((s, v, i) => s + (v - xStar[i]!) ** 2, 0)));
  return e.map((v) => v / e[0]!);
}

/** Per-step rate over the second half of the run before the error reaches the rounding floor. */
export function measuredRate(e: readonly number[]): number {
  let K = e.length - 1;
  const hit = e.findIndex((v) => v <= FLOOR);
  if (hit >= 0) K = hit <= 2 ? hit : hit - 1;
  if (K <= 2) return Math.max(0, e[K]! / e[0]!) ** (1 / Math.max(1, K));
  const k0 = Math.floor(K / 2);
  return (e[K]! / e[k0]!) ** (1 / (K - k0));
}

function itersTo(e: readonly number[], level: number): number {
  const k = e.findIndex((v) => v <= level);
  return k < 0 ? Number.NaN : k;
}

export default defineExperiment({
  name: 'optimizer-convergence',
  level: 1,
  objective: 'Do gradient descent, heavy-ball momentum and Nesterov contract at the rates theory predicts on quadratics of condition number κ, and how do Newton, L-BFGS and Adam compare on Rosenbrock?',
  params: { kappas: [1, 10, 100, 1000], dim: 20, maxIter: 3000, plotIter: 300, rosenbrockIter: 20000 },
  quick: { dim: 10, maxIter: 800, plotIter: 150, rosenbrockIter: 4000 },
  paramDocs: { kappas: 'condition numbers κ of the quadratics', dim: 'dimension d of the quadratics', maxIter: 'iterations per method on each quadratic', plotIter: 'iterations shown in the error plots', rosenbrockIter: 'iteration cap per method on Rosenbrock' },
  async run(ctx) {
    const { kappas, dim: d, maxIter, plotIter, rosenbrockIter } = ctx.params;
    ctx.setup('model', `quadratics ½xᵀAx, d = ${d}, eigenvalues evenly spread over [1, κ], κ ∈ {${kappas.join(', ')}}, in a seeded random rotation; x* = 0. Rosenbrock 100(y − x²)² + (1 − x)² from (−1.2, 1)`);
    ctx.setup('optimisation', 'gd step 2/(L+μ); heavy ball α = 4/(√L+√μ)², β = ((√κ−1)/(√κ+1))²; Nesterov step 1/L, momentum (√κ−1)/(√κ+1); Newton with backtracking; L-BFGS (m = 10, strong Wolfe c1 = 1e-4, c2 = 0.9)');
    ctx.setup('rosenbrock', 'gd: lr 1e-3; gd+wolfe: steepest descent with the strong-Wolfe search; momentum and nesterov: lr 1e-3, momentum 0.9; adam: lr 0.02, betas (0.9, 0.999); newton: analytic Hessian, backtracking; lbfgs: m = 10. Each stops at ‖∇f‖ ≤ 1e-10 or the iteration cap');
    ctx.setup('measurement', `rate = (e_K / e_{K/2})^{2/K}, e_k = ‖x_k − x*‖/‖x_0 − x*‖, K = last iterate above ${FLOOR} (or ${maxIter})`);

    const rateRows: Row[] = [];
    const summary: string[] = [];
    ctx.progress.start(kappas.length + 6, 'optimizer-convergence');
    for (const kappa of kappas) {
      const rng = ctx.rng.fork();
      const A = conditionedMatrix(rng, d, kappa);
      const { objective, hessian } = quadratic(A);
      const x0 = Array.from({ length: d }, () => rng.normal());
      const L = kappa;
      const mu = 1;
      const sk = Math.sqrt(kappa);
      const hb = (sk - 1) / (sk + 1);
      const runs: { method: string; opts: MinimizeOptions; theory?: number; theoryLabel?: string }[] = [
        { method: 'gd', opts: { method: 'gd', lr: 2 / (L + mu) }, theory: (kappa - 1) / (kappa + 1) },
        { method: 'momentum', opts: { method: 'momentum', lr: 4 / (Math.sqrt(L) + Math.sqrt(mu)) ** 2, momentum: hb * hb }, theory: hb },
        { method: 'nesterov', opts: { method: 'nesterov', lr: 1 / L, momentum: hb }, theory: 1 - 1 / sk },
        { method: 'lbfgs', opts: { method: 'lbfgs' } },
        { method: 'newton', opts: { method: 'newton', hessian } },
      ];
      const errRows: Row[] = [];
      // Show iterations up to plotIter, or until every method has sat at the rounding floor for 10 steps.
      let shown = 0;
      const theories: [string, number][] = [];
      for (const run of runs) {
        const r = minimize(objective, x0, { ...run.opts, maxIter, tol: 0, recordX: true });
        const e = errors(r, new Float64Array(d));
        for (let k = 0; k < Math.min(e.length, plotIter + 1); k++) errRows.push({ iteration: k, error: Math.max(e[k]!, 1e-16), series: run.method });
        const floorAt = e.findIndex((v) => v <= 1e-15);
        shown = Math.max(shown, floorAt < 0 ? plotIter : Math.min(plotIter, floorAt + 10));
        const tag = `${run.method}_k${kappa}`;
        if (run.theory !== undefined) {
          const rate = measuredRate(e);
          ctx.metric(`rate_${tag}`, rate);
          ctx.metric(`theory_${tag}`, run.theory);
          if (run.theory > 0) ctx.metric(`ratio_${tag}`, rate / run.theory);
          rateRows.push({ kappa, oneMinusRate: 1 - rate, series: `${run.method} measured` }, { kappa, oneMinusRate: 1 - run.theory, series: `${run.method} theory` });
          theories.push([run.method, run.theory]);
          ctx.log({ kappa, method: run.method, rate, theory: run.theory, ratio: run.theory > 0 ? rate / run.theory : 0 });
          summary.push(`κ = ${kappa}, ${run.method}: measured ${rate.toPrecision(6)} vs theory ${run.theory.toPrecision(6)}`);
        } else {
          const it = itersTo(e, 1e-10);
          if (run.method === 'newton') ctx.metric(`error1_newton_k${kappa}`, e[1] ?? 1, 'relative');
          else ctx.metric(`iters_lbfgs_k${kappa}`, Number.isNaN(it) ? maxIter : it, 'iterations to 1e-10');
          ctx.log({ kappa, method: run.method, itersTo1e10: Number.isNaN(it) ? -1 : it, error1: e[1] ?? 1 });
        }
      }
      for (const [method, rho] of theories) {
        for (let k = 0; k <= shown; k += Math.max(1, Math.floor(shown / 60))) errRows.push({ iteration: k, error: Math.max(rho ** k, 1e-16), series: `${method} theory` });
      }
      ctx.plot(
        `quadratic-error-k${kappa}`,
        linePlot({ title: `Error on a quadratic, κ = ${kappa}, d = ${d}`, data: errRows.filter((r) => (r.iteration as number) <= shown), x: 'iteration', y: 'error', series: 'series', xLabel: 'iteration k', yLabel: '‖x_k − x*‖ / ‖x_0 − x*‖ (log scale, floored at 1e-16)', logY: true }),
        `Relative error per iteration for each method on ½xᵀAx with κ = ${kappa}; the "theory" lines are ρᵏ with ρ the predicted rate. GD and heavy ball should run parallel to their theory lines; Newton drops to rounding in one step; L-BFGS is superlinear.${kappa === 1 ? ' At κ = 1 GD, heavy ball, Nesterov and Newton solve it in one iteration; L-BFGS needs two, its first step being scaled to min(1, 1/‖∇f‖).' : ''}`,
      );
      ctx.progress.tick(1, { kappa });
    }
    ctx.plot(
      'rate-vs-kappa',
      linePlot({ title: 'Measured vs theoretical contraction per step', data: rateRows, x: 'kappa', y: 'oneMinusRate', series: 'series', xLabel: 'condition number κ (log₂ scale)', yLabel: '1 − rate (log scale; higher = faster)', logX: true, logY: true }),
      '1 − ρ against κ: GD falls like 2/κ (slope −1), heavy ball and Nesterov like 2/√κ and 1/√κ (slope −½). Measured points should sit on their theory lines.',
    );

    // --- Rosenbrock ---
    const start = [-1.2, 1];
    const rosenRuns: { method: string; opts: MinimizeOptions }[] = [
      { method: 'gd', opts: { method: 'gd', lr: 1e-3 } },
      { method: 'gd+wolfe', opts: { method: 'gd', lineSearch: 'wolfe' } },
      { method: 'momentum', opts: { method: 'momentum', lr: 1e-3, momentum: 0.9 } },
      { method: 'nesterov', opts: { method: 'nesterov', lr: 1e-3, momentum: 0.9 } },
      { method: 'adam', opts: { method: 'adam', lr: 0.02 } },
      { method: 'newton', opts: { method: 'newton', hessian: rosenbrockHessian } },
      { method: 'lbfgs', opts: { method: 'lbfgs' } },
    ];
    const pathRows: Row[] = [];
    const rosenRows: Row[] = [];
    for (const run of rosenRuns) {
      const r = minimize(rosenbrock, start, { ...run.opts, maxIter: rosenbrockIter, tol: 1e-10, recordX: true });
      const e = r.trace.map((t) => Math.hypot(t.x![0]! - 1, t.x![1]! - 1));
      const stride = Math.max(1, Math.ceil(r.trace.length / 400));
      r.trace.forEach((t, k) => {
        if (k < 40 || k % stride === 0 || k === r.trace.length - 1) {
          pathRows.push({ x: t.x![0]!, y: t.x![1]!, order: k, method: run.method });
          rosenRows.push({ iteration: k + 1, error: Math.max(e[k]!, 1e-16), method: run.method });
        }
      });
      const key = run.method.replace('+', '_');
      const reached = itersTo(e, 1e-6);
      ctx.metric(`rosenbrock_iters_${key}`, Number.isNaN(reached) ? rosenbrockIter : reached, 'iterations to ‖x − 1‖ ≤ 1e-6');
      ctx.metric(`rosenbrock_error_${key}`, e[e.length - 1]!, '‖x − 1‖');
      ctx.metric(`rosenbrock_evals_${key}`, r.nEval, 'evaluations');
      summary.push(`Rosenbrock, ${run.method}: ${Number.isNaN(reached) ? `not within 1e-6 after ${r.nIter} iterations (‖x − 1‖ = ${e[e.length - 1]!.toExponential(2)})` : `‖x − 1‖ ≤ 1e-6 after ${reached} iterations`}, ${r.nEval} evaluations`);
      ctx.progress.tick(1, { method: key });
    }
    ctx.plot('rosenbrock-paths', contourPaths(pathRows), 'Iterates of each method from (−1.2, 1) (white cross: start) over log₁₀ f on a grid; the minimum is at (1, 1) (black diamond). The fixed-step first-order methods crawl along the curved valley in thousands of small steps (dense dotted paths; momentum zig-zags across it), steepest descent with a Wolfe search jumps long chords, Newton and L-BFGS take a few long steps.');
    const errSpec = linePlot({ title: 'Rosenbrock: distance to the minimum', data: rosenRows, x: 'iteration', y: 'error', series: 'method', xLabel: 'iteration k + 1 (log scale)', yLabel: '‖x_k − (1, 1)‖ (log scale)', logY: true });
    (errSpec.encoding as { x: Record<string, unknown> }).x.scale = { type: 'log', base: 10 };
    ctx.plot('rosenbrock-error', errSpec, 'Distance to (1, 1) per iteration (log-log). Newton and L-BFGS converge in tens of iterations, steepest descent with a Wolfe line search in hundreds; fixed-step GD, momentum, Nesterov and Adam need thousands. A curve ends where its run stopped (‖∇f‖ ≤ 1e-10 or the iteration cap).');
    for (const s of summary) ctx.observe(s);
  },
  expect: (m, p) => {
    const bad: string[] = [];
    for (const kappa of p.kappas) {
      for (const method of ['gd', 'momentum']) {
        const theory = m[`theory_${method}_k${kappa}`]!;
        const rate = m[`rate_${method}_k${kappa}`]!;
        const ok = theory > 0 ? Math.abs(rate / theory - 1) <= 0.05 : rate < 1e-6;
        if (!ok) bad.push(`${method} κ=${kappa}: ${rate.toPrecision(4)} vs ${theory.toPrecision(4)}`);
      }
    }
    return { pass: bad.length === 0, criterion: 'measured GD and heavy-ball rates within 5% of theory for every κ (κ = 1: both converge in one step, rate < 1e-6)', detail: bad.length ? bad.join('; ') : 'all within 5%' };
  },
});

/** Rosenbrock contours (log₁₀ f on a grid) with the optimisers' paths drawn over them. */
function contourPaths(pathRows: Row[]): VegaLiteSpec {
  const grid: Row[] = [];
  const n = 60;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const x = -2 + (4 * (i + 0.5)) / n;
      const y = -1 + (4 * (j + 0.5)) / n;
      grid.push({ x, y, x2: x + 4 / n, y2: y + 4 / n, logf: Math.log10(rosenbrock(Float64Array.of(x, y)).value + 1e-2) });
    }
  }
  const inView = pathRows.filter((r) => (r.x as number) >= -2 && (r.x as number) <= 2 && (r.y as number) >= -1 && (r.y as number) <= 3);
  const scale = { x: { field: 'x', type: 'quantitative', scale: { domain: [-2, 2] }, title: 'x₁' }, y: { field: 'y', type: 'quantitative', scale: { domain: [-1, 3] }, title: 'x₂' } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: 'Rosenbrock: optimiser paths over log₁₀ f',
    width: 480,
    height: 480,
    background: 'white',
    layer: [
      { data: { values: grid }, mark: { type: 'rect' }, encoding: { ...scale, x2: { field: 'x2' }, y2: { field: 'y2' }, color: { field: 'logf', type: 'quantitative', title: 'log₁₀(f + 0.01)', scale: { scheme: 'greys' } } } },
      { data: { values: inView }, mark: { type: 'line', strokeWidth: 1.5, opacity: 0.85, point: { size: 6 } }, encoding: { ...scale, order: { field: 'order', type: 'quantitative' }, color: { field: 'method', type: 'nominal', title: 'method', scale: { scheme: 'category10' } } } },
      { data: { values: [{ x: -1.2, y: 1 }] }, mark: { type: 'point', shape: 'cross', size: 200, color: 'white', strokeWidth: 3 }, encoding: scale },
      { data: { values: [{ x: 1, y: 1 }] }, mark: { type: 'point', shape: 'diamond', size: 200, color: 'black', filled: true }, encoding: scale },
    ],
    resolve: { scale: { color: 'independent' } },
  };
}
