/**
 * im2col / col2im: the adjoint identity, the output-size formula against a brute-force count
 * of window positions, and second derivatives through the pair (each is the other's backward).
 */
import { InvalidParamError, Rng, ShapeError } from '@fpml/core';
import { expectGradient } from '@fpml/core/testing';
import { grad, tensor } from '@fpml/level1-math';
import { describe, expect, it } from 'vitest';
import { col2im, im2col, toPair, windowGeometry, type WindowParams } from './im2col.js';

const randn = (rng: Rng, n: number) => Float64Array.from({ length: n }, () => rng.standardNormal());
const P: WindowParams = { kernel: [3, 2], stride: [2, 1], padding: [1, 2], dilation: [1, 2] };

describe('im2col / col2im', () => {
  it('are adjoint: <im2col(x), G> = <x, col2im(G)>', () => {
    const rng = new Rng(0);
    const g = windowGeometry('t', [2, 3, 6, 5], P);
    const x = tensor(randn(rng, 2 * 3 * 6 * 5), [2, 3, 6, 5]);
    const G = tensor(randn(rng, 2 * 3 * 3 * 2 * g.Ho * g.Wo), [2, 18, g.Ho * g.Wo]);
    const lhs = im2col(x, g).mul(G).sum().item();
    const rhs = x.mul(col2im(G, g)).sum().item();
    expect(Math.abs(lhs - rhs)).toBeLessThan(1e-12 * Math.max(1, Math.abs(lhs)));
  });

  it('gives the output size of the formula (brute-force count of window starts)', () => {
    for (const [H, k, s, p, d] of [[7, 3, 2, 1, 1], [8, 3, 3, 0, 2], [5, 1, 1, 0, 1], [6, 2, 4, 1, 3], [9, 4, 2, 2, 2]] as const) {
      let count = 0;
      for (let start = -p; start + d * (k - 1) < H + p; start += s) count++; // windows fully inside the padded input
      const g = windowGeometry('t', [1, 1, H, H], { kernel: [k, k], stride: [s, s], padding: [p, p], dilation: [d, d] });
      expect(g.Ho, `H=${H} k=${k} s=${s} p=${p} d=${d}`).toBe(count);
    }
  });

  it('has correct second derivatives (the backward of the backward is im2col again)', () => {
    const rng = new Rng(1);
    const g = windowGeometry('t', [1, 2, 4, 4], P);
    const G = tensor(randn(rng, 12 * g.Ho * g.Wo), [1, 12, g.Ho * g.Wo]);
    // f(x) = sum(im2col(x)^3 * G); its gradient through col2im, differentiated again.
    const f = (x: ReturnType<typeof tensor>) => im2col(x, g).pow(3).mul(G).sum();
    const dfdx = grad(f, 0, { createGraph: true });
    const x0 = randn(rng, 32);
    const u = randn(rng, 32);
    const phi = (v: Float64Array) => dfdx(tensor(v, [1, 2, 4, 4]))[0]!.mul(tensor(u, [1, 2, 4, 4])).sum().item(); // u . grad f
    const dphi = (v: Float64Array) => grad((x) => dfdx(x)[0]!.mul(tensor(u, [1, 2, 4, 4])).sum())(tensor(v, [1, 2, 4, 4]))[0]!.data;
    expectGradient(phi, dphi, x0, { tol: 1e-6 });
  });

  it('rejects bad geometry with typed errors', () => {
    expect(() => toPair('t', 'stride', [1, 0], 1)).toThrow(InvalidParamError);
    expect(() => toPair('t', 'padding', [1, 2, 3], 0)).toThrow(/padding/);
    expect(toPair('t', 'padding', 0, 0)).toEqual([0, 0]);
    expect(() => windowGeometry('t', [1, 2, 3], P)).toThrow(ShapeError);
    expect(() => windowGeometry('t', [0, 2, 5, 5], P)).toThrow(/empty batch/);
    expect(() => windowGeometry('t', [1, 2, 5, 5], P, 3)).toThrow(/3 channels/);
    const g = windowGeometry('t', [1, 2, 4, 4], P);
    expect(() => col2im(tensor(new Float64Array(6), [1, 6]), g)).toThrow(/col2im: cols must have shape/);
  });
});
