/** tree: barrel (named re-exports only). See README.md for the files. */
export { DecisionTreeClassifier, type DecisionTreeClassifierOptions, type DecisionTreeClassifierParams, type ClassificationCriterion } from './decision-tree-classifier.js';
export { DecisionTreeRegressor, type DecisionTreeRegressorOptions, type DecisionTreeRegressorParams, type RegressionCriterion } from './decision-tree-regressor.js';
export { Tree, TREE_LEAF, TREE_UNDEFINED, type TreeArrays, type TreeJSON } from './tree-structure.js';
export { type PruningPath, pruningPath, pruneTree } from './pruning.js';
export { type MaxFeatures, type TreeGrowthOptions, type TreeGrowthParams } from './tree-params.js';
export { type CriterionName } from './criteria.js';
export { presort, type PresortedX } from './presort.js';
export { fitTree, rngSource, type FitTreeOptions } from './fit-tree.js';
export { type RandomSource, type SplitTarget, type SplitterWorkspace, makeWorkspace, FEATURE_THRESHOLD } from './splitter.js';
export { exportText, formatFixed, type ExportTextOptions } from './export-text.js';
