/**
 * Instrument checks: the textbook IV graph (Z -> X -> Y with X <-> Y), each violation with its
 * reason (exclusion, confounded instrument, irrelevance, an effect of the treatment, a collider
 * opened by conditioning), conditional instruments and the search.
 */
import { InvalidInputError } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import { checkInstrument, findInstruments, instrumentFormula } from './instrument.js';

const IV = 'Z -> X -> Y; X <-> Y';

describe('instrument validity', () => {
  it('the textbook instrument is valid on every count', () => {
    expect(checkInstrument(IV, 'Z', 'X', 'Y')).toEqual({ valid: true, reasons: [], relevance: true, exclusion: true, unconfounded: true });
    expect(findInstruments(IV, 'X', 'Y')).toEqual([{ instrument: 'Z', conditioning: [] }]);
    expect(instrumentFormula('X', 'Y', ['Z']).formula).toBe('β(X → Y) = Cov(Y, Z) / Cov(X, Z)');
    expect(instrumentFormula('X', 'Y', ['Z'], ['W']).latex).toBe('\\beta = \\frac{\\operatorname{Cov}(Y, Z \\mid W)}{\\operatorname{Cov}(X, Z \\mid W)}');
  });

  it('a direct effect of Z on Y breaks exclusion', () => {
    const c = checkInstrument(`${IV}; Z -> Y`, 'Z', 'X', 'Y');
    expect(c).toMatchObject({ valid: false, relevance: true, exclusion: false, unconfounded: true });
    expect(c.reasons).toEqual(['exclusion fails: Z affects Y by a directed path that avoids X']);
  });

  it('a confounded instrument breaks unconfoundedness', () => {
    const c = checkInstrument(`${IV}; Z <-> Y`, 'Z', 'X', 'Y');
    expect(c).toMatchObject({ valid: false, relevance: true, exclusion: true, unconfounded: false });
    expect(c.reasons).toEqual(['unconfoundedness fails: the path Z <-> Y from the instrument to the outcome is open']);
  });

  it('an irrelevant node and an effect of the treatment are not instruments', () => {
    expect(checkInstrument('Z; X -> Y; X <-> Y', 'Z', 'X', 'Y').reasons).toEqual(['relevance fails: Z is d-separated from the treatment X']);
    expect(checkInstrument('X -> Z; X -> Y; X <-> Y', 'Z', 'X', 'Y').reasons).toEqual(['the instrument contains Z, affected by the treatment X']);
  });

  it('conditional instruments: a common cause W of Z and Y must be conditioned on', () => {
    const g = `${IV}; W -> Z; W -> Y`;
    expect(checkInstrument(g, 'Z', 'X', 'Y').reasons).toEqual(['unconfoundedness fails: the path Z <- W -> Y from the instrument to the outcome is open']);
    expect(checkInstrument(g, 'Z', 'X', 'Y', 'W').valid).toBe(true);
    expect(findInstruments(g, 'X', 'Y')).toEqual([{ instrument: 'Z', conditioning: ['W'] }]);
    expect(findInstruments(g, 'X', 'Y', { conditioning: [] })).toEqual([]);
    expect(findInstruments(g, 'X', 'Y', { conditioning: ['W'] })).toEqual([{ instrument: 'Z', conditioning: ['W'] }]);
  });

  it('conditioning on a collider between Z and Y invalidates an otherwise valid instrument', () => {
    const g = `${IV}; Z -> C; C <-> Y`;
    expect(checkInstrument(g, 'Z', 'X', 'Y').valid).toBe(true);
    const c = checkInstrument(g, 'Z', 'X', 'Y', 'C');
    expect(c).toMatchObject({ valid: false, relevance: true, exclusion: true, unconfounded: true });
    expect(c.reasons).toEqual(['the path Z -> C <-> Y from the instrument to the outcome is opened by conditioning on a collider given {C}']);
  });

  it('typed errors', () => {
    expect(() => checkInstrument(IV, 'X', 'X', 'Y')).toThrow(new InvalidInputError('checkInstrument: instrument must not contain the treatment or outcome, got X'));
    expect(() => checkInstrument(IV, [], 'X', 'Y')).toThrow('checkInstrument: instrument must name at least one node, got none');
    expect(() => findInstruments('A -> Y; B -> Y', ['A', 'B'], 'Y')).toThrow('findInstruments: instrumental variables need one treatment and one outcome, got 2 and 1');
    expect(() => checkInstrument(IV, 'Z', 'X', 'Y', 'Z')).toThrow('conditioning must not contain the treatment, outcome or instrument, got Z');
  });
});
