import { Type, type Static } from '@sinclair/typebox';

/**
 * run.json, schemaVersion 1 (README.md, "Outputs"; schemas/run.schema.json). This is a public contract: reporters, the
 * gate and `correlate` read only this. Change it on purpose, with a version bump.
 * `schemas/run.schema.json` is written from this by `npm run schemas` and checked by a test.
 */
const Str = Type.String({ minLength: 1 });
const Count = Type.Integer({ minimum: 0 });

export const ResultRowSchema = Type.Object(
  {
    model: Str,
    suite: Str,
    subset: Str,
    metric: Str,
    value: Type.Number(),
    ci: Type.Tuple([Type.Number(), Type.Number()], { description: 'bootstrap interval at statistics.bootstrap.level' }),
    n: Count,
    higherIsBetter: Type.Boolean(),
    degenerate: Type.Optional(
      Type.String({
        minLength: 1,
        description:
          'present when over half of the comparisons behind the value tied: why, e.g. "92% of 120 compared items tied (...)"; the value then says nothing about preference',
      }),
    ),
  },
  { additionalProperties: false },
);

const Rate = Type.Union([Type.Number({ minimum: 0 }), Type.Null()]);

export const ModelRuntimeSchema = Type.Object(
  {
    device: Type.Object(
      {
        requested: Str,
        provider: Str,
        reason: Type.String({ description: 'why this provider: what was requested and what the probes found' }),
        name: Type.Optional(Type.String({ description: 'the GPU, when one was used and could be named' })),
      },
      { additionalProperties: false },
    ),
    dtype: Str,
    workers: Type.Integer({ minimum: 1, description: 'sessions in worker threads' }),
    threads: Type.Integer({ minimum: 1, description: 'intra-op threads per session' }),
    batches: Count,
    items: Count,
    tokens: Type.Integer({ minimum: 0, description: 'real (unpadded) tokens scored' }),
    paddedTokens: Type.Integer({ minimum: 0, description: 'rows × padded width, summed over batches (a lone row runs beside a copy and counts twice)' }),
    sessionSeconds: Type.Number({ minimum: 0, description: 'time inside sessions, summed over workers' }),
    busySeconds: Type.Number({ minimum: 0, description: 'wall time with at least one batch being tokenized or run' }),
    tokensPerSecond: Rate,
    itemsPerSecond: Rate,
    flopsPerToken: Rate,
    flopsFormula: Type.Optional(Type.String()),
    peakFlops: Rate,
    mfu: Type.Union([Type.Number({ minimum: 0 }), Type.Null()], { description: 'achieved FLOP/s over the device peak; null when the peak is unknown (CPUs)' }),
  },
  { additionalProperties: false },
);

export const TokenizationCheckSchema = Type.Object(
  {
    suite: Str,
    requests: Count,
    maxLength: Type.Integer({ minimum: 1 }),
    meanTokens: Type.Number({ minimum: 0 }),
    p95Tokens: Count,
    maxTokens: Count,
    truncated: Count,
    truncationRate: Type.Number({ minimum: 0, maximum: 1 }),
    responsesCut: Type.Optional(
      Type.Integer({
        minimum: 0,
        description: 'truncated requests that lost tokens of the response itself (0 by default: truncation drops the start of the conversation)',
      }),
    ),
    duplicatedBos: Count,
    missingEnd: Type.Union([Count, Type.Null()], { description: 'requests without the end token the template expects; null when none is expected' }),
    expectedEnd: Type.Array(Type.String(), { description: 'the end tokens checked for' }),
  },
  { additionalProperties: false },
);

export const ModelEntrySchema = Type.Object(
  {
    id: Str,
    spec: Str,
    adapter: Str,
    fingerprint: Str,
    baseline: Type.Boolean({ description: 'a trivial baseline (length, random, constant)' }),
    options: Type.Record(Type.String(), Type.String()),
    stats: Type.Object(
      {
        requests: Count,
        uniqueRequests: Count,
        cacheHits: Count,
        modelCalls: Count,
        batches: Count,
        seconds: Type.Number({ minimum: 0 }),
      },
      { additionalProperties: false },
    ),
    warnings: Type.Array(Type.String()),
    runtime: Type.Optional(ModelRuntimeSchema),
    tokenization: Type.Optional(Type.Array(TokenizationCheckSchema, { description: 'per suite: how its requests tokenized for this model' })),
  },
  { additionalProperties: false },
);

export const MetricEntrySchema = Type.Object(
  {
    id: Str,
    description: Type.String({ description: 'the formula in one line' }),
    higherIsBetter: Type.Boolean(),
    reduce: Type.Optional(
      Type.Union([Type.Literal('mean'), Type.Literal('macro'), Type.Literal('abs'), Type.Literal('combine'), Type.Literal('harmonic'), Type.Literal('pooled')]),
    ),
    of: Type.Optional(Str),
    statistic: Type.Optional(Type.String({ minLength: 1, description: 'pooled: the statistic over all items at once (e.g. step_auc)' })),
    parts: Type.Optional(
      Type.Array(Type.Object({ metric: Str, subset: Type.Optional(Str), weight: Type.Number() }, { additionalProperties: false }), {
        description: 'combine: Σ weight·value(part), over the parts with data; harmonic: Σ weight / Σ weight/value(part)',
      }),
    ),
    normalize: Type.Optional(Type.Boolean({ description: 'combine: divide by the summed weight of the parts with data (default true)' })),
  },
  { additionalProperties: false },
);

export const ExampleSchema = Type.Object(
  {
    model: Str,
    suite: Str,
    item: Str,
    subset: Type.Optional(Str),
    value: Type.Number({ description: "the item's value of the suite's primary metric" }),
    margin: Type.Optional(Type.Number({ description: 'how clearly it was won (> 0) or lost (< 0)' })),
    prompt: Type.String(),
    candidates: Type.Array(
      Type.Object(
        {
          id: Str,
          role: Str,
          text: Type.String(),
          score: Type.Optional(Type.Number()),
          note: Type.Optional(Type.String({ description: "the model's own account of its score, e.g. a verifier's extracted answer and deciding rule" })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false, description: "one of a model's most-wrong items on a suite, texts shortened, for the report's drill-down" },
);

export const SuiteEntrySchema = Type.Object(
  {
    id: Str,
    version: Str,
    items: Count,
    dataset: Str,
    data: Str,
    format: Str,
    primaryMetric: Str,
    metrics: Type.Optional(Type.Array(MetricEntrySchema, { description: 'what each reported metric computes (files written before reports existed lack it)' })),
    options: Type.Record(Type.String(), Type.String()),
    warnings: Type.Array(Type.String()),
    source: Type.Optional(
      Type.Object(
        {
          uri: Str,
          commit: Str,
          parts: Type.Optional(
            Type.Array(Type.Object({ uri: Str, commit: Str, subset: Type.Optional(Str) }, { additionalProperties: false }), {
              description: "a preset's default data in several parts (configs, splits): each part's URI, commit and the subset its items were given",
            }),
          ),
        },
        { additionalProperties: false, description: 'where data came from when it is not a local file: the hf:// URI as given and the commit it was read at' },
      ),
    ),
    confounding: Type.Optional(
      Type.Object(
        {
          baseline: Str,
          metric: Str,
          threshold: Type.Number(),
          subsets: Type.Array(Type.Object({ subset: Str, value: Type.Number(), n: Count, confounded: Type.Boolean() }, { additionalProperties: false })),
        },
        {
          additionalProperties: false,
          description: "the length baseline's primary metric per subset; a subset above the threshold measures length, not quality",
        },
      ),
    ),
  },
  { additionalProperties: false },
);

export const RunFileSchema = Type.Object(
  {
    schemaVersion: Type.Literal(1),
    tool: Type.Object({ name: Type.Literal('rewardgauge'), version: Str }, { additionalProperties: false }),
    createdAt: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$' }),
    seed: Type.Integer({ minimum: 0 }),
    command: Type.Array(Type.String()),
    config: Type.Record(Type.String(), Type.Unknown()),
    statistics: Type.Object(
      {
        bootstrap: Type.Object(
          {
            samples: Type.Integer({ minimum: 1 }),
            level: Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1 }),
            method: Type.Literal('percentile'),
            resample: Type.Literal('cluster', { description: 'whole prompts are resampled, not candidates' }),
            stream: Type.Optional(
              Type.Integer({
                minimum: 1,
                description:
                  "version of the resamples' random stream: 2 draws resample r from its own generator seeded by (seed, r), one set per suite shared by its subsets; files without it used 1 (one generator through all resamples, a set per subset)",
              }),
            ),
          },
          { additionalProperties: false },
        ),
      },
      { additionalProperties: false },
    ),
    models: Type.Array(ModelEntrySchema),
    suites: Type.Array(SuiteEntrySchema),
    results: Type.Array(ResultRowSchema),
    examples: Type.Optional(Type.Array(ExampleSchema)),
  },
  { additionalProperties: false, title: 'rewardgauge run.json, schemaVersion 1' },
);

/** The version of the bootstrap's random stream this build writes (metrics/resample.ts defines it). */
export const BOOTSTRAP_STREAM = 2;

export type ResultRow = Static<typeof ResultRowSchema>;
export type ModelEntry = Static<typeof ModelEntrySchema>;
export type ModelRuntime = Static<typeof ModelRuntimeSchema>;
export type TokenizationCheck = Static<typeof TokenizationCheckSchema>;
export type SuiteEntry = Static<typeof SuiteEntrySchema>;
export type MetricEntry = Static<typeof MetricEntrySchema>;
export type Example = Static<typeof ExampleSchema>;
export type RunFile = Static<typeof RunFileSchema>;
