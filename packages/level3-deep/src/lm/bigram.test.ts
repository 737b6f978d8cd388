/**
 * BigramLm: counts and MLE against hand counts, add-α formula, MLE optimality on the training
 * stream, the Moby-Dick validation loss bracket, typed errors.
 */
import { InvalidInputError, InvalidParamError, NotFittedError, Rng, ShapeError } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import { BigramLm } from './bigram.js';
import { evalWindows, loadMobyDickLm } from './data.js';
import { evaluateLm } from './evaluate.js';

describe('BigramLm', () => {
  const s = Int32Array.of(0, 1, 1, 2, 0, 1); // pairs 01 11 12 20 01

  it('counts pairs and gives the MLE N_ab / N_a. for alpha = 0 (hand counts)', () => {
    const m = new BigramLm({ alpha: 0 }).fit(s, 3);
    expect(Array.from(m.counts)).toEqual([0, 2, 0, 0, 1, 1, 1, 0, 0]);
    const p = Array.from(m.logProbs, Math.exp);
    expect(p).toEqual([0, 1, 0, 0, 0.5, 0.5, 1, 0, 0].map((v) => expect.closeTo(v, 15)));
    expect(m.numParameters).toBe(9);
  });

  it('smooths with add-alpha: (N_ab + a) / (N_a. + a V), rows sum to 1', () => {
    const m = new BigramLm({ alpha: 0.5 }).fit(s, 3);
    const p = Array.from(m.logProbs, Math.exp);
    expect(p[1]).toBeCloseTo(2.5 / 3.5, 14); // row 0: N = 2
    expect(p[4]).toBeCloseTo(1.5 / 3.5, 14); // row 1: N = 2
    expect(p[6]).toBeCloseTo(1.5 / 2.5, 14); // row 2: N = 1
    for (let r = 0; r < 3; r++) expect(p[3 * r]! + p[3 * r + 1]! + p[3 * r + 2]!).toBeCloseTo(1, 14);
    expect(new BigramLm().alpha).toBe(1);
  });

  it('makes a never-seen predecessor uniform when alpha = 0', () => {
    const m = new BigramLm({ alpha: 0 }).fit(Int32Array.of(0, 1, 0), 3); // token 2 never precedes anything
    expect(Array.from(m.logProbs.subarray(6))).toEqual([-Math.log(3), -Math.log(3), -Math.log(3)]);
  });

  it('alpha = 0 maximises the training likelihood (its loss is the empirical conditional entropy)', () => {
    const rng = new Rng(5);
    const V = 6;
    const toks = Int32Array.from({ length: 2001 }, () => rng.int(V));
    const win = { x: toks.subarray(0, 2000), y: toks.subarray(1, 2001), batchSize: 1, context: 2000 };
    const mle = new BigramLm({ alpha: 0 }).fit(toks, V);
    const N = mle.counts;
    let h = 0; // -(1/n) sum_ab N_ab log(N_ab / N_a.)
    for (let a = 0; a < V; a++) {
      let na = 0;
      for (let b = 0; b < V; b++) na += N[a * V + b]!;
      for (let b = 0; b < V; b++) if (N[a * V + b]! > 0) h -= N[a * V + b]! * Math.log(N[a * V + b]! / na);
    }
    const lossMle = evaluateLm(mle, win).loss;
    expect(lossMle).toBeCloseTo(h / 2000, 12);
    for (const alpha of [0.1, 1, 10]) expect(evaluateLm(new BigramLm({ alpha }).fit(toks, V), win).loss).toBeGreaterThan(lossMle);
  });

  it('on Moby-Dick: validation loss between the train loss and ln V', () => {
    const d = loadMobyDickLm();
    const m = new BigramLm({ alpha: 1 }).fit(d.train, d.vocabSize);
    const val = evaluateLm(m, evalWindows(d.val, 64, 500)).loss;
    const train = evaluateLm(new BigramLm({ alpha: 0 }).fit(d.train, d.vocabSize), evalWindows(d.train, 64, 500)).loss;
    expect(val).toBeLessThan(Math.log(83));
    expect(val).toBeGreaterThan(train - 0.05); // a held-out text is not much easier than the training one
  });

  it('rejects bad alpha, ids, sizes and use before fit', () => {
    expect(() => new BigramLm({ alpha: -1 })).toThrow(InvalidParamError);
    expect(() => new BigramLm({ alpha: NaN })).toThrow(/alpha/);
    expect(() => new BigramLm().fit(Int32Array.of(0, 3), 3)).toThrow(InvalidInputError);
    expect(() => new BigramLm().fit(Int32Array.of(0), 3)).toThrow(/at least 2/);
    expect(() => new BigramLm().fit(s, 1)).toThrow(InvalidParamError);
    expect(() => new BigramLm().logits(s, 1, 6)).toThrow(NotFittedError);
    expect(() => new BigramLm().fit(s, 3).logits(s, 2, 2)).toThrow(ShapeError);
  });
});
