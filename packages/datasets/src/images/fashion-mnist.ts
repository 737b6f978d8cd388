/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017; MIT License, © 2017 Zalando SE): 28×28
 * greyscale images of 10 kinds of clothing. The package ships the 10 000-image `t10k` split
 * (1000 per class), gzipped IDX files, decompressed in memory at load time.
 *
 * Pixels are scaled as $x = p / 255 \in [0, 1]$ unless `raw` is asked for.
 *
 * Complexity: $O(n \cdot 784)$ time; about 63 MB for the full float64 matrix (8 MB raw).
 *
 * @see ../../../../docs/datasets.md
 */
import { InvalidInputError, InvalidParamError, Matrix } from '@fpml/core';
import { readDataBytes } from '../files.js';
import { parseIdx } from './idx.js';

/** The 10 class names, index = label (Zalando's own naming). */
export const FASHION_MNIST_CLASSES: readonly string[] = [
  'T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot',
];

/** Options of {@link loadFashionMnist}. */
export interface FashionMnistOptions {
  /** Keep only the first `limit` images (an integer in [1, 10000]). @default 10000 */
  limit?: number;
  /** Return the bytes 0..255 as `pixels: Uint8Array` instead of a scaled `X`. @default false */
  raw?: boolean;
}

interface FashionMnistBase {
  /** Class of each image, in [0, 9]. */
  labels: Int32Array; // (n)
  /** The 10 class names. */
  targetNames: string[];
  /** Height and width of an image. */
  imageShape: [number, number];
  /** Source, license and split. */
  description: string;
}

/** Scaled Fashion-MNIST: each row of `X` is an image flattened row by row, values in [0, 1]. */
export interface FashionMnist extends FashionMnistBase {
  X: Matrix; // (n, 784)
}

/** Raw Fashion-MNIST: image i is `pixels.subarray(784 i, 784 (i + 1))`, values 0..255. */
export interface FashionMnistRaw extends FashionMnistBase {
  pixels: Uint8Array; // (n * 784)
}

const N_TEST = 10000;

/**
 * Load the Fashion-MNIST test split (`t10k`).
 *
 * @returns X (n, 784) scaled to [0, 1] (or `pixels` as uint8 with `raw: true`), labels (n).
 * @throws InvalidParamError for a bad `limit`; InvalidInputError if a bundled file is corrupt
 *   (bad magic number, wrong size, images and labels disagreeing, a label outside 0..9).
 * @see ../../../../docs/datasets.md
 */
export function loadFashionMnist(options: FashionMnistOptions & { raw: true }): FashionMnistRaw;
export function loadFashionMnist(options?: FashionMnistOptions & { raw?: false }): FashionMnist;
export function loadFashionMnist(options?: FashionMnistOptions): FashionMnist | FashionMnistRaw;
export function loadFashionMnist(options: FashionMnistOptions = {}): FashionMnist | FashionMnistRaw {
  const { limit = N_TEST, raw = false } = options;
  if (!Number.isInteger(limit) || limit < 1 || limit > N_TEST) {
    throw new InvalidParamError('loadFashionMnist', 'limit', limit, `an integer in [1, ${N_TEST}]`);
  }
  const who = 'loadFashionMnist';
  const imgFile = 'fashion-mnist/t10k-images-idx3-ubyte.gz';
  const lblFile = 'fashion-mnist/t10k-labels-idx1-ubyte.gz';
  const images = parseIdx(readDataBytes(imgFile, who), `@fpml/datasets data/${imgFile}`, 3);
  const labelsIdx = parseIdx(readDataBytes(lblFile, who), `@fpml/datasets data/${lblFile}`, 1);
  const [nImages, h, w] = images.dims as [number, number, number];
  if (nImages !== labelsIdx.dims[0]) {
    throw new InvalidInputError(`${who}: ${imgFile} has ${nImages} images but ${lblFile} has ${labelsIdx.dims[0]} labels`);
  }
  if (h !== 28 || w !== 28) throw new InvalidInputError(`${who}: ${imgFile} holds ${h}x${w} images, expected 28x28`);
  const n = Math.min(limit, nImages);
  const labels = new Int32Array(n); // (n)
  for (let i = 0; i < n; i++) {
    const l = labelsIdx.data[i]!;
    if (l > 9) throw new InvalidInputError(`${who}: ${lblFile} label ${i} is ${l}, expected 0..9`);
    labels[i] = l;
  }
  const d = h * w;
  const base: FashionMnistBase = {
    labels,
    targetNames: [...FASHION_MNIST_CLASSES],
    imageShape: [h, w],
    description: FASHION_MNIST_DESCRIPTION,
  };
  if (raw) return { ...base, pixels: images.data.slice(0, n * d) };
  const X = new Matrix(n, d); // (n, 784)
  const src = images.data;
  for (let k = 0; k < n * d; k++) X.data[k] = src[k]! / 255;
  return { ...base, X };
}

const FASHION_MNIST_DESCRIPTION = `Fashion-MNIST, test split (t10k)

10 000 greyscale images of 28x28 pixels, 1000 of each of 10 classes: T-shirt/top, Trouser,
Pullover, Dress, Coat, Sandal, Shirt, Sneaker, Bag, Ankle boot. A drop-in replacement for MNIST
that is harder to classify. Rows of X are images flattened row by row, scaled to [0, 1].

Han Xiao, Kashif Rasul, Roland Vollgraf (2017). Fashion-MNIST: a Novel Image Dataset for
Benchmarking Machine Learning Algorithms. arXiv:1708.07747.
https://github.com/zalandoresearch/fashion-mnist. MIT License, Copyright (c) 2017 Zalando SE.`;
