/** svm: barrel (named re-exports only). */
export {};
