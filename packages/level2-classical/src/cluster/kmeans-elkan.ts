/**
 * Elkan's k-means (Elkan, ICML 2003), as scikit-learn 1.2's `_kmeans_single_elkan`: the same
 * iteration as Lloyd's, but the triangle inequality skips most distance computations.
 *
 * Per point it keeps an upper bound $u_i \ge \lVert x_i - c_{\ell_i}\rVert$ and lower bounds
 * $l_{ij} \le \lVert x_i - c_j\rVert$; with $s_j = \tfrac12\min_{j'\ne j}\lVert c_j - c_{j'}\rVert$,
 * the point keeps its label without any distance if $u_i \le s_{\ell_i}$, and center $j$ is
 * skipped if $u_i \le l_{ij}$ or $u_i \le \tfrac12\lVert c_{\ell_i} - c_j\rVert$. After the update
 * $u_i \mathrel{+}= \delta_{\ell_i}$ and $l_{ij} \leftarrow \max(0, l_{ij} - \delta_j)$, $\delta_j$ the
 * center shifts. Same fixed points as Lloyd (labels agree up to ties in distance).
 * $O(nk)$ memory for the lower bounds; per iteration $O(k^2 d)$ plus the distances not skipped.
 *
 * @see ../../../../docs/level2-classical/clustering.md
 */
import { sqDist } from './kernels.js';
import { inertiaOf, relocateEmptyClusters, type KMeansRun } from './kmeans-lloyd.js';

interface ElkanBuffers {
  half: Float64Array; // (k, k) ½‖c_a − c_b‖
  next: Float64Array; // (k,) min over b ≠ a of half[a, b]
  upper: Float64Array; // (n,)
  lower: Float64Array; // (n, k)
  weights: Float64Array; // (k,)
  shift: Float64Array; // (k,)
  farDist: Float64Array | null;
}

const dist = (A: Float64Array, a: number, B: Float64Array, b: number, d: number) => Math.sqrt(sqDist(A, a, B, b, d));

function centerDistances(C: Float64Array, k: number, d: number, buf: ElkanBuffers): void {
  for (let a = 0; a < k; a++) {
    buf.half[a * k + a] = 0;
    for (let b = a + 1; b < k; b++) buf.half[a * k + b] = buf.half[b * k + a] = dist(C, a * d, C, b * d, d) / 2;
  }
  for (let a = 0; a < k; a++) {
    let m = Infinity;
    for (let b = 0; b < k; b++) if (b !== a && buf.half[a * k + b]! < m) m = buf.half[a * k + b]!;
    buf.next[a] = k === 1 ? 0 : m;
  }
}

/** First labels and tight bounds (scikit-learn's `init_bounds_dense`). */
function initBounds(X: Float64Array, n: number, d: number, C: Float64Array, k: number, labels: Int32Array, buf: ElkanBuffers): void {
  for (let i = 0; i < n; i++) {
    let best = 0;
    let m = dist(X, i * d, C, 0, d);
    buf.lower[i * k] = m;
    for (let j = 1; j < k; j++) {
      if (m > buf.half[best * k + j]!) {
        const v = dist(X, i * d, C, j * d, d);
        buf.lower[i * k + j] = v;
        if (v < m) {
          m = v;
          best = j;
        }
      }
    }
    labels[i] = best;
    buf.upper[i] = m;
  }
}

/** One Elkan iteration (scikit-learn's `elkan_iter_chunked_dense` with one chunk per point). */
function elkanStep(
  X: Float64Array, n: number, d: number, w: Float64Array, C: Float64Array, k: number,
  labels: Int32Array, buf: ElkanBuffers, Cnew: Float64Array | null,
): void {
  const { half, next, upper, lower, weights } = buf;
  if (Cnew !== null) {
    Cnew.fill(0);
    weights.fill(0);
  }
  for (let i = 0; i < n; i++) {
    let u = upper[i]!;
    let tight = false;
    let label = labels[i]!;
    if (!(next[label]! >= u)) {
      for (let j = 0; j < k; j++) {
        if (j !== label && u > lower[i * k + j]! && u > half[label * k + j]!) {
          if (!tight) {
            u = dist(X, i * d, C, label * d, d);
            lower[i * k + label] = u;
            tight = true;
          }
          if (u > lower[i * k + j]! || u > half[label * k + j]!) {
            const v = dist(X, i * d, C, j * d, d);
            lower[i * k + j] = v;
            if (v < u) {
              label = j;
              u = v;
            }
          }
        }
      }
      labels[i] = label;
      upper[i] = u;
    }
    if (Cnew !== null) {
      weights[label]! += w[i]!;
      for (let p = 0; p < d; p++) Cnew[label * d + p]! += X[i * d + p]! * w[i]!;
    }
  }
  if (Cnew === null) return;
  relocateEmptyClusters(X, n, d, w, C, Cnew, k, labels, weights, buf);
  for (let j = 0; j < k; j++) {
    if (weights[j]! > 0) {
      const alpha = 1 / weights[j]!;
      for (let p = 0; p < d; p++) Cnew[j * d + p]! *= alpha;
    }
    buf.shift[j] = dist(Cnew, j * d, C, j * d, d);
  }
  for (let i = 0; i < n; i++) {
    upper[i]! += buf.shift[labels[i]!]!;
    for (let j = 0; j < k; j++) lower[i * k + j] = Math.max(0, lower[i * k + j]! - buf.shift[j]!);
  }
}

/** One full Elkan run from `centersInit` (k, d); same stopping rules and result as {@link kmeansSingleLloyd}. */
export function kmeansSingleElkan(
  X: Float64Array, n: number, d: number, w: Float64Array, centersInit: Float64Array, k: number, maxIter: number, tol: number,
): KMeansRun {
  let C = centersInit.slice(); // (k, d)
  let Cnew = new Float64Array(k * d); // (k, d)
  const labels = new Int32Array(n).fill(-1);
  const labelsOld = new Int32Array(n).fill(-1);
  const buf: ElkanBuffers = {
    half: new Float64Array(k * k), next: new Float64Array(k), upper: new Float64Array(n), lower: new Float64Array(n * k),
    weights: new Float64Array(k), shift: new Float64Array(k), farDist: null,
  };
  centerDistances(C, k, d, buf);
  initBounds(X, n, d, C, k, labels, buf);
  let strict = false;
  let nIter = maxIter;
  for (let it = 0; it < maxIter; it++) {
    elkanStep(X, n, d, w, C, k, labels, buf, Cnew);
    centerDistances(Cnew, k, d, buf);
    const tmp = C;
    C = Cnew;
    Cnew = tmp;
    let same = true;
    for (let i = 0; i < n; i++) if (labels[i] !== labelsOld[i]) { same = false; break; }
    if (same) {
      strict = true;
      nIter = it + 1;
      break;
    }
    let s = 0;
    for (let j = 0; j < k; j++) s += buf.shift[j]! ** 2;
    if (s <= tol) {
      nIter = it + 1;
      break;
    }
    labelsOld.set(labels);
  }
  if (!strict) elkanStep(X, n, d, w, C, k, labels, buf, null);
  return { labels, inertia: inertiaOf(X, n, d, w, C, labels), centers: C, nIter };
}
