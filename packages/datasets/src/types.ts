/**
 * Shapes shared by the loaders.
 *
 * @see ../../../docs/datasets.md
 */
import type { Matrix } from '@fpml/core';

/**
 * A tabular dataset in scikit-learn's "Bunch" form.
 *
 * `y` is an `Int32Array` of class indices into `targetNames` for classification and a
 * `Float64Array` for regression (then `targetNames` holds the target's one name).
 */
export interface TabularDataset<Y extends Int32Array | Float64Array = Int32Array | Float64Array> {
  /** Features, one sample a row. */
  X: Matrix; // (n, d)
  /** Targets. */
  y: Y; // (n)
  /** Column names of `X`. */
  featureNames: string[]; // (d)
  /** Class names (classification, `targetNames[y[i]]`) or the regression target's name. */
  targetNames: string[];
  /** Where the data come from, what they mean and their license. */
  description: string;
}

/** A classification dataset: `y[i]` indexes `targetNames`. */
export type ClassificationDataset = TabularDataset<Int32Array>;

/** A regression dataset: `y` holds real targets. */
export type RegressionDataset = TabularDataset<Float64Array>;
