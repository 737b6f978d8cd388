/**
 * {@link SVC}'s saved state (version 1) and its checked loader: every array is validated for
 * length, finiteness and integrality so a corrupt file never becomes a half-built model.
 * Numbers go through JSON exactly (shortest round-trip decimal), so a reloaded model predicts
 * bit for bit what the original did.
 * @see ../../../../docs/level2-classical/svm.md#saving
 */
import { InvalidInputError, type Label, LabelEncoding, type LabelEncodingJSON, readCount, readFiniteArray, stateField } from '@fpml/core';
import { nPairs } from './ovo.js';
import type { SVCParams } from './svc-params.js';
import type { SvcFitted } from './svc.js';

/** JSON form of {@link SvcFitted}. */
export interface SvcStateJSON {
  classes: Label[];
  labelKind: LabelEncodingJSON['kind'];
  nFeaturesIn: number;
  gamma: number;
  support: number[];
  nSupport: number[];
  supportVectors: number[];
  dualCoef: number[];
  rho: number[];
  probA: number[] | null;
  probB: number[] | null;
  nIter: number[];
  notConverged: number[];
  classWeight: number[];
}

/** The JSON form of a fitted SVC's state (copies every array). $O(n_{SV} d)$. */
export function writeSvcState(s: SvcFitted): SvcStateJSON {
  const m = s.model;
  return {
    classes: [...s.encoding.classes],
    labelKind: s.encoding.kind,
    nFeaturesIn: s.nFeaturesIn,
    gamma: s.spec.gamma,
    support: Array.from(m.support),
    nSupport: Array.from(m.nSupport),
    supportVectors: Array.from(s.SV),
    dualCoef: Array.from(m.dualCoef),
    rho: Array.from(m.rho),
    probA: m.probA ? Array.from(m.probA) : null,
    probB: m.probB ? Array.from(m.probB) : null,
    nIter: Array.from(m.nIter),
    notConverged: [...m.notConverged],
    classWeight: Array.from(s.classWeight),
  };
}

/** A saved array of non-negative integers (below `bound` if given). */
export function readIndexArray(st: unknown, kind: string, field: string, length?: number, bound?: number): Int32Array {
  const v = readFiniteArray(st, kind, field, length);
  for (let k = 0; k < v.length; k++) {
    const e = v[k]!;
    if (!(Number.isInteger(e) && e >= 0 && e < (bound ?? 2 ** 31))) {
      throw new InvalidInputError(`${kind}.fromJSON: state.${field}[${k}] must be an integer in [0, ${bound ?? 2 ** 31}), got ${e}`);
    }
  }
  return Int32Array.from(v);
}

/** Rebuild {@link SvcFitted} from its saved form. @throws InvalidInputError naming the bad field. */
export function readSvcState(st: unknown, kind: string, params: SVCParams): SvcFitted {
  const encoding = LabelEncoding.fromJSON(
    { classes: stateField(st, kind, 'classes') as Label[], kind: stateField(st, kind, 'labelKind') as LabelEncodingJSON['kind'] },
    kind,
  );
  const K = encoding.nClasses;
  if (K < 2) throw new InvalidInputError(`${kind}.fromJSON: state.classes must hold at least 2 classes, got ${K}`);
  const P = nPairs(K);
  const d = readCount(st, kind, 'nFeaturesIn');
  const gamma = stateField(st, kind, 'gamma');
  if (typeof gamma !== 'number' || !(gamma >= 0) || !Number.isFinite(gamma)) {
    throw new InvalidInputError(`${kind}.fromJSON: state.gamma must be a finite number ≥ 0, got ${String(gamma)}`);
  }
  const nSupport = readIndexArray(st, kind, 'nSupport', K);
  const nSV = nSupport.reduce((a, b) => a + b, 0);
  const support = readIndexArray(st, kind, 'support', nSV);
  const SV = readFiniteArray(st, kind, 'supportVectors', nSV * d);
  const dualCoef = readFiniteArray(st, kind, 'dualCoef', (K - 1) * nSV);
  const rho = readFiniteArray(st, kind, 'rho', P);
  const hasProb = stateField(st, kind, 'probA') !== null;
  if (hasProb !== params.probability) {
    throw new InvalidInputError(`${kind}.fromJSON: state.probA is ${hasProb ? 'set' : 'null'} but params.probability is ${params.probability}`);
  }
  const probA = hasProb ? readFiniteArray(st, kind, 'probA', P) : null;
  const probB = hasProb ? readFiniteArray(st, kind, 'probB', P) : null;
  const nIter = readIndexArray(st, kind, 'nIter', P);
  const notConverged = Array.from(readIndexArray(st, kind, 'notConverged', undefined, P));
  const classWeight = readFiniteArray(st, kind, 'classWeight', K);
  return {
    encoding, nFeaturesIn: d,
    spec: { kernel: params.kernel, gamma, coef0: params.coef0, degree: params.degree },
    model: { nClasses: K, support, nSupport, dualCoef, rho, probA, probB, nIter, notConverged },
    SV, classWeight,
  };
}
