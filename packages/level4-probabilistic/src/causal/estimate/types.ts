/**
 * The estimator contract of the causal framework: every effect estimator is a function
 * `(data: EffectData, options) => EffectEstimate` over plain float64 columns, so it can be called
 * directly, from `CausalModel.estimate` (which builds the `EffectData` from named columns and the
 * identified estimand), and again by the refuters on perturbed copies of the data.
 *
 * Targets: $\mathrm{ATE} = \mathbb E[Y(1) - Y(0)]$, $\mathrm{ATT} = \mathbb E[Y(1) - Y(0)\mid T=1]$,
 * $\mathrm{ATC} = \mathbb E[Y(1) - Y(0)\mid T=0]$; IV estimators target the complier average
 * (LATE), difference-in-differences the ATT of the treated group in the post period, regression
 * discontinuity the effect at the cutoff.
 * @see ../../../../../docs/level4-probabilistic/causal-estimation.md
 */

/** The estimation methods of API.md's causal section. */
export type EstimationMethod =
  | 'difference-in-means' | 'regression' | 'ipw' | 'aipw' | 'psm' | 'stratification'
  | 'wald' | '2sls' | 'did' | 'rdd';

/** Which average effect is estimated. */
export type EffectTarget = 'ate' | 'att' | 'atc';

/** The data an estimator sees: float64 columns of one length $n$. */
export interface EffectData {
  /** Treatment $T$, (n,), 0/1 for every method except 2SLS (which also takes a continuous $T$). */
  treatment: Float64Array;
  /** Outcome $Y$, (n,). */
  outcome: Float64Array;
  /** Adjustment covariates $X$ (the identified backdoor set, or the IV conditioning set): p columns, each (n,). May be empty. */
  covariates: Float64Array[];
  /** Names of `covariates`, same order (used in balance tables and error messages). */
  covariateNames: string[];
  /** Instrument(s) $Z$ for 'wald' (exactly one, binary) and '2sls' (one or more): columns, each (n,). */
  instruments?: Float64Array[];
  /** Difference-in-differences: period indicator (0 = pre, 1 = post), (n,); `treatment` is then the group indicator. */
  post?: Float64Array;
  /** Regression discontinuity: the running variable, (n,). */
  running?: Float64Array;
  /** Regression discontinuity: the cutoff $c$ (treatment switches at running ≥ c). */
  cutoff?: number;
  /** Names for messages. */
  treatmentName?: string;
  outcomeName?: string;
}

/** Options shared by all estimators; method-specific options are documented on each estimator. */
export interface EstimateOptions {
  method: EstimationMethod;
  /** @default 'ate' */
  target?: EffectTarget;
  /** Confidence level of `ci`. @default 0.95 */
  level?: number;
  /** Seed of anything random (bootstrap resamples, matching tie-breaks). @default 0 */
  seed?: number;
  /** Bootstrap resamples when the CI is by bootstrap (0 = analytic where the method has one). */
  bootstrap?: number;
  /** Method-specific options (e.g. `{ trim: [0.01, 0.99], stabilized: true }`, `{ k: 1, caliper: 0.2, replace: true }`, `{ strata: 5 }`, `{ bandwidth }`). */
  [option: string]: unknown;
}

/** What every estimator returns. */
export interface EffectEstimate {
  method: EstimationMethod;
  target: EffectTarget | 'late' | 'cutoff';
  /** The point estimate. */
  value: number;
  /** Standard error (analytic, sandwich or bootstrap; `details.seMethod` says which). */
  stdErr: number;
  /** Confidence interval at `level`. */
  ci: [number, number];
  level: number;
  /** Units used (after trimming / matching / bandwidth). */
  n: number;
  /** Method-specific diagnostics (propensities, weights, matched pairs, first-stage F, ...). */
  details: Record<string, unknown>;
}

/** An estimator: pure, deterministic in `options.seed`. */
export type Estimator = (data: EffectData, options: EstimateOptions) => EffectEstimate;
