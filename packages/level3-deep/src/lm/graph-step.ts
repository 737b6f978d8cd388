/**
 * `GraphGptTrainer`: the W6 transformer's whole training step (forward, backward, Adam) as one
 * libtensorflow graph, built op by op in TypeScript ({@link GraphBuilder}) and run as one
 * session call per step ({@link GraphSession}). The maths is {@link FastGptTrainer}'s (same
 * layout, init, LayerNorm fold, GELU fold and flat Adam; a test checks loss, gradient and update
 * agree), but nothing goes through tfjs's eager dispatch: no per-op N-API call (13–16 µs each
 * in eager tfjs-node), no tape, no `tidy`, no JavaScript between ops; the biases are `BiasAdd`s
 * that Grappler's remapper can fuse into the matmul before them, and the bias gradients are
 * `BiasAddGrad`s.
 *
 * The backward pass is written out by hand; with $N = BT$ rows, $\hat x$ the normalised input
 * and $r = 1/\sqrt{\sigma^2 + \epsilon}$ per row:
 * - loss $\ell = \frac1N\sum_i (\log\sum_j e^{z_{ij}} - z_{iy_i})$, $\;dz = (\operatorname{softmax}(z) - e_y)/N$;
 * - affine $y = xW + b$: $dx = dy\,W^\top$, $dW = x^\top dy$, $db = \mathbf 1^\top dy$;
 * - LayerNorm folded into the next matmul, $y = \hat x\,W_\gamma + b'$ with $W_\gamma = \operatorname{diag}(\gamma)W$,
 *   $b' = \beta W + b$: $dW = \operatorname{diag}(\gamma)\,dW_\gamma + \beta^\top db'$,
 *   $d\gamma = \operatorname{rowsum}(dW_\gamma \odot W)$, $d\beta = W\,db'^\top$, $db = db'$,
 *   and $dx = r\,(d\hat x - \overline{d\hat x} - \hat x\,\overline{d\hat x \odot \hat x})$ (bars: row means);
 * - $g = f\,(1 + \operatorname{erf}(u))$, $u = f/\sqrt2$ ($= 2\,\mathrm{gelu}(f)$, the ½ in $W_2$):
 *   $df = dg \odot (1 + \operatorname{erf}(u) + \tfrac{2}{\sqrt\pi}\,u\,e^{-u^2})$;
 * - attention $P = \operatorname{softmax}(s\,qk^\top + M)$, $o = Pv$: $dP = do\,v^\top$, $dv = P^\top do$,
 *   $ds = s\,P \odot (dP - \operatorname{rowsum}(dP \odot P))$, $dq = ds\,k$, $dk = ds^\top q$;
 * - embeddings $h_0 = W_{te}[x] + W_{pe}[t]$: $dW_{te} = $ segment sum of $dh_0$ by token,
 *   $dW_{pe}[t] = \sum_b dh_0[b, t]$.
 *
 * A graph has static shapes: the trainer is built for one (B, T) ({@link GraphGptTrainer.create}).
 * State ($\theta$, Adam's $m$, $v$) enters and leaves each run as tensors.
 *
 * @see ../../../../docs/level3-deep/performance.md
 */
import { ShapeError, describeValue } from '@fpml/core';
import type { Tf } from '@fpml/core/tf';
import type { Scalar, Tensor } from '@tensorflow/tfjs';
import { GraphBuilder, type Sym } from '../tfgraph/builder.js';
import { GraphSession } from '../tfgraph/session.js';
import { flatAdamFeeds, flatAdamInputs, flatAdamStep } from '../tfgraph/adam.js';
import { checkGptTrainerArgs, fastGptLayout, initGptTheta, type FastGptConfig, type FastGptOptions, type GptTrainerArgs, type ParamSlot } from './gpt-params.js';

const LN_EPS = 1e-5;

/** What the forward pass keeps for the backward pass of one folded LayerNorm + matmul. */
interface NormMatMul { xh: Sym; rstd: Sym; Wg: Sym; g: Sym; beta: Sym; W: Sym }

/**
 * Build the step graph for batch shape (B, T). Inputs: theta, m, v (P,), x, y int32 (B, T),
 * stepSize $= \eta/(1-\beta_1^t)$ and invSqrtBc2 $= 1/\sqrt{1-\beta_2^t}$ (scalars). Outputs:
 * theta, m, v after the step, loss (before it) and grad $\nabla_\theta \ell$.
 */
export function buildGptStepGraph(cfg: FastGptConfig, layout: readonly ParamSlot[], hyper: Pick<GptTrainerArgs, 'beta1' | 'beta2' | 'eps'>, B: number, T: number) {
  const g = new GraphBuilder();
  const { vocab: V, dModel: C, nHead: H, nLayer: L, context: Tm } = cfg;
  const hs = C / H, N = B * T, P = layout.reduce((s, p) => s + p.size, 0);
  const adam = flatAdamInputs(g, P);
  const inputs = { ...adam, x: g.placeholder('x', 'int32', [B, T]), y: g.placeholder('y', 'int32', [B, T]) };
  const parts = g.splitV(inputs.theta, layout.map((p) => p.size), 0);
  const W: Record<string, Sym> = {};
  layout.forEach((p, i) => (W[p.name] = p.shape.length === 1 ? parts[i]! : g.reshape(parts[i]!, p.shape)));
  const grad: Record<string, Sym> = {};
  const addGrad = (name: string, d: Sym) => (grad[name] = grad[name] ? g.add(grad[name]!, d) : d);

  // ---- forward
  const mask = new Float32Array(T * T); // (T, T): 0 on and below the diagonal, -1e9 above
  for (let i = 0; i < T; i++) for (let j = i + 1; j < T; j++) mask[i * T + j] = -1e9;
  const M = g.constant(mask, [T, T]);
  const scale = 1 / Math.sqrt(hs);
  const xf = g.reshape(inputs.x, [N]), yf = g.reshape(inputs.y, [N]);
  const pos = T === Tm ? W['wpe']! : g.slice(W['wpe']!, [0, 0], [T, C]); // (T, C)
  let h = g.reshape(g.add(g.reshape(g.gather(W['wte']!, xf), [B, T, C]), pos), [N, C]); // h₀ = W_te[x] + W_pe[t], (N, C)

  const normalize = (x: Sym) => {
    const xc = g.sub(x, g.mean(x, [1], true)); // x − μ
    const rstd = g.rsqrt(g.add(g.mean(g.square(xc), [1], true), LN_EPS)); // 1/√(σ² + ε), (N, 1)
    return { xh: g.mul(xc, rstd), rstd };
  };
  const normMatMul = (x: Sym, prefix: string, wName: string, bName: string): [Sym, NormMatMul] => {
    const { xh, rstd } = normalize(x);
    const gam = W[`${prefix}.weight`]!, beta = W[`${prefix}.bias`]!, Wt = W[wName]!, out = Wt.shape[1]!;
    const Wg = g.mul(g.reshape(gam, [C, 1]), Wt); // diag(γ) W
    const b = g.add(g.reshape(g.matMul(g.reshape(beta, [1, C]), Wt), [out]), W[bName]!); // β W + b, (out,)
    return [g.biasAdd(g.matMul(xh, Wg), b), { xh, rstd, Wg, g: gam, beta, W: Wt }];
  };

  const layers: { n1: NormMatMul; q: Sym; k: Sym; v: Sym; p: Sym; o: Sym; n2: NormMatMul; u: Sym; cd: Sym; g2: Sym; w2h: Sym }[] = [];
  for (let l = 0; l < L; l++) {
    const n = (k: string) => `h.${l}.${k}`;
    const [a, n1] = normMatMul(h, n('ln1'), n('attn.wqkv'), n('attn.bqkv')); // (N, 3C)
    const [q, k, v] = g.unstack(g.transpose(g.reshape(a, [B, T, 3, H, hs]), [2, 0, 3, 1, 4]), 0) as [Sym, Sym, Sym]; // 3 × (B, H, T, hs)
    const p = g.softmax(g.add(g.mul(g.batchMatMul(q, k, false, true), scale), M)); // (B, H, T, T)
    const o = g.reshape(g.transpose(g.batchMatMul(p, v), [0, 2, 1, 3]), [N, C]); // heads merged, (N, C)
    h = g.add(h, g.biasAdd(g.matMul(o, W[n('attn.wo')]!), W[n('attn.bo')]!));
    const [f, n2] = normMatMul(h, n('ln2'), n('mlp.w1'), n('mlp.b1')); // (N, F)
    const u = g.mul(f, Math.SQRT1_2);
    const cd = g.add(g.erf(u), 1); // 1 + erf(u) = 2Φ(f)
    const g2 = g.mul(f, cd); // 2 gelu(f)
    const w2h = g.mul(W[n('mlp.w2')]!, 0.5); // W₂/2
    h = g.add(h, g.biasAdd(g.matMul(g2, w2h), W[n('mlp.b2')]!));
    layers.push({ n1, q, k, v, p, o, n2, u, cd, g2, w2h });
  }
  const [z, nf] = normMatMul(h, 'ln_f', 'head.weight', 'head.bias'); // (N, V)
  const [rowLoss, dlogits] = g.sparseSoftmaxCrossEntropy(z, yf);
  const loss = g.mean(rowLoss, [0]);

  // ---- backward
  const affineBack = (x: Sym, Wt: Sym, dy: Sym, wName: string, bName: string, wScale = 1) => {
    const dW = g.matMul(x, dy, true, false); // xᵀ dy
    addGrad(wName, wScale === 1 ? dW : g.mul(dW, wScale));
    addGrad(bName, g.biasAddGrad(dy)); // 1ᵀ dy
    return g.matMul(dy, Wt, false, true); // dy Wᵀ
  };
  const normMatMulBack = (s: NormMatMul, dy: Sym, prefix: string, wName: string, bName: string) => {
    const dWg = g.matMul(s.xh, dy, true, false); // (C, out)
    const db = g.reshape(g.biasAddGrad(dy), [1, dy.shape[1]!]); // 1ᵀ dy, (1, out)
    addGrad(wName, g.add(g.mul(g.reshape(s.g, [C, 1]), dWg), g.matMul(g.reshape(s.beta, [C, 1]), db))); // diag(γ) dW_γ + βᵀ db'
    addGrad(`${prefix}.weight`, g.sum(g.mul(dWg, s.W), [1])); // rowsum(dW_γ ⊙ W)
    addGrad(`${prefix}.bias`, g.reshape(g.matMul(s.W, db, false, true), [C])); // W db'ᵀ
    addGrad(bName, g.reshape(db, [db.shape[1]!]));
    const dxh = g.matMul(dy, s.Wg, false, true); // (N, C)
    const m1 = g.mean(dxh, [1], true), m2 = g.mean(g.mul(dxh, s.xh), [1], true);
    return g.mul(s.rstd, g.sub(g.sub(dxh, m1), g.mul(s.xh, m2))); // r (dx̂ − mean dx̂ − x̂ mean(dx̂ ⊙ x̂))
  };

  let dh = normMatMulBack(nf, g.mul(dlogits, 1 / N), 'ln_f', 'head.weight', 'head.bias'); // (N, C)
  for (let l = L - 1; l >= 0; l--) {
    const n = (k: string) => `h.${l}.${k}`, s = layers[l]!;
    // FFN: h += g₂ (W₂/2) + b₂
    const dg2 = affineBack(s.g2, s.w2h, dh, n('mlp.w2'), n('mlp.b2'), 0.5);
    const ue = g.mul(s.u, g.exp(g.neg(g.square(s.u)))); // u e^{−u²}
    const df = g.mul(dg2, g.add(s.cd, g.mul(ue, 2 / Math.sqrt(Math.PI))));
    dh = g.add(dh, normMatMulBack(s.n2, df, n('ln2'), n('mlp.w1'), n('mlp.b1')));
    // attention: h += o W_o + b_o
    const dO = affineBack(s.o, W[n('attn.wo')]!, dh, n('attn.wo'), n('attn.bo'));
    const do4 = g.transpose(g.reshape(dO, [B, T, H, hs]), [0, 2, 1, 3]); // (B, H, T, hs)
    const dP = g.batchMatMul(do4, s.v, false, true); // (B, H, T, T)
    const dv = g.batchMatMul(s.p, do4, true, false);
    const ds = g.mul(g.mul(s.p, g.sub(dP, g.sum(g.mul(dP, s.p), [3], true))), scale);
    const dq = g.batchMatMul(ds, s.k), dk = g.batchMatMul(ds, s.q, true, false);
    const da = g.reshape(g.transpose(g.stack([dq, dk, dv], 0), [1, 3, 0, 2, 4]), [N, 3 * C]); // (N, 3C)
    dh = g.add(dh, normMatMulBack(s.n1, da, n('ln1'), n('attn.wqkv'), n('attn.bqkv')));
  }
  addGrad('wte', g.segmentSum(dh, xf, V)); // (V, C)
  const dpos = g.sum(g.reshape(dh, [B, T, C]), [0]); // (T, C)
  addGrad('wpe', T === Tm ? dpos : g.concat([dpos, g.constant(new Float32Array((Tm - T) * C), [Tm - T, C])], 0));
  const gvec = g.concat(layout.map((p) => (p.shape.length === 1 ? grad[p.name]! : g.reshape(grad[p.name]!, [p.size]))), 0); // ∇θ, (P,)

  return { graph: g, inputs, outputs: { ...flatAdamStep(g, adam, gvec, hyper), loss, grad: gvec } };
}

/**
 * The W6-style transformer trained by one graph run per step (see the file doc). Build it with
 * `await GraphGptTrainer.create(tf, config, options, B, T)`; `step(x, y)` then takes int32
 * (B, T) batches and returns the loss before the update (a scalar the caller disposes).
 */
export class GraphGptTrainer {
  readonly layout: ParamSlot[];
  readonly numParameters: number;
  #theta: Tensor;
  #m: Tensor;
  #v: Tensor;
  #t = 0;
  readonly #hyper: GptTrainerArgs;
  readonly #session: GraphSession;

  private constructor(readonly tf: Tf, readonly config: FastGptConfig, readonly batch: number, readonly seqLen: number, hyper: GptTrainerArgs, layout: ParamSlot[], session: GraphSession) {
    this.#hyper = hyper;
    this.layout = layout;
    this.#session = session;
    const init = initGptTheta(layout, hyper.rng);
    this.numParameters = init.length;
    this.#theta = tf.tensor1d(init);
    this.#m = tf.zeros([init.length]);
    this.#v = tf.zeros([init.length]);
  }

  /**
   * Validate, build the step graph for batch shape (B, T) and load it into a session.
   * @throws InvalidParamError / InvalidInputError for bad config or options (as FastGptTrainer),
   *   ShapeError when T exceeds the context, BackendLoadError off the tensorflow backend
   */
  static async create(tf: Tf, config: FastGptConfig, options: FastGptOptions, B: number, T: number): Promise<GraphGptTrainer> {
    const own = 'GraphGptTrainer';
    const hyper = checkGptTrainerArgs(own, config, options);
    for (const [k, v] of [['B', B], ['T', T]] as const) if (!Number.isSafeInteger(v) || v < 1) throw new ShapeError(`${own}.create: ${k} must be a positive integer, got ${describeValue(v)}`);
    if (T > config.context) throw new ShapeError(`${own}.create: T = ${T} exceeds the context ${config.context}`);
    const layout = fastGptLayout(config);
    const { graph, inputs, outputs } = buildGptStepGraph(config, layout, hyper, B, T);
    const session = await GraphSession.load(tf, graph, inputs, outputs);
    return new GraphGptTrainer(tf, config, B, T, hyper, layout, session);
  }

  /** $\theta$ (P,), owned by the trainer (replaced by every step). */
  get theta(): Tensor {
    return this.#theta;
  }

  /** Replace $\theta$ (copied; the trainer keeps its own tensor). */
  setTheta(theta: Tensor): void {
    if (theta.rank !== 1 || theta.shape[0] !== this.numParameters || theta.dtype !== 'float32') throw new ShapeError(`GraphGptTrainer.setTheta: theta must be float32 [${this.numParameters}], got ${theta.dtype} [${theta.shape.join(', ')}]`);
    this.#theta.dispose();
    this.#theta = this.tf.clone(theta);
  }

  #run(x: Tensor, y: Tensor, what: string): Record<string, Tensor> {
    for (const [n, t] of [['x', x], ['y', y]] as const) {
      if (!(t instanceof this.tf.Tensor) || t.dtype !== 'int32' || t.rank !== 2 || t.shape[0] !== this.batch || t.shape[1] !== this.seqLen) throw new ShapeError(`GraphGptTrainer.${what}: ${n} must be an int32 [${this.batch}, ${this.seqLen}] tf.Tensor (the shape the graph was built for), got ${t instanceof this.tf.Tensor ? `${t.dtype} [${t.shape.join(', ')}]` : describeValue(t)}`);
    }
    const feeds = flatAdamFeeds(this.tf, this.#t + 1, this.#hyper);
    try {
      return this.#session.run({ theta: this.#theta, m: this.#m, v: this.#v, x, y, ...feeds });
    } finally {
      this.tf.dispose(Object.values(feeds));
    }
  }

  /** One Adam step on the batch; returns its loss (before the update), a scalar the caller disposes. */
  step(x: Tensor, y: Tensor): Scalar {
    const out = this.#run(x, y, 'step');
    this.tf.dispose([this.#theta, this.#m, this.#v, out['grad']!]);
    this.#theta = out['theta']!;
    this.#m = out['m']!;
    this.#v = out['v']!;
    this.#t += 1;
    return out['loss'] as Scalar;
  }

  /** The loss and $\nabla_\theta \ell$ of a batch at the current $\theta$, without an update (caller disposes both). */
  lossAndGradient(x: Tensor, y: Tensor): { loss: Scalar; grad: Tensor } {
    const out = this.#run(x, y, 'lossAndGradient');
    this.tf.dispose([out['theta']!, out['m']!, out['v']!]);
    return { loss: out['loss'] as Scalar, grad: out['grad']! };
  }

  /** Number of Adam steps taken. */
  get steps(): number {
    return this.#t;
  }

  /** Free θ, the moments and the session. */
  dispose(): void {
    this.tf.dispose([this.#theta, this.#m, this.#v]);
    this.#session.dispose();
  }
}
