/**
 * A binary min-heap with exactly Python's `heapq` push/pop algorithm, so that nodes of equal gain
 * leave the heap in the same order as in scikit-learn's grower (best-first growth breaks gain ties
 * by heap position, not by insertion order). `less(a, b)` plays `a < b`. Push and pop are
 * $O(\log m)$.
 * @see ../../../../docs/level2-classical/boosting.md
 */
export class PyHeap<T> {
  readonly items: T[] = [];
  constructor(private readonly less: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  /** heapq._siftdown: move items[pos] up towards startpos. */
  private siftDown(startpos: number, pos: number): void {
    const h = this.items;
    const newitem = h[pos]!;
    while (pos > startpos) {
      const parentpos = (pos - 1) >> 1;
      const parent = h[parentpos]!;
      if (this.less(newitem, parent)) {
        h[pos] = parent;
        pos = parentpos;
        continue;
      }
      break;
    }
    h[pos] = newitem;
  }

  /** heapq._siftup: bubble the smaller child up to the leaf, then sift the item down. */
  private siftUp(pos: number): void {
    const h = this.items;
    const endpos = h.length;
    const startpos = pos;
    const newitem = h[pos]!;
    let childpos = 2 * pos + 1;
    while (childpos < endpos) {
      const rightpos = childpos + 1;
      if (rightpos < endpos && !this.less(h[childpos]!, h[rightpos]!)) childpos = rightpos;
      h[pos] = h[childpos]!;
      pos = childpos;
      childpos = 2 * pos + 1;
    }
    h[pos] = newitem;
    this.siftDown(startpos, pos);
  }

  /** heapq.heappush. */
  push(item: T): void {
    this.items.push(item);
    this.siftDown(0, this.items.length - 1);
  }

  /** heapq.heappop (the heap must not be empty). */
  pop(): T {
    const last = this.items.pop()!;
    if (this.items.length === 0) return last;
    const top = this.items[0]!;
    this.items[0] = last;
    this.siftUp(0);
    return top;
  }
}
