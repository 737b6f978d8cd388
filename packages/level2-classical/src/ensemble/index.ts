/** ensemble: barrel (named re-exports only). */
export {};
