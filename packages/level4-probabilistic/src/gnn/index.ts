/**
 * Graph neural networks (reference + tfjs twins): graphs and their propagation matrices, GCN,
 * GraphSAGE-mean and GAT layers, label propagation and spectral clustering baselines, and a
 * stochastic block model with tunable homophily. See README.md.
 * @see ../../../../docs/level4-probabilistic/graph-neural-networks.md
 */
export {
  graphFromEdges, checkGraph, inDegrees, denseAdjacency, gcnNormalize, rowNormalize, csrToDense, csrTranspose, selfLoopEdges,
  type Graph, type CsrMatrix, type GraphFromEdgesOptions, type NormalizeOptions,
} from './graph.js';
export { spmm, tfDenseMatrix } from './spmm.js';
export { GCNConv, TfGCNConv, type GCNConvOptions } from './gcn-conv.js';
export { SAGEConv, TfSAGEConv, type SAGEConvOptions } from './sage-conv.js';
export { GATConv, TfGATConv, type GATConvOptions, type GATAttention } from './gat-conv.js';
export { labelPropagation, type LabelPropagationOptions, type LabelPropagationResult } from './label-propagation.js';
export { spectralEmbedding, spectralClustering, type SpectralOptions, type SpectralClusteringOptions } from './spectral-clustering.js';
export { stochasticBlockModel, sbmProbabilities, edgeHomophily, classSignalFeatures, type SbmOptions } from './sbm.js';
export { TfNodeClassifier, trainNodeClassifier, type NodeClassifierKind, type NodeClassifierOptions, type TrainNodeClassifierOptions } from './node-classifier.js';
