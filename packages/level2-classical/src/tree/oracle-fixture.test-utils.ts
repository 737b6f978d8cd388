/**
 * Loader of the frozen scikit-learn 1.2.1 tree and forest oracle (`__fixtures__/tree.json`, made
 * by `scripts/oracles/freeze_tree.py`) and of the datasets it was made on, rounded to float32
 * exactly as the script did. Test support only (the estimators never read it).
 *
 * @see ../../../../docs/level2-classical/trees.md
 */
import { readFileSync } from 'node:fs';
import { Matrix } from '@fpml/core';
import { loadBreastCancer, loadDiabetes, loadDigits, loadIris, loadWine } from '@fpml/datasets';

/** sklearn's `tree_` arrays as frozen. */
export interface SkTree {
  node_count: number;
  max_depth: number;
  children_left: number[];
  children_right: number[];
  feature: number[];
  threshold: number[];
  impurity: number[];
  n_node_samples: number[];
  weighted_n_node_samples: number[];
  value: number[][];
}

export type SkParams = Record<string, number | string>;

export interface TreeFixture {
  x_sums: Record<string, number>;
  weights: Record<string, number[]>;
  trees: { dataset: string; kind: 'clf' | 'reg'; params: SkParams; random_state: number; weights: string | null; tree: SkTree; feature_importances: number[]; max_features_: number }[];
  tiebreak: { dataset: string; kind: 'clf' | 'reg'; params: SkParams; n_states: number; agreed_predict: (number | null)[]; node_count: number[]; max_depth: number[] }[];
  ccp: { dataset: string; kind: 'clf' | 'reg'; params: SkParams; random_state: number; ccp_alphas: number[]; impurities: number[]; refits: { ccp_alpha: number; tree: SkTree; predict: number[] }[] }[];
  forest_cv: { dataset: string; kind: 'clf' | 'reg'; n_estimators: number; random_state: number; fold: number[]; fold_scores: number[]; oob_score: number; feature_importances: number[] }[];
  forest_exact: {
    dataset: string;
    kind: 'clf' | 'reg';
    params: SkParams;
    random_state: number;
    tree_random_states: number[];
    node_counts: number[];
    oob_score: number;
    feature_importances: number[];
    predict_proba?: number[][];
    oob_decision_function?: number[][];
    predict?: number[];
    oob_prediction?: number[];
  }[];
  export_text: { dataset: string; kind: 'clf' | 'reg'; params: SkParams; options: Record<string, unknown>; text: string }[];
  numpy_randint: { rand_r_seeds: number[]; forest_seeds_0: number[]; randint_7_0_150: number[] };
}

let cached: TreeFixture | null = null;

/** The parsed fixture (read once). */
export function treeFixture(): TreeFixture {
  if (cached === null) cached = JSON.parse(readFileSync(new URL('./__fixtures__/tree.json', import.meta.url), 'utf8')) as TreeFixture;
  return cached;
}

const LOADERS = { iris: loadIris, wine: loadWine, breast_cancer: loadBreastCancer, digits: loadDigits, diabetes: loadDiabetes };

/** A dataset with X rounded to float32 (as sklearn's trees see it) and y as stored. */
export function oracleData(name: string): { X: Matrix; y: Int32Array | Float64Array } {
  const load = LOADERS[name as keyof typeof LOADERS];
  const { X, y } = load();
  const Xr = new Matrix(X.rows, X.cols);
  for (let k = 0; k < X.data.length; k++) Xr.data[k] = Math.fround(X.data[k]!);
  return { X: Xr, y };
}

/** sklearn snake_case tree params → fpml camelCase options. */
export function camelParams(p: SkParams): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const [k, v] of Object.entries(p)) out[k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] = v;
  return out;
}
