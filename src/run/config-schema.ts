import { Type, type TSchema } from '@sinclair/typebox';
import { settings, type SettingDef } from './settings.js';
import type { ModelConfig, SuiteConfig } from './spec-schemas.js';

export { ModelConfigSchema, SuiteConfigSchema, type ModelConfig, type SuiteConfig } from './spec-schemas.js';

/**
 * The config file (`rewardgauge run --config rewardgauge.json`). Every field is optional and has
 * the same meaning as the CLI flag of the same setting (settings.ts, where both come from); flags
 * override the file. `schemas/config.schema.json` is written from this by `npm run schemas`.
 */

function entry(d: SettingDef): TSchema {
  // An inverted key says what its false means: `cache.enabled: false` is --no-cache.
  const about = { description: d.invert ? `false: ${d.description}` : d.description };
  const max = d.configMax ?? d.max;
  let item: TSchema;
  if (d.configItems) item = d.configItems;
  else if (d.kind === 'int') item = Type.Integer({ minimum: d.min, ...(max !== undefined && { maximum: max }) });
  else if (d.kind === 'number')
    item = Type.Number(
      d.open
        ? { exclusiveMinimum: d.min, ...(max !== undefined && { exclusiveMaximum: max }) }
        : { minimum: d.min, ...(max !== undefined && { maximum: max }) },
    );
  else if (d.kind === 'enum') item = Type.Union((d.values ?? []).map((v) => Type.Literal(v)));
  else if (d.kind === 'boolean') item = Type.Boolean();
  else item = Type.String(d.configSchema ?? { minLength: 1 });
  return d.multiple ? Type.Array(item, { minItems: 1, ...about }) : { ...item, ...about };
}

/** The settings that have a config key, nested by their dotted keys (`bootstrap.samples`), in the table's order. */
function settingProperties(): Record<string, TSchema> {
  const groups = new Map<string, TSchema | Record<string, TSchema>>();
  for (const d of Object.values(settings) as SettingDef[]) {
    if (d.config === undefined) continue;
    const [top, sub] = d.config.split('.') as [string, string | undefined];
    if (sub === undefined) groups.set(top, Type.Optional(entry(d)));
    else groups.set(top, { ...(groups.get(top) as Record<string, TSchema> | undefined), [sub]: Type.Optional(entry(d)) });
  }
  const nested = (top: string): boolean => [...Object.values(settings)].some((d: SettingDef) => d.config?.startsWith(`${top}.`));
  return Object.fromEntries(
    [...groups].map(([k, v]) => [k, nested(k) ? Type.Optional(Type.Object(v as Record<string, TSchema>, { additionalProperties: false })) : (v as TSchema)]),
  );
}

const DownstreamSchema = Type.Object(
  {
    pool: Type.String({ minLength: 1, description: 'prompts with sampled responses and gold scores, as for `rewardgauge probe bon --pool`' }),
    samples: Type.Optional(Type.Integer({ minimum: 1, description: 'use the first K samples of each prompt [default: all]' })),
    outcome: Type.Optional(Type.String({ minLength: 1, description: 'SUITE:METRIC[@SUBSET] to predict [default: bon:gold at the largest n]' })),
    benchmarks: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), {
        minItems: 1,
        description: "SUITE:METRIC[@SUBSET] keys to test as predictors [default: every suite's primary metric]",
      }),
    ),
  },
  {
    additionalProperties: false,
    description: 'after the suites: a Best-of-n probe with the same models, then `correlate` of each suite with its gold (which suite predicts it best)',
  },
);

export const ConfigSchema = Type.Object(
  { $schema: Type.Optional(Type.String()), ...settingProperties(), downstream: Type.Optional(DownstreamSchema) },
  { additionalProperties: false, title: 'rewardgauge config file' },
);

/** A validated config file: the settings are read through settings.ts's `configValue`, typed there. */
export interface Config {
  models?: ModelConfig[];
  suites?: SuiteConfig[];
  /** Plugin modules, relative to the config file. */
  plugins?: string[];
  downstream?: { pool: string; samples?: number; outcome?: string; benchmarks?: string[] };
  [key: string]: unknown;
}
