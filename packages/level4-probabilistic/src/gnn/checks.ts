/**
 * Argument checks shared by the GNN layers (typed errors naming the owner and the argument).
 * @see ../../../../docs/level4-probabilistic/graph-neural-networks.md
 */
import { InvalidParamError, ShapeError, describeValue } from '@fpml/core';

/** An integer $\ge 1$. */
export function positiveInt(owner: string, param: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new InvalidParamError(owner, param, v, 'an integer >= 1');
  return v;
}

/** A boolean. */
export function bool(owner: string, param: string, v: unknown): boolean {
  if (typeof v !== 'boolean') throw new InvalidParamError(owner, param, v, 'a boolean');
  return v;
}

/** Node features must be (numNodes, inFeatures). */
export function checkNodeFeatures(owner: string, shape: readonly number[] | undefined, numNodes: number, inFeatures: number): void {
  if (!shape || shape.length !== 2 || shape[0] !== numNodes || shape[1] !== inFeatures) {
    throw new ShapeError(`${owner}.forward: x must be (numNodes, inFeatures) = (${numNodes}, ${inFeatures}), got ${shape ? `shape [${shape.join(', ')}]` : describeValue(shape)}`);
  }
}
