/** model-selection: barrel (named re-exports only). */
export {};
