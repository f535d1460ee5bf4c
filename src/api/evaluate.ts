import { join, resolve } from 'node:path';
import { checkOutputFolder, refuseOverwritingInputs, runInputPaths, runOutputPaths } from '../cli/outputs.js';
import { UsageError } from '../core/errors.js';
import { writeRunDir } from '../core/run-file.js';
import type { RunFile } from '../core/run-schema.js';
import { runDownstream } from '../probes/downstream.js';
import { writeHtmlReport } from '../report/write.js';
import { buildRunPlan } from '../run/config.js';
import type { Config } from '../run/config-schema.js';
import { runEvaluation } from '../run/runner.js';

export interface EvaluateOptions {
  /** The folder the config's relative paths (data, models, plugins, out) are resolved against; default: the process's. */
  cwd?: string;
  /** Write run.json, scores.jsonl and index.html into this folder (over the config's `out`). Without either, nothing is written. */
  out?: string;
  /** Plugin files besides the config's `plugins`, relative to `cwd`, as `--plugin` gives them. */
  plugins?: string[];
  /** Where the run's log lines go (model calls, cache use, warnings); default: nowhere. */
  log?: (line: string) => void;
  /** Read for the cache folder ($REWARDGAUGE_CACHE_DIR) and Hub settings; default: process.env. */
  env?: NodeJS.ProcessEnv;
}

/**
 * Evaluate a config, as `rewardgauge run --config FILE` does with that file's contents, and return
 * the run file (what run.json holds). Outputs are written only when an `out` folder is given, so a
 * script or a notebook can evaluate without touching the disk (the score cache aside, as in the CLI:
 * `cache: { enabled: false }` turns it off). Errors are the CLI's: a UsageError or DataError for bad
 * input (its `exitCode` is 2), a ModelError (3) for a model that fails.
 */
export async function evaluate(config: Config, options: EvaluateOptions = {}): Promise<RunFile> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const env = options.env ?? process.env;
  const log = options.log ?? (() => undefined);
  const flags = { models: [], suites: [], data: [], plugins: options.plugins ?? [], ...(options.out !== undefined && { out: options.out }) };
  const { plan, out, downstream } = await buildRunPlan(flags, env, cwd, ['evaluate(config)'], config);
  // Only where asked: a script evaluating in memory gets no run folder.
  const writes = out !== undefined;
  // The downstream probe writes its runs beside run.json and reads it back from there.
  if (downstream && !writes) throw new UsageError('the config has a downstream section, whose probe writes into the output folder: give out');
  if (out !== undefined) {
    await refuseOverwritingInputs('evaluate', runInputPaths(plan, undefined, downstream?.pool), runOutputPaths(out, downstream !== undefined), cwd);
    await checkOutputFolder(out);
  }
  const { run, lines, spool } = await runEvaluation(plan, { stderr: process.stderr, progress: 'off', log });
  if (out === undefined) {
    spool?.dispose();
    return run;
  }
  const { runFile } = await writeRunDir(out, run, spool ?? lines).finally(() => spool?.dispose());
  const extra = downstream ? await runDownstream(downstream, plan, { runFile }, out, { stderr: process.stderr, progress: 'off' }) : undefined;
  for (const w of extra?.warnings ?? []) log(`downstream: warning: ${w}`);
  await writeHtmlReport([{ path: runFile, run }, ...(extra?.runs ?? [])], join(out, 'index.html'));
  return run;
}
