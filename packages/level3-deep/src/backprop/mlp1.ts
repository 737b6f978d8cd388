/**
 * The one-layer model: no hidden layer, logits straight from the input,
 * $$Z = X W^\top + \mathbf 1 b^\top,\qquad P = \mathrm{head}(Z),\qquad L = \tfrac1n\textstyle\sum_i \ell(P_i, y_i),$$
 * i.e. softmax (or logistic) regression, trained by the same hand-written backward pass as
 * {@link Mlp2} minus its hidden layer:
 * $$\bar Z = \tfrac{P - Y}{n},\quad \bar W = \bar Z^\top X,\quad \bar b = \bar Z^\top \mathbf 1,\quad \bar X = \bar Z W.$$
 * Its decision boundaries are hyperplanes in the input space, which is why it cannot fit XOR
 * (Minsky & Papert, 1969). Cost $O(ndK)$ forward and backward.
 *
 * @see ../../../../docs/level3-deep/backprop.md
 */
import { InvalidInputError, Matrix, Rng, ShapeError, colSum, matmul, matmulTransA, matmulTransB, scale, sub, type MatrixLike } from '@fpml/core';
import { addRowVector, checkInput, checkInt, checkLabels, checkMatrixParam, checkVectorParam } from './check.js';
import { xavierUniform } from './init.js';
import { checkHead, checkOutputDim, classCount, headLoss, headPredict, headProbabilities, targetMatrix, type OutputHead } from './output.js';

/** Options of {@link Mlp1.init}. */
export interface Mlp1Options {
  /** Input features d. */
  inputDim: number;
  /** Output logits K: classes for `'softmax'`, 1 for `'sigmoid'`. @default 2 (softmax), 1 (sigmoid) */
  outputDim?: number;
  /** Output head and loss. @default 'softmax' */
  output?: OutputHead;
  /** Seed of the Xavier initialisation of W (b starts at zero). @default 0 */
  seed?: number;
}

/** Parameters of an {@link Mlp1}: W (K, d), b (K,). */
export interface Mlp1Params {
  /** (K, d) */
  W: Matrix;
  /** (K,) */
  b: Float64Array;
}

/** What the forward pass keeps. */
export interface Mlp1Cache {
  /** (n, d), a reference */
  readonly X: Matrix;
  /** Logits, (n, K). */
  readonly Z: Matrix;
  /** Probabilities, (n, K). */
  readonly P: Matrix;
}

/** Gradients of every parameter and of the input. */
export interface Mlp1Grads extends Mlp1Params {
  /** (n, d) */
  X: Matrix;
}

/** A linear classifier (no hidden layer) with a hand-written backward pass. */
export class Mlp1 {
  private constructor(
    /** Output head. */
    readonly output: OutputHead,
    /** The live parameters. */
    readonly params: Mlp1Params,
  ) {}

  /** W Xavier-uniform from `seed`, b = 0. $O(Kd)$. @throws InvalidParamError for a bad size, head or seed. */
  static init(options: Mlp1Options): Mlp1 {
    const owner = 'Mlp1';
    const d = checkInt(owner, 'inputDim', options.inputDim, 1);
    const output = checkHead(owner, options.output ?? 'softmax');
    const K = checkOutputDim(owner, output, options.outputDim ?? (output === 'sigmoid' ? 1 : 2));
    const rng = new Rng(checkInt(owner, 'seed', options.seed ?? 0, 0));
    return new Mlp1(output, { W: xavierUniform(rng, K, d), b: new Float64Array(K) });
  }

  /** A model with the given parameters (copied). @throws ShapeError if the shapes disagree. */
  static fromParams(params: Mlp1Params, options: { output?: OutputHead } = {}): Mlp1 {
    const owner = 'Mlp1.fromParams';
    const output = checkHead(owner, options.output ?? 'softmax');
    if (!(params?.W instanceof Matrix)) throw new InvalidInputError(`${owner}: params.W must be a Matrix`);
    const K = params.W.rows, d = params.W.cols;
    checkOutputDim(owner, output, K);
    return new Mlp1(output, { W: checkMatrixParam(owner, 'W', params.W, K, d), b: checkVectorParam(owner, 'b', params.b, K) });
  }

  /** d */
  get inputDim(): number { return this.params.W.cols; }
  /** K */
  get outputDim(): number { return this.params.W.rows; }

  /** Forward pass. $O(ndK)$. @param X (n, d) @throws ShapeError / InvalidInputError for bad X. */
  forward(X: MatrixLike): Mlp1Cache {
    const Xm = checkInput('Mlp1.forward', X, this.inputDim); // (n, d)
    const Z = addRowVector(matmulTransB(Xm, this.params.W), this.params.b); // Z = X Wᵀ + 1 bᵀ   (n, K)
    return { X: Xm, Z, P: headProbabilities(this.output, Z) }; // P = softmax(Z) or σ(Z)   (n, K)
  }

  /** Mean loss of a forward pass. $O(nK)$. */
  loss(cache: Mlp1Cache, y: ArrayLike<number>): number {
    this.checkCache('Mlp1.loss', cache);
    return headLoss(this.output, cache.Z, checkLabels('Mlp1.loss', y, cache.X.rows, classCount(this.output, this.outputDim)));
  }

  /** Backward pass: gradients of W, b and X. $O(ndK)$. */
  backward(cache: Mlp1Cache, y: ArrayLike<number>): Mlp1Grads {
    this.checkCache('Mlp1.backward', cache);
    const { X, P } = cache;
    const n = X.rows;
    const labels = checkLabels('Mlp1.backward', y, n, classCount(this.output, this.outputDim)); // (n,)
    const Y = targetMatrix(this.output, labels, this.outputDim); // (n, K)
    const dZ = scale(sub(P, Y), 1 / n); // ∂L/∂Z = (P − Y)/n   (n, K)
    const dW = matmulTransA(dZ, X); // ∂L/∂W = ∂L/∂Zᵀ X   (K, d)
    const db = colSum(dZ); // ∂L/∂b = ∂L/∂Zᵀ 1   (K,)
    const dX = matmul(dZ, this.params.W); // ∂L/∂X = ∂L/∂Z W   (n, d)
    return { W: dW, b: db, X: dX };
  }

  /** Forward, loss and backward in one call. */
  lossAndGrad(X: MatrixLike, y: ArrayLike<number>): { loss: number; grads: Mlp1Grads; cache: Mlp1Cache } {
    const cache = this.forward(X);
    return { loss: this.loss(cache, y), grads: this.backward(cache, y), cache };
  }

  /** Probabilities (n, K). */
  predictProba(X: MatrixLike): Matrix {
    return this.forward(X).P;
  }

  /** Predicted classes (n,). */
  predict(X: MatrixLike): Int32Array {
    return headPredict(this.output, this.forward(X).P);
  }

  private checkCache(owner: string, cache: Mlp1Cache): void {
    if (!(cache?.X instanceof Matrix && cache.Z instanceof Matrix && cache.P instanceof Matrix)) throw new InvalidInputError(`${owner}: cache must be what Mlp1.forward returned`);
    const n = cache.X.rows;
    for (const [M, cols] of [[cache.X, this.inputDim], [cache.Z, this.outputDim], [cache.P, this.outputDim]] as const) {
      if (M.rows !== n || M.cols !== cols) throw new ShapeError(`${owner}: cache has a ${M.rows}x${M.cols} entry where this model needs ${n}x${cols}; pass the cache of this model's forward pass`);
    }
  }
}
