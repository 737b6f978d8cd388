/**
 * Dense float64 linear algebra from scratch: LU, Cholesky, QR, symmetric eigen, SVD, least
 * squares, pseudo-inverse, randomized SVD and Krylov eigen-solvers.
 * @see ../../../../docs/level1-math/linalg.md
 */
export { SingularMatrixError, NotPositiveDefiniteError, LinalgConvergenceError } from './errors.js';
export { eigh, type EighResult } from './eigh.js';
export { svd, type SvdOptions, type SvdResult } from './svd.js';
