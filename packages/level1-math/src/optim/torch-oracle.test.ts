/**
 * The stochastic optimisers against PyTorch 1.13, number for number: trajectories frozen by
 * scripts/oracles/freeze_optim.py (torch.optim, float64, params split into two tensors).
 */
import { readFileSync } from 'node:fs';
import { expectClose } from '@fpml/core/testing';
import { describe, expect, it } from 'vitest';
import { Adagrad } from './adagrad.js';
import { Adam, AdamW } from './adam.js';
import { minimize, type Method } from './minimize.js';
import { RMSprop } from './rmsprop.js';
import { SGD } from './sgd.js';
import { quadratic } from './test-functions.js';

interface TorchRun {
  name: string;
  optimizer: 'SGD' | 'Adagrad' | 'RMSprop' | 'Adam' | 'AdamW';
  optionsTs: Record<string, unknown>;
  steps: number;
  trajectory: number[][];
}
const fixture = JSON.parse(readFileSync(new URL('./__fixtures__/optim.json', import.meta.url), 'utf8')) as {
  meta: { torch: string };
  quadratic: { A: number[][]; b: number[]; x0: number[] };
  torch: TorchRun[];
};

const make = (run: TorchRun): SGD | Adagrad | RMSprop | Adam => {
  const o = run.optionsTs as never;
  switch (run.optimizer) {
    case 'SGD': return new SGD(o);
    case 'Adagrad': return new Adagrad(o);
    case 'RMSprop': return new RMSprop(o);
    case 'Adam': return new Adam(o);
    case 'AdamW': return new AdamW(o);
  }
};

const { objective } = quadratic(fixture.quadratic.A, fixture.quadratic.b);

describe('stochastic optimisers match torch.optim 1.13 (float64) to 1e-12', () => {
  it('the fixture was made by torch 1.13 and covers every optimiser', () => {
    expect(fixture.meta.torch.startsWith('1.13')).toBe(true);
    expect(new Set(fixture.torch.map((r) => r.optimizer))).toEqual(new Set(['SGD', 'Adagrad', 'RMSprop', 'Adam', 'AdamW']));
  });

  for (const run of fixture.torch) {
    it(`${run.name}: ${run.steps} steps over two parameter arrays`, () => {
      const opt = make(run);
      const p1 = Float64Array.from(fixture.quadratic.x0.slice(0, 2));
      const p2 = Float64Array.from(fixture.quadratic.x0.slice(2));
      for (let k = 0; k < run.steps; k++) {
        const g = objective(Float64Array.from([...p1, ...p2])).grad;
        opt.step([p1, p2], [Float64Array.from(Array.from(g).slice(0, 2)), Float64Array.from(Array.from(g).slice(2))]);
        expectClose([...p1, ...p2], run.trajectory[k]!, { rtol: 1e-12, atol: 1e-12, name: `${run.name} step ${k + 1}` });
      }
      expect(opt.stepCount).toBe(run.steps);
    });
  }

  // minimize drives the same Optimizer objects: its iterates must follow the same trajectories.
  const methodOf: Record<string, Method> = { sgd: 'gd', 'sgd-momentum': 'momentum', 'sgd-nesterov': 'nesterov', adagrad: 'adagrad', rmsprop: 'rmsprop', adam: 'adam', adamw: 'adamw' };
  for (const run of fixture.torch.filter((r) => r.name in methodOf)) {
    it(`minimize(${methodOf[run.name]}) follows the ${run.name} trajectory`, () => {
      const opts = { ...run.optionsTs } as Record<string, unknown>;
      delete opts.nesterov;
      const r = minimize(objective, fixture.quadratic.x0, { method: methodOf[run.name]!, maxIter: run.steps, tol: 0, recordX: true, ...opts });
      expect(r.nIter).toBe(run.steps);
      for (let k = 0; k < run.steps; k++) expectClose(r.trace[k + 1]!.x!, run.trajectory[k]!, { rtol: 1e-12, atol: 1e-12, name: `step ${k + 1}` });
    });
  }
});
