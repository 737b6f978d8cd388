/**
 * `GroupKFold`: k folds in which no group is split between train and test, as scikit-learn
 * 1.2's `GroupKFold` (deterministic, no shuffling). Use it when rows come in groups that are not
 * independent (several measurements per patient, several images per scene): a random split
 * would put one group on both sides and score memorisation as generalisation.
 *
 * Algorithm (sklearn's greedy balancing): count the rows $m_g$ of each distinct group (groups
 * sorted as `np.unique` sorts them), visit the groups from the largest to the smallest, and put
 * each in the fold that currently holds the fewest rows (the first such fold on ties). Fold $f$'s
 * test set is every row whose group went to $f$. Fold sizes then differ by at most the largest
 * group.
 *
 * Ties between equal-sized groups: sklearn orders them by `np.argsort(counts)[::-1]`, whose order
 * among equal counts depends on NumPy's sort kernel (insertion sort, stable, for at most 16
 * groups; a CPU-dependent SIMD or introsort beyond). fpml breaks ties as that stable sort does
 * (the later group first), so the folds are sklearn's exactly when there are at most 16 groups or
 * no two groups of the same size, on any machine.
 *
 * $O(n \log n + G \log G + G k)$ for $n$ rows, $G$ groups, $k$ folds.
 *
 * @see ../../../../docs/level2-classical/model-selection.md#folds
 */
import { InvalidInputError, InvalidParamError, ShapeError, asMatrix, compareLabels, describeValue } from '@fpml/core';
import type { Fold, Label, MatrixLike } from '@fpml/core';

/** Options of {@link GroupKFold}. */
export interface GroupKFoldOptions {
  /** Number of folds, at least 2 and at most the number of distinct groups. @default 5 */
  nSplits?: number;
}

/**
 * Group-aware k-fold splitter (see the module comment).
 *
 * @example
 * crossValScore(model, X, y, { cv: new GroupKFold({ nSplits: 3 }), groups: patientId });
 * @see ../../../../docs/level2-classical/model-selection.md#folds
 */
export class GroupKFold {
  readonly nSplits: number;

  /** Stores the options; `split` checks them. */
  constructor(options: GroupKFoldOptions = {}) {
    this.nSplits = options.nSplits ?? 5;
  }

  /** The number of folds `split` yields. */
  getNSplits(): number {
    return this.nSplits;
  }

  /**
   * The folds of the rows of X, keeping each group on one side.
   * @param groups (n,) one group label (number or string) per row; required.
   * @throws InvalidParamError for a bad nSplits; InvalidInputError without groups or with fewer
   *   groups than folds; ShapeError if groups' length differs from X's rows.
   */
  split(X: MatrixLike, _y?: unknown, groups?: unknown): IterableIterator<Fold> {
    const k = this.nSplits;
    if (typeof k !== 'number' || !Number.isInteger(k) || k < 2) throw new InvalidParamError('GroupKFold', 'nSplits', k, 'an integer >= 2');
    const n = asMatrix(X, 'X', { finite: false }).rows;
    if (!Array.isArray(groups) && !(ArrayBuffer.isView(groups) && !(groups instanceof DataView))) {
      throw new InvalidInputError(`GroupKFold: split needs groups (one label per row), got ${describeValue(groups)}`);
    }
    const g = Array.from(groups as ArrayLike<Label>);
    if (g.length !== n) throw new ShapeError(`GroupKFold: groups has ${g.length} entries but X has ${n} rows`);
    const kinds = new Set(g.map((v) => typeof v));
    if (kinds.size > 1 || !(kinds.has('number') || kinds.has('string')) || g.some((v) => typeof v === 'number' && Number.isNaN(v))) {
      throw new InvalidInputError('GroupKFold: groups must be all numbers (not NaN) or all strings');
    }
    const unique = [...new Set(g)].sort(compareLabels);
    if (k > unique.length) throw new InvalidInputError(`GroupKFold: cannot have nSplits=${k} greater than the number of groups (${unique.length})`);
    const code = new Map(unique.map((u, i) => [u, i]));
    const counts = new Array<number>(unique.length).fill(0);
    for (const v of g) counts[code.get(v)!]! += 1;
    // largest first; equal sizes: later group first (reverse of a stable ascending argsort)
    const order = unique.map((_, i) => i).sort((a, b) => counts[b]! - counts[a]! || b - a);
    const load = new Array<number>(k).fill(0);
    const foldOf = new Int32Array(unique.length);
    for (const gi of order) {
      let lightest = 0;
      for (let f = 1; f < k; f++) if (load[f]! < load[lightest]!) lightest = f;
      load[lightest]! += counts[gi]!;
      foldOf[gi] = lightest;
    }
    const rowFold = Int32Array.from(g, (v) => foldOf[code.get(v)!]!);
    return (function* folds(): IterableIterator<Fold> {
      for (let f = 0; f < k; f++) {
        const train: number[] = [];
        const test: number[] = [];
        rowFold.forEach((rf, i) => (rf === f ? test : train).push(i));
        yield { trainIndex: Int32Array.from(train), testIndex: Int32Array.from(test) };
      }
    })();
  }
}
