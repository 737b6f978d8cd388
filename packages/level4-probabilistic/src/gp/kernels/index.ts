/**
 * Gaussian-process kernels (scikit-learn's conventions: log-space $\theta$, named
 * hyper-parameters, `k1`/`k2` composition). See ../README.md.
 * @see ../../../../../docs/level4-probabilistic/gaussian-processes.md
 */
export { Kernel, Sum, Product, DEFAULT_BOUNDS, type Bounds, type Hyperparameter, type KernelSpec, type KernelGradient } from './kernel.js';
export { ConstantKernel, type ConstantKernelOptions } from './constant.js';
export { WhiteKernel, type WhiteKernelOptions } from './white.js';
export { RBF, type RBFOptions } from './rbf.js';
export { Matern, type MaternNu, type MaternOptions } from './matern.js';
export { ExpSineSquared, type ExpSineSquaredOptions } from './exp-sine-squared.js';
export { RationalQuadratic, type RationalQuadraticOptions } from './rational-quadratic.js';
export { kernelFromJSON } from './from-json.js';
