/**
 * Regenerate src/matrix/wasm/gemm-bytes.ts from src/matrix/wasm/gemm.wat.
 * Run: pnpm --filter @fpml/core run build:wasm
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assembleWat, bytesModule } from './assemble-wat.mjs';

const dir = join(dirname(fileURLToPath(import.meta.url)), '../src/matrix/wasm');
const bytes = await assembleWat(join(dir, 'gemm.wat'));
writeFileSync(join(dir, 'gemm-bytes.ts'), bytesModule(bytes, 'gemm.wat'));
process.stdout.write(`gemm.wat -> gemm-bytes.ts (${bytes.length} bytes)\n`);
