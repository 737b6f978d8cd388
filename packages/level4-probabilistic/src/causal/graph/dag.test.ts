/**
 * CausalGraph: parsing, structure queries, mutilations, cycles and typed errors. Property test
 * (fast-check, a failing run prints its seed): the text form round-trips and the topological
 * order puts every cause before its effect.
 */
import { FpmlError, InvalidInputError } from '@fpml/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CausalGraph } from './dag.js';
import { arbGraph } from './random-graph.test-utils.js';

describe('CausalGraph: parsing', () => {
  it('reads the DOT-like form: nodes in first-appearance order, parents, children', () => {
    const g = CausalGraph.parse('Z -> X; X -> Y; Z -> Y');
    expect(g.nodes).toEqual(['Z', 'X', 'Y']);
    expect(g.edges).toEqual([['Z', 'X'], ['X', 'Y'], ['Z', 'Y']]);
    expect(g.parents('Y')).toEqual(['X', 'Z']); // edge insertion order
    expect(g.children('Z')).toEqual(['X', 'Y']);
    expect(g.topologicalOrder()).toEqual(['Z', 'X', 'Y']);
  });

  it('chains, bidirected edges, isolated nodes, newlines, comments, quotes and a digraph wrapper', () => {
    const g = CausalGraph.parse(`digraph smoking {
      // genotype is latent
      Smoking -> Tar -> Cancer
      Smoking <-> Cancer   # a latent common cause
      "re 78"; age
    }`);
    expect(g.nodes).toEqual(['Smoking', 'Tar', 'Cancer', 're 78', 'age']);
    expect(g.edges).toEqual([['Smoking', 'Tar'], ['Tar', 'Cancer']]);
    expect(g.bidirectedEdges).toEqual([['Smoking', 'Cancer']]);
    expect(g.siblings('Cancer')).toEqual(['Smoking']);
    expect(g.parents('Cancer')).toEqual(['Tar']); // a latent cause is not a parent
    expect(g.toString()).toBe('Smoking -> Tar; Tar -> Cancer; Smoking <-> Cancer; "re 78"; age');
  });

  it('merges duplicate edges, and bidirected pairs in either direction', () => {
    const g = CausalGraph.parse('A -> B; A -> B; A <-> B; B <-> A');
    expect(g.edges).toEqual([['A', 'B']]);
    expect(g.bidirectedEdges).toEqual([['A', 'B']]);
  });

  it('fromEdges and from(spec) agree with parse, and toJSON round-trips', () => {
    const a = CausalGraph.fromEdges([['Z', 'X'], ['X', 'Y']], { nodes: ['W'], bidirected: [['X', 'Y']] });
    expect(a.nodes).toEqual(['W', 'Z', 'X', 'Y']);
    const b = CausalGraph.from(a.toJSON());
    expect(b.toString()).toBe(a.toString());
    expect(CausalGraph.from(a)).toBe(a);
    expect(CausalGraph.from('W; Z -> X -> Y; X <-> Y').toJSON()).toEqual(a.toJSON());
  });

  it('rejects text it cannot read, naming the statement', () => {
    expect(() => CausalGraph.parse('A => B')).toThrow(InvalidInputError);
    expect(() => CausalGraph.parse('A -> B; C ->')).toThrow(/statement 2.*needs a node after the arrow|statement 2/);
    expect(() => CausalGraph.parse('-> B')).toThrow("graph: cannot parse \"-> B\" (statement 1): expected a node name as token 1");
    expect(() => CausalGraph.parse('A B')).toThrow("expected '->', '<-' or '<->' as token 2");
    expect(() => CausalGraph.parse('"A -> B')).toThrow('unterminated quoted name');
    expect(() => CausalGraph.parse(42 as unknown as string)).toThrow(InvalidInputError);
    expect(() => CausalGraph.fromEdges([['A']] as unknown as [string, string][])).toThrow('graph: edges[0] must be a pair [a, b], got ["A"]');
    expect(() => CausalGraph.fromEdges([['A', '']])).toThrow('graph: edges[0][1] must be a non-empty string, got ""');
    expect(() => CausalGraph.from(null as unknown as string)).toThrow(InvalidInputError);
  });
});

describe('CausalGraph: cycles', () => {
  it('a two-cycle is named', () => {
    expect(() => CausalGraph.parse('X -> Y; Y -> X')).toThrow(new InvalidInputError('graph: cycle X -> Y -> X'));
  });

  it('a longer cycle behind an acyclic part is named along the arrows', () => {
    let err: unknown;
    try {
      CausalGraph.parse('S -> A; A -> B; B -> C; C -> A; C -> T');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(err).toBeInstanceOf(FpmlError);
    const msg = (err as Error).message;
    expect(msg).toMatch(/^graph: cycle /);
    const cyc = msg.replace('graph: cycle ', '').split(' -> ');
    expect(cyc[0]).toBe(cyc[cyc.length - 1]);
    expect(new Set(cyc)).toEqual(new Set(['A', 'B', 'C']));
    for (let i = 0; i + 1 < cyc.length; i++) expect(['A->B', 'B->C', 'C->A']).toContain(`${cyc[i]}->${cyc[i + 1]}`);
  });

  it('self-loops throw; bidirected edges never make a cycle', () => {
    expect(() => CausalGraph.parse('X -> X')).toThrow('graph: cycle X -> X');
    expect(() => CausalGraph.parse('X <-> X')).toThrow('graph: bidirected self-loop X <-> X');
    expect(() => CausalGraph.parse('X -> Y; X <-> Y; Y <-> X')).not.toThrow();
  });
});

describe('CausalGraph: structure', () => {
  // Pearl (2009), Causality, Fig. 3.4 (the backdoor example).
  const g = CausalGraph.parse('X1 -> X3 -> X; X1 -> X4; X2 -> X4 -> X; X2 -> X5 -> Y; X4 -> Y; X -> X6 -> Y');

  it('ancestors and descendants (proper, graph order)', () => {
    expect(g.ancestors('X')).toEqual(['X1', 'X3', 'X4', 'X2']);
    expect(g.descendants('X')).toEqual(['Y', 'X6']);
    expect(g.descendants(['X2'])).toEqual(['X', 'X4', 'X5', 'Y', 'X6']);
    expect(g.ancestors(['X1', 'X3'])).toEqual(['X1']); // X1 causes X3
    expect(g.hasDirectedPath('X1', 'Y')).toBe(true);
    expect(g.hasDirectedPath('Y', 'X1')).toBe(false);
  });

  it('mutilations: G with no edges into X, and with no edges out of X', () => {
    const bar = g.withoutIncoming('X');
    expect(bar.parents('X')).toEqual([]);
    expect(bar.children('X')).toEqual(['X6']);
    const under = g.withoutOutgoing('X');
    expect(under.children('X')).toEqual([]);
    expect(under.parents('X')).toEqual(['X3', 'X4']);
    const h = CausalGraph.parse('X -> M -> Y; X <-> Y; M <-> Y');
    expect(h.withoutIncoming('Y').bidirectedEdges).toEqual([]);
    expect(h.withoutOutgoing('X').bidirectedEdges).toEqual([['X', 'Y'], ['M', 'Y']]);
    expect(h.subgraph(['X', 'Y']).toString()).toBe('X <-> Y');
  });

  it('the canonical DAG appends one latent root per bidirected edge', () => {
    const h = CausalGraph.parse('X -> Y; X <-> Y');
    const s = h.structure;
    expect(s.n).toBe(3);
    expect(s.nObserved).toBe(2);
    expect(s.children[2]).toEqual([0, 1]);
    expect(s.parents[1]).toEqual([0, 2]);
  });

  it('unknown names throw InvalidInputError naming the argument and the nodes', () => {
    expect(() => g.parents('W')).toThrow('graph: unknown node "W" in v; nodes: X1, X3, X, X4, X2, X5, Y, X6');
    expect(() => g.ancestors(['X', 'Q'])).toThrow(InvalidInputError);
    expect(() => g.indicesOf(3 as unknown as string[], 'treatment')).toThrow('graph: treatment must be a node name or an array of names');
  });

  it('property: the text form round-trips; causes come before effects in the topological order', () => {
    fc.assert(
      fc.property(arbGraph({ maxNodes: 9 }), (h) => {
        const back = CausalGraph.parse(h.toString());
        expect(new Set(back.nodes)).toEqual(new Set(h.nodes));
        expect(new Set(back.edges.map((e) => e.join('>')))).toEqual(new Set(h.edges.map((e) => e.join('>'))));
        expect(new Set(back.bidirectedEdges.map((e) => [...e].sort().join('~')))).toEqual(new Set(h.bidirectedEdges.map((e) => [...e].sort().join('~'))));
        const pos = new Map(h.topologicalOrder().map((v, i) => [v, i]));
        for (const [a, b] of h.edges) expect(pos.get(a)!).toBeLessThan(pos.get(b)!);
        for (const v of h.nodes) for (const d of h.descendants(v)) expect(h.ancestors(d)).toContain(v);
      }),
      { numRuns: 200 },
    );
  });
});
