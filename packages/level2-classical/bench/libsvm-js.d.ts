/** Minimal types for libsvm-js 0.2.1 (the bench peer of bench/svm.bench.ts; only what it calls). */
export interface LibsvmJsOptions {
  type?: number; kernel?: number; degree?: number; gamma?: number; coef0?: number; cost?: number;
  cacheSize?: number; tolerance?: number; shrinking?: boolean; probabilityEstimates?: boolean; quiet?: boolean;
}
export interface LibsvmJs {
  train(samples: number[][], labels: number[]): void;
  predict(samples: number[][]): number[];
  getSVIndices(): number[];
  free(): void;
}
export interface LibsvmJsClass {
  new (options: LibsvmJsOptions): LibsvmJs;
  SVM_TYPES: { C_SVC: number; EPSILON_SVR: number };
  KERNEL_TYPES: { LINEAR: number; POLYNOMIAL: number; RBF: number; SIGMOID: number };
}
