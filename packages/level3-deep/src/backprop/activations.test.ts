/** Hidden activations: values, the backward rule against the derivative from first principles, and the error for an unknown name. */
import { InvalidParamError } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import { HIDDEN_ACTIVATIONS, activate, activateBackward, checkActivation, logistic } from './activations.js';

describe('activations', () => {
  const z = Float64Array.of(-3, -0.5, 0, 0.7, 2);
  it('values: tanh, the logistic (no overflow at ±800), relu', () => {
    expect(Array.from(activate('tanh', z))).toEqual(Array.from(z, Math.tanh));
    expect(Array.from(activate('relu', z))).toEqual([0, 0, 0, 0.7, 2]);
    expect(activate('sigmoid', z)[2]).toBe(0.5);
    expect(logistic(-800)).toBe(0);
    expect(logistic(800)).toBe(1);
    expect(logistic(-2) + logistic(2)).toBeCloseTo(1, 15);
  });
  it("backward = dh ⊙ σ'(z), σ' checked by central differences; relu' is 0 at the kink (as PyTorch)", () => {
    const dh = Float64Array.of(0.3, -1.1, 2, 0.5, -0.7);
    for (const kind of HIDDEN_ACTIVATIONS) {
      const dz = activateBackward(kind, dh, z, activate(kind, z));
      for (let i = 0; i < z.length; i++) {
        if (kind === 'relu' && z[i] === 0) { expect(dz[i]).toBe(0); continue; }
        const h = 1e-5, f = (v: number) => activate(kind, Float64Array.of(v))[0]!;
        expect(dz[i]).toBeCloseTo((dh[i]! * (f(z[i]! + h) - f(z[i]! - h))) / (2 * h), 9);
      }
    }
  });
  it('rejects an unknown activation by name', () => {
    expect(() => checkActivation('Mlp2', 'gelu')).toThrow(new InvalidParamError('Mlp2', 'activation', 'gelu', "one of 'tanh', 'relu', 'sigmoid'"));
  });
});
