/**
 * One binary C-SVC, the building block of {@link SVC}'s one-vs-one scheme: libsvm's
 * `solve_c_svc` and `svm_binary_svc_probability`.
 *
 * **Primal and dual.** With labels $y_t \in \{\pm1\}$ and per-sample costs $C_t$ ($C_+$ for the
 * positive class, $C_-$ for the negative one: `C` times the class weight),
 * $$\min_{w, b, \xi}\ \tfrac12 \lVert w\rVert^2 + \sum_t C_t \xi_t \quad\text{s.t.}\quad
 *   y_t (w^\top\phi(x_t) + b) \ge 1 - \xi_t,\ \xi_t \ge 0,$$
 * whose Lagrangian dual is SMO's problem with $Q_{st} = y_s y_t K(x_s, x_t)$, $p = -\mathbf 1$,
 * $\Delta = 0$. At the optimum $w = \sum_t \alpha_t y_t \phi(x_t)$ and the decision function is
 * $f(x) = \sum_t \alpha_t y_t K(x_t, x) - \rho$. The returned `coef` is $\alpha_t y_t$.
 *
 * **Platt's cross-validation.** The sigmoid must be fitted on decision values the classifier
 * did not train on, so libsvm splits the problem into 5 folds by a random permutation (here
 * from the caller's seeded {@link Rng}, so the folds differ from scikit-learn's), fits a C-SVC
 * on 4 folds and evaluates it on the fifth. A training split with one class only gives the
 * constant decision value ±1 (0 if empty), as in libsvm.
 *
 * Cost: one SMO solve ($O(\text{iter} \cdot \ell)$ plus kernel rows); probability adds five.
 * @see ../../../../docs/level2-classical/svm.md#svc
 */
import type { Rng } from '@fpml/core';
import type { KernelSpec } from './kernels.js';
import { kernelFromDot, rowDot, rowSquares } from './kernels.js';
import { sigmoidTrain, type Sigmoid } from './platt.js';
import { SvcQ } from './q-matrix.js';
import { solveSmo } from './smo.js';

/** Solver settings shared by SVC and SVR. */
export interface SolverSettings {
  tol: number;
  shrinking: boolean;
  maxIter: number;
  cacheSize: number;
}

/** A fitted binary C-SVC over the rows it was given. */
export interface BinaryFit {
  /** $\alpha_t y_t$ per training row (0 for non-support vectors), (ℓ,). */
  coef: Float64Array;
  rho: number;
  nIter: number;
  converged: boolean;
  obj: number;
}

/**
 * Fit one C-SVC on the rows `rows` of X (flat, d columns) with labels `y` (±1).
 * @param Cp cost of the positive class; @param Cn cost of the negative class.
 */
export function trainBinary(
  X: Float64Array, d: number, rows: Int32Array, y: Int8Array,
  Cp: number, Cn: number, spec: KernelSpec, settings: SolverSettings,
): BinaryFit {
  const l = rows.length;
  const C = new Float64Array(l); // (l,)
  for (let t = 0; t < l; t++) C[t] = y[t]! > 0 ? Cp : Cn;
  const Q = new SvcQ(spec, X, d, rows, y, settings.cacheSize);
  const res = solveSmo({ Q, p: new Float64Array(l).fill(-1), y, C }, settings);
  const coef = new Float64Array(l); // (l,)
  for (let t = 0; t < l; t++) coef[t] = res.alpha[t]! * y[t]!;
  return { coef, rho: res.rho, nIter: res.nIter, converged: res.converged, obj: res.obj };
}

/**
 * Decision values $f(x) = \sum_t c_t K(x_t, x) - \rho$ of a {@link BinaryFit} at `evalRows`
 * of X, summing over its support vectors only. $O(|\text{eval}| \cdot n_{SV} d)$.
 */
export function binaryDecision(
  X: Float64Array, d: number, trainRows: Int32Array, fit: BinaryFit, spec: KernelSpec, evalRows: Int32Array,
): Float64Array {
  const sv: number[] = [];
  for (let t = 0; t < trainRows.length; t++) if (fit.coef[t] !== 0) sv.push(t);
  const xsq = rowSquares(X, X.length / d, d);
  const out = new Float64Array(evalRows.length); // (m,)
  for (let e = 0; e < evalRows.length; e++) {
    const r = evalRows[e]!;
    let sum = 0;
    for (const t of sv) {
      const s = trainRows[t]!;
      sum += fit.coef[t]! * kernelFromDot(spec, rowDot(X, r * d, X, s * d, d), xsq[r]!, xsq[s]!);
    }
    out[e] = sum - fit.rho;
  }
  return out;
}

/**
 * libsvm's `svm_binary_svc_probability`: 5-fold cross-validated decision values, then
 * {@link sigmoidTrain}. The folds come from `rng.permutation(ℓ)`.
 */
export function binaryProbability(
  X: Float64Array, d: number, rows: Int32Array, y: Int8Array,
  Cp: number, Cn: number, spec: KernelSpec, settings: SolverSettings, rng: Rng,
): Sigmoid {
  const nFold = 5;
  const l = rows.length;
  const perm = rng.permutation(l); // (l,)
  const dec = new Float64Array(l); // (l,) out-of-fold decision values, in the problem's order
  for (let f = 0; f < nFold; f++) {
    const begin = Math.floor((f * l) / nFold);
    const end = Math.floor(((f + 1) * l) / nFold);
    const trainPos = [...perm.subarray(0, begin), ...perm.subarray(end)];
    const testPos = perm.subarray(begin, end);
    let pCount = 0;
    for (const t of trainPos) if (y[t]! > 0) pCount++;
    const nCount = trainPos.length - pCount;
    if (pCount === 0 || nCount === 0) {
      const v = pCount > 0 ? 1 : nCount > 0 ? -1 : 0;
      for (const t of testPos) dec[t] = v;
      continue;
    }
    const subRows = Int32Array.from(trainPos, (t) => rows[t]!);
    const subY = Int8Array.from(trainPos, (t) => y[t]!);
    const fit = trainBinary(X, d, subRows, subY, Cp, Cn, spec, settings);
    const vals = binaryDecision(X, d, subRows, fit, spec, Int32Array.from(testPos, (t) => rows[t]!));
    testPos.forEach((t, k) => {
      dec[t] = vals[k]!;
    });
  }
  return sigmoidTrain(dec, y);
}
