/**
 * A bounded max-heap of the $k$ best (reduced distance, index) pairs seen so far: the root is the
 * current $k$-th neighbour, so a candidate is rejected with one comparison once the heap is full.
 *
 * **Order.** Pairs compare lexicographically, $(r, i) < (r', i') \iff r < r' \lor (r = r' \land i < i')$:
 * among equal distances the lower training index is nearer. The $k$ nearest under this order are
 * unique, so every search that feeds the same pairs into this heap (brute force in any block
 * order, the kd-tree in any visiting order) returns the same neighbours in the same order. It
 * is also the order of a stable argsort of the distances, the tie rule of scikit-learn's
 * brute-force search (which keeps the first index among equal distances).
 *
 * Push is $O(\log k)$; {@link NeighborHeap.drainSorted} is $O(k \log k)$.
 *
 * @see ../../../../docs/level2-classical/neighbors.md
 */
export class NeighborHeap {
  readonly k: number;
  private readonly r: Float64Array; // (k,)
  private readonly idx: Int32Array; // (k,)
  private size = 0;

  constructor(k: number) {
    this.k = k;
    this.r = new Float64Array(k);
    this.idx = new Int32Array(k);
  }

  /** Empty the heap for the next query. */
  clear(): void {
    this.size = 0;
  }

  /** Reduced distance of the current $k$-th neighbour, $+\infty$ until $k$ pairs are in. */
  worst(): number {
    return this.size < this.k ? Infinity : this.r[0]!;
  }

  /** Offer a pair; kept iff fewer than $k$ are held or it precedes the root in (r, index) order. */
  push(r: number, i: number): void {
    const R = this.r;
    const I = this.idx;
    let pos: number;
    if (this.size < this.k) {
      // sift up from the new leaf
      pos = this.size++;
      while (pos > 0) {
        const parent = (pos - 1) >> 1;
        const pr = R[parent]!;
        if (pr > r || (pr === r && I[parent]! > i)) break; // parent is worse: heap order holds
        R[pos] = pr;
        I[pos] = I[parent]!;
        pos = parent;
      }
    } else {
      const rr = R[0]!;
      if (r > rr || (r === rr && i >= I[0]!)) return; // not better than the k-th
      // replace the root and sift down
      pos = 0;
      const n = this.size;
      for (;;) {
        const left = 2 * pos + 1;
        if (left >= n) break;
        let child = left;
        const right = left + 1;
        if (right < n && (R[right]! > R[left]! || (R[right] === R[left] && I[right]! > I[left]!))) child = right;
        const cr = R[child]!;
        if (cr < r || (cr === r && I[child]! < i)) break; // the worse child is better than the new pair
        R[pos] = cr;
        I[pos] = I[child]!;
        pos = child;
      }
    }
    R[pos] = r;
    I[pos] = i;
  }

  /** Number of pairs held. */
  get length(): number {
    return this.size;
  }

  /**
   * Write the held pairs in ascending (r, index) order to `outR`/`outI` from `offset`, and
   * empty the heap.
   */
  drainSorted(outR: Float64Array, outI: Int32Array, offset: number): void {
    // Heap-sort in place: repeatedly move the worst to the end.
    const R = this.r;
    const I = this.idx;
    for (let n = this.size; n > 1; n--) {
      const lastR = R[n - 1]!;
      const lastI = I[n - 1]!;
      R[n - 1] = R[0]!;
      I[n - 1] = I[0]!;
      let pos = 0;
      const m = n - 1;
      for (;;) {
        const left = 2 * pos + 1;
        if (left >= m) break;
        let child = left;
        const right = left + 1;
        if (right < m && (R[right]! > R[left]! || (R[right] === R[left] && I[right]! > I[left]!))) child = right;
        const cr = R[child]!;
        if (cr < lastR || (cr === lastR && I[child]! < lastI)) break;
        R[pos] = cr;
        I[pos] = I[child]!;
        pos = child;
      }
      R[pos] = lastR;
      I[pos] = lastI;
    }
    for (let t = 0; t < this.size; t++) {
      outR[offset + t] = R[t]!;
      outI[offset + t] = I[t]!;
    }
    this.size = 0;
  }
}
