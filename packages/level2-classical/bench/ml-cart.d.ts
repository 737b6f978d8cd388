/** Minimal types for ml-cart 2.1.1 (it ships none), as far as the W3 bench uses it. */
declare module 'ml-cart' {
  export class DecisionTreeClassifier {
    constructor(options?: { gainFunction?: 'gini'; splitFunction?: 'mean'; minNumSamples?: number; maxDepth?: number; gainThreshold?: number });
    train(X: number[][], y: number[]): void;
    predict(X: number[][]): number[];
  }
}
