/** naive-bayes: barrel (named re-exports only). */
export {};
