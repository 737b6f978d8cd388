/**
 * The autoencoders of the `pca-vs-autoencoder` experiment, in TensorFlow.js with an explicit
 * training loop (so shuffling comes from the run's {@link Rng} and initialisers from
 * `ctx.tfSeed()`, never from `Math.random`).
 *
 * @see ../../../../docs/level1-math/pca-vs-autoencoder.md
 */
import { Matrix, type Rng } from '@fpml/core';
import type { Tf } from '@fpml/core/tf';

type Tensor2D = ReturnType<Tf['tensor2d']>;
type Variable = ReturnType<Tf['variable']>;

/** Architecture and optimiser of one autoencoder. */
export interface AutoencoderConfig {
  /** Input width d. */
  inputDim: number;
  /** Code width k. */
  codeDim: number;
  /** Encoder hidden widths (the decoder mirrors them); `[]` for a linear d→k→d map. @default [] */
  hidden?: readonly number[];
  /** ReLU hidden layers and a sigmoid output (true), or no activation anywhere (false). @default false */
  nonlinear?: boolean;
  /** Adam learning rate. @default 1e-3 */
  lr?: number;
  /** Minibatch size. @default 128 */
  batchSize?: number;
}

/** One dense layer's variables: $y = xW + b$. */
interface Dense {
  W: Variable; // (in, out)
  b: Variable; // (out,)
}

/**
 * An autoencoder $\hat x = g(f(x))$ with encoder $f: \mathbb R^d \to \mathbb R^k$ and mirrored decoder
 * $g$, trained on the mean squared error
 * $$L = \frac{1}{|B|\,d}\sum_{i \in B} \lVert x_i - g(f(x_i)) \rVert^2$$
 * by Adam on shuffled minibatches. Linear (no activations) it can at best reach PCA's error
 * (Eckart–Young), and its decoder spans PCA's top-$k$ subspace at the optimum (Baldi & Hornik
 * 1989). Nonlinear: ReLU hidden layers, linear code, sigmoid output (inputs are in [0, 1]).
 *
 * One epoch costs $O\big(n \sum_\ell h_\ell h_{\ell+1}\big)$ multiply-adds, i.e. $O(n d h)$ when the first
 * layer dominates. Call {@link dispose} when done.
 */
export class Autoencoder {
  readonly config: Required<AutoencoderConfig>;
  private readonly tf: Tf;
  private readonly encoder: Dense[];
  private readonly decoder: Dense[];
  private readonly optimizer: ReturnType<Tf['train']['adam']>;

  /** Creates the variables (Glorot-uniform weights seeded by `seed()`, zero biases). */
  constructor(tf: Tf, config: AutoencoderConfig, seed: () => number) {
    this.tf = tf;
    this.config = { hidden: [], nonlinear: false, lr: 1e-3, batchSize: 128, ...config };
    const { inputDim, codeDim, hidden } = this.config;
    const enc = [inputDim, ...hidden, codeDim];
    const dec = [...enc].reverse();
    const own = <T extends Parameters<Tf['variable']>[0]>(init: T): Variable => {
      const v = tf.variable(init); // shares init's data; dispose the initial tensor object itself
      init.dispose();
      return v;
    };
    const layer = (i: number, o: number): Dense => ({
      W: own(tf.initializers.glorotUniform({ seed: seed() }).apply([i, o]) as Tensor2D),
      b: own(tf.zeros([o])),
    });
    this.encoder = enc.slice(1).map((o, l) => layer(enc[l]!, o));
    this.decoder = dec.slice(1).map((o, l) => layer(dec[l]!, o));
    this.optimizer = tf.train.adam(this.config.lr);
  }

  /** Multiply-adds of one forward pass of one sample: $\sum_\ell h_\ell h_{\ell+1}$ over both halves. */
  get macsPerSample(): number {
    return [...this.encoder, ...this.decoder].reduce((s, l) => s + l.W.shape[0]! * l.W.shape[1]!, 0);
  }

  private run(x: Tensor2D, layers: Dense[], last: 'linear' | 'sigmoid'): Tensor2D {
    const tf = this.tf;
    let h = x;
    layers.forEach((l, i) => {
      h = tf.add(tf.matMul(h, l.W), l.b);
      if (!this.config.nonlinear) return;
      if (i < layers.length - 1) h = tf.relu(h);
      else if (last === 'sigmoid') h = tf.sigmoid(h);
    });
    return h;
  }

  /** Codes $f(x)$ (n, k); caller disposes. */
  encode(x: Tensor2D): Tensor2D {
    return this.tf.tidy(() => this.run(x, this.encoder, 'linear'));
  }

  /** Reconstructions $g(f(x))$ (n, d); caller disposes. */
  reconstruct(x: Tensor2D): Tensor2D {
    return this.tf.tidy(() => this.run(this.run(x, this.encoder, 'linear'), this.decoder, 'sigmoid'));
  }

  /** One epoch over X (n, d) in minibatches shuffled by `rng`; returns the mean batch loss. */
  async trainEpoch(X: Tensor2D, rng: Rng): Promise<number> {
    const tf = this.tf;
    const n = X.shape[0];
    const order = rng.permutation(n);
    const vars = [...this.encoder, ...this.decoder].flatMap((l) => [l.W, l.b]);
    let total = 0, batches = 0;
    for (let s = 0; s < n; s += this.config.batchSize) {
      const idx = tf.tensor1d(order.subarray(s, Math.min(n, s + this.config.batchSize)), 'int32');
      const loss = this.optimizer.minimize(() => {
        const xb = tf.gather(X, idx) as Tensor2D; // (B, d)
        return tf.mean(tf.square(tf.sub(this.reconstruct(xb), xb))) as ReturnType<Tf['scalar']>;
      }, true, vars);
      idx.dispose();
      total += (await loss!.data())[0]!;
      loss!.dispose();
      batches++;
    }
    return total / batches;
  }

  /** The linear decoder's first weight matrix transposed, $W_{dec}^\top$ (d, k), in float64: its columns span the decoded subspace. */
  decoderBasis(): Matrix {
    const W = this.decoder[0]!.W; // (k, d') ; for a linear AE, d' = d
    const [k, d] = W.shape as [number, number];
    const w = W.dataSync();
    const out = new Matrix(d, k);
    for (let i = 0; i < k; i++) for (let j = 0; j < d; j++) out.data[j * k + i] = w[i * d + j]!;
    return out;
  }

  /** Free the variables and the optimiser state. */
  dispose(): void {
    for (const l of [...this.encoder, ...this.decoder]) { l.W.dispose(); l.b.dispose(); }
    this.optimizer.dispose();
  }
}

/**
 * Reconstructions and per-sample squared errors of X (n, d) in chunks (bounded memory):
 * returns $\frac{1}{nd}\sum_i \lVert x_i - \hat x_i\rVert^2$ and the reconstructions of the first `keep` rows.
 */
export function evaluateAutoencoder(tf: Tf, ae: Autoencoder, X: Tensor2D, keep = 0, chunk = 2048): { mse: number; head: Float32Array } {
  const [n, d] = X.shape;
  let sse = 0;
  let head: Float32Array = new Float32Array(0);
  for (let s = 0; s < n; s += chunk) {
    const m = Math.min(chunk, n - s);
    const [err, rec] = tf.tidy(() => {
      const xb = tf.slice(X, [s, 0], [m, d]) as Tensor2D;
      const r = ae.reconstruct(xb);
      return [tf.sum(tf.square(tf.sub(r, xb))), s === 0 && keep > 0 ? tf.slice(r, [0, 0], [Math.min(keep, m), d]) : tf.zeros([0])];
    });
    sse += err.dataSync()[0]!;
    if (s === 0) head = Float32Array.from(rec.dataSync());
    err.dispose();
    rec.dispose();
  }
  return { mse: sse / (n * d), head };
}

/** A float64 Matrix as a float32 tensor (n, d); caller disposes. */
export function toTensor(tf: Tf, X: Matrix): Tensor2D {
  return tf.tensor2d(Float32Array.from(X.data), [X.rows, X.cols]);
}
