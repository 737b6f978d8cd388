import { describe, expect, it } from 'vitest';
import * as level2 from './index.js';
import { experiments } from './experiments/index.js';

describe('@fpml/level2-classical public face', () => {
  it('exports only named values (no default export)', () => {
    expect(Object.keys(level2)).not.toContain('default');
  });
  it('registers experiments with unique names', () => {
    const names = experiments.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
  });
});
