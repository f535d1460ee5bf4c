import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { presetIds, stepSuiteIds, suites as suiteRegistry } from '../benchmarks/index.js';
import { ConfigSchema, type Config } from './config-schema.js';
import { readJsonFile } from '../core/data-files.js';
import { UsageError } from '../core/errors.js';
import { expandHome } from '../core/home-path.js';
import { modelSpecFromObject, parseModelSpec, parseSuiteSpec } from '../core/model-spec.js';
import type { DownstreamPlan, RunPlan, SuitePlan } from './plan.js';
import type { ModelSpec } from '../core/types.js';
import { validateAt } from '../core/validate.js';
import { loadPlugins } from './plugins.js';
import { expandScoreFolders } from './score-folders.js';
import { configValue, settings, type SettingFlags, type SettingName, type SettingValue } from './settings.js';

/** The settings `rewardgauge run` takes as flags (and, where they have a config key, from its config file). */
export const RUN_SETTINGS = [
  'config',
  'models',
  'suites',
  'data',
  'out',
  'seed',
  'concurrency',
  'batchSize',
  'bootstrap',
  'ciLevel',
  'ties',
  'encoding',
  'device',
  'cacheDir',
  'noCache',
  'shard',
  'limit',
  'plugins',
] as const;

/** What the `run` flags say; anything left undefined falls back to the config file, then to defaults. */
export type RunFlags = SettingFlags<(typeof RUN_SETTINGS)[number]>;

export const defaults = {
  seed: settings.seed.default,
  concurrency: settings.concurrency.default,
  samples: settings.bootstrap.default,
  level: settings.ciLevel.default,
};

export function defaultCacheDir(env: NodeJS.ProcessEnv): string {
  return env.REWARDGAUGE_CACHE_DIR !== undefined ? expandHome(env.REWARDGAUGE_CACHE_DIR) : join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'rewardgauge');
}

export async function loadConfig(file: string): Promise<Config> {
  return validateAt(ConfigSchema, await readJsonFile(file), { file });
}

/** Assign `--data FILE` (single suite) or `--data SUITE=FILE` to suites. */
function applyData(suites: SuitePlan[], data: readonly string[]): void {
  for (const d of data) {
    const eq = d.indexOf('=');
    const named = eq > 0 && suiteRegistry.has(d.slice(0, eq)) ? d.slice(0, eq) : undefined;
    const file = expandHome(named ? d.slice(eq + 1) : d);
    const targets = named ? suites.filter((s) => s.id === named) : suites;
    if (named && targets.length === 0) throw new UsageError(`--data ${d}: suite "${named}" is not selected (add --suite ${named})`);
    if (!named && targets.length !== 1) throw new UsageError(`--data ${d}: with ${targets.length} suites selected, name the suite: --data SUITE=FILE`);
    for (const t of targets) t.data = file;
  }
}

/**
 * Merge flags over the config file over defaults. Relative paths in a config file are relative to it.
 * `out` is undefined when neither gives one.
 * `given` is a config object instead of a file (the API's `evaluate`): checked the same way, its paths relative to `cwd`.
 */
export async function buildRunPlan(
  flags: RunFlags,
  env: NodeJS.ProcessEnv,
  cwd: string,
  command: string[],
  given?: Config,
): Promise<{ plan: RunPlan; out: string | undefined; downstream?: DownstreamPlan }> {
  const configFile = flags.config === undefined ? undefined : resolve(cwd, expandHome(flags.config));
  const config: Config = configFile ? await loadConfig(configFile) : given ? validateAt(ConfigSchema, given, { file: 'evaluate() config' }) : {};
  const base = configFile ? dirname(configFile) : cwd;
  // Before any id is checked: plugin suites and adapters are named like built-ins.
  // Every path a config file holds may start with `~/` (no shell expands it there).
  const plugins = await loadPlugins([
    ...(config.plugins ?? []).map((path) => ({ path: expandHome(path), base })),
    ...(flags.plugins ?? []).map((path) => ({ path: expandHome(path), base: cwd })),
  ]);

  let models: ModelSpec[];
  if (flags.models.length > 0) models = flags.models.map(parseModelSpec);
  else {
    models = (config.models ?? []).map((m) => ({ ...(typeof m === 'string' ? parseModelSpec(m) : modelSpecFromObject(m)), baseDir: base }));
  }
  // A scores: folder is one model per file (a published results dataset as a leaderboard).
  models = await expandScoreFolders(models, cwd, env);

  let suites: SuitePlan[];
  if (flags.suites.length > 0) suites = flags.suites.map(parseSuiteSpec).map((s) => ({ id: s.id, options: s.options }));
  else if (config.suites) {
    suites = config.suites.map((s) => {
      if (typeof s === 'string') return { id: parseSuiteSpec(s).id, options: parseSuiteSpec(s).options };
      const options = Object.fromEntries(Object.entries(s.options ?? {}).map(([k, v]) => [k, String(v)]));
      return { id: s.id, options, ...(s.data !== undefined && { data: s.data.startsWith('hf://') ? s.data : resolve(base, expandHome(s.data)) }) };
    });
  } else
    suites = suiteRegistry
      .ids()
      .filter((id) => !presetIds.includes(id) && !stepSuiteIds.includes(id) && suiteRegistry.isBuiltIn(id))
      .map((id) => ({ id, options: {} }));
  for (const s of suites) suiteRegistry.check(s.id);
  applyData(suites, flags.data);
  if (flags.ties !== undefined) {
    const withTies = [];
    for (const s of suites) if ('ties' in (await suiteRegistry.load(s.id)).suite.options) withTies.push(s);
    if (withTies.length === 0) throw new UsageError('--ties: none of the selected suites has a tie policy option');
    for (const s of withTies) s.options.ties = flags.ties;
  }

  // A flag, else the config file's value (the schema checked its type), else undefined.
  const pick = <N extends SettingName & keyof RunFlags>(name: N): SettingValue<N> | undefined =>
    (flags[name] as SettingValue<N> | undefined) ?? (configValue(config, name) as SettingValue<N> | undefined);
  const configCache = configValue(config, 'cacheDir') as string | undefined;
  const cacheDir = flags.cacheDir !== undefined ? resolve(cwd, expandHome(flags.cacheDir)) : configCache !== undefined ? expandHome(configCache) : undefined;
  const plan: RunPlan = {
    models,
    suites,
    seed: pick('seed') ?? defaults.seed,
    concurrency: pick('concurrency') ?? defaults.concurrency,
    bootstrap: { samples: pick('bootstrap') ?? defaults.samples, level: pick('ciLevel') ?? defaults.level },
    cache: { dir: cacheDir !== undefined ? resolve(base, cacheDir) : defaultCacheDir(env), enabled: !(pick('noCache') ?? false) },
    cwd,
    command,
    config: {},
  };
  const batchSize = pick('batchSize');
  if (batchSize !== undefined) plan.batchSize = batchSize;
  const device = pick('device');
  if (device !== undefined) plan.device = device;
  const encoding = pick('encoding');
  if (encoding !== undefined) plan.encoding = encoding;
  const configShard = configValue(config, 'shard') as string | undefined;
  const shard = flags.shard ?? (configShard !== undefined ? settings.shard.parse(configShard, `${configFile}: shard`) : undefined);
  if (shard) plan.shard = shard;
  const limit = pick('limit');
  if (limit !== undefined) plan.limit = limit;
  plan.config = {
    ...(configFile && { configFile }),
    models: models.map((m) => m.source),
    suites: suites.map((s) => ({ id: s.id, ...(s.data !== undefined && { data: s.data }), options: s.options })),
    seed: plan.seed,
    concurrency: plan.concurrency,
    ...(batchSize !== undefined && { batchSize }),
    ...(device !== undefined && { device }),
    // Recorded only when it is not the default, so UTF-8 runs stay as they were (and merge with older shards).
    ...(encoding !== undefined && encoding !== 'utf-8' && { encoding }),
    bootstrap: plan.bootstrap,
    cache: plan.cache,
    ...(shard && { shard }),
    ...(limit !== undefined && { limit }),
    // Path and sha256 of each plugin: the code behind the run's plugin ids.
    ...(plugins.length > 0 && { plugins }),
  };
  const rawOut = configValue(config, 'out') as string | undefined;
  const configOut = rawOut === undefined ? undefined : expandHome(rawOut);
  // Neither: undefined, and the verb picks a new folder (cli/run-folder.ts) so no run overwrites another.
  const out = flags.out !== undefined ? resolve(cwd, flags.out) : configOut !== undefined ? resolve(base, configOut) : undefined;
  const downstream = config.downstream ? { ...config.downstream, pool: resolve(base, expandHome(config.downstream.pool)) } : undefined;
  // Each shard would run the whole probe again, and merge has no way to combine its outputs.
  if (downstream && shard)
    throw new UsageError(
      '--shard: the config has a downstream section; run the downstream probe on the merged run instead (remove "downstream" for sharded runs)',
    );
  if (downstream) plan.config.downstream = downstream;
  return { plan, out, ...(downstream && { downstream }) };
}
