import { describe, expect, it } from 'vitest';
import { InvalidParamError } from '../errors.js';
import { parseParamArgs, resolveParams } from './params.js';

const defaults = { nComponents: [2, 5], lr: 0.1, epochs: 3, verbose: false, optimiser: 'adam' } as const;

describe('resolveParams', () => {
  it('parses CLI strings by the type of the default', () => {
    const p = resolveParams('exp', defaults, { nComponents: '1,2,3', lr: '0.01', verbose: 'true', optimiser: 'sgd' });
    expect(p).toEqual({ nComponents: [1, 2, 3], lr: 0.01, epochs: 3, verbose: true, optimiser: 'sgd' });
  });
  it('rejects an unknown param and lists the valid ones with their defaults', () => {
    expect(() => resolveParams('exp', defaults, { epoch: '3' })).toThrow(InvalidParamError);
    expect(() => resolveParams('exp', defaults, { epoch: '3' })).toThrow(
      'exp: param epoch must be one of the experiment\'s params: nComponents (default [2,5]), lr (default 0.1), epochs (default 3), verbose (default false), optimiser (default "adam"), got "3"',
    );
  });
  it('rejects values of the wrong type, naming the param', () => {
    expect(() => resolveParams('exp', defaults, { lr: 'fast' })).toThrow('exp: param lr must be a finite number, got "fast"');
    expect(() => resolveParams('exp', defaults, { lr: '' })).toThrow(InvalidParamError);
    expect(() => resolveParams('exp', defaults, { verbose: 'yes' })).toThrow('param verbose must be true or false');
    expect(() => resolveParams('exp', defaults, { nComponents: '1,x' })).toThrow('param nComponents must be a finite number, got "x"');
    expect(() => resolveParams('exp', defaults, { epochs: '3' as unknown as number, lr: Number.NaN })).toThrow('param lr must be of type number');
  });
  it('parses repeated --param k=v and rejects malformed pairs', () => {
    expect(parseParamArgs(['a=1', 'b=x=y'])).toEqual({ a: '1', b: 'x=y' });
    expect(() => parseParamArgs(['novalue'])).toThrow('must be of the form key=value');
  });
});
