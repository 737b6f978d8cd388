/**
 * The W3 workload's data: 10000 × 20 synthetic binary classification in the manner of
 * scikit-learn's `make_classification`, fixed by `new Rng(seed)`: each class is 4 Gaussian clusters
 * centred on distinct vertices of the hypercube $\{-1, 1\}^5$ in 5 informative features (a random
 * linear mix applied per cluster), 15 features are pure N(0, 1) noise, and 1% of labels are
 * flipped. Depth-10 trees on it are bushy (hundreds of nodes), so the benchmark times real growth.
 */
import { Matrix, Rng } from '@fpml/core';

export function w3Data(n = 10000, d = 20, seed = 0): { X: Matrix; y: Int32Array } {
  const rng = new Rng(seed);
  const inf = 5;
  const clusters = 8; // 4 per class
  const order = rng.permutation(1 << inf); // distinct vertices
  const centres = Array.from({ length: clusters }, (_, c) => Array.from({ length: inf }, (_, j) => ((order[c]! >> j) & 1 ? 1 : -1)));
  const mixes = Array.from({ length: clusters }, () => Array.from({ length: inf * inf }, () => rng.uniform(-1, 1)));
  const X = new Matrix(n, d); // (n, d)
  const y = new Int32Array(n); // (n,)
  const z = new Float64Array(inf);
  for (let i = 0; i < n; i++) {
    const c = rng.int(clusters);
    for (let j = 0; j < inf; j++) z[j] = rng.normal(0, 1);
    const A = mixes[c]!;
    for (let j = 0; j < inf; j++) {
      let v = centres[c]![j]!;
      for (let k = 0; k < inf; k++) v += z[k]! * A[k * inf + j]!;
      X.data[i * d + j] = v;
    }
    for (let j = inf; j < d; j++) X.data[i * d + j] = rng.normal(0, 1);
    const label = c % 2;
    y[i] = rng.next() < 0.01 ? 1 - label : label;
  }
  return { X, y };
}
