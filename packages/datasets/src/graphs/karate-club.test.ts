import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadKarateClub } from './karate-club.js';

/** Frozen by scripts/oracles/datasets_reference.py (degrees counted with numpy from the edge list). */
const ref = JSON.parse(readFileSync(new URL('../__fixtures__/reference.json', import.meta.url), 'utf8')).karate;

describe('loadKarateClub', () => {
  const g = loadKarateClub();

  it('has 34 nodes, 78 edges and a 17/17 split', () => {
    expect(g.nNodes).toBe(34);
    expect(g.nEdges).toBe(78);
    expect(g.edges.length).toBe(156);
    const officer = g.labels.reduce((a, b) => a + b, 0);
    expect([34 - officer, officer]).toEqual([ref.clubCounts['Mr. Hi'], ref.clubCounts['Officer']]);
    expect(officer).toBe(17);
    expect(g.labels[0]).toBe(0); // Mr. Hi himself
    expect(g.labels[33]).toBe(1); // the Officer
    expect(g.targetNames).toEqual(['Mr. Hi', 'Officer']);
    expect(g.description).toContain('Zachary');
  });

  it('has a symmetric adjacency with zero diagonal whose row sums are the degrees', () => {
    const A = g.adjacency;
    expect([A.rows, A.cols]).toEqual([34, 34]);
    for (let i = 0; i < 34; i++) {
      expect(A.get(i, i)).toBe(0);
      for (let j = 0; j < 34; j++) expect(A.get(i, j)).toBe(A.get(j, i));
    }
    const degrees = Array.from({ length: 34 }, (_, i) => A.row(i).reduce((a, b) => a + b, 0));
    expect(degrees).toEqual(ref.degrees);
    expect(A.data.reduce((a, b) => a + b, 0)).toBe(2 * 78);
  });

  it('lists the edges of the file in order, first one 0-1', () => {
    expect([g.edges[0], g.edges[1]]).toEqual([0, 1]);
    expect([g.edges[154], g.edges[155]]).toEqual([32, 33]);
    for (let e = 0; e < g.nEdges; e++) expect(g.adjacency.get(g.edges[2 * e]!, g.edges[2 * e + 1]!)).toBe(1);
  });
});
