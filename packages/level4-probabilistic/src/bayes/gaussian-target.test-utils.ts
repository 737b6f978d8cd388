/**
 * The acceptance target shared by the sampler tests: a 10-D Gaussian with a fixed mean and a
 * dense covariance $\Sigma = Q\,\mathrm{diag}(\lambda)\,Q^\top$, $Q$ a seeded random orthogonal
 * matrix (QR of a Gaussian matrix) and $\lambda$ log-spaced on [1, 100] (tests only).
 */
import { Matrix, Rng } from '@fpml/core';
import { matmul, reshape, sub, sum, mul, tensor } from '@fpml/level1-math';
import { qr } from '@fpml/level1-math';
import { defineModel, type Model } from './model.js';

export interface GaussianTarget {
  mu: Float64Array; // (d,)
  cov: Matrix; // (d, d)
  prec: Matrix; // (d, d)
  model: Model;
  /** Same density with a hand-written gradient (fast path for long runs). */
  handModel: Model;
}

export function gaussianTarget(d = 10, seed = 20240611): GaussianTarget {
  const rng = new Rng(seed);
  const G = new Matrix(d, d, Float64Array.from({ length: d * d }, () => rng.standardNormal())); // (d, d)
  const Q = qr(G).Q; // (d, d)
  const lam = Float64Array.from({ length: d }, (_, i) => 100 ** (i / (d - 1)));
  const mu = Float64Array.from({ length: d }, (_, i) => (i % 2 ? -1 : 1) * (1 + 0.5 * i));
  const cov = new Matrix(d, d), prec = new Matrix(d, d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) {
    let c = 0, p = 0;
    for (let k = 0; k < d; k++) { const qq = Q.get(i, k) * Q.get(j, k); c += qq * lam[k]!; p += qq / lam[k]!; }
    cov.data[i * d + j] = c;
    prec.data[i * d + j] = p;
  }
  const P = tensor(prec.data, [d, d]);
  const model = defineModel({
    params: [{ name: 'x', size: d }],
    logDensity: ({ x }) => { const r = sub(x!, tensor(mu)); return mul(sum(mul(r, reshape(matmul(P, reshape(r, [d, 1])), [d]))), -0.5); },
  });
  const handModel = defineModel({
    params: [{ name: 'x', size: d }],
    logDensityGrad: ({ x }) => {
      const g = new Float64Array(d); // (d,) = -P (x - mu)
      let lp = 0;
      for (let i = 0; i < d; i++) { let s = 0; for (let j = 0; j < d; j++) s += prec.data[i * d + j]! * (x![j]! - mu[j]!); g[i] = -s; lp += -0.5 * (x![i]! - mu[i]!) * s; }
      return { logp: lp, grad: { x: g } };
    },
  });
  return { mu, cov, prec, model, handModel };
}
