/**
 * A two-layer perceptron with its backward pass derived and written by hand: no autodiff, one
 * derivative per line. The forward pass, for a batch X (n, d) and PyTorch's `nn.Linear` layout:
 * $$Z_1 = X W_1^\top + \mathbf 1 b_1^\top,\quad H = \sigma(Z_1),\quad Z_2 = H W_2^\top + \mathbf 1 b_2^\top,\quad P = \mathrm{head}(Z_2),$$
 * $$L = \tfrac1n \textstyle\sum_i \ell(P_i, y_i)$$
 * with $\sigma$ = tanh, ReLU or the logistic ({@link ./activations.ts}) and the head softmax +
 * cross-entropy or sigmoid + binary cross-entropy ({@link ./output.ts}). The backward pass is the
 * chain rule applied from the loss down, each step reusing what the forward pass cached:
 * $$\bar Z_2 = \tfrac{P - Y}{n},\ \ \bar W_2 = \bar Z_2^\top H,\ \ \bar b_2 = \bar Z_2^\top\mathbf 1,\ \ \bar H = \bar Z_2 W_2,\ \ \bar Z_1 = \bar H \odot \sigma'(Z_1),\ \ \bar W_1 = \bar Z_1^\top X,\ \ \bar b_1 = \bar Z_1^\top \mathbf 1,\ \ \bar X = \bar Z_1 W_1,$$
 * writing $\bar A = \partial L/\partial A$. Cost: forward $O(n(dH + HK))$, backward about twice
 * that; memory $O(n(H + K))$ for the cache.
 *
 * References: Rumelhart, Hinton & Williams (1986), *Learning representations by back-propagating
 * errors*; Glorot & Bengio (2010) for the initialisation; micrograd (Karpathy) for the habit of
 * writing each backward rule beside its forward.
 *
 * @see ../../../../docs/level3-deep/backprop.md
 */
import { InvalidInputError, Matrix, Rng, ShapeError, colSum, matmul, matmulTransA, matmulTransB, scale, sub, type MatrixLike } from '@fpml/core';
import { activate, activateBackward, checkActivation, type HiddenActivation } from './activations.js';
import { addRowVector, checkInput, checkInt, checkLabels, checkMatrixParam, checkVectorParam } from './check.js';
import { xavierUniform } from './init.js';
import { checkHead, checkOutputDim, classCount, headLoss, headPredict, headProbabilities, targetMatrix, type OutputHead } from './output.js';

/** Options of {@link Mlp2.init}. */
export interface Mlp2Options {
  /** Input features d. */
  inputDim: number;
  /** Hidden units H. */
  hiddenDim: number;
  /** Output logits K: the number of classes for `'softmax'`, 1 for `'sigmoid'`. @default 2 (softmax), 1 (sigmoid) */
  outputDim?: number;
  /** Hidden activation σ. @default 'tanh' */
  activation?: HiddenActivation;
  /** Output head and loss. @default 'softmax' */
  output?: OutputHead;
  /** Seed of the Xavier initialisation (W1 drawn first, then W2; biases zero). @default 0 */
  seed?: number;
  /** Xavier gain g. @default 1 */
  gain?: number;
}

/** The parameters of an {@link Mlp2}, in PyTorch's `nn.Linear` layout. */
export interface Mlp2Params {
  /** (H, d) */
  W1: Matrix;
  /** (H,) */
  b1: Float64Array;
  /** (K, H) */
  W2: Matrix;
  /** (K,) */
  b2: Float64Array;
}

/** What the forward pass keeps for the backward pass. */
export interface Mlp2Cache {
  /** The input, (n, d) (a reference, not a copy). */
  readonly X: Matrix;
  /** Hidden pre-activations $Z_1$, (n, H). */
  readonly Z1: Matrix;
  /** Hidden activations $H = \sigma(Z_1)$, (n, H). */
  readonly H: Matrix;
  /** Logits $Z_2$, (n, K). */
  readonly Z2: Matrix;
  /** Probabilities $P$, (n, K). */
  readonly P: Matrix;
}

/** $\partial L/\partial(\cdot)$ for every parameter and for the input, each in its shape. */
export interface Mlp2Grads extends Mlp2Params {
  /** (n, d) */
  X: Matrix;
}

/**
 * A two-layer MLP, float64, with a hand-written backward pass. Parameters live in
 * {@link Mlp2.params} and are updated in place by an optimiser such as {@link MomentumSGD}.
 * @example
 * const net = Mlp2.init({ inputDim: 2, hiddenDim: 8, activation: 'tanh', seed: 0 });
 * const cache = net.forward(X);           // X (n, 2)
 * const grads = net.backward(cache, y);   // { W1, b1, W2, b2, X }
 */
export class Mlp2 {
  private constructor(
    /** Hidden activation σ. */
    readonly activation: HiddenActivation,
    /** Output head. */
    readonly output: OutputHead,
    /** The live parameters (mutated in place by optimisers). */
    readonly params: Mlp2Params,
  ) {}

  /**
   * A freshly initialised network: $W_1, W_2$ Xavier-uniform from `seed` ({@link xavierUniform}),
   * $b_1 = b_2 = 0$. $O(Hd + KH)$.
   * @throws InvalidParamError for a bad size, activation, head, seed or gain.
   */
  static init(options: Mlp2Options): Mlp2 {
    const owner = 'Mlp2';
    const d = checkInt(owner, 'inputDim', options.inputDim, 1);
    const H = checkInt(owner, 'hiddenDim', options.hiddenDim, 1);
    const activation = checkActivation(owner, options.activation ?? 'tanh');
    const output = checkHead(owner, options.output ?? 'softmax');
    const K = checkOutputDim(owner, output, options.outputDim ?? (output === 'sigmoid' ? 1 : 2));
    const seed = checkInt(owner, 'seed', options.seed ?? 0, 0);
    const rng = new Rng(seed);
    const W1 = xavierUniform(rng, H, d, options.gain); // (H, d)
    const W2 = xavierUniform(rng, K, H, options.gain); // (K, H)
    return new Mlp2(activation, output, { W1, b1: new Float64Array(H), W2, b2: new Float64Array(K) });
  }

  /**
   * A network with the given parameters (copied), e.g. weights frozen from PyTorch.
   * @throws ShapeError if the shapes disagree; InvalidParamError for a bad activation or head.
   */
  static fromParams(params: Mlp2Params, options: { activation?: HiddenActivation; output?: OutputHead } = {}): Mlp2 {
    const owner = 'Mlp2.fromParams';
    const activation = checkActivation(owner, options.activation ?? 'tanh');
    const output = checkHead(owner, options.output ?? 'softmax');
    if (!(params?.W1 instanceof Matrix) || !(params.W2 instanceof Matrix)) throw new InvalidInputError(`${owner}: params.W1 and params.W2 must be Matrix instances`);
    const H = params.W1.rows, d = params.W1.cols, K = params.W2.rows;
    checkOutputDim(owner, output, K);
    return new Mlp2(activation, output, {
      W1: checkMatrixParam(owner, 'W1', params.W1, H, d),
      b1: checkVectorParam(owner, 'b1', params.b1, H),
      W2: checkMatrixParam(owner, 'W2', params.W2, K, H),
      b2: checkVectorParam(owner, 'b2', params.b2, K),
    });
  }

  /** d */
  get inputDim(): number { return this.params.W1.cols; }
  /** H */
  get hiddenDim(): number { return this.params.W1.rows; }
  /** K */
  get outputDim(): number { return this.params.W2.rows; }

  /**
   * The forward pass, keeping what backward needs. $O(n(dH + HK))$.
   * @param X (n, d) @throws ShapeError for the wrong column count; InvalidInputError for NaN/Inf.
   */
  forward(X: MatrixLike): Mlp2Cache {
    const { W1, b1, W2, b2 } = this.params;
    const Xm = checkInput('Mlp2.forward', X, this.inputDim); // (n, d)
    const Z1 = addRowVector(matmulTransB(Xm, W1), b1); // Z₁ = X W₁ᵀ + 1 b₁ᵀ   (n, H)
    const H = new Matrix(Z1.rows, Z1.cols, activate(this.activation, Z1.data)); // H = σ(Z₁)   (n, H)
    const Z2 = addRowVector(matmulTransB(H, W2), b2); // Z₂ = H W₂ᵀ + 1 b₂ᵀ   (n, K)
    const P = headProbabilities(this.output, Z2); // P = softmax(Z₂) or σ(Z₂)   (n, K)
    return { X: Xm, Z1, H, Z2, P };
  }

  /**
   * The mean loss of a forward pass against labels `y` (classes for softmax, 0/1 for sigmoid). $O(nK)$.
   * @throws ShapeError / InvalidInputError for bad labels or a cache of another shape.
   */
  loss(cache: Mlp2Cache, y: ArrayLike<number>): number {
    this.checkCache('Mlp2.loss', cache);
    return headLoss(this.output, cache.Z2, checkLabels('Mlp2.loss', y, cache.X.rows, classCount(this.output, this.outputDim)));
  }

  /**
   * The backward pass: $\partial L/\partial\theta$ for $W_1, b_1, W_2, b_2$ and $\partial L/\partial X$,
   * from a cache made by {@link forward} with the current parameters. $O(n(dH + HK))$.
   * @throws ShapeError / InvalidInputError for bad labels or a cache of another shape.
   */
  backward(cache: Mlp2Cache, y: ArrayLike<number>): Mlp2Grads {
    this.checkCache('Mlp2.backward', cache);
    const { W1, W2 } = this.params;
    const { X, Z1, H, P } = cache;
    const n = X.rows;
    const labels = checkLabels('Mlp2.backward', y, n, classCount(this.output, this.outputDim)); // (n,)
    const Y = targetMatrix(this.output, labels, this.outputDim); // one-hot (softmax) or 0/1 column (sigmoid)   (n, K)
    const dZ2 = scale(sub(P, Y), 1 / n); // ∂L/∂Z₂ = (P − Y)/n: softmax (or sigmoid) + its NLL, ÷ n for the mean   (n, K)
    const dW2 = matmulTransA(dZ2, H); // ∂L/∂W₂ = ∂L/∂Z₂ᵀ H, as Z₂ = H W₂ᵀ + 1 b₂ᵀ   (K, H)
    const db2 = colSum(dZ2); // ∂L/∂b₂ = ∂L/∂Z₂ᵀ 1: b₂ is added to every row   (K,)
    const dH = matmul(dZ2, W2); // ∂L/∂H = ∂L/∂Z₂ W₂   (n, H)
    const dZ1 = new Matrix(n, this.hiddenDim, activateBackward(this.activation, dH.data, Z1.data, H.data)); // ∂L/∂Z₁ = ∂L/∂H ⊙ σ'(Z₁)   (n, H)
    const dW1 = matmulTransA(dZ1, X); // ∂L/∂W₁ = ∂L/∂Z₁ᵀ X, as Z₁ = X W₁ᵀ + 1 b₁ᵀ   (H, d)
    const db1 = colSum(dZ1); // ∂L/∂b₁ = ∂L/∂Z₁ᵀ 1   (H,)
    const dX = matmul(dZ1, W1); // ∂L/∂X = ∂L/∂Z₁ W₁   (n, d)
    return { W1: dW1, b1: db1, W2: dW2, b2: db2, X: dX };
  }

  /** Forward, loss and backward in one call. */
  lossAndGrad(X: MatrixLike, y: ArrayLike<number>): { loss: number; grads: Mlp2Grads; cache: Mlp2Cache } {
    const cache = this.forward(X);
    return { loss: this.loss(cache, y), grads: this.backward(cache, y), cache };
  }

  /** $P$ (n, K): class probabilities (softmax) or $P(y = 1)$ (sigmoid). $O(n(dH + HK))$. */
  predictProba(X: MatrixLike): Matrix {
    return this.forward(X).P;
  }

  /** Predicted classes (n,). */
  predict(X: MatrixLike): Int32Array {
    return headPredict(this.output, this.forward(X).P);
  }

  /** The hidden representation $H = \sigma(X W_1^\top + \mathbf 1 b_1^\top)$, (n, H). */
  hidden(X: MatrixLike): Matrix {
    return this.forward(X).H;
  }

  /** A deep copy (parameters copied). */
  clone(): Mlp2 {
    const { W1, b1, W2, b2 } = this.params;
    return new Mlp2(this.activation, this.output, { W1: W1.clone(), b1: b1.slice(), W2: W2.clone(), b2: b2.slice() });
  }

  private checkCache(owner: string, cache: Mlp2Cache): void {
    const ok = cache?.X instanceof Matrix && cache.Z1 instanceof Matrix && cache.H instanceof Matrix && cache.P instanceof Matrix && cache.Z2 instanceof Matrix;
    if (!ok) throw new InvalidInputError(`${owner}: cache must be what Mlp2.forward returned`);
    const n = cache.X.rows;
    const want = [[cache.X, this.inputDim], [cache.Z1, this.hiddenDim], [cache.H, this.hiddenDim], [cache.Z2, this.outputDim], [cache.P, this.outputDim]] as const;
    for (const [M, cols] of want) {
      if (M.rows !== n || M.cols !== cols) throw new ShapeError(`${owner}: cache has a ${M.rows}x${M.cols} entry where this network needs ${n}x${cols}; pass the cache of this network's forward pass`);
    }
  }
}
