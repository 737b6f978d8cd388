/**
 * Two monthly time series for drift and monitoring work: airline passengers 1949-1960 (Box and
 * Jenkins) and atmospheric CO2 at Mauna Loa 1958-2020 (Scripps CO2 Program). Dates are
 * normalised to `YYYY-MM`.
 *
 * Missing CO2 months: the source (Scripps) marks months without enough measurements with the
 * sentinel -99.99; the bundled file leaves those five months out altogether (1958-06, 1958-10,
 * 1964-02, 1964-03, 1964-04), so the series has 741 rows for 746 calendar months. By default the
 * loader returns the observed months only and lists the absent ones in `missing`; nothing is
 * invented. With `fillGaps: 'linear'` it returns every calendar month and fills each gap on the
 * straight line between its neighbours, $v_t = v_a + (v_b - v_a)\,\frac{t - a}{b - a}$, flagging
 * those months in `imputed`. A value that is empty, non-numeric or negative (a sentinel) is
 * treated as missing too.
 *
 * @see ../../../../docs/datasets.md
 */
import { InvalidInputError, InvalidParamError } from '@fpml/core';
import { parseDelimited, parseNumber } from '../csv/parse.js';
import { readDataText } from '../files.js';

/** A regularly sampled series. */
export interface TimeSeries {
  /** Short name, e.g. `'air-passengers'`. */
  name: string;
  /** Unit of `values`. */
  unit: string;
  /** Sampling period. */
  frequency: 'monthly';
  /** `YYYY-MM` of each value, increasing. */
  dates: string[]; // (n)
  /** The observations. */
  values: Float64Array; // (n)
  /** Source and license. */
  description: string;
}

/** The CO2 series with its gaps made explicit. */
export interface Co2Series extends TimeSeries {
  /** Calendar months inside the range with no observation in the file. */
  missing: string[];
  /** 1 where `values[t]` was interpolated (only with `fillGaps: 'linear'`), else 0. */
  imputed: Uint8Array; // (n)
}

/** Options of {@link loadCo2MaunaLoa}. */
export interface Co2Options {
  /** Return the seasonally adjusted column (`adjusted CO2`) instead of the raw monthly mean. @default false */
  adjusted?: boolean;
  /** `'none'`: observed months only; `'linear'`: every month, gaps interpolated. @default 'none' */
  fillGaps?: 'none' | 'linear';
}

const monthIndex = (ym: string): number => Number(ym.slice(0, 4)) * 12 + Number(ym.slice(5, 7)) - 1;
const monthName = (k: number): string => `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])(-\d{2})?$/;

/** Read a `date,value...` monthly CSV; rows whose value is missing are reported, not kept. */
function readMonthly(file: string, column: number, who: string): { dates: string[]; values: number[]; missing: string[] } {
  const source = `@fpml/datasets data/${file}`;
  const { rows, lines } = parseDelimited(readDataText(file, who), source);
  const dates: string[] = [];
  const values: number[] = [];
  const missing: string[] = [];
  let prev = -1;
  for (let k = 1; k < rows.length; k++) {
    const r = rows[k]!;
    const date = r[0] ?? '';
    if (!MONTH.test(date)) throw new InvalidInputError(`${source} line ${lines[k]}: expected a date YYYY-MM or YYYY-MM-DD, got ${JSON.stringify(date)}`);
    const t = monthIndex(date);
    if (prev >= 0 && t <= prev) throw new InvalidInputError(`${source} line ${lines[k]}: date ${date} is not after the previous row`);
    for (let g = prev + 1; prev >= 0 && g < t; g++) missing.push(monthName(g));
    prev = t;
    const v = parseNumber(r[column] ?? '');
    if (v === undefined || v < 0) missing.push(monthName(t));
    else {
      dates.push(monthName(t));
      values.push(v);
    }
  }
  return { dates, values, missing };
}

/**
 * Monthly totals of international airline passengers, January 1949 - December 1960, in
 * thousands (Box, Jenkins and Reinsel, Time Series Analysis, series G). Trend plus a seasonal
 * swing that grows with the level: the textbook case for a log transform.
 * @returns 144 months.
 * @see ../../../../docs/datasets.md
 */
export function loadAirPassengers(): TimeSeries {
  const { dates, values, missing } = readMonthly('timeseries/air_passengers.csv', 1, 'loadAirPassengers');
  if (missing.length > 0) throw new InvalidInputError(`loadAirPassengers: months missing from the bundled file: ${missing.join(', ')}`);
  return {
    name: 'air-passengers',
    unit: 'thousands of passengers',
    frequency: 'monthly',
    dates,
    values: Float64Array.from(values),
    description: AIR_DESCRIPTION,
  };
}

/**
 * Monthly mean atmospheric CO2 at Mauna Loa Observatory, March 1958 - April 2020, in ppm
 * (µmol/mol, dry air), Scripps CO2 Program, CC BY 4.0. See the file comment for how the five
 * missing months are handled.
 * @returns 741 observed months (or 746 with `fillGaps: 'linear'`).
 * @throws InvalidParamError for a bad `fillGaps`.
 * @see ../../../../docs/datasets.md
 */
export function loadCo2MaunaLoa(options: Co2Options = {}): Co2Series {
  const { adjusted = false, fillGaps = 'none' } = options;
  if (fillGaps !== 'none' && fillGaps !== 'linear') {
    throw new InvalidParamError('loadCo2MaunaLoa', 'fillGaps', fillGaps, "'none' or 'linear'");
  }
  const obs = readMonthly('timeseries/co2_mauna_loa_monthly.csv', adjusted ? 2 : 1, 'loadCo2MaunaLoa');
  const base = {
    name: adjusted ? 'co2-mauna-loa-adjusted' : 'co2-mauna-loa',
    unit: 'ppm',
    frequency: 'monthly' as const,
    missing: obs.missing,
    description: CO2_DESCRIPTION,
  };
  if (fillGaps === 'none') {
    return { ...base, dates: obs.dates, values: Float64Array.from(obs.values), imputed: new Uint8Array(obs.dates.length) };
  }
  const t0 = monthIndex(obs.dates[0]!);
  const n = monthIndex(obs.dates[obs.dates.length - 1]!) - t0 + 1;
  const dates = Array.from({ length: n }, (_, k) => monthName(t0 + k));
  const values = new Float64Array(n); // (n)
  const imputed = new Uint8Array(n).fill(1); // (n)
  const at = obs.dates.map((d) => monthIndex(d) - t0);
  for (let k = 0; k < at.length; k++) {
    values[at[k]!] = obs.values[k]!;
    imputed[at[k]!] = 0;
    if (k > 0 && at[k]! - at[k - 1]! > 1) {
      const a = at[k - 1]!;
      const b = at[k]!;
      const va = obs.values[k - 1]!;
      const vb = obs.values[k]!;
      for (let t = a + 1; t < b; t++) values[t] = va + ((vb - va) * (t - a)) / (b - a);
    }
  }
  return { ...base, dates, values, imputed };
}

const AIR_DESCRIPTION = `International airline passengers, monthly totals in thousands, 1949-01 to 1960-12 (144 months).

G. E. P. Box and G. M. Jenkins (1976). Time Series Analysis: Forecasting and Control, series G.
Holden-Day. Widely redistributed (R datasets::AirPassengers).`;

const CO2_DESCRIPTION = `Atmospheric CO2 at Mauna Loa Observatory, Hawaii: monthly mean mole fraction in dry air (ppm),
1958-03 to 2020-04, and a seasonally adjusted version (adjusted: true).

Five months have no value in the source (Scripps marks them -99.99): 1958-06, 1958-10, 1964-02,
1964-03, 1964-04. The bundled file omits those rows; the loader lists them in 'missing' and only
fills them (linearly, flagged in 'imputed') if asked to with fillGaps: 'linear'.

C. D. Keeling, S. C. Piper, R. B. Bacastow, M. Wahlen, T. P. Whorf, M. Heimann and H. A. Meijer
(2001), Exchanges of atmospheric CO2 and 13CO2 with the terrestrial biosphere and oceans from
1978 to 2000, SIO Reference Series 01-06. Scripps CO2 Program, https://scrippsco2.ucsd.edu,
CC BY 4.0.`;
