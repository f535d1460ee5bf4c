// Writes schemas/*.schema.json from the TypeBox definitions in src/core, so editors and other
// tools can validate run.json and config files. A test checks the committed files are current.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { schemaFiles } from '../src/run/schema-files.js';
import { packageRoot } from '../src/core/paths.js';

const dir = join(packageRoot, 'schemas');
mkdirSync(dir, { recursive: true });
for (const [name, text] of Object.entries(schemaFiles())) {
  writeFileSync(join(dir, name), text);
  console.log(`wrote schemas/${name}`);
}
