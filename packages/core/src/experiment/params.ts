/**
 * Typed experiment params: the defaults declared in `defineExperiment({ params })` fix each
 * param's type, and overrides (from `--param k=v` on the command line, or an object) are parsed
 * and checked against it.
 */
import { InvalidParamError, describeValue } from '../errors.js';

/** A param value: numbers, strings, booleans, or arrays of numbers/strings (sweeps). */
export type ParamValue = number | string | boolean | readonly number[] | readonly string[];

/** The declared defaults of an experiment. */
export type ParamSpec = Record<string, ParamValue>;

/** Widen literal defaults to their types: `{ lr: 0.1 }` → `{ lr: number }`. */
export type ParamsOf<S extends ParamSpec> = {
  [K in keyof S]: S[K] extends number
    ? number
    : S[K] extends boolean
      ? boolean
      : S[K] extends string
        ? string
        : S[K] extends readonly number[]
          ? number[]
          : string[];
};

function kindOf(v: ParamValue): 'number' | 'boolean' | 'string' | 'number[]' | 'string[]' {
  if (Array.isArray(v)) return v.every((x) => typeof x === 'number') ? 'number[]' : 'string[]';
  return typeof v as 'number' | 'boolean' | 'string';
}

function parseNumber(owner: string, key: string, raw: string): number {
  const x = raw.trim() === '' ? NaN : Number(raw);
  if (!Number.isFinite(x)) throw new InvalidParamError(owner, key, raw, 'a finite number');
  return x;
}

/** Parse one override (a CLI string, or an already-typed value) against its default's type. */
export function parseParam(owner: string, key: string, def: ParamValue, raw: unknown): ParamValue {
  const kind = kindOf(def);
  if (typeof raw !== 'string') {
    // Typed value from code: check it matches the declared kind.
    const ok =
      (kind === 'number' && typeof raw === 'number' && Number.isFinite(raw)) ||
      (kind === 'boolean' && typeof raw === 'boolean') ||
      (kind === 'string' && typeof raw === 'string') ||
      (kind === 'number[]' && Array.isArray(raw) && raw.every((x) => typeof x === 'number' && Number.isFinite(x))) ||
      (kind === 'string[]' && Array.isArray(raw) && raw.every((x) => typeof x === 'string'));
    if (!ok) throw new InvalidParamError(owner, key, raw, `of type ${kind} (default ${JSON.stringify(def)})`);
    return raw as ParamValue;
  }
  switch (kind) {
    case 'number':
      return parseNumber(owner, key, raw);
    case 'boolean':
      if (raw === 'true' || raw === '1') return true;
      if (raw === 'false' || raw === '0') return false;
      throw new InvalidParamError(owner, key, raw, 'true or false');
    case 'string':
      return raw;
    case 'number[]':
      return raw.split(',').map((s) => parseNumber(owner, key, s));
    case 'string[]':
      return raw.split(',').map((s) => s.trim());
  }
}

/**
 * Merge overrides into the defaults. Unknown keys are rejected with an error that lists every
 * valid param and its default, so a typo on the command line is easy to fix.
 *
 * @throws InvalidParamError for an unknown key or a value of the wrong type.
 */
export function resolveParams<S extends ParamSpec>(owner: string, defaults: S, overrides: Record<string, unknown> = {}): ParamsOf<S> {
  const out: Record<string, ParamValue> = { ...defaults };
  for (const [key, raw] of Object.entries(overrides)) {
    if (!Object.prototype.hasOwnProperty.call(defaults, key)) {
      const valid = Object.entries(defaults).map(([k, v]) => `${k} (default ${JSON.stringify(v)})`);
      throw new InvalidParamError(owner, key, raw, `one of the experiment's params: ${valid.join(', ') || 'none'}`);
    }
    out[key] = parseParam(owner, key, defaults[key]!, raw);
  }
  return out as ParamsOf<S>;
}

/** Parse `['k=v', ...]` (repeated `--param k=v`) into an object of raw strings. */
export function parseParamArgs(args: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of args) {
    const eq = a.indexOf('=');
    if (eq <= 0) throw new InvalidParamError('--param', 'k=v', a, 'of the form key=value');
    out[a.slice(0, eq).trim()] = a.slice(eq + 1);
  }
  return out;
}

/** Render a param value for tables. */
export function formatParam(v: unknown): string {
  return Array.isArray(v) ? v.join(',') : typeof v === 'string' ? v : describeValue(v);
}
