/**
 * Random (optionally stratified) train/test split, as scikit-learn 1.2.1's `train_test_split`
 * (sizes and unshuffled indices identical; shuffled draws use fpml's seeded {@link Rng}).
 *
 * @see ../../../../docs/core/preprocessing.md#traintestsplit
 */
import { InvalidInputError, InvalidParamError, describeValue } from '../errors.js';
import { Matrix, type MatrixLike } from '../matrix/matrix.js';
import { checkLengths, toLabels, uniqueLabels, type Label, type LabelsLike } from '../metrics/labels.js';
import { Rng } from '../rng/rng.js';
import { asMatrix } from '../validation/validate.js';

const OWNER = 'trainTestSplit';

/** Options of {@link trainTestSplit}. */
export interface TrainTestSplitOptions {
  /** Test set size: a fraction in (0, 1) (rounded up) or a count ≥ 1. @default 0.25 when trainSize is unset, else the complement */
  testSize?: number;
  /** Train set size: a fraction in (0, 1) (rounded down) or a count ≥ 1. @default the complement of testSize */
  trainSize?: number;
  /** Shuffle before splitting; `false` takes the first rows for training, the next for testing. @default true */
  shuffle?: boolean;
  /** Labels (n,) whose class proportions both parts keep (requires shuffle). @default undefined */
  stratify?: LabelsLike;
  /** Seed of the {@link Rng} used to shuffle. @default 0 */
  seed?: number;
}

/** Targets a split can carry along: typed arrays or plain arrays of numbers/strings. */
export type SplitTarget = Float64Array | Int32Array | Float32Array | readonly Label[];

/** The two parts, and which rows of X went where. */
export interface TrainTestSplit<Y> {
  XTrain: Matrix;
  XTest: Matrix;
  yTrain: Y;
  yTest: Y;
  /** Rows of X in the train part, in output order. */
  trainIndex: Int32Array;
  /** Rows of X in the test part, in output order. */
  testIndex: Int32Array;
}

/**
 * sklearn's size rule: a fractional test size is rounded up, $n_\text{test} = \lceil t\,n \rceil$, a
 * fractional train size down, $n_\text{train} = \lfloor r\,n \rfloor$; an unset one is the
 * complement; integers are counts.
 * @throws InvalidParamError for sizes out of range, summing to more than n, or an empty train set.
 */
export function splitSizes(n: number, testSize?: number, trainSize?: number): { nTrain: number; nTest: number } {
  const test = testSize === undefined && trainSize === undefined ? 0.25 : testSize;
  const kind = (v: number | undefined, name: string): 'int' | 'frac' | 'none' => {
    if (v === undefined) return 'none';
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new InvalidParamError(OWNER, name, v, 'a fraction in (0, 1) or a positive integer count');
    if (Number.isInteger(v) && v >= 1) {
      if (v >= n) throw new InvalidParamError(OWNER, name, v, `a count smaller than the number of samples ${n}, or a fraction in (0, 1)`);
      return 'int';
    }
    if (!(v > 0 && v < 1)) throw new InvalidParamError(OWNER, name, v, 'a fraction in (0, 1) or a positive integer count');
    return 'frac';
  };
  const tk = kind(test, 'testSize');
  const rk = kind(trainSize, 'trainSize');
  if (tk === 'frac' && rk === 'frac' && test! + trainSize! > 1) {
    throw new InvalidParamError(OWNER, 'testSize + trainSize', test! + trainSize!, 'at most 1');
  }
  let nTest = tk === 'frac' ? Math.ceil(test! * n) : tk === 'int' ? test! : 0;
  let nTrain = rk === 'frac' ? Math.floor(trainSize! * n) : rk === 'int' ? trainSize! : 0;
  if (rk === 'none') nTrain = n - nTest;
  else if (tk === 'none') nTest = n - nTrain;
  if (nTrain + nTest > n) {
    throw new InvalidParamError(OWNER, 'trainSize + testSize', nTrain + nTest, `at most the number of samples ${n}`);
  }
  if (nTrain === 0) {
    throw new InvalidParamError(OWNER, 'testSize', testSize, `a size that leaves a non-empty train set (n=${n}, testSize=${describeValue(testSize)}, trainSize=${describeValue(trainSize)})`);
  }
  return { nTrain, nTest };
}

/** sklearn's `_approximate_mode`: integer counts summing to `draws`, as close as possible to proportional; ties in the remainders are broken at random. */
function approximateMode(counts: readonly number[], draws: number, rng: Rng): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  const continuous = counts.map((c) => (c / total) * draws);
  const floored = continuous.map(Math.floor);
  let need = draws - floored.reduce((a, b) => a + b, 0);
  if (need > 0) {
    const remainder = continuous.map((c, i) => c - floored[i]!);
    const values = [...new Set(remainder)].sort((a, b) => b - a);
    for (const value of values) {
      const inds = remainder.flatMap((r, i) => (r === value ? [i] : []));
      const take = Math.min(inds.length, need);
      for (const k of rng.choice(inds.length, take, { replace: false })) floored[inds[k]!]! += 1;
      need -= take;
      if (need === 0) break;
    }
  }
  return floored;
}

function stratifiedIndices(labels: readonly Label[], nTrain: number, nTest: number, rng: Rng): [Int32Array, Int32Array] {
  const classes = uniqueLabels(labels);
  const byClass = classes.map(() => [] as number[]);
  const pos = new Map(classes.map((c, k) => [c, k]));
  labels.forEach((l, i) => byClass[pos.get(l)!]!.push(i));
  const counts = byClass.map((b) => b.length);
  const smallest = Math.min(...counts);
  if (smallest < 2) {
    throw new InvalidInputError(`${OWNER}: the least populated class in stratify has only ${smallest} member; every class needs at least 2`);
  }
  if (nTrain < classes.length) throw new InvalidParamError(OWNER, 'trainSize', nTrain, `at least the number of classes ${classes.length}`);
  if (nTest < classes.length) throw new InvalidParamError(OWNER, 'testSize', nTest, `at least the number of classes ${classes.length}`);
  const nI = approximateMode(counts, nTrain, rng);
  const tI = approximateMode(counts.map((c, k) => c - nI[k]!), nTest, rng);
  const train: number[] = [];
  const test: number[] = [];
  byClass.forEach((members, k) => {
    const perm = rng.permutation(members.length);
    for (let r = 0; r < nI[k]! + tI[k]!; r++) (r < nI[k]! ? train : test).push(members[perm[r]!]!);
  });
  return [rng.shuffle(Int32Array.from(train)), rng.shuffle(Int32Array.from(test))];
}

function take<Y extends SplitTarget>(y: Y, idx: Int32Array): Y {
  if (y instanceof Float64Array) return Float64Array.from(idx, (i) => y[i]!) as Y;
  if (y instanceof Int32Array) return Int32Array.from(idx, (i) => y[i]!) as Y;
  if (y instanceof Float32Array) return Float32Array.from(idx, (i) => y[i]!) as Y;
  const labels: readonly Label[] = y as readonly Label[];
  return Array.from(idx, (i) => labels[i]!) as unknown as Y;
}

function rowsOf(X: Matrix, idx: Int32Array): Matrix {
  const out = new Matrix(idx.length, X.cols); // (m, d)
  idx.forEach((i, r) => out.data.set(X.data.subarray(i * X.cols, (i + 1) * X.cols), r * X.cols));
  return out;
}

/**
 * Split the rows of X (and y) into a train and a test part. Unshuffled: the first
 * $n_\text{train}$ rows, then the next $n_\text{test}$. Shuffled: a random permutation, test first
 * (sklearn's ShuffleSplit). Stratified: per class, $n_\text{train}$ and $n_\text{test}$ are
 * allocated proportionally (sklearn's `_approximate_mode`), so each class's share in each part
 * is within one sample of its share in the data. Complexity $O(nd)$.
 *
 * @param X features (n, d).
 * @param y optional targets (n,), split alongside X and returned with the same array type.
 * @throws ShapeError if y or stratify has a different length; InvalidParamError for bad sizes
 *   or `stratify` without `shuffle`; InvalidInputError for bad X/y or a class with one member.
 * @see ../../../../docs/core/preprocessing.md#traintestsplit
 */
export function trainTestSplit<Y extends SplitTarget>(X: MatrixLike, y: Y, options?: TrainTestSplitOptions): TrainTestSplit<Y>;
export function trainTestSplit(X: MatrixLike, y?: undefined, options?: TrainTestSplitOptions): TrainTestSplit<undefined>;
export function trainTestSplit<Y extends SplitTarget>(X: MatrixLike, y?: Y, options: TrainTestSplitOptions = {}): TrainTestSplit<Y | undefined> {
  const { shuffle = true, seed = 0 } = options;
  if (typeof shuffle !== 'boolean') throw new InvalidParamError(OWNER, 'shuffle', shuffle, 'a boolean');
  if (!Number.isSafeInteger(seed)) throw new InvalidParamError(OWNER, 'seed', seed, 'an integer');
  const A = asMatrix(X, 'X'); // (n, d)
  const n = A.rows;
  if (y !== undefined) checkLengths('X', n, 'y', toLabels(y, 'y').length);
  const { nTrain, nTest } = splitSizes(n, options.testSize, options.trainSize);
  let trainIndex: Int32Array;
  let testIndex: Int32Array;
  if (options.stratify !== undefined) {
    if (!shuffle) throw new InvalidParamError(OWNER, 'shuffle', shuffle, 'true when stratify is given (stratified splits are shuffled)');
    const strata = toLabels(options.stratify, 'stratify');
    checkLengths('X', n, 'stratify', strata.length);
    uniqueLabels(strata);
    [trainIndex, testIndex] = stratifiedIndices(strata, nTrain, nTest, new Rng(seed));
  } else if (shuffle) {
    const perm = new Rng(seed).permutation(n);
    testIndex = perm.slice(0, nTest);
    trainIndex = perm.slice(nTest, nTest + nTrain);
  } else {
    trainIndex = Int32Array.from({ length: nTrain }, (_, i) => i);
    testIndex = Int32Array.from({ length: nTest }, (_, i) => nTrain + i);
  }
  return {
    XTrain: rowsOf(A, trainIndex),
    XTest: rowsOf(A, testIndex),
    yTrain: y === undefined ? undefined : take(y, trainIndex),
    yTest: y === undefined ? undefined : take(y, testIndex),
    trainIndex,
    testIndex,
  };
}
