/**
 * Dense float64 linear algebra from scratch: LU, Cholesky, QR, symmetric eigen, SVD, least
 * squares, pseudo-inverse, randomized SVD and Krylov eigen-solvers. Files: README.md.
 * @see ../../../../docs/level1-math/linalg.md
 */
export { SingularMatrixError, NotPositiveDefiniteError, LinalgConvergenceError } from './errors.js';
export { lu, luSolve, det, inv, type LuResult } from './lu.js';
export { cholesky } from './cholesky.js';
export { qr, type QrOptions, type QrResult } from './qr.js';
export { eigh, type EighResult } from './eigh.js';
export { svd, type SvdOptions, type SvdResult } from './svd.js';
export { svdFlip, type SvdFlipOptions } from './svd-flip.js';
export { lstsq, type LstsqOptions, type LstsqResult } from './lstsq.js';
export { pinv, cond, matrixRank, type PinvOptions, type CondNorm } from './spectral.js';
export { randomizedSvd, type RandomizedSvdOptions } from './randomized-svd.js';
export { topEigenpairs, type TopEigenpairsOptions, type TopEigenpairsResult } from './top-eigenpairs.js';
