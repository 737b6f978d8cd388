/**
 * Rebuild a kernel from its JSON form ({@link Kernel.toJSON}); used by the regressor's params and
 * saved models.
 *
 * @see ../../../../../docs/level4-probabilistic/gaussian-processes.md
 */
import { ConstantKernel } from './constant.js';
import { ExpSineSquared } from './exp-sine-squared.js';
import { Kernel, Product, Sum, type KernelSpec } from './kernel.js';
import { badSpec } from './leaf.js';
import { Matern } from './matern.js';
import { RationalQuadratic } from './rational-quadratic.js';
import { RBF } from './rbf.js';
import { WhiteKernel } from './white.js';

/**
 * The kernel a {@link KernelSpec} describes (a `Kernel` is returned as is).
 * @throws InvalidInputError for an unknown kind or a malformed spec; InvalidParamError for a bad value.
 */
export function kernelFromJSON(spec: KernelSpec | Kernel): Kernel {
  if (spec instanceof Kernel) return spec;
  if (spec === null || typeof spec !== 'object' || typeof (spec as { kind?: unknown }).kind !== 'string') throw badSpec('a kernel spec must be an object with a kind', spec);
  switch (spec.kind) {
    case 'Constant':
      return new ConstantKernel({ constantValue: spec.constantValue, bounds: spec.bounds });
    case 'White':
      return new WhiteKernel({ noiseLevel: spec.noiseLevel, bounds: spec.bounds });
    case 'RBF':
      return new RBF({ lengthScale: spec.lengthScale, bounds: spec.bounds });
    case 'Matern':
      return new Matern({ lengthScale: spec.lengthScale, nu: spec.nu, bounds: spec.bounds });
    case 'ExpSineSquared':
      return new ExpSineSquared(spec);
    case 'RationalQuadratic':
      return new RationalQuadratic(spec);
    case 'Sum':
    case 'Product': {
      const k1 = kernelFromJSON(spec.k1), k2 = kernelFromJSON(spec.k2);
      return spec.kind === 'Sum' ? new Sum(k1, k2) : new Product(k1, k2);
    }
    default:
      throw badSpec("unknown kernel kind (expected Constant, White, RBF, Matern, ExpSineSquared, RationalQuadratic, Sum or Product)", spec);
  }
}
