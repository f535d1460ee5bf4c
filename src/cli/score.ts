import { resolve } from 'node:path';
import { Type } from '@sinclair/typebox';
import { PromptSchema, toMessages } from '../benchmarks/common.js';
import { DiskStore, MemoryStore } from '../core/cache.js';
import { warnTo } from '../core/cache-dir.js';
import { defaultCacheDir } from '../run/config.js';
import { readDataFile } from '../core/data-files.js';
import { UsageError } from '../core/errors.js';
import { parseModelSpec, defaultModelId, uniqueIds } from '../core/model-spec.js';
import { createModel } from '../run/models.js';
import { toScalar } from '../metrics/to-scalar.js';
import { Progress, progressMode } from '../core/progress.js';
import { answerQueries } from '../core/scorer.js';
import type { Query } from '../core/suite.js';
import { validateAt } from '../core/validate.js';
import { defineCommand } from './command.js';
import { settingArgs } from './setting-args.js';

const InputRow = Type.Object({
  prompt: PromptSchema,
  response: Type.String(),
  context: Type.Optional(
    Type.Object(
      {
        rubric: Type.Optional(Type.String()),
        profile: Type.Optional(Type.String()),
        reference: Type.Optional(Type.String()),
        steps: Type.Optional(Type.Array(Type.String())),
      },
      { additionalProperties: false },
    ),
  ),
});

export const command = defineCommand({
  name: 'score',
  description:
    'Score responses with one or more models and print one JSON line per (model, response): {"model", "index", "score"}. Uses the same score cache as run.',
  args: {
    model: { type: 'string', value: 'SPEC', multiple: true, short: 'm', description: 'model spec (at least one)' },
    prompt: { type: 'string', value: 'TEXT', short: 'p', description: 'the user prompt (with --response)' },
    response: { type: 'string', value: 'TEXT', short: 'r', description: 'the response to score (with --prompt)' },
    input: { type: 'string', value: 'FILE', short: 'i', description: 'JSON Lines of {"prompt": text | messages, "response": text, "context"?: {...}}' },
    ...settingArgs(['cacheDir', 'noCache']),
  },
  examples: [
    'rewardgauge score --model heuristic:length --prompt "What is 2+2?" --response "4"',
    'rewardgauge score --model heuristic:random --model heuristic:length --input requests.jsonl',
  ],
  async run({ args, io }) {
    if (args.model.length === 0) throw new UsageError('rewardgauge score: pass at least one --model SPEC');
    if ((args.prompt === undefined) !== (args.response === undefined)) throw new UsageError('rewardgauge score: --prompt and --response go together');
    if ((args.input === undefined) === (args.prompt === undefined))
      throw new UsageError('rewardgauge score: give either --input FILE or --prompt and --response');
    let queries: Query[];
    if (args.input !== undefined) {
      const file = resolve(io.cwd, args.input);
      const data = await readDataFile(file);
      queries = data.records.map((r) => {
        const row = validateAt(InputRow, r.value, { file, line: r.line });
        return { kind: 'score', request: { messages: toMessages(row.prompt), response: row.response, ...(row.context && { context: row.context }) } };
      });
    } else {
      queries = [{ kind: 'score', request: { messages: toMessages(args.prompt!), response: args.response! } }];
    }
    const specs = args.model.map(parseModelSpec);
    const ids = uniqueIds(specs.map(defaultModelId));
    for (const [m, spec] of specs.entries()) {
      const loaded = await createModel({ ...spec, id: ids[m]! }, { seed: 0, cwd: io.cwd });
      try {
        if (!loaded.model.score) throw new UsageError(`model "${loaded.model.id}" compares pairs and cannot score single responses`);
        const store = args['no-cache']
          ? new MemoryStore()
          : await DiskStore.open(resolve(io.cwd, args['cache-dir'] ?? defaultCacheDir(io.env)), loaded.model.fingerprint, { warn: warnTo(io.stderr) });
        const mode = progressMode(io.stderr, io.env, false);
        const { raw } = await answerQueries(loaded.model, store, queries, {
          concurrency: 1,
          batchSize: loaded.batchSize,
          describe: (k) => `request ${k}${args.input ? ` (${args.input} record ${k + 1})` : ''}`,
          progress: (total) => new Progress({ label: loaded.model.id, total, stream: io.stderr, mode: total > 100 ? mode : 'off' }),
        });
        raw.forEach((r, index) => {
          const score = toScalar(r, loaded, () => `request ${index}`);
          io.stdout.write(`${JSON.stringify({ model: loaded.model.id, index, score, ...(Array.isArray(r) && { steps: r }) })}\n`);
        });
      } finally {
        await loaded.model.dispose?.();
      }
    }
  },
});
