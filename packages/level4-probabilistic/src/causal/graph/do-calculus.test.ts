/**
 * The three rules of do-calculus on hand-checked graphs, including the case that needs
 * $Z(W) = Z \setminus \mathrm{An}(W)$ in rule 3, checked numerically on an exact discrete model.
 */
import { InvalidInputError } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import { rule1, rule2, rule3 } from './do-calculus.js';

describe('do-calculus', () => {
  it('rule 1: an observation is dropped when it is separated from Y in G with no edges into X', () => {
    const r = rule1('W -> X -> Z -> Y', { y: 'Y', x: 'X', z: 'W' });
    expect(r).toEqual({
      rule: 1, holds: true, condition: '(Y ⫫ W | X) in G[no edges into X]', from: 'P(Y | do(X), W)', to: 'P(Y | do(X))',
    });
    expect(rule1('X -> Y; W -> Y', { y: 'Y', x: 'X', z: 'W' }).holds).toBe(false);
    expect(rule1('X -> Z -> Y', { y: 'Y', x: 'X', z: 'Z' }).holds).toBe(false);
  });

  it('rule 2: do(x) is exchanged for x when no backdoor path is open (smoking graph)', () => {
    const g = 'X -> M -> Y; X <-> Y';
    expect(rule2(g, { y: 'M', z: 'X' })).toMatchObject({ holds: true, from: 'P(M | do(X))', to: 'P(M | X)', condition: '(M ⫫ X | ∅) in G[no edges out of X]' });
    expect(rule2(g, { y: 'Y', z: 'X' }).holds).toBe(false); // X <-> Y
    expect(rule2(g, { y: 'Y', z: 'M', w: 'X' }).holds).toBe(true); // P(y | do(m), x) = P(y | m, x)
    expect(rule2(g, { y: 'Y', z: 'M' }).holds).toBe(false); // M <- X <-> Y open
  });

  it('rule 3: an action with no effect on Y is deleted', () => {
    const g = 'X -> M -> Y; X <-> Y';
    expect(rule3(g, { y: 'X', z: 'M' })).toMatchObject({ holds: true, from: 'P(X | do(M))', to: 'P(X)' });
    expect(rule3(g, { y: 'Y', x: 'M', z: 'X' }).holds).toBe(true); // P(y | do(m), do(x)) = P(y | do(m))
    expect(rule3(g, { y: 'Y', z: 'X' }).holds).toBe(false);
  });

  it('rule 3 needs Z(W): with Z -> W and Z <-> Y, P(y | do(z), w) ≠ P(y | w)', () => {
    // Cutting every edge into Z would separate Y from Z and wrongly allow the deletion; Z is an
    // ancestor of W, so Z(W) = ∅, nothing is cut, and Z <-> Y stays open.
    const r = rule3('Z -> W; Z <-> Y', { y: 'Y', z: 'Z', w: 'W' });
    expect(r).toMatchObject({ holds: false, condition: '(Y ⫫ Z | W) in G', from: 'P(Y | do(Z), W)', to: 'P(Y | W)' });
    expect(rule3('Z -> Y; Z <-> W', { y: 'Y', z: 'Z', w: 'W' }).holds).toBe(false); // Z causes Y
    expect(rule3('Z <-> Y; W', { y: 'Y', z: 'Z', w: 'W' }).holds).toBe(true); // Z(W) = {Z}: cut Z <-> Y

    // Numerically: U -> Z, U -> Y, Z -> W, binary. Under do(z), Y ⫫ (Z, W): P(y | do(z), w) = P(y).
    const pU = 0.5, pZ = [0.1, 0.9], pW = [0.2, 0.8], pY = [0.2, 0.7];
    const b = (p: number, v: number): number => (v ? p : 1 - p);
    let pyw = 0, pw = 0, py = 0;
    for (const u of [0, 1]) for (const z of [0, 1]) {
      const w = 1;
      const base = b(pU, u) * b(pZ[u]!, z) * b(pW[z]!, w);
      pw += base;
      pyw += base * pY[u]!;
    }
    for (const u of [0, 1]) py += b(pU, u) * pY[u]!;
    expect(Math.abs(pyw / pw - py)).toBeGreaterThan(0.05); // P(Y=1 | W=1) ≠ P(Y=1) = P(Y=1 | do(z), W=1)
  });

  it('typed errors', () => {
    expect(() => rule1('X -> Y', { y: 'Y', z: 'Y' })).toThrow(new InvalidInputError('rule1: y and z must be disjoint, both contain Y'));
    expect(() => rule2('X -> Y', { y: [], z: 'X' })).toThrow('rule2: y must name at least one node, got none');
    expect(() => rule3('X -> Y', { y: 'Y', z: 'Q' })).toThrow('unknown node "Q" in z');
    expect(() => rule3('X -> Y', null as unknown as { y: string; z: string })).toThrow(InvalidInputError);
  });
});
