/**
 * Stratified k-fold splitter, as scikit-learn 1.2.1's `StratifiedKFold` (identical folds when not
 * shuffled; shuffled folds use fpml's seeded {@link Rng}).
 *
 * @see ../../../../docs/core/preprocessing.md#kfold-and-stratifiedkfold
 */
import { InvalidInputError } from '../errors.js';
import type { MatrixLike } from '../matrix/matrix.js';
import { checkLengths, toLabels, uniqueLabels, type Label, type LabelsLike } from '../metrics/labels.js';
import { Rng } from '../rng/rng.js';
import { asMatrix } from '../validation/validate.js';
import { checkSplitParams, foldFromMask, type Fold, type KFoldOptions } from './k-fold.js';

/** Options of {@link StratifiedKFold}: as {@link KFoldOptions}. */
export type StratifiedKFoldOptions = KFoldOptions;

/**
 * Folds that keep each class's proportion. sklearn 1.2's allocation: classes are numbered in
 * order of first appearance, the labels sorted by that number are dealt round-robin to the folds
 * (sample $r$ of the sorted list goes to fold $r \bmod k$), which fixes how many of each class
 * every fold gets; then each class's members, in data order (or shuffled), fill fold 0's share,
 * fold 1's, and so on. Every fold's count of a class is within one of the others'. $O(nk)$.
 *
 * @see ../../../../docs/core/preprocessing.md#kfold-and-stratifiedkfold
 */
export class StratifiedKFold {
  readonly nSplits: number;
  readonly shuffle: boolean;
  readonly seed: number;

  /** Stores the options; `split` checks them. */
  constructor(options: StratifiedKFoldOptions = {}) {
    this.nSplits = options.nSplits ?? 5;
    this.shuffle = options.shuffle ?? false;
    this.seed = options.seed ?? 0;
  }

  /** The number of folds `split` yields. */
  getNSplits(): number {
    return this.nSplits;
  }

  /**
   * The folds of the rows of X (n, d), stratified by y (n,).
   * @throws InvalidParamError for bad options; ShapeError if y's length differs from X's rows;
   *   InvalidInputError if every class has fewer members than nSplits, or for bad labels.
   */
  split(X: MatrixLike, y: LabelsLike): IterableIterator<Fold> {
    checkSplitParams('StratifiedKFold', this.nSplits, this.shuffle, this.seed);
    const n = asMatrix(X, 'X', { finite: false }).rows;
    const labels = toLabels(y, 'y');
    checkLengths('X', n, 'y', labels.length);
    uniqueLabels(labels); // rejects numbers mixed with strings
    const k = this.nSplits;
    // classes numbered by first appearance
    const code = new Map<Label, number>();
    const enc = labels.map((l) => {
      let c = code.get(l);
      if (c === undefined) code.set(l, (c = code.size));
      return c;
    });
    const nClasses = code.size;
    const counts = new Array<number>(nClasses).fill(0);
    for (const c of enc) counts[c]! += 1;
    if (counts.every((c) => k > c)) {
      throw new InvalidInputError(`StratifiedKFold: nSplits=${k} cannot be greater than the number of members in each class (largest class has ${Math.max(...counts)})`);
    }
    // allocation[f][c]: members of class c in fold f, dealing the sorted codes round-robin
    const sorted = [...enc].sort((a, b) => a - b);
    const allocation = Array.from({ length: k }, () => new Array<number>(nClasses).fill(0));
    sorted.forEach((c, r) => (allocation[r % k]![c]! += 1));
    const testFold = new Int32Array(n);
    const rng = this.shuffle ? new Rng(this.seed) : null;
    for (let c = 0; c < nClasses; c++) {
      const folds: number[] = [];
      for (let f = 0; f < k; f++) for (let m = 0; m < allocation[f]![c]!; m++) folds.push(f);
      if (rng) rng.shuffle(folds);
      let r = 0;
      enc.forEach((e, i) => {
        if (e === c) testFold[i] = folds[r++]!;
      });
    }
    return (function* foldsOf(): IterableIterator<Fold> {
      for (let f = 0; f < k; f++) yield foldFromMask(Uint8Array.from(testFold, (t) => (t === f ? 1 : 0)));
    })();
  }
}
