export { Matrix, type MatrixLike, type VectorLike } from './matrix.js';
