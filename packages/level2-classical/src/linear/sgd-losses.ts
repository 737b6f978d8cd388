/**
 * The per-sample losses of SGDClassifier / SGDRegressor with their derivatives in the score
 * $p = w^\top x + b$, as scikit-learn 1.2's `sgd_fast.pyx` (same thresholds for numerical
 * safety). Classification losses take $y \in \{-1, +1\}$ and depend on the margin $z = py$.
 *
 * | loss | $\ell(p, y)$ | $\partial\ell/\partial p$ |
 * |---|---|---|
 * | hinge | $\max(0, 1 - z)$ | $-y$ if $z \le 1$ else 0 |
 * | perceptron | $\max(0, -z)$ | $-y$ if $z \le 0$ else 0 |
 * | squared_hinge | $\max(0, 1 - z)^2$ | $-2y(1 - z)$ if $z < 1$ else 0 |
 * | log_loss | $\log(1 + e^{-z})$ | $-y/(1 + e^{z})$ |
 * | modified_huber | $(1-z)^2$ for $-1 \le z < 1$; $-4z$ for $z < -1$; else 0 | $-2y(1-z)$; $-4y$; 0 |
 * | squared_error | $\tfrac12(p - y)^2$ | $p - y$ |
 * | huber | $\tfrac12 r^2$ if $|r| \le \epsilon$ else $\epsilon|r| - \tfrac12\epsilon^2$, $r = p - y$ | $r$ clipped to $[-\epsilon, \epsilon]$ |
 * | epsilon_insensitive | $\max(0, |y - p| - \epsilon)$ | $\mp 1$ outside the tube, 0 inside |
 * | squared_epsilon_insensitive | $\max(0, |y - p| - \epsilon)^2$ | $\mp 2(|y - p| - \epsilon)$ outside, 0 inside |
 *
 * @see ../../../../docs/level2-classical/linear.md
 */

/** A per-sample loss and its derivative in the score. */
export interface SgdLossFn {
  loss(p: number, y: number): number;
  dloss(p: number, y: number): number;
  /** Whether the loss is a classification loss (margin based, y ∈ {−1, +1}). */
  classification: boolean;
}

/** Loss names of {@link SGDClassifier}. */
export type SgdClassifierLoss = 'hinge' | 'log_loss' | 'modified_huber' | 'squared_hinge' | 'perceptron';
/** Loss names of {@link SGDRegressor}. */
export type SgdRegressorLoss = 'squared_error' | 'huber' | 'epsilon_insensitive' | 'squared_epsilon_insensitive';

export const CLASSIFIER_LOSSES: readonly SgdClassifierLoss[] = ['hinge', 'log_loss', 'modified_huber', 'squared_hinge', 'perceptron'];
export const REGRESSOR_LOSSES: readonly SgdRegressorLoss[] = ['squared_error', 'huber', 'epsilon_insensitive', 'squared_epsilon_insensitive'];

function hinge(threshold: number): SgdLossFn {
  return {
    classification: true,
    loss: (p, y) => (p * y <= threshold ? threshold - p * y : 0),
    dloss: (p, y) => (p * y <= threshold ? -y : 0),
  };
}

const logLoss: SgdLossFn = {
  classification: true,
  loss(p, y) {
    const z = p * y;
    if (z > 18) return Math.exp(-z);
    if (z < -18) return -z;
    return Math.log1p(Math.exp(-z));
  },
  dloss(p, y) {
    const z = p * y;
    if (z > 18) return Math.exp(-z) * -y;
    if (z < -18) return -y;
    return -y / (Math.exp(z) + 1);
  },
};

const modifiedHuber: SgdLossFn = {
  classification: true,
  loss(p, y) {
    const z = p * y;
    if (z >= 1) return 0;
    if (z >= -1) return (1 - z) * (1 - z);
    return -4 * z;
  },
  dloss(p, y) {
    const z = p * y;
    if (z >= 1) return 0;
    if (z >= -1) return 2 * (1 - z) * -y;
    return -4 * y;
  },
};

const squaredHinge: SgdLossFn = {
  classification: true,
  loss: (p, y) => {
    const z = 1 - p * y;
    return z > 0 ? z * z : 0;
  },
  dloss: (p, y) => {
    const z = 1 - p * y;
    return z > 0 ? -2 * y * z : 0;
  },
};

const squaredError: SgdLossFn = {
  classification: false,
  loss: (p, y) => 0.5 * (p - y) * (p - y),
  dloss: (p, y) => p - y,
};

function huber(c: number): SgdLossFn {
  return {
    classification: false,
    loss(p, y) {
      const r = p - y, a = Math.abs(r);
      return a <= c ? 0.5 * r * r : c * a - 0.5 * c * c;
    },
    dloss(p, y) {
      const r = p - y;
      if (Math.abs(r) <= c) return r;
      return r > 0 ? c : -c;
    },
  };
}

function epsilonInsensitive(eps: number, squared: boolean): SgdLossFn {
  return {
    classification: false,
    loss(p, y) {
      const r = Math.max(0, Math.abs(y - p) - eps);
      return squared ? r * r : r;
    },
    dloss(p, y) {
      const z = y - p;
      if (squared) return z > eps ? -2 * (z - eps) : z < -eps ? 2 * (-z - eps) : 0;
      return z > eps ? -1 : z < -eps ? 1 : 0;
    },
  };
}

/** The loss object for a name; `epsilon` is the Huber / epsilon-insensitive threshold. */
export function sgdLoss(name: SgdClassifierLoss | SgdRegressorLoss, epsilon: number): SgdLossFn {
  switch (name) {
    case 'hinge': return hinge(1);
    case 'perceptron': return hinge(0);
    case 'squared_hinge': return squaredHinge;
    case 'log_loss': return logLoss;
    case 'modified_huber': return modifiedHuber;
    case 'squared_error': return squaredError;
    case 'huber': return huber(epsilon);
    case 'epsilon_insensitive': return epsilonInsensitive(epsilon, false);
    case 'squared_epsilon_insensitive': return epsilonInsensitive(epsilon, true);
  }
}
