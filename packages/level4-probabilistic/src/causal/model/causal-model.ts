/**
 * `CausalModel`: DoWhy's flow, model → identify → estimate → refute, over named columns.
 *
 * - **model**: the data, the treatment $T$ and outcome $Y$ columns, and either a causal graph
 *   (nodes that are not columns are unobserved and projected out, see `latent-projection.ts`)
 *   or the assumption in words: `commonCauses` $W$ (every confounder of $T \to Y$ is in $W$) and/or
 *   `instruments` $Z$ (they move $T$ and reach $Y$ only through $T$).
 * - **identify**: with a graph, `identifyEffect` (backdoor → frontdoor → IV). Without one the
 *   implied graph is $W \to T$, $W \to Y$, $Z \to T$, $T \to Y$, plus $T \leftrightarrow Y$ when
 *   instruments are given (the reason to use them); the estimand is the backdoor adjustment
 *   $$P(y\mid\mathrm{do}(t)) = \sum_w P(y\mid t, w)P(w)$$ or, with instruments, the IV ratio
 *   $\beta = \operatorname{Cov}(Y, Z\mid W)/\operatorname{Cov}(T, Z\mid W)$ conditioning on $W$.
 * - **estimate**: builds the `EffectData` (treatment, outcome, the estimand's adjustment set as
 *   covariates, instruments, and the `post` / `running` columns named in the options for
 *   difference-in-differences and regression discontinuity) and calls the method's estimator.
 *   Backdoor methods need a backdoor estimand, `'wald'` / `'2sls'` an IV one.
 * - **refute**: re-runs the same estimator with the same options on perturbed data.
 *
 * Errors: an unknown column, a cyclic or malformed graph (`InvalidInputError`), an
 * unidentifiable query (`NotIdentifiableError` from `identify`), a method that does not fit the
 * estimand (`InvalidParamError`), a non-binary treatment for a method that needs 0/1.
 * Cost: identification as `identifyEffect`; estimation as the estimator plus $O(np)$ to gather columns.
 * @see ../../../../../docs/level4-probabilistic/causal-diagnostics.md
 */
import { InvalidInputError, InvalidParamError } from '@fpml/core';
import { adjustmentFormula } from '../graph/backdoor.js';
import { CausalGraph, type CausalGraphSpec } from '../graph/dag.js';
import { backdoorDerivation, identifyEffect, type IdentifiedEstimand, type IdentifyOptions } from '../graph/identify.js';
import { instrumentFormula } from '../graph/instrument.js';
import { ESTIMATORS } from '../estimate/index.js';
import type { EffectData, EffectEstimate, EstimateOptions, EstimationMethod, Estimator } from '../estimate/types.js';
import { dataSubset, placeboTreatment, randomCommonCause, type RefutationResult, type RefuteOptions, type RefuterName } from '../refute/index.js';
import { ColumnStore, type CausalData } from './columns.js';
import { latentProjection } from './latent-projection.js';

/** Options of the {@link CausalModel} constructor. */
export interface CausalModelOptions {
  /** Named numeric columns, or a danfojs-like DataFrame. */
  data: CausalData;
  treatment: string;
  outcome: string;
  /** A DAG / ADMG (object, spec or text form); nodes that are not columns are unobserved. */
  graph?: CausalGraph | CausalGraphSpec | string;
  /** Without a graph: the observed confounders. */
  commonCauses?: readonly string[];
  /** Without a graph: instruments of the treatment. */
  instruments?: readonly string[];
  /** Estimators by method, overriding or adding to the built-in ones. */
  estimators?: Partial<Record<EstimationMethod, Estimator>>;
}

/** Options of {@link CausalModel.estimate}: the estimator options, plus column names for DiD and RDD. */
export interface ModelEstimateOptions extends EstimateOptions {
  /** 'did': the period column (0 = pre, 1 = post). */
  post?: string;
  /** 'rdd': the running-variable column. */
  running?: string;
  /** 'rdd': the cutoff. */
  cutoff?: number;
}

const BACKDOOR: readonly EstimationMethod[] = ['difference-in-means', 'regression', 'ipw', 'aipw', 'psm', 'stratification', 'did', 'rdd'];
const IV: readonly EstimationMethod[] = ['wald', '2sls'];
const METHODS = [...BACKDOOR, ...IV];
const REFUTERS: readonly RefuterName[] = ['placebo-treatment', 'random-common-cause', 'data-subset'];

interface Provenance {
  data: EffectData;
  options: EstimateOptions;
  estimator: Estimator;
}

/** A causal model over named columns (see the module doc). */
export class CausalModel {
  readonly treatment: string;
  readonly outcome: string;
  /** The graph as given, and after projecting unobserved nodes out (undefined without a graph). */
  readonly graph: CausalGraph | undefined;
  readonly observedGraph: CausalGraph | undefined;
  /** Graph nodes that are not columns (treated as unobserved). */
  readonly unobserved: readonly string[];
  readonly commonCauses: readonly string[];
  readonly instruments: readonly string[];
  private readonly columns: ColumnStore;
  private readonly estimators: Partial<Record<EstimationMethod, Estimator>>;
  private readonly provenance = new WeakMap<EffectEstimate, Provenance>();

  constructor(options: CausalModelOptions) {
    const O = 'CausalModel';
    if (options === null || typeof options !== 'object') throw new InvalidInputError(`${O}: expected { data, treatment, outcome, graph? | commonCauses?, instruments? }, got ${options === null ? 'null' : typeof options}`);
    this.columns = new ColumnStore(options.data, O);
    this.treatment = this.columns.require(options.treatment, 'treatment');
    this.outcome = this.columns.require(options.outcome, 'outcome');
    if (this.treatment === this.outcome) throw new InvalidInputError(`${O}: treatment and outcome are the same column '${this.treatment}'`);
    const list = (v: readonly string[] | undefined, what: string): string[] => {
      if (v === undefined) return [];
      if (!Array.isArray(v)) throw new InvalidInputError(`${O}: ${what} must be an array of column names, got ${typeof v}`);
      const out = [...new Set(v.map((c) => this.columns.require(c, `${what} entry`)))];
      const clash = out.find((c) => c === this.treatment || c === this.outcome);
      if (clash) throw new InvalidInputError(`${O}: ${what} contains the ${clash === this.treatment ? 'treatment' : 'outcome'} '${clash}'`);
      return out;
    };
    this.commonCauses = list(options.commonCauses, 'commonCauses');
    this.instruments = list(options.instruments, 'instruments');
    const both = this.instruments.find((z) => this.commonCauses.includes(z));
    if (both) throw new InvalidInputError(`${O}: '${both}' is both a common cause and an instrument`);
    this.estimators = { ...(options.estimators ?? {}) };
    if (options.graph !== undefined) {
      if (options.commonCauses !== undefined || options.instruments !== undefined) {
        throw new InvalidParamError(O, 'graph', options.graph, 'given alone: with a graph, the common causes and instruments come from the graph (drop commonCauses / instruments)');
      }
      let g: CausalGraph;
      try {
        g = CausalGraph.from(options.graph);
      } catch (e) {
        if (e instanceof InvalidInputError) throw new InvalidInputError(`${O}: ${e.message}`);
        throw e;
      }
      for (const [v, what] of [[this.treatment, 'treatment'], [this.outcome, 'outcome']] as const) {
        if (!g.has(v)) throw new InvalidInputError(`${O}: the ${what} '${v}' is not a node of the graph; nodes: ${g.nodes.join(', ')}`);
      }
      const { graph, projected } = latentProjection(g, (v) => this.columns.has(v));
      this.graph = g;
      this.observedGraph = graph;
      this.unobserved = projected;
    } else {
      this.graph = undefined;
      this.observedGraph = undefined;
      this.unobserved = [];
    }
  }

  /** Number of rows. */
  get n(): number {
    return this.columns.n;
  }

  /** A column as float64 (checked finite). */
  column(name: string): Float64Array {
    return this.columns.get(name);
  }

  /**
   * Identify $P(y\mid\mathrm{do}(t))$: `{ kind, adjustmentSet, formula, latex, instruments?, derivation, alternatives }`.
   * @throws NotIdentifiableError when the graph admits no backdoor, frontdoor or IV estimand.
   */
  identify(options: IdentifyOptions = {}): IdentifiedEstimand {
    const T = this.treatment, Y = this.outcome;
    if (this.observedGraph) return identifyEffect(this.observedGraph, T, Y, options);
    const W = [...this.commonCauses], Z = [...this.instruments];
    const order = options.order ?? (Z.length > 0 ? ['iv', 'backdoor'] : ['backdoor']);
    if (!Array.isArray(order) || order.length === 0) throw new InvalidParamError('CausalModel.identify', 'order', order, "a non-empty array of 'backdoor', 'frontdoor', 'iv'");
    const implied = CausalGraph.fromEdges([...W.flatMap((w): [string, string][] => [[w, T], [w, Y]]), ...Z.map((z): [string, string] => [z, T]), [T, Y]], Z.length > 0 ? { bidirected: [[T, Y]] } : {});
    const base = { treatment: [T], outcome: [Y] };
    const alternatives = { backdoor: Z.length > 0 ? [] : [W], frontdoor: [], iv: Z.map((z) => ({ instrument: z, conditioning: W })) };
    for (const kind of order) {
      if (kind === 'iv' && Z.length > 0) {
        return { kind: 'iv', ...base, adjustmentSet: W, instruments: Z, ...instrumentFormula(T, Y, Z, W), derivation: [], alternatives };
      }
      if (kind === 'backdoor') {
        // Chosen over available instruments only when asked: it assumes W blocks every backdoor path.
        const dag = Z.length > 0 ? CausalGraph.fromEdges(implied.edges, { nodes: implied.nodes }) : implied;
        return { kind: 'backdoor', ...base, adjustmentSet: W, ...adjustmentFormula([T], [Y], W), derivation: backdoorDerivation(dag, [T], [Y], W), alternatives: { ...alternatives, backdoor: [W] } };
      }
    }
    throw new InvalidParamError('CausalModel.identify', 'order', order, `a list naming a criterion usable without a graph ('backdoor'${Z.length > 0 ? " or 'iv'" : ''})`);
  }

  /**
   * Estimate the identified effect with `options.method` (API.md's methods). Returns the
   * estimator's `EffectEstimate`; `'did'` needs `post`, `'rdd'` needs `running` and `cutoff`.
   * @throws InvalidParamError for an unknown method or one that does not fit the estimand.
   */
  estimate(estimand: IdentifiedEstimand, options: ModelEstimateOptions): EffectEstimate {
    const O = 'CausalModel.estimate';
    if (estimand === null || typeof estimand !== 'object' || !Array.isArray(estimand.adjustmentSet)) {
      throw new InvalidInputError(`${O}: estimand must be what identify() returns ({ kind, adjustmentSet, formula, ... }), got ${estimand === null ? 'null' : typeof estimand}`);
    }
    if (options === null || typeof options !== 'object') throw new InvalidParamError(O, 'options', options, "an object { method, target?, seed?, ... }");
    const method = options.method;
    if (!METHODS.includes(method)) throw new InvalidParamError(O, 'method', method, METHODS.map((m) => `'${m}'`).join(', '));
    const kind = estimand.kind;
    if (kind === 'frontdoor') {
      throw new InvalidParamError(O, 'method', method, `an estimator of a frontdoor estimand, and none is implemented (the effect is identified only through the mediators {${estimand.adjustmentSet.join(', ')}})`);
    }
    const isIv = IV.includes(method);
    if (isIv && kind !== 'iv') {
      throw new InvalidParamError(O, 'method', method, `used with an 'iv' estimand: this one is '${kind}' and names no instruments (give CausalModel instruments, or a graph with a valid instrument, and identify() again)`);
    }
    if (!isIv && kind === 'iv') {
      throw new InvalidParamError(O, 'method', method, `'wald' or '2sls' for an 'iv' estimand (the backdoor methods need every confounder observed, which the IV estimand does not assume)`);
    }
    const Z = isIv ? estimand.instruments ?? [] : [];
    if (isIv && Z.length === 0) throw new InvalidParamError(O, 'method', method, 'used with instruments, and the estimand names none');
    if (method === 'wald' && Z.length !== 1) throw new InvalidParamError(O, 'method', method, `'2sls' for ${Z.length} instruments ('wald' takes exactly one)`);
    const missing = [...estimand.adjustmentSet, ...Z].filter((v) => !this.columns.has(v));
    if (missing.length > 0) throw new InvalidInputError(`${O}: the estimand needs column(s) ${missing.join(', ')}, not in data; columns: ${this.columns.names.join(', ')}`);

    const { post, running, cutoff, ...rest } = options;
    const t = this.columns.get(this.treatment);
    if (method !== '2sls') {
      for (let i = 0; i < t.length; i++) {
        if (t[i] !== 0 && t[i] !== 1) throw new InvalidInputError(`${O}: method '${method}' needs a binary 0/1 treatment; column '${this.treatment}' has ${t[i]} at row ${i}`);
      }
    }
    const data: EffectData = {
      treatment: t,
      outcome: this.columns.get(this.outcome),
      covariates: estimand.adjustmentSet.map((c) => this.columns.get(c)),
      covariateNames: [...estimand.adjustmentSet],
      treatmentName: this.treatment,
      outcomeName: this.outcome,
      ...(isIv ? { instruments: Z.map((z) => this.columns.get(z)) } : {}),
    };
    if (method === 'did') {
      if (post === undefined) throw new InvalidParamError(O, 'post', post, "the name of the period column (0 = pre, 1 = post) for method 'did'");
      data.post = this.columns.get(this.columns.require(post, 'post', O));
    }
    if (method === 'rdd') {
      if (running === undefined) throw new InvalidParamError(O, 'running', running, "the name of the running-variable column for method 'rdd'");
      if (typeof cutoff !== 'number' || !Number.isFinite(cutoff)) throw new InvalidParamError(O, 'cutoff', cutoff, "a finite number for method 'rdd'");
      data.running = this.columns.get(this.columns.require(running, 'running', O));
      data.cutoff = cutoff;
    }
    const estimator = this.estimators[method] ?? (ESTIMATORS as Partial<Record<EstimationMethod, Estimator>>)[method];
    if (typeof estimator !== 'function') throw new InvalidParamError(O, 'method', method, `a method with an estimator (available: ${METHODS.filter((m) => this.estimators[m] ?? (ESTIMATORS as Partial<Record<EstimationMethod, Estimator>>)[m]).join(', ')})`);
    const opts = rest as EstimateOptions;
    const est = estimator(data, opts);
    this.provenance.set(est, { data, options: opts, estimator });
    return est;
  }

  /**
   * Refute an estimate made by this model: `'placebo-treatment'`, `'random-common-cause'` or
   * `'data-subset'` (see `refute/`), re-running its estimator with its options.
   */
  refute(estimate: EffectEstimate, refuter: RefuterName, options: RefuteOptions = {}): RefutationResult {
    const O = 'CausalModel.refute';
    if (!REFUTERS.includes(refuter)) throw new InvalidParamError(O, 'refuter', refuter, REFUTERS.map((r) => `'${r}'`).join(', '));
    const p = estimate !== null && typeof estimate === 'object' ? this.provenance.get(estimate) : undefined;
    if (!p) throw new InvalidInputError(`${O}: the estimate was not made by this model's estimate(); refute the object it returned`);
    const input = { data: p.data, estimator: p.estimator, options: p.options, estimate };
    if (refuter === 'placebo-treatment') return placeboTreatment(input, options);
    if (refuter === 'random-common-cause') return randomCommonCause(input, options);
    return dataSubset(input, options);
  }

  /** The `EffectData` an estimate was computed on (for diagnostics), or undefined. */
  effectDataOf(estimate: EffectEstimate): EffectData | undefined {
    return this.provenance.get(estimate)?.data;
  }
}
