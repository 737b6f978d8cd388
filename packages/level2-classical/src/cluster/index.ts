/** cluster: barrel (named re-exports only). */
export {};
