import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runReadmeExample } from '@fpml/core/testing';
import { describe, expect, it } from 'vitest';

const README = join(dirname(fileURLToPath(import.meta.url)), '..', 'README.md');

describe('README example', () => {
  it('prints what its comments say', async () => {
    const { checked } = await runReadmeExample(README);
    expect(checked.length).toBeGreaterThanOrEqual(5);
    for (const c of checked) expect(c.ok, `README line ${c.line}: ${c.code}\n  printed: ${c.actual}\n  comment: ${c.expected}`).toBe(true);
  });
});
