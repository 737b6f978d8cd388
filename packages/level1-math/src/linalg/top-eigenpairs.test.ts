import { ConvergenceWarning, InvalidParamError, Matrix, matmulTransA } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import { eigh } from './eigh.js';
import { topEigenpairs } from './top-eigenpairs.js';
import { colDiffUpToSign, orthoError, randn } from './test-utils.js';

/** Covariance-like PSD matrix XᵀX/n (60x60) with a decaying spectrum. */
function gram(): Matrix {
  const X = randn(200, 60, 5);
  for (let i = 0; i < 200; i++) for (let j = 0; j < 60; j++) X.data[i * 60 + j]! *= 0.9 ** j;
  const G = matmulTransA(X, X);
  for (let i = 0; i < G.data.length; i++) G.data[i]! /= 200;
  for (let i = 0; i < 60; i++) for (let j = i + 1; j < 60; j++) G.data[j * 60 + i] = G.data[i * 60 + j]!;
  return G;
}

describe('topEigenpairs', () => {
  const G = gram();
  const ref = eigh(G);
  const k = 4;
  const refVals = Array.from(ref.values).reverse().slice(0, k);
  const refVecs = new Matrix(60, k, Float64Array.from({ length: 60 * k }, (_, t) => ref.vectors.get(Math.floor(t / k), 59 - (t % k))));

  for (const method of ['lanczos', 'power'] as const) {
    it(`${method}: top-${k} eigenpairs of a PSD Gram matrix agree with eigh`, () => {
      const r = topEigenpairs(G, k, { method, seed: 1 });
      expect(r.converged).toBe(true);
      expect(r.warnings).toEqual([]);
      for (let i = 0; i < k; i++) expect(Math.abs(r.values[i]! - refVals[i]!)).toBeLessThan(1e-10 * refVals[0]!);
      expect(orthoError(r.vectors)).toBeLessThan(1e-10);
      expect(colDiffUpToSign(r.vectors, refVecs)).toBeLessThan(1e-6);
    });
  }

  it('lanczos needs far fewer iterations than power on the same problem', () => {
    const l = topEigenpairs(G, k, { method: 'lanczos' });
    const p = topEigenpairs(G, k, { method: 'power' });
    expect(l.nIter).toBeLessThan(p.nIter);
  });

  it('orders by magnitude on an indefinite matrix and handles k = n (Krylov space exhausted)', () => {
    const D = Matrix.from([[-5, 0, 0], [0, 1, 0], [0, 0, 3]]);
    const r = topEigenpairs(D, 3);
    expect(Array.from(r.values).map((v) => Math.round(v * 1e12) / 1e12)).toEqual([-5, 3, 1]);
    expect(r.converged).toBe(true);
  });

  it('reports a ConvergenceWarning (not an exception) when maxIter is too small', () => {
    const r = topEigenpairs(G, k, { method: 'power', maxIter: 2 });
    expect(r.converged).toBe(false);
    expect(r.nIter).toBe(2);
    expect(r.warnings[0]).toBeInstanceOf(ConvergenceWarning);
    const l = topEigenpairs(G, k, { method: 'lanczos', maxIter: 5 });
    expect(l.converged).toBe(false);
    expect(l.warnings).toHaveLength(1);
  });

  it('rejects bad k and options, and asymmetric input', () => {
    expect(() => topEigenpairs(G, 0)).toThrow(InvalidParamError);
    expect(() => topEigenpairs(G, 2, { method: 'arnoldi' as 'power' })).toThrow(InvalidParamError);
    expect(() => topEigenpairs([[1, 2], [0, 1]], 1)).toThrow('topEigenpairs: A is not symmetric');
  });
});
