import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root: two levels above this file both in `src/core` (tsx) and `dist/core` (built). */
export const packageRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Where the built-in datasets live. */
export const datasetsDir = join(packageRoot, 'datasets');

export const toolVersion: string = (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
