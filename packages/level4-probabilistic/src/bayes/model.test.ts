import { InvalidInputError, InvalidParamError, Rng, ShapeError } from '@fpml/core';
import { expectGradient } from '@fpml/core/testing';
import { add, mul, sum, log } from '@fpml/level1-math';
import { describe, expect, it } from 'vitest';
import { cauchyLogPdf, normalLogPdf } from './densities.js';
import { defineModel } from './model.js';

// A model with every transform: x ~ N(1, 2²) (ℝ, vector), s ~ Gamma(3, 2) (positive), q ~ Beta(2, 5) ((0, 1)).
const adModel = () =>
  defineModel({
    params: [{ name: 'x', size: 3 }, { name: 's', transform: 'log' }, { name: 'q', transform: 'logit' }],
    logDensity: ({ x, s, q }) => add(add(normalLogPdf(x!, 1, 2), sum(add(mul(log(s!), 2), mul(s!, -2)))), sum(add(log(q!), mul(log(add(mul(q!, -1), 1)), 4)))),
  });
const handModel = () =>
  defineModel({
    params: [{ name: 'x', size: 3 }, { name: 's', transform: 'log' }, { name: 'q', transform: 'logit' }],
    logDensityGrad: ({ x, s, q }) => {
      let lp = 0;
      const gx = new Float64Array(3);
      for (let i = 0; i < 3; i++) {
        lp += -0.5 * ((x![i]! - 1) / 2) ** 2 - Math.log(2) - 0.5 * Math.log(2 * Math.PI);
        gx[i] = -(x![i]! - 1) / 4;
      }
      const sv = s![0]!, qv = q![0]!;
      lp += 2 * Math.log(sv) - 2 * sv + Math.log(qv) + 4 * Math.log(1 - qv);
      return { logp: lp, grad: { x: gx, s: Float64Array.of(2 / sv - 2), q: Float64Array.of(1 / qv - 4 / (1 - qv)) } };
    },
  });

describe('defineModel', () => {
  it('names coordinates and round-trips constrain/unconstrain', () => {
    const m = adModel();
    expect(m.dim).toBe(5);
    expect(m.coordNames).toEqual(['x[0]', 'x[1]', 'x[2]', 's', 'q']);
    const z = Float64Array.of(0.3, -1, 2, 0.7, -0.4);
    const x = m.constrain(z);
    expect(x[3]).toBeCloseTo(Math.exp(0.7), 14);
    expect(x[4]).toBeCloseTo(1 / (1 + Math.exp(0.4)), 14);
    const back = m.unconstrain(x);
    for (let j = 0; j < 5; j++) expect(back[j]).toBeCloseTo(z[j]!, 12);
    expect(m.split(x).x).toEqual(x.slice(0, 3));
  });

  it('autodiff and hand gradients agree, include the log-Jacobian, and match finite differences (float64)', () => {
    const ad = adModel(), hand = handModel();
    const rng = new Rng(7);
    for (let trial = 0; trial < 5; trial++) {
      const z = Float64Array.from({ length: 5 }, () => rng.normal(0, 1.5));
      const a = ad.logpGrad(z), h = hand.logpGrad(z);
      // Hand value with the Jacobian written out: log J = z_s + log σ(z_q) + log σ(-z_q).
      const sq = 1 / (1 + Math.exp(-z[4]!));
      const logJ = z[3]! + Math.log(sq) + Math.log(1 - sq);
      const x = ad.constrain(z);
      let lpX = 2 * Math.log(x[3]!) - 2 * x[3]! + Math.log(x[4]!) + 4 * Math.log(1 - x[4]!);
      for (let i = 0; i < 3; i++) lpX += -0.5 * ((x[i]! - 1) / 2) ** 2 - Math.log(2) - 0.5 * Math.log(2 * Math.PI);
      expect(a.logp).toBeCloseTo(lpX + logJ, 10);
      expect(h.logp).toBeCloseTo(lpX + logJ, 10);
      for (let j = 0; j < 5; j++) expect(a.grad[j]).toBeCloseTo(h.grad[j]!, 10);
      expectGradient((v) => ad.logp(v), (v) => ad.logpGrad(v).grad, z, { tol: 1e-6 });
    }
  });

  it('the Jacobian term makes the transformed density integrate like the original (Gamma mean by quadrature in z)', () => {
    // s ~ Gamma(3, rate 2) sampled as z = log s: ∫ e^z p_Z(z) dz / ∫ p_Z(z) dz = E[s] = 3/2.
    const m = defineModel({ params: [{ name: 's', transform: 'log' }], logDensity: ({ s }) => add(mul(log(s!), 2), mul(s!, -2)) });
    let num = 0, den = 0;
    for (let z = -12; z <= 5; z += 1e-2) {
      const w = Math.exp(m.logp(Float64Array.of(z)));
      num += w * Math.exp(z);
      den += w;
    }
    expect(num / den).toBeCloseTo(1.5, 6);
  });

  it('cauchyLogPdf is the Cauchy log density', () => {
    const m = defineModel({ params: [{ name: 'x' }], logDensity: ({ x }) => cauchyLogPdf(x!, 1, 3) });
    const v = 2.5;
    expect(m.logp(Float64Array.of(v))).toBeCloseTo(-Math.log(Math.PI * 3 * (1 + ((v - 1) / 3) ** 2)), 13);
  });

  it('rejects bad declarations and inputs with typed errors', () => {
    const lp = () => sum(mul(log(adModel().constrain(new Float64Array(5)) as never), 0));
    expect(() => defineModel({ params: [], logDensity: lp })).toThrow(InvalidParamError);
    expect(() => defineModel({ params: [{ name: 'a' }, { name: 'a' }], logDensity: lp })).toThrow(/unique/);
    expect(() => defineModel({ params: [{ name: 'a', size: 0 }], logDensity: lp })).toThrow(/positive integer/);
    expect(() => defineModel({ params: [{ name: 'a', transform: 'exp' as never }], logDensity: lp })).toThrow(/transform/);
    expect(() => defineModel({ params: [{ name: 'a' }] } as never)).toThrow(/logDensity/);
    const m = adModel();
    expect(() => m.logpGrad(new Float64Array(4))).toThrow(ShapeError);
    expect(() => m.logpGrad([0, 0, 0, 0, 0] as never)).toThrow(InvalidInputError);
    expect(() => m.unconstrain(Float64Array.of(0, 0, 0, -1, 0.5))).toThrow(/s must be positive/);
    expect(() => m.unconstrain(Float64Array.of(0, 0, 0, 1, 1.5))).toThrow(/q must be in \(0, 1\)/);
    const bad = defineModel({ params: [{ name: 'a', size: 2 }], logDensity: ({ a }) => a! });
    expect(() => bad.logpGrad(new Float64Array(2))).toThrow(/scalar Tensor/);
  });
});
