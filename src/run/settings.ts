import type { TSchema } from '@sinclair/typebox';
import { textEncodings } from '../core/text-encoding.js';
import { deviceIds } from '../gpu/device.js';
import { parseShard } from './shard.js';
import { ModelConfigSchema, SuiteConfigSchema } from './spec-schemas.js';

/**
 * Every run setting, declared once: the CLI flags (cli/setting-args.ts), the config file schema
 * (config-schema.ts) and the typed flags `buildRunPlan` merges (config.ts) all derive from this
 * table, so a new setting is one entry here plus the code that uses its value.
 */
export interface SettingDef {
  kind: 'string' | 'boolean' | 'int' | 'number' | 'enum';
  description: string;
  /** The value's name in help (SPEC, FILE); int, number and enum have one by default. */
  value?: string;
  short?: string;
  min?: number;
  max?: number;
  /** Both bounds excluded. */
  open?: boolean;
  values?: readonly string[];
  /** A list: a repeatable flag, an array in the config file. */
  multiple?: boolean;
  /** The value when neither a flag nor the config file gives one. */
  default?: number | string;
  /** Help's [default: ...] where the default is not a plain value (an environment variable, per adapter). */
  shownDefault?: string;
  /** The CLI flag, without dashes; absent: config file only. */
  flag?: string;
  /** Dotted key in the config file (`bootstrap.samples`); absent: CLI only. */
  config?: string;
  /** The config key holds the negation of the flag (`--no-cache` is `cache.enabled: false`). */
  invert?: boolean;
  /** Text to a typed value (after the kind's own checks); `where` names the flag or config field in errors. */
  parse?: (text: string, where?: string) => unknown;
  /** Config schema for the items (spec strings or their object forms) instead of the kind's. */
  configItems?: TSchema;
  /** Extra JSON Schema keywords for the config entry (a pattern). */
  configSchema?: Record<string, unknown>;
  /** The config file's bound, where it is tighter than the flag's. */
  configMax?: number;
}

export const settings = {
  config: { kind: 'string', flag: 'config', short: 'c', value: 'FILE', description: 'config file (JSON; see schemas/config.schema.json); flags override it' },
  models: {
    kind: 'string',
    multiple: true,
    flag: 'model',
    short: 'm',
    config: 'models',
    value: 'SPEC',
    configItems: ModelConfigSchema,
    description: 'model spec, e.g. heuristic:length, scores:FILE?aggregate=prod',
  },
  suites: {
    kind: 'string',
    multiple: true,
    flag: 'suite',
    short: 's',
    config: 'suites',
    value: 'ID[?OPT=V]',
    configItems: SuiteConfigSchema,
    shownDefault: 'every built-in suite but processbench (it needs step scores)',
    description: 'suite, e.g. pairwise?ties=half, or a preset such as rewardbench2 (rewardgauge ls suites)',
  },
  data: {
    kind: 'string',
    multiple: true,
    flag: 'data',
    short: 'd',
    value: '[SUITE=]FILE',
    shownDefault: 'built-in data',
    description:
      'dataset for the suite: a local file, or a Hugging Face Hub dataset hf://datasets/OWNER/NAME[@REVISION][/SPLIT|/CONFIG/SPLIT|/PATH] (Parquet, JSON Lines, JSON; cached, see docs/hub.md)',
  },
  // The config file has always capped seeds at 2^32 − 1 and the flag at 2^53 − 1; kept as they were.
  seed: { kind: 'int', min: 0, configMax: 4294967295, flag: 'seed', config: 'seed', default: 0, description: 'seed for bootstrap and seeded models' },
  out: {
    kind: 'string',
    flag: 'out',
    short: 'o',
    config: 'out',
    value: 'DIR',
    shownDefault: 'a new reports/run-<UTC time>, with reports/latest pointing to it',
    description:
      'output folder (written into, replacing its run.json, scores.jsonl and index.html); without it each run gets its own folder, so nothing is overwritten',
  },
  concurrency: {
    kind: 'int',
    min: 1,
    flag: 'concurrency',
    config: 'concurrency',
    default: 4,
    description: 'batches in flight at once (does not change results)',
  },
  batchSize: {
    kind: 'int',
    min: 1,
    flag: 'batch-size',
    config: 'batchSize',
    shownDefault: 'per adapter',
    description: 'requests per model call (does not change results)',
  },
  device: {
    kind: 'enum',
    values: deviceIds,
    flag: 'device',
    config: 'device',
    shownDefault: 'auto',
    description: 'where local ONNX models run; auto takes CUDA when a probe session works on it',
  },
  encoding: {
    kind: 'enum',
    values: textEncodings,
    flag: 'encoding',
    config: 'encoding',
    shownDefault: 'utf-8',
    description: 'how the data files and scores: files given are decoded; invalid UTF-8 is an error naming its line (built-in and Hub data are always UTF-8)',
  },
  shard: {
    kind: 'string',
    flag: 'shard',
    config: 'shard',
    value: 'I/N',
    parse: parseShard,
    configSchema: { pattern: '^\\s*\\d+\\s*/\\s*\\d+\\s*$' },
    description: 'evaluate only the I-th of N parts of every suite (split by prompt cluster, for parallel CI jobs); join the parts with rewardgauge merge',
  },
  // reward-bench's --debug, with a number: a quick check that a model and its data load and score.
  limit: {
    kind: 'int',
    min: 1,
    flag: 'limit',
    config: 'limit',
    value: 'N',
    description:
      'smoke run: only the first N items of each suite (after --shard); run.json records it (config.limit) and the terminal and report mark the run, whose numbers are not comparable with full runs',
  },
  bootstrap: { kind: 'int', min: 1, flag: 'bootstrap', config: 'bootstrap.samples', default: 1000, description: 'bootstrap resamples per CI' },
  ciLevel: { kind: 'number', min: 0, max: 1, open: true, value: 'P', flag: 'ci-level', config: 'bootstrap.level', default: 0.95, description: 'CI coverage' },
  ties: { kind: 'enum', values: ['strict', 'half'], flag: 'ties', description: 'tie policy for suites that have one (pairwise)' },
  cacheDir: {
    kind: 'string',
    flag: 'cache-dir',
    config: 'cache.dir',
    value: 'DIR',
    shownDefault: '$REWARDGAUGE_CACHE_DIR or ~/.cache/rewardgauge',
    description: 'score cache folder',
  },
  noCache: { kind: 'boolean', flag: 'no-cache', config: 'cache.enabled', invert: true, description: 'do not read or write the score cache' },
  // The one list a flag adds to instead of replacing: a config's plugins stay loaded, and each
  // path is relative to where it was written (the config file, or the working folder for --plugin).
  plugins: {
    kind: 'string',
    multiple: true,
    flag: 'plugin',
    config: 'plugins',
    value: 'FILE',
    description:
      "a JavaScript module whose default export is an adapter (defineAdapter) or a suite (defineSuite), usable by its id (docs/plugins.md); added to the config's plugins, which are relative to the config file",
  },
  quiet: { kind: 'boolean', flag: 'quiet', short: 'q', description: 'no progress or tables, just the output paths' },
} as const satisfies Record<string, SettingDef>;

export type Settings = typeof settings;
export type SettingName = keyof Settings;

type Scalar<S> = S extends { parse: (...a: never[]) => infer T }
  ? T
  : S extends { kind: 'int' | 'number' }
    ? number
    : S extends { kind: 'enum'; values: readonly (infer V)[] }
      ? V
      : S extends { kind: 'boolean' }
        ? boolean
        : string;
export type SettingValue<N extends SettingName> = Settings[N] extends { multiple: true } ? Scalar<Settings[N]>[] : Scalar<Settings[N]>;

/** Typed values of some settings, as flags give them: a list is always there (maybe empty), anything else may be absent. */
export type SettingFlags<N extends SettingName> = { [K in N as Settings[K] extends { multiple: true } ? K : never]: SettingValue<K> } & {
  [K in N as Settings[K] extends { multiple: true } ? never : K]?: SettingValue<K>;
};

const def = (name: SettingName): SettingDef => settings[name];

/** The value a config file gives a setting (before `parse`), or undefined. */
export function configValue(config: Record<string, unknown>, name: SettingName): unknown {
  const d = def(name);
  if (d.config === undefined) return undefined;
  let v: unknown = config;
  for (const part of d.config.split('.')) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
  return d.invert && typeof v === 'boolean' ? !v : v;
}
