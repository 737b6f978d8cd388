import { Rng } from '@fpml/core';
import { expectGradient, expectJacobian } from '@fpml/core/testing';
import { describe, expect, it } from 'vitest';
import { quadratic, rosenbrock, rosenbrockHessian } from './test-functions.js';

describe('test functions', () => {
  const rng = new Rng(4);
  const points = Array.from({ length: 5 }, () => Array.from({ length: 4 }, () => 2 * rng.normal()));

  it('rosenbrock: gradient and Hessian match finite differences; minimum 0 at 1', () => {
    for (const x of points) {
      expectGradient((v) => rosenbrock(v).value, (v) => rosenbrock(v).grad, x);
      expectJacobian((v) => rosenbrock(v).grad, rosenbrockHessian, x);
    }
    expect(rosenbrock(Float64Array.of(1, 1, 1)).value).toBe(0);
    expect(rosenbrock(Float64Array.of(-1.2, 1)).value).toBeCloseTo(24.2, 12);
    expect(() => rosenbrock(Float64Array.of(1))).toThrow(/at least 2 entries/);
  });

  it('quadratic: gradient matches finite differences; shapes are checked', () => {
    const A = [[2, 0.5, 0, 0], [0.5, 1, 0.2, 0], [0, 0.2, 3, 0.1], [0, 0, 0.1, 1]];
    const { objective } = quadratic(A, [1, 2, 3, 4]);
    for (const x of points) expectGradient((v) => objective(v).value, (v) => objective(v).grad, x);
    expect(() => quadratic([[1, 2, 3]])).toThrow(/square/);
    expect(() => quadratic([[1, 0], [0, 1]], [1])).toThrow(/b has 1 entries/);
  });
});
