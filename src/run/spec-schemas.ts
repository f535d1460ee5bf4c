import { Type, type Static } from '@sinclair/typebox';

/**
 * How a config file names models and suites: a spec string or its object form. Their own module
 * because the settings table (settings.ts) uses them and the config schema (config-schema.ts) is
 * built from that table.
 */
const OptionValue = Type.Union([Type.String(), Type.Number(), Type.Boolean()]);

export const ModelConfigSchema = Type.Union([
  Type.String({ minLength: 1, description: 'a model spec, e.g. "heuristic:length" or "scores:FILE?aggregate=prod"' }),
  Type.Object(
    {
      adapter: Type.String({ minLength: 1 }),
      target: Type.Optional(Type.String()),
      options: Type.Optional(Type.Record(Type.String(), OptionValue)),
      id: Type.Optional(Type.String({ minLength: 1 })),
    },
    { additionalProperties: false },
  ),
]);

export const SuiteConfigSchema = Type.Union([
  Type.String({ minLength: 1, description: 'a suite id, optionally with options: "pairwise?ties=half"' }),
  Type.Object(
    {
      id: Type.String({ minLength: 1 }),
      data: Type.Optional(Type.String({ minLength: 1, description: 'dataset file; default: the built-in one' })),
      options: Type.Optional(Type.Record(Type.String(), OptionValue)),
    },
    { additionalProperties: false },
  ),
]);

export type ModelConfig = Static<typeof ModelConfigSchema>;
export type SuiteConfig = Static<typeof SuiteConfigSchema>;
