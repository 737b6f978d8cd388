/**
 * Deep ensemble (Lakshminarayanan, Pritzel & Blundell, 2017): $M$ networks trained independently
 * from different random initialisations (and batch orders), combined by averaging their
 * predicted probabilities,
 * $$p(y\mid x) = \frac1M\sum_{m=1}^M \mathrm{softmax}\bigl(f_{\theta_m}(x)\bigr).$$
 * Different initialisations land in different modes of the loss, so the members disagree away
 * from the training data; the disagreement shows up as the mutual-information term of
 * `decomposeUncertainty`. Each member is evaluated in evaluation mode (dropout off), softmax in
 * float64. Cost: $M$ forward passes; host memory $O(Mnk)$.
 *
 * @see ../../../../docs/level4-probabilistic/uncertainty.md
 */
import { InvalidInputError, ShapeError, describeValue } from '@fpml/core';
import type { Tf } from '@fpml/core/tf';
import type { TfTensor } from '@fpml/level3-deep';
import { averageProbabilities } from './decomposition.js';
import type { PredictiveSamples } from './mc-dropout.js';
import { checkPredictArgs, forwardLogits, withModes, type PredictOptions, type TfClassifier } from './predict.js';
import { softmaxWithTemperature } from './temperature-scaling.js';

/**
 * Average the members' probabilities on `X` (each in evaluation mode). $M$ forward passes.
 * @param models M ≥ 1 classifiers with the same number of classes. @param X (n, ...).
 * @returns the mean (n, k) and the M member matrices.
 * @throws InvalidInputError for an empty list or a bad tf, member or X; ShapeError when members
 *   disagree on the number of classes; InvalidParamError for `chunk`.
 * @see ../../../../docs/level4-probabilistic/uncertainty.md
 */
export function ensemblePredict(tf: Tf, models: readonly TfClassifier[], X: TfTensor, options: PredictOptions = {}): PredictiveSamples {
  const owner = 'ensemblePredict';
  if (!Array.isArray(models) || models.length === 0) throw new InvalidInputError(`${owner}: models must be a non-empty array of TfModules, got ${describeValue(models)}`);
  const chunk = checkPredictArgs(owner, tf, models[0], X, options);
  const samples = models.map((m, i) => {
    checkPredictArgs(`${owner}: models[${i}]`, tf, m, X, options);
    return softmaxWithTemperature(withModes(m, (x) => x.eval(), () => forwardLogits(owner, tf, m, X, chunk))); // (n, k)
  });
  samples.forEach((s, i) => {
    if (s.cols !== samples[0]!.cols) throw new ShapeError(`${owner}: models[${i}] predicts ${s.cols} classes but models[0] predicts ${samples[0]!.cols}`);
  });
  return { mean: averageProbabilities(samples), samples };
}
