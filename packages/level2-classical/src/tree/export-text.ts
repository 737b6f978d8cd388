/**
 * A text rendering of a fitted tree, in scikit-learn 1.2's `export_text` format:
 * ```
 * |--- petal width (cm) <= 0.80
 * |   |--- class: 0
 * |--- petal width (cm) >  0.80
 * |   |--- ...
 * ```
 * Each internal node prints its test twice (`<=` before the left subtree, `>` before the right);
 * a leaf prints its class (argmax of its counts) or, for a regressor, its value. Branches deeper
 * than `maxDepth` are summarised as `truncated branch of depth k`. $O(\text{nodeCount})$.
 *
 * @see ../../../../docs/level2-classical/trees.md
 */
import { InvalidInputError } from '@fpml/core';
import { DecisionTreeClassifier } from './decision-tree-classifier.js';
import type { DecisionTreeRegressor } from './decision-tree-regressor.js';
import { TREE_LEAF, type Tree } from './tree-structure.js';

/** Options of {@link exportText} (sklearn's names in camelCase). */
export interface ExportTextOptions {
  /** Names of the features. @default `feature_0`, `feature_1`, ... */
  featureNames?: readonly string[];
  /** Deepest level printed in full. @default 10 */
  maxDepth?: number;
  /** Spaces per indentation level. @default 3 */
  spacing?: number;
  /** Decimals of thresholds and values. @default 2 */
  decimals?: number;
  /** Also print each leaf's weighted class counts (classifier trees). @default false */
  showWeights?: boolean;
}

/** Depth of the subtree rooted at `t` (a leaf has depth 1, as sklearn's `_compute_depth`). */
function subtreeDepth(tree: Tree, t: number): number {
  if (tree.childrenLeft[t] === TREE_LEAF) return 1;
  return 1 + Math.max(subtreeDepth(tree, tree.childrenLeft[t]!), subtreeDepth(tree, tree.childrenRight[t]!));
}

/**
 * Python's `'{:.{d}f}'.format(x)`: like `toFixed`, but an exact tie rounds half to even
 * (`toFixed` rounds it away from zero: 0.125 → "0.13", Python "0.12").
 */
export function formatFixed(x: number, d: number): string {
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  const a = Math.abs(x);
  let s = a.toFixed(d);
  const exact = a.toFixed(Math.min(100, d + 70));
  const tail = exact.slice(exact.indexOf('.') + 1 + d);
  if (/^50*$/.test(tail)) {
    const down = exact.slice(0, exact.indexOf('.') + (d === 0 ? 0 : 1 + d));
    if (Number(down[down.length - 1]) % 2 === 0) s = down;
  }
  return sign + s;
}

/**
 * Render a fitted tree as text (sklearn's `export_text`; see the module comment). Classifier
 * leaves print `class: <label>` (the label with the largest weighted count).
 * @throws NotFittedError before fit; InvalidInputError if `featureNames` has the wrong length.
 */
export function exportText(model: DecisionTreeClassifier | DecisionTreeRegressor, options: ExportTextOptions = {}): string {
  const tree: Tree = model.tree;
  const classifier = model instanceof DecisionTreeClassifier;
  const classes = classifier ? model.classes : [];
  const { maxDepth = 10, spacing = 3, decimals = 2, showWeights = false } = options;
  const names = options.featureNames ?? Array.from({ length: tree.nFeatures }, (_, j) => `feature_${j}`);
  if (names.length !== tree.nFeatures) throw new InvalidInputError(`exportText: featureNames has ${names.length} names but the tree has ${tree.nFeatures} features`);
  const K = tree.nClasses;
  const lines: string[] = [];
  const leaf = (t: number, indent: string): void => {
    const v = Array.from(tree.value.subarray(t * K, (t + 1) * K));
    let text = '';
    if (showWeights || !classifier) text = `[${v.map((x) => formatFixed(x, decimals)).join(', ')}]`;
    if (classifier) text += ` class: ${String(classes[v.indexOf(Math.max(...v))])}`;
    // sklearn's value_fmt: classifier "{indent}{val}" or "{indent} weights: {val}", regressor "{indent} value: {val}"
    lines.push(classifier ? (showWeights ? `${indent} weights: ${text}` : `${indent}${text}`) : `${indent} value: ${text}`);
  };
  const walk = (t: number, depth: number): void => {
    let indent = ('|' + ' '.repeat(spacing)).repeat(depth);
    indent = indent.slice(0, indent.length - spacing) + '-'.repeat(spacing);
    if (depth <= maxDepth + 1) {
      if (tree.childrenLeft[t] !== TREE_LEAF) {
        const name = names[tree.feature[t]!]!;
        const th = formatFixed(tree.threshold[t]!, decimals);
        lines.push(`${indent} ${name} <= ${th}`);
        walk(tree.childrenLeft[t]!, depth + 1);
        lines.push(`${indent} ${name} >  ${th}`);
        walk(tree.childrenRight[t]!, depth + 1);
      } else leaf(t, indent);
    } else {
      const k = subtreeDepth(tree, t);
      if (k === 1) leaf(t, indent);
      else lines.push(`${indent} truncated branch of depth ${k}`);
    }
  };
  walk(0, 1);
  return lines.map((l) => `${l}\n`).join('');
}
