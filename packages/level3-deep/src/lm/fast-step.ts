/**
 * `FastGptTrainer`: a prototype of a fast tfjs training step for the W6 decoder-only transformer
 * (docs/level3-deep/performance.md), the same maths as bench/plain-gpt.ts and
 * bench/peers/w6_torch.py in fewer, cheaper tfjs ops. What it changes, each measured in
 * bench/w6.bench.ts:
 *
 * 1. **One flat parameter vector** $\theta \in \mathbb R^P$ (a single `tf.Variable`), split into
 *    views in the forward pass (one `split`; its gradient is one `concat`), and **one flat Adam**
 *    on it (PyTorch's update, 13 kernels per step instead of ~12 per parameter tensor):
 *    $$m \leftarrow \beta_1 m + (1-\beta_1) g,\quad v \leftarrow \beta_2 v + (1-\beta_2) g^2,\quad
 *      \theta \leftarrow \theta - \frac{\eta}{1-\beta_1^t}\,\frac{m}{\sqrt{v}/\sqrt{1-\beta_2^t} + \epsilon}.$$
 * 2. **Activations stay 2-D** $(BT, C)$: every linear map is one `matMul` (no reshape round
 *    trips; tfjs-node's Reshape uploads a shape tensor and runs a TF op each time).
 * 3. **Embeddings as one matmul**: $h_0 = [\mathrm{onehot}(x_t) \,|\, \mathrm{onehot}(t)]\,[W_{te}; W_{pe}]$,
 *    $(BT, V{+}T_\text{max}) \cdot (V{+}T_\text{max}, C)$; the backward pass is one matmul too
 *    (gather's gradient is 2 reshapes, 2 transposes and an unsorted segment sum).
 * 4. **Closed-form backward passes** (`tf.customGrad`) for LayerNorm, GELU (erf form), the
 *    sparse softmax cross-entropy and the affine maps $y = xW + b$ (whose $\partial L/\partial b = \mathbf 1^\top dy$
 *    is a $(1, BT)\cdot(BT, \text{out})$ matmul: tfjs-node's column `Sum` is 2–4× slower), instead of
 *    tfjs differentiating their primitive ops.
 * 5. **LayerNorm's $\gamma, \beta$ folded into the next matmul**:
 *    $(\hat x \odot \gamma + \beta) W + b = \hat x\,(\operatorname{diag}(\gamma) W) + (\beta W + b)$, so the
 *    scale and shift (and their gradients) are ops on $(C, \text{out})$, not on $(BT, C)$. Its means are
 *    sums times a kept $1/C$ (tfjs-node's `Mean` casts its input first, one more pass). Likewise
 *    GELU's $\tfrac12$ goes into $W_2$: the FFN computes $g = x\,(1 + \operatorname{erf}(x/\sqrt2)) = 2\,\mathrm{gelu}(x)$
 *    and $g\,(W_2/2)$, one (BT, F) kernel fewer forward and one backward per layer (1 % of the step).
 * 6. **One transpose for Q, K, V**: $(BT, 3C) \to (B, T, 3, H, h_s) \to (3, B, H, T, h_s)$, unstacked.
 * 7. Constant scalars, the causal mask, the position one-hots and rows of ones created once, not per op.
 *
 * Architecture (nanoGPT's pre-LN block, as the peers): $h \mathrel{+}= W_o\,\mathrm{attn}(\mathrm{LN}_1 h)$,
 * $h \mathrel{+}= W_2\,\mathrm{gelu}(W_1 \mathrm{LN}_2 h)$, final LN, linear head, mean cross-entropy.
 * Weights stored (in, out) so $y = xW + b$; init $\mathcal N(0, 0.02^2)$ from core's `Rng`, biases 0,
 * LayerNorm $\gamma = 1$, $\beta = 0$. Cost per step $\approx 6 P_\text{dense} BT + 12 L B T^2 C$ FLOPs.
 *
 * @see ../../../../docs/level3-deep/performance.md
 */
import { ShapeError, describeValue } from '@fpml/core';
import type { Tf } from '@fpml/core/tf';
import type { Scalar, Tensor as TfTensor, Variable } from '@tensorflow/tfjs';
import { checkGptTrainerArgs, fastGptLayout, initGptTheta, type FastGptConfig, type FastGptOptions, type ParamSlot } from './gpt-params.js';

export { fastGptLayout, type FastGptConfig, type FastGptOptions, type ParamSlot };

const LN_EPS = 1e-5;

/**
 * The W6-style transformer with a fused, flat-parameter training step. `step(x, y)` runs one
 * Adam step on int32 (B, T) inputs and targets and returns the loss scalar (caller disposes);
 * `loss(x, y)` evaluates it without an update (inside the caller's tidy). `dispose()` frees all.
 * @see ../../../../docs/level3-deep/performance.md
 */
export class FastGptTrainer {
  readonly layout: ParamSlot[];
  readonly numParameters: number;
  /** $\theta$, (P,). */
  readonly theta: Variable;
  readonly #m: Variable;
  readonly #v: Variable;
  #t = 0;
  readonly #lr: number;
  readonly #b1: number;
  readonly #b2: number;
  readonly #eps: number;
  /** Kept constants: scalars, the causal mask (T, T), the position one-hot (B T, V + T) per (B, T). */
  readonly #c: Record<string, TfTensor> = {};
  readonly #cache = new Map<string, TfTensor>(); // position one-hots and ones rows, by shape
  readonly #normalize: (x: TfTensor) => TfTensor;
  readonly #gelu2: (x: TfTensor) => TfTensor;
  readonly #affine: (x: TfTensor, W: TfTensor, b: TfTensor) => TfTensor;

  constructor(readonly tf: Tf, readonly config: FastGptConfig, options: FastGptOptions) {
    const hyper = checkGptTrainerArgs('FastGptTrainer', config, options);
    ({ lr: this.#lr, beta1: this.#b1, beta2: this.#b2, eps: this.#eps } = hyper);
    this.layout = fastGptLayout(config);
    const init = initGptTheta(this.layout, hyper.rng); // (P,)
    const P = init.length;
    this.numParameters = P;
    this.theta = tf.variable(tf.tensor1d(init), true, undefined, 'float32');
    this.#m = tf.variable(tf.zeros([P]), false);
    this.#v = tf.variable(tf.zeros([P]), false);
    const { context: Tm, dModel: C, nHead: H } = config;
    const keep = (name: string, t: TfTensor) => (this.#c[name] = tf.keep(t));
    tf.tidy(() => {
      const mask = new Float32Array(Tm * Tm); // (T, T): 0 on and below the diagonal, -1e9 above
      for (let i = 0; i < Tm; i++) for (let j = i + 1; j < Tm; j++) mask[i * Tm + j] = -1e9;
      keep('mask', tf.tensor2d(mask, [Tm, Tm]));
      for (const [k, v] of Object.entries({ half: 0.5, one: 1, sqrt1_2: Math.SQRT1_2, lnEps: LN_EPS, invC: 1 / C, twoInvSqrtPi: 2 / Math.sqrt(Math.PI), scale: 1 / Math.sqrt(C / H) })) keep(k, tf.scalar(v));
    });
    const c = this.#c;

    // LayerNorm's normalisation over the last axis of (N, C), closed-form backward; γ and β are
    // folded into the matmul that follows (#normMatMul). Means as sums × 1/C: tfjs-node's Mean
    // casts its input first, an extra pass over (N, C).
    this.#normalize = tf.customGrad(((x: TfTensor, save: (ts: TfTensor[]) => void) => {
      const xc = tf.sub(x, tf.mul(tf.sum(x, -1, true), c['invC']!)); // x − μ, (N, C)
      const rstd = tf.rsqrt(tf.add(tf.mul(tf.sum(tf.square(xc), -1, true), c['invC']!), c['lnEps']!)); // 1/√(σ² + ε), (N, 1)
      const xhat = tf.mul(xc, rstd); // (N, C)
      save([xhat, rstd]);
      return {
        value: xhat,
        gradFunc: (dy: TfTensor, saved: TfTensor[]) => {
          const [xh, rs] = saved as [TfTensor, TfTensor];
          const m1 = tf.mul(tf.sum(dy, -1, true), c['invC']!); // mean(dy), (N, 1)
          const m2 = tf.mul(tf.sum(tf.mul(dy, xh), -1, true), c['invC']!); // mean(dy ⊙ x̂), (N, 1)
          return [tf.mul(rs, tf.sub(tf.sub(dy, m1), tf.mul(xh, m2)))]; // dL/dx = rstd (dy − mean dy − x̂ mean(dy ⊙ x̂))
        },
      };
    }) as never);

    // y = x W + b, x (N, in), W (in, out), b (out,) or (1, out); closed-form backward with
    // ∂L/∂b = 1ᵀ dy as a (1, N)·(N, out) matmul (tfjs-node's column Sum is 2–4× slower).
    this.#affine = tf.customGrad(((x: TfTensor, W: TfTensor, b: TfTensor, save: (ts: TfTensor[]) => void) => {
      const ones = this.#onesRow(x.shape[0]!); // (1, N), kept
      save([x, W]);
      return {
        value: tf.add(tf.matMul(x, W), b), // (N, out)
        gradFunc: (dy: TfTensor, saved: TfTensor[]) => {
          const [xx, WW] = saved as [TfTensor, TfTensor];
          const db = tf.matMul(ones, dy); // 1ᵀ dy, (1, out)
          return [tf.matMul(dy, WW, false, true), tf.matMul(xx, dy, true, false), b.rank === 1 ? tf.reshape(db, b.shape) : db]; // dy Wᵀ, xᵀ dy, 1ᵀ dy
        },
      };
    }) as never);

    // Twice the GELU (erf form), 2 x Φ(x) = x (1 + erf(u)) with u = x/√2; the 1/2 is folded into
    // the FFN's second weight matrix (#loss). Backward: d/dx [x (1 + erf u)] = (1 + erf u) + (2/√π) u e^{−u²},
    // with u e^{−u²} as u / e^{u²} (three kernels; e^{u²} = ∞ gives the right limit 0).
    this.#gelu2 = tf.customGrad(((x: TfTensor, save: (ts: TfTensor[]) => void) => {
      const u = tf.mul(x, c['sqrt1_2']!); // x/√2
      const cdf2 = tf.add(tf.erf(u), c['one']!); // 1 + erf(u) = 2 Φ(x)
      save([u, cdf2]);
      return {
        value: tf.mul(x, cdf2), // 2 x Φ(x)
        gradFunc: (dy: TfTensor, saved: TfTensor[]) => {
          const [uu, cd] = saved as [TfTensor, TfTensor];
          const ue = tf.div(uu, tf.exp(tf.square(uu))); // u e^{−u²}
          return [tf.mul(dy, tf.add(cd, tf.mul(ue, c['twoInvSqrtPi']!)))]; // 2Φ(x) + 2 x φ(x)
        },
      };
    }) as never);
  }

  #checkBatch(what: string, x: TfTensor, y: TfTensor): [number, number] {
    const tf = this.tf;
    for (const [n, t] of [['x', x], ['y', y]] as const) {
      if (!(t instanceof tf.Tensor) || t.rank !== 2 || t.dtype !== 'int32') throw new ShapeError(`FastGptTrainer.${what}: ${n} must be an int32 (B, T) tf.Tensor, got ${t instanceof tf.Tensor ? `${t.dtype} [${t.shape.join(', ')}]` : describeValue(t)}`);
    }
    const [B, T] = x.shape as [number, number];
    if (y.shape[0] !== B || y.shape[1] !== T) throw new ShapeError(`FastGptTrainer.${what}: y must have x's shape [${B}, ${T}], got [${y.shape.join(', ')}]`);
    if (T > this.config.context) throw new ShapeError(`FastGptTrainer.${what}: T = ${T} exceeds the context ${this.config.context}`);
    return [B, T];
  }

  /** The kept tensor cached under `key`, made by `make` on first use (freed by `dispose`). */
  #cached(key: string, make: () => TfTensor): TfTensor {
    let t = this.#cache.get(key);
    if (!t) {
      t = this.tf.keep(make());
      this.#cache.set(key, t);
    }
    return t;
  }

  /** A (1, N) row of ones, one per N, kept. */
  #onesRow(N: number): TfTensor {
    return this.#cached(`ones${N}`, () => this.tf.ones([1, N]));
  }

  /** Position one-hots shifted by V, (B T, V + T_max), one per batch shape, kept. */
  #positions(B: number, T: number): TfTensor {
    return this.#cached(`${B}x${T}`, () => {
      const { vocab: V, context: Tm } = this.config;
      const d = new Float32Array(B * T * (V + Tm));
      for (let r = 0; r < B * T; r++) d[r * (V + Tm) + V + (r % T)] = 1;
      return this.tf.tensor2d(d, [B * T, V + Tm]);
    });
  }

  /**
   * $\mathrm{LN}(h)\,W + b$ with the LayerNorm's affine part folded into the weights:
   * $(\hat x \odot \gamma + \beta) W + b = \hat x\,(\operatorname{diag}(\gamma) W) + (\beta W + b)$.
   * The scaling and the bias are ops on (C, out) and (1, out) instead of (N, C), and so are
   * their gradients ($\partial L/\partial\gamma$, $\partial L/\partial\beta$ come through the small ops).
   */
  #normMatMul(h: TfTensor, g: TfTensor, beta: TfTensor, W: TfTensor, bias: TfTensor): TfTensor {
    const tf = this.tf, C = this.config.dModel;
    const Wg = tf.mul(tf.reshape(g, [C, 1]), W); // diag(γ) W, (C, out)
    const b = tf.add(tf.matMul(tf.reshape(beta, [1, C]), W), bias); // β W + b, (1, out)
    return this.#affine(this.#normalize(h), Wg, b); // (N, out)
  }

  /** Mean cross-entropy of next-token prediction, as a function of $\theta$ (for `variableGrads`). */
  #loss(theta: TfTensor, x: TfTensor, y: TfTensor, B: number, T: number): Scalar {
    const tf = this.tf;
    const { vocab: V, dModel: C, nHead: H, nLayer: L, context: Tm } = this.config;
    const c = this.#c, hs = C / H, N = B * T;
    const parts = tf.split(theta, this.layout.map((p) => p.size)); // one kernel; its gradient is one concat
    const P: Record<string, TfTensor> = {};
    this.layout.forEach((p, i) => (P[p.name] = p.shape.length === 1 ? parts[i]! : tf.reshape(parts[i]!, p.shape)));
    const table = tf.reshape(tf.concat([parts[0]!, parts[1]!]), [V + Tm, C]); // [W_te; W_pe] (V + T, C)
    const oneHot = tf.add(tf.oneHot(tf.reshape(x, [N]), V + Tm), this.#positions(B, T)); // (N, V + T): token and position
    let h = tf.matMul(oneHot, table); // (N, C)
    const mask = T === Tm ? c['mask']! : tf.slice(c['mask']!, [0, 0], [T, T]);
    for (let l = 0; l < L; l++) {
      const p = (k: string) => P[`h.${l}.${k}`]!;
      const a = this.#normMatMul(h, p('ln1.weight'), p('ln1.bias'), p('attn.wqkv'), p('attn.bqkv')); // (N, 3C)
      const [q, k, v] = tf.unstack(tf.transpose(tf.reshape(a, [B, T, 3, H, hs]), [2, 0, 3, 1, 4])); // 3 × (B, H, T, hs)
      const att = tf.softmax(tf.add(tf.mul(tf.matMul(q!, k!, false, true), c['scale']!), mask)); // (B, H, T, T)
      const o = tf.reshape(tf.transpose(tf.matMul(att, v!), [0, 2, 1, 3]), [N, C]); // (N, C)
      h = tf.add(h, this.#affine(o, p('attn.wo'), p('attn.bo'))); // (N, C)
      const f2 = this.#gelu2(this.#normMatMul(h, p('ln2.weight'), p('ln2.bias'), p('mlp.w1'), p('mlp.b1'))); // 2 gelu(·), (N, F)
      h = tf.add(h, this.#affine(f2, tf.mul(p('mlp.w2'), c['half']!), p('mlp.b2'))); // gelu(·) W2 + b2 = (2 gelu)(W2/2) + b2, (N, C)
    }
    const z = this.#normMatMul(h, P['ln_f.weight']!, P['ln_f.bias']!, P['head.weight']!, P['head.bias']!); // (N, V)
    const target = tf.oneHot(tf.reshape(y, [N]), V); // (N, V)
    const ce = tf.customGrad(((logits: TfTensor, save: (ts: TfTensor[]) => void) => {
      const lse = tf.logSumExp(logits, -1, true); // (N, 1)
      save([logits, lse, target]); // saved tensors outlive the forward pass; closed-over ones do not
      return {
        value: tf.mean(tf.sub(lse, tf.sum(tf.mul(logits, target), -1, true))), // mean_i (lse_i - z_{i, y_i})
        gradFunc: (dy: TfTensor, saved: TfTensor[]) => [tf.mul(tf.sub(tf.exp(tf.sub(saved[0]!, saved[1]!)), saved[2]!), tf.div(dy, N))], // dL/dz = (softmax(z) - onehot(y)) / N
      };
    }) as never) as (t: TfTensor) => Scalar;
    return ce(z);
  }

  /** The loss of a batch without an update (call inside a tidy). */
  loss(x: TfTensor, y: TfTensor): Scalar {
    const [B, T] = this.#checkBatch('loss', x, y);
    return this.#loss(this.theta, x, y, B, T);
  }

  /** One Adam step on the batch; returns its loss (before the update), a scalar the caller disposes. */
  step(x: TfTensor, y: TfTensor): Scalar {
    const [B, T] = this.#checkBatch('step', x, y);
    const tf = this.tf;
    this.#t += 1;
    const bc1 = 1 - this.#b1 ** this.#t, bc2 = 1 - this.#b2 ** this.#t;
    return tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => this.#loss(this.theta, x, y, B, T), [this.theta]);
      const g = grads[this.theta.name]!; // (P,)
      const m = tf.add(tf.mul(this.#m, this.#b1), tf.mul(g, 1 - this.#b1)); // β1 m + (1-β1) g
      const v = tf.add(tf.mul(this.#v, this.#b2), tf.mul(tf.square(g), 1 - this.#b2)); // β2 v + (1-β2) g²
      const denom = tf.add(tf.mul(tf.sqrt(v), 1 / Math.sqrt(bc2)), this.#eps); // √v / √(1-β2^t) + ε
      this.theta.assign(tf.sub(this.theta, tf.mul(tf.div(m, denom), this.#lr / bc1))); // θ - η/(1-β1^t) m / denom
      this.#m.assign(m);
      this.#v.assign(v);
      return value;
    });
  }

  /** Number of Adam steps taken. */
  get steps(): number {
    return this.#t;
  }

  /** Free θ, the moments and the kept constants. */
  dispose(): void {
    this.tf.dispose([this.theta, this.#m, this.#v, ...Object.values(this.#c), ...this.#cache.values()]);
    this.#cache.clear();
  }
}
