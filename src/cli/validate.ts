import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { suites } from '../benchmarks/index.js';
import { loadConfig } from '../run/config.js';
import { readDataFile } from '../core/data-files.js';
import { RewardgaugeError } from '../core/errors.js';
import { readRunFile } from '../core/run-file.js';
import { resolveSuiteOptions } from '../run/load-suites.js';
import { textEncodings, type ReadOptions } from '../core/text-encoding.js';
import { defineCommand } from './command.js';

const kinds = ['run', 'config', 'policy', 'dataset'] as const;
type Kind = (typeof kinds)[number];

/** Guess what a file is: run.json or a config (one JSON object), or which suite's dataset. */
async function sniff(file: string, read: ReadOptions): Promise<{ kind: Kind; suite?: string }> {
  let whole: unknown;
  try {
    whole = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    // Not one JSON value (JSON Lines, CSV, or broken): read it as records below.
  }
  if (whole !== null && typeof whole === 'object' && !Array.isArray(whole)) {
    if ('schemaVersion' in whole || 'results' in whole) return { kind: 'run' };
    if ('models' in whole || 'suites' in whole) return { kind: 'config' };
    if ('rules' in whole) return { kind: 'policy' };
  }
  const data = await readDataFile(file, read);
  const first = data.records[0]!.value;
  const has = (k: string): boolean => first !== null && typeof first === 'object' && !Array.isArray(first) && k in first;
  if (has('problem') || has('solution_reference')) return { kind: 'dataset', suite: 'rewardmath' };
  if (has('chosen') && Array.isArray((first as { chosen: unknown }).chosen) && typeof (first as { chosen: unknown[] }).chosen[0] === 'string') {
    return { kind: 'dataset', suite: 'best-of-n' };
  }
  return { kind: 'dataset', suite: 'pairwise' };
}

export const command = defineCommand({
  name: 'validate',
  description:
    'Check run files (run.json or a run folder), config files, gate policies and datasets against their schemas. Prints one line per file; exits 2 naming the file, line and field of the first problem.',
  positionals: { usage: 'FILE...', description: 'files or run folders to check', min: 1 },
  args: {
    kind: { type: 'enum', values: kinds, description: 'what the files are [default: guessed from content]' },
    suite: { type: 'string', value: 'ID[?OPT=V]', description: 'for datasets: the suite that reads them [default: guessed]' },
    encoding: {
      type: 'enum',
      values: textEncodings,
      description: 'for datasets: how they are decoded; invalid UTF-8 is an error naming its line [default: utf-8]',
    },
  },
  examples: ['rewardgauge validate reports/latest', 'rewardgauge validate --suite pairwise my-pairs.jsonl', 'rewardgauge validate configs/quickstart.json'],
  async run({ args, positionals, io }) {
    const read: ReadOptions = { encoding: args.encoding };
    let failures = 0;
    let firstError: RewardgaugeError | undefined;
    for (const given of positionals) {
      let file = resolve(io.cwd, given);
      try {
        if ((await stat(file).catch(() => undefined))?.isDirectory()) file = join(file, 'run.json');
        const guess = args.kind === undefined ? await sniff(file, read) : { kind: args.kind };
        if (guess.kind === 'run') {
          const run = await readRunFile(file);
          io.stdout.write(`ok  ${given}: run (${run.models.length} models, ${run.suites.length} suites, ${run.results.length} results)\n`);
        } else if (guess.kind === 'policy') {
          const { readPolicy } = await import('../gate/policy.js');
          const policy = await readPolicy(file);
          io.stdout.write(`ok  ${given}: gate policy (${policy.rules.length} rules)\n`);
        } else if (guess.kind === 'config') {
          await loadConfig(file);
          io.stdout.write(`ok  ${given}: config\n`);
        } else {
          const [id, query] = (args.suite ?? guess.suite ?? 'pairwise').split('?') as [string, string | undefined];
          const { suite } = await suites.load(id);
          const options = resolveSuiteOptions(suite, Object.fromEntries(new URLSearchParams(query ?? '')));
          const data = await suite.load(file, options, read);
          const warn = data.warnings.length ? `; ${data.warnings.length} warning(s): ${data.warnings.join('; ')}` : '';
          io.stdout.write(
            `ok  ${given}: ${suite.id} dataset, layout ${data.format}, ${data.items.length} items${data.hasText ? '' : ', scores only (no text)'}${warn}\n`,
          );
        }
      } catch (err) {
        if (!(err instanceof RewardgaugeError)) throw err;
        failures++;
        firstError ??= err;
        io.stdout.write(`bad ${given}: ${err.message}\n`);
      }
    }
    if (firstError) {
      io.stderr.write(`${failures} of ${positionals.length} file(s) failed validation\n`);
      return firstError.exitCode;
    }
  },
});
