/**
 * identifyEffect: backdoor, frontdoor and IV estimands on the textbook graphs, the preference
 * order, the no-causal-path case, and NotIdentifiableError for the bow graph.
 */
import { FpmlError, InvalidParamError } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import { NotIdentifiableError } from './errors.js';
import { identifyEffect } from './identify.js';

describe('identifyEffect', () => {
  it('backdoor: a confounded effect, with its derivation', () => {
    const e = identifyEffect('Z -> X; X -> Y; Z -> Y', 'X', 'Y');
    expect(e.kind).toBe('backdoor');
    expect(e.adjustmentSet).toEqual(['Z']);
    expect(e.formula).toBe('P(Y | do(X)) = Σ_{Z} P(Y | X, Z) P(Z)');
    expect(e.derivation.map((s) => [s.rule, s.holds, `${s.from} = ${s.to}`])).toEqual([
      [null, true, 'P(Y | do(X)) = Σ_{Z} P(Y | do(X), Z) P(Z | do(X))'],
      [2, true, 'P(Y | do(X), Z) = P(Y | X, Z)'],
      [3, true, 'P(Z | do(X)) = P(Z)'],
    ]);
    expect(e.alternatives).toEqual({ backdoor: [['Z']], frontdoor: [], iv: [] });
  });

  it('frontdoor: smoking → tar → cancer', () => {
    const e = identifyEffect('X -> M -> Y; X <-> Y', 'X', 'Y');
    expect(e).toMatchObject({ kind: 'frontdoor', adjustmentSet: ['M'], frontdoorSet: ['M'] });
    expect(e.formula).toBe("P(Y | do(X)) = Σ_{M} P(M | X) Σ_{X'} P(Y | X', M) P(X')");
    expect(e.derivation.every((s) => s.holds)).toBe(true);
  });

  it('iv: the instrument graph identifies the linear effect by the Wald ratio', () => {
    const e = identifyEffect('Z -> X -> Y; X <-> Y', 'X', 'Y');
    expect(e).toMatchObject({ kind: 'iv', instruments: ['Z'], adjustmentSet: [], derivation: [] });
    expect(e.formula).toBe('β(X → Y) = Cov(Y, Z) / Cov(X, Z)');
  });

  it('order: frontdoor first when asked, backdoor by default', () => {
    const g = 'X -> M -> Y; C -> X; C -> Y';
    expect(identifyEffect(g, 'X', 'Y').kind).toBe('backdoor');
    expect(identifyEffect(g, 'X', 'Y', { order: ['frontdoor', 'backdoor'] })).toMatchObject({ kind: 'frontdoor', frontdoorSet: ['M'] });
    expect(() => identifyEffect(g, 'X', 'Y', { order: ['magic' as 'iv'] })).toThrow(InvalidParamError);
    expect(() => identifyEffect(g, 'X', 'Y', { order: [] })).toThrow(InvalidParamError);
  });

  it('no causal path: confounded but without effect, P(y | do(x)) = P(y) by rule 3', () => {
    const e = identifyEffect('X <-> Y; M', 'X', 'Y');
    expect(e).toMatchObject({ kind: 'no-causal-path', formula: 'P(Y | do(X)) = P(Y)', adjustmentSet: [] });
    expect(e.derivation[0]).toMatchObject({ rule: 3, holds: true });
  });

  it('the bow graph X -> Y, X <-> Y is not identifiable: a typed error naming each failure', () => {
    let err: unknown;
    try {
      identifyEffect('X -> Y; X <-> Y', 'X', 'Y');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NotIdentifiableError);
    expect(err).toBeInstanceOf(FpmlError);
    const e = err as NotIdentifiableError;
    expect(e.name).toBe('NotIdentifiableError');
    expect(e.query).toBe('P(Y | do(X))');
    expect(e.message).toMatch(/^P\(Y \| do\(X\)\) is not identifiable in 'X -> Y; X <-> Y': no backdoor set \(adjusting for \{\} leaves X <-> Y open\); no frontdoor set; no valid instrument; /);
    // A confounded mediator chain is not rescued either.
    expect(() => identifyEffect('X -> M -> Y; X <-> M; M <-> Y', 'X', 'Y')).toThrow(NotIdentifiableError);
  });

  it('sets of treatments: IV is not tried', () => {
    expect(() => identifyEffect('X1 -> Y; X2 -> Y; X1 <-> Y', ['X1', 'X2'], 'Y')).toThrow(/IV not tried/);
    expect(identifyEffect('C -> X1; C -> Y; X1 -> Y; X2 -> Y', ['X1', 'X2'], 'Y')).toMatchObject({ kind: 'backdoor', adjustmentSet: ['C'] });
  });
});
