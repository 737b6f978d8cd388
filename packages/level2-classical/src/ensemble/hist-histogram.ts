/**
 * Gradient/hessian histograms of one tree node (scikit-learn 1.2's `HistogramBuilder`).
 *
 * For feature $j$ and bin $b$ the histogram holds, over the node's samples $S$,
 * $$G_{jb} = \sum_{i \in S,\ b_j(x_i) = b} g_i,\qquad H_{jb} = \sum_{i \in S,\ b_j(x_i) = b} h_i,\qquad c_{jb} = |\{i \in S : b_j(x_i) = b\}|,$$
 * in one pass over the node's samples per feature, $O(|S|\,d)$. Every split of the node on feature
 * $j$ is then scored from prefix sums of $G_{j\cdot}, H_{j\cdot}$ in $O(\texttt{nBins})$, instead of
 * re-scanning samples.
 *
 * **Subtraction trick.** A parent's histogram is the sum of its children's, so only the smaller
 * child is built from its samples and the larger one is `parent − smaller`, halving the work at
 * least (LightGBM's trick; sklearn does the same, so the floating-point sums are the same too).
 *
 * Sums are accumulated in float64 from float32 gradients, in sample order, as sklearn does. When
 * the hessians are constant (squared error, no sample weights) $H$ is not accumulated: the
 * splitter uses the counts.
 * @see ../../../../docs/level2-classical/boosting.md
 */

/**
 * Histograms of all features of one node, interleaved like sklearn's `hist_struct` array: bin b of
 * feature j holds $(G, H, c)$ at `3 * (j * nBins + b)` + 0, 1, 2 (counts are exact in float64).
 */
export interface Histogram {
  data: Float64Array; // (d * nBins * 3)
}

/** Zeroed histograms for d features of nBins bins. */
export function newHistogram(d: number, nBins: number): Histogram {
  return { data: new Float64Array(3 * d * nBins) };
}

/**
 * Build the histograms of the samples `partition[start .. stop)` from scratch.
 * @param binned column-major bins (feature j at offset j·n).
 * @param gradients (n,) float32; @param hessians (n,) float32, or null for constant hessians.
 * @param scratchG, scratchH buffers of length ≥ stop - start for the gathered (ordered) gradients.
 */
export function buildHistogram(
  out: Histogram,
  binned: Uint8Array,
  n: number,
  d: number,
  nBins: number,
  partition: Uint32Array,
  start: number,
  stop: number,
  gradients: Float32Array,
  hessians: Float32Array | null,
  scratchG: Float32Array,
  scratchH: Float32Array,
): void {
  const H = out.data;
  H.fill(0);
  const m = stop - start;
  const root = m === n;
  // Gather the node's gradients in partition order (sklearn's ordered_gradients).
  if (!root) {
    for (let i = 0; i < m; i++) scratchG[i] = gradients[partition[start + i]!]!;
    if (hessians !== null) for (let i = 0; i < m; i++) scratchH[i] = hessians[partition[start + i]!]!;
  }
  for (let j = 0; j < d; j++) {
    const col = j * n;
    const off = 3 * j * nBins;
    if (root) {
      // The root holds every sample: sklearn iterates them in index order, without the gather.
      if (hessians === null) {
        for (let i = 0; i < n; i++) {
          const b = off + 3 * binned[col + i]!;
          H[b] += gradients[i]!;
          H[b + 2]++;
        }
      } else {
        for (let i = 0; i < n; i++) {
          const b = off + 3 * binned[col + i]!;
          H[b] += gradients[i]!;
          H[b + 1] += hessians[i]!;
          H[b + 2]++;
        }
      }
    } else if (hessians === null) {
      for (let i = 0; i < m; i++) {
        const b = off + 3 * binned[col + partition[start + i]!]!;
        H[b] += scratchG[i]!;
        H[b + 2]++;
      }
    } else {
      for (let i = 0; i < m; i++) {
        const b = off + 3 * binned[col + partition[start + i]!]!;
        H[b] += scratchG[i]!;
        H[b + 1] += scratchH[i]!;
        H[b + 2]++;
      }
    }
  }
}

/** `out = parent − sibling`, entry by entry (the subtraction trick). $O(d \cdot \texttt{nBins})$. */
export function subtractHistogram(out: Histogram, parent: Histogram, sibling: Histogram): void {
  const o = out.data, p = parent.data, q = sibling.data;
  for (let k = 0; k < o.length; k++) o[k] = p[k]! - q[k]!;
}
