/**
 * Backdoor criterion and minimal adjustment sets: textbook graphs (a single confounder, the
 * M-graph, Pearl's Causality Fig. 3.4, the bow), reasons when invalid, the networkx oracle
 * (validity of every candidate set by networkx d-separation, minimal sets by brute force in
 * Python), a property test that the ancestral restriction of the search loses no minimal set,
 * and a numerical check of the adjustment formula on a discrete SCM computed exactly.
 */
import { InvalidInputError, InvalidParamError } from '@fpml/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import raw from './__fixtures__/causal_graphs_networkx.json' with { type: 'json' };
import { adjustmentFormula, backdoorAdjustment, checkBackdoor, isBackdoorSet, minimalBackdoorSets } from './backdoor.js';
import { CausalGraph } from './dag.js';
import { dSeparated } from './d-separation.js';
import { arbGraph } from './random-graph.test-utils.js';

interface Fixture {
  graphs: {
    nodes: string[]; edges: [string, string][]; bidirected: [string, string][];
    backdoor: { treatment: string; outcome: string; candidates: string[]; validCount: number; minimal: string[][] } | null;
  }[];
}
const fixture = raw as unknown as Fixture;
const sortSets = (sets: string[][]): string[] => sets.map((s) => [...s].sort().join(',')).sort();

describe('backdoor criterion', () => {
  it('a single confounder: {Z} is the one minimal set, with the adjustment formula', () => {
    const g = 'Z -> X; X -> Y; Z -> Y';
    expect(minimalBackdoorSets(g, 'X', 'Y')).toEqual([['Z']]);
    expect(backdoorAdjustment(g, 'X', 'Y')).toEqual({
      adjustmentSet: ['Z'],
      formula: 'P(Y | do(X)) = Σ_{Z} P(Y | X, Z) P(Z)',
      latex: 'P(Y \\mid \\mathrm{do}(X)) = \\sum_{Z} P(Y \\mid X, Z)\\,P(Z)',
    });
    expect(checkBackdoor(g, 'X', 'Y', [])).toEqual({ valid: false, reasons: ['the backdoor path X <- Z -> Y is open given {}'] });
  });

  it('the M-graph: no adjustment needed, adjusting for the collider M alone is wrong', () => {
    const g = 'A -> X; A -> M; B -> M; B -> Y; X -> Y';
    expect(minimalBackdoorSets(g, 'X', 'Y')).toEqual([[]]);
    expect(backdoorAdjustment(g, 'X', 'Y')!.formula).toBe('P(Y | do(X)) = P(Y | X)');
    expect(checkBackdoor(g, 'X', 'Y', 'M')).toEqual({ valid: false, reasons: ['the backdoor path X <- A -> M <- B -> Y is open given {M}'] });
    expect(isBackdoorSet(g, 'X', 'Y', ['M', 'A'])).toBe(true);
    expect(isBackdoorSet(g, 'X', 'Y', ['M', 'B'])).toBe(true);
  });

  it("Pearl's Fig. 3.4: {X3, X4} and {X4, X5} are valid, {X4} is not; four minimal sets", () => {
    const g = CausalGraph.parse('X1 -> X3 -> X; X1 -> X4; X2 -> X4 -> X; X2 -> X5 -> Y; X4 -> Y; X -> X6 -> Y');
    expect(isBackdoorSet(g, 'X', 'Y', ['X3', 'X4'])).toBe(true);
    expect(isBackdoorSet(g, 'X', 'Y', ['X4', 'X5'])).toBe(true);
    const bad = checkBackdoor(g, 'X', 'Y', ['X4']);
    expect(bad.valid).toBe(false);
    expect(bad.reasons[0]).toBe('the backdoor path X <- X3 <- X1 -> X4 <- X2 -> X5 -> Y is open given {X4}');
    expect(sortSets(minimalBackdoorSets(g, 'X', 'Y'))).toEqual(['X1,X4', 'X2,X4', 'X3,X4', 'X4,X5']);
    expect(checkBackdoor(g, 'X', 'Y', ['X3', 'X4', 'X6']).reasons).toEqual(['X6 is a descendant of X']);
  });

  it('the bow X -> Y, X <-> Y has no backdoor set', () => {
    expect(minimalBackdoorSets('X -> Y; X <-> Y', 'X', 'Y')).toEqual([]);
    expect(backdoorAdjustment('X -> Y; X <-> Y', 'X', 'Y')).toBeNull();
    expect(checkBackdoor('X -> Y; X <-> Y', 'X', 'Y', []).reasons).toEqual(['the backdoor path X <-> Y is open given {}']);
  });

  it('sets of treatments and outcomes', () => {
    const g = 'Z -> X1; Z -> Y; X1 -> X2 -> Y; W -> X2; W -> Y';
    expect(sortSets(minimalBackdoorSets(g, ['X1', 'X2'], 'Y'))).toEqual(['W,Z']);
    expect(adjustmentFormula(['X1', 'X2'], ['Y'], ['W', 'Z']).formula).toBe('P(Y | do(X1, X2)) = Σ_{W, Z} P(Y | X1, X2, W, Z) P(W, Z)');
  });

  it('typed errors', () => {
    expect(() => checkBackdoor('X -> Y', 'X', 'Y', 'X')).toThrow(new InvalidInputError('checkBackdoor: adjustment must not contain the treatment or outcome, got X'));
    expect(() => minimalBackdoorSets('X -> Y', 'X', 'X')).toThrow('minimalBackdoorSets: treatment and outcome must be disjoint, both contain X');
    expect(() => minimalBackdoorSets('X -> Y', [], 'Y')).toThrow('treatment must name at least one node');
    expect(() => minimalBackdoorSets('X -> Y', 'X', 'Q')).toThrow('unknown node "Q" in outcome');
    const wide = Array.from({ length: 6 }, (_, i) => `C${i} -> X; C${i} -> Y`).join('; ') + '; X -> Y';
    expect(minimalBackdoorSets(wide, 'X', 'Y')).toEqual([['C0', 'C1', 'C2', 'C3', 'C4', 'C5']]);
    expect(minimalBackdoorSets(wide, 'X', 'Y', { maxCandidates: 0 })).toHaveLength(1); // direct common causes are required, not searched
    const chains = Array.from({ length: 3 }, (_, i) => `C${i} -> X; C${i} -> D${i} -> Y`).join('; ') + '; X -> Y';
    expect(minimalBackdoorSets(chains, 'X', 'Y')).toHaveLength(8); // C_i or D_i for each i
    expect(() => minimalBackdoorSets(chains, 'X', 'Y', { maxCandidates: 4 })).toThrow(InvalidParamError);
    expect(() => minimalBackdoorSets(chains, 'X', 'Y', { maxCandidates: 4 })).toThrow('at least the 6 candidate nodes');
  });
});

describe('backdoor: networkx oracle', () => {
  it('validity of every candidate set and the minimal sets match networkx brute force', () => {
    let cases = 0;
    for (const spec of fixture.graphs) {
      const b = spec.backdoor;
      if (b === null) continue;
      const g = CausalGraph.fromEdges(spec.edges, { nodes: spec.nodes, bidirected: spec.bidirected });
      expect(sortSets(minimalBackdoorSets(g, b.treatment, b.outcome)), g.toString()).toEqual(sortSets(b.minimal));
      let valid = 0;
      for (let mask = 0; mask < 1 << b.candidates.length; mask++) {
        const Z = b.candidates.filter((_, i) => mask & (1 << i));
        if (isBackdoorSet(g, b.treatment, b.outcome, Z)) valid++;
      }
      expect(valid).toBe(b.validCount);
      cases++;
    }
    expect(cases).toBe(40);
  });
});

describe('backdoor: property', () => {
  it('the search over An(X ∪ Y) finds exactly the minimal sets of a brute force over all non-descendants', () => {
    const arb = arbGraph({ minNodes: 3, maxNodes: 8, density: 0.4 }).chain((g) =>
      fc.record({ g: fc.constant(g), x: fc.integer({ min: 0, max: g.nodes.length - 1 }), y: fc.integer({ min: 0, max: g.nodes.length - 1 }) }),
    );
    fc.assert(
      fc.property(arb.filter(({ x, y }) => x !== y), ({ g, x, y }) => {
        const X = g.nodes[x]!, Y = g.nodes[y]!;
        const de = new Set(g.descendants(X));
        const cands = g.nodes.filter((v) => v !== X && v !== Y && !de.has(v));
        const gu = g.withoutOutgoing(X);
        const valid: string[][] = [];
        for (let mask = 0; mask < 1 << cands.length; mask++) {
          const Z = cands.filter((_, i) => mask & (1 << i));
          if (dSeparated(gu, X, Y, Z)) valid.push(Z);
        }
        const minimal = valid.filter((s) => !valid.some((t) => t.length < s.length && t.every((v) => s.includes(v))));
        expect(sortSets(minimalBackdoorSets(g, X, Y))).toEqual(sortSets(minimal));
      }),
      { numRuns: 300 },
    );
  });
});

/** Exact joint of binary variables of a discrete SCM with a latent U, by enumeration. */
function confounderModel(doX: number | null): Map<string, number> {
  // Z -> X -> Y, Z -> Y, all binary: P(Z=1)=0.3, P(X=1|Z)=[0.2,0.7], P(Y=1|X,Z)=[[0.1,0.5],[0.4,0.9]]
  const joint = new Map<string, number>();
  for (const z of [0, 1]) {
    for (const x of [0, 1]) {
      for (const y of [0, 1]) {
        const pz = z ? 0.3 : 0.7;
        const px1 = [0.2, 0.7][z]!;
        const px = doX === null ? (x ? px1 : 1 - px1) : x === doX ? 1 : 0;
        const py1 = [[0.1, 0.5], [0.4, 0.9]][x]![z]!;
        joint.set(`${z}${x}${y}`, pz * px * (y ? py1 : 1 - py1));
      }
    }
  }
  return joint;
}

describe('backdoor: the formula on an exact discrete model', () => {
  it('Σ_z P(y | x, z) P(z) from the observational joint equals P(y | do(x)) of the mutilated model', () => {
    const obs = confounderModel(null);
    const p = (f: (z: number, x: number, y: number) => boolean): number =>
      [...obs].reduce((s, [k, v]) => (f(+k[0]!, +k[1]!, +k[2]!) ? s + v : s), 0);
    for (const x of [0, 1]) {
      let adj = 0;
      for (const z of [0, 1]) adj += (p((zz, xx, yy) => zz === z && xx === x && yy === 1) / p((zz, xx) => zz === z && xx === x)) * p((zz) => zz === z);
      const truth = [...confounderModel(x)].reduce((s, [k, v]) => (k[2] === '1' ? s + v : s), 0);
      expect(Math.abs(adj - truth)).toBeLessThan(1e-14);
      const naive = p((_, xx, yy) => xx === x && yy === 1) / p((_, xx) => xx === x);
      expect(Math.abs(naive - truth)).toBeGreaterThan(0.01); // confounding is real here
    }
  });
});
