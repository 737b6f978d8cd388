/**
 * scikit-learn's small toy datasets, read from the same files scikit-learn ships: iris, wine,
 * breast cancer (Wisconsin diagnostic), handwritten digits (8x8) and diabetes (raw units).
 * Each loader is synchronous, reads only the bundled files and returns a fresh
 * {@link TabularDataset}; the description is the dataset's own `descr/*.rst`.
 *
 * File format (iris, wine, breast cancer): a first line `n,d,class_0,class_1,...`, then n rows
 * of d features and an integer class. Digits: 1797 rows of 64 pixels and the digit, no header.
 * Diabetes: 442 rows of 10 space-separated raw features, targets in a second file.
 *
 * Complexity: $O(nd)$ time and memory.
 *
 * @see ../../../../docs/datasets.md
 */
import { InvalidInputError, Matrix } from '@fpml/core';
import { parseDelimited, parseNumber } from '../csv/parse.js';
import { readDataText } from '../files.js';
import type { ClassificationDataset, RegressionDataset } from '../types.js';

/** Parse a block of numeric records into a row-major array, checking every row's width. */
export function numericRecords(rows: string[][], lines: number[], width: number, source: string): Float64Array {
  const out = new Float64Array(rows.length * width);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (r.length !== width) throw new InvalidInputError(`${source} line ${lines[i]}: expected ${width} fields, got ${r.length}`);
    for (let j = 0; j < width; j++) {
      const v = parseNumber(r[j]!);
      if (v === undefined) throw new InvalidInputError(`${source} line ${lines[i]}, field ${j + 1}: expected a number, got ${JSON.stringify(r[j])}`);
      out[i * width + j] = v;
    }
  }
  return out;
}

/** Split (n, d + 1) numbers whose last column is a class index into X and y. */
function splitLastColumn(values: Float64Array, n: number, d: number, nClasses: number, source: string): { X: Matrix; y: Int32Array } {
  const X = new Matrix(n, d); // (n, d)
  const y = new Int32Array(n); // (n)
  for (let i = 0; i < n; i++) {
    X.data.set(values.subarray(i * (d + 1), i * (d + 1) + d), i * d);
    const c = values[i * (d + 1) + d]!;
    if (!Number.isInteger(c) || c < 0 || c >= nClasses) {
      throw new InvalidInputError(`${source} row ${i + 1}: class ${c} is not an integer in [0, ${nClasses - 1}]`);
    }
    y[i] = c;
  }
  return { X, y };
}

/** Read a scikit-learn `n,d,names...` CSV. */
function readSklearnCsv(file: string, who: string): { X: Matrix; y: Int32Array; targetNames: string[] } {
  const source = `@fpml/datasets data/${file}`;
  const { rows, lines } = parseDelimited(readDataText(file, who), source);
  const header = rows[0];
  const n = header ? parseNumber(header[0]!) : undefined;
  const d = header ? parseNumber(header[1] ?? '') : undefined;
  if (!header || n === undefined || d === undefined) throw new InvalidInputError(`${source} line 1: expected a header 'n,d,class names...'`);
  if (rows.length - 1 !== n) throw new InvalidInputError(`${source}: header announces ${n} rows but the file has ${rows.length - 1}`);
  const targetNames = header.slice(2);
  const values = numericRecords(rows.slice(1), lines.slice(1), d + 1, source);
  return { ...splitLastColumn(values, n, d, targetNames.length, source), targetNames };
}

function description(rst: string, who: string): string {
  return readDataText(`sklearn/descr/${rst}`, who);
}

/** Iris feature names, as scikit-learn spells them. */
const IRIS_FEATURES = ['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)'];

/**
 * Fisher's iris: 150 flowers × 4 measurements in cm, 3 species (50 each).
 * UCI Machine Learning Repository, CC BY 4.0 (R. A. Fisher, 1936).
 * @returns X (150, 4), y ∈ {0: setosa, 1: versicolor, 2: virginica}.
 * @see ../../../../docs/datasets.md
 */
export function loadIris(): ClassificationDataset {
  const { X, y, targetNames } = readSklearnCsv('sklearn/iris.csv', 'loadIris');
  return { X, y, featureNames: [...IRIS_FEATURES], targetNames, description: description('iris.rst', 'loadIris') };
}

const WINE_FEATURES = [
  'alcohol', 'malic_acid', 'ash', 'alcalinity_of_ash', 'magnesium', 'total_phenols', 'flavanoids',
  'nonflavanoid_phenols', 'proanthocyanins', 'color_intensity', 'hue', 'od280/od315_of_diluted_wines', 'proline',
];

/**
 * Wine recognition: 178 wines × 13 chemical measurements (unscaled: proline is in the
 * hundreds, hue near 1, so scale before distance-based models), 3 cultivars (59 / 71 / 48).
 * UCI, CC BY 4.0 (Forina et al.).
 * @returns X (178, 13), y ∈ {0, 1, 2}.
 * @see ../../../../docs/datasets.md
 */
export function loadWine(): ClassificationDataset {
  const { X, y, targetNames } = readSklearnCsv('sklearn/wine_data.csv', 'loadWine');
  return { X, y, featureNames: [...WINE_FEATURES], targetNames, description: description('wine_data.rst', 'loadWine') };
}

const CELL_FEATURES = [
  'radius', 'texture', 'perimeter', 'area', 'smoothness', 'compactness', 'concavity', 'concave points', 'symmetry', 'fractal dimension',
];

/**
 * Breast Cancer Wisconsin (Diagnostic): 569 tumours × 30 features of the cell nuclei (mean,
 * standard error and worst of 10 measurements), 212 malignant / 357 benign.
 * UCI, CC BY 4.0 (Wolberg, Street, Mangasarian).
 * @returns X (569, 30), y ∈ {0: malignant, 1: benign}.
 * @see ../../../../docs/datasets.md
 */
export function loadBreastCancer(): ClassificationDataset {
  const { X, y, targetNames } = readSklearnCsv('sklearn/breast_cancer.csv', 'loadBreastCancer');
  const featureNames = [
    ...CELL_FEATURES.map((f) => `mean ${f}`),
    ...CELL_FEATURES.map((f) => `${f} error`),
    ...CELL_FEATURES.map((f) => `worst ${f}`),
  ];
  return { X, y, featureNames, targetNames, description: description('breast_cancer.rst', 'loadBreastCancer') };
}

/**
 * Optical recognition of handwritten digits: 1797 images of 8×8 pixels with integer
 * intensities 0..16, flattened row by row (`pixel_i_j` is row i, column j), digits 0-9.
 * UCI, CC BY 4.0 (E. Alpaydin, C. Kaynak).
 * @returns X (1797, 64) with values in [0, 16], y ∈ {0..9}.
 * @see ../../../../docs/datasets.md
 */
export function loadDigits(): ClassificationDataset {
  const file = 'sklearn/digits.csv.gz';
  const source = `@fpml/datasets data/${file}`;
  const { rows, lines } = parseDelimited(readDataText(file, 'loadDigits'), source);
  const values = numericRecords(rows, lines, 65, source);
  const { X, y } = splitLastColumn(values, rows.length, 64, 10, source);
  const featureNames: string[] = [];
  for (let i = 0; i < 8; i++) for (let j = 0; j < 8; j++) featureNames.push(`pixel_${i}_${j}`);
  const targetNames = Array.from({ length: 10 }, (_, k) => String(k));
  return { X, y, featureNames, targetNames, description: description('digits.rst', 'loadDigits') };
}

const DIABETES_FEATURES = ['age', 'sex', 'bmi', 'bp', 's1', 's2', 's3', 's4', 's5', 's6'];

const DIABETES_NOTE =
  'NOTE (@fpml/datasets): loadDiabetes returns the RAW, UNSCALED values (scikit-learn\'s ' +
  'load_diabetes(scaled=False)): age in years, sex coded 1/2, bmi in kg/m^2, bp in mm Hg and the ' +
  'six serum measurements in their own units. The note below about mean-centring and scaling ' +
  'describes scikit-learn\'s default scaled version, not these values. Standardise before ' +
  'fitting penalised models.\n\n';

/**
 * Diabetes (Efron, Hastie, Johnstone and Tibshirani, 2004, "Least Angle Regression"): 442
 * patients × 10 baseline variables, target a quantitative measure of disease progression one
 * year later (25..346). Raw and unscaled, unlike scikit-learn's default.
 * @returns X (442, 10) raw, y (442) from `diabetes_target.csv.gz`.
 * @see ../../../../docs/datasets.md
 */
export function loadDiabetes(): RegressionDataset {
  const who = 'loadDiabetes';
  const xFile = 'sklearn/diabetes_data_raw.csv.gz';
  const yFile = 'sklearn/diabetes_target.csv.gz';
  const xs = parseDelimited(readDataText(xFile, who), `@fpml/datasets data/${xFile}`, ' ');
  const ys = parseDelimited(readDataText(yFile, who), `@fpml/datasets data/${yFile}`, ' ');
  if (xs.rows.length !== ys.rows.length) {
    throw new InvalidInputError(`${who}: ${xFile} has ${xs.rows.length} rows but ${yFile} has ${ys.rows.length}`);
  }
  const X = new Matrix(xs.rows.length, 10, numericRecords(xs.rows, xs.lines, 10, `@fpml/datasets data/${xFile}`)); // (442, 10)
  const y = numericRecords(ys.rows, ys.lines, 1, `@fpml/datasets data/${yFile}`); // (442)
  return {
    X,
    y,
    featureNames: [...DIABETES_FEATURES],
    targetNames: ['disease progression'],
    description: DIABETES_NOTE + description('diabetes.rst', who),
  };
}
