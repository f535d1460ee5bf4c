import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { presetIds, suites as suiteRegistry } from '../benchmarks/index.js';
import { ConfigSchema, type Config } from './config-schema.js';
import { readJsonFile } from '../core/data-files.js';
import { UsageError } from '../core/errors.js';
import { modelSpecFromObject, parseModelSpec, parseSuiteSpec } from '../core/model-spec.js';
import type { DownstreamPlan, RunPlan, SuitePlan } from './plan.js';
import type { ModelSpec } from '../core/types.js';
import { validateAt } from '../core/validate.js';
import { deviceIds, isDeviceId } from '../gpu/device.js';
import { unknownNameMessage } from '../core/registry.js';
import { parseShard, type Shard } from './shard.js';
import { isTextEncoding, textEncodings } from '../core/text-encoding.js';
import { loadPlugins } from './plugins.js';

/** What the `run` flags say; anything left undefined falls back to the config file, then to defaults. */
export interface RunFlags {
  config?: string;
  models: string[];
  suites: string[];
  data: string[];
  seed?: number;
  concurrency?: number;
  batchSize?: number;
  bootstrap?: number;
  ciLevel?: number;
  cacheDir?: string;
  noCache?: boolean;
  ties?: string;
  device?: string;
  out?: string;
  /** `--shard I/N`, already parsed. */
  shard?: Shard;
  encoding?: string;
  /** `--plugin FILE`: relative to the working folder, loaded besides the config's `plugins`. */
  plugins?: string[];
}

export const defaults = { seed: 0, concurrency: 4, samples: 1000, level: 0.95, out: join('reports', 'latest') };

export function defaultCacheDir(env: NodeJS.ProcessEnv): string {
  return env.REWARDGAUGE_CACHE_DIR ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'rewardgauge');
}

export async function loadConfig(file: string): Promise<Config> {
  return validateAt(ConfigSchema, await readJsonFile(file), { file });
}

/** Assign `--data FILE` (single suite) or `--data SUITE=FILE` to suites. */
function applyData(suites: SuitePlan[], data: readonly string[]): void {
  for (const d of data) {
    const eq = d.indexOf('=');
    const named = eq > 0 && suiteRegistry.has(d.slice(0, eq)) ? d.slice(0, eq) : undefined;
    const file = named ? d.slice(eq + 1) : d;
    const targets = named ? suites.filter((s) => s.id === named) : suites;
    if (named && targets.length === 0) throw new UsageError(`--data ${d}: suite "${named}" is not selected (add --suite ${named})`);
    if (!named && targets.length !== 1) throw new UsageError(`--data ${d}: with ${targets.length} suites selected, name the suite: --data SUITE=FILE`);
    for (const t of targets) t.data = file;
  }
}

/**
 * Merge flags over the config file over defaults. Relative paths in a config file are relative to it.
 * `given` is a config object instead of a file (the API's `evaluate`): checked the same way, its paths relative to `cwd`.
 */
export async function buildRunPlan(
  flags: RunFlags,
  env: NodeJS.ProcessEnv,
  cwd: string,
  command: string[],
  given?: Config,
): Promise<{ plan: RunPlan; out: string; downstream?: DownstreamPlan }> {
  const configFile = flags.config === undefined ? undefined : resolve(cwd, flags.config);
  const config: Config = configFile ? await loadConfig(configFile) : given ? validateAt(ConfigSchema, given, { file: 'evaluate() config' }) : {};
  const base = configFile ? dirname(configFile) : cwd;
  // Before any id is checked: plugin suites and adapters are named like built-ins.
  const plugins = await loadPlugins([...(config.plugins ?? []).map((path) => ({ path, base })), ...(flags.plugins ?? []).map((path) => ({ path, base: cwd }))]);

  let models: ModelSpec[];
  if (flags.models.length > 0) models = flags.models.map(parseModelSpec);
  else {
    models = (config.models ?? []).map((m) => ({ ...(typeof m === 'string' ? parseModelSpec(m) : modelSpecFromObject(m)), baseDir: base }));
  }

  let suites: SuitePlan[];
  if (flags.suites.length > 0) suites = flags.suites.map(parseSuiteSpec).map((s) => ({ id: s.id, options: s.options }));
  else if (config.suites) {
    suites = config.suites.map((s) => {
      if (typeof s === 'string') return { id: parseSuiteSpec(s).id, options: parseSuiteSpec(s).options };
      const options = Object.fromEntries(Object.entries(s.options ?? {}).map(([k, v]) => [k, String(v)]));
      return { id: s.id, options, ...(s.data !== undefined && { data: s.data.startsWith('hf://') ? s.data : resolve(base, s.data) }) };
    });
  } else
    suites = suiteRegistry
      .ids()
      .filter((id) => !presetIds.includes(id) && suiteRegistry.isBuiltIn(id))
      .map((id) => ({ id, options: {} }));
  for (const s of suites) suiteRegistry.check(s.id);
  applyData(suites, flags.data);
  if (flags.ties !== undefined) {
    const withTies = [];
    for (const s of suites) if ('ties' in (await suiteRegistry.load(s.id)).suite.options) withTies.push(s);
    if (withTies.length === 0) throw new UsageError('--ties: none of the selected suites has a tie policy option');
    for (const s of withTies) s.options.ties = flags.ties;
  }

  const plan: RunPlan = {
    models,
    suites,
    seed: flags.seed ?? config.seed ?? defaults.seed,
    concurrency: flags.concurrency ?? config.concurrency ?? defaults.concurrency,
    bootstrap: { samples: flags.bootstrap ?? config.bootstrap?.samples ?? defaults.samples, level: flags.ciLevel ?? config.bootstrap?.level ?? defaults.level },
    cache: {
      dir:
        flags.cacheDir !== undefined ? resolve(cwd, flags.cacheDir) : config.cache?.dir !== undefined ? resolve(base, config.cache.dir) : defaultCacheDir(env),
      enabled: !(flags.noCache ?? config.cache?.enabled === false),
    },
    cwd,
    command,
    config: {},
  };
  const batchSize = flags.batchSize ?? config.batchSize;
  if (batchSize !== undefined) plan.batchSize = batchSize;
  const device = flags.device ?? config.device;
  if (device !== undefined) {
    if (!isDeviceId(device)) throw new UsageError(`--device: ${unknownNameMessage('device', device, deviceIds)}`);
    plan.device = device;
  }
  const encoding = flags.encoding ?? config.encoding;
  if (encoding !== undefined) {
    if (!isTextEncoding(encoding)) throw new UsageError(`--encoding: ${unknownNameMessage('encoding', encoding, textEncodings)}`);
    plan.encoding = encoding;
  }
  const shard = flags.shard ?? (config.shard !== undefined ? parseShard(config.shard, `${configFile}: shard`) : undefined);
  if (shard) plan.shard = shard;
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
    // Path and sha256 of each plugin: the code behind the run's plugin ids.
    ...(plugins.length > 0 && { plugins }),
  };
  const out = flags.out !== undefined ? resolve(cwd, flags.out) : config.out !== undefined ? resolve(base, config.out) : resolve(cwd, defaults.out);
  const downstream = config.downstream ? { ...config.downstream, pool: resolve(base, config.downstream.pool) } : undefined;
  // Each shard would run the whole probe again, and merge has no way to combine its outputs.
  if (downstream && shard)
    throw new UsageError(
      '--shard: the config has a downstream section; run the downstream probe on the merged run instead (remove "downstream" for sharded runs)',
    );
  if (downstream) plan.config.downstream = downstream;
  return { plan, out, ...(downstream && { downstream }) };
}
