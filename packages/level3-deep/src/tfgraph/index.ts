/**
 * TensorFlow graphs written in TypeScript: a static-shape op builder, a SavedModel encoder (a
 * few dozen lines of protocol buffers) and a session runner over tfjs-node's
 * `tf.node.loadSavedModel`. What `GraphGptTrainer` runs its whole training step on.
 * @see ../../../../docs/level3-deep/performance.md
 */
export { GraphBuilder, broadcastShapes, type Sym } from './builder.js';
export { GraphSession } from './session.js';
export { flatAdamInputs, flatAdamFeeds, flatAdamStep, type FlatAdamInputs } from './adam.js';
export { encodeSavedModel, DT, type AttrValue, type GraphDType, type NodeDef, type TensorInfo } from './saved-model.js';
export { ProtoWriter } from './protobuf.js';
