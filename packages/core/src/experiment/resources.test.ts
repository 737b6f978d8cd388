import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ENERGY, raplJoules, readRapl, startResourceMeter } from './resources.js';

function fakePowercap(zones: Record<string, { uj: number; max: number }>): string {
  const root = mkdtempSync(join(tmpdir(), 'fpml-powercap-'));
  for (const [z, v] of Object.entries(zones)) {
    mkdirSync(join(root, z));
    writeFileSync(join(root, z, 'energy_uj'), `${v.uj}\n`);
    writeFileSync(join(root, z, 'max_energy_range_uj'), `${v.max}\n`);
  }
  mkdirSync(join(root, 'intel-rapl:0:0')); // a sub-zone (core): not counted twice
  return root;
}

describe('energy accounting', () => {
  it('reads RAPL package zones and handles counter wrap-around', () => {
    const before = readRapl(fakePowercap({ 'intel-rapl:0': { uj: 1_000_000, max: 10_000_000 }, 'intel-rapl:1': { uj: 9_500_000, max: 10_000_000 } }))!;
    const after = readRapl(fakePowercap({ 'intel-rapl:0': { uj: 3_000_000, max: 10_000_000 }, 'intel-rapl:1': { uj: 500_000, max: 10_000_000 } }))!;
    expect([...before.keys()].sort()).toEqual(['intel-rapl:0', 'intel-rapl:1']);
    // zone 0: +2 J; zone 1 wrapped: (10 - 9.5) + 0.5 = 1 J
    expect(raplJoules(before, after)).toBeCloseTo(3, 12);
  });

  it('returns null where no counter is readable', () => {
    expect(readRapl(join(tmpdir(), 'no-such-powercap'))).toBeNull();
    expect(readRapl(mkdtempSync(join(tmpdir(), 'fpml-empty-')))).toBeNull();
  });

  it('estimates energy from CPU time in constant mode and states the method', () => {
    const stop = startResourceMeter({ ...DEFAULT_ENERGY, cpuTdpW: 100 });
    let x = 0;
    for (let i = 0; i < 2e6; i++) x += Math.sqrt(i);
    const r = stop();
    expect(x).toBeGreaterThan(0);
    expect(r.cpuTimeS).toBeGreaterThan(0);
    expect(r.peakRssMb).toBeGreaterThan(10);
    if (r.energy.method === 'constant') {
      expect(r.energy.cpuJ).toBeCloseTo(r.cpuTimeS * (0.5 * 100) / r.hardware.logicalCores, 9);
      expect(r.energy.description).toContain('TDP 100 W');
    }
    expect(r.energy.kWh).toBeCloseTo((r.energy.cpuJ + r.energy.memJ) / 3.6e6, 15);
    expect(r.energy.memJ).toBeCloseTo(r.wallTimeS * (3 / 8) * (r.peakRssMb / 1024), 9);
  });
});
