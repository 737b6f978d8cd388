/**
 * What the refuters share (DoWhy's `refute_estimate` semantics): each re-runs the estimator on a
 * perturbed copy of the data and compares the new estimates with the original one.
 *
 * Every refuter repeats its perturbation $K$ times ($\theta_1, \dots, \theta_K$), reports their mean
 * $\bar\theta$ and spread $s_\theta$, and passes when the shift it looks at is within
 * $$|\text{shift}| \le \text{tolerance}\cdot\widehat{\mathrm{SE}} + 2\,s_\theta/\sqrt K,$$
 * a fraction of the original standard error plus twice the Monte-Carlo error of $\bar\theta$ (so a
 * correct estimator passes whatever $K$). The shift is $\bar\theta$ for the placebo treatment
 * (should be 0) and $\bar\theta - \hat\theta$ for the random common cause and data-subset refuters
 * (should be 0). Cost: $K$ estimator calls.
 * @see ../../../../../docs/level4-probabilistic/causal-diagnostics.md
 */
import type { EffectData, EffectEstimate, EstimateOptions, Estimator } from '../estimate/types.js';

/** The refuters of API.md. */
export type RefuterName = 'placebo-treatment' | 'random-common-cause' | 'data-subset';

/** Options shared by the refuters. */
export interface RefuteOptions {
  /** Perturbations $K$. @default 20 */
  repeats?: number;
  /** Seed of the perturbations. @default 0 */
  seed?: number;
  /** Allowed shift in units of the original standard error. @default 0.25 */
  tolerance?: number;
  /** Significance level of the placebo p-value. @default 0.05 */
  alpha?: number;
  /** data-subset: share of the rows kept in each subset. @default 0.8 */
  subsetFraction?: number;
  /**
   * Overrides of the estimator options on the perturbed data. The refuters need point estimates
   * only. @default { bootstrap: 0 }
   */
  estimateOptions?: Partial<EstimateOptions>;
}

/** What a refuter returns. */
export interface RefutationResult {
  refuter: RefuterName;
  /** $\hat\theta$ of the original estimate. */
  originalValue: number;
  /** $\bar\theta$, the mean of the new estimates. */
  newValue: number;
  /** $\theta_1..\theta_K$. */
  newValues: number[];
  /** Standard deviation $s_\theta$ of the new estimates. */
  spread: number;
  /** placebo-treatment: permutation p-value of $\hat\theta$ against the placebo estimates. */
  pValue?: number;
  /** Whether the estimate survived (see the module doc for the rule). */
  passed: boolean;
  /** One sentence with the numbers. */
  detail: string;
}

/** What every refuter is given. */
export interface RefuteInput {
  /** The data the estimate was computed on. */
  data: EffectData;
  /** The estimator that produced it. */
  estimator: Estimator;
  /** The options it was called with. */
  options: EstimateOptions;
  /** The original estimate. */
  estimate: EffectEstimate;
}
