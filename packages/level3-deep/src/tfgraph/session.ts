/**
 * `GraphSession`: run a {@link GraphBuilder} graph in libtensorflow's graph executor through
 * tfjs-node (`tf.node.loadSavedModel`, which holds a `TF_Session`). One `run` is one
 * `TF_SessionRun`: every op of the graph executes inside libtensorflow with no per-op trip
 * through JavaScript, and the session's graph optimisations apply (Grappler: constant folding,
 * arithmetic simplification, and with oneDNN the remapper's MatMul + BiasAdd fusion). Only the
 * `tensorflow` backend has sessions.
 *
 * @see ../../../../docs/level3-deep/performance.md
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidInputError, ShapeError, describeValue } from '@fpml/core';
import { BackendLoadError, tfNode, type Tf } from '@fpml/core/tf';
import type { Tensor } from '@tensorflow/tfjs';
import { GraphBuilder, type Sym } from './builder.js';
import { encodeSavedModel } from './saved-model.js';

/** The part of tfjs-node's SavedModel handle used here. */
interface SavedModelHandle {
  predict(inputs: Record<string, Tensor>): Record<string, Tensor>;
  dispose(): void;
}

/** A loaded graph: named inputs in, named outputs out, each `run` one session call. */
export class GraphSession {
  readonly #model: SavedModelHandle;
  readonly #inputs: Record<string, Sym>;
  readonly #outputs: Record<string, Sym>;
  #disposed = false;

  private constructor(model: SavedModelHandle, inputs: Record<string, Sym>, outputs: Record<string, Sym>) {
    this.#model = model;
    this.#inputs = inputs;
    this.#outputs = outputs;
  }

  /**
   * Serialise `graph` (outputs get `Identity` nodes named after their keys), write it to a
   * temporary SavedModel directory, load it into a session and delete the directory.
   * @throws BackendLoadError when the active backend is not `tensorflow`
   */
  static async load(tf: Tf, graph: GraphBuilder, inputs: Record<string, Sym>, outputs: Record<string, Sym>): Promise<GraphSession> {
    const node = tfNode();
    if (tf.getBackend() !== 'tensorflow' || !node) throw new BackendLoadError(`GraphSession: graph sessions need the tensorflow backend (tfjs-node), the active backend is ${tf.getBackend()}`);
    const outs: Record<string, Sym> = {};
    for (const [k, s] of Object.entries(outputs)) outs[k] = graph.identity(s, `out_${k}`);
    const info = (m: Record<string, Sym>) => Object.fromEntries(Object.entries(m).map(([k, s]) => [k, GraphBuilder.info(s)]));
    const dir = mkdtempSync(join(tmpdir(), 'fpml-graph-'));
    try {
      mkdirSync(join(dir, 'variables'));
      writeFileSync(join(dir, 'saved_model.pb'), encodeSavedModel(graph.nodes, info(inputs), info(outs)));
      const model = (await node.loadSavedModel(dir, ['serve'], 'serving_default')) as SavedModelHandle;
      return new GraphSession(model, inputs, outs);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  /**
   * One session run. Every input must be given, with its declared dtype and shape; the outputs
   * are new tensors the caller owns.
   * @throws ShapeError / InvalidInputError naming the input; InvalidInputError with
   *   libtensorflow's message when an op rejects a value (an out-of-range index, say)
   */
  run(feeds: Record<string, Tensor>): Record<string, Tensor> {
    if (this.#disposed) throw new InvalidInputError('GraphSession.run: the session was disposed');
    for (const [k, s] of Object.entries(this.#inputs)) {
      const t = feeds[k];
      if (t === undefined || typeof t !== 'object' || !('dtype' in t)) throw new InvalidInputError(`GraphSession.run: input '${k}' must be a ${s.dtype} tensor, got ${describeValue(t)}`);
      if (t.dtype !== s.dtype || t.shape.length !== s.shape.length || t.shape.some((d, i) => d !== s.shape[i])) throw new ShapeError(`GraphSession.run: input '${k}' must be ${s.dtype} [${s.shape.join(', ')}], got ${t.dtype} [${t.shape.join(', ')}]`);
    }
    const extra = Object.keys(feeds).filter((k) => !(k in this.#inputs));
    if (extra.length) throw new InvalidInputError(`GraphSession.run: unknown inputs ${extra.join(', ')} (expected ${Object.keys(this.#inputs).join(', ')})`);
    try {
      return this.#model.predict(feeds);
    } catch (err) {
      // libtensorflow validates values at run time (e.g. GatherV2's "indices[3] = 70 is not in [0, 65)").
      const msg = String((err as Error)?.message ?? err).replace(/^Session fail to run with error:\s*/, '').split('\n')[0];
      throw new InvalidInputError(`GraphSession.run: libtensorflow rejected the inputs: ${msg}`);
    }
  }

  /** Output names, in signature order. */
  get outputNames(): string[] {
    return Object.keys(this.#outputs);
  }

  /** Delete the session. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#model.dispose();
  }
}
