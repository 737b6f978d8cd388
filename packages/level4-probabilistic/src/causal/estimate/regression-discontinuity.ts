/**
 * Regression discontinuity, local linear (Hahn, Todd & van der Klaauw 2001; Imbens & Lemieux 2008).
 * With running variable $R$, cutoff $c$, $D_i = \mathbb 1[R_i \ge c]$ and kernel weights
 * $w_i = K\big((R_i - c)/h\big)$, triangular $K(u) = (1-|u|)_+$ (default) or uniform
 * $\mathbb 1[|u| < 1]$, weighted least squares of
 * $$Y = \alpha + \tau D + \beta_-(R - c) + (\beta_+ - \beta_-)D(R - c) + X\delta + u$$
 * (separate lines on each side, covariates $X$ optional) gives the jump $\hat\tau$ at the cutoff:
 * the effect at $R = c$ under continuity of $\mathbb E[Y(0)\mid R]$ and $\mathbb E[Y(1)\mid R]$.
 * SE: heteroskedasticity-robust HC0 (`cov`: 'hc0' default, 'hc1', 'nonrobust'); conventional, so
 * it ignores the smoothing bias (undersmooth, or see Calonico–Cattaneo–Titiunik for robust bias correction).
 *
 * **Fuzzy** design (detected when $T \ne D$ for some unit; `treatment` must be 0/1): the Wald
 * ratio of the two jumps, $\hat\tau = \hat\tau_Y/\hat\tau_T$, same bandwidth and weights, SE by the
 * delta method from the stacked HC0 influence values $\varphi = \varphi_Y/\hat\tau_T - \hat\tau_Y\varphi_T/\hat\tau_T^2$.
 *
 * **Bandwidth** (`bandwidth`, default `'ik'`): Imbens & Kalyanaraman (2012),
 * $$h_{\mathrm{IK}} = C_K\Big(\frac{\hat\sigma^2_-(c) + \hat\sigma^2_+(c)}{\hat f(c)\big((\hat m''_+(c) - \hat m''_-(c))^2 + \hat r_+ + \hat r_-\big)}\Big)^{1/5} n^{-1/5},\quad C_K = 3.4375,$$
 * with a pilot $h_1 = 1.84\,s_R\,n^{-1/5}$ for the density $\hat f(c)$ and the one-sided variances,
 * a global cubic with a jump for the third derivative, one-sided quadratics for $\hat m''_\pm$ on
 * $h_{2,\pm} = 3.56\big(\hat\sigma_\pm^2/(\hat f\,\hat m_3^2)\big)^{1/7}n_\pm^{-1/7}$ and the
 * regularisers $\hat r_\pm = 2160\,\hat\sigma^2_\pm/(n_{2,\pm}h_{2,\pm}^4)$. `'rot'` uses the pilot
 * $h_1$ itself; a number fixes $h$. Cost $O(n)$ plus small least-squares fits.
 * @see ../../../../../docs/level4-probabilistic/causal-estimation.md
 */
import { InvalidInputError, InvalidParamError } from '@fpml/core';
import { ols, olsCovariance, type CovType } from './ols.js';
import { bootstrap, checkData, choice, commonOptions, design, makeEstimate } from './shared.js';
import type { EffectData, EffectEstimate, EstimateOptions } from './types.js';

const O = 'regressionDiscontinuity';

function meanVar(v: number[]): { m: number; s2: number } {
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  return { m, s2: v.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, v.length - 1) };
}

/**
 * Imbens–Kalyanaraman bandwidth (falls back to the pilot when a step has too few points).
 * $h_{\mathrm{IK}}$ of the module doc; r, y (n,); $O(n\log n)$.
 * @see ../../../../../docs/level4-probabilistic/causal-estimation.md
 */
export function ikBandwidth(r: Float64Array, y: Float64Array, c: number): { h: number; pilot: number; rule: 'ik' | 'rot' } {
  const n = r.length;
  const sR = Math.sqrt(meanVar(Array.from(r)).s2);
  const h1 = 1.84 * sR * n ** -0.2;
  const lo: number[] = [], hi: number[] = [];
  let nl = 0, nh = 0;
  for (let i = 0; i < n; i++) {
    if (r[i]! < c) {
      nl++;
      if (r[i]! >= c - h1) lo.push(y[i]!);
    } else {
      nh++;
      if (r[i]! <= c + h1) hi.push(y[i]!);
    }
  }
  if (lo.length < 3 || hi.length < 3) return { h: h1, pilot: h1, rule: 'rot' };
  const f = (lo.length + hi.length) / (2 * n * h1);
  const s2l = meanVar(lo).s2, s2h = meanVar(hi).s2;
  // global cubic with a jump, on units between the medians of each side
  const left = Float64Array.from(Array.from(r).filter((v) => v < c)).sort(), right = Float64Array.from(Array.from(r).filter((v) => v >= c)).sort();
  const medL = left[left.length >> 1]!, medR = right[right.length >> 1]!;
  const idx: number[] = [];
  for (let i = 0; i < n; i++) if (r[i]! >= medL && r[i]! <= medR) idx.push(i);
  if (idx.length < 8) return { h: h1, pilot: h1, rule: 'rot' };
  try {
    const x = idx.map((i) => r[i]! - c);
    const cub = design(idx.length, true, [idx.map((i) => (r[i]! >= c ? 1 : 0)), x, x.map((v) => v * v), x.map((v) => v ** 3)]);
    const m3 = 6 * ols(O, cub.X, Float64Array.from(idx, (i) => y[i]!), idx.length, cub.k).beta[4]!;
    const side = (sign: 1 | -1, s2: number, ns: number): { m2: number; reg: number } => {
      const h2 = 3.56 * (s2 / (f * Math.max(m3 * m3, 1e-12))) ** (1 / 7) * ns ** (-1 / 7);
      const id: number[] = [];
      for (let i = 0; i < n; i++) if (sign > 0 ? r[i]! >= c && r[i]! <= c + h2 : r[i]! < c && r[i]! >= c - h2) id.push(i);
      if (id.length < 5) throw new InvalidInputError('too few points');
      const xs = id.map((i) => r[i]! - c);
      const q = design(id.length, true, [xs, xs.map((v) => v * v)]);
      const m2 = 2 * ols(O, q.X, Float64Array.from(id, (i) => y[i]!), id.length, q.k).beta[2]!;
      return { m2, reg: (2160 * s2) / (id.length * h2 ** 4) };
    };
    const pl = side(1, s2h, nh), mi = side(-1, s2l, nl);
    const h = 3.4375 * ((s2l + s2h) / (f * ((pl.m2 - mi.m2) ** 2 + pl.reg + mi.reg))) ** 0.2 * n ** -0.2;
    return Number.isFinite(h) && h > 0 ? { h, pilot: h1, rule: 'ik' } : { h: h1, pilot: h1, rule: 'rot' };
  } catch {
    return { h: h1, pilot: h1, rule: 'rot' };
  }
}

function localLinear(data: EffectData, y: Float64Array, h: number, kernel: 'triangular' | 'uniform', cov: CovType) {
  const r = data.running!, c = data.cutoff!, n = r.length;
  const idx: number[] = [], w: number[] = [];
  let left = 0, right = 0;
  for (let i = 0; i < n; i++) {
    const u = Math.abs(r[i]! - c) / h;
    const wi = kernel === 'triangular' ? Math.max(0, 1 - u) : u < 1 ? 1 : 0;
    if (wi > 0) {
      idx.push(i);
      w.push(wi);
      if (r[i]! >= c) right++;
      else left++;
    }
  }
  const p = data.covariates.length;
  if (left < 3 + p || right < 3 + p) throw new InvalidInputError(`${O}: bandwidth ${h.toPrecision(4)} leaves ${left} units below and ${right} at or above the cutoff; need at least ${3 + p} on each side (widen the bandwidth)`);
  const m = idx.length;
  const D = idx.map((i) => (r[i]! >= c ? 1 : 0)), x = idx.map((i) => r[i]! - c);
  const { X, k } = design(m, true, [D, x, x.map((v, j) => v * D[j]!), ...data.covariates.map((col) => idx.map((i) => col[i]!))]); // (m, k)
  const W = Float64Array.from(w);
  const fit = ols(O, X, Float64Array.from(idx, (i) => y[i]!), m, k, W, 'the local design [1, D, R − c, D(R − c), X]');
  const V = olsCovariance(fit, X, cov, W);
  // influence values of the jump: row 1 of (X'WX)^{-1} x_i w_i u_i
  const infl = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let t = 0;
    for (let a = 0; a < k; a++) t += fit.bread[k + a]! * X[i * k + a]!;
    infl[i] = t * W[i]! * fit.resid[i]!;
  }
  return { jump: fit.beta[1]!, se: Math.sqrt(V[k + 1]!), infl, m, left, right };
}

function rddCore(data: EffectData, hOpt: number | 'ik' | 'rot', kernel: 'triangular' | 'uniform', cov: CovType) {
  const r = data.running!, c = data.cutoff!, t = data.treatment;
  let fuzzy = false;
  for (let i = 0; i < r.length; i++) if (t[i] !== (r[i]! >= c ? 1 : 0)) fuzzy = true;
  const bw = typeof hOpt === 'number' ? { h: hOpt, pilot: NaN, rule: 'fixed' as const } : hOpt === 'rot' ? (() => {
    const b = ikBandwidth(r, data.outcome, c);
    return { h: b.pilot, pilot: b.pilot, rule: 'rot' as const };
  })() : ikBandwidth(r, data.outcome, c);
  const fy = localLinear(data, data.outcome, bw.h, kernel, cov);
  if (!fuzzy) return { value: fy.jump, se: fy.se, fuzzy, bw, fy, ft: null };
  const ft = localLinear(data, t, bw.h, kernel, cov);
  if (Math.abs(ft.jump) < 1e-8) throw new InvalidInputError(`${O}: fuzzy design with no jump in the treatment probability at the cutoff (${ft.jump}); the ratio is undefined`);
  let v = 0;
  for (let i = 0; i < fy.m; i++) v += (fy.infl[i]! / ft.jump - (fy.jump * ft.infl[i]!) / ft.jump ** 2) ** 2;
  return { value: fy.jump / ft.jump, se: Math.sqrt(v), fuzzy, bw, fy, ft };
}

/**
 * Sharp or fuzzy regression-discontinuity estimate of the effect at the cutoff. Options:
 * `bandwidth` ('ik' default | 'rot' | a number > 0), `kernel` ('triangular' | 'uniform'),
 * `cov` ('hc0' | 'hc1' | 'nonrobust', sharp design). `details`: bandwidth, bandwidthRule, fuzzy,
 * jumpOutcome, jumpTreatment, left/right (units inside the bandwidth), seMethod.
 * $\hat\tau$ = the jump in the kernel-weighted local-linear fit at $c$ (fuzzy: $\hat\tau_Y/\hat\tau_T$); columns (n,); $O(n)$ plus small fits.
 * @throws InvalidInputError for missing running/cutoff, a non-binary treatment, NaN, too few
 *   units inside the bandwidth, or a fuzzy design without a first stage; ShapeError for length mismatches.
 * @see ../../../../../docs/level4-probabilistic/causal-estimation.md
 */
export function regressionDiscontinuity(data: EffectData, options: EstimateOptions): EffectEstimate {
  const { level, seed, bootstrap: B } = commonOptions(O, options, ['ate']);
  checkData(O, data, { running: true, binary: false });
  const t = data.treatment;
  for (let i = 0; i < t.length; i++) if (t[i] !== 0 && t[i] !== 1) throw new InvalidInputError(`${O}: treatment must be binary (0/1) for this method, got ${t[i]} at row ${i}`);
  const bwOpt = options['bandwidth'] ?? 'ik';
  if (!(bwOpt === 'ik' || bwOpt === 'rot' || (typeof bwOpt === 'number' && bwOpt > 0 && Number.isFinite(bwOpt)))) throw new InvalidParamError(O, 'bandwidth', bwOpt, "'ik', 'rot' or a number > 0");
  const kernel = choice(O, options, 'kernel', ['triangular', 'uniform'] as const, 'triangular');
  const cov = choice<CovType>(O, options, 'cov', ['hc0', 'hc1', 'nonrobust'], 'hc0');
  const r = rddCore(data, bwOpt as number | 'ik' | 'rot', kernel, cov);
  const details: Record<string, unknown> = {
    seMethod: B > 0 ? 'bootstrap' : r.fuzzy ? 'delta-method (hc0)' : cov, bandwidth: r.bw.h, bandwidthRule: r.bw.rule, fuzzy: r.fuzzy,
    jumpOutcome: r.fy.jump, jumpTreatment: r.ft ? r.ft.jump : 1, left: r.fy.left, right: r.fy.right, kernel,
  };
  const nIn = r.fy.m;
  if (B > 0) {
    const h = r.bw.h; // the bandwidth is held fixed across resamples
    const b = bootstrap(O, data, (d) => rddCore(d, h, kernel, cov).value, B, seed, level, false);
    details['bootstrapFailures'] = b.failures;
    return makeEstimate('rdd', 'cutoff', r.value, b.stdErr, level, nIn, details, b.ci);
  }
  return makeEstimate('rdd', 'cutoff', r.value, r.se, level, nIn, details);
}
