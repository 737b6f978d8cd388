/**
 * A minimal reference transformer for the contract suite's meta-tests: subtracts the training
 * column means, $z_{ij} = x_{ij} - \bar x_j$, and adds them back in `inverseTransform`.
 * (core's real transformers live in `preprocessing/`; this fixture keeps the meta-tests
 * independent of them.)
 */
import { NotFittedError } from '../../errors.js';
import { readFiniteArray, readSerialized } from '../../estimator/serialization.js';
import type { SerializedEstimator, Transformer } from '../../estimator/types.js';
import { Matrix, type MatrixLike } from '../../matrix/matrix.js';
import { asMatrix, assertColumns } from '../../validation/validate.js';

export type CenterParams = { offset: number };

export class CenterTransformer implements Transformer<CenterParams> {
  protected readonly params: CenterParams;
  protected means: Float64Array | null = null; // (d,)

  constructor(options: Partial<CenterParams> = {}) {
    this.params = { offset: options.offset ?? 0 };
  }

  getParams(): Readonly<CenterParams> {
    return Object.freeze({ ...this.params });
  }

  get isFitted(): boolean {
    return this.means !== null;
  }

  protected fitted(method: string): Float64Array {
    if (this.means === null) throw new NotFittedError(this.constructor.name, method);
    return this.means;
  }

  fit(X: MatrixLike): this {
    const A = asMatrix(X, 'X'); // (n, d)
    const means = new Float64Array(A.cols);
    for (let i = 0; i < A.rows; i++) for (let j = 0; j < A.cols; j++) means[j]! += A.data[i * A.cols + j]!;
    for (let j = 0; j < A.cols; j++) means[j] = means[j]! / A.rows;
    this.means = means;
    return this;
  }

  /** x - mean + offset, (n, d). */
  transform(X: MatrixLike): Matrix {
    const means = this.fitted('transform');
    const A = asMatrix(X, 'X');
    assertColumns(A, means.length);
    const Z = new Matrix(A.rows, A.cols);
    for (let k = 0; k < A.data.length; k++) Z.data[k] = A.data[k]! - means[k % A.cols]! + this.params.offset;
    return Z;
  }

  fitTransform(X: MatrixLike): Matrix {
    return this.fit(X).transform(X);
  }

  inverseTransform(Z: MatrixLike): Matrix {
    const means = this.fitted('inverseTransform');
    const A = asMatrix(Z, 'Z');
    assertColumns(A, means.length, 'Z');
    const X = new Matrix(A.rows, A.cols);
    for (let k = 0; k < A.data.length; k++) X.data[k] = A.data[k]! + means[k % A.cols]! - this.params.offset;
    return X;
  }

  toJSON(): SerializedEstimator<CenterParams, { means: number[] }> {
    return { kind: this.constructor.name, version: 1, params: { ...this.params }, state: this.means && { means: Array.from(this.means) } };
  }

  static fromJSON<T extends CenterTransformer>(this: new (o: Partial<CenterParams>) => T, json: unknown): T {
    const saved = readSerialized(json, this.name, [1]);
    const model = new this(saved.params as Partial<CenterParams>);
    if (saved.state !== null) (model as unknown as { means: Float64Array }).means = readFiniteArray(saved.state, this.name, 'means');
    return model;
  }
}
