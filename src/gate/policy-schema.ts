import { Type, type Static } from '@sinclair/typebox';

/**
 * The gate policy file (`rewardgauge gate --policy gate.json`). Its keys are a public contract,
 * like run.json's: `schemas/gate.schema.json` is written from this by `npm run schemas` and
 * checked by a test. docs/ci.md explains each key.
 */
const Pattern = (what: string, fallback: string) =>
  Type.String({ minLength: 1, description: `${what}; \`*\` matches any run of characters [default: ${fallback}]` });

export const checkKeys = ['min', 'max', 'maxDrop', 'noSignificantDrop'] as const;

export const NoSignificantDropSchema = Type.Object(
  {
    alpha: Type.Number({
      exclusiveMinimum: 0,
      exclusiveMaximum: 0.5,
      description: 'one-sided level: fail when the paired-bootstrap Q(1−alpha) of Δ is below 0',
    }),
    samples: Type.Optional(Type.Integer({ minimum: 1, description: "bootstrap resamples [default: the candidate run's statistics.bootstrap.samples]" })),
  },
  { additionalProperties: false },
);

export const GateRuleSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, description: 'shown in the output instead of "rule N"' })),
    model: Type.Optional(Pattern('candidate model id; a pattern with `*` skips models marked baseline, an exact id does not', '*')),
    suite: Type.Optional(Pattern('suite id', '*')),
    subset: Type.Optional(Pattern('subset (`all`, a subset name, or `key=value`)', 'all')),
    metric: Type.Optional(Pattern('metric id', "each suite's primaryMetric")),
    min: Type.Optional(Type.Number({ description: 'the value must be ≥ min' })),
    max: Type.Optional(Type.Number({ description: 'the value must be ≤ max' })),
    maxDrop: Type.Optional(
      Type.Number({ description: 'baseline value − candidate value (sign flipped for lower-is-better metrics) must be ≤ maxDrop; needs --baseline' }),
    ),
    noSignificantDrop: Type.Optional(NoSignificantDropSchema),
    baselineModel: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'the baseline-run model to compare with [default: the same model id, else the baseline run’s only non-baseline model]',
      }),
    ),
  },
  {
    additionalProperties: false,
    // At least one check; the CLI reports a rule without one in plain words before ajv sees it.
    // Each branch names its property again because ajv's strictRequired looks only in the branch.
    anyOf: checkKeys.map((k) => ({ type: 'object', properties: { [k]: {} }, required: [k] })),
  },
);

export const GatePolicySchema = Type.Object(
  {
    $schema: Type.Optional(Type.String({ description: 'for editors, e.g. a path to schemas/gate.schema.json' })),
    rules: Type.Array(GateRuleSchema, { minItems: 1 }),
  },
  { additionalProperties: false, title: 'rewardgauge gate policy' },
);

export type GateRule = Static<typeof GateRuleSchema>;
export type GatePolicy = Static<typeof GatePolicySchema>;
