/**
 * The DOT-like text form of a causal graph: statements separated by `;` or newlines, each a
 * chain of node names joined by `->` (a direct cause; `<-` the same, reversed) or `<->` (a latent
 * common cause), or a lone node name:
 * ```
 * Z -> X -> Y; Z -> Y      // three directed edges
 * X <-> Y                  // X and Y share an unobserved cause
 * W                        // an isolated node
 * ```
 * An optional `digraph name { ... }` wrapper is accepted, as are `//` and `#` comments and
 * double-quoted names (`"re 78" -> Y`). Bare names are runs of letters, digits, `_` and `.`.
 *
 * Internal: {@link CausalGraph.parse} calls this. Complexity $O(\text{length})$.
 * @see ../../../../../docs/level4-probabilistic/causal-graphs.md
 */
import { InvalidInputError } from '@fpml/core';

/** The parsed pieces, names in first-appearance order. */
export interface ParsedGraph {
  nodes: string[];
  edges: [string, string][];
  bidirected: [string, string][];
}

type Token = { kind: 'name'; value: string } | { kind: 'arrow' | 'back' | 'biarrow' };

function tokenize(stmt: string, where: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < stmt.length) {
    const c = stmt[i]!;
    if (c === ' ' || c === '\t' || c === '\r' || c === ',') {
      i++;
    } else if (stmt.startsWith('<->', i)) {
      out.push({ kind: 'biarrow' });
      i += 3;
    } else if (stmt.startsWith('<-', i)) {
      out.push({ kind: 'back' });
      i += 2;
    } else if (stmt.startsWith('->', i)) {
      out.push({ kind: 'arrow' });
      i += 2;
    } else if (c === '"') {
      const end = stmt.indexOf('"', i + 1);
      if (end < 0) throw new InvalidInputError(`graph: unterminated quoted name in ${where}: ${JSON.stringify(stmt.trim())}`);
      const name = stmt.slice(i + 1, end);
      if (name.length === 0) throw new InvalidInputError(`graph: empty quoted name in ${where}`);
      out.push({ kind: 'name', value: name });
      i = end + 1;
    } else {
      const m = /^[A-Za-z0-9_.]+/.exec(stmt.slice(i));
      if (!m) {
        throw new InvalidInputError(
          `graph: cannot parse ${JSON.stringify(stmt.trim())} (${where}): expected a node name, '->', '<-' or '<->' at ${JSON.stringify(stmt.slice(i, i + 6))}`,
        );
      }
      out.push({ kind: 'name', value: m[0] });
      i += m[0].length;
    }
  }
  return out;
}

/** Parse the DOT-like form into node names and edge lists (no acyclicity check here). */
export function parseGraph(text: string): ParsedGraph {
  if (typeof text !== 'string') throw new InvalidInputError(`graph: expected a string like 'Z -> X; X -> Y', got ${typeof text}`);
  let body = text.replace(/(\/\/|#)[^\n]*/g, '');
  const wrapped = /^\s*(?:strict\s+)?digraph\b[^{]*\{([\s\S]*)\}\s*$/.exec(body);
  if (wrapped) body = wrapped[1]!;
  const nodes: string[] = [];
  const seen = new Set<string>();
  const addNode = (v: string): void => {
    if (!seen.has(v)) {
      seen.add(v);
      nodes.push(v);
    }
  };
  const edges: [string, string][] = [];
  const bidirected: [string, string][] = [];
  body.split(/[;\n]/).forEach((stmt, k) => {
    const where = `statement ${k + 1}`;
    const toks = tokenize(stmt, where);
    if (toks.length === 0) return;
    for (let t = 0; t < toks.length; t++) {
      const tok = toks[t]!;
      const wantName = t % 2 === 0;
      if (wantName !== (tok.kind === 'name')) {
        throw new InvalidInputError(
          `graph: cannot parse ${JSON.stringify(stmt.trim())} (${where}): expected ${wantName ? 'a node name' : "'->', '<-' or '<->'"} as token ${t + 1}`,
        );
      }
    }
    if (toks[toks.length - 1]!.kind !== 'name') {
      throw new InvalidInputError(`graph: cannot parse ${JSON.stringify(stmt.trim())} (${where}): an edge needs a node after the arrow`);
    }
    const names = toks.flatMap((tok) => (tok.kind === 'name' ? [tok.value] : []));
    const arrows = toks.filter((tok) => tok.kind !== 'name');
    names.forEach(addNode);
    arrows.forEach((arrow, j) => {
      const [a, b] = [names[j]!, names[j + 1]!];
      if (arrow.kind === 'arrow') edges.push([a, b]);
      else if (arrow.kind === 'back') edges.push([b, a]);
      else bidirected.push([a, b]);
    });
  });
  return { nodes, edges, bidirected };
}
