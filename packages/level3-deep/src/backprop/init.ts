/**
 * Seeded Xavier (Glorot) initialisation, as PyTorch's `nn.init.xavier_uniform_`:
 * $$W_{ij} \sim \mathcal U(-a, a),\qquad a = g\sqrt{\frac{6}{n_\text{in} + n_\text{out}}},$$
 * so $\operatorname{Var} W_{ij} = g^2 \cdot 2/(n_\text{in} + n_\text{out})$: the compromise
 * between keeping activations' variance through the forward pass ($1/n_\text{in}$) and the
 * gradients' through the backward pass ($1/n_\text{out}$) for a unit-slope activation
 * (Glorot & Bengio, 2010). Biases start at zero.
 *
 * @see ../../../../docs/level3-deep/backprop.md
 */
import { InvalidParamError, Matrix, type Rng } from '@fpml/core';

/**
 * A (fanOut, fanIn) weight matrix, the PyTorch `nn.Linear` layout ($z = W x + b$), with entries
 * drawn row-major from $\mathcal U(-a, a)$ by `rng`. $O(n_\text{out} n_\text{in})$.
 * @param gain $g$ (1 for PyTorch's default; 5/3 is its recommended gain for tanh). @default 1
 * @throws InvalidParamError for non-positive sizes or gain.
 */
export function xavierUniform(rng: Rng, fanOut: number, fanIn: number, gain = 1): Matrix {
  if (!Number.isInteger(fanOut) || fanOut < 1) throw new InvalidParamError('xavierUniform', 'fanOut', fanOut, 'an integer ≥ 1');
  if (!Number.isInteger(fanIn) || fanIn < 1) throw new InvalidParamError('xavierUniform', 'fanIn', fanIn, 'an integer ≥ 1');
  if (!(gain > 0) || !Number.isFinite(gain)) throw new InvalidParamError('xavierUniform', 'gain', gain, 'a finite number > 0');
  const a = gain * Math.sqrt(6 / (fanIn + fanOut));
  const W = new Matrix(fanOut, fanIn); // (fanOut, fanIn)
  for (let k = 0; k < W.data.length; k++) W.data[k] = rng.uniform(-a, a);
  return W;
}
