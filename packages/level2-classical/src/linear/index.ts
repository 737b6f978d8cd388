/** linear: barrel (named re-exports only). */
export {};
