/**
 * Matrix decompositions for data: PCA (full and randomized solvers). Files: README.md.
 * @see ../../../../docs/level1-math/pca.md
 */
export { PCA, type PCAStateJSON } from './pca.js';
export { resolveSvdSolver, type PCAOptions, type PCAParams } from './pca-params.js';
