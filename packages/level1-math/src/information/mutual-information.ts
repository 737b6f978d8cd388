/**
 * Mutual information between two discrete variables, from a contingency table or from two label
 * arrays (scikit-learn's `mutual_info_score`).
 *
 * @see ../../../../docs/level1-math/information.md
 */
import { InvalidInputError, Matrix, ShapeError, asLabels, asMatrix, describeValue, type MatrixLike } from '@fpml/core';
import { logOfBase, type InfoOptions } from './base.js';

/**
 * Mutual information of the empirical joint distribution of a contingency table $n_{ij}$
 * (row sums $a_i$, column sums $b_j$, total $N$):
 * $$I(X;Y) = \sum_{ij}\frac{n_{ij}}N\ln\frac{N\,n_{ij}}{a_i b_j} = H(X) + H(Y) - H(X,Y) \ \ge 0,$$
 * computed term by term as sklearn.metrics.mutual_info_score(contingency=...) does (round-off
 * below 0 is clipped to 0). The plug-in estimate is biased upwards by about
 * $(R-1)(C-1)/(2N)$ nats for independent variables; see the docs page. Nats by default. $O(RC)$.
 * @param table (R, C) non-negative counts (need not be integers), not all zero.
 * @throws InvalidInputError for a negative, NaN or infinite count, or an all-zero table.
 * @see ../../../../docs/level1-math/information.md
 */
export function mutualInformationFromTable(table: MatrixLike, options: InfoOptions = {}): number {
  const lb = logOfBase('mutualInformationFromTable', options.base);
  const T = asMatrix(table, 'table'); // (R, C)
  for (let k = 0; k < T.data.length; k++) {
    if (T.data[k]! < 0) throw new InvalidInputError(`mutualInformationFromTable: table must contain counts ≥ 0, got ${T.data[k]} at (${Math.floor(k / T.cols)}, ${k % T.cols})`);
  }
  return miNats(T) / lb;
}

/**
 * Mutual information between two labelings of the same items (numbers or strings), through
 * their contingency table: sklearn.metrics.mutual_info_score(a, b). Nats by default. $O(n + RC)$.
 * @param a (n,) labels. @param b (n,) labels.
 * @throws ShapeError for different lengths; InvalidInputError for empty input or NaN labels.
 * @see ../../../../docs/level1-math/information.md
 */
export function mutualInformation(a: readonly (number | string)[] | ArrayLike<number>, b: readonly (number | string)[] | ArrayLike<number>, options: InfoOptions = {}): number {
  const lb = logOfBase('mutualInformation', options.base);
  const la = asLabels(a, 'a');
  const lbls = asLabels(b, 'b');
  if (la.length !== lbls.length) throw new ShapeError(`mutualInformation: a has ${la.length} labels but b has ${lbls.length}`);
  const ia = indexLabels(la), ib = indexLabels(lbls);
  const T = new Matrix(ia.count, ib.count); // (R, C) contingency
  for (let i = 0; i < la.length; i++) T.data[ia.codes[i]! * ib.count + ib.codes[i]!]! += 1;
  return miNats(T) / lb;
}

function indexLabels(labels: readonly (number | string)[]): { codes: Int32Array; count: number } {
  const map = new Map<number | string, number>();
  const codes = new Int32Array(labels.length); // (n,)
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    let c = map.get(l);
    if (c === undefined) map.set(l, (c = map.size));
    codes[i] = c;
  }
  return { codes, count: map.size };
}

/** $\sum_{ij} \frac{n_{ij}}N\big[(\ln n_{ij} - \ln N) + (2\ln N - \ln a_i b_j)\big]$ over non-zero cells, grouped as sklearn does. */
function miNats(T: Matrix): number {
  const R = T.rows, C = T.cols;
  const a = new Float64Array(R), b = new Float64Array(C); // row and column sums
  let N = 0;
  for (let i = 0; i < R; i++) {
    for (let j = 0; j < C; j++) {
      const v = T.data[i * C + j]!;
      a[i]! += v;
      b[j]! += v;
      N += v;
    }
  }
  if (!(N > 0)) throw new InvalidInputError(`mutual information: the contingency table must not be all zeros, got ${describeValue(T)}`);
  const lnN = Math.log(N);
  let mi = 0;
  for (let i = 0; i < R; i++) {
    for (let j = 0; j < C; j++) {
      const v = T.data[i * C + j]!;
      if (v > 0) mi += (v / N) * (Math.log(v) - lnN) + (v / N) * (-Math.log(a[i]! * b[j]!) + lnN + lnN);
    }
  }
  return Math.max(0, mi);
}
