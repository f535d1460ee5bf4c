// test-runner: unbundled (it imports each adapter and suite module by its computed path, to compare with what the registry loads)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import t from 'tap';
import { adapters } from '../../src/adapters/index.js';
import { presetIds, suites } from '../../src/benchmarks/index.js';
import { command as ls } from '../../src/cli/ls.js';
import { coreModelOptions } from '../../src/run/models.js';
import type { Suite } from '../../src/core/suite.js';
import { parseHubUri } from '../../src/hub/uri.js';
import { root } from '../support/helpers.js';

// The registries against the files behind them and against what `rewardgauge ls` shows: every id
// loads, names its own kebab-case module, and nothing is listed, registered or on disk alone.

const kebab = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const adapterDir = join(root, 'src', 'adapters');
const suiteDir = join(root, 'src', 'benchmarks');
const loadSuite = async (id: string): Promise<Suite> => (await suites.load(id)).suite;

t.test('adapters: each id loads the module of the same kebab-case file name, which says that id, with its description and options', async (t) => {
  for (const id of adapters.ids()) {
    t.match(id, kebab, `${id} is kebab-case`);
    const mod = await adapters.load(id);
    // The same module object: the registry key leads to src/adapters/<id>.ts, not to another file.
    t.equal(mod, await import(`../../src/adapters/${id}.js`), `${id} → src/adapters/${id}.ts`);
    const def = mod.default;
    // Messages ("unknown option for ID") and plugins name an adapter by def.id: it must be the spec prefix.
    t.equal(def.id, id, `src/adapters/${id}.ts declares id "${id}"`);
    t.ok(typeof def.description === 'string' && def.description.trim() !== '' && typeof def.create === 'function', `${id} has a description and create()`);
    for (const [name, o] of Object.entries(def.options)) {
      t.ok(typeof o.description === 'string' && o.description.trim() !== '', `${id}: option ${name} is documented`);
      t.ok(typeof o.kind === 'string' && o.kind !== '' && typeof o.parse === 'function', `${id}: option ${name} has a kind and a parser`);
      // createModel takes these before the adapter sees its options: an adapter's own would never arrive.
      t.notOk(Object.hasOwn(coreModelOptions, name), `${id}: option ${name} is not one every spec takes`);
    }
  }
});

t.test('adapters: every adapter module under src/adapters is registered under its file name', async (t) => {
  const files = readdirSync(adapterDir).filter((f) => f.endsWith('.ts') && f !== 'index.ts');
  let modules = 0;
  for (const f of files) {
    const mod = (await import(`../../src/adapters/${f.replace(/\.ts$/, '.js')}`)) as { default?: Record<string, unknown> };
    const def = mod.default;
    const isAdapter = typeof def?.create === 'function' && typeof def.description === 'string' && typeof def.options === 'object';
    if (!isAdapter) continue;
    modules++;
    t.ok(adapters.has(f.slice(0, -3)), `${f} is an adapter module, registered as "${f.slice(0, -3)}"`);
  }
  t.equal(modules, adapters.ids().length, 'as many adapter modules on disk as registered ids');
});

t.test('adapters: each has a conformance test that runs testAdapter on it', async (t) => {
  for (const id of adapters.ids()) {
    const file = join(root, 'test', 'adapters', `${id}-conformance.test.ts`);
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    t.ok(
      /\btestAdapter\(t, \{/.test(text) && new RegExp(`[\`'"]${id}:`).test(text),
      `test/adapters/${id}-conformance.test.ts calls testAdapter with a ${id}: spec`,
    );
  }
});

t.test('suites: each id loads the suite of the same id from src/benchmarks/<id>/index.ts', async (t) => {
  for (const id of suites.ids()) {
    t.match(id, kebab, `${id} is kebab-case`);
    t.equal(await suites.load(id), await import(`../../src/benchmarks/${id}/index.js`), `${id} → src/benchmarks/${id}/index.ts`);
    t.equal((await loadSuite(id)).id, id, `suite "${id}" says its id is "${id}"`);
  }
  const folders = readdirSync(suiteDir, { withFileTypes: true }).filter((d) => d.isDirectory() && existsSync(join(suiteDir, d.name, 'index.ts')));
  t.strictSame(folders.map((d) => d.name).sort(), suites.ids(), 'every suite folder is registered, and only those');
});

t.test('suites: metrics are unique, the primary one exists, and combine parts are metrics of the same suite', async (t) => {
  for (const id of suites.ids()) {
    const suite = await loadSuite(id);
    const ids = suite.metrics.map((m) => m.id);
    t.equal(new Set(ids).size, ids.length, `${id}: metric ids are unique`);
    t.ok(ids.includes(suite.primaryMetric), `${id}: primary metric ${suite.primaryMetric} is one of its metrics`);
    for (const m of suite.metrics.filter((x) => x.reduce === 'combine')) {
      const parts = m.parts ?? [];
      t.ok(parts.length > 0, `${id}.${m.id} has parts`);
      const missing = parts.filter((p) => !ids.includes(p.metric)).map((p) => p.metric);
      t.strictSame(missing, [], `${id}.${m.id}: every part is a metric of ${id}`);
      t.ok(
        parts.every((p) => Number.isFinite(p.weight) && p.weight > 0),
        `${id}.${m.id}: weights are positive`,
      );
    }
    // A cycle of combine metrics would recurse until results.ts gives up; follow every chain here.
    const byId = new Map(suite.metrics.map((m) => [m.id, m]));
    const depth = (mid: string, seen: readonly string[]): number =>
      seen.includes(mid) ? Infinity : Math.max(0, ...(byId.get(mid)?.parts ?? []).map((p) => 1 + depth(p.metric, [...seen, mid])));
    t.ok(
      ids.every((mid) => Number.isFinite(depth(mid, []))),
      `${id}: combine metrics form no cycle`,
    );
  }
});

/** Every combination of the suite's enumerated option values (the defaults for free-text ones). */
function optionCombos(suite: Suite): Record<string, string>[] {
  let combos: Record<string, string>[] = [{}];
  for (const [name, o] of Object.entries(suite.options)) combos = combos.flatMap((c) => (o.values ?? [o.default]).map((v) => ({ ...c, [name]: v })));
  return combos;
}

t.test('presets: the preset list and the suites that carry a preset agree, and their declared data parts exist', async (t) => {
  const withPreset = [];
  for (const id of suites.ids()) if ((await loadSuite(id)).preset) withPreset.push(id);
  // A preset missing from presetIds would join a run without --suite and need the network.
  t.strictSame([...presetIds].sort(), withPreset.sort(), 'presetIds are exactly the suites with a preset');
  for (const id of withPreset) {
    const suite = await loadSuite(id);
    const p = suite.preset!;
    t.ok(
      p.revision !== '' && p.split !== '' && p.reference !== '' && (p.rows === undefined || (Number.isInteger(p.rows) && p.rows > 0)),
      `${id}: the preset names revision, split and reference`,
    );
    t.equal(parseHubUri(suite.defaultData).repo, p.dataset, `${id}: the default data is on ${p.dataset}`);
    const declared = new Set<string>();
    for (const options of optionCombos(suite)) {
      const parts = suite.dataParts?.(options) ?? [];
      for (const part of parts) parseHubUri(part.uri);
      const subsets = parts.flatMap((x) => (x.subset === undefined ? [] : [x.subset]));
      t.equal(new Set(subsets).size, subsets.length, `${id} ${JSON.stringify(options)}: each data part's subset is its own`);
      t.ok(
        parts.length === 0 || parts.some((x) => parseHubUri(x.uri).repo === p.dataset),
        `${id} ${JSON.stringify(options)}: the parts include the preset's dataset`,
      );
      subsets.forEach((s) => declared.add(s));
    }
    // A combine metric over data-part subsets must name only subsets some part declares (a typo would score nothing).
    for (const m of suite.metrics.filter((x) => x.reduce === 'combine')) {
      const named = (m.parts ?? []).flatMap((x) => (x.subset === undefined ? [] : [x.subset]));
      if (!named.some((s) => declared.has(s))) continue;
      t.strictSame(
        named.filter((s) => !declared.has(s)),
        [],
        `${id}.${m.id}: its subsets are declared data parts`,
      );
    }
  }
});

t.test('`rewardgauge ls` lists every adapter, suite and metric, and nothing else', async (t) => {
  let text = '';
  const stdout = new Writable({ write: (c: Buffer, _e, cb) => ((text += c.toString()), cb()) });
  const stderr = new Writable({ write: (_c, _e, cb) => cb() });
  await ls.run!({ args: { plugin: [] }, positionals: [], io: { stdout, stderr, env: {}, cwd: root }, argv: ['ls'] });
  const section = (name: string): string[] =>
    text
      .split(/\n\n(?=[A-Z]+\n)/)
      .find((s) => s.startsWith(`${name}\n`))
      ?.split('\n')
      .slice(1) ?? [];
  const listedAdapters = section('ADAPTERS').flatMap((l) => /^([a-z][\w-]*):  /.exec(l)?.[1] ?? []);
  t.strictSame(listedAdapters, adapters.ids(), 'ls adapters: each registered adapter, once');
  const listedSuites = section('SUITES').flatMap((l) => /^([a-z][\w-]*) \(v[^)]+\)  /.exec(l)?.[1] ?? []);
  t.strictSame(listedSuites, suites.ids(), 'ls suites: each registered suite, once');
  const metrics = section('METRICS');
  for (const id of suites.ids()) {
    const start = metrics.indexOf(`${id}:`);
    const end = metrics.findIndex((l, i) => i > start && /^\S/.test(l));
    const listed = metrics.slice(start + 1, end < 0 ? undefined : end).map((l) => /^ {4}(\S+)/.exec(l)?.[1]);
    t.strictSame(
      listed,
      (await loadSuite(id)).metrics.map((m) => m.id),
      `ls metrics: ${id}'s metrics, in order`,
    );
  }
});
