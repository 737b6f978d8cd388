/**
 * Adjusted mutual information between two clusterings (Vinh, Epps & Bailey, JMLR 2010), as
 * scikit-learn 1.2.1's `adjusted_mutual_info_score`: the mutual information corrected by its
 * expectation under random labelings with the same cluster sizes. (The plain mutual information
 * of a dense table is level1-math's `mutualInformationFromTable`; here it is summed over the
 * sparse table's non-zero cells, with the same grouping of terms.)
 *
 * @see ../../../../docs/level2-classical/clustering.md
 */
import { InvalidParamError, logGamma } from '@fpml/core';
import { contingency, type ClusterLabels, type Contingency } from './contingency.js';

/** How AMI normalises: the mean of $H(U)$ and $H(V)$ it divides by. */
export type AverageMethod = 'arithmetic' | 'geometric' | 'min' | 'max';

/** $H = -\sum_i \frac{a_i}{n}(\ln a_i - \ln n)$ of cluster sizes (0 for one cluster). */
function entropyOfSizes(sizes: Float64Array): number {
  if (sizes.length === 1) return 0;
  let n = 0;
  for (const v of sizes) n += v;
  const ln = Math.log(n);
  let h = 0;
  for (const v of sizes) h += (v / n) * (Math.log(v) - ln);
  return -h;
}

/**
 * $I = \sum_{n_{ij} > 0} \frac{n_{ij}}N\big[(\ln n_{ij} - \ln N) + (\ln N + \ln N - \ln a_ib_j)\big]$, terms below
 * machine epsilon dropped and the total clipped at 0, as scikit-learn's `mutual_info_score`
 * (0 when either labeling has one cluster). $O(\text{non-zero cells})$.
 */
function sparseMutualInfo(t: Contingency): number {
  if (t.R === 1 || t.C === 1) return 0;
  const lnN = Math.log(t.n);
  let mi = 0;
  for (const [key, v] of t.cells) {
    const i = Math.floor(key / t.C), j = key % t.C;
    const p = v / t.n;
    const term = p * (Math.log(v) - lnN) + p * (-Math.log(t.a[i]! * t.b[j]!) + lnN + lnN);
    if (Math.abs(term) >= Number.EPSILON) mi += term;
  }
  return Math.max(mi, 0);
}

/**
 * Expected mutual information of two random labelings with row sizes $a_i$ and column sizes
 * $b_j$ (hypergeometric model):
 * $$E[I] = \sum_{i,j}\sum_{k=\max(1,a_i+b_j-N)}^{\min(a_i,b_j)} \frac kN\ln\frac{Nk}{a_ib_j}\,
 * \frac{a_i!\,b_j!\,(N-a_i)!\,(N-b_j)!}{N!\,k!\,(a_i-k)!\,(b_j-k)!\,(N-a_i-b_j+k)!},$$
 * the factorials in log space (scikit-learn's `expected_mutual_information`). $O(RC\min(\max a, \max b))$ at worst.
 */
export function expectedMutualInformation(t: Contingency): number {
  const { a, b, R, C } = t;
  if (R === 1 || C === 1) return 0;
  const N = t.n;
  let maxAB = 0;
  for (const v of a) maxAB = Math.max(maxAB, v);
  for (const v of b) maxAB = Math.max(maxAB, v);
  const lnN = Math.log(N);
  const glnN = logGamma(N + 1);
  const glnNij = new Float64Array(maxAB + 1);
  const logNnij = new Float64Array(maxAB + 1);
  for (let k = 1; k <= maxAB; k++) {
    glnNij[k] = logGamma(k + 1);
    logNnij[k] = lnN + Math.log(k);
  }
  let emi = 0;
  for (let i = 0; i < R; i++) {
    const ai = a[i]!;
    const la = Math.log(ai), ga = logGamma(ai + 1), gNa = logGamma(N - ai + 1);
    for (let j = 0; j < C; j++) {
      const bj = b[j]!;
      const lb = Math.log(bj), gb = logGamma(bj + 1), gNb = logGamma(N - bj + 1);
      const start = Math.max(ai - N + bj, 1);
      const end = Math.min(ai, bj);
      for (let k = start; k <= end; k++) {
        const term2 = logNnij[k]! - la - lb;
        const gln = ga + gb + gNa + gNb - glnN - glnNij[k]! - logGamma(ai - k + 1) - logGamma(bj - k + 1) - logGamma(N - ai - bj + k + 1);
        emi += (k / N) * term2 * Math.exp(gln);
      }
    }
  }
  return emi;
}

/**
 * Adjusted mutual information
 * $$\mathrm{AMI}(U, V) = \frac{I(U;V) - E[I]}{\operatorname{avg}(H(U), H(V)) - E[I]}$$
 * (natural logs; `averageMethod` picks the mean: arithmetic (default), geometric, min, max):
 * 1 for identical partitions, about 0 for independent ones, symmetric. Two one-cluster
 * labelings score 1. The denominator is kept at least machine epsilon in magnitude, with its sign.
 * @param labelsTrue (n,) numbers or strings. @param labelsPred (n,).
 * @throws ShapeError for different lengths; InvalidInputError for empty input; InvalidParamError for an unknown averageMethod.
 * @see ../../../../docs/level2-classical/clustering.md
 */
export function adjustedMutualInfoScore(labelsTrue: ClusterLabels, labelsPred: ClusterLabels, options: { averageMethod?: AverageMethod } = {}): number {
  const method = options.averageMethod ?? 'arithmetic';
  if (!['arithmetic', 'geometric', 'min', 'max'].includes(method)) {
    throw new InvalidParamError('adjustedMutualInfoScore', 'averageMethod', method, "'arithmetic', 'geometric', 'min' or 'max'");
  }
  const t = contingency(labelsTrue, labelsPred, 'adjustedMutualInfoScore');
  if (t.R === 1 && t.C === 1) return 1.0;
  const mi = sparseMutualInfo(t);
  const emi = expectedMutualInformation(t);
  const hu = entropyOfSizes(t.a), hv = entropyOfSizes(t.b);
  const norm = method === 'min' ? Math.min(hu, hv) : method === 'max' ? Math.max(hu, hv) : method === 'geometric' ? Math.sqrt(hu * hv) : (hu + hv) / 2;
  let den = norm - emi;
  den = den < 0 ? Math.min(den, -Number.EPSILON) : Math.max(den, Number.EPSILON);
  return (mi - emi) / den;
}
