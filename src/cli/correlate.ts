import { relative, resolve } from 'node:path';
import { defaults } from '../run/config.js';
import { UsageError } from '../core/errors.js';
import { writeRunDir } from '../core/run-file.js';
import { correlationRun, correlationSummary } from '../probes/correlate-run.js';
import { checkKey, loadSourceRun, parseMetricKey } from '../probes/correlate-input.js';
import { writeHtmlReport } from '../report/write.js';
import { defineCommand } from './command.js';
import { settingArgs } from './setting-args.js';
import { refuseOverwritingInputs, runInputs, runOutputs } from './outputs.js';

const SEED_BOOTSTRAP = settingArgs(['seed', 'bootstrap']);

export const command = defineCommand({
  name: 'correlate',
  description:
    'Correlate benchmark metrics with a downstream outcome across reward models (does a better benchmark score predict a better policy?). For each --benchmark, over the models (matched by id) of the given runs: Pearson, Spearman, Kendall τ-b, NDCG and RBO with the --outcome, a bootstrap CI over models, and leave-one-model-out ranges. Writes run.json (suite correlation) and index.html. See docs/correlate.md.',
  positionals: { usage: 'RUN_DIR...', description: 'run folders (or run.json files) from `rewardgauge run` or `rewardgauge probe bon`', min: 1 },
  args: {
    benchmark: {
      type: 'string',
      value: 'SUITE:METRIC[@SUBSET]',
      multiple: true,
      short: 'b',
      description: 'a benchmark metric to test as a predictor (subset defaults to all) [required]',
    },
    outcome: { type: 'string', value: 'SUITE:METRIC[@SUBSET]', description: 'the metric to predict, e.g. bon:gold@n=16 [required]' },
    out: { type: 'string', value: 'DIR', short: 'o', description: 'output folder', default: 'reports/correlation' },
    ...SEED_BOOTSTRAP,
    seed: { ...SEED_BOOTSTRAP.seed, description: 'seed for the bootstrap' },
    'rbo-p': {
      type: 'number',
      min: 0,
      max: 1,
      open: true,
      value: 'P',
      description: 'RBO persistence: the weight of depth d is ∝ p^d (0 < p < 1)',
      default: '0.9',
    },
    'include-baselines': { type: 'boolean', description: 'also correlate over models marked baseline (length, random, constant)' },
    quiet: { type: 'boolean', short: 'q', description: 'no table, just the output path' },
  },
  examples: [
    'rewardgauge correlate reports/latest reports/probe-bon --benchmark pairwise:accuracy --benchmark rewardmath:pair_accuracy --outcome bon:gold@n=16',
  ],
  async run({ args, positionals, io, argv }) {
    if (args.benchmark.length === 0) throw new UsageError('rewardgauge correlate: pass at least one --benchmark SUITE:METRIC[@SUBSET]');
    if (args.outcome === undefined) throw new UsageError('rewardgauge correlate: --outcome SUITE:METRIC[@SUBSET] is required');
    const benchmarks = args.benchmark.map(parseMetricKey);
    const outcome = parseMetricKey(args.outcome);
    const seed = args.seed ?? defaults.seed;
    const bootstrap = { samples: args.bootstrap ?? defaults.samples, level: defaults.level };
    const rboP = args['rbo-p'] ?? 0.9;
    const includeBaselines = args['include-baselines'] === true;
    const dir = resolve(io.cwd, args.out ?? 'reports/correlation');
    const inputs = (await Promise.all(positionals.map((p) => runInputs(resolve(io.cwd, p), `run ${p}`)))).flat();
    await refuseOverwritingInputs('correlate', inputs, runOutputs(dir, '--out'), io.cwd);
    const runs = [];
    for (const p of positionals) runs.push(await loadSourceRun(resolve(io.cwd, p)));
    checkKey(runs, outcome, 'outcome');
    for (const key of benchmarks) checkKey(runs, key, 'benchmark');

    const { run, c } = correlationRun(runs, benchmarks, outcome, { seed, bootstrap, rboP, includeBaselines }, ['rewardgauge', ...argv]);
    const { runFile } = await writeRunDir(dir, run, []);
    await writeHtmlReport([{ path: runFile, run }], resolve(dir, 'index.html'), { title: 'rewardgauge correlate' });
    for (const w of c.warnings) io.stderr.write(`rewardgauge: warning: ${w}\n`);
    if (!args.quiet) io.stdout.write(correlationSummary(c, outcome, bootstrap.level));
    const shown = relative(io.cwd, runFile).startsWith('..') ? runFile : relative(io.cwd, runFile);
    io.stdout.write(`wrote ${shown}\n`);
  },
});
