#!/usr/bin/env node
/**
 * Link @tensorflow/tfjs-node's native addon against a local TensorFlow C library.
 *
 * Runs as the root `postinstall`. tfjs-node's own install script downloads libtensorflow from
 * storage.googleapis.com, which fails offline, so pnpm does not run it (allowBuilds). Instead:
 *
 *   1. find the installed tfjs-node (resolved from packages/core); if its addon loads, exit quietly;
 *   2. take libtensorflow from the cache ($XDG_CACHE_HOME/fpml/libtensorflow-2.21.0), or fill the
 *      cache from the tensorflow-cpu wheel (`pip download --no-deps tensorflow-cpu==2.21.0`), which
 *      carries the same C API (libtensorflow_cc.so.2 + libtensorflow_framework.so.2 + headers);
 *   3. symlink it into tfjs-node's deps/ (the names binding.gyp links) and build the addon with
 *      node-gyp (the one bundled with npm; Node headers from the local install, nothing fetched);
 *   4. check in a child process that `require('@tensorflow/tfjs-node')` loads and runs a matMul.
 *
 * Without pip (and with internet) it falls back to tfjs-node's own `scripts/install.js`.
 * Whatever happens it exits 0 and prints exactly one line: which library was linked, or why
 * native TensorFlow is unavailable (tfjs then uses wasm). Set FPML_SKIP_NATIVE_TF=1 to skip it,
 * FPML_NATIVE_TF_FORCE=1 to rebuild even if the addon already loads.
 *
 * @see ../docs/core/backends.md
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, renameSync, rmSync, symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const TF_VERSION = '2.21.0';
const WHEEL = `tensorflow-cpu==${TF_VERSION}`;
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEADLINE = Date.now() + 170_000; // keep the whole install under ~3 minutes
const LIBS = ['libtensorflow_cc.so.2', 'libtensorflow_framework.so.2'];

class SetupError extends Error {}

/** Seconds left before the deadline (at least 5, so a last step still gets a chance). */
const remainingMs = () => Math.max(5_000, DEADLINE - Date.now());

/** Run a command, capture its output, never throw; returns { ok, out }. */
function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, {
    encoding: 'utf8',
    timeout: Math.min(opts.timeout ?? remainingMs(), remainingMs()),
    maxBuffer: 64 * 1024 * 1024,
    cwd: opts.cwd,
    env: opts.env ?? process.env,
  });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.error) return { ok: false, out: `${r.error.code === 'ETIMEDOUT' ? 'timed out' : r.error.message}\n${out}` };
  return { ok: r.status === 0, out };
}

/** The most telling line of some output (the last error line, else the last line), for a one-line reason. */
function lastLine(text) {
  const lines = String(text).split('\n').map((l) => l.trim()).filter((l) => l && !/^(at |Node\.js v|\^)/.test(l));
  const thrown = lines.filter((l) => /^(\w*Error\b|ERROR\b|gyp ERR!)/.test(l));
  const errors = lines.filter((l) => /error|not found|denied|failed|timed out/i.test(l));
  return (thrown.at(-1) ?? errors.at(-1) ?? lines.at(-1) ?? 'no output').slice(0, 200);
}

function cacheDir() {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'fpml', `libtensorflow-${TF_VERSION}`);
}

/** Directory of the installed @tensorflow/tfjs-node, as packages/core sees it. */
function findTfjsNode() {
  const req = createRequire(join(ROOT, 'packages', 'core', 'package.json'));
  try {
    return dirname(realpathSync(req.resolve('@tensorflow/tfjs-node/package.json')));
  } catch {
    throw new SetupError('@tensorflow/tfjs-node is not installed (optional dependency of @fpml/core)');
  }
}

/** Where node-pre-gyp (used by tfjs-node at runtime) looks for the addon. */
function addonPath(tfjsNode) {
  const req = createRequire(join(tfjsNode, 'package.json'));
  return req('@mapbox/node-pre-gyp').find(join(tfjsNode, 'package.json'));
}

/**
 * Load tfjs-node in a child process and multiply two matrices. Returns the TF version string
 * the addon reports, or throws SetupError with the child's last line.
 */
function verify(tfjsNode) {
  const code = `
    const tf = require(${JSON.stringify(tfjsNode)});
    const a = tf.tensor2d([[1, 2], [3, 4]]);
    const c = tf.matMul(a, a).dataSync();
    if (tf.getBackend() !== 'tensorflow') throw new Error('backend is ' + tf.getBackend());
    if (c[0] !== 7 || c[3] !== 22) throw new Error('matMul gave ' + Array.from(c));
    process.stdout.write('FPML_TF_OK ' + tf.backend().binding.TF_Version + '\\n');`;
  const r = run(process.execPath, ['-e', code], {
    timeout: 90_000,
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' },
  });
  const m = /FPML_TF_OK (\S+)/.exec(r.out);
  if (!r.ok || !m) throw new SetupError(`addon does not load: ${lastLine(r.out)}`);
  return m[1];
}

function findPip() {
  for (const [cmd, pre] of [['python3', ['-m', 'pip']], ['pip3', []], ['pip', []]]) {
    if (run(cmd, [...pre, '--version'], { timeout: 20_000 }).ok) return [cmd, pre];
  }
  return null;
}

/** Python run by extractWheel: copy the two libraries and the header closure of the C API. */
const EXTRACT_PY = String.raw`
import re, sys, zipfile, os, shutil
wheel, out = sys.argv[1], sys.argv[2]
z = zipfile.ZipFile(wheel)
names = set(z.namelist())
libs = ['tensorflow/libtensorflow_cc.so.2', 'tensorflow/libtensorflow_framework.so.2']
for n in libs:
    if n not in names: sys.exit('wheel has no ' + n)
os.makedirs(os.path.join(out, 'lib'), exist_ok=True)
for n in libs:
    with z.open(n) as src, open(os.path.join(out, 'lib', os.path.basename(n)), 'wb') as dst:
        shutil.copyfileobj(src, dst, 1 << 22)
inc = 'tensorflow/include/'
todo = ['tensorflow/c/c_api.h', 'tensorflow/c/eager/c_api.h', 'tensorflow/core/platform/ctstring_internal.h']
seen = set()
while todo:
    h = todo.pop()
    if h in seen or inc + h not in names: continue
    seen.add(h)
    text = z.read(inc + h).decode('utf8', 'replace')
    dst = os.path.join(out, 'include', h)
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    with open(dst, 'w') as f: f.write(text)
    todo += re.findall(r'^\s*#\s*include\s+"([^"]+)"', text, re.M)
if 'tensorflow/c/c_api.h' not in seen: sys.exit('wheel has no C API headers')
print(len(seen))
`;

/** Fill the cache from the tensorflow-cpu wheel (pip download, then extract). */
function fillCacheFromWheel(cache, pip) {
  const tmp = mkdtempSync(join(tmpdir(), 'fpml-tfwheel-'));
  try {
    const dl = run(pip[0], [
      ...pip[1], 'download', '--no-deps', '--only-binary=:all:', '--retries', '0', '--timeout', '15',
      '--disable-pip-version-check', '--no-input', '-q', WHEEL, '-d', tmp,
    ], { timeout: 120_000 });
    const wheel = dl.ok && spawnSync('ls', [tmp], { encoding: 'utf8' }).stdout.split('\n').find((f) => f.endsWith('.whl'));
    if (!wheel) throw new SetupError(`pip download ${WHEEL} failed: ${lastLine(dl.out)}`);
    const staging = `${cache}.partial`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    const ex = run('python3', ['-c', EXTRACT_PY, join(tmp, wheel), staging], { timeout: 90_000 });
    if (!ex.ok) throw new SetupError(`could not extract ${wheel}: ${lastLine(ex.out)}`);
    writeFileSync(join(staging, 'complete.json'), JSON.stringify({ wheel, tensorflow: TF_VERSION, headers: Number(ex.out.trim()) }) + '\n');
    rmSync(cache, { recursive: true, force: true });
    renameSync(staging, cache);
    return wheel;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const cacheComplete = (cache) => existsSync(join(cache, 'complete.json')) && LIBS.every((l) => existsSync(join(cache, 'lib', l)));

/**
 * deps/lib holds the names binding.gyp links (-ltensorflow -ltensorflow_framework) and the
 * SONAMEs the built addon records (libtensorflow_cc.so.2, libtensorflow_framework.so.2), all
 * symlinks into the cache; the addon's rpath is $ORIGIN/../../deps/lib.
 */
function populateDeps(tfjsNode, cache) {
  const deps = join(tfjsNode, 'deps');
  rmSync(deps, { recursive: true, force: true });
  mkdirSync(join(deps, 'lib'), { recursive: true });
  symlinkSync(join(cache, 'include'), join(deps, 'include'));
  for (const l of LIBS) symlinkSync(join(cache, 'lib', l), join(deps, 'lib', l));
  symlinkSync('libtensorflow_cc.so.2', join(deps, 'lib', 'libtensorflow.so'));
  symlinkSync('libtensorflow_framework.so.2', join(deps, 'lib', 'libtensorflow_framework.so'));
}

function findNodeGyp() {
  const candidates = [];
  try {
    candidates.push(createRequire(join(ROOT, 'package.json')).resolve('node-gyp/bin/node-gyp.js'));
  } catch { /* not a devDependency */ }
  const npmRoots = [join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm')];
  const which = run('sh', ['-c', 'command -v npm'], { timeout: 10_000 });
  if (which.ok && which.out.trim()) npmRoots.push(join(dirname(realpathSync(which.out.trim())), '..'));
  for (const npm of npmRoots) candidates.push(join(npm, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new SetupError('node-gyp not found (neither a devDependency nor bundled with npm)');
  return found;
}

/** Node headers on disk (so node-gyp downloads nothing): npm's nodedir, else Node's own prefix. */
function findNodeDir() {
  const candidates = [process.env.npm_config_nodedir, process.env.NODEDIR, resolve(dirname(process.execPath), '..')];
  return candidates.find((d) => d && existsSync(join(d, 'include', 'node', 'node_api.h')) && existsSync(join(d, 'include', 'node', 'common.gypi')));
}

function buildAddon(tfjsNode, log) {
  const target = addonPath(tfjsNode);
  const napi = /napi-v(\d+)/.exec(target)?.[1];
  if (!napi) throw new SetupError(`unexpected addon path ${target}`);
  const nodeDir = findNodeDir();
  const args = [
    findNodeGyp(), 'rebuild', '--jobs=2', `--napi_build_version=${napi}`, '--module_name=tfjs_binding',
    `--module_path=${dirname(target)}`, ...(nodeDir ? [`--nodedir=${nodeDir}`] : []),
  ];
  const r = run(process.execPath, args, { cwd: tfjsNode, timeout: 150_000 });
  writeFileSync(log, `$ node ${args.join(' ')}\n${r.out}`);
  if (!r.ok) {
    const cause = /gyp ERR! stack (\w*Error: .*)/.exec(r.out)?.[1] ?? /^.*\berror: .*$/m.exec(r.out)?.[0] ?? lastLine(r.out);
    const why = nodeDir ? cause : `no Node headers on disk (set npm's nodedir), ${cause}`;
    throw new SetupError(`node-gyp build failed: ${why} (log: ${log})`);
  }
  if (!existsSync(target)) throw new SetupError(`node-gyp built no ${target} (log: ${log})`);
  const ldd = run('ldd', [target], { timeout: 20_000 });
  if (ldd.ok && /not found/.test(ldd.out)) throw new SetupError(`addon misses a library: ${lastLine(ldd.out.split('\n').filter((l) => /not found/.test(l)).join('\n'))}`);
}

/** tfjs-node's own installer (downloads libtensorflow 2.9.1 and a prebuilt addon). */
function upstreamInstall(tfjsNode) {
  // install.js rewrites package.json's "binary" while it runs and leaves it so when it dies.
  const manifest = join(tfjsNode, 'package.json');
  const saved = readFileSync(manifest);
  const r = run(process.execPath, ['scripts/install.js'], { cwd: tfjsNode, timeout: 120_000 });
  writeFileSync(manifest, saved);
  if (!r.ok) throw new SetupError(`no pip, and tfjs-node's own installer failed: ${lastLine(r.out)}`);
  return 'libtensorflow from tfjs-node\'s own installer';
}

function main() {
  if (process.env.FPML_SKIP_NATIVE_TF === '1') throw new SetupError('skipped: FPML_SKIP_NATIVE_TF=1');
  const tfjsNode = findTfjsNode();
  if (process.env.FPML_NATIVE_TF_FORCE !== '1') {
    try {
      verify(tfjsNode);
      return null; // already working: stay quiet
    } catch { /* build it below */ }
  }
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    const what = upstreamInstall(tfjsNode); // the wheel route is built for linux x64 only
    return `fpml: native TensorFlow ${verify(tfjsNode)} linked into tfjs-node (${what})`;
  }
  const cache = cacheDir();
  let source = `cached ${cache}`;
  if (!cacheComplete(cache)) {
    const pip = findPip();
    if (!pip) {
      const what = upstreamInstall(tfjsNode);
      return `fpml: native TensorFlow ${verify(tfjsNode)} linked into tfjs-node (${what})`;
    }
    source = `${fillCacheFromWheel(cache, pip)} -> ${cache}`;
  }
  populateDeps(tfjsNode, cache);
  buildAddon(tfjsNode, join(cache, 'build.log'));
  const version = verify(tfjsNode);
  return `fpml: native TensorFlow ${version} linked into tfjs-node (libtensorflow_cc.so.2 from ${source})`;
}

try {
  const line = main();
  if (line) console.log(line);
} catch (err) {
  const reason = err instanceof SetupError ? err.message : `unexpected error: ${err?.message ?? err}`;
  console.log(`fpml: native TensorFlow unavailable (${reason.replace(/\s+/g, ' ')}); tfjs training will use wasm`);
}
process.exit(0);
