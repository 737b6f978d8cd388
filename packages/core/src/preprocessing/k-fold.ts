/**
 * K-fold cross-validation splitter, as scikit-learn 1.2.1's `KFold` (identical folds when not
 * shuffled; shuffled folds use fpml's seeded {@link Rng}).
 *
 * @see ../../../../docs/core/preprocessing.md#kfold-and-stratifiedkfold
 */
import { InvalidInputError, InvalidParamError } from '../errors.js';
import type { MatrixLike } from '../matrix/matrix.js';
import { Rng } from '../rng/rng.js';
import { asMatrix } from '../validation/validate.js';

/** One fold: row indices, each sorted ascending. */
export interface Fold {
  trainIndex: Int32Array;
  testIndex: Int32Array;
}

/** Options of {@link KFold}. */
export interface KFoldOptions {
  /** Number of folds, at least 2. @default 5 */
  nSplits?: number;
  /** Shuffle the rows before cutting them into folds. @default false */
  shuffle?: boolean;
  /** Seed of the {@link Rng} used when shuffling. @default 0 */
  seed?: number;
}

/** @throws InvalidParamError for a bad nSplits, shuffle or seed. */
export function checkSplitParams(owner: string, nSplits: unknown, shuffle: unknown, seed: unknown): void {
  if (typeof nSplits !== 'number' || !Number.isInteger(nSplits) || nSplits < 2) throw new InvalidParamError(owner, 'nSplits', nSplits, 'an integer >= 2');
  if (typeof shuffle !== 'boolean') throw new InvalidParamError(owner, 'shuffle', shuffle, 'a boolean');
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) throw new InvalidParamError(owner, 'seed', seed, 'an integer');
}

/** Train = every index not in the test mask, ascending; test = the mask, ascending. */
export function foldFromMask(isTest: Uint8Array): Fold {
  const train: number[] = [];
  const test: number[] = [];
  isTest.forEach((t, i) => (t ? test : train).push(i));
  return { trainIndex: Int32Array.from(train), testIndex: Int32Array.from(test) };
}

/**
 * Cut the $n$ rows (shuffled or not) into `nSplits` consecutive folds; the first
 * $n \bmod k$ folds get $\lfloor n/k \rfloor + 1$ rows, the rest $\lfloor n/k \rfloor$. Each fold is
 * the test set once, the other folds its train set. $O(nk)$ over all folds.
 *
 * @example
 * for (const { trainIndex, testIndex } of new KFold({ nSplits: 5 }).split(X)) { ... }
 * @see ../../../../docs/core/preprocessing.md#kfold-and-stratifiedkfold
 */
export class KFold {
  readonly nSplits: number;
  readonly shuffle: boolean;
  readonly seed: number;

  /** Stores the options; `split` checks them. */
  constructor(options: KFoldOptions = {}) {
    this.nSplits = options.nSplits ?? 5;
    this.shuffle = options.shuffle ?? false;
    this.seed = options.seed ?? 0;
  }

  /** The number of folds `split` yields. */
  getNSplits(): number {
    return this.nSplits;
  }

  /**
   * The folds of the rows of X (n, d) (y is not used; accepted for symmetry).
   * @throws InvalidParamError for bad options; InvalidInputError if X has fewer rows than nSplits.
   */
  split(X: MatrixLike, _y?: unknown): IterableIterator<Fold> {
    checkSplitParams('KFold', this.nSplits, this.shuffle, this.seed);
    const n = asMatrix(X, 'X', { finite: false }).rows;
    const k = this.nSplits;
    if (k > n) throw new InvalidInputError(`KFold: cannot have nSplits=${k} greater than the number of samples n=${n}`);
    const order = this.shuffle ? new Rng(this.seed).permutation(n) : Int32Array.from({ length: n }, (_, i) => i);
    return (function* folds(): IterableIterator<Fold> {
      let start = 0;
      for (let f = 0; f < k; f++) {
        const size = Math.floor(n / k) + (f < n % k ? 1 : 0);
        const isTest = new Uint8Array(n);
        for (let r = start; r < start + size; r++) isTest[order[r]!] = 1;
        start += size;
        yield foldFromMask(isTest);
      }
    })();
  }
}
