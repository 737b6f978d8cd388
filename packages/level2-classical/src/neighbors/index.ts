/** neighbors: barrel (named re-exports only). */
export {};
