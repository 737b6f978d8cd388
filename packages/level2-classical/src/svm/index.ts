/** svm: barrel (named re-exports only). See README.md in this folder for the files. */
export { SVC } from './svc.js';
export type { SVCOptions, SVCParams, ClassWeightOption } from './svc-params.js';
export { SVR, type SVROptions, type SVRParams } from './svr.js';
export type { BaseSvmOptions, BaseSvmParams } from './svm-params.js';
export { KERNELS, resolveGamma, kernelMatrix, type KernelName, type KernelSpec, type GammaOption } from './kernels.js';
export { solveSmo, type SmoProblem, type SmoOptions, type SmoResult } from './smo.js';
export { SvcQ, SvrQ, type QMatrix } from './q-matrix.js';
export { KernelCache, cacheBudget } from './kernel-cache.js';
export { sigmoidTrain, sigmoidPredict, pairwiseCoupling, type Sigmoid } from './platt.js';
