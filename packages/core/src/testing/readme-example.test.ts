import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readmeExampleCode, runReadmeExample } from './readme-example.js';

function readme(code: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'fpml-readme-'));
  const path = join(dir, 'README.md');
  writeFileSync(path, `# pkg\n\nSome prose.\n\n\`\`\`js\n${code}\`\`\`\n\n\`\`\`js\nthrow new Error('second block never runs');\n\`\`\`\n`);
  return path;
}

describe('runReadmeExample', () => {
  it('checks arrow comments exactly and ≈ comments to the written precision, and ignores prose', async () => {
    const path = readme([
      "const x = 2 / 3;",
      "console.log('x', x); // ≈ x 0.667",
      "console.log([1, 2]); // → [ 1, 2 ]",
      "console.log('prose'); // just a remark, not checked",
      "for (const k of [1, 2]) console.log(k * 10); // → 10\\n20",
      "",
    ].join('\n'));
    const { checked, printed } = await runReadmeExample(path);
    expect(checked.map((c) => [c.line, c.ok, c.approx])).toEqual([[2, true, true], [3, true, false], [5, true, false]]);
    expect(printed).toEqual(['x 0.6666666666666666', '[ 1, 2 ]', 'prose', '10', '20']);
  });

  it('fails a line whose output differs, one whose number is outside the written precision, and a line never reached', async () => {
    const path = readme([
      "console.log('n', 3); // → n 4",
      "console.log('p', 0.6666); // ≈ p 0.668",
      "if (false) console.log('never'); // → never",
      "",
    ].join('\n'));
    const { checked } = await runReadmeExample(path);
    expect(checked.map((c) => c.ok)).toEqual([false, false, false]);
    expect(checked[0]).toMatchObject({ expected: 'n 4', actual: 'n 3' });
    expect(checked[2]!.actual).toBeUndefined();
  });

  it('propagates an error thrown by the example and needs a js block', async () => {
    await expect(runReadmeExample(readme("throw new Error('boom');\n"))).rejects.toThrow('boom');
    expect(() => readmeExampleCode('# no code\n')).toThrow('README has no ```js code block');
  });
});
