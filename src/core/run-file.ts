import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readJsonFile } from './data-files.js';
import { toolVersion } from './paths.js';
import { RunFileSchema, type RunFile } from './run-schema.js';
import type { ScoreLine } from './runner.js';
import { validateAt } from './validate.js';

/** Write via a temporary file and rename, so a reader never sees half a file. */
export async function writeAtomic(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, text, 'utf8');
  await rename(tmp, file);
}

/** Write `scores.jsonl` then `run.json` (last, so a run.json always has its scores beside it). */
export async function writeRunDir(dir: string, run: RunFile, lines: readonly ScoreLine[]): Promise<{ runFile: string; scoresFile: string }> {
  validateAt(RunFileSchema, run, { file: join(dir, 'run.json') });
  await mkdir(dir, { recursive: true });
  const scoresFile = join(dir, 'scores.jsonl');
  const runFile = join(dir, 'run.json');
  await writeAtomic(scoresFile, lines.map((l) => JSON.stringify(l)).join('\n') + (lines.length ? '\n' : ''));
  await writeAtomic(runFile, JSON.stringify(run, null, 2) + '\n');
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
export function newRunFile(o: Pick<RunFile, 'seed' | 'command' | 'config' | 'models' | 'suites' | 'results'> & { bootstrap: { samples: number; level: number }; examples?: RunFile['examples'] }): RunFile {
  return {
    schemaVersion: 1,
    tool: { name: 'rewardgauge', version: toolVersion },
    createdAt: new Date().toISOString(),
    seed: o.seed,
    command: o.command,
    config: o.config,
    statistics: { bootstrap: { ...o.bootstrap, method: 'percentile', resample: 'cluster' } },
    models: o.models,
    suites: o.suites,
    results: o.results,
    ...(o.examples !== undefined && { examples: o.examples }),
  };
}
