/** Types of assemble-wat.mjs (so TypeScript tests can import it). */
export function assembleWat(watPath: string): Promise<Uint8Array>;
export function bytesModule(bytes: Uint8Array, watName: string): string;
