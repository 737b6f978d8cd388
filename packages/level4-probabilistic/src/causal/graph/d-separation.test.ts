/**
 * d-separation: textbook cases (chain, fork, collider and its descendant; Koller & Friedman's
 * Student network; the M-graph; latent common causes), the networkx 3.6.1 oracle
 * (`__fixtures__/causal_graphs_networkx.json`, made by scripts/oracles/freeze_causal_graphs.py,
 * seed recorded there), and a property test (fast-check, a failing run prints its seed): the
 * Bayes-ball search agrees with the moralised-ancestral-graph criterion on random ADMGs.
 */
import { InvalidInputError } from '@fpml/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import raw from './__fixtures__/causal_graphs_networkx.json' with { type: 'json' };
import { CausalGraph } from './dag.js';
import { activePath, dConnectedTo, dSeparated } from './d-separation.js';
import { dSeparatedMoral } from './moral.js';
import { arbGraph } from './random-graph.test-utils.js';

interface Fixture {
  versions: Record<string, string>;
  graphs: { nodes: string[]; edges: [string, string][]; bidirected: [string, string][]; queries: { x: string[]; y: string[]; z: string[]; separated: boolean }[] }[];
}
const fixture = raw as unknown as Fixture;

describe('d-separation: textbook cases', () => {
  it('chain, fork and collider (and a collider\'s descendant)', () => {
    expect(dSeparated('X -> M -> Y', 'X', 'Y')).toBe(false);
    expect(dSeparated('X -> M -> Y', 'X', 'Y', 'M')).toBe(true);
    expect(dSeparated('X <- Z -> Y', 'X', 'Y')).toBe(false);
    expect(dSeparated('X <- Z -> Y', 'X', 'Y', ['Z'])).toBe(true);
    expect(dSeparated('X -> C <- Y', 'X', 'Y')).toBe(true);
    expect(dSeparated('X -> C <- Y', 'X', 'Y', 'C')).toBe(false);
    expect(dSeparated('X -> C <- Y; C -> D', 'X', 'Y', 'D')).toBe(false);
  });

  it('the Student network (Koller & Friedman, Fig. 3.3): D -> G <- I -> S, G -> L', () => {
    const g = CausalGraph.parse('D -> G <- I -> S; G -> L');
    expect(dSeparated(g, 'D', 'I')).toBe(true);
    expect(dSeparated(g, 'D', 'I', 'G')).toBe(false);
    expect(dSeparated(g, 'D', 'I', 'L')).toBe(false);
    expect(dSeparated(g, 'D', 'S')).toBe(true);
    expect(dSeparated(g, 'D', 'S', 'G')).toBe(false);
    expect(dSeparated(g, 'D', 'S', ['G', 'I'])).toBe(true);
    expect(dSeparated(g, 'L', 'S', 'G')).toBe(true);
    expect(dConnectedTo(g, 'D', 'G')).toEqual(['D', 'I', 'S']);
    expect(dConnectedTo(g, 'D')).toEqual(['D', 'G', 'L']);
  });

  it('the M-graph: X <- A -> M <- B -> Y is blocked at M until M is conditioned on', () => {
    const g = CausalGraph.parse('A -> X; A -> M; B -> M; B -> Y');
    expect(dSeparated(g, 'X', 'Y')).toBe(true);
    expect(dSeparated(g, 'X', 'Y', 'M')).toBe(false);
    expect(dSeparated(g, 'X', 'Y', ['M', 'A'])).toBe(true);
    expect(activePath(g, 'X', 'Y', 'M')).toBe('X <- A -> M <- B -> Y');
    expect(activePath(g, 'X', 'Y')).toBeNull();
  });

  it('bidirected edges are latent common causes', () => {
    expect(dSeparated('X <-> Y', 'X', 'Y')).toBe(false);
    expect(activePath('X <-> Y', 'X', 'Y')).toBe('X <-> Y');
    const g = CausalGraph.parse('X <-> M; M <-> Y');
    expect(dSeparated(g, 'X', 'Y')).toBe(true); // M is a collider of the two latents
    expect(dSeparated(g, 'X', 'Y', 'M')).toBe(false);
    expect(activePath(g, 'X', 'Y', 'M')).toBe('X <-> M <-> Y');
    expect(activePath('Z -> X -> Y; X <-> Y', 'Z', 'Y', 'X')).toBe('Z -> X <-> Y');
  });

  it('sets: one open member is enough; empty X or Y is separated vacuously', () => {
    const g = CausalGraph.parse('A -> B; C');
    expect(dSeparated(g, ['A', 'C'], 'B')).toBe(false);
    expect(dSeparated(g, 'C', ['A', 'B'])).toBe(true);
    expect(dSeparated(g, [], 'B')).toBe(true);
  });

  it('typed errors: overlapping sets, unknown nodes', () => {
    const g = CausalGraph.parse('X -> Y');
    expect(() => dSeparated(g, 'X', 'Y', 'X')).toThrow(new InvalidInputError('d-separation: x and z must be disjoint, both contain X'));
    expect(() => dSeparated(g, 'X', 'X')).toThrow(InvalidInputError);
    expect(() => dSeparated(g, 'X', 'W')).toThrow('graph: unknown node "W" in y; nodes: X, Y');
    expect(() => dSeparated('X -> Y; Y -> X', 'X', 'Y')).toThrow('graph: cycle X -> Y -> X');
  });
});

describe('d-separation: networkx oracle', () => {
  it(`agrees with networkx ${fixture.versions.networkx} on ${fixture.graphs.length} random ADMGs`, () => {
    let n = 0, separated = 0;
    for (const spec of fixture.graphs) {
      const g = CausalGraph.fromEdges(spec.edges, { nodes: spec.nodes, bidirected: spec.bidirected });
      for (const q of spec.queries) {
        expect(dSeparated(g, q.x, q.y, q.z), `${g} : ${q.x} ⫫ ${q.y} | ${q.z}`).toBe(q.separated);
        expect(dSeparatedMoral(g, q.x, q.y, q.z)).toBe(q.separated);
        n++;
        if (q.separated) separated++;
      }
    }
    expect(n).toBe(480);
    expect(separated).toBeGreaterThan(50); // both answers are exercised
  });
});

describe('d-separation: property', () => {
  it('Bayes ball agrees with the moralised ancestral graph; an active path exists iff not separated', () => {
    const arb = arbGraph({ maxNodes: 9, maxBidirected: 3 }).chain((g) =>
      fc.record({ g: fc.constant(g), roles: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: g.nodes.length, maxLength: g.nodes.length }) }),
    );
    fc.assert(
      fc.property(arb, ({ g, roles }) => {
        const pick = (r: number): string[] => g.nodes.filter((_, i) => roles[i] === r);
        const [x, y, z] = [pick(0), pick(1), pick(2)];
        const sep = dSeparated(g, x, y, z);
        expect(sep).toBe(dSeparatedMoral(g, x, y, z));
        expect(activePath(g, x, y, z) === null).toBe(sep);
        // d-separation is symmetric
        expect(dSeparated(g, y, x, z)).toBe(sep);
      }),
      { numRuns: 400 },
    );
  });
});
