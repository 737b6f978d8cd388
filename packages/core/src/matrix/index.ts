export { Matrix, type MatrixLike, type VectorLike } from './matrix.js';
export { matmul, matmulTransA, matmulTransB, matvec, matvecTransA, transpose, withResidentOperand } from './matmul.js';
export { add, sub, scale, hadamard, axpy, dot, norm1, norm2, normInf, frobenius, sum } from './ops.js';
export { colSum, colMean, colVar, colStd, colMin, colMax, rowSum, type VarianceOptions } from './stats.js';
export { rowRange, gatherRows, selectColumns, hstack, vstack, reshape } from './slicing.js';
