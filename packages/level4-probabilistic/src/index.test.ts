import { describe, expect, it } from 'vitest';
import { experiments } from './experiments/index.js';

describe('@fpml/level4-probabilistic experiments registry', () => {
  it('registers experiments with unique kebab-case names', () => {
    const names = experiments.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });
});
