/**
 * {@link SVC}'s params (scikit-learn 1.2's `SVC`, camelCase) and the class-weight rule.
 * @see ../../../../docs/level2-classical/svm.md#params
 */
import { InvalidParamError, type Label, type LabelEncoding, describeValue } from '@fpml/core';
import { type BaseSvmOptions, type BaseSvmParams, baseSvmParams, checkBaseSvmParams } from './svm-params.js';

/** `classWeight`: none, sklearn's `'balanced'`, or a weight per label (keyed by `String(label)`). */
export type ClassWeightOption = null | 'balanced' | Readonly<Record<string, number>>;

/** Options of {@link SVC}. */
export interface SVCOptions extends BaseSvmOptions {
  /** Fit Platt's sigmoids by internal 5-fold CV so `predictProba` works (5× slower fit). @default false */
  probability?: boolean;
  /**
   * Multiply C by a weight per class: `'balanced'` uses $n / (K n_k)$; an object maps labels
   * (as strings, e.g. `{ '1': 10 }`) to weights, unlisted classes weigh 1. @default null
   */
  classWeight?: ClassWeightOption;
  /** `decisionFunction` shape for K > 2: `'ovr'` (n, K) or libsvm's raw `'ovo'` (n, K(K-1)/2). @default 'ovr' */
  decisionFunctionShape?: 'ovr' | 'ovo';
  /** With `'ovr'` and K > 2, predict the argmax of `decisionFunction` instead of the vote. @default false */
  breakTies?: boolean;
  /** Seed of the Rng that draws Platt's cross-validation folds. @default 0 */
  seed?: number;
}

/** The params of an {@link SVC}, defaults filled in. */
export type SVCParams = BaseSvmParams & {
  probability: boolean;
  classWeight: ClassWeightOption;
  decisionFunctionShape: 'ovr' | 'ovo';
  breakTies: boolean;
  seed: number;
};

/** Fill the defaults and freeze (deeply: `classWeight` is copied and frozen). */
export function svcParams(o: SVCOptions): Readonly<SVCParams> {
  const cw = o.classWeight ?? null;
  return Object.freeze({
    ...baseSvmParams(o),
    probability: o.probability ?? false,
    classWeight: cw !== null && typeof cw === 'object' ? Object.freeze({ ...cw }) : cw,
    decisionFunctionShape: o.decisionFunctionShape ?? 'ovr',
    breakTies: o.breakTies ?? false,
    seed: o.seed ?? 0,
  });
}

/** @throws InvalidParamError naming the first bad param. */
export function checkSvcParams(owner: string, p: SVCParams): void {
  checkBaseSvmParams(owner, p);
  if (typeof p.probability !== 'boolean') throw new InvalidParamError(owner, 'probability', p.probability, 'a boolean');
  const cw = p.classWeight;
  if (!(cw === null || cw === 'balanced' || (typeof cw === 'object' && !Array.isArray(cw)))) {
    throw new InvalidParamError(owner, 'classWeight', cw, "null, 'balanced' or an object mapping labels to weights");
  }
  if (cw !== null && typeof cw === 'object') {
    for (const [k, w] of Object.entries(cw)) {
      if (!(typeof w === 'number' && Number.isFinite(w) && w > 0)) {
        throw new InvalidParamError(owner, 'classWeight', cw, `positive finite weights, but the weight of label ${JSON.stringify(k)} is ${describeValue(w)}`);
      }
    }
  }
  if (p.decisionFunctionShape !== 'ovr' && p.decisionFunctionShape !== 'ovo') {
    throw new InvalidParamError(owner, 'decisionFunctionShape', p.decisionFunctionShape, "'ovr' or 'ovo'");
  }
  if (typeof p.breakTies !== 'boolean') throw new InvalidParamError(owner, 'breakTies', p.breakTies, 'a boolean');
  if (p.breakTies && p.decisionFunctionShape === 'ovo') {
    throw new InvalidParamError(owner, 'breakTies', true, "false when decisionFunctionShape is 'ovo'");
  }
  if (!(Number.isSafeInteger(p.seed) && p.seed >= 0)) throw new InvalidParamError(owner, 'seed', p.seed, 'a non-negative integer');
}

/**
 * The weight of each class (K,): 1, sklearn's `'balanced'` $n / (K n_k)$, or the given map.
 * @throws InvalidParamError if the map names a label that is not a class.
 */
export function classWeights(owner: string, cw: ClassWeightOption, encoding: LabelEncoding, codes: Int32Array): Float64Array {
  const K = encoding.nClasses;
  const w = new Float64Array(K).fill(1); // (K,)
  if (cw === 'balanced') {
    const count = new Float64Array(K);
    for (let t = 0; t < codes.length; t++) count[codes[t]!]!++;
    for (let k = 0; k < K; k++) w[k] = codes.length / (K * count[k]!);
  } else if (cw !== null) {
    const byName = new Map<string, number>(encoding.classes.map((c: Label, k) => [String(c), k]));
    for (const [label, weight] of Object.entries(cw)) {
      const k = byName.get(label);
      if (k === undefined) {
        throw new InvalidParamError(owner, 'classWeight', cw, `keys among the classes seen in fit (${encoding.classes.map((c) => JSON.stringify(String(c))).join(', ')}), but ${JSON.stringify(label)} is not one`);
      }
      w[k] = weight;
    }
  }
  return w;
}
