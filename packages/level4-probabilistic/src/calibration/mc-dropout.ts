/**
 * Monte Carlo dropout (Gal & Ghahramani, 2016): keep dropout switched on at test time and average
 * $T$ stochastic forward passes,
 * $$p(y\mid x) \approx \frac1T\sum_{t=1}^T \mathrm{softmax}\bigl(f_{\theta\odot m_t}(x)\bigr),\qquad m_t \sim \text{the dropout masks},$$
 * read as a Monte Carlo estimate of the posterior predictive under the variational distribution
 * that dropout training fits (a Bernoulli mask on each unit). Only the `TfDropout` layers are put
 * in training mode; every other module stays in evaluation mode (so batch norm uses its running
 * statistics and is not updated), and all flags are restored afterwards. Each pass draws fresh
 * masks from the dropout layers' own seeded `Rng`s (one draw per layer per chunk), so a run is
 * reproducible for a given seed and `chunk`; changing `chunk` changes the masks.
 *
 * The $T$ per-pass probability matrices are returned too, for the entropy / mutual-information
 * decomposition (`decomposeUncertainty`). Cost: $T$ forward passes; host memory $O(Tnk)$.
 *
 * @see ../../../../docs/level4-probabilistic/uncertainty.md
 */
import { InvalidInputError, InvalidParamError, type Matrix } from '@fpml/core';
import type { Tf } from '@fpml/core/tf';
import { TfDropout, type AnyTfModule, type TfTensor } from '@fpml/level3-deep';
import { averageProbabilities } from './decomposition.js';
import { checkPredictArgs, forwardLogits, withModes, type PredictOptions, type TfClassifier } from './predict.js';
import { softmaxWithTemperature } from './temperature-scaling.js';

/** Options of {@link mcDropoutPredict}. */
export interface McDropoutOptions extends PredictOptions {
  /** Number of stochastic passes $T$. @default 30 */
  samples?: number;
}

/** A predictive distribution from S stochastic predictions. */
export interface PredictiveSamples {
  /** $\bar p = \frac1S\sum_s p^{(s)}$, (n, k). */
  mean: Matrix;
  /** The S matrices $p^{(s)}$, each (n, k). */
  samples: Matrix[];
}

function dropoutLayers(m: AnyTfModule): TfDropout[] {
  return [...(m instanceof TfDropout ? [m] : []), ...m.namedChildren().flatMap(([, c]) => dropoutLayers(c))];
}

/**
 * MC-dropout prediction: $T$ forward passes with only the dropout layers active, softmax of each
 * in float64, and their mean. $T$ forward passes over n rows.
 * @param X (n, ...) on the model's backend.
 * @throws InvalidInputError for a bad tf, model or X, or a model without a `TfDropout` layer with
 *   p > 0 (every pass would be the same); InvalidParamError for `samples` or `chunk`.
 * @see ../../../../docs/level4-probabilistic/uncertainty.md
 */
export function mcDropoutPredict(tf: Tf, model: TfClassifier, X: TfTensor, options: McDropoutOptions = {}): PredictiveSamples {
  const owner = 'mcDropoutPredict';
  const chunk = checkPredictArgs(owner, tf, model, X, options);
  const T = options.samples ?? 30;
  if (!Number.isInteger(T) || T < 1) throw new InvalidParamError(owner, 'samples', T, 'an integer ≥ 1');
  const drops = dropoutLayers(model);
  if (!drops.some((d) => d.p > 0)) throw new InvalidInputError(`${owner}: model ${model.name} has no TfDropout layer with p > 0 (found ${drops.length} TfDropout layer(s)); MC dropout would repeat one deterministic prediction`);
  const samples = withModes(model, (m) => { m.eval(); for (const d of drops) d.train(); }, () =>
    Array.from({ length: T }, () => softmaxWithTemperature(forwardLogits(owner, tf, model, X, chunk)))); // T × (n, k)
  return { mean: averageProbabilities(samples), samples };
}
