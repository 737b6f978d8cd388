/**
 * The penalised log-loss of logistic regression with its gradient (two passes over X) and
 * Hessian, in scikit-learn 1.2's scaling (`LinearModelLoss` with `HalfBinomialLoss` /
 * `HalfMultinomialLoss`, `l2_reg_strength = 1/C`):
 * $$f(\theta) = \sum_{i=1}^n \ell_i(\theta) + \frac{1}{2C}\lVert W\rVert_F^2,$$
 * the intercepts unpenalised (no penalty term with `penalty: 'none'`). Minimising it is the same
 * as minimising $C\sum_i \ell_i + \tfrac12\lVert W\rVert^2$, sklearn's documented objective.
 *
 * - Binary, $y_i \in \{0, 1\}$, $z_i = w^\top x_i + b$:
 *   $\ell_i = \log(1 + e^{z_i}) - y_i z_i$, $\ \partial\ell_i/\partial z_i = \sigma(z_i) - y_i$,
 *   $\ \partial^2\ell_i/\partial z_i^2 = \sigma(z_i)(1 - \sigma(z_i))$.
 * - Multinomial, $K$ classes, $z_{ik} = w_k^\top x_i + b_k$:
 *   $\ell_i = \log\sum_k e^{z_{ik}} - z_{i y_i}$, $\ \partial\ell_i/\partial z_{ik} = p_{ik} - [y_i = k]$,
 *   $\ \partial^2\ell_i/\partial z_{ik}\partial z_{il} = p_{ik}([k = l] - p_{il})$, with $p_i = \mathrm{softmax}(z_i)$.
 *
 * By the chain rule the gradient is $\nabla_{w_k} f = \sum_i (p_{ik} - y_{ik})\,x_i + w_k/C$, i.e.
 * $\nabla_W f = R^\top X + W/C$ with the residuals $R = P - Y$ (n, K): one product for the scores
 * $Z = XW^\top$, an element-wise pass for the losses and residuals, one product $R^\top X$. The
 * products run on core's kernels (`matvec`/`matvecTransA` for K = 1; WebAssembly SIMD above a few
 * hundred multiply-adds), which is where the time goes: both are memory-bound passes over X.
 *
 * Parameter layout $\theta$ (length $Kd + K$ with an intercept, else $Kd$; $K = 1$ for binary):
 * `W` row-major (K, d) first, then the K intercepts.
 *
 * Cost: $O(ndK)$ per loss+gradient; the Hessian $O(n (K(d+1))^2)$.
 * @see ../../../../docs/level2-classical/linear.md
 */
import { Matrix, matmulTransA, matmulTransB, matvec, matvecTransA } from '@fpml/core';

/** The data and settings one objective evaluation needs. */
export interface LogisticProblem {
  X: Float64Array; // (n, d) row-major
  n: number;
  d: number;
  /** Class index per row: in {0, 1} for binary (K = 1), in 0..K−1 for multinomial. */
  y: Int32Array; // (n,)
  /** Number of score columns: 1 for the binary loss, K ≥ 2 for the multinomial one. */
  K: number;
  fitIntercept: boolean;
  /** $1/C$, or 0 without a penalty. */
  l2: number;
}

/** Length of $\theta$. */
export function paramCount(p: LogisticProblem): number {
  return p.K * p.d + (p.fitIntercept ? p.K : 0);
}

/** $\log(1 + e^z)$ without overflow. */
export function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/** $\sigma(z) = 1/(1 + e^{-z})$ without overflow. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** $x^\top w$ over d entries, x at offset `ox`, w at offset `ow`; four accumulators. */
function dot(x: Float64Array, ox: number, w: Float64Array, ow: number, d: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let j = 0;
  for (; j + 3 < d; j += 4) {
    s0 += x[ox + j]! * w[ow + j]!;
    s1 += x[ox + j + 1]! * w[ow + j + 1]!;
    s2 += x[ox + j + 2]! * w[ow + j + 2]!;
    s3 += x[ox + j + 3]! * w[ow + j + 3]!;
  }
  for (; j < d; j++) s0 += x[ox + j]! * w[ow + j]!;
  return s0 + s1 + (s2 + s3);
}

/** Add the penalty $\tfrac{1}{2C}\lVert W\rVert^2$ to the value and $W/C$ to the gradient; returns the new value. */
function addPenalty(p: LogisticProblem, theta: Float64Array, grad: Float64Array, value: number): number {
  if (p.l2 === 0) return value;
  const m = p.K * p.d;
  let sq = 0;
  for (let j = 0; j < m; j++) {
    sq += theta[j]! * theta[j]!;
    grad[j] = grad[j]! + p.l2 * theta[j]!;
  }
  return value + 0.5 * p.l2 * sq;
}

/**
 * Value and gradient of $f$ at $\theta$, writing the gradient into `grad` (length
 * {@link paramCount}). Two passes over X, both on core's matrix kernels (WebAssembly SIMD for
 * large X, and X read in place when the caller holds it resident with `withResidentOperand`):
 *
 * 1. scores $z = XW^\top + b$ (`matvec` for binary, `matmulTransB` for multinomial);
 * 2. per row, the loss $\ell_i$ and the residual $r_i = \partial\ell_i/\partial z_i$, written over $z$;
 * 3. $\nabla_W f = R^\top X$ (`matvecTransA` / `matmulTransA`), $\nabla_b f = \sum_i r_i$, plus the penalty.
 *
 * `work`: scratch for the binary scores, at least n entries (one is allocated per call if it is
 * shorter); the multinomial loss gets its (n, K) scores from the product. $O(ndK)$.
 */
export function logisticLossGrad(p: LogisticProblem, theta: Float64Array, grad: Float64Array, work?: Float64Array): number {
  const { X, n, d, y, K, fitIntercept } = p;
  const Xm = new Matrix(n, d, X); // (n, d), a view of the caller's array (so a resident X stays recognised)
  const ob = K * d; // offset of the intercepts in θ
  let value = 0;
  if (K === 1) {
    const b = fitIntercept ? theta[d]! : 0;
    const z = work !== undefined && work.length >= n ? work.subarray(0, n) : new Float64Array(n); // (n,)
    matvec(Xm, theta.subarray(0, d), z); // z = Xw
    let gb = 0;
    for (let i = 0; i < n; i++) {
      const zi = z[i]! + b;
      const yi = y[i]!;
      const e = Math.exp(-Math.abs(zi)); // one exp serves both: softplus and sigmoid without overflow
      value += (zi > 0 ? zi : 0) + Math.log1p(e) - yi * zi; // ℓ = log(1 + e^z) − y z
      const r = (zi >= 0 ? 1 / (1 + e) : e / (1 + e)) - yi; // ∂ℓ/∂z = σ(z) − y
      z[i] = r;
      gb += r;
    }
    matvecTransA(Xm, z, grad.subarray(0, d)); // ∇_w Σℓ = Xᵀ r
    if (fitIntercept) grad[d] = gb;
    return addPenalty(p, theta, grad, value);
  }
  const Z = matmulTransB(Xm, new Matrix(K, d, theta.subarray(0, ob))).data; // (n, K) scores without b
  if (fitIntercept) grad.fill(0, ob, ob + K);
  for (let i = 0; i < n; i++) {
    const o = i * K;
    let zmax = -Infinity;
    for (let k = 0; k < K; k++) {
      const zk = Z[o + k]! + (fitIntercept ? theta[ob + k]! : 0);
      Z[o + k] = zk;
      if (zk > zmax) zmax = zk;
    }
    const yi = y[i]!;
    const zy = Z[o + yi]!;
    let s = 0;
    for (let k = 0; k < K; k++) {
      const e = Math.exp(Z[o + k]! - zmax);
      s += e;
      Z[o + k] = e; // now exp(z_k − max)
    }
    value += Math.log(s) + zmax - zy; // ℓ = logsumexp(z) − z_y, the max factored out
    for (let k = 0; k < K; k++) {
      const r = Z[o + k]! / s - (k === yi ? 1 : 0); // ∂ℓ/∂z_k = p_k − [y = k]
      Z[o + k] = r;
      if (fitIntercept) grad[ob + k] = grad[ob + k]! + r;
    }
  }
  grad.set(matmulTransA(new Matrix(n, K, Z), Xm).data, 0); // ∇_W Σℓ = Rᵀ X, (K, d)
  return addPenalty(p, theta, grad, value);
}

/**
 * Hessian of $f$ (P, P) row-major, $P$ = {@link paramCount}:
 * $$\nabla^2 f = \sum_i (S_i \otimes \tilde x_i \tilde x_i^\top) + \tfrac1C I_W,\qquad S_i = \operatorname{diag}(p_i) - p_ip_i^\top$$
 * ($S_i = \sigma_i(1-\sigma_i)$ for binary), $\tilde x_i = (x_i, 1)$, mapped to the θ layout.
 * `shiftDirections` adds $uu^\top$ for each direction $u$ along which $f$ is flat (see
 * `logistic-solvers.ts`). $O(n K^2 (d+1)^2)$.
 */
export function logisticHessian(p: LogisticProblem, theta: Float64Array, shiftDirections: readonly Float64Array[] = []): Float64Array {
  const { X, n, d, K, fitIntercept } = p;
  const P = paramCount(p);
  const H = new Float64Array(P * P); // (P, P)
  const m = d + (fitIntercept ? 1 : 0); // entries of x̃
  const xt = new Float64Array(m); // (m,) x̃_i
  const idx = (k: number, a: number): number => (a < d ? k * d + a : K * d + k);
  const pr = new Float64Array(K); // (K,) p_i or σ_i
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let a = 0; a < d; a++) xt[a] = X[o + a]!;
    if (fitIntercept) xt[d] = 1;
    if (K === 1) {
      const s = sigmoid(dot(X, o, theta, 0, d) + (fitIntercept ? theta[d]! : 0));
      pr[0] = s;
    } else {
      let zmax = -Infinity;
      for (let k = 0; k < K; k++) {
        pr[k] = dot(X, o, theta, k * d, d) + (fitIntercept ? theta[K * d + k]! : 0);
        if (pr[k]! > zmax) zmax = pr[k]!;
      }
      let s = 0;
      for (let k = 0; k < K; k++) s += pr[k] = Math.exp(pr[k]! - zmax);
      for (let k = 0; k < K; k++) pr[k] = pr[k]! / s;
    }
    for (let k = 0; k < K; k++) {
      for (let l = k; l < K; l++) {
        const c = K === 1 ? pr[0]! * (1 - pr[0]!) : pr[k]! * ((k === l ? 1 : 0) - pr[l]!); // ∂²ℓ/∂z_k∂z_l
        if (c === 0) continue;
        for (let a = 0; a < m; a++) {
          const ca = c * xt[a]!;
          const row = idx(k, a) * P;
          for (let b = 0; b < m; b++) H[row + idx(l, b)]! += ca * xt[b]!;
        }
      }
    }
  }
  // Blocks (l, k) with l > k are the transposes of the blocks (k, l) filled above: H is symmetric.
  for (let k = 0; k < K; k++) for (let l = k + 1; l < K; l++) {
    for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) H[idx(l, b) * P + idx(k, a)] = H[idx(k, a) * P + idx(l, b)]!;
  }
  for (let j = 0; j < K * d; j++) H[j * P + j]! += p.l2;
  for (const u of shiftDirections) for (let r = 0; r < P; r++) if (u[r] !== 0) for (let c = 0; c < P; c++) H[r * P + c]! += u[r]! * u[c]!;
  return H;
}

/**
 * Decision scores $z = XW^\top + b$ (n, R) for coefficients `coef` (R, d) and `intercept` (R,).
 * $O(ndR)$.
 */
export function decisionScores(X: Float64Array, n: number, d: number, coef: Float64Array, intercept: Float64Array, R: number): Float64Array {
  const out = new Float64Array(n * R); // (n, R)
  for (let i = 0; i < n; i++) for (let r = 0; r < R; r++) out[i * R + r] = dot(X, i * d, coef, r * d, d) + intercept[r]!;
  return out;
}
