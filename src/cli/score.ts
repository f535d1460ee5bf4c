import { resolve } from 'node:path';
import { Type } from '@sinclair/typebox';
import { PromptSchema, toMessages } from '../benchmarks/common.js';
import { DiskStore, MemoryStore } from '../core/cache.js';
import { warnTo } from '../core/cache-dir.js';
import { defaultCacheDir } from '../run/config.js';
import { readDataFile } from '../core/data-files.js';
import { UsageError } from '../core/errors.js';
import { parseModelSpec, parseSuiteSpec, defaultModelId, uniqueIds } from '../core/model-spec.js';
import { createModel } from '../run/models.js';
import { toScalar } from '../metrics/to-scalar.js';
import { Progress, progressMode } from '../core/progress.js';
import { answerQueries } from '../core/scorer.js';
import type { Query } from '../core/suite.js';
import { validateAt } from '../core/validate.js';
import { defineCommand, type ArgDefs, type IO, type ParsedArgs } from './command.js';
import { loadPluginFlags, PLUGIN_ARGS } from './plugin-args.js';
import { settingArgs, settingFlags } from './setting-args.js';
import { scoreDataset } from '../run/score-data.js';
import { escapeTerminalLines } from '../core/safe-text.js';

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

const scoreArgs = {
  model: { type: 'string', value: 'SPEC', multiple: true, short: 'm', description: 'model spec (at least one)' },
  prompt: { type: 'string', value: 'TEXT', short: 'p', description: 'the user prompt (with --response)' },
  response: { type: 'string', value: 'TEXT', short: 'r', description: 'the response to score (with --prompt)' },
  input: { type: 'string', value: 'FILE', short: 'i', description: 'JSON Lines of {"prompt": text | messages, "response": text, "context"?: {...}}' },
  data: {
    type: 'string',
    value: 'FILE',
    short: 'd',
    description: 'a dataset of --suite (JSON Lines, CSV, Parquet or JSON): every candidate of every item is scored',
  },
  suite: { type: 'string', value: 'ID[?OPT=V]', short: 's', default: 'pairwise', description: 'the suite whose data layout --data has' },
  out: { type: 'string', value: 'FILE', short: 'o', description: 'with --data: where the lines go (JSON Lines; required)' },
  resume: { type: 'boolean', description: 'with --data: keep the lines --out already holds (from a killed run) and score the rest' },
  quiet: { type: 'boolean', short: 'q', description: 'no progress lines' },
  ...settingArgs(['cacheDir', 'noCache', 'shard', 'concurrency', 'batchSize', 'encoding', 'seed']),
  ...PLUGIN_ARGS,
} as const satisfies ArgDefs;

export const command = defineCommand({
  name: 'score',
  description:
    'Score responses with one or more models and print one JSON line per (model, response): {"model", "index", "score"}. With --data, score a whole dataset of a suite, streamed at any size, into --out: one line {"item", "candidate", "score"} per candidate, which scores:FILE reads back; a killed run continues with --resume. Uses the same score cache as run.',
  args: scoreArgs,
  examples: [
    'rewardgauge score --model heuristic:length --prompt "What is 2+2?" --response "4"',
    'rewardgauge score --model heuristic:random --model heuristic:length --input requests.jsonl',
    'rewardgauge score --data pairs.jsonl --model onnx:models/mini-bert --out scores.jsonl --shard 1/4',
  ],
  async run({ args, io }) {
    if (args.model.length === 0) throw new UsageError('rewardgauge score: pass at least one --model SPEC');
    // Before any spec is parsed: a plugin's adapter or suite is named like a built-in one.
    await loadPluginFlags(args.plugin, io.cwd);
    if (args.data !== undefined) return scoreData(args, io);
    for (const flag of ['out', 'resume', 'shard'] as const)
      if (args[flag] !== undefined) throw new UsageError(`rewardgauge score: --${flag} goes with --data FILE`);
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
    const concurrency = args.concurrency ?? 4;
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
          concurrency,
          batchSize: args['batch-size'] ?? loaded.batchSize,
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

/** `score --data`: a whole dataset through one model into --out, streamed (run/score-data.ts). */
async function scoreData(args: ParsedArgs<typeof scoreArgs>, io: IO): Promise<void> {
  if (args.model.length !== 1) throw new UsageError('rewardgauge score --data: pass one --model SPEC (one output file per model)');
  if (args.input !== undefined || args.prompt !== undefined) throw new UsageError('rewardgauge score: --data goes without --input, --prompt and --response');
  if (args.out === undefined) throw new UsageError('rewardgauge score --data: pass --out FILE for the scores');
  const flags = settingFlags(['shard', 'concurrency', 'batchSize', 'encoding', 'seed'], args);
  const spec = parseModelSpec(args.model[0]!);
  const log = (line: string): void => void (args.quiet || io.stderr.write(`${escapeTerminalLines(line)}\n`));
  const s = await scoreDataset(
    {
      data: args.data!,
      suite: parseSuiteSpec(args.suite ?? 'pairwise'),
      model: { ...spec, id: defaultModelId(spec) },
      out: resolve(io.cwd, args.out),
      resume: args.resume === true,
      shard: flags.shard,
      cache: { dir: resolve(io.cwd, args['cache-dir'] ?? defaultCacheDir(io.env)), enabled: !args['no-cache'] },
      cwd: io.cwd,
      concurrency: flags.concurrency ?? 4,
      batchSize: flags.batchSize,
      encoding: flags.encoding,
      seed: flags.seed ?? 0,
    },
    { stderr: io.stderr, progress: progressMode(io.stderr, io.env, args.quiet === true), log },
  );
  const rate = s.seconds > 0 ? Math.round(s.lines / s.seconds) : 0;
  log(
    `${s.items} items, ${s.lines} lines written${s.resumed > 0 ? ` after the ${s.resumed} kept from before` : ''} (${s.cacheHits} from cache, ${s.modelCalls} model calls) in ${s.seconds.toFixed(1)} s, ${rate} lines/s`,
  );
  io.stdout.write(`wrote ${args.out}\n`);
}
