/** tree: barrel (named re-exports only). */
export {};
