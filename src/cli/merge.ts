import { join, relative, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { escapeTerminalLines } from '../core/safe-text.js';
import { mergeShards } from '../run/merge.js';
import { writeRunDir } from '../core/run-file.js';
import { leaderboard } from '../report/table.js';
import { writeHtmlReport } from '../report/write.js';
import { defineCommand } from './command.js';
import { refuseOverwritingInputs, runInputs, runOutputs } from './outputs.js';

export const command = defineCommand({
  name: 'merge',
  description:
    'Join the run folders of a sharded run (rewardgauge run --shard I/N) into one run. Checks they are shards 1..N of the same run (config, models and fingerprints, suites and datasets, seed, bootstrap), recomputes every result row and CI from the merged per-item scores, exactly as the unsharded run would, and writes run.json, scores.jsonl and index.html to --out.',
  positionals: { usage: 'SHARD_DIR...', description: 'the run folders of shards 1..N, in any order', min: 1 },
  args: {
    out: { type: 'string', value: 'DIR', short: 'o', description: 'output folder (required)' },
    quiet: { type: 'boolean', short: 'q', description: 'no leaderboard, just the output paths' },
  },
  examples: [
    'rewardgauge merge runs/shard-1 runs/shard-2 runs/shard-3 runs/shard-4 --out runs/merged',
    'rewardgauge merge shards/* --out reports/latest --quiet',
  ],
  async run({ args, positionals, io, argv }) {
    if (args.out === undefined) throw new UsageError('rewardgauge merge: --out DIR is required (where the merged run goes)');
    const out = resolve(io.cwd, args.out);
    const dirs = positionals.map((p) => resolve(io.cwd, p));
    if (dirs.includes(out)) throw new UsageError(`--out ${args.out} is one of the shards: write the merged run to a folder of its own`);
    const inputs = (await Promise.all(positionals.map((p, i) => runInputs(dirs[i]!, `shard ${p}`, ['scores.jsonl'])))).flat();
    await refuseOverwritingInputs('merge', inputs, runOutputs(out, '--out'), io.cwd);
    const log = (line: string): void => void (args.quiet || io.stderr.write(`${escapeTerminalLines(line)}\n`));
    const { run, lines } = await mergeShards(dirs, { cwd: io.cwd, command: ['rewardgauge', ...argv], io: { stderr: io.stderr, progress: 'off', log } });
    const { runFile, scoresFile } = await writeRunDir(out, run, lines);
    const reportFile = join(out, 'index.html');
    await writeHtmlReport([{ path: runFile, run }], reportFile);
    if (!args.quiet) io.stdout.write(`\n${leaderboard(run)}\n\n`);
    const show = (p: string): string => (relative(io.cwd, p).startsWith('..') ? p : relative(io.cwd, p));
    io.stdout.write(`merged ${dirs.length} shards: wrote ${show(runFile)}, ${show(scoresFile)} and ${show(reportFile)}\n`);
  },
});
