/** Minimal types for the two untyped mljs peers of bench/neighbors.bench.ts (only what it calls). */
declare module 'ml-knn' {
  export default class KNN {
    constructor(dataset: number[][], labels: number[], options?: { k?: number });
    predict(dataset: number[][]): number[];
  }
}
declare module 'ml-naivebayes' {
  export class GaussianNB {
    train(trainingSet: unknown, trainingLabels: number[]): void;
    predict(dataset: unknown): number[];
  }
}
