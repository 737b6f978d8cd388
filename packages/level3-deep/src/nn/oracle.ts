/**
 * Compare a float64 reference module with values frozen from PyTorch 1.13
 * (`scripts/oracles/freeze_layers.py`): load the frozen state dict, run the frozen inputs, and
 * measure the output, the gradients of $L = \sum_k w_k y_k$ (frozen $w$) and the state after
 * the forward pass. Test helper (no vitest import, but only tests use it).
 *
 * @see ../../../../docs/level3-deep/layers.md
 */
import { readFileSync } from 'node:fs';
import { Tensor } from '@fpml/level1-math';
import type { AnyModule } from './module.js';
import type { StateDict } from './state-dict.js';
import { recordAgreement } from './agreement.js';

/** A frozen array. */
export interface FrozenArray {
  shape: number[];
  data: number[];
  dtype?: 'float32' | 'int32';
}

/** One frozen layer case (see the script's docstring for the format). */
export interface FrozenLayerCase {
  name: string;
  layer: string;
  config: Record<string, unknown>;
  mode: 'train' | 'eval';
  state: Record<string, FrozenArray>;
  inputs: FrozenArray[];
  weight: FrozenArray;
  output: FrozenArray;
  grads: Record<string, FrozenArray>;
  stateAfter: Record<string, FrozenArray>;
}

/** Max absolute errors against the oracle. */
export interface OracleErrors {
  output: number;
  /** Worst over every gradient (inputs and parameters). */
  grads: number;
  /** Worst over the state after the forward pass. */
  state: number;
  /** Worst of the three. */
  max: number;
  /** Gradient names the module produced that the oracle lacks, or vice versa (must be empty). */
  missing: string[];
}

/** A frozen state entry list as a {@link StateDict}. */
export function toStateDict(s: Record<string, FrozenArray>): StateDict {
  const sd: StateDict = {};
  for (const [k, e] of Object.entries(s)) sd[k] = { shape: e.shape.slice(), data: Float64Array.from(e.data) };
  return sd;
}

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    m = Number.isNaN(d) ? Infinity : Math.max(m, d);
  }
  return m;
};

/**
 * Run `module` on a frozen case and return the max absolute errors. The module's state is
 * replaced by the case's; `forward` adapts the call (int32 inputs arrive as float64 tensors of
 * integers).
 */
export function oracleErrors<M extends AnyModule>(module: M, c: FrozenLayerCase, forward?: (m: M, ...xs: Tensor[]) => Tensor): OracleErrors {
  module.loadStateDict(toStateDict(c.state));
  module.train(c.mode === 'train');
  module.zeroGrad();
  const xs = c.inputs.map((inp) => new Tensor(Float64Array.from(inp.data), inp.shape, inp.dtype !== 'int32'));
  const y = (forward ?? ((m: M, ...a: Tensor[]) => (m.forward as (...z: Tensor[]) => Tensor)(...a)))(module, ...xs);
  const output = y.shape.join(',') === c.output.shape.join(',') ? maxAbsDiff(y.data, c.output.data) : Infinity;
  const missing: string[] = [];
  let grads = 0;
  if (y.requiresGrad) y.mul(new Tensor(Float64Array.from(c.weight.data), c.weight.shape)).sum().backward();
  const mine = new Map<string, Float64Array>();
  xs.forEach((x, i) => {
    if (x.requiresGrad) mine.set(`input${i}`, x.grad?.data ?? new Float64Array(x.size));
  });
  for (const [k, p] of module.namedParameters()) mine.set(k, p.grad?.data ?? new Float64Array(p.size));
  for (const [k, g] of Object.entries(c.grads)) {
    const m = mine.get(k);
    if (!m) missing.push(k);
    else grads = Math.max(grads, maxAbsDiff(m, g.data));
  }
  for (const k of mine.keys()) if (!(k in c.grads)) missing.push(k);
  let state = 0;
  const after = module.stateDict();
  for (const [k, e] of Object.entries(c.stateAfter)) {
    const m = after[k];
    if (!m) missing.push(`state:${k}`);
    else state = Math.max(state, maxAbsDiff(m.data, e.data));
  }
  module.zeroGrad();
  const max = Math.max(output, grads, state);
  recordAgreement({ check: 'oracle', module: module.name, value: max });
  return { output, grads, state, max, missing };
}

/** The frozen layer cases of `layers/__fixtures__/layers_torch.json` for one layer class. */
export function layerCases(layer: string): FrozenLayerCase[] {
  const all = JSON.parse(readFileSync(new URL('../layers/__fixtures__/layers_torch.json', import.meta.url), 'utf8')) as { cases: FrozenLayerCase[] };
  return all.cases.filter((c) => c.layer === layer);
}
