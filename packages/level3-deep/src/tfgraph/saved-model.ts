/**
 * Serialise a TensorFlow graph as a `SavedModel` (tensorflow/core/protobuf/saved_model.proto,
 * meta_graph.proto, graph.proto, node_def.proto, attr_value.proto, tensor.proto,
 * tensor_shape.proto), the one graph format tfjs-node can hand to libtensorflow's session API
 * (`tf.node.loadSavedModel`). One meta graph, tagged `serve`, with one signature; no variables
 * (state travels through the signature's inputs and outputs). The field numbers below are the
 * protos' own.
 */
import { ProtoWriter } from './protobuf.js';

/** TensorFlow's `DataType` enum values for the dtypes used here. */
export const DT = { float32: 1, int32: 3 } as const;
/** A dtype a graph tensor can have. */
export type GraphDType = keyof typeof DT;

/** An attribute value of a node (`AttrValue`'s oneof). */
export type AttrValue =
  | { type: GraphDType }
  | { i: number }
  | { f: number }
  | { b: boolean }
  | { s: string }
  | { shape: readonly number[] }
  | { tensor: { dtype: GraphDType; shape: readonly number[]; data: Float32Array | Int32Array } };

/** A node of the graph (`NodeDef`): inputs are `"node"` or `"node:k"` for its k-th output. */
export interface NodeDef {
  name: string;
  op: string;
  inputs: string[];
  attrs: Record<string, AttrValue>;
}

/** A signature entry: the graph tensor (`"node:k"`), its dtype and shape. */
export interface TensorInfo {
  name: string;
  dtype: GraphDType;
  shape: readonly number[];
}

/** GraphDef producer version written (TensorFlow 2.21's is about 2000; 1882 is a 2.x value it accepts). */
const PRODUCER = 1882;

function writeShape(w: ProtoWriter, dims: readonly number[]): void {
  for (const d of dims) w.message(2, (dim) => dim.int(1, d)); // TensorShapeProto.dim (Dim.size)
}

function writeAttr(w: ProtoWriter, v: AttrValue): void {
  if ('type' in v) w.int(6, DT[v.type]);
  else if ('i' in v) w.int(3, v.i);
  else if ('f' in v) w.float(4, v.f);
  else if ('b' in v) w.bool(5, v.b);
  else if ('s' in v) w.string(2, v.s);
  else if ('shape' in v) w.message(7, (s) => writeShape(s, v.shape));
  else {
    const { dtype, shape, data } = v.tensor;
    w.message(8, (t) => {
      t.int(1, DT[dtype]); // TensorProto.dtype
      t.message(2, (s) => writeShape(s, shape)); // tensor_shape
      t.raw(4, new Uint8Array(data.buffer, data.byteOffset, data.byteLength)); // tensor_content, little-endian
    });
  }
}

function writeTensorInfo(w: ProtoWriter, t: TensorInfo): void {
  w.string(1, t.name).int(2, DT[t.dtype]).message(3, (s) => writeShape(s, t.shape));
}

/**
 * The bytes of `saved_model.pb` for `nodes` with one signature `serving_default` mapping
 * `inputs` and `outputs` keys to graph tensors. `stripped_default_attrs` is set, so the loader
 * fills in every attribute a node leaves at its op's default.
 */
export function encodeSavedModel(nodes: readonly NodeDef[], inputs: Record<string, TensorInfo>, outputs: Record<string, TensorInfo>): Uint8Array {
  const w = new ProtoWriter();
  w.int(1, 1); // saved_model_schema_version
  w.message(2, (mg) => { // meta_graphs
    mg.message(1, (info) => info.string(4, 'serve').string(5, '2.21.0').bool(7, true)); // meta_info_def: tags, tensorflow_version, stripped_default_attrs
    mg.message(2, (g) => { // graph_def
      for (const n of nodes) {
        g.message(1, (nd) => {
          nd.string(1, n.name).string(2, n.op);
          for (const i of n.inputs) nd.string(3, i);
          for (const [k, v] of Object.entries(n.attrs)) nd.message(5, (e) => e.string(1, k).message(2, (a) => writeAttr(a, v)));
        });
      }
      g.message(4, (ver) => ver.int(1, PRODUCER)); // versions.producer
    });
    mg.message(5, (e) => { // signature_def["serving_default"]
      e.string(1, 'serving_default');
      e.message(2, (sig) => {
        for (const [k, t] of Object.entries(inputs)) sig.message(1, (m) => m.string(1, k).message(2, (ti) => writeTensorInfo(ti, t)));
        for (const [k, t] of Object.entries(outputs)) sig.message(2, (m) => m.string(1, k).message(2, (ti) => writeTensorInfo(ti, t)));
        sig.string(3, 'tensorflow/serving/predict');
      });
    });
  });
  return w.bytes();
}
