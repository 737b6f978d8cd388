/**
 * Training tools of level3-deep, for both paths: optimisers (SGD, Adam, AdamW and their tfjs
 * twins), gradient clipping, learning-rate schedules, the `fit` / `tfFit` loops and safetensors
 * save/load of weights. See README.md.
 * @see ../../../../docs/level3-deep/training.md
 */
export { Optimizer, checkHyper, resolveGroups, type ParamGroup, type ParamsArg, type ResolvedGroup, type StepState } from './optimizer.js';
export { SGD, sgdHypers, type SGDOptions, type SGDHypers } from './sgd.js';
export { Adam, AdamW, adamHypers, type AdamOptions, type AdamHypers } from './adam.js';
export { TfOptimizer, autoLayout, type TfLayout, type TfLayoutOptions, type TfStepOptions, type TfStepGrads } from './tf-optimizer.js';
export { TfSGD } from './tf-sgd.js';
export { TfAdam, TfAdamW } from './tf-adam.js';
export { clipGradNorm, tfClipGradNorm, tfTotalNorm, pNorm, checkClip, CLIP_EPS, type ClipOptions, type TfGrads } from './clip.js';
export {
  constantLr, stepLr, exponentialLr, warmupCosineLr, lrAt, type LrSchedule, type LrScheduleLike, type StepLrOptions,
  type ExponentialLrOptions, type WarmupCosineOptions,
} from './schedules.js';
export {
  runLoop, rowData, type FitData, type StepRecord, type EpochRecord, type History, type FitCallbacks, type EarlyStoppingOptions,
  type LoopOptions, type LoopHooks, type RowArrays, type RowBatch,
} from './loop.js';
export { fit, type FitOptions } from './fit.js';
export { tfFit, type TfFitOptions } from './tf-fit.js';
export {
  encodeSafetensors, decodeSafetensors, SafetensorsError, SAFETENSORS_DTYPES, MAX_HEADER_BYTES, type SafetensorsDtype,
  type SafetensorsEntry, type SafetensorsFile,
} from './safetensors.js';
export { saveWeights, loadWeights, weightsToBytes, weightsFromBytes, type AnyWeightsModule, type SaveWeightsOptions, type LoadWeightsOptions } from './weights.js';
