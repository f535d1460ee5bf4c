import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { renderHelp, type CommandDef } from '../../src/cli/command.js';
import { commands } from '../../src/cli/main.js';
import { buildRunPlan, RUN_SETTINGS, type RunFlags } from '../../src/run/config.js';
import { ConfigSchema } from '../../src/run/config-schema.js';
import { settings, type SettingDef, type SettingName } from '../../src/run/settings.js';
import { validateAt } from '../../src/core/validate.js';
import { tmp } from '../support/helpers.js';

// The settings table is the one declaration of a run setting: each must show up in the flags of
// the verbs that take it and in the config schema, and mean the same from either.

const table = settings as Record<SettingName, SettingDef>;

const verbs: [string, string[], string[]][] = [
  ['run', [], [...RUN_SETTINGS, 'quiet']],
  ['probe', ['bon'], ['seed', 'bootstrap', 'concurrency', 'batchSize', 'device', 'cacheDir', 'noCache', 'quiet']],
  ['probe', ['ppo'], ['seed', 'bootstrap', 'concurrency', 'batchSize', 'device', 'cacheDir', 'noCache', 'quiet']],
  ['distance', [], ['seed', 'bootstrap', 'concurrency', 'batchSize', 'device', 'cacheDir', 'noCache', 'quiet']],
  ['correlate', [], ['seed', 'bootstrap']],
];

t.test('every setting a verb takes is in its help, under its flag name', async (t) => {
  for (const [verb, sub, names] of verbs) {
    let cmd: CommandDef = (await commands.load(verb)).command;
    for (const s of sub) cmd = cmd.subCommands![s]!;
    const help = renderHelp(cmd);
    for (const name of names) {
      const d = table[name as SettingName];
      t.match(help, new RegExp(`^ {2}(-\\w, )?--${d.flag}\\b`, 'm'), `${cmd.name}: --${d.flag}`);
    }
  }
});

const properties = (schema: unknown, key: string): unknown =>
  key.split('.').reduce<unknown>((s, part) => (s as { properties?: Record<string, unknown> } | undefined)?.properties?.[part], schema);

t.test('every setting with a config key is in the config schema, with its description', async (t) => {
  for (const [name, d] of Object.entries(table)) {
    if (d.config === undefined) continue;
    const entry = properties(ConfigSchema, d.config) as { description?: string } | undefined;
    t.ok(entry, `${name}: ${d.config} in the schema`);
    t.match(entry?.description ?? '', d.description, `${name}: described`);
  }
});

// One value for each setting with both a flag and a config key, as each side writes it. A setting
// added to the table without a line here fails the coverage check below.
const samples: Record<string, { flag: unknown; config: unknown }> = {
  models: { flag: ['heuristic:length'], config: ['heuristic:length'] },
  suites: { flag: ['pairwise'], config: ['pairwise'] },
  seed: { flag: 7, config: 7 },
  out: { flag: 'elsewhere', config: 'elsewhere' },
  concurrency: { flag: 2, config: 2 },
  batchSize: { flag: 16, config: 16 },
  device: { flag: 'cpu', config: 'cpu' },
  encoding: { flag: 'latin1', config: 'latin1' },
  shard: { flag: { index: 2, count: 3 }, config: '2/3' },
  limit: { flag: 5, config: 5 },
  bootstrap: { flag: 50, config: 50 },
  ciLevel: { flag: 0.9, config: 0.9 },
  cacheDir: { flag: 'cache', config: 'cache' },
  noCache: { flag: true, config: false },
  plugins: { flag: ['settings-plugin.mjs'], config: ['settings-plugin.mjs'] },
};

t.test('a setting given in the config file plans the same run as its flag', async (t) => {
  const both = Object.entries(table).filter(([, d]) => d.flag !== undefined && d.config !== undefined);
  t.same(Object.keys(samples).sort(), both.map(([n]) => n).sort(), 'a sample for every setting that has both a flag and a config key');
  const dir = tmp(t);
  // Relative to the config file or, as a flag, to the working folder: here the same folder.
  writeFileSync(
    join(dir, 'settings-plugin.mjs'),
    "export default { id: 'settings-plugin', description: 'x', options: {}, async create() { throw new Error('not used'); } };\n",
  );
  for (const [name, d] of both) {
    const { flag, config } = samples[name]!;
    const tree: Record<string, unknown> = {};
    const [top, sub] = d.config!.split('.') as [string, string | undefined];
    if (sub === undefined) tree[top] = config;
    else tree[top] = { [sub]: config };
    validateAt(ConfigSchema, tree, { file: name });
    const file = join(dir, `${name}.json`);
    writeFileSync(file, JSON.stringify(tree));
    const empty: RunFlags = { models: [], suites: [], data: [], plugins: [] };
    const viaFile = await buildRunPlan({ ...empty, config: file }, {}, dir, ['rewardgauge']);
    const viaFlag = await buildRunPlan({ ...empty, [name]: flag } as RunFlags, {}, dir, ['rewardgauge']);
    const { configFile: _f, ...fileConfig } = viaFile.plan.config;
    // Model paths in a config file are relative to it (here the same folder as the flags' cwd).
    const models = viaFile.plan.models.map(({ baseDir: _b, ...m }) => m);
    t.same({ ...viaFile.plan, models, config: fileConfig }, viaFlag.plan, `${name}: same plan`);
    t.equal(viaFile.out, viaFlag.out, `${name}: same output folder`);
  }
});
