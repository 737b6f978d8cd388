/**
 * Time, memory and energy accounting for a run.
 *
 * Energy follows codecarbon's method when no power counter exists ("constant mode"):
 *
 * $$E = t_{cpu} \cdot \frac{\eta\,\mathrm{TDP}}{n_{cores}} + t_{wall} \cdot p_{mem} \cdot \mathrm{RSS}_{peak}$$
 *
 * with $\eta = 0.5$ (average draw taken as half the TDP), a TDP of 85 W unless told otherwise,
 * $n_{cores}$ the logical cores, and $p_{mem} = 3\,\mathrm{W} / 8\,\mathrm{GB}$. Where a RAPL
 * package counter is readable (`/sys/class/powercap/intel-rapl:*`), the measured CPU energy
 * replaces the CPU term. The report states the method and constants it used.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

/** Constants of the energy estimate; each is stated in the report. */
export interface EnergyConstants {
  /** CPU thermal design power in watts. @default 85 */
  cpuTdpW: number;
  /** Fraction of TDP drawn on average under load (codecarbon's constant mode). @default 0.5 */
  tdpFraction: number;
  /** Memory power in W per GB of resident memory. @default 0.375 (3 W per 8 GB) */
  memWPerGb: number;
}

export const DEFAULT_ENERGY: EnergyConstants = { cpuTdpW: 85, tdpFraction: 0.5, memWPerGb: 3 / 8 };

/** A reading of the RAPL package counters, in microjoules, by zone path. */
type RaplReading = Map<string, { uj: number; maxUj: number }>;

const POWERCAP = '/sys/class/powercap';

/** Read every top-level RAPL package zone, or `null` where none is readable. */
export function readRapl(root = POWERCAP): RaplReading | null {
  try {
    const zones = readdirSync(root).filter((z) => /^intel-rapl:\d+$/.test(z));
    const out: RaplReading = new Map();
    for (const z of zones) {
      const uj = Number(readFileSync(`${root}/${z}/energy_uj`, 'utf8'));
      const maxUj = Number(readFileSync(`${root}/${z}/max_energy_range_uj`, 'utf8'));
      if (Number.isFinite(uj) && Number.isFinite(maxUj)) out.set(z, { uj, maxUj });
    }
    return out.size > 0 ? out : null;
  } catch {
    return null;
  }
}

/** Joules between two RAPL readings, handling counter wrap-around. */
export function raplJoules(before: RaplReading, after: RaplReading): number {
  let uj = 0;
  for (const [zone, a] of after) {
    const b = before.get(zone);
    if (!b) continue;
    uj += a.uj >= b.uj ? a.uj - b.uj : a.maxUj - b.uj + a.uj;
  }
  return uj / 1e6;
}

/** The resources a run used. */
export interface ResourceUsage {
  wallTimeS: number;
  cpuTimeS: number;
  peakRssMb: number;
  energy: {
    /** Total estimated energy in kWh. */
    kWh: number;
    cpuJ: number;
    memJ: number;
    method: 'rapl' | 'constant';
    /** A sentence stating the method and constants, for the report. */
    description: string;
  };
  hardware: { cpuModel: string; logicalCores: number; totalMemGb: number };
}

/** Start measuring; call the returned function at the end of the run. */
export function startResourceMeter(constants: EnergyConstants = DEFAULT_ENERGY): () => ResourceUsage {
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const rapl0 = readRapl();
  return () => {
    const wallTimeS = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = process.cpuUsage(cpu0);
    const cpuTimeS = (cpu.user + cpu.system) / 1e6;
    const peakRssMb = process.resourceUsage().maxRSS / 1024; // maxRSS is in kB
    const info = cpus();
    const logicalCores = Math.max(1, info.length);
    const memJ = wallTimeS * constants.memWPerGb * (peakRssMb / 1024);
    const rapl1 = rapl0 ? readRapl() : null;
    let cpuJ: number;
    let method: 'rapl' | 'constant';
    let description: string;
    if (rapl0 && rapl1) {
      cpuJ = raplJoules(rapl0, rapl1);
      method = 'rapl';
      description =
        `CPU energy measured from the RAPL package counters (${POWERCAP}, machine-wide, so other load counts too); ` +
        `memory estimated as ${constants.memWPerGb.toFixed(3)} W/GB × peak RSS × wall time.`;
    } else {
      cpuJ = cpuTimeS * ((constants.tdpFraction * constants.cpuTdpW) / logicalCores);
      method = 'constant';
      description =
        `No power counter readable: codecarbon's constant mode. CPU = CPU time × ${constants.tdpFraction} × TDP ${constants.cpuTdpW} W / ${logicalCores} logical cores; ` +
        `memory = ${constants.memWPerGb.toFixed(3)} W/GB (3 W per 8 GB) × peak RSS × wall time.`;
    }
    return {
      wallTimeS,
      cpuTimeS,
      peakRssMb,
      energy: { kWh: (cpuJ + memJ) / 3.6e6, cpuJ, memJ, method, description },
      hardware: { cpuModel: info[0]?.model.trim() ?? 'unknown', logicalCores, totalMemGb: totalmem() / 2 ** 30 },
    };
  };
}
