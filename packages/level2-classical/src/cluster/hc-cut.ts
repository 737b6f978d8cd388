/**
 * Cutting a merge tree into flat clusters, as scikit-learn 1.2's `_hc_cut`, with Python's
 * `heapq` ported operation for operation so that the cluster numbers (not just the partition)
 * come out the same.
 *
 * @see ../../../../docs/level2-classical/clustering.md
 */

/** Python's `heapq._siftdown` on a min-heap of numbers. */
function siftDown(heap: number[], start: number, pos: number): void {
  const item = heap[pos]!;
  while (pos > start) {
    const parentPos = (pos - 1) >> 1;
    const parent = heap[parentPos]!;
    if (item < parent) {
      heap[pos] = parent;
      pos = parentPos;
      continue;
    }
    break;
  }
  heap[pos] = item;
}

/** Python's `heapq._siftup`: move the smaller child up until a leaf, then sift the item down. */
function siftUp(heap: number[], pos: number): void {
  const end = heap.length;
  const start = pos;
  const item = heap[pos]!;
  let child = 2 * pos + 1;
  while (child < end) {
    const right = child + 1;
    if (right < end && !(heap[child]! < heap[right]!)) child = right;
    heap[pos] = heap[child]!;
    pos = child;
    child = 2 * pos + 1;
  }
  heap[pos] = item;
  siftDown(heap, start, pos);
}

/** `heapq.heappush`. */
export function heapPush(heap: number[], item: number): void {
  heap.push(item);
  siftDown(heap, 0, heap.length - 1);
}

/** `heapq.heappushpop`: push `item`, then pop and return the smallest. */
export function heapPushPop(heap: number[], item: number): number {
  if (heap.length > 0 && heap[0]! < item) {
    const top = heap[0]!;
    heap[0] = item;
    siftUp(heap, 0);
    return top;
  }
  return item;
}

/**
 * Flat labels of the n leaves for `nClusters` clusters: starting from the root, split the
 * highest-numbered (last-made) node into its two children, nClusters − 1 times (a heap of
 * negated ids); then cluster i is the subtree of the i-th node in heap order.
 * @param children (n−1) pairs, node n + s made at step s from children[s].
 * $O(n + k\log k)$.
 */
export function hcCut(nClusters: number, children: Int32Array, n: number): Int32Array {
  const nodes = [-(Math.max(children[2 * (n - 2)]!, children[2 * (n - 2) + 1]!) + 1)];
  for (let c = 0; c < nClusters - 1; c++) {
    const s = -nodes[0]! - n;
    heapPush(nodes, -children[2 * s]!);
    heapPushPop(nodes, -children[2 * s + 1]!);
  }
  const label = new Int32Array(n);
  const stack: number[] = [];
  nodes.forEach((neg, i) => {
    stack.push(-neg);
    while (stack.length > 0) {
      const v = stack.pop()!;
      if (v < n) label[v] = i;
      else stack.push(children[2 * (v - n)]!, children[2 * (v - n) + 1]!);
    }
  });
  return label;
}
