/**
 * libsvm's kernel-row cache: a least-recently-used store of rows $Q_{i,[0,\ell))$ of the
 * $\ell \times \ell$ dual matrix, bounded by `cacheSize` megabytes. SMO touches two rows per
 * iteration and, near the end, the same few rows again and again, so a cache turns most of the
 * $O(\ell d)$ row evaluations into look-ups.
 *
 * Rows are stored in float32 (libsvm's `Qfloat`): half the memory and the same rounding as
 * scikit-learn, whose solver therefore sees exactly the matrix this one sees. Each row caches a
 * prefix $[0, \mathrm{len})$: with shrinking only the first `activeSize` entries are needed, and a
 * row is extended when the active set grows again.
 *
 * Budget: $\lfloor \text{cacheSize} \cdot 2^{20} / 4 \rfloor$ floats minus libsvm's per-row header
 * allowance, but never fewer than $2\ell$ (two full rows: SMO needs $Q_i$ and $Q_j$ at once).
 * A look-up is $O(1)$; a swap is $O(\text{rows cached})$.
 * @see ../../../../docs/level2-classical/svm.md#kernel-cache
 */

/** Floats of budget for `cacheSize` MB and $\ell$ rows (libsvm's rule). */
export function cacheBudget(cacheSizeMb: number, l: number): number {
  const floats = Math.floor((cacheSizeMb * 1024 * 1024) / 4) - l * 4; // libsvm: size -= l * sizeof(head_t) / sizeof(Qfloat)
  return Math.max(floats, 2 * l);
}

/**
 * An LRU cache of float32 row prefixes indexed $0..\ell-1$. The list is circular and doubly
 * linked through `prev`/`next`, with the sentinel at index $\ell$; the least recently used row
 * sits right after the sentinel.
 */
export class KernelCache {
  private readonly rows: (Float32Array | null)[]; // (l,) cached prefix of each row
  private readonly lens: Int32Array; // (l,) cached length of each row (0 = not cached)
  private readonly prev: Int32Array; // (l + 1,)
  private readonly next: Int32Array; // (l + 1,)
  private free: number; // floats of budget left
  /** Rows evaluated (misses) and look-ups served, for the docs' cache statistics. */
  hits = 0;
  misses = 0;

  constructor(
    readonly l: number,
    budgetFloats: number,
  ) {
    this.rows = new Array<Float32Array | null>(l).fill(null);
    this.lens = new Int32Array(l);
    this.prev = new Int32Array(l + 1).fill(l);
    this.next = new Int32Array(l + 1).fill(l);
    this.free = budgetFloats;
  }

  private unlink(h: number): void {
    this.next[this.prev[h]!] = this.next[h]!;
    this.prev[this.next[h]!] = this.prev[h]!;
  }

  /** Insert h as the most recently used row (just before the sentinel). */
  private append(h: number): void {
    const s = this.l;
    this.next[h] = s;
    this.prev[h] = this.prev[s]!;
    this.next[this.prev[h]!] = h;
    this.prev[s] = h;
  }

  private evict(h: number): void {
    this.unlink(h);
    this.free += this.lens[h]!;
    this.rows[h] = null;
    this.lens[h] = 0;
  }

  /**
   * Row `index` with at least `len` entries, and `start`: the entries $[\text{start}, \text{len})$
   * are new and the caller must fill them (start ≥ len: nothing to fill). Evicts least recently
   * used rows as needed.
   */
  get(index: number, len: number): { data: Float32Array; start: number } {
    const have = this.lens[index]!;
    if (have > 0) this.unlink(index);
    let data = this.rows[index]!;
    let start = len;
    if (len > have) {
      const more = len - have;
      while (this.free < more) {
        const old = this.next[this.l]!; // least recently used
        if (old === this.l) break; // nothing left to evict (budget < one row: allowed, libsvm's floor is 2 rows)
        this.evict(old);
      }
      const grown = new Float32Array(len); // (len,)
      if (have > 0) grown.set(data.subarray(0, have));
      data = grown;
      this.rows[index] = data;
      this.lens[index] = len;
      this.free -= more;
      start = have;
      this.misses++;
    } else {
      this.hits++;
    }
    this.append(index);
    return { data, start };
  }

  /**
   * Rename index i ↔ j (the solver moved variable i to position j): swap the two rows and, in
   * every cached row, entries i and j. A row long enough to hold i but not j cannot be fixed up
   * and is dropped (libsvm does the same). $O(\text{rows cached})$.
   */
  swapIndex(i: number, j: number): void {
    if (i === j) return;
    if (this.lens[i]! > 0) this.unlink(i);
    if (this.lens[j]! > 0) this.unlink(j);
    const ri = this.rows[i]!;
    this.rows[i] = this.rows[j]!;
    this.rows[j] = ri;
    const li = this.lens[i]!;
    this.lens[i] = this.lens[j]!;
    this.lens[j] = li;
    if (this.lens[i]! > 0) this.append(i);
    if (this.lens[j]! > 0) this.append(j);
    const lo = Math.min(i, j);
    const hi = Math.max(i, j);
    for (let h = this.next[this.l]!; h !== this.l; ) {
      const after = this.next[h]!;
      const len = this.lens[h]!;
      if (len > lo) {
        if (len > hi) {
          const row = this.rows[h]!;
          const t = row[lo]!;
          row[lo] = row[hi]!;
          row[hi] = t;
        } else {
          this.evict(h);
        }
      }
      h = after;
    }
  }
}
