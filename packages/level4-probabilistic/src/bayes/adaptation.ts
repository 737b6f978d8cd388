/**
 * Warm-up adaptation, as in Stan: dual averaging of the step size (Nesterov 2009; Hoffman &
 * Gelman 2014, §3.2) and a windowed estimate of the diagonal inverse mass matrix.
 *
 * Dual averaging drives the mean acceptance statistic $\alpha_t$ to the target $\delta$:
 * $$\bar H_t = (1 - \tfrac{1}{t + t_0})\bar H_{t-1} + \tfrac{1}{t + t_0}(\delta - \alpha_t),\quad
 * \log\epsilon_t = \mu - \tfrac{\sqrt t}{\gamma}\bar H_t,\quad
 * \log\bar\epsilon_t = t^{-\kappa}\log\epsilon_t + (1 - t^{-\kappa})\log\bar\epsilon_{t-1},$$
 * with $\mu = \log(10\epsilon_0)$, $\gamma = 0.05$, $t_0 = 10$, $\kappa = 0.75$; after warm-up the
 * sampler runs at $\bar\epsilon$.
 *
 * @see ../../../../docs/level4-probabilistic/bayesian-inference.md
 */

/**
 * Dual-averaging step-size adaptation. $O(1)$ per update.
 * @see ../../../../docs/level4-probabilistic/bayesian-inference.md
 */
export class DualAveraging {
  private mu = 0;
  private sBar = 0;
  private xBar = 0;
  private t = 0;
  constructor(
    private readonly delta: number,
    private readonly gamma = 0.05,
    private readonly t0 = 10,
    private readonly kappa = 0.75,
  ) {}
  /** Restart around $\epsilon_0$ ($\mu = \log 10\epsilon_0$). */
  restart(eps0: number): void {
    this.mu = Math.log(10 * eps0);
    this.sBar = 0;
    this.xBar = 0;
    this.t = 0;
  }
  /** One update with acceptance statistic `accept`; returns the next $\epsilon_t$. */
  update(accept: number): number {
    this.t++;
    const a = Number.isFinite(accept) ? Math.min(1, accept) : 0;
    const eta = 1 / (this.t + this.t0);
    this.sBar = (1 - eta) * this.sBar + eta * (this.delta - a);
    const x = this.mu - (this.sBar * Math.sqrt(this.t)) / this.gamma;
    const w = this.t ** -this.kappa;
    this.xBar = (1 - w) * this.xBar + w * x;
    return Math.exp(x);
  }
  /** The averaged step $\bar\epsilon$, used after warm-up. */
  final(): number {
    return Math.exp(this.xBar);
  }
}

/** Stan's warm-up schedule: fast initial buffer, doubling slow windows, fast terminal buffer. */
export interface WarmupSchedule {
  /** Iteration indices (0-based) at which a slow window ends and the metric is updated. */
  windowEnds: number[];
  /** First iteration of each window (same length as windowEnds). */
  windowStarts: number[];
}

/**
 * Windows for `warmup` iterations: buffers 75 / 50 and a first window of 25 (Stan's defaults),
 * scaled to 15% / 10% / 75% when the warm-up is shorter than 150; each window doubles and the
 * last one stretches to the terminal buffer. Fewer than 20 iterations: no metric adaptation.
 * @see ../../../../docs/level4-probabilistic/bayesian-inference.md
 */
export function warmupSchedule(warmup: number): WarmupSchedule {
  let init = 75, term = 50, base = 25;
  if (warmup < 20) return { windowEnds: [], windowStarts: [] };
  if (init + term + base > warmup) {
    init = Math.floor(0.15 * warmup);
    term = Math.floor(0.1 * warmup);
    base = warmup - init - term;
  }
  const starts: number[] = [], ends: number[] = [];
  const slowEnd = warmup - term;
  let start = init, size = base;
  while (start < slowEnd) {
    let end = start + size;
    if (end + 2 * size > slowEnd) end = slowEnd; // the next window would not fit: stretch this one
    starts.push(start);
    ends.push(end - 1);
    start = end;
    size *= 2;
  }
  return { windowEnds: ends, windowStarts: starts };
}

/**
 * Welford running variance per coordinate, regularised like Stan's diagonal metric.
 * @see ../../../../docs/level4-probabilistic/bayesian-inference.md
 */
export class VarianceEstimator {
  private n = 0;
  private m: Float64Array;
  private s: Float64Array;
  constructor(private readonly dim: number) {
    this.m = new Float64Array(dim);
    this.s = new Float64Array(dim);
  }
  reset(): void {
    this.n = 0;
    this.m.fill(0);
    this.s.fill(0);
  }
  add(q: Float64Array): void {
    this.n++;
    for (let j = 0; j < this.dim; j++) {
      const d = q[j]! - this.m[j]!;
      this.m[j] = this.m[j]! + d / this.n;
      this.s[j] = this.s[j]! + d * (q[j]! - this.m[j]!);
    }
  }
  /** $\frac{n}{n+5}\hat\sigma^2 + 10^{-3}\frac{5}{n+5}$ per coordinate (shrunk towards $10^{-3}$), (d,). */
  estimate(): Float64Array {
    const n = this.n;
    return Float64Array.from(this.s, (s) => (n / (n + 5)) * (s / Math.max(1, n - 1)) + 1e-3 * (5 / (n + 5)));
  }
}
