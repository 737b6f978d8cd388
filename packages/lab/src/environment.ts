/** Facts for a run's report: git commit and package versions. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// tfjs is core's dependency, so resolve it from core's location.
const coreRequire = createRequire(require.resolve('@fpml/core/package.json'));

/** `abc1234` (with ` (dirty)` if the tree has changes), or undefined outside git. */
export function gitCommit(cwd = process.cwd()): string | undefined {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim() !== '';
    return dirty ? `${sha} (dirty)` : sha;
  } catch {
    return undefined;
  }
}

const PACKAGES = ['@fpml/core', '@fpml/datasets', '@fpml/lab', '@tensorflow/tfjs', '@tensorflow/tfjs-node', '@tensorflow/tfjs-backend-wasm'];

/** Versions of the packages a report names (those that resolve from here). */
export function packageVersions(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of PACKAGES) {
    try {
      const from = name.startsWith('@tensorflow/') ? coreRequire : require;
      out[name] = JSON.parse(readFileSync(from.resolve(`${name}/package.json`), 'utf8')).version;
    } catch {
      // Not installed here (e.g. tfjs-node is optional): leave it out.
    }
  }
  return out;
}
