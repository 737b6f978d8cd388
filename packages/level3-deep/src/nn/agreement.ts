/**
 * Agreement log. When the environment variable `FPML_AGREEMENT_LOG` names a file, every passing
 * `expectParity` and `expectGradcheck` and every `oracleErrors` call appends one JSON line to it
 * (the raw `checkParity` / `gradcheckModule` do not: tests call them to see a check fail). A line
 * holds the check, the module's name, the backend (parity) and the worst error:
 * $\max\lvert a - b\rvert$ against PyTorch (oracle), the worst normwise relative error
 * $\lVert g_\text{analytic} - g_\text{numeric}\rVert_\infty / \lVert g_\text{numeric}\rVert_\infty$ (gradcheck), or the
 * worst $\lVert a - b\rVert_\infty / \lVert b\rVert_\infty$ over output, gradients and state (parity).
 * `scripts/agreement-table.mjs` turns the log into the docs' agreement tables, so their figures
 * come from a command anyone can run. Without the variable nothing is written.
 * @see ../../scripts/agreement-table.mjs
 */
import { appendFileSync } from 'node:fs';

/** One logged result. */
export interface AgreementRecord {
  check: 'oracle' | 'gradcheck' | 'parity';
  /** The module's `name` (e.g. `'Conv2d'`). */
  module: string;
  /** The tfjs backend of a parity result. */
  backend?: string;
  /** The worst error of the check (see the module comment). */
  value: number;
}

/** Append `r` to `$FPML_AGREEMENT_LOG` if it is set. */
export function recordAgreement(r: AgreementRecord): void {
  const file = typeof process === 'undefined' ? undefined : process.env['FPML_AGREEMENT_LOG'];
  if (file) appendFileSync(file, `${JSON.stringify(r)}\n`);
}
