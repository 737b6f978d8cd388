/**
 * Character-level language models on Moby-Dick: data (split, batches, evaluation windows),
 * scoring (nats/char, perplexity), seeded sampling, and the first rungs of the ladder (bigram
 * counts, Bengio's MLP). See README.md.
 * @see ../../../../docs/level3-deep/language-models.md
 */
export { BatchSampler, evalWindows, loadMobyDickLm, splitTokens, type CharLmData, type LmBatch, type LmSplit } from './data.js';
export { evaluateLm, type LmScore, type NextTokenModel } from './evaluate.js';
export { sampleLm, type SampleOptions } from './sample.js';
export { BigramLm, type BigramOptions } from './bigram.js';
export { MlpLm, TfMlpLm, type MlpLmConfig } from './mlp-lm.js';
export { FastGptTrainer } from './fast-step.js';
export { GraphGptTrainer, buildGptStepGraph } from './graph-step.js';
export { checkGptTrainerArgs, fastGptLayout, initGptTheta, type FastGptConfig, type FastGptOptions, type GptTrainerArgs, type ParamSlot } from './gpt-params.js';
