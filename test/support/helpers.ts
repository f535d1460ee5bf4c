import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Test } from 'tap';
import { DataError } from '../../src/core/errors.js';

/** Shared test helpers: temporary folders, the built CLI, and the benchmarks' published files. */

export const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const bin = join(root, 'dist', 'cli', 'bin.js');

/** `../shared/data` beside the checkout: real files from the published benchmarks (may be absent). */
export const sharedData = resolve(root, '..', 'shared', 'data');

/**
 * The path of a published data file, or undefined after telling tap to skip: tests that need
 * `../shared/data` skip with a message when it is absent, as the data README asks.
 */
export function shared(t: Test, relative: string): string | undefined {
  const p = join(sharedData, relative);
  if (existsSync(p)) return p;
  t.pass(`needs ${p}`, { skip: '../shared/data is absent here' });
  return undefined;
}

/** A fresh temporary folder, removed when the test ends. */
export function tmp(t: Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'rg-test-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Sets environment variables for the rest of a test and puts each back as it was when the test
 * ends: unset ones are deleted, since assigning undefined to process.env stores "undefined". Test
 * files may share a process (test/support/test-groups.mjs), so none may leave a variable behind.
 */
export function setEnv(t: Test, vars: Record<string, string>): void {
  const saved = Object.keys(vars).map((k) => [k, process.env[k]] as const);
  t.teardown(() => {
    for (const [k, v] of saved) v === undefined ? delete process.env[k] : (process.env[k] = v);
  });
  Object.assign(process.env, vars);
}

/** Write `lines` as JSON Lines into `dir/name` and return its path. */
export function writeJsonl(dir: string, name: string, lines: readonly unknown[]): string {
  const p = join(dir, name);
  writeFileSync(p, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  return p;
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * How to start the CLI. tap adds a process-info hook to NODE_OPTIONS of every child it sees
 * spawned, which costs each CLI run about half a second; `env -u NODE_OPTIONS` drops it before
 * node starts (and execs, so a kill reaches node itself). Without /usr/bin/env, plain node.
 */
const envBin = '/usr/bin/env';
const command = (args: readonly string[]): [string, string[]] =>
  process.platform !== 'win32' && existsSync(envBin) ? [envBin, ['-u', 'NODE_OPTIONS', process.execPath, bin, ...args]] : [process.execPath, [bin, ...args]];
const spawnOptions = (opts: { cwd?: string; env?: NodeJS.ProcessEnv }) => ({ cwd: opts.cwd ?? root, env: { ...process.env, CI: 'true', ...opts.env } });

/** Run the built CLI (`dist/cli/bin.js`, as users get it from `bin`) synchronously; killed after `timeoutMs` (default 120 s). */
export function cli(args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): CliResult {
  const r = spawnSync(...command(args), { ...spawnOptions(opts), encoding: 'utf8', timeout: opts.timeoutMs ?? 120_000 });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** Start the built CLI in the background, for tests that kill it. */
export function cliAsync(args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  return spawn(...command(args), { ...spawnOptions(opts), stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Run an evaluation in-process: no cache, few bootstrap resamples, nothing printed. */
export async function evaluate(o: {
  models: string[];
  suites: { id: string; data?: string; options?: Record<string, string> }[];
  seed?: number;
  samples?: number;
}) {
  const { runEvaluation } = await import('../../src/run/runner.js');
  const { parseModelSpec } = await import('../../src/core/model-spec.js');
  const { Writable } = await import('node:stream');
  const sink = new Writable({ write: (_c, _e, cb) => cb() });
  return runEvaluation(
    {
      models: o.models.map(parseModelSpec),
      suites: o.suites.map((s) => ({ id: s.id, options: s.options ?? {}, ...(s.data !== undefined && { data: s.data }) })),
      seed: o.seed ?? 0,
      concurrency: 2,
      bootstrap: { samples: o.samples ?? 200, level: 0.95 },
      cache: { dir: '', enabled: false },
      cwd: root,
      command: [],
      config: {},
    },
    { stderr: sink, progress: 'off', log: () => {} },
  );
}

/** The value of one result row, or undefined. */
export function valueOf(
  run: { results: { model: string; suite: string; subset: string; metric: string; value: number }[] },
  q: { model?: string; suite?: string; subset?: string; metric: string },
): number | undefined {
  return run.results.find(
    (r) =>
      (q.model === undefined || r.model === q.model) &&
      (q.suite === undefined || r.suite === q.suite) &&
      r.subset === (q.subset ?? 'all') &&
      r.metric === q.metric,
  )?.value;
}

/**
 * A reference model folder under models/, built by `npm test`'s pretest step
 * (`npm run models -- --if-missing`). Tests that change files take a copy (`copyModel`).
 */
export function referenceModel(id: string): string {
  const dir = join(root, 'models', id);
  if (!existsSync(join(dir, 'reference.json'))) throw new Error(`${dir} is not built: run \`npm run models\` (npm test does it first)`);
  return dir;
}

/** A private copy of a reference model, removed when the test ends. */
export function copyModel(t: Test, id: string): string {
  const dir = join(tmp(t), id);
  cpSync(referenceModel(id), dir, { recursive: true });
  return dir;
}

/** Every file under `dir`, at any depth (symlinks followed): what a "secret never written" test greps. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((p) => join(dir, p))
    .filter((p) => statSync(p).isFile());
}

/** The DataError a promise rejects with (any other rejection, or none, fails the test). */
export async function dataErrorOf(p: Promise<unknown>): Promise<DataError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof DataError) return err;
    throw err;
  }
  throw new Error('expected a DataError');
}
