/**
 * The module system: registration and dotted names (PyTorch's keys), recursive
 * parameters/buffers, strict state dicts (typed errors listing what is wrong), train/eval,
 * zeroGrad, Sequential, and the same surface on the tfjs twins.
 */
import { InvalidInputError, InvalidParamError } from '@fpml/core';
import { getTf } from '@fpml/core/tf';
import { expectNoTensorLeak } from '@fpml/core/testing';
import { Tensor, relu, tensor } from '@fpml/level1-math';
import { describe, expect, it } from 'vitest';
import { Linear, TfLinear } from '../layers/linear.js';
import { Module } from './module.js';
import { Sequential, TfSequential } from './sequential.js';
import { StateDictError, cloneStateDict } from './state-dict.js';
import { TfModule, type TfTensor } from './tf-module.js';

class Block extends Module {
  readonly fc = this.registerModule('fc', new Linear(3, 2, { rng: 1 }));
  readonly scale = this.registerParameter('scale', tensor([1.5, -0.5]));
  readonly count = this.registerBuffer('count', tensor([0]));
  forward(x: Tensor): Tensor {
    return relu(this.fc.forward(x)).mul(this.scale); // (n, 2)
  }
}

class Net extends Module {
  readonly block = this.registerModule('block', new Block());
  readonly head = this.registerModule('head', new Sequential(new Linear(2, 4, { rng: 2 }), new Linear(4, 1, { rng: 3, bias: false })));
  forward(x: Tensor): Tensor {
    return this.head.forward(this.block.forward(x));
  }
}

describe('Module', () => {
  it('names parameters and buffers with dots, in PyTorch order', () => {
    const net = new Net();
    // PyTorch: a module's own parameters, then its children's (named_modules order)
    expect(net.namedParameters().map(([k]) => k)).toEqual(['block.scale', 'block.fc.weight', 'block.fc.bias', 'head.0.weight', 'head.0.bias', 'head.1.weight']);
    expect(Object.keys(net.stateDict())).toEqual(['block.scale', 'block.count', 'block.fc.weight', 'block.fc.bias', 'head.0.weight', 'head.0.bias', 'head.1.weight']);
    expect(net.namedBuffers().map(([k]) => k)).toEqual(['block.count']);
    expect(net.parameters().every((p) => p.requiresGrad && p.isLeaf)).toBe(true);
    expect(net.numParameters).toBe(6 + 2 + 2 + 8 + 4 + 4);
  });

  it('backward fills .grad of every parameter; zeroGrad clears them', () => {
    const net = new Net();
    net.forward(tensor([[0.3, -1, 2], [1, 1, 1]])).sum().backward();
    expect(net.parameters().every((p) => p.grad !== null && p.grad.shape.join() === p.shape.join())).toBe(true);
    net.zeroGrad();
    expect(net.parameters().every((p) => p.grad === null)).toBe(true);
  });

  it('round-trips its state dict in place and keeps tensor identity', () => {
    const a = new Net();
    const b = new Net();
    const sd = cloneStateDict(a.stateDict());
    for (const e of Object.values(sd)) e.data = e.data.map((v, i) => v + i + 1);
    const w = b.block.fc.weight;
    b.loadStateDict(sd);
    expect(b.block.fc.weight).toBe(w);
    expect(b.stateDict()).toEqual(sd);
  });

  it('rejects missing, unexpected and mis-shaped keys with one StateDictError naming them', () => {
    const net = new Net();
    const sd = net.stateDict();
    delete sd['head.1.weight'];
    sd['head.2.weight'] = { shape: [1], data: new Float64Array(1) };
    sd['block.scale'] = { shape: [3], data: new Float64Array(3) };
    let err: unknown;
    try {
      net.loadStateDict(sd);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StateDictError);
    const e = err as StateDictError;
    expect(e.missing).toEqual(['head.1.weight']);
    expect(e.unexpected).toEqual(['head.2.weight']);
    expect(e.mismatched).toEqual([{ key: 'block.scale', expected: [2], got: [3] }]);
    expect(e.message).toMatch(/missing keys: head\.1\.weight; unexpected keys: head\.2\.weight; shape mismatch: block\.scale expected \[2\] got \[3\]/);
    const bad = net.stateDict();
    bad['block.scale'] = { shape: [2], data: Float64Array.of(1, NaN) };
    expect(() => net.loadStateDict(bad)).toThrow(InvalidInputError);
    expect(() => net.loadStateDict(null as never)).toThrow(InvalidInputError);
  });

  it('train()/eval() switch every descendant', () => {
    const net = new Net();
    expect(net.training).toBe(true);
    net.eval();
    expect([net, net.block, net.block.fc, net.head, net.head.layers[1]!].every((m) => !m.training)).toBe(true);
    net.train();
    expect(net.head.layers[0]!.training).toBe(true);
    expect(() => net.train('yes' as never)).toThrow(InvalidParamError);
  });

  it('rejects duplicate or dotted names', () => {
    class Bad extends Module {
      constructor(name: string) {
        super();
        this.registerParameter('w', tensor([1]));
        this.registerParameter(name, tensor([1]));
      }
      forward(x: Tensor): Tensor {
        return x;
      }
    }
    expect(() => new Bad('w')).toThrow(InvalidParamError);
    expect(() => new Bad('a.b')).toThrow(InvalidParamError);
    expect(() => new Sequential()).toThrow(InvalidInputError);
  });
});

describe('TfModule', () => {
  class TfBlock extends TfModule {
    readonly fc: TfLinear;
    readonly scale;
    constructor(tf: ConstructorParameters<typeof TfModule>[0]) {
      super(tf);
      this.fc = this.registerModule('fc', new TfLinear(tf, 3, 2, { rng: 1 }));
      this.scale = this.registerParameter('scale', { shape: [2], data: Float64Array.of(1.5, -0.5) });
      this.registerBuffer('count', { shape: [1], data: Float64Array.of(0) });
    }
    forward(x: TfTensor): TfTensor {
      return this.tf.mul(this.tf.relu(this.fc.forward(x)), this.scale);
    }
  }

  it('has the reference names, state dict and modes; dispose frees every variable', async () => {
    const { tf } = await getTf();
    await expectNoTensorLeak(() => {
      const ref = new Block();
      const twin = new TfBlock(tf);
      expect(Object.keys(twin.stateDict())).toEqual(Object.keys(ref.stateDict()));
      expect(twin.namedParameters().map(([k]) => k)).toEqual(ref.namedParameters().map(([k]) => k));
      expect(twin.namedBuffers().map(([k, v]) => [k, v.trainable])).toEqual([['count', false]]);
      twin.loadStateDict(ref.stateDict());
      const y = tf.tidy(() => twin.forward(tf.tensor2d([[0.3, -1, 2]])));
      const yr = ref.forward(tensor([[0.3, -1, 2]]));
      expect(Array.from(y.dataSync())).toEqual(Array.from(Float32Array.from(yr.data)));
      y.dispose();
      twin.eval();
      expect(twin.fc.training).toBe(false);
      const seq = new TfSequential(tf, new TfLinear(tf, 2, 2, { rng: 0 }), new TfLinear(tf, 2, 1, { rng: 0 }));
      expect(Object.keys(seq.stateDict())).toEqual(['0.weight', '0.bias', '1.weight', '1.bias']);
      expect(() => seq.loadStateDict({})).toThrow(StateDictError);
      seq.dispose();
      twin.dispose();
      expect(() => twin.stateDict()).toThrow(/disposed/);
    });
  });
});
