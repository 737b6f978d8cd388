"""Freeze calibration / uncertainty values for level4-probabilistic/src/calibration.

On fixed probability arrays (seeded numpy draws, plus a hand-made case with confidences on the
bin edges): top-label reliability bins, ECE and MCE (numpy hand computation; the non-empty bins
cross-checked against scikit-learn's calibration_curve on the binary problem (correct,
confidence) for both strategies), NLL (numpy, cross-checked with sklearn log_loss), multiclass
Brier (numpy), predictive entropy (scipy.stats.entropy), the mutual-information decomposition
of a stack (numpy), AUROC of a tied score (sklearn roc_auc_score), and temperature scaling
(the root of dNLL/dbeta by scipy.optimize.brentq).

Run: OMP_NUM_THREADS=1 /usr/bin/python3 scripts/oracles/freeze_calibration.py
Writes packages/level4-probabilistic/src/calibration/__fixtures__/calibration.json.
"""
import json, os, platform
import numpy as np
import scipy
import sklearn
from scipy.optimize import brentq
from scipy.special import logsumexp, softmax
from scipy.stats import entropy
from sklearn.calibration import calibration_curve
from sklearn.metrics import log_loss, roc_auc_score

SEED = 20261207
rng = np.random.RandomState(SEED)


def reliability(P, y, n_bins, strategy):
    conf = P.max(axis=1)
    pred = P.argmax(axis=1)
    correct = (pred == y).astype(float)
    if strategy == 'uniform':
        edges = np.linspace(0.0, 1.0, n_bins + 1)
    else:
        edges = np.percentile(conf, np.linspace(0, 1, n_bins + 1) * 100)
    ids = np.searchsorted(edges[1:-1], conf)
    count = np.bincount(ids, minlength=n_bins).astype(float)
    hits = np.bincount(ids, weights=correct, minlength=n_bins)
    csum = np.bincount(ids, weights=conf, minlength=n_bins)
    nz = count > 0
    acc = hits[nz] / count[nz]
    cf = csum[nz] / count[nz]
    gaps = np.abs(acc - cf)
    ece = float(np.sum(count[nz] / len(y) * gaps))
    mce = float(gaps.max())
    # scikit-learn's calibration_curve on (correct, confidence) gives the same non-empty bins
    if correct.min() != correct.max():
        pt, pp = calibration_curve(correct, conf, n_bins=n_bins, strategy=strategy)
        assert np.allclose(pt, acc, rtol=0, atol=1e-15) and np.allclose(pp, cf, rtol=0, atol=1e-15), (strategy, pt, acc)
    return dict(edges=edges.tolist(), counts=count.tolist(), accuracy=acc.tolist(), confidence=cf.tolist(), ece=ece, mce=mce)


def prob_case(name, P, y, n_bins):
    n, k = P.shape
    nll = float(-np.mean(np.log(np.maximum(P[np.arange(n), y], np.finfo(float).eps))))
    assert abs(nll - log_loss(y, P, labels=list(range(k)))) < 1e-12
    onehot = np.eye(k)[y]
    return dict(name=name, probs=P.tolist(), labels=y.tolist(), nBins=n_bins,
                uniform=reliability(P, y, n_bins, 'uniform'), quantile=reliability(P, y, n_bins, 'quantile'),
                nll=nll, brier=float(np.mean(np.sum((P - onehot) ** 2, axis=1))),
                entropy=entropy(P, axis=1).tolist())


def miscalibrated(n, k, temp):
    """Probabilities from random logits; labels drawn from the logits at another temperature."""
    Z = rng.randn(n, k) * 2.5
    P = softmax(Z, axis=1)
    Q = softmax(Z / temp, axis=1)
    y = np.array([rng.choice(k, p=q) for q in Q])
    return P, y


cases = []
P, y = miscalibrated(300, 10, 1.6)  # over-confident: labels noisier than the probabilities claim
cases.append(prob_case('overconfident 300x10', P, y, 15))
P, y = miscalibrated(250, 4, 0.6)  # under-confident
cases.append(prob_case('underconfident 250x4', P, y, 10))
P, y = miscalibrated(120, 2, 1.0)
cases.append(prob_case('binary 120x2', P, y, 8))
# Confidences exactly on the edges of 5 uniform bins (0.2, 0.4, 0.6, 0.8, 1.0): (lo, hi] bins.
E = np.array([[0.6, 0.4], [0.4, 0.6], [0.8, 0.2], [0.2, 0.8], [1.0, 0.0], [0.0, 1.0], [0.5, 0.5], [0.7, 0.3], [0.9, 0.1], [0.6, 0.4]])
ye = np.array([0, 0, 0, 1, 0, 1, 1, 0, 1, 1])
cases.append(prob_case('edges 10x2', E, ye, 5))

# A stack of S = 6 predictions (ensemble members / MC passes) of 80 inputs, 5 classes.
base = rng.randn(80, 5) * 2.0
spread = np.abs(rng.randn(80, 1)) * 1.5  # per-input disagreement
stack = np.stack([softmax(base + spread * rng.randn(80, 5), axis=1) for _ in range(6)])
mean = stack.mean(axis=0)
total = entropy(mean, axis=1)
expected = np.mean([entropy(s, axis=1) for s in stack], axis=0)
decomposition = dict(samples=stack.tolist(), mean=mean.tolist(), total=total.tolist(), expected=expected.tolist(),
                     mutualInformation=np.maximum(total - expected, 0).tolist())

# AUROC with OOD positive, scores with ties.
s_in = np.round(rng.gamma(2.0, 0.4, 150), 1)
s_out = np.round(rng.gamma(3.0, 0.5, 90), 1)
auroc = dict(scoreIn=s_in.tolist(), scoreOut=s_out.tolist(),
             auroc=float(roc_auc_score(np.r_[np.zeros(150), np.ones(90)], np.r_[s_in, s_out])))

# Temperature scaling: over-confident logits (labels from the logits at temperature 2).
Z = rng.randn(200, 6) * 3.0
yz = np.array([rng.choice(6, p=q) for q in softmax(Z / 2.0, axis=1)])


def nll_beta(b):
    return float(np.mean(logsumexp(b * Z, axis=1) - b * Z[np.arange(len(yz)), yz]))


def dnll_beta(b):
    p = softmax(b * Z, axis=1)
    return float(np.mean(np.sum(p * Z, axis=1) - Z[np.arange(len(yz)), yz]))


beta = brentq(dnll_beta, 1e-2, 1e2, xtol=1e-15, rtol=4 * np.finfo(float).eps, maxiter=500)
T17 = 1.7
temperature = dict(logits=Z.tolist(), labels=yz.tolist(), temperature=1 / beta, nll=nll_beta(beta), nllBefore=nll_beta(1.0),
                   at17=dict(T=T17, nll=nll_beta(1 / T17), dNllDT=-dnll_beta(1 / T17) / T17 ** 2, probs=softmax(Z[:5] / T17, axis=1).tolist()))

out = dict(
    meta=dict(script='scripts/oracles/freeze_calibration.py', seed=SEED, python=platform.python_version(), numpy=np.__version__,
              scipy=scipy.__version__, sklearn=sklearn.__version__),
    cases=cases, decomposition=decomposition, auroc=auroc, temperature=temperature)
path = os.path.join(os.path.dirname(__file__), '..', '..', 'packages', 'level4-probabilistic', 'src', 'calibration', '__fixtures__', 'calibration.json')
with open(path, 'w') as f:
    json.dump(out, f)
print('wrote', os.path.normpath(path), 'T =', 1 / beta)
