/**
 * `checkCv`: turn a `cv` option into the list of folds, as scikit-learn's `check_cv` followed by
 * `list(cv.split(X, y, groups))`.
 *
 * `cv` may be
 * - an integer $k \ge 2$: `StratifiedKFold({ nSplits: k })` for a classifier whose `y` is binary or
 *   multiclass, else `KFold({ nSplits: k })` (both unshuffled: core's splitters, whose folds are
 *   sklearn's index for index);
 * - a splitter: any object with `split(X, y, groups)` yielding `{ trainIndex, testIndex }` or
 *   `[train, test]` (core's `KFold`, `StratifiedKFold`, this folder's `GroupKFold`, or your own);
 * - an explicit list of folds: `[train, test]` index arrays or `{ trainIndex, testIndex }` objects.
 *
 * Differences from sklearn, on purpose: an integer `cv` on a classifier throws when the smallest
 * class has fewer than $k$ members (sklearn only warns, then builds folds in which that class is
 * missing from some test sets); pass a `StratifiedKFold` yourself to get sklearn's behaviour.
 * Every fold must have a non-empty train and test set of valid row indices.
 *
 * Cost: the splitter's own ($O(nk)$ for k folds) plus $O(nk)$ to check the indices.
 *
 * @see ../../../../docs/level2-classical/model-selection.md#folds
 */
import { InvalidInputError, InvalidParamError, KFold, ShapeError, StratifiedKFold, describeValue } from '@fpml/core';
import type { Fold, Matrix, VectorLike } from '@fpml/core';
import { classCounts, typeOfTarget, type Target } from './targets.js';

/** One fold given explicitly: `[train, test]` index arrays, or core's `{ trainIndex, testIndex }`. */
export type FoldLike = Fold | readonly [VectorLike, VectorLike];

/** A cross-validation splitter: core's KFold/StratifiedKFold, GroupKFold, or anything with `split`. */
export interface Splitter {
  split(X: Matrix, y?: Target, groups?: Target): Iterable<FoldLike>;
  getNSplits?(): number;
}

/** What `cv` may be: a fold count, a splitter, or explicit folds. */
export type CvOption = number | Splitter | readonly FoldLike[];

const ALLOWED = 'an integer >= 2, a splitter with split(X, y, groups), or an array of [trainIndex, testIndex] folds';

/** Check one fold's indices against n and return it as Int32Arrays. */
function toFold(f: unknown, n: number, at: string): Fold {
  let train: unknown, test: unknown;
  if (Array.isArray(f) && f.length === 2) [train, test] = f;
  else if (f !== null && typeof f === 'object' && 'trainIndex' in f && 'testIndex' in f) ({ trainIndex: train, testIndex: test } = f as Fold);
  else throw new InvalidInputError(`${at} must be [trainIndex, testIndex] or { trainIndex, testIndex }, got ${describeValue(f)}`);
  const check = (idx: unknown, name: string): Int32Array => {
    if (!Array.isArray(idx) && !(ArrayBuffer.isView(idx) && !(idx instanceof DataView))) {
      throw new InvalidInputError(`${at}.${name} must be an array of row indices, got ${describeValue(idx)}`);
    }
    const a = idx as ArrayLike<unknown>;
    if (a.length === 0) throw new InvalidInputError(`${at}.${name} is empty; every fold needs at least one ${name === 'trainIndex' ? 'training' : 'test'} row`);
    const out = new Int32Array(a.length);
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= n) {
        throw new ShapeError(`${at}.${name}[${i}] is ${describeValue(v)} but X has ${n} rows (valid: integers in [0, ${n}))`);
      }
      out[i] = v;
    }
    return out;
  };
  return { trainIndex: check(train, 'trainIndex'), testIndex: check(test, 'testIndex') };
}

/** Whether an integer `cv` on this estimator/target means StratifiedKFold (sklearn's check_cv rule). */
export function usesStratified(classifier: boolean, y: Target | undefined): boolean {
  if (!classifier || y === undefined) return false;
  const t = typeOfTarget(y);
  return t === 'binary' || t === 'multiclass';
}

/**
 * The folds of `cv` on (X, y, groups), materialised and checked.
 *
 * @param classifier whether the estimator is a classifier (decides stratification of an integer cv).
 * @param owner the public function or class, named in errors.
 * @throws InvalidParamError for a `cv` of the wrong kind; InvalidInputError when an integer cv is
 *   larger than n, or (stratified) than the smallest class, or when a splitter yields no folds or
 *   an empty side; ShapeError for an index outside [0, n).
 */
export function checkCv(cv: CvOption | undefined, X: Matrix, y: Target | undefined, groups: Target | undefined, classifier: boolean, owner: string): Fold[] {
  const n = X.rows;
  const c = cv ?? 5;
  let folds: Iterable<unknown>;
  let source: string;
  if (typeof c === 'number') {
    if (!Number.isInteger(c) || c < 2) throw new InvalidParamError(owner, 'cv', c, ALLOWED);
    if (c > n) throw new InvalidInputError(`${owner}: cv=${c} folds need at least ${c} samples, but X has ${n} rows`);
    if (usesStratified(classifier, y)) {
      const counts = classCounts(y!);
      const [label, least] = [...counts].reduce((a, b) => (b[1] < a[1] ? b : a));
      if (least < c) {
        throw new InvalidInputError(
          `${owner}: stratified cv=${c} needs at least ${c} members in every class, but class ${describeValue(label)} has ${least}; use fewer folds, or pass cv: new StratifiedKFold({ nSplits: ${c} }) to accept test folds without that class (scikit-learn's behaviour, with a warning)`,
        );
      }
      folds = new StratifiedKFold({ nSplits: c }).split(X, y as never);
      source = `StratifiedKFold(nSplits=${c})`;
    } else {
      folds = new KFold({ nSplits: c }).split(X);
      source = `KFold(nSplits=${c})`;
    }
  } else if (Array.isArray(c)) {
    folds = c;
    source = 'cv';
  } else if (c !== null && typeof c === 'object' && typeof (c as Splitter).split === 'function') {
    const it: unknown = (c as Splitter).split(X, y, groups);
    if (it === null || typeof it !== 'object' || typeof (it as Iterable<unknown>)[Symbol.iterator] !== 'function') {
      throw new InvalidInputError(`${owner}: cv.split(X, y, groups) must return an iterable of folds, got ${describeValue(it)}`);
    }
    folds = it as Iterable<unknown>;
    source = `${describeValue(c).replace(/^an? /, '')}.split`;
  } else {
    throw new InvalidParamError(owner, 'cv', c, ALLOWED);
  }
  const out: Fold[] = [];
  let k = 0;
  for (const f of folds) out.push(toFold(f, n, `${owner}: ${source} fold ${k++}`));
  if (out.length === 0) throw new InvalidInputError(`${owner}: ${source} yielded no folds`);
  return out;
}

/**
 * Check `groups` (one label per row) if given.
 * @throws InvalidInputError for a non-array; ShapeError for a length mismatch.
 */
export function checkGroups(groups: unknown, n: number, owner: string): Target | undefined {
  if (groups === undefined || groups === null) return undefined;
  const ok = Array.isArray(groups) || (ArrayBuffer.isView(groups) && !(groups instanceof DataView));
  if (!ok) throw new InvalidInputError(`${owner}: groups must be an array with one group label per row, got ${describeValue(groups)}`);
  const len = (groups as ArrayLike<unknown>).length;
  if (len !== n) throw new ShapeError(`${owner}: groups has ${len} entries but X has ${n} rows`);
  return groups as Target;
}
