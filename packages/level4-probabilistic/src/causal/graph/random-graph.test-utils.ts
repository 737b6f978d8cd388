/**
 * Test helper: a fast-check arbitrary of random causal graphs (DAG + bidirected edges) with node
 * names V0.. in a shuffled causal order, so node order and topological order differ.
 */
import fc from 'fast-check';
import { CausalGraph } from './dag.js';

export interface RandomGraphOptions {
  minNodes?: number;
  maxNodes?: number;
  /** Probability of each forward directed edge. */
  density?: number;
  maxBidirected?: number;
}

/** Random ADMGs: each forward pair of a random causal order joined with probability `density`. */
export function arbGraph(options: RandomGraphOptions = {}): fc.Arbitrary<CausalGraph> {
  const { minNodes = 2, maxNodes = 8, density = 0.35, maxBidirected = 2 } = options;
  return fc
    .integer({ min: minNodes, max: maxNodes })
    .chain((n) =>
      fc.record({
        n: fc.constant(n),
        order: fc.shuffledSubarray(Array.from({ length: n }, (_, i) => i), { minLength: n, maxLength: n }),
        coins: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: (n * (n - 1)) / 2, maxLength: (n * (n - 1)) / 2 }),
        bi: fc.array(fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: n - 1 })), { maxLength: maxBidirected }),
      }),
    )
    .map(({ n, order, coins, bi }) => {
      const names = Array.from({ length: n }, (_, i) => `V${i}`);
      const edges: [string, string][] = [];
      let k = 0;
      for (let a = 0; a < n; a++) {
        for (let b = a + 1; b < n; b++) if (coins[k++]! < density) edges.push([names[order[a]!]!, names[order[b]!]!]);
      }
      const bidirected = bi.filter(([a, b]) => a !== b).map(([a, b]): [string, string] => [names[a]!, names[b]!]);
      return CausalGraph.fromEdges(edges, { nodes: names, bidirected });
    });
}

/** A random split of the nodes into roles: 0 → X, 1 → Y, 2 → Z, 3 → unused. */
export function arbRoles(n: number): fc.Arbitrary<number[]> {
  return fc.array(fc.integer({ min: 0, max: 3 }), { minLength: n, maxLength: n });
}
