/**
 * LaLonde's National Supported Work (NSW) job-training data, the standard test of
 * observational causal estimators. Treatment `treat` (1 = in the program), outcome `re78`
 * (real earnings in 1978, US dollars).
 *
 * - `'nsw'`: the Dehejia-Wahba subsample of the randomised experiment, 185 treated / 260
 *   control. Randomisation makes the difference in means an unbiased estimate of the
 *   average treatment effect, $\hat\tau = \bar y_{T=1} - \bar y_{T=0} \approx \$1794$: the
 *   known answer that estimators on the observational sample should recover.
 * - `'psid'`: the same 185 treated men with 429 controls drawn from the Panel Study of Income
 *   Dynamics instead (MatchIt's `lalonde`): the naive difference in means is negative
 *   (about -$635) because the controls are much better off; adjustment must undo that.
 *
 * Columns keep their meaning and names from the source files (`nodegr` in NSW, `nodegree` in
 * PSID). PSID's categorical `race` (black / hispan / white) is also given as 0/1 columns
 * `black` and `hispan`, and the raw strings are kept in `race`.
 *
 * @see ../../../../docs/datasets.md
 */
import { InvalidInputError, InvalidParamError, Matrix } from '@fpml/core';
import { parseDelimited, parseNumber } from '../csv/parse.js';
import { readDataText } from '../files.js';

/** Which LaLonde sample to load. */
export type LalondeSample = 'nsw' | 'psid';

/** A causal dataset: named numeric columns with a designated treatment and outcome. */
export interface CausalDataset {
  /** Every numeric column by name. */
  data: Record<string, Float64Array>; // each (n)
  /** Names of `data`'s columns, in order. */
  columns: string[];
  /** Name of the binary treatment column. */
  treatment: 'treat';
  /** Name of the outcome column. */
  outcome: 're78';
  /** Pre-treatment covariates (the usual adjustment set), the columns of `X`. */
  covariateNames: string[];
  /** The covariates as a matrix. */
  X: Matrix; // (n, covariateNames.length)
  /** Number of rows. */
  n: number;
  /** Source, meaning of each column and the reference figures. */
  description: string;
}

/** The PSID sample also carries row ids and the raw race strings. */
export interface LalondePsid extends CausalDataset {
  /** Row ids from the file (`NSW1`..., `PSID1`...). */
  ids: string[];
  /** Race as in the file: `black`, `hispan` or `white`. */
  race: string[];
}

const NSW_COVARIATES = ['age', 'educ', 'black', 'hisp', 'married', 'nodegr', 're74', 're75', 'u74', 'u75'];
const PSID_COVARIATES = ['age', 'educ', 'black', 'hispan', 'married', 'nodegree', 're74', 're75'];

/**
 * Load a LaLonde sample.
 * @param sample `'nsw'` (experimental, 445 rows) or `'psid'` (observational, 614 rows).
 * @throws InvalidParamError for another sample name.
 * @see ../../../../docs/datasets.md
 */
export function loadLalonde(sample: 'psid'): LalondePsid;
export function loadLalonde(sample?: 'nsw'): CausalDataset;
export function loadLalonde(sample?: LalondeSample): CausalDataset | LalondePsid;
export function loadLalonde(sample: LalondeSample = 'nsw'): CausalDataset | LalondePsid {
  if (sample !== 'nsw' && sample !== 'psid') {
    throw new InvalidParamError('loadLalonde', 'sample', sample, "'nsw' or 'psid'");
  }
  const file = sample === 'nsw' ? 'causal/lalonde_nsw_dehejia_wahba.csv' : 'causal/lalonde_matchit_nsw_psid.csv';
  const source = `@fpml/datasets data/${file}`;
  const { rows, lines } = parseDelimited(readDataText(file, 'loadLalonde'), source);
  const header = rows[0]!;
  const n = rows.length - 1;
  const data: Record<string, Float64Array> = {};
  const columns: string[] = [];
  const ids: string[] = [];
  const race: string[] = [];
  for (let k = 1; k <= n; k++) {
    if (rows[k]!.length !== header.length) {
      throw new InvalidInputError(`${source} line ${lines[k]}: expected ${header.length} fields, got ${rows[k]!.length}`);
    }
  }
  header.forEach((name, j) => {
    if (sample === 'psid' && j === 0) {
      for (let k = 1; k <= n; k++) ids.push(rows[k]![j]!);
      return;
    }
    if (name === 'race') {
      const black = new Float64Array(n);
      const hispan = new Float64Array(n);
      for (let k = 1; k <= n; k++) {
        const r = rows[k]![j]!;
        if (r !== 'black' && r !== 'hispan' && r !== 'white') {
          throw new InvalidInputError(`${source} line ${lines[k]}, column 'race': expected black, hispan or white, got ${JSON.stringify(r)}`);
        }
        race.push(r);
        black[k - 1] = r === 'black' ? 1 : 0;
        hispan[k - 1] = r === 'hispan' ? 1 : 0;
      }
      data['black'] = black;
      data['hispan'] = hispan;
      columns.push('black', 'hispan');
      return;
    }
    const col = new Float64Array(n);
    for (let k = 1; k <= n; k++) {
      const v = parseNumber(rows[k]![j]!);
      if (v === undefined) throw new InvalidInputError(`${source} line ${lines[k]}, column '${name}': expected a number, got ${JSON.stringify(rows[k]![j])}`);
      col[k - 1] = v;
    }
    data[name] = col;
    columns.push(name);
  });

  const covariateNames = sample === 'nsw' ? NSW_COVARIATES : PSID_COVARIATES;
  const p = covariateNames.length;
  const X = new Matrix(n, p); // (n, p)
  covariateNames.forEach((name, j) => {
    const col = data[name];
    if (!col) throw new InvalidInputError(`${source}: covariate column '${name}' is missing`);
    for (let i = 0; i < n; i++) X.data[i * p + j] = col[i]!;
  });
  const base: CausalDataset = {
    data,
    columns,
    treatment: 'treat',
    outcome: 're78',
    covariateNames: [...covariateNames],
    X,
    n,
    description: sample === 'nsw' ? NSW_DESCRIPTION : PSID_DESCRIPTION,
  };
  return sample === 'nsw' ? base : { ...base, ids, race };
}

const COLUMNS = `Columns: treat (1 = assigned to the job-training program), age (years), educ (years of
schooling), black, hisp/hispan (0/1), married (0/1), nodegr/nodegree (1 = no high-school
degree), re74, re75, re78 (real earnings in 1974, 1975, 1978, US dollars; re78 is the outcome),
u74, u75 (1 = no earnings that year; NSW sample only).`;

const CITATION = `R. J. LaLonde (1986). Evaluating the econometric evaluations of training programs with
experimental data. American Economic Review 76(4):604-620. R. H. Dehejia and S. Wahba (1999).
Causal effects in nonexperimental studies: reevaluating the evaluation of training programs.
Journal of the American Statistical Association 94(448):1053-1062.`;

const NSW_DESCRIPTION = `LaLonde NSW experimental sample (Dehejia-Wahba subsample), 445 men: 185 treated, 260 control.

Treatment was randomised, so the difference in mean re78 (treated - control), about $1,794, is
an unbiased estimate of the effect; published matching and weighting estimates on this sample
lie between about $1,460 and $2,300.

${COLUMNS}

${CITATION} Data as distributed in the R package Matching (lalonde).`;

const PSID_DESCRIPTION = `LaLonde NSW treated men with PSID comparison group, 614 men: 185 treated (NSW), 429 controls (PSID).

Observational: the controls differ sharply from the treated (older, more often married, far
higher earlier earnings), so the naive difference in means of re78 is negative (about -$635).
Estimators must adjust for the covariates to approach the experimental answer (~$1,794).
race (black / hispan / white) is also given as 0/1 columns black and hispan.

${COLUMNS}

${CITATION} Data as distributed in the R package MatchIt (lalonde).`;
