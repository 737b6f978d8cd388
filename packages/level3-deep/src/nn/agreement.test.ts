/**
 * Agreement log: nothing is written without FPML_AGREEMENT_LOG; with it, a passing
 * expectGradcheck / expectParity and an oracleErrors call each append their worst error, and a
 * raw gradcheckModule (tests call it to see a check fail) does not.
 */
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tensor } from '@fpml/level1-math';
import { afterEach, describe, expect, it } from 'vitest';
import { Linear, TfLinear } from '../layers/linear.js';
import { recordAgreement } from './agreement.js';
import { expectGradcheck, gradcheckModule } from './gradcheck.js';
import { layerCases, oracleErrors } from './oracle.js';
import { expectParity } from './parity.js';

const saved = process.env['FPML_AGREEMENT_LOG'];
afterEach(() => {
  if (saved === undefined) delete process.env['FPML_AGREEMENT_LOG'];
  else process.env['FPML_AGREEMENT_LOG'] = saved;
});
const readLog = (f: string) => readFileSync(f, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { check: string; module: string; backend?: string; value: number });

describe('agreement log', () => {
  it('reads FPML_AGREEMENT_LOG at each call and writes nothing without it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fpml-agree-')), 'log.jsonl');
    delete process.env['FPML_AGREEMENT_LOG'];
    recordAgreement({ check: 'oracle', module: 'X', value: 1 });
    expect(existsSync(file)).toBe(false);
    process.env['FPML_AGREEMENT_LOG'] = file;
    recordAgreement({ check: 'oracle', module: 'X', value: 2 });
    delete process.env['FPML_AGREEMENT_LOG'];
    recordAgreement({ check: 'oracle', module: 'X', value: 3 });
    expect(readLog(file)).toEqual([{ check: 'oracle', module: 'X', value: 2 }]);
  });

  it('logs passing checks and oracle errors with their worst error, not raw checks', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fpml-agree-')), 'log.jsonl');
    process.env['FPML_AGREEMENT_LOG'] = file;
    const m = new Linear(3, 2, { rng: 1 });
    const x = tensor([[0.5, -1, 2], [1, 0.25, -0.5]]);
    gradcheckModule(m, [x]); // raw: not logged
    const g = expectGradcheck(m, [x]);
    const c = layerCases('Linear')[0]!;
    const cfg = c.config as { inFeatures: number; outFeatures: number; bias: boolean };
    const o = oracleErrors(new Linear(cfg.inFeatures, cfg.outFeatures, { bias: cfg.bias, rng: 0 }), c);
    const p = await expectParity({ reference: m, makeTwin: (tf) => new TfLinear(tf, 3, 2, { rng: 1 }), inputs: [{ data: x.data, shape: x.shape }], backends: ['cpu'] });
    const log = readLog(file);
    expect(log).toEqual([
      { check: 'gradcheck', module: 'Linear', value: g.maxRelError },
      { check: 'oracle', module: 'Linear', value: o.max },
      { check: 'parity', module: 'Linear', backend: 'cpu', value: p.worstRelError },
    ]);
    expect(g.maxRelError).toBeGreaterThan(0); // real errors, not placeholders
    expect(p.worstRelError).toBeGreaterThan(0);
  });
});
