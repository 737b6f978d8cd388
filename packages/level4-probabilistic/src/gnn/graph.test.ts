/**
 * Graph construction and normalisation (hand-computed on small graphs, properties with
 * fast-check), spmm's backward, and the SBM generator.
 */
import { InvalidInputError, InvalidParamError, Rng, ShapeError } from '@fpml/core';
import { expectGradient } from '@fpml/core/testing';
import { Tensor, tensor } from '@fpml/level1-math';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csrToDense, csrTranspose, denseAdjacency, gcnNormalize, graphFromEdges, inDegrees, rowNormalize } from './graph.js';
import { classSignalFeatures, edgeHomophily, sbmProbabilities, stochasticBlockModel } from './sbm.js';
import { spmm } from './spmm.js';

describe('graphFromEdges and normalisation', () => {
  it('path 0-1-2: CSR by destination, Â and D^-1 A by hand', () => {
    const g = graphFromEdges(3, [0, 1, 1, 2, 1, 0]); // duplicate (1,0) merged
    expect(g.numEdges).toBe(4);
    expect(Array.from(g.indptr)).toEqual([0, 1, 3, 4]);
    expect(Array.from(g.indices)).toEqual([1, 0, 2, 1]);
    expect(Array.from(inDegrees(g))).toEqual([1, 2, 1]);
    const A = csrToDense(gcnNormalize(g)).data; // degrees of A + I: 2, 3, 2
    const s = (a: number, b: number) => 1 / Math.sqrt(a * b);
    const want = [s(2, 2), s(2, 3), 0, s(3, 2), s(3, 3), s(3, 2), 0, s(2, 3), s(2, 2)];
    want.forEach((v, i) => expect(A[i]).toBeCloseTo(v, 15));
    expect(Array.from(csrToDense(rowNormalize(g)).data)).toEqual([0, 1, 0, 0.5, 0, 0.5, 0, 1, 0]);
    const d = graphFromEdges(3, [[0, 1]], { directed: true });
    expect(Array.from(denseAdjacency(d).data)).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 0]); // A[1][0]: edge 0 → 1
  });

  it('properties: Â symmetric, Â√d̃ = √d̃ (eigenvalue 1), transpose is an involution (fast-check)', () => {
    const seed = Date.now() % 100000;
    console.log(`graph property seed ${seed}`);
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 9 }), fc.array(fc.tuple(fc.nat(8), fc.nat(8)), { maxLength: 20 }), (n, pairs) => {
        const edges = pairs.map(([a, b]) => [a % n, b % n]).filter(([a, b]) => a !== b);
        const g = graphFromEdges(n, edges);
        const S = gcnNormalize(g);
        const M = csrToDense(S).data;
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(M[i * n + j]).toBeCloseTo(M[j * n + i]!, 14);
        // Â √d̃ = √d̃ (the top eigenvector of Â, eigenvalue 1)
        const dt = Array.from(inDegrees(g), (d) => Math.sqrt(d + 1));
        for (let i = 0; i < n; i++) expect(dt.reduce((s, v, j) => s + M[i * n + j]! * v, 0)).toBeCloseTo(dt[i]!, 12);
        const P = rowNormalize(g);
        expect(csrToDense(csrTranspose(csrTranspose(P))).data).toEqual(csrToDense(P).data);
      }),
      { seed, numRuns: 60 },
    );
  });

  it('typed errors: node id out of range, self loop, odd flat list, bad numNodes', () => {
    expect(() => graphFromEdges(3, [[0, 3]])).toThrow(InvalidInputError);
    expect(() => graphFromEdges(3, [[0, 3]])).toThrow(/node id 3; expected an integer in 0..2/);
    expect(() => graphFromEdges(3, [[-1, 0]])).toThrow(InvalidInputError);
    expect(() => graphFromEdges(3, [[1, 1]])).toThrow(/self loop/);
    expect(() => graphFromEdges(3, [0, 1, 2])).toThrow(ShapeError);
    expect(() => graphFromEdges(3, [[0, 1, 2]] as never)).toThrow(ShapeError);
    expect(() => graphFromEdges(0, [])).toThrow(InvalidParamError);
  });
});

describe('spmm', () => {
  it('backward Xbar = Sᵀ Ybar matches central differences (row-normalised, not symmetric)', () => {
    const g = graphFromEdges(5, [[0, 1], [1, 2], [2, 3], [1, 4]], { directed: true });
    const S = rowNormalize(g, { addSelfLoops: true });
    const rng = new Rng(3);
    const W = Float64Array.from({ length: 5 * 2 }, () => rng.standardNormal());
    const f = (v: Float64Array) => spmm(S, new Tensor(v, [5, 2])).mul(tensor(W, [5, 2])).sum().item();
    const grad = (v: Float64Array) => {
      const x = new Tensor(Float64Array.from(v), [5, 2], true);
      spmm(S, x).mul(tensor(W, [5, 2])).sum().backward();
      return x.grad!.data;
    };
    expectGradient(f, grad, Float64Array.from({ length: 10 }, () => rng.standardNormal()));
    expect(() => spmm(S, tensor([[1, 2]]))).toThrow(ShapeError);
  });
});

describe('stochastic block model', () => {
  it('measured homophily and degree near the targets (1000-node graphs, 5 sd bounds)', () => {
    for (const h of [0.1, 0.5, 0.9]) {
      const { pIn, pOut } = sbmProbabilities({ blockSize: 250, numBlocks: 4, meanDegree: 10, homophily: h });
      const s = stochasticBlockModel({ sizes: [250, 250, 250, 250], pIn, pOut, rng: 1 });
      const E = s.graph.numEdges / 2; // ≈ 5000 undirected edges
      expect(Math.abs(E - 5000)).toBeLessThan(5 * Math.sqrt(5000));
      expect(Math.abs(s.homophily - h)).toBeLessThan(5 * Math.sqrt((h * (1 - h)) / 5000) + 5e-3);
      expect(s.homophily).toBe(edgeHomophily(s.graph, s.labels));
    }
  });

  it('features: class means at distance `signal`, no signal at 0; bad options are typed errors', () => {
    const labels = Int32Array.from({ length: 4000 }, (_, i) => i % 2);
    const X = classSignalFeatures(labels, { dim: 4, signal: 3, rng: 2 });
    const mean = (c: number) => [0, 1, 2, 3].map((j) => labels.reduce((s, y, i) => s + (y === c ? X.data[i * 4 + j]! : 0), 0) / 2000);
    expect(Math.hypot(...mean(0))).toBeCloseTo(3, 0);
    const X0 = classSignalFeatures(labels, { dim: 4, signal: 0, rng: 2 });
    expect(Math.hypot(...[0, 1, 2, 3].map((j) => labels.reduce((s, y, i) => s + (y === 0 ? X0.data[i * 4 + j]! : 0), 0) / 2000))).toBeLessThan(0.15);
    expect(() => classSignalFeatures(labels, { dim: 0, signal: 1, rng: 0 })).toThrow(InvalidParamError);
    expect(() => stochasticBlockModel({ sizes: [3], pIn: 1.5, pOut: 0, rng: 0 })).toThrow(/pIn/);
    expect(() => sbmProbabilities({ blockSize: 5, numBlocks: 2, meanDegree: 50, homophily: 0.5 })).toThrow(InvalidParamError);
  });
});
