/**
 * Errors of the causal framework, subclasses of core's `FpmlError` so one `instanceof
 * FpmlError` still catches everything.
 * @see ../../../../../docs/level4-probabilistic/causal-graphs.md
 */
import { FpmlError } from '@fpml/core';

/**
 * A causal query cannot be identified from the graph by the criteria tried (backdoor,
 * frontdoor, instrumental variables). The message names the query, the graph and why each
 * criterion failed; `reasons` keeps those sentences.
 */
export class NotIdentifiableError extends FpmlError {
  readonly query: string;
  readonly reasons: readonly string[];
  constructor(query: string, graph: string, reasons: readonly string[]) {
    super(`${query} is not identifiable in '${graph}': ${reasons.join('; ')}`);
    this.query = query;
    this.reasons = Object.freeze(reasons.slice());
  }
}
