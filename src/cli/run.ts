import { join, relative } from 'node:path';
import { buildRunPlan, defaults } from '../run/config.js';
import { UsageError } from '../core/errors.js';
import { FsError } from '../core/fs-errors.js';
import { escapeTerminalLines } from '../core/safe-text.js';
import { progressMode } from '../core/progress.js';
import { writeRunDir } from '../core/run-file.js';
import { runEvaluation } from '../run/runner.js';
import { parseShard } from '../run/shard.js';
import { leaderboard, subsetTables } from '../report/table.js';
import { runDownstream } from '../probes/downstream.js';
import { writeHtmlReport } from '../report/write.js';
import { defineCommand, intArg } from './command.js';
import { checkOutputFolder, lostOrKept, refuseOverwritingInputs, runInputPaths, runOutputPaths } from './outputs.js';

export const command = defineCommand({
  name: 'run',
  description:
    'Evaluate reward models on benchmark suites. Writes run.json (results with n and bootstrap CIs), scores.jsonl (per-item scores) and index.html (the report) to --out, and prints a leaderboard. Scores are cached: a rerun, or a run resumed after a crash, asks the model only for what is missing.',
  args: {
    config: { type: 'string', value: 'FILE', description: 'config file (JSON; see schemas/config.schema.json); flags override it', short: 'c' },
    model: { type: 'string', value: 'SPEC', multiple: true, short: 'm', description: 'model spec, e.g. heuristic:length, scores:FILE?aggregate=prod' },
    suite: {
      type: 'string',
      value: 'ID[?OPT=V]',
      multiple: true,
      short: 's',
      description: 'suite, e.g. pairwise?ties=half, or a preset such as rewardbench2 (rewardgauge ls suites) [default: every suite with built-in data]',
    },
    data: {
      type: 'string',
      value: '[SUITE=]FILE',
      multiple: true,
      short: 'd',
      description:
        'dataset for the suite: a local file, or a Hugging Face Hub dataset hf://datasets/OWNER/NAME[@REVISION][/SPLIT|/CONFIG/SPLIT|/PATH] (Parquet, JSON Lines, JSON; cached, see docs/hub.md) [default: built-in data]',
    },
    out: { type: 'string', value: 'DIR', short: 'o', description: 'output folder', default: defaults.out },
    seed: { type: 'string', value: 'N', description: 'seed for bootstrap and seeded models', default: String(defaults.seed) },
    concurrency: { type: 'string', value: 'N', description: 'batches in flight at once (does not change results)', default: String(defaults.concurrency) },
    'batch-size': { type: 'string', value: 'N', description: 'requests per model call (does not change results) [default: per adapter]' },
    bootstrap: { type: 'string', value: 'N', description: 'bootstrap resamples per CI', default: String(defaults.samples) },
    'ci-level': { type: 'string', value: 'P', description: 'CI coverage', default: String(defaults.level) },
    ties: { type: 'string', value: 'strict|half', description: 'tie policy for suites that have one (pairwise)' },
    encoding: {
      type: 'string',
      value: 'utf-8|latin1',
      description: 'how --data files and scores: files are decoded; invalid UTF-8 is an error naming its line [default: utf-8]',
    },
    device: {
      type: 'string',
      value: 'auto|cpu|cuda|webgpu',
      description: 'where local ONNX models run; auto takes CUDA when a probe session works on it [default: auto]',
    },
    'cache-dir': { type: 'string', value: 'DIR', description: 'score cache folder [default: $REWARDGAUGE_CACHE_DIR or ~/.cache/rewardgauge]' },
    'no-cache': { type: 'boolean', description: 'do not read or write the score cache' },
    shard: {
      type: 'string',
      value: 'I/N',
      description: 'evaluate only the I-th of N parts of every suite (split by prompt, for parallel CI jobs); join them with rewardgauge merge',
    },
    plugin: {
      type: 'string',
      value: 'FILE',
      multiple: true,
      description: "a JavaScript module whose default export is an adapter or a suite, usable by its id (docs/plugins.md); added to the config's plugins",
    },
    quiet: { type: 'boolean', short: 'q', description: 'no progress or tables, just the output paths' },
  },
  examples: [
    'rewardgauge run --model heuristic:length --model heuristic:random',
    'rewardgauge run --suite pairwise --data my-pairs.jsonl --model scores:my-scores.jsonl',
    'rewardgauge run --suite rewardmath --data ArmoRM_reward.json --model scores:ArmoRM_reward.json --out runs/armorm',
    'rewardgauge run --model onnx:models/mini-bert --suite pairwise --device cpu',
    'rewardgauge run --config configs/quickstart.json',
    'rewardgauge run --model onnx:models/bow-clean --shard 2/4 --out runs/shard-2',
  ],
  async run({ args, io, argv }) {
    const ciLevel = args['ci-level'] === undefined ? undefined : Number(args['ci-level']);
    if (ciLevel !== undefined && !(ciLevel > 0 && ciLevel < 1)) throw new UsageError(`--ci-level must be between 0 and 1, got "${args['ci-level']}"`);
    const { plan, out, downstream } = await buildRunPlan(
      {
        ...(args.config !== undefined && { config: args.config }),
        models: args.model,
        suites: args.suite,
        data: args.data,
        ...(args.seed !== undefined && { seed: intArg('seed', args.seed, 0)! }),
        ...(args.concurrency !== undefined && { concurrency: intArg('concurrency', args.concurrency, 1)! }),
        ...(args['batch-size'] !== undefined && { batchSize: intArg('batch-size', args['batch-size'], 1)! }),
        ...(args.bootstrap !== undefined && { bootstrap: intArg('bootstrap', args.bootstrap, 1)! }),
        ...(ciLevel !== undefined && { ciLevel }),
        ...(args['cache-dir'] !== undefined && { cacheDir: args['cache-dir'] }),
        ...(args['no-cache'] && { noCache: true }),
        ...(args.ties !== undefined && { ties: args.ties }),
        ...(args.device !== undefined && { device: args.device }),
        ...(args.encoding !== undefined && { encoding: args.encoding }),
        ...(args.out !== undefined && { out: args.out }),
        ...(args.shard !== undefined && { shard: parseShard(args.shard) }),
        plugins: args.plugin,
      },
      io.env,
      io.cwd,
      ['rewardgauge', ...argv],
    );
    const log = (line: string): void => void (args.quiet || io.stderr.write(`${escapeTerminalLines(line)}\n`));
    const progress = progressMode(io.stderr, io.env, args.quiet === true);
    await refuseOverwritingInputs('run', runInputPaths(plan, args.config, downstream?.pool), runOutputPaths(out, downstream !== undefined), io.cwd);
    await checkOutputFolder(out);
    let cacheWritable = plan.cache.enabled;
    const warnCache = (m: string): void => {
      cacheWritable = false;
      log(`cache: warning: ${m}`);
    };
    const { run, lines } = await runEvaluation(plan, { stderr: io.stderr, progress, log, warnCache });
    const { runFile, scoresFile } = await writeRunDir(out, run, lines).catch((err: unknown) => Promise.reject(lostOrKept(err, plan.cache, cacheWritable)));
    // Only after run.json is safely written: a downstream step or a report that fails loses no results.
    const extra = downstream ? await runDownstream(downstream, plan, { runFile }, out, { stderr: io.stderr, progress }) : undefined;
    const reportFile = join(out, 'index.html');
    await writeHtmlReport([{ path: runFile, run }, ...(extra?.runs ?? [])], reportFile).catch((err: unknown) =>
      Promise.reject(err instanceof FsError ? err.withHint(`the results are in ${runFile}; rewardgauge report ${out} --out FILE makes the page`) : err),
    );
    for (const s of run.suites) for (const w of s.warnings) log(`${s.id}: warning: ${w}`);
    for (const w of extra?.warnings ?? []) log(`downstream: warning: ${w}`);
    if (!args.quiet) io.stdout.write(`\n${leaderboard(run)}\n\n${subsetTables(run).join('\n\n')}\n\n${extra ? `${extra.summary}\n` : ''}`);
    const show = (p: string): string => (relative(io.cwd, p).startsWith('..') ? p : relative(io.cwd, p));
    const more = extra ? ` (with ${extra.runs.map((r) => show(r.path)).join(' and ')})` : '';
    io.stdout.write(`wrote ${show(runFile)}, ${show(scoresFile)} and ${show(reportFile)}${more}\n`);
  },
});
