import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { adapters } from '../../src/adapters/index.js';
import { suites } from '../../src/benchmarks/index.js';
import { readmeWithTables, replaceBetween } from '../../src/cli/readme-tables.js';
import { root } from '../support/helpers.js';

// The README's adapter and suite tables are written from the registries by `npm run readme`.

const readme = readFileSync(join(root, 'README.md'), 'utf8');

t.test('README.md tables are current (run `npm run readme` after adding or changing an adapter or suite)', async (t) => {
  const current = await readmeWithTables(readme);
  t.ok(current === readme, 'README.md differs from what the registries give: run npm run readme');
});

t.test('every registered adapter and suite has a row, and only those', async (t) => {
  const between = (name: string): string => readme.slice(readme.indexOf(`<!-- ${name}:start -->`), readme.indexOf(`<!-- ${name}:end -->`));
  const firstCells = (text: string): string[] => [...text.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]!);
  t.strictSame(
    firstCells(between('adapters')),
    adapters.ids().map((id) => `${id}:`),
  );
  t.strictSame(firstCells(between('suites')), suites.ids());
});

t.test('replaceBetween replaces only what lies between the markers', async (t) => {
  const text = 'intro\n<!-- x:start -->\nold\n<!-- x:end -->\noutro\n';
  t.equal(replaceBetween(text, 'x', 'new'), 'intro\n<!-- x:start -->\nnew\n<!-- x:end -->\noutro\n');
  t.equal(replaceBetween(replaceBetween(text, 'x', 'new'), 'x', 'new'), 'intro\n<!-- x:start -->\nnew\n<!-- x:end -->\noutro\n', 'idempotent');
  t.throws(() => replaceBetween(text, 'y', 'new'), /expected <!-- y:start --> before <!-- y:end -->/);
});
