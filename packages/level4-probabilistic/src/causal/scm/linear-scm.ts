/**
 * Linear-Gaussian structural causal models on a causal graph (Pearl 2009, *Causality*, §5.2;
 * Pearl, Glymour & Jewell 2016, *Primer*, §4.2.3). Each observed node has the equation
 * $$v = b_v + \sum_{p \in \mathrm{pa}(v)} \beta_{pv}\,p + \sigma_v\,\varepsilon_v + \sum_{k:\,v \in e_k} \lambda_{kv} U_k,
 * \qquad \varepsilon_v, U_k \overset{iid}{\sim} \mathcal N(0, 1),$$
 * with one latent $U_k$ per bidirected edge $e_k = \{a, b\}$ (loadings $\lambda_{ka}, \lambda_{kb}$).
 *
 * - `do({X: x})` replaces $X$'s equation by $X = x$ (the graph loses every edge into $X$).
 * - Counterfactuals by abduction–action–prediction: for a fully observed unit, the total
 *   exogenous term $u_v = v - b_v - \sum_p \beta_{pv} p$ of every node is recovered exactly
 *   (even with latents, which enter only through these $u_v$); the action fixes the intervened
 *   nodes; prediction re-solves the equations in topological order with the same $u_v$.
 * - The exact average effect of a unit change of $X$ on $Y$ is the sum over directed paths of
 *   the products of coefficients (Wright 1921), $$\frac{\partial\, \mathrm E[Y \mid \mathrm{do}(x)]}{\partial x} = \sum_{\pi: X \to\dots\to Y} \prod_{(p\to v) \in \pi} \beta_{pv},$$
 *   computed by dynamic programming in topological order, $O(V + E)$.
 *
 * Sampling draws, per unit, the $K$ latents then one noise per node in topological order, also
 * for intervened nodes, so two models sampled from equal seeds share their exogenous draws
 * (common random numbers: unit-level effects are exact). $O(n(V + E + K))$.
 * @see ../../../../../docs/level4-probabilistic/causal-graphs.md
 */
import { InvalidInputError, InvalidParamError, Matrix, Rng } from '@fpml/core';
import { CausalGraph, type CausalGraphSpec } from '../graph/dag.js';

/** Specification of a {@link LinearScm}. */
export interface LinearScmSpec {
  /** The causal graph (a `CausalGraph`, its spec, or text like `'Z -> X; X -> Y; Z -> Y'`). */
  graph: CausalGraph | CausalGraphSpec | string;
  /** One coefficient per directed edge, keyed `'A -> B'`; every edge needs one. */
  coefficients: Record<string, number>;
  /** Intercepts $b_v$ by node. @default 0 for every node */
  intercepts?: Record<string, number>;
  /** Noise scales $\sigma_v \ge 0$ by node. @default 1 for every node */
  noiseStd?: Record<string, number>;
  /** Loadings `[λ_a, λ_b]` of each bidirected edge's latent, keyed `'A <-> B'` (either order). @default [1, 1] */
  latent?: Record<string, readonly [number, number]>;
}

interface State {
  graph: CausalGraph;
  beta: [number, number][][]; // (V,) lists of [parent, coefficient]
  b0: Float64Array; // (V,)
  sigma: Float64Array; // (V,)
  lat: { a: number; b: number; la: number; lb: number }[]; // (K,)
  fixed: (number | null)[]; // (V,) intervened values
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A linear-Gaussian SCM. Immutable: `do` returns a new model. */
export class LinearScm {
  private readonly s: State;

  private constructor(state: State) {
    this.s = state;
  }

  /** Build and validate a model; unknown or missing edges throw `InvalidInputError`. */
  static from(spec: LinearScmSpec): LinearScm {
    if (spec === null || typeof spec !== 'object') throw new InvalidInputError('LinearScm: expected a spec { graph, coefficients, ... }');
    const g = CausalGraph.from(spec.graph);
    const V = g.nodes.length;
    const coefs = new Map<string, number>();
    for (const [key, value] of Object.entries(spec.coefficients ?? {})) {
      const m = /^\s*(.+?)\s*->\s*(.+?)\s*$/.exec(key);
      if (!m || m[1]!.endsWith('<')) throw new InvalidInputError(`LinearScm: coefficient key ${JSON.stringify(key)} must look like 'A -> B'`);
      const a = g.indexOf(m[1]!, 'coefficients'), b = g.indexOf(m[2]!, 'coefficients');
      if (!g.parents(g.nodes[b]!).includes(g.nodes[a]!)) throw new InvalidInputError(`LinearScm: coefficient ${JSON.stringify(key)} names no edge of the graph`);
      if (!finite(value)) throw new InvalidParamError('LinearScm', `coefficients['${key}']`, value, 'a finite number');
      coefs.set(`${a},${b}`, value);
    }
    const beta: [number, number][][] = Array.from({ length: V }, () => []);
    for (const [a, b] of g.edges) {
      const [i, j] = [g.indexOf(a), g.indexOf(b)];
      const c = coefs.get(`${i},${j}`);
      if (c === undefined) throw new InvalidInputError(`LinearScm: missing coefficient for the edge '${a} -> ${b}'`);
      beta[j]!.push([i, c]);
    }
    const perNode = (rec: Record<string, number> | undefined, name: string, dflt: number, min: number): Float64Array => {
      const out = new Float64Array(V).fill(dflt);
      for (const [k, v] of Object.entries(rec ?? {})) {
        const i = g.indexOf(k, name);
        if (!finite(v) || v < min) throw new InvalidParamError('LinearScm', `${name}['${k}']`, v, min === 0 ? 'a finite number ≥ 0' : 'a finite number');
        out[i] = v;
      }
      return out;
    };
    const latSpec = new Map<string, readonly [number, number]>();
    for (const [key, value] of Object.entries(spec.latent ?? {})) {
      const m = /^\s*(.+?)\s*<->\s*(.+?)\s*$/.exec(key);
      if (!m) throw new InvalidInputError(`LinearScm: latent key ${JSON.stringify(key)} must look like 'A <-> B'`);
      const a = g.indexOf(m[1]!, 'latent'), b = g.indexOf(m[2]!, 'latent');
      if (!Array.isArray(value) || value.length !== 2 || !value.every(finite)) throw new InvalidParamError('LinearScm', `latent['${key}']`, value, 'a pair of finite loadings');
      if (!g.siblings(g.nodes[a]!).includes(g.nodes[b]!)) throw new InvalidInputError(`LinearScm: latent ${JSON.stringify(key)} names no bidirected edge of the graph`);
      latSpec.set(a < b ? `${a},${b}` : `${b},${a}`, a < b ? value : [value[1], value[0]]);
    }
    const lat = g.bidirectedEdges.map(([x, y]) => {
      const [a, b] = [g.indexOf(x), g.indexOf(y)];
      const [la, lb] = latSpec.get(`${a},${b}`) ?? [1, 1];
      return { a, b, la, lb };
    });
    return new LinearScm({
      graph: g, beta, lat, fixed: new Array<number | null>(V).fill(null),
      b0: perNode(spec.intercepts, 'intercepts', 0, -Infinity), sigma: perNode(spec.noiseStd, 'noiseStd', 1, 0),
    });
  }

  /** The graph (after `do`, the mutilated one). */
  get graph(): CausalGraph {
    return this.s.graph;
  }

  /** Interventions applied so far, by node. */
  get interventions(): Record<string, number> {
    const out: Record<string, number> = {};
    this.s.fixed.forEach((v, i) => v !== null && (out[this.s.graph.nodes[i]!] = v));
    return out;
  }

  /** `do(X = x, ...)`: the model with those equations replaced by constants. */
  do(interventions: Record<string, number>): LinearScm {
    const { graph: g } = this.s;
    const fixed = this.s.fixed.slice();
    const entries = Object.entries(interventions ?? {});
    for (const [k, v] of entries) {
      const i = g.indexOf(k, 'interventions');
      if (!finite(v)) throw new InvalidParamError('LinearScm.do', k, v, 'a finite number');
      fixed[i] = v;
    }
    const cut = new Set(entries.map(([k]) => g.indexOf(k)));
    return new LinearScm({
      ...this.s,
      graph: g.withoutIncoming(entries.map(([k]) => k)),
      beta: this.s.beta.map((ps, v) => (cut.has(v) ? [] : ps)),
      lat: this.s.lat.map((l) => ({ ...l, la: cut.has(l.a) ? 0 : l.la, lb: cut.has(l.b) ? 0 : l.lb })),
      fixed,
    });
  }

  /** Draw `n` units: a column per observed node. $O(n(V + E + K))$. */
  sample(n: number, rng: Rng): Record<string, Float64Array> {
    if (!Number.isInteger(n) || n < 1) throw new InvalidParamError('LinearScm.sample', 'n', n, 'an integer ≥ 1');
    if (!(rng instanceof Rng)) throw new InvalidInputError('LinearScm.sample: rng must be a core Rng (e.g. new Rng(0))');
    const { graph: g, beta, b0, sigma, lat, fixed } = this.s;
    const V = g.nodes.length;
    const cols = Array.from({ length: V }, () => new Float64Array(n)); // V × (n,)
    const u = new Float64Array(V); // (V,) this unit's latent contribution per node
    for (let i = 0; i < n; i++) {
      u.fill(0);
      for (const l of lat) {
        const z = rng.standardNormal();
        u[l.a]! += l.la * z;
        u[l.b]! += l.lb * z;
      }
      for (const v of g.order) {
        const e = rng.standardNormal();
        const f = fixed[v]!;
        if (f !== null) {
          cols[v]![i] = f;
          continue;
        }
        let x = b0[v]! + sigma[v]! * e + u[v]!;
        for (const [p, c] of beta[v]!) x += c * cols[p]![i]!;
        cols[v]![i] = x;
      }
    }
    return Object.fromEntries(g.nodes.map((name, v) => [name, cols[v]!]));
  }

  /**
   * Counterfactual values of one fully observed unit under `interventions`
   * (abduction–action–prediction). The unit must give a finite value for every node.
   */
  counterfactual(unit: Record<string, number>, interventions: Record<string, number>): Record<string, number> {
    const cols = Object.fromEntries(Object.entries(unit ?? {}).map(([k, v]) => [k, [v]]));
    const out = this.counterfactuals(cols, interventions);
    return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v[0]!]));
  }

  /** {@link counterfactual} for many units, a column per node (all of equal length). */
  counterfactuals(data: Record<string, ArrayLike<number>>, interventions: Record<string, number>): Record<string, Float64Array> {
    const { graph: g, beta, b0 } = this.s;
    const V = g.nodes.length;
    const obs = g.nodes.map((v) => {
      const col = data?.[v];
      if (col === undefined || typeof col.length !== 'number') throw new InvalidInputError(`LinearScm.counterfactual: the unit must give a value for every node; ${v} is missing`);
      return col;
    });
    const n = obs[0]!.length;
    obs.forEach((col, v) => {
      if (col.length !== n) throw new InvalidInputError(`LinearScm.counterfactual: column ${g.nodes[v]} has ${col.length} values, ${g.nodes[0]} has ${n}`);
      for (let i = 0; i < n; i++) if (!finite(col[i])) throw new InvalidInputError(`LinearScm.counterfactual: ${g.nodes[v]}[${i}] must be finite, got ${col[i]}`);
    });
    const act = this.do(interventions).s.fixed; // action (validates the interventions)
    const res = Array.from({ length: V }, () => new Float64Array(n)); // abduction: u_v = v - b_v - Σ β p
    const out = Array.from({ length: V }, () => new Float64Array(n));
    for (let i = 0; i < n; i++) {
      for (let v = 0; v < V; v++) {
        let r = obs[v]![i]! - b0[v]!;
        for (const [p, c] of beta[v]!) r -= c * obs[p]![i]!;
        res[v]![i] = r;
      }
      for (const v of g.order) { // prediction
        const f = act[v]!;
        if (f !== null) out[v]![i] = f;
        else {
          let x = b0[v]! + res[v]![i]!;
          for (const [p, c] of beta[v]!) x += c * out[p]![i]!;
          out[v]![i] = x;
        }
      }
    }
    return Object.fromEntries(g.nodes.map((name, v) => [name, out[v]!]));
  }

  /** $\partial\,\mathrm E[Y\mid\mathrm{do}(x)]/\partial x$: the sum over directed paths of coefficient products. $O(V+E)$. */
  totalEffect(treatment: string, outcome: string): number {
    const { graph: g, beta, fixed } = this.s;
    const x = g.indexOf(treatment, 'treatment'), y = g.indexOf(outcome, 'outcome');
    const d = new Float64Array(g.nodes.length);
    for (const v of g.order) {
      if (v === x) d[v] = 1;
      else if (fixed[v] === null) for (const [p, c] of beta[v]!) d[v]! += c * d[p]!;
    }
    return d[y]!;
  }

  /** Exact $\mathrm{ATE} = \mathrm E[Y\mid\mathrm{do}(X{=}t)] - \mathrm E[Y\mid\mathrm{do}(X{=}c)] = (t - c)\cdot$ totalEffect. */
  ate(treatment: string, outcome: string, options: { treated?: number; control?: number } = {}): number {
    const { treated = 1, control = 0 } = options;
    if (!finite(treated) || !finite(control)) throw new InvalidParamError('LinearScm.ate', 'treated/control', [treated, control], 'finite numbers');
    return (treated - control) * this.totalEffect(treatment, outcome);
  }

  /** Every directed path from `treatment` to `outcome` with its coefficient product (exponential in the worst case). */
  directedPaths(treatment: string, outcome: string): { path: string[]; product: number }[] {
    const { graph: g, beta, fixed } = this.s;
    const x = g.indexOf(treatment, 'treatment'), y = g.indexOf(outcome, 'outcome');
    const kids: [number, number][][] = g.nodes.map(() => []);
    beta.forEach((ps, v) => fixed[v] === null && ps.forEach(([p, c]) => kids[p]!.push([v, c])));
    const out: { path: string[]; product: number }[] = [];
    const walk = (v: number, path: number[], prod: number): void => {
      if (v === y && path.length > 1) out.push({ path: g.namesOf(path), product: prod });
      else for (const [c, b] of kids[v]!) walk(c, [...path, c], prod * b);
    };
    walk(x, [x], 1);
    return out;
  }

  /** Exact mean and covariance of the observed nodes (graph order): $\Sigma = A A^\top$, $A$ the map from exogenous draws. $O(V^2(V+K))$. */
  moments(): { nodes: string[]; mean: Float64Array; cov: Matrix } {
    const { graph: g, beta, b0, sigma, lat, fixed } = this.s;
    const V = g.nodes.length, K = lat.length;
    const mean = new Float64Array(V); // (V,)
    const A = new Matrix(V, V + K); // (V, V + K) loadings on [ε, U]
    for (const v of g.order) {
      if (fixed[v] !== null) {
        mean[v] = fixed[v]!;
        continue;
      }
      mean[v] = b0[v]!;
      A.data[v * (V + K) + v] = sigma[v]!;
      lat.forEach((l, k) => {
        if (l.a === v) A.data[v * (V + K) + V + k]! += l.la;
        if (l.b === v) A.data[v * (V + K) + V + k]! += l.lb;
      });
      for (const [p, c] of beta[v]!) {
        mean[v]! += c * mean[p]!;
        for (let j = 0; j < V + K; j++) A.data[v * (V + K) + j]! += c * A.data[p * (V + K) + j]!;
      }
    }
    const cov = new Matrix(V, V); // (V, V)
    for (let a = 0; a < V; a++) {
      for (let b = 0; b < V; b++) {
        let s = 0;
        for (let j = 0; j < V + K; j++) s += A.data[a * (V + K) + j]! * A.data[b * (V + K) + j]!;
        cov.data[a * V + b] = s;
      }
    }
    return { nodes: g.nodes.slice(), mean, cov };
  }
}
