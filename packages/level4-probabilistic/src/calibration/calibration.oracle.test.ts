import { Matrix } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import fx from './__fixtures__/calibration.json' with { type: 'json' };
import { decomposeUncertainty, predictiveEntropy } from './decomposition.js';
import { oodAuroc } from './ood.js';
import { reliabilityDiagram } from './reliability.js';
import { brierScore, negativeLogLikelihood } from './scoring-rules.js';
import { fitTemperature, softmaxWithTemperature, temperatureNll } from './temperature-scaling.js';

// Frozen by scripts/oracles/freeze_calibration.py (numpy 1.24 / scipy 1.10 / scikit-learn 1.2.1,
// seed in fx.meta): numpy hand computations, sklearn's calibration_curve for the bins, log_loss,
// roc_auc_score, and scipy's brentq for the temperature.
const close = (a: number, b: number, tol = 1e-12) => expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));
const closeAll = (a: ArrayLike<number>, b: readonly number[], tol = 1e-12) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < b.length; i++) close(a[i]!, b[i]!, tol);
};

describe('calibration oracle (numpy / scikit-learn 1.2.1 / scipy)', () => {
  for (const c of fx.cases) {
    it(`reliability bins, ECE, MCE, NLL, Brier, entropy: ${c.name}`, () => {
      const P = Matrix.from(c.probs);
      for (const strategy of ['uniform', 'quantile'] as const) {
        const ref = c[strategy];
        const d = reliabilityDiagram(P, c.labels, { nBins: c.nBins, strategy });
        closeAll([...d.bins.map((b) => b.lower), d.bins.at(-1)!.upper], ref.edges);
        expect(d.bins.map((b) => b.count)).toEqual(ref.counts);
        const full = d.bins.filter((b) => b.count > 0);
        closeAll(full.map((b) => b.accuracy!), ref.accuracy);
        closeAll(full.map((b) => b.confidence!), ref.confidence);
        close(d.ece, ref.ece);
        close(d.mce, ref.mce);
      }
      close(negativeLogLikelihood(P, c.labels), c.nll);
      close(brierScore(P, c.labels), c.brier);
      closeAll(predictiveEntropy(P), c.entropy);
    });
  }

  it('entropy / mutual-information decomposition of a stack', () => {
    const d = decomposeUncertainty(fx.decomposition.samples.map((s) => Matrix.from(s)));
    closeAll(d.mean.data, fx.decomposition.mean.flat());
    closeAll(d.total, fx.decomposition.total);
    closeAll(d.expected, fx.decomposition.expected);
    closeAll(d.mutualInformation, fx.decomposition.mutualInformation);
  });

  it('AUROC of a tied score matches roc_auc_score', () => {
    close(oodAuroc(fx.auroc.scoreIn, fx.auroc.scoreOut), fx.auroc.auroc);
  });

  it('temperature scaling matches the root of dNLL/dβ (brentq) and the NLL at fixed T', () => {
    const t = fx.temperature;
    const fit = fitTemperature(t.logits, t.labels);
    expect(fit.atBound).toBe(false);
    close(fit.temperature, t.temperature, 1e-10); // brentq's own tolerance is ~1e-15 in β
    close(fit.nll, t.nll);
    close(fit.nllBefore, t.nllBefore);
    const at = temperatureNll(t.logits, t.labels, t.at17.T);
    close(at.nll, t.at17.nll);
    close(at.dNllDT, t.at17.dNllDT, 1e-10);
    closeAll(softmaxWithTemperature(t.logits.slice(0, 5), t.at17.T).data, t.at17.probs.flat());
  });
});
