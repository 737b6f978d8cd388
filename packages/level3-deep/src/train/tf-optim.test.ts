/**
 * tfjs twin optimisers (TfSGD, TfAdam, TfAdamW) against the PyTorch 1.13 trajectories in float32,
 * on every backend and in both layouts; flat = perParam; groups; skip rule (perParam); clipping
 * inside the step; no tensor leaked by a step; typed errors.
 */
import { InvalidInputError, InvalidParamError, ShapeError } from '@fpml/core';
import { availableBackends, getTf, setBackend, type Tf } from '@fpml/core/tf';
import { expectNoTensorLeak } from '@fpml/core/testing';
import { describe, expect, it } from 'vitest';
import { TfLinear } from '../layers/linear.js';
import type { Variable } from '../nn/tf-module.js';
import { TfAdam, TfAdamW } from './tf-adam.js';
import { autoLayout, type TfLayout, type TfOptimizer } from './tf-optimizer.js';
import { TfSGD } from './tf-sgd.js';
import frozen from './__fixtures__/train_torch.json' with { type: 'json' };
import extra from './__fixtures__/train_extra_torch.json' with { type: 'json' };

/** `tf.tidy` for a function returning plain values. */
function run<T>(tf: Tf, f: () => T): T {
  let r!: T;
  tf.tidy(() => {
    r = f();
  });
  return r;
}

interface Arr {
  shape: number[];
  data: number[];
}
interface OptimCase {
  name: string;
  config: Record<string, unknown>;
  init: Arr[];
  grads: (Arr | null)[][];
  after: Arr[][];
}
type Make = (tf: Tf, vs: Variable[], layout: TfLayout) => TfOptimizer;

/** Normwise float32 rule of the parity harness: |a - b|∞ / max(1, |b|∞). */
function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  let s = 1;
  for (let i = 0; i < b.length; i++) {
    d = Math.max(d, Math.abs(a[i]! - b[i]!));
    s = Math.max(s, Math.abs(b[i]!));
  }
  return Number.isNaN(d) || a.length !== b.length ? Infinity : d / s;
}

/** Replay a frozen case on the twin; worst normwise error over steps and parameters. */
function replay(tf: Tf, c: OptimCase, make: Make, layout: TfLayout): number {
  const vs = c.init.map((a) => tf.tidy(() => tf.variable(tf.tensor(a.data, a.shape, 'float32'))));
  const opt = make(tf, vs, layout);
  let worst = 0;
  c.grads.forEach((gs, k) => {
    run(tf, () => opt.step(gs.map((g) => (g ? tf.tensor(g.data, g.shape, 'float32') : null))));
    vs.forEach((v, i) => (worst = Math.max(worst, relErr(v.dataSync(), c.after[k]![i]!.data))));
  });
  opt.dispose();
  vs.forEach((v) => v.dispose());
  return worst;
}

const adamFor = (c: OptimCase): Make => {
  const cfg = c.config as { lr: number; betas?: [number, number]; eps?: number; weightDecay?: number; amsgrad?: boolean; kind?: string };
  const o = { lr: cfg.lr, ...(cfg.betas ? { betas: cfg.betas } : {}), ...(cfg.eps ? { eps: cfg.eps } : {}), ...(cfg.weightDecay !== undefined ? { weightDecay: cfg.weightDecay } : {}), amsgrad: cfg.amsgrad ?? false };
  return (tf, vs, layout) => (cfg.kind === 'adam' ? new TfAdam(tf, vs, { ...o, layout }) : new TfAdamW(tf, vs, { ...o, layout }));
};

async function onEveryBackend(fn: (tf: Tf, backend: string) => void | Promise<void>): Promise<string[]> {
  const first = (await getTf()).backend;
  const backends = await availableBackends();
  try {
    for (const b of backends) {
      const { tf } = await setBackend(b);
      await fn(tf, b);
    }
  } finally {
    await setBackend(first);
  }
  return backends;
}

const TOL = 2e-6; // float32: a few ulps of the parameters' scale after five steps

describe('twin optimisers vs PyTorch 1.13 (float32)', () => {
  it('TfAdam / TfAdamW (amsgrad, betas, eps, L2 vs decoupled) on every backend, flat and perParam', async () => {
    const seen = await onEveryBackend(async (tf, b) => {
      await expectNoTensorLeak(() => {
        for (const layout of ['flat', 'perParam'] as const) {
          for (const c of frozen.optim as OptimCase[]) expect(replay(tf, c, adamFor(c), layout), `${c.name} ${layout} ${b}`).toBeLessThan(TOL);
        }
      }, { tf });
    });
    expect(seen.length).toBeGreaterThanOrEqual(1);
  });

  it('TfSGD (plain, momentum, dampening + wd, Nesterov) on every backend, flat and perParam', async () => {
    await onEveryBackend(async (tf, b) => {
      await expectNoTensorLeak(() => {
        for (const layout of ['flat', 'perParam'] as const) {
          for (const c of extra.sgd as OptimCase[]) expect(replay(tf, c, (t, vs, l) => new TfSGD(t, vs, { ...(c.config as { lr: number }), layout: l }), layout), `${c.name} ${layout} ${b}`).toBeLessThan(TOL);
        }
      }, { tf });
    });
  });

  it('perParam skips a parameter without gradient (PyTorch rule); flat refuses a missing gradient', async () => {
    const { tf } = await getTf();
    for (const c of extra.skip as OptimCase[]) {
      const cfg = c.config as { kind: string; lr: number };
      const make: Make = (t, vs, layout) => (cfg.kind === 'sgd' ? new TfSGD(t, vs, { ...(cfg as { lr: number }), layout }) : new TfAdamW(t, vs, { ...cfg, layout }));
      expect(replay(tf, c, make, 'perParam'), c.name).toBeLessThan(TOL);
      expect(() => replay(tf, c, make, 'flat')).toThrow(/no gradient for variable/);
    }
  });
});

describe('twin optimiser plumbing', () => {
  it('flat and perParam agree with groups of different weight decay, grads by name, clipping in the step', async () => {
    const { tf } = await getTf();
    const [a, b] = [new TfLinear(tf, 5, 3, { rng: 1 }), new TfLinear(tf, 5, 3, { rng: 1 })];
    const x = tf.tensor2d(Float32Array.from({ length: 20 }, (_, i) => Math.sin(i)), [4, 5]);
    const mk = (m: TfLinear, layout: TfLayout) => new TfAdamW(tf, [{ params: [m.weight] }, { params: [m.bias!], weightDecay: 0 }], { lr: 0.05, weightDecay: 0.3, layout });
    const [oa, ob] = [mk(a, 'flat'), mk(b, 'perParam')];
    const norms: [number, number][] = [];
    const step = () => {
      const na = run(tf, () => oa.step(tf.variableGrads(() => tf.sum(tf.square(a.forward(x))) as never, oa.params as Variable[]).grads, { maxGradNorm: 0.5 }));
      const nb = run(tf, () => ob.step(tf.variableGrads(() => tf.sum(tf.square(b.forward(x))) as never, ob.params as Variable[]).grads, { maxGradNorm: 0.5 }));
      norms.push([na!, nb!]);
    };
    step(); // creates the optimiser state
    await expectNoTensorLeak(() => [1, 2, 3].forEach(step), { tf });
    for (const [na, nb] of norms) expect(Math.abs(na - nb) / nb).toBeLessThan(1e-5);
    expect(norms[0]![0]).toBeGreaterThan(0.5); // clipping was active
    const [sa, sb] = [a.stateDict(), b.stateDict()];
    for (const k of Object.keys(sa)) expect(relErr(sa[k]!.data, sb[k]!.data)).toBeLessThan(1e-6);
    expect(oa.stepOf(a.bias!)).toBe(4);
    for (const o of [oa, ob]) o.dispose();
    for (const m of [a, b]) m.dispose();
    x.dispose();
  });

  it('a training step inside tf.tidy + variableGrads leaks no tensor (every optimiser, both layouts)', async () => {
    const { tf } = await getTf();
    const m = new TfLinear(tf, 4, 2, { rng: 3 });
    const x = tf.tensor2d([[1, 2, 3, 4], [0, -1, 2, 0.5]]);
    const makers: ((layout: TfLayout) => TfOptimizer)[] = [
      (layout) => new TfSGD(tf, m, { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01, layout }),
      (layout) => new TfAdam(tf, m, { lr: 0.1, weightDecay: 0.01, layout }),
      (layout) => new TfAdamW(tf, m, { lr: 0.1, amsgrad: true, layout }),
    ];
    for (const layout of ['flat', 'perParam'] as const) {
      for (const make of makers) {
        const opt = make(layout);
        run(tf, () => opt.step(tf.variableGrads(() => tf.mean(m.forward(x)) as never).grads)); // first step creates the state
        await expectNoTensorLeak(() => {
          run(tf, () => opt.step(tf.variableGrads(() => tf.mean(m.forward(x)) as never).grads, { maxGradNorm: 1 }));
        }, { tf, label: `${opt.owner} ${layout}` });
        const live = tf.memory().numTensors;
        opt.dispose();
        expect(tf.memory().numTensors).toBeLessThan(live);
      }
    }
    m.dispose();
    x.dispose();
  });

  it('rejects bad input with typed errors and updates nothing when it throws', async () => {
    const { tf } = await getTf();
    const m = new TfLinear(tf, 3, 2, { rng: 0 });
    expect(() => new TfAdamW(tf, m, { lr: -1 })).toThrow(InvalidParamError);
    expect(() => new TfAdamW(tf, m, { layout: 'fused' as never })).toThrow(/layout/);
    const auto = new TfAdamW(tf, m);
    expect(auto.layout).toBe(autoLayout(tf.getBackend()));
    expect([autoLayout('wasm'), autoLayout('tensorflow'), autoLayout('cpu')]).toEqual(['perParam', 'flat', 'flat']);
    auto.dispose();
    expect(() => new TfSGD({} as never, m, { lr: 1 })).toThrow(/tf must be/);
    expect(() => new TfAdamW(tf, [])).toThrow(InvalidInputError);
    const opt = new TfAdamW(tf, m, { lr: 0.1 });
    const before = m.stateDict();
    const bad = [tf.ones([2, 3]), tf.ones([3])];
    expect(() => opt.step(bad)).toThrow(ShapeError);
    expect(() => opt.step([bad[0]!])).toThrow(/1 gradients for 2 parameters/);
    expect(() => opt.step({ nope: bad[0]! })).toThrow(/does not hold: nope/);
    const nan = [tf.fill([2, 3], Number.NaN), tf.ones([2])];
    expect(() => run(tf, () => opt.step(nan, { maxGradNorm: 1 }))).toThrow(/norm is NaN/);
    expect(m.stateDict()).toEqual(before);
    expect(() => opt.step([bad[0]!, tf.ones([2])], { maxGradNorm: -1 })).toThrow(InvalidParamError);
    opt.dispose();
    expect(() => opt.step([bad[0]!, tf.ones([2])])).toThrow(/disposed/);
    tf.dispose([...bad, ...nan]);
    m.dispose();
  });
});
