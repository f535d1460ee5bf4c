import { Type, type Static } from '@sinclair/typebox';
import { deviceIds } from '../gpu/device.js';
import { textEncodings } from '../core/text-encoding.js';

/**
 * The config file (`rewardgauge run --config rewardgauge.json`). Every field is optional and has
 * the same meaning as the CLI flag of the same name; flags override the file.
 * `schemas/config.schema.json` is written from this by `npm run schemas`.
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

export const ConfigSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    models: Type.Optional(Type.Array(ModelConfigSchema, { minItems: 1 })),
    suites: Type.Optional(Type.Array(SuiteConfigSchema, { minItems: 1 })),
    seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 4294967295 })),
    out: Type.Optional(Type.String({ minLength: 1 })),
    concurrency: Type.Optional(Type.Integer({ minimum: 1 })),
    batchSize: Type.Optional(Type.Integer({ minimum: 1 })),
    device: Type.Optional(
      Type.Union(
        deviceIds.map((d) => Type.Literal(d)),
        { description: 'where local ONNX models run (default auto)' },
      ),
    ),
    encoding: Type.Optional(
      Type.Union(
        textEncodings.map((e) => Type.Literal(e)),
        { description: 'how the data and scores files given here are decoded (default utf-8; built-in and Hub data are always UTF-8)' },
      ),
    ),
    shard: Type.Optional(
      Type.String({
        pattern: '^\\s*\\d+\\s*/\\s*\\d+\\s*$',
        description: '"I/N": evaluate only the I-th of N parts of every suite (split by prompt cluster); join the parts with `rewardgauge merge`',
      }),
    ),
    bootstrap: Type.Optional(
      Type.Object(
        {
          samples: Type.Optional(Type.Integer({ minimum: 1 })),
          level: Type.Optional(Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1 })),
        },
        { additionalProperties: false },
      ),
    ),
    downstream: Type.Optional(
      Type.Object(
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
      ),
    ),
    plugins: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), {
        description:
          'JavaScript modules (relative to this file) whose default export is an adapter (defineAdapter) or a suite (defineSuite); see docs/plugins.md',
      }),
    ),
    cache: Type.Optional(
      Type.Object({ dir: Type.Optional(Type.String({ minLength: 1 })), enabled: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
    ),
  },
  { additionalProperties: false, title: 'rewardgauge config file' },
);

export type ModelConfig = Static<typeof ModelConfigSchema>;
export type SuiteConfig = Static<typeof SuiteConfigSchema>;
export type Config = Static<typeof ConfigSchema>;
