/**
 * @fpml/core: the shared ground of every fpml level package.
 *
 * Named re-exports only. See README.md for the map of what lives where.
 */
export * from './errors.js';
export { Matrix, type MatrixLike, type VectorLike } from './matrix/matrix.js';
export * from './validation/validate.js';
