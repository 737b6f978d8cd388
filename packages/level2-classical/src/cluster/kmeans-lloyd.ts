/**
 * Lloyd's algorithm for k-means, as scikit-learn 1.2's `_kmeans_single_lloyd` and its Cython
 * kernels (`lloyd_iter_chunked_dense`, `_relocate_empty_clusters_dense`, `_average_centers`,
 * `_center_shift`, `_inertia_dense`), in one thread.
 *
 * One iteration, for weights $w_i$ and centers $c_1..c_k$:
 * - assignment: $\ell_i = \arg\min_j \lVert c_j\rVert^2 - 2x_i^\top c_j$ (the $\lVert x_i\rVert^2$ term
 *   does not change the argmin; ties go to the smallest $j$), each $x_i^\top c_j$ summed left to
 *   right over the features;
 * - update: $c_j \leftarrow \sum_{\ell_i = j} w_i x_i \,/\, \sum_{\ell_i = j} w_i$; a center left with
 *   no weight is moved to the point farthest from its own center (then that point's weight moves
 *   with it), as scikit-learn does;
 * - stop when the labels repeat (strict convergence) or when $\sum_j\lVert c_j^{new}-c_j\rVert^2 \le$ tol.
 *
 * The assignment and the weighted sums are one pass over X, fused, in the WebAssembly SIMD
 * kernel `wasm/lloyd.wat` (X copied into its memory once per run, 4 rows at a time, nothing
 * n × k stored), or, where WebAssembly SIMD is unavailable, in JS: blocks of {@link CHUNK} rows
 * through `crossDots`, then argmin and sums (scikit-learn's chunked loop). The two paths give
 * the same bits (same summation orders, same tie rule). The $O(kd)$ rest (relocation, means,
 * shifts) is JS.
 *
 * Each iteration costs $O(nkd)$ time and allocates nothing: every buffer lives in a
 * {@link LloydWorkspace} made once per run.
 *
 * @see ../../../../docs/level2-classical/clustering.md
 */
import { crossDots, rowSqNorms, sqDist } from './kernels.js';
import { LloydKernel } from './wasm/wasm-lloyd.js';

/** Rows per block of the JS path (scikit-learn's `CHUNK_SIZE`): a (256, k) block of dot products stays in L1/L2. */
export const CHUNK = 256;

/**
 * The buffers of one k-means run, reused by every iteration, and the wasm kernel holding the
 * run's X. The X (and w) given to {@link lloydStep} must not change while the workspace is in
 * use (the kernel keeps a copy); {@link LloydWorkspace.release} when the run ends.
 */
export class LloydWorkspace {
  readonly centerNorms: Float64Array; // (k,) ‖c_j‖²
  readonly weightInClusters: Float64Array; // (k,)
  readonly centerShift: Float64Array; // (k,) ‖c_j^new − c_j‖
  /** (n,) distances for empty-cluster relocation; allocated the first time a cluster empties. */
  farDist: Float64Array | null = null;
  /** (CHUNK, k) block of x_i·c_j for the JS path; allocated on first use. */
  private dots: Float64Array | null = null;
  /** The wasm kernel of the current X; `null` when the JS path is used. */
  private kernel: LloydKernel | null = null;
  private readonly wasm: boolean;

  /** @param options.wasm false: always the JS path (for tests; same bits). @default true */
  constructor(readonly k: number, options: { wasm?: boolean } = {}) {
    this.centerNorms = new Float64Array(k);
    this.weightInClusters = new Float64Array(k);
    this.centerShift = new Float64Array(k);
    this.wasm = options.wasm ?? true;
  }

  /** The wasm kernel bound to this X and w (opened on first use, reopened if they change), or null. */
  kernelFor(X: Float64Array, n: number, d: number, w: Float64Array): LloydKernel | null {
    if (!this.wasm) return null;
    const kn = this.kernel;
    if (kn !== null && kn.X === X && kn.n === n && kn.d === d && kn.w === w) return kn;
    kn?.close();
    this.kernel = LloydKernel.open(X, n, d, w, this.k);
    return this.kernel;
  }

  /** The JS path's block buffer. */
  dotBlock(): Float64Array {
    return (this.dots ??= new Float64Array(CHUNK * this.k));
  }

  /** Let the wasm kernel go (its memory is reused by the next run, or released if very large). */
  release(): void {
    this.kernel?.close();
    this.kernel = null;
  }
}

/**
 * One Lloyd iteration in place. Labels every row of X (n, d) by its nearest center in
 * `centers` (k, d); with `centersNew` (k, d), also writes the weighted means (after relocating
 * empty clusters) and `ws.centerShift`. Ties go to the smallest center index. $O(nkd)$.
 * @param X (n, d) row-major. @param w (n,) weights, read only when `centersNew` is given.
 */
export function lloydStep(
  X: Float64Array, n: number, d: number, w: Float64Array,
  centers: Float64Array, k: number, labels: Int32Array, ws: LloydWorkspace, centersNew: Float64Array | null,
): void {
  const { centerNorms, weightInClusters } = ws;
  rowSqNorms(centers, k, d, centerNorms);
  const kernel = ws.kernelFor(X, n, d, w);
  const weights = centersNew === null ? null : weightInClusters;
  if (kernel === null || !kernel.step(centers, centerNorms, labels, centersNew, weights)) {
    assignJs(X, n, d, w, centers, k, labels, ws, centersNew);
  }
  if (centersNew === null) return;
  relocateEmptyClusters(X, n, d, w, centers, centersNew, k, labels, weightInClusters, ws);
  for (let j = 0; j < k; j++) {
    const wj = weightInClusters[j]!;
    if (wj > 0) {
      const alpha = 1 / wj; // scikit-learn multiplies by the reciprocal
      for (let p = 0; p < d; p++) centersNew[j * d + p]! *= alpha;
    }
    ws.centerShift[j] = Math.sqrt(sqDist(centersNew, j * d, centers, j * d, d));
  }
}

/**
 * The JS path of the assignment (and, with `sums`, the weighted sums into `sums` (k, d) and
 * `ws.weightInClusters`): {@link CHUNK} rows at a time, cross products by `crossDots`, then
 * for each row the first minimum of $\lVert c_j\rVert^2 - 2x_i^\top c_j$ and its weighted add. $O(nkd)$.
 */
function assignJs(
  X: Float64Array, n: number, d: number, w: Float64Array,
  centers: Float64Array, k: number, labels: Int32Array, ws: LloydWorkspace, sums: Float64Array | null,
): void {
  const { centerNorms, weightInClusters } = ws;
  const dots = ws.dotBlock(); // (CHUNK, k)
  if (sums !== null) {
    sums.fill(0);
    weightInClusters.fill(0);
  }
  for (let s = 0; s < n; s += CHUNK) {
    const e = Math.min(s + CHUNK, n);
    crossDots(X, s, e, d, centers, k, dots);
    for (let i = s; i < e; i++) {
      const o = (i - s) * k;
      let best = centerNorms[0]! - 2 * dots[o]!;
      let label = 0;
      for (let j = 1; j < k; j++) {
        const v = centerNorms[j]! - 2 * dots[o + j]!;
        if (v < best) {
          best = v;
          label = j;
        }
      }
      labels[i] = label;
      if (sums !== null) {
        const wi = w[i]!;
        weightInClusters[label]! += wi;
        addScaled(sums, label * d, X, i * d, d, wi);
      }
    }
  }
}

/** `s[so + p] += x[xo + p] * a` for p < d (the product rounded, then the sum), 4 at a time. $O(d)$. */
function addScaled(s: Float64Array, so: number, x: Float64Array, xo: number, d: number, a: number): void {
  let p = 0;
  for (; p + 3 < d; p += 4) {
    const s0 = s[so + p]! + x[xo + p]! * a, s1 = s[so + p + 1]! + x[xo + p + 1]! * a;
    const s2 = s[so + p + 2]! + x[xo + p + 2]! * a, s3 = s[so + p + 3]! + x[xo + p + 3]! * a;
    s[so + p] = s0;
    s[so + p + 1] = s1;
    s[so + p + 2] = s2;
    s[so + p + 3] = s3;
  }
  for (; p < d; p++) s[so + p]! += x[xo + p]! * a;
}

/**
 * Give every center that received no weight the point farthest from its assigned (old) center:
 * the $m$ empty clusters take the $m$ farthest points, farthest first (ties: smaller index
 * first). The point's weighted coordinates move from its cluster's running sum to the empty
 * one. Nothing happens when every point sits on its center (more clusters than distinct points).
 * The point's label is not changed (as scikit-learn). `weights` (k,) are the clusters' weight
 * totals, updated in place; `scratch.farDist` is an (n,) buffer made on first use. $O(nd + nm)$.
 */
export function relocateEmptyClusters(
  X: Float64Array, n: number, d: number, w: Float64Array, centersOld: Float64Array, centersNew: Float64Array, k: number,
  labels: Int32Array, weights: Float64Array, scratch: { farDist: Float64Array | null },
): void {
  let nEmpty = 0;
  for (let j = 0; j < k; j++) if (weights[j] === 0) nEmpty++;
  if (nEmpty === 0) return;
  const dist = (scratch.farDist ??= new Float64Array(n)); // (n,)
  let maxDist = 0;
  for (let i = 0; i < n; i++) {
    dist[i] = sqDist(X, i * d, centersOld, labels[i]! * d, d);
    if (dist[i]! > maxDist) maxDist = dist[i]!;
  }
  if (maxDist === 0) return;
  for (let j = 0; j < k; j++) {
    if (weights[j] !== 0) continue;
    let far = 0;
    for (let i = 1; i < n; i++) if (dist[i]! > dist[far]!) far = i;
    dist[far] = -1; // taken
    const wf = w[far]!;
    const old = labels[far]!;
    for (let p = 0; p < d; p++) {
      const v = X[far * d + p]! * wf;
      centersNew[old * d + p]! -= v;
      centersNew[j * d + p] = v;
    }
    weights[j] = wf;
    weights[old]! -= wf;
  }
}

/** $\sum_i w_i \lVert x_i - c_{\ell_i}\rVert^2$, summed in row order. $O(nd)$. */
export function inertiaOf(X: Float64Array, n: number, d: number, w: Float64Array, centers: Float64Array, labels: Int32Array): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += sqDist(X, i * d, centers, labels[i]! * d, d) * w[i]!;
  return s;
}

/** Result of one k-means run. */
export interface KMeansRun {
  labels: Int32Array; // (n,)
  inertia: number;
  centers: Float64Array; // (k, d)
  nIter: number;
}

/**
 * One full Lloyd run from `centersInit` (k, d) (not modified): iterate until strict convergence,
 * the center shift falls to `tol` (absolute, already scaled) or `maxIter`; if it did not stop on
 * repeated labels, one more assignment pass makes the labels match the final centers.
 * $O(\text{nIter}\cdot nkd)$ time, $O(kd + n)$ extra memory.
 */
export function kmeansSingleLloyd(
  X: Float64Array, n: number, d: number, w: Float64Array, centersInit: Float64Array, k: number, maxIter: number, tol: number,
): KMeansRun {
  let centers = centersInit.slice(); // (k, d)
  let centersNew = new Float64Array(k * d); // (k, d)
  const labels = new Int32Array(n).fill(-1);
  const labelsOld = new Int32Array(n).fill(-1);
  const ws = new LloydWorkspace(k);
  let strict = false;
  let nIter = maxIter;
  try {
    for (let it = 0; it < maxIter; it++) {
      lloydStep(X, n, d, w, centers, k, labels, ws, centersNew);
      const tmp = centers;
      centers = centersNew;
      centersNew = tmp;
      if (sameLabels(labels, labelsOld)) {
        strict = true;
        nIter = it + 1;
        break;
      }
      let shift = 0;
      for (let j = 0; j < k; j++) shift += ws.centerShift[j]! ** 2;
      if (shift <= tol) {
        nIter = it + 1;
        break;
      }
      labelsOld.set(labels);
    }
    if (!strict) lloydStep(X, n, d, w, centers, k, labels, ws, null);
  } finally {
    ws.release();
  }
  return { labels, inertia: inertiaOf(X, n, d, w, centers, labels), centers, nIter };
}

function sameLabels(a: Int32Array, b: Int32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
