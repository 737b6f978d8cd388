/**
 * Reference optimisers (SGD, Adam, AdamW) against PyTorch 1.13 float64 trajectories
 * (five steps from a seeded start with seeded gradients), PyTorch's skip rule for parameters
 * without a gradient, parameter groups, and bad input.
 */
import { InvalidInputError, InvalidParamError, ShapeError } from '@fpml/core';
import { Tensor } from '@fpml/level1-math';
import { describe, expect, it } from 'vitest';
import { Linear } from '../layers/linear.js';
import { Adam, AdamW } from './adam.js';
import { SGD } from './sgd.js';
import type { Optimizer } from './optimizer.js';
import frozen from './__fixtures__/train_torch.json' with { type: 'json' };
import extra from './__fixtures__/train_extra_torch.json' with { type: 'json' };

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

const leaf = (a: Arr) => new Tensor(Float64Array.from(a.data), a.shape, true);
const maxAbs = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < b.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return a.length === b.length ? m : Infinity;
};

/** Replay a frozen case: set the grads of each step, step, and return the worst deviation from PyTorch. */
function replay(c: OptimCase, make: (ps: Tensor[]) => Optimizer): number {
  const ps = c.init.map(leaf);
  const opt = make(ps);
  let worst = 0;
  c.grads.forEach((gs, k) => {
    ps.forEach((p, i) => (p.grad = gs[i] ? new Tensor(Float64Array.from(gs[i]!.data), gs[i]!.shape) : null));
    opt.step();
    ps.forEach((p, i) => (worst = Math.max(worst, maxAbs(p.data, c.after[k]![i]!.data))));
  });
  return worst;
}

function adamFor(c: OptimCase) {
  const cfg = c.config as { lr: number; betas?: [number, number]; eps?: number; weightDecay?: number; amsgrad?: boolean; kind?: string };
  const o = { lr: cfg.lr, ...(cfg.betas ? { betas: cfg.betas } : {}), ...(cfg.eps ? { eps: cfg.eps } : {}), ...(cfg.weightDecay !== undefined ? { weightDecay: cfg.weightDecay } : {}), amsgrad: cfg.amsgrad ?? false };
  return (ps: Tensor[]) => (cfg.kind === 'adam' ? new Adam(ps, o) : new AdamW(ps, o));
}

describe('reference optimisers vs PyTorch 1.13', () => {
  it('Adam (L2) and AdamW (decoupled, amsgrad, betas, eps) follow the frozen trajectories to 1e-12', () => {
    expect(frozen.optim.length).toBe(4);
    for (const c of frozen.optim as OptimCase[]) expect(replay(c, adamFor(c)), c.name).toBeLessThan(1e-12);
  });

  it('SGD (plain, momentum, dampening + weight decay, Nesterov) follows the frozen trajectories to 1e-12', () => {
    expect(extra.sgd.length).toBe(4);
    for (const c of extra.sgd as OptimCase[]) expect(replay(c, (ps) => new SGD(ps, c.config as never)), c.name).toBeLessThan(1e-12);
  });

  it('skips a parameter whose grad is null: no moment decay, no weight decay, its step count stands still', () => {
    for (const c of extra.skip as OptimCase[]) {
      const make = (ps: Tensor[]) => ((c.config as { kind: string }).kind === 'sgd' ? new SGD(ps, c.config as never) : new AdamW(ps, c.config as never));
      expect(replay(c, make), c.name).toBeLessThan(1e-12);
    }
    const ps = (extra.skip[0] as OptimCase).init.map(leaf);
    const opt = new AdamW(ps, { lr: 0.1 });
    ps[0]!.grad = new Tensor(new Float64Array(12).fill(1), [3, 4]);
    opt.step();
    expect(opt.stateOf(ps[0]!)?.step).toBe(1);
    expect(opt.stateOf(ps[1]!)).toBeUndefined();
  });

  it('a perturbed update rule would fail: moving eps or the bias correction changes the trajectory beyond 1e-12', () => {
    const c = frozen.optim[0] as OptimCase;
    expect(replay(c, (ps) => new AdamW(ps, { lr: 0.01, eps: 1e-6 }))).toBeGreaterThan(1e-9);
    expect(replay(c, (ps) => new Adam(ps, { lr: 0.01, weightDecay: 0.01 }))).toBeGreaterThan(1e-9);
  });
});

describe('optimiser plumbing', () => {
  it('takes a module, a list or groups with their own weight decay (nanoGPT: no decay on biases)', () => {
    const m = new Linear(3, 2, { rng: 0 });
    const a = new AdamW(m, { lr: 0.1, weightDecay: 0.5 });
    expect(a.params).toEqual(m.parameters());
    const w0 = Float64Array.from(m.weight.data);
    const b0 = Float64Array.from(m.bias!.data);
    const g = new AdamW([{ params: [m.weight] }, { params: [m.bias!], weightDecay: 0 }], { lr: 0.1, weightDecay: 0.5 });
    m.weight.grad = new Tensor(new Float64Array(6), [2, 3]);
    m.bias!.grad = new Tensor(new Float64Array(2), [2]);
    g.step(); // zero gradient: only the decay moves weights
    m.weight.data.forEach((w, i) => expect(w).toBeCloseTo(w0[i]! * (1 - 0.05), 15));
    expect(m.bias!.data).toEqual(b0);
    g.zeroGrad();
    expect(m.weight.grad).toBeNull();
    expect(g.stepCount).toBe(1);
  });

  it('rejects bad hyper-parameters, repeated parameters, NaN gradients and mismatched gradients with typed errors', () => {
    const m = new Linear(3, 2, { rng: 0 });
    expect(() => new SGD(m, { lr: -1 })).toThrow(InvalidParamError);
    expect(() => new SGD(m, { lr: 0.1, nesterov: true })).toThrow(/nesterov/);
    expect(() => new SGD(m, { lr: 0.1, dampening: 2 })).toThrow(InvalidParamError);
    expect(() => new AdamW(m, { betas: [0.9, 1] })).toThrow(/betas\[1\]/);
    expect(() => new AdamW(m, { eps: Number.NaN })).toThrow(InvalidParamError);
    expect(() => new AdamW([m.weight, m.weight])).toThrow(/twice/);
    expect(() => new AdamW([])).toThrow(InvalidInputError);
    expect(() => new AdamW([new Tensor(new Float64Array(2), [2])])).toThrow(/must be a parameter/);
    const opt = new AdamW(m, { lr: 0.1 });
    expect(() => (opt.lr = Number.POSITIVE_INFINITY)).toThrow(InvalidParamError);
    const before = m.stateDict();
    m.weight.grad = new Tensor(Float64Array.from([1, 2, Number.NaN, 4, 5, 6]), [2, 3]);
    expect(() => opt.step()).toThrow(/NaN at index 2/);
    expect(m.stateDict()).toEqual(before);
    m.weight.grad = new Tensor(new Float64Array(5), [5]);
    expect(() => opt.step()).toThrow(ShapeError);
  });
});
