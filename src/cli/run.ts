import { join, relative } from 'node:path';
import { buildRunPlan, RUN_SETTINGS } from '../run/config.js';
import { FsError } from '../core/fs-errors.js';
import { escapeTerminalLines } from '../core/safe-text.js';
import { progressMode } from '../core/progress.js';
import { writeRunDir } from '../core/run-file.js';
import { runEvaluation } from '../run/runner.js';
import { leaderboard, subsetTables } from '../report/table.js';
import { downstreamPool, poolPrefetch, runDownstream } from '../probes/downstream.js';
import { writeHtmlReport } from '../report/write.js';
import { defineCommand } from './command.js';
import { settingArgs, settingFlags } from './setting-args.js';
import { neighbourTables } from './board-neighbours.js';
import { dropIfEmpty, newRunFolder, pointLatest } from './run-folder.js';
import { checkOutputFolder, lostOrKept, refuseOverwritingInputs, runInputPaths, runOutputPaths } from './outputs.js';

export const command = defineCommand({
  name: 'run',
  description:
    'Evaluate reward models on benchmark suites. Writes run.json (results with n and bootstrap CIs), scores.jsonl (per-item scores) and index.html (the report) to --out, and prints a leaderboard. Scores are cached: a rerun, or a run resumed after a crash, asks the model only for what is missing.',
  args: { ...settingArgs(RUN_SETTINGS), ...settingArgs(['quiet']) },
  examples: [
    'rewardgauge run --model heuristic:length --model heuristic:random',
    'rewardgauge run --suite pairwise --data my-pairs.jsonl --model scores:my-scores.jsonl',
    'rewardgauge run --suite rewardmath --data ArmoRM_reward.json --model scores:ArmoRM_reward.json --out runs/armorm',
    'rewardgauge run --model onnx:models/mini-bert --suite pairwise --device cpu',
    'rewardgauge run --config configs/quickstart.json',
    'rewardgauge run --model onnx:models/bow-clean --shard 2/4 --out runs/shard-2',
    'rewardgauge run --model onnx:models/bow-clean --limit 20',
  ],
  async run({ args, io, argv }) {
    const { plan, out: given, downstream } = await buildRunPlan(settingFlags(RUN_SETTINGS, args), io.env, io.cwd, ['rewardgauge', ...argv]);
    const log = (line: string): void => void (args.quiet || io.stderr.write(`${escapeTerminalLines(line)}\n`));
    const progress = progressMode(io.stderr, io.env, args.quiet === true);
    // No --out and no config out: a new folder per run (reports/run-<time>), so no run overwrites another.
    const out = given ?? (await newRunFolder(join(io.cwd, 'reports')));
    try {
      await refuseOverwritingInputs('run', runInputPaths(plan, args.config, downstream?.pool), runOutputPaths(out, downstream !== undefined), io.cwd);
      await checkOutputFolder(out);
      let cacheWritable = plan.cache.enabled;
      const warnCache = (m: string): void => {
        cacheWritable = false;
        log(`cache: warning: ${m}`);
      };
      // Read first, so the run can score the pool while each model is loaded; a pool that cannot be
      // read is the probe's to report, after the run's results are written.
      const pool = downstream ? await downstreamPool(downstream).catch(() => undefined) : undefined;
      const { run, lines, spool } = await runEvaluation(pool ? { ...plan, prefetch: poolPrefetch(pool) } : plan, {
        stderr: io.stderr,
        progress,
        log,
        warnCache,
      });
      const { runFile, scoresFile } = await writeRunDir(out, run, spool ?? lines)
        .catch((err: unknown) => Promise.reject(lostOrKept(err, plan.cache, cacheWritable)))
        .finally(() => spool?.dispose());
      // Only after run.json is safely written: a downstream step or a report that fails loses no results.
      const extra = downstream ? await runDownstream(downstream, plan, { runFile }, out, { stderr: io.stderr, progress }, pool) : undefined;
      const reportFile = join(out, 'index.html');
      await writeHtmlReport([{ path: runFile, run }, ...(extra?.runs ?? [])], reportFile).catch((err: unknown) =>
        Promise.reject(err instanceof FsError ? err.withHint(`the results are in ${runFile}; rewardgauge report ${out} --out FILE makes the page`) : err),
      );
      if (given === undefined) log(`latest: ${await pointLatest(out)}`);
      for (const s of run.suites) for (const w of s.warnings) log(`${s.id}: warning: ${w}`);
      for (const w of extra?.warnings ?? []) log(`downstream: warning: ${w}`);
      // A smoke run's numbers look like any others in a table; say so above it.
      const smoke =
        plan.limit === undefined ? '' : `SMOKE RUN (--limit ${plan.limit}): at most ${plan.limit} items per suite; not comparable with a full run\n`;
      const board = neighbourTables(run, lines).map((b) => `${b}\n\n`);
      if (!args.quiet)
        io.stdout.write(`\n${smoke}${leaderboard(run)}\n\n${subsetTables(run).join('\n\n')}\n\n${board.join('')}${extra ? `${extra.summary}\n` : ''}`);
      const show = (p: string): string => (relative(io.cwd, p).startsWith('..') ? p : relative(io.cwd, p));
      const more = extra ? ` (with ${extra.runs.map((r) => show(r.path)).join(' and ')})` : '';
      io.stdout.write(`wrote ${show(runFile)}, ${show(scoresFile)} and ${show(reportFile)}${more}\n`);
    } finally {
      // A run that failed before writing anything leaves no empty folder behind.
      if (given === undefined) await dropIfEmpty(out);
    }
  },
});
