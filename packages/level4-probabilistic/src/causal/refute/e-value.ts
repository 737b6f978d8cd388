/**
 * The E-value (VanderWeele & Ding 2017, *Ann. Intern. Med.* 167:268): the minimum strength of
 * association, on the risk-ratio scale, that an unmeasured confounder would need with **both**
 * the treatment and the outcome, conditional on the measured covariates, to fully explain away an
 * observed risk ratio $RR$:
 * $$E = RR + \sqrt{RR\,(RR - 1)}\quad (RR \ge 1),\qquad RR < 1:\ \text{use } 1/RR.$$
 * For a confidence interval the E-value of the limit closer to 1 is reported, or 1 when the
 * interval contains 1 (no confounding is needed to move it to the null).
 *
 * Other scales (VanderWeele & Ding 2017, Table 2):
 * - odds ratio: $RR \approx OR$ for a rare outcome (< 15%), else $RR \approx \sqrt{OR}$;
 * - **continuous outcome**: with the standardised effect $d = \hat\theta / \sigma_Y$ ($\sigma_Y$ the
 *   outcome's standard deviation), $RR \approx \exp(0.91\,d)$ (Chinn 2000's conversion, as in R's
 *   `EValue::evalues.MD`), and the CI limits map the same way, $\exp(0.91\,\ell/\sigma_Y)$. With a
 *   Wald CI this is $\exp(0.91 d \pm 0.91 z\,\mathrm{SE}_d)$, i.e. $\pm 1.7836\,\mathrm{SE}_d$ at
 *   95% (EValue rounds the factor to 1.78). The approximation assumes a roughly normal outcome;
 *   on skewed outcomes (earnings with many zeros) treat it as a rough scale.
 *
 * Cost $O(1)$.
 * @see ../../../../../docs/level4-probabilistic/causal-diagnostics.md
 */
import { InvalidParamError } from '@fpml/core';

/** E-values of a point estimate and its CI. */
export interface EValueResult {
  /** The risk ratio used (after conversion). */
  rr: number;
  /** Its CI on the risk-ratio scale, when given. */
  rrCi?: [number, number];
  /** E-value of the point estimate. */
  eValue: number;
  /** E-value of the CI limit closer to 1 (1 when the CI contains 1). */
  eValueCi?: number;
}

/** $E(RR) = RR^* + \sqrt{RR^*(RR^* - 1)}$, $RR^* = \max(RR, 1/RR)$. */
export function eValue(rr: number): number {
  if (!(rr > 0) || !Number.isFinite(rr)) throw new InvalidParamError('eValue', 'rr', rr, 'a finite risk ratio > 0');
  const r = rr >= 1 ? rr : 1 / rr;
  return r + Math.sqrt(r * (r - 1));
}

function checkCi(owner: string, ci: readonly [number, number] | undefined, positive: boolean): void {
  if (ci === undefined) return;
  if (!Array.isArray(ci) || ci.length !== 2 || !ci.every((v) => Number.isFinite(v) && (!positive || v > 0)) || ci[0] > ci[1]) {
    throw new InvalidParamError(owner, 'ci', ci, `[lo, hi] with lo ≤ hi${positive ? ', both finite and > 0' : ', both finite'}`);
  }
}

/** E-value of a risk ratio and (optionally) its CI. */
export function eValueRiskRatio(rr: number, ci?: readonly [number, number]): EValueResult {
  checkCi('eValueRiskRatio', ci, true);
  const out: EValueResult = { rr, eValue: eValue(rr) };
  if (ci) {
    out.rrCi = [ci[0], ci[1]];
    const [lo, hi] = ci;
    out.eValueCi = lo <= 1 && hi >= 1 ? 1 : eValue(rr >= 1 ? lo : hi);
  }
  return out;
}

/** E-value of an odds ratio: $RR \approx OR$ (rare outcome) or $\sqrt{OR}$ (common outcome). */
export function eValueOddsRatio(or: number, ci?: readonly [number, number], options: { rare?: boolean } = {}): EValueResult {
  if (!(or > 0) || !Number.isFinite(or)) throw new InvalidParamError('eValueOddsRatio', 'or', or, 'a finite odds ratio > 0');
  checkCi('eValueOddsRatio', ci, true);
  const f = options.rare ?? false ? (x: number) => x : Math.sqrt;
  return eValueRiskRatio(f(or), ci ? [f(ci[0]), f(ci[1])] : undefined);
}

/**
 * E-value of a mean difference on a continuous outcome: $d = \hat\theta/\sigma_Y$,
 * $RR \approx e^{0.91 d}$; the CI maps limit by limit. Returns also `d`.
 */
export function eValueContinuous(effect: number, sdOutcome: number, ci?: readonly [number, number]): EValueResult & { d: number } {
  const O = 'eValueContinuous';
  if (!Number.isFinite(effect)) throw new InvalidParamError(O, 'effect', effect, 'a finite number');
  if (!(sdOutcome > 0) || !Number.isFinite(sdOutcome)) throw new InvalidParamError(O, 'sdOutcome', sdOutcome, 'a finite number > 0');
  checkCi(O, ci, false);
  const rr = (x: number) => Math.exp((0.91 * x) / sdOutcome);
  return { d: effect / sdOutcome, ...eValueRiskRatio(rr(effect), ci ? [rr(ci[0]), rr(ci[1])] : undefined) };
}
