/**
 * Statlog German credit (H. Hofmann; UCI, CC BY 4.0): 1000 loan applicants × 20 attributes
 * (13 categorical, 7 numeric), classed good (700) or bad (300) credit risk. The standard
 * benchmark for fairness work, with sex and age as the sensitive attributes.
 *
 * The file is the ARFF release converted to CSV, so categories are spelled out
 * (`checking_status = '<0'`) rather than coded (`A11`).
 *
 * @see ../../../../docs/datasets.md
 */
import { InvalidInputError, InvalidParamError, Matrix } from '@fpml/core';
import { parseDelimited, parseNumber } from '../csv/parse.js';
import { readDataText } from '../files.js';
import type { ClassificationDataset } from '../types.js';

/**
 * Levels of each categorical column, in the order of the Statlog documentation (A11, A12, ...),
 * which is also the natural order for the ordered ones (checking, savings, employment). The
 * ordinal encoding maps a level to its index here. Levels the documentation lists but the data
 * never use (purpose `vacation`, personal status `female single`) are left out.
 */
export const GERMAN_CREDIT_LEVELS: Readonly<Record<string, readonly string[]>> = {
  checking_status: ['<0', '0<=X<200', '>=200', 'no checking'],
  credit_history: ['no credits/all paid', 'all paid', 'existing paid', 'delayed previously', 'critical/other existing credit'],
  purpose: ['new car', 'used car', 'furniture/equipment', 'radio/tv', 'domestic appliance', 'repairs', 'education', 'retraining', 'business', 'other'],
  savings_status: ['<100', '100<=X<500', '500<=X<1000', '>=1000', 'no known savings'],
  employment: ['unemployed', '<1', '1<=X<4', '4<=X<7', '>=7'],
  personal_status: ['male div/sep', 'female div/dep/mar', 'male single', 'male mar/wid'],
  other_parties: ['none', 'co applicant', 'guarantor'],
  property_magnitude: ['real estate', 'life insurance', 'car', 'no known property'],
  other_payment_plans: ['bank', 'stores', 'none'],
  housing: ['rent', 'own', 'for free'],
  job: ['unemp/unskilled non res', 'unskilled resident', 'skilled', 'high qualif/self emp/mgmt'],
  own_telephone: ['none', 'yes'],
  foreign_worker: ['yes', 'no'],
};

/** Options of {@link loadGermanCredit}. */
export interface GermanCreditOptions {
  /**
   * How categorical columns become numbers in `X`: `'onehot'` gives one 0/1 column per level,
   * named `column=level` (all levels kept, so the dummies of a column sum to 1); `'ordinal'`
   * gives one column of level indices in {@link GERMAN_CREDIT_LEVELS} order.
   * @default 'onehot'
   */
  encoding?: 'onehot' | 'ordinal';
}

/** The German credit data: numeric encoding, raw table and sensitive attributes. */
export interface GermanCredit extends ClassificationDataset {
  /** The file's 20 attribute columns and `class`, in file order. */
  columns: string[];
  /** The table as in the file: categorical columns as strings, numeric ones as numbers. */
  raw: Record<string, string[] | Float64Array>;
  /** Levels of each categorical column (code order of the encodings). */
  categories: Record<string, string[]>;
  /**
   * Sensitive attributes. `sex` is derived from `personal_status` (0 = male, 1 = female:
   * the data only has `female div/dep/mar`, so sex and marital status are entangled) and
   * `age` is in years (a common binarisation is age > 25 as the privileged group).
   * Both remain inside `X` too; drop them yourself for "fairness through unawareness".
   */
  sensitive: { sex: Int32Array; sexNames: string[]; age: Float64Array };
}

/**
 * Load German credit with `y` = 1 for good credit (the favourable outcome) and 0 for bad.
 *
 * @returns X (1000, 61) one-hot or (1000, 20) ordinal, y (1000) with 700 good / 300 bad.
 * @throws InvalidParamError for an unknown encoding.
 * @see ../../../../docs/datasets.md
 */
export function loadGermanCredit(options: GermanCreditOptions = {}): GermanCredit {
  const { encoding = 'onehot' } = options;
  if (encoding !== 'onehot' && encoding !== 'ordinal') {
    throw new InvalidParamError('loadGermanCredit', 'encoding', encoding, "'onehot' or 'ordinal'");
  }
  const file = 'fairness/german_credit.csv';
  const source = `@fpml/datasets data/${file}`;
  const { rows, lines } = parseDelimited(readDataText(file, 'loadGermanCredit'), source);
  const columns = rows[0]!;
  const body = rows.slice(1);
  const n = body.length;
  if (columns[columns.length - 1] !== 'class') throw new InvalidInputError(`${source} line 1: expected 'class' as the last column`);

  const raw: Record<string, string[] | Float64Array> = {};
  const codes: Record<string, Int32Array> = {};
  columns.forEach((name, j) => {
    const levels = name === 'class' ? ['bad', 'good'] : GERMAN_CREDIT_LEVELS[name];
    if (levels) {
      const values = new Array<string>(n);
      const code = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const v = body[i]![j];
        const k = v === undefined ? -1 : levels.indexOf(v);
        if (k < 0) throw new InvalidInputError(`${source} line ${lines[i + 1]}, column '${name}': unknown level ${JSON.stringify(v)}; expected one of ${levels.join(' | ')}`);
        values[i] = v!;
        code[i] = k;
      }
      raw[name] = values;
      codes[name] = code;
    } else {
      const values = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const v = parseNumber(body[i]![j] ?? '');
        if (v === undefined) throw new InvalidInputError(`${source} line ${lines[i + 1]}, column '${name}': expected a number, got ${JSON.stringify(body[i]![j])}`);
        values[i] = v;
      }
      raw[name] = values;
    }
  });

  const attributes = columns.slice(0, -1);
  const featureNames: string[] = [];
  for (const name of attributes) {
    const levels = GERMAN_CREDIT_LEVELS[name];
    if (levels && encoding === 'onehot') for (const l of levels) featureNames.push(`${name}=${l}`);
    else featureNames.push(name);
  }
  const d = featureNames.length;
  const X = new Matrix(n, d); // (n, d)
  let j0 = 0;
  for (const name of attributes) {
    const levels = GERMAN_CREDIT_LEVELS[name];
    const code = codes[name];
    if (levels && code && encoding === 'onehot') {
      for (let i = 0; i < n; i++) X.data[i * d + j0 + code[i]!] = 1;
      j0 += levels.length;
    } else {
      const col = code ?? (raw[name] as Float64Array);
      for (let i = 0; i < n; i++) X.data[i * d + j0] = col[i]!;
      j0 += 1;
    }
  }

  const personal = raw['personal_status'] as string[];
  const sex = Int32Array.from(personal, (p) => (p.startsWith('female') ? 1 : 0)); // (n)
  const categories: Record<string, string[]> = {};
  for (const [name, levels] of Object.entries(GERMAN_CREDIT_LEVELS)) categories[name] = [...levels];
  return {
    X,
    y: codes['class']!,
    featureNames,
    targetNames: ['bad', 'good'],
    description: GERMAN_CREDIT_DESCRIPTION,
    columns: [...columns],
    raw,
    categories,
    sensitive: { sex, sexNames: ['male', 'female'], age: Float64Array.from(raw['age'] as Float64Array) },
  };
}

const GERMAN_CREDIT_DESCRIPTION = `Statlog (German Credit Data)

1000 loan applicants described by 20 attributes (7 numeric: duration in months, credit_amount
in Deutsche Mark, installment_commitment as % of disposable income (1-4), residence_since,
age in years, existing_credits, num_dependents; 13 categorical: checking_status,
credit_history, purpose, savings_status, employment, personal_status, other_parties,
property_magnitude, other_payment_plans, housing, job, own_telephone, foreign_worker) and a
class: good (700) or bad (300) credit risk. y = 1 means good.

Fairness: the sensitive attributes are sex (derived from personal_status, which mixes sex and
marital status; no single women appear in the data) and age (often binarised at 25). The
original documentation gives a cost matrix: predicting good for a bad applicant costs 5,
predicting bad for a good one costs 1.

Source: Prof. Dr. Hans Hofmann, Universitaet Hamburg, 1994. UCI Machine Learning Repository,
https://doi.org/10.24432/C5NC77, CC BY 4.0. Converted from the ARFF release to CSV.`;
