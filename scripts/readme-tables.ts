// Rewrites the adapter and suite tables in README.md from the registries (src/cli/readme-tables.ts);
// a test checks the committed README is current.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readmeWithTables } from '../src/cli/readme-tables.js';
import { packageRoot } from '../src/core/paths.js';

const file = join(packageRoot, 'README.md');
const before = readFileSync(file, 'utf8');
const after = await readmeWithTables(before);
if (after !== before) writeFileSync(file, after);
console.log(after === before ? 'README.md: tables already current' : 'README.md: tables rewritten');
