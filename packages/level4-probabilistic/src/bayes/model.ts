/**
 * The model-definition API every sampler and approximation in `bayes/` runs on: a log density
 * over named parameters, each with a transform to the unconstrained space the samplers move in.
 *
 * A constrained parameter $x = T(z)$ is sampled through its unconstrained $z \in \mathbb{R}^d$;
 * the density of $z$ carries the log-Jacobian of the transform (change of variables):
 * $$\log p_Z(z) = \log p_X(T(z)) + \log\left|\det \tfrac{\partial T}{\partial z}\right|.$$
 * Transforms: `identity` ($x = z$), `log` for $x > 0$ ($x = e^z$, $\log J = z$), `logit` for
 * $x \in (0, 1)$ ($x = \sigma(z)$, $\log J = \log\sigma(z) + \log\sigma(-z)$).
 *
 * The gradient $\nabla_z \log p_Z$ is the chain rule through the transform, of
 * $\nabla_x \log p_X$ from level1's reverse-mode autodiff (or a hand-written gradient).
 *
 * @see ../../../../docs/level4-probabilistic/bayesian-inference.md
 */
import { InvalidInputError, InvalidParamError, ShapeError, describeValue } from '@fpml/core';
import { Tensor, valueAndGrad } from '@fpml/level1-math';

/** How a parameter's support maps to $\mathbb{R}$. */
export type Transform = 'identity' | 'log' | 'logit';

/** One named parameter of a model. */
export interface ParamDef {
  /** Name, unique in the model; a vector's coordinates are reported as `name[i]`. */
  name: string;
  /** Number of coordinates; omitted: a scalar (its tensor has shape `[]`). @default scalar */
  size?: number;
  /** Support: `identity` (ℝ), `log` (positive), `logit` ((0, 1)). @default 'identity' */
  transform?: Transform;
}

/** Values of the constrained parameters by name: a scalar tensor (shape `[]`) or a vector `(size,)`. */
export type TensorParams = Record<string, Tensor>;
/** Values of the constrained parameters by name as float arrays (a scalar has length 1). */
export type ArrayParams = Record<string, Float64Array>;

/** The declaration of a model: autodiff (`logDensity`) or a hand gradient (`logDensityGrad`). */
export type ModelSpec =
  | { params: readonly ParamDef[]; /** $\log p(x)$ up to a constant, from autodiff ops. */ logDensity: (p: TensorParams) => Tensor; logDensityGrad?: undefined }
  | {
      params: readonly ParamDef[];
      logDensity?: undefined;
      /** $\log p(x)$ and $\nabla_x \log p(x)$ (one array per parameter, same layout). */
      logDensityGrad: (p: ArrayParams) => { logp: number; grad: ArrayParams };
    };

/** The unconstrained log density and its gradient at $z$. */
export interface LogpGrad {
  /** $\log p_Z(z)$ (transform Jacobian included). */
  logp: number;
  /** $\nabla_z \log p_Z(z)$, (d,). */
  grad: Float64Array;
}

/** A compiled model: what the samplers need. */
export interface Model {
  /** Unconstrained dimension $d$ (sum of the sizes). */
  readonly dim: number;
  /** The parameter declarations, defaults filled in. */
  readonly params: readonly Required<ParamDef>[];
  /** One name per coordinate: `mu`, `theta[0]`, ... (d,). */
  readonly coordNames: readonly string[];
  /** $\log p_Z(z)$ and $\nabla_z \log p_Z(z)$: one autodiff sweep. */
  logpGrad(z: Float64Array): LogpGrad;
  /** $\log p_Z(z)$ alone. */
  logp(z: Float64Array): number;
  /** $x = T(z)$, flat (d,). */
  constrain(z: Float64Array): Float64Array;
  /** $z = T^{-1}(x)$, flat (d,); throws InvalidInputError outside the support. */
  unconstrain(x: Float64Array): Float64Array;
  /** Split a flat vector (d,) into named arrays. */
  split(v: Float64Array): ArrayParams;
}

const TRANSFORMS: readonly Transform[] = ['identity', 'log', 'logit'];

/**
 * $\log(1 + e^{x})$ without overflow.
 * @see ../../../../docs/level4-probabilistic/bayesian-inference.md
 */
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/**
 * $\sigma(x) = 1/(1 + e^{-x})$ without overflow.
 * @see ../../../../docs/level4-probabilistic/bayesian-inference.md
 */
export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/**
 * Declare a model. The gradient comes from autodiff when `logDensity` is given, else from the
 * user's `logDensityGrad`; either way the transforms' Jacobians are handled here.
 *
 * Cost of `logpGrad`: one forward and one reverse sweep of the density, plus $O(d)$.
 *
 * @example
 * const m = defineModel({ params: [{ name: 'mu' }, { name: 'sigma', transform: 'log' }],
 *   logDensity: ({ mu, sigma }) => ... }); // m.logpGrad(z) for z in R^2
 * @throws InvalidParamError for an empty parameter list, a duplicate name, a bad size or transform, or no density.
 * @see ../../../../docs/level4-probabilistic/bayesian-inference.md
 */
export function defineModel(spec: ModelSpec): Model {
  const owner = 'defineModel';
  if (spec === null || typeof spec !== 'object') throw new InvalidParamError(owner, 'spec', spec, 'an object with params and logDensity or logDensityGrad');
  if (!Array.isArray(spec.params) || spec.params.length === 0) throw new InvalidParamError(owner, 'params', spec.params, 'a non-empty array of { name, size?, transform? }');
  const seen = new Set<string>();
  const params: Required<ParamDef>[] = spec.params.map((p, i) => {
    if (typeof p?.name !== 'string' || p.name.length === 0) throw new InvalidParamError(owner, `params[${i}].name`, p?.name, 'a non-empty string');
    if (seen.has(p.name)) throw new InvalidParamError(owner, `params[${i}].name`, p.name, 'unique within the model');
    seen.add(p.name);
    if (p.size !== undefined && !(Number.isInteger(p.size) && p.size >= 1)) throw new InvalidParamError(owner, `params[${i}].size`, p.size, 'a positive integer');
    const transform = p.transform ?? 'identity';
    if (!TRANSFORMS.includes(transform)) throw new InvalidParamError(owner, `params[${i}].transform`, transform, `one of ${TRANSFORMS.join(', ')}`);
    return { name: p.name, size: p.size ?? 0, transform }; // size 0 marks a scalar
  });
  const hasAd = typeof spec.logDensity === 'function';
  if (!hasAd && typeof spec.logDensityGrad !== 'function') throw new InvalidParamError(owner, 'logDensity', (spec as { logDensity?: unknown }).logDensity, 'a function (or give logDensityGrad)');
  const sizes = params.map((p) => Math.max(1, p.size));
  const offsets = sizes.map((_, i) => sizes.slice(0, i).reduce((a, b) => a + b, 0));
  const dim = sizes.reduce((a, b) => a + b, 0);
  const coordNames = params.flatMap((p) => (p.size === 0 ? [p.name] : Array.from({ length: p.size }, (_, k) => `${p.name}[${k}]`)));
  const tOf = new Array<Transform>(dim);
  params.forEach((p, i) => tOf.fill(p.transform, offsets[i]!, offsets[i]! + sizes[i]!));

  const checkZ = (z: Float64Array, what: string): void => {
    if (!(z instanceof Float64Array)) throw new InvalidInputError(`${what}: z must be a Float64Array, got ${describeValue(z)}`);
    if (z.length !== dim) throw new ShapeError(`${what}: z has length ${z.length} but the model has dimension ${dim}`);
  };
  const constrain = (z: Float64Array): Float64Array => {
    checkZ(z, 'constrain');
    const x = new Float64Array(dim); // (d,)
    for (let j = 0; j < dim; j++) x[j] = tOf[j] === 'log' ? Math.exp(z[j]!) : tOf[j] === 'logit' ? sigmoid(z[j]!) : z[j]!;
    return x;
  };
  const split = (v: Float64Array): ArrayParams => {
    if (v.length !== dim) throw new ShapeError(`split: vector has length ${v.length} but the model has dimension ${dim}`);
    const out: ArrayParams = {};
    params.forEach((p, i) => (out[p.name] = v.slice(offsets[i]!, offsets[i]! + sizes[i]!)));
    return out;
  };
  /** $\log p_X$ and $\nabla_x \log p_X$ (flat). */
  const density = (x: Float64Array): { logp: number; gx: Float64Array } => {
    const gx = new Float64Array(dim); // (d,)
    if (hasAd) {
      const leaves = params.map((p, i) => new Tensor(x.slice(offsets[i]!, offsets[i]! + sizes[i]!), p.size === 0 ? [] : [p.size]));
      const f = (...ts: Tensor[]): Tensor => {
        const named: TensorParams = {};
        params.forEach((p, i) => (named[p.name] = ts[i]!));
        const out = spec.logDensity!(named);
        if (!(out instanceof Tensor) || out.size !== 1) throw new InvalidInputError(`defineModel: logDensity must return a scalar Tensor, got ${out instanceof Tensor ? `shape [${out.shape.join(', ')}]` : describeValue(out)}`);
        return out;
      };
      const r = valueAndGrad(f)(...leaves);
      r.grads.forEach((g, i) => gx.set(g.data, offsets[i]!));
      return { logp: r.value.item(), gx };
    }
    const r = spec.logDensityGrad!(split(x));
    params.forEach((p, i) => {
      const g = r.grad[p.name];
      if (g === undefined || g.length !== sizes[i]) throw new ShapeError(`defineModel: logDensityGrad must return grad.${p.name} of length ${sizes[i]}, got ${describeValue(g)}`);
      gx.set(g, offsets[i]!);
    });
    return { logp: r.logp, gx };
  };
  const logpGrad = (z: Float64Array): LogpGrad => {
    const x = constrain(z);
    const { logp, gx } = density(x);
    let lp = logp;
    const grad = new Float64Array(dim); // (d,)
    for (let j = 0; j < dim; j++) {
      const t = tOf[j];
      if (t === 'log') {
        lp += z[j]!; // log J = z
        grad[j] = gx[j]! * x[j]! + 1; // dx/dz = e^z; d log J/dz = 1
      } else if (t === 'logit') {
        lp += -softplus(-z[j]!) - softplus(z[j]!); // log σ(z) + log σ(-z)
        grad[j] = gx[j]! * x[j]! * (1 - x[j]!) + 1 - 2 * x[j]!; // dx/dz = σ(1-σ); d log J/dz = 1 - 2σ
      } else grad[j] = gx[j]!;
    }
    return { logp: Number.isNaN(lp) ? -Infinity : lp, grad };
  };
  const unconstrain = (x: Float64Array): Float64Array => {
    if (!(x instanceof Float64Array) || x.length !== dim) throw new ShapeError(`unconstrain: x must be a Float64Array of length ${dim}, got ${describeValue(x)}`);
    const z = new Float64Array(dim); // (d,)
    for (let j = 0; j < dim; j++) {
      const v = x[j]!, t = tOf[j];
      if (t === 'log') {
        if (!(v > 0)) throw new InvalidInputError(`unconstrain: ${coordNames[j]} must be positive, got ${describeValue(v)}`);
        z[j] = Math.log(v);
      } else if (t === 'logit') {
        if (!(v > 0 && v < 1)) throw new InvalidInputError(`unconstrain: ${coordNames[j]} must be in (0, 1), got ${describeValue(v)}`);
        z[j] = Math.log(v) - Math.log1p(-v);
      } else z[j] = v;
    }
    return z;
  };
  return {
    dim,
    params,
    coordNames,
    logpGrad: (z) => {
      checkZ(z, 'logpGrad');
      return logpGrad(z);
    },
    logp: (z) => {
      checkZ(z, 'logp');
      return logpGrad(z).logp;
    },
    constrain,
    unconstrain,
    split,
  };
}
