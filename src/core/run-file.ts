import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFilesAtomic } from './atomic-write.js';
import { readJsonFile } from './data-files.js';
import { toolVersion } from './paths.js';
import { redactUrlCredentials } from './safe-text.js';
import { BOOTSTRAP_STREAM, RunFileSchema, type RunFile } from './run-schema.js';
import type { ProbeScoreLine, ScoreLine } from './score-line.js';
import { validateAt } from './validate.js';
import { LineSpool } from './line-spool.js';

function* jsonLines(lines: readonly (ScoreLine | ProbeScoreLine)[]): Generator<string> {
  for (const l of lines) yield JSON.stringify(l) + '\n';
}

/**
 * Write `scores.jsonl` and `run.json` as a pair: both are written before either replaces the old
 * one, and run.json goes last, so a run.json always has its own scores beside it, and a full
 * disk leaves the previous pair as it was.
 */
export async function writeRunDir(
  dir: string,
  run: RunFile,
  lines: readonly (ScoreLine | ProbeScoreLine)[] | LineSpool,
): Promise<{ runFile: string; scoresFile: string }> {
  validateAt(RunFileSchema, run, { file: join(dir, 'run.json') });
  const scoresFile = join(dir, 'scores.jsonl');
  const runFile = join(dir, 'run.json');
  await writeFilesAtomic([
    { file: scoresFile, content: lines instanceof LineSpool ? lines.chunks() : jsonLines(lines) },
    { file: runFile, content: JSON.stringify(run, null, 2) + '\n' },
  ]);
  return { runFile, scoresFile };
}

/** Read and validate a run.json (or the run.json inside a run directory). */
export async function readRunFile(path: string): Promise<RunFile> {
  const file = (await stat(path).catch(() => undefined))?.isDirectory() ? join(path, 'run.json') : path;
  return validateAt(RunFileSchema, await readJsonFile(file), { file });
}

/**
 * A run.json with this tool's header: version, time, and the bootstrap settings every CI in it
 * used (percentile intervals over resampled clusters). Everything else comes from the caller.
 */
export function newRunFile(
  o: Pick<RunFile, 'seed' | 'command' | 'config' | 'models' | 'suites' | 'results'> & {
    bootstrap: { samples: number; level: number };
    examples?: RunFile['examples'];
  },
): RunFile {
  return {
    schemaVersion: 1,
    tool: { name: 'rewardgauge', version: toolVersion },
    createdAt: new Date().toISOString(),
    seed: o.seed,
    // The command line holds model specs as typed, a served URL's password included.
    command: o.command.map(redactUrlCredentials),
    config: o.config,
    statistics: { bootstrap: { ...o.bootstrap, method: 'percentile', resample: 'cluster', stream: BOOTSTRAP_STREAM } },
    models: o.models,
    suites: o.suites,
    results: o.results,
    ...(o.examples !== undefined && { examples: o.examples }),
  };
}
