import { relative, resolve } from 'node:path';
import { defaultCacheDir, defaults } from '../core/config.js';
import { UsageError } from '../core/errors.js';
import { parseModelSpec } from '../core/model-spec.js';
import { toolVersion } from '../core/paths.js';
import { progressMode } from '../core/progress.js';
import { writeRunDir } from '../core/run-file.js';
import type { RunFile } from '../core/run-schema.js';
import { isDeviceId } from '../gpu/device.js';
import { BON_METRICS, bonProbe } from '../probes/bon.js';
import { loadPool } from '../probes/pool.js';
import { fmt, renderTable } from '../report/table.js';
import { defineCommand, intArg } from './command.js';

const kinds = ['bon'] as const;

export const command = defineCommand({
  name: 'probe',
  description:
    'Downstream probes: how a policy optimized against each reward model fares on gold scores. bon: exact Best-of-n curves (gold, proxy, oracle, random against KL_bon) over a pool of sampled responses with gold labels, and Gao et al.’s fit with its peak. Writes run.json (suite bon, subsets n=<n>) and scores.jsonl.',
  positionals: { usage: 'bon', description: 'the probe (bon)', min: 1 },
  args: {
    pool: { type: 'string', value: 'FILE', description: 'prompts with sampled responses and gold scores (JSONL; or math_cot_100_samples.jsonl)' },
    model: { type: 'string', value: 'SPEC', multiple: true, short: 'm', description: 'proxy reward model spec (at least one)' },
    out: { type: 'string', value: 'DIR', short: 'o', description: 'output folder', default: 'reports/probe-bon' },
    seed: { type: 'string', value: 'N', description: 'seed for the bootstrap and seeded models', default: String(defaults.seed) },
    bootstrap: { type: 'string', value: 'N', description: 'bootstrap resamples per CI', default: String(defaults.samples) },
    concurrency: { type: 'string', value: 'N', description: 'batches in flight at once (does not change results)', default: String(defaults.concurrency) },
    'batch-size': { type: 'string', value: 'N', description: 'requests per model call (does not change results)' },
    device: { type: 'string', value: 'auto|cpu|cuda|webgpu', description: 'where local ONNX models run' },
    'cache-dir': { type: 'string', value: 'DIR', description: 'score cache folder [default: $REWARDGAUGE_CACHE_DIR or ~/.cache/rewardgauge]' },
    'no-cache': { type: 'boolean', description: 'do not read or write the score cache' },
    quiet: { type: 'boolean', short: 'q', description: 'no progress or tables, just the output paths' },
  },
  examples: [
    'rewardgauge probe bon --pool ../shared/data/math-verification/math_cot_100_samples.jsonl --model heuristic:length --model heuristic:random',
  ],
  async run({ args, positionals, io, argv }) {
    const [kind, ...extra] = positionals;
    if (!(kinds as readonly string[]).includes(kind!) || extra.length > 0) throw new UsageError(`rewardgauge probe: expected one of ${kinds.join(', ')}, got "${positionals.join(' ')}"`);
    if (args.pool === undefined) throw new UsageError('rewardgauge probe bon: --pool FILE is required');
    if (args.model.length === 0) throw new UsageError('rewardgauge probe bon: pass at least one --model SPEC');
    if (args.device !== undefined && !isDeviceId(args.device)) throw new UsageError(`--device must be auto, cpu, cuda or webgpu, got "${args.device}"`);
    const specs = args.model.map(parseModelSpec);
    const pool = await loadPool(resolve(io.cwd, args.pool));
    const seed = intArg('seed', args.seed, 0) ?? defaults.seed;
    const settings = {
      seed,
      concurrency: intArg('concurrency', args.concurrency, 1) ?? defaults.concurrency,
      ...(args['batch-size'] !== undefined && { batchSize: intArg('batch-size', args['batch-size'], 1)! }),
      bootstrap: { samples: intArg('bootstrap', args.bootstrap, 1) ?? defaults.samples, level: defaults.level },
      cache: { dir: args['cache-dir'] !== undefined ? resolve(io.cwd, args['cache-dir']) : defaultCacheDir(io.env), enabled: args['no-cache'] !== true },
      cwd: io.cwd,
      ...(args.device !== undefined && { device: args.device }),
      progress: progressMode(io.stderr, io.env, args.quiet === true),
      stderr: io.stderr,
    };
    const { models, results, lines, warnings, sizes } = await bonProbe(specs, pool, settings);
    const run: RunFile = {
      schemaVersion: 1,
      tool: { name: 'rewardgauge', version: toolVersion },
      createdAt: new Date().toISOString(),
      seed,
      command: ['rewardgauge', ...argv],
      config: { probe: 'bon', pool: pool.file, models: specs.map((s) => s.source), sizes, bootstrap: settings.bootstrap },
      statistics: { bootstrap: { ...settings.bootstrap, method: 'percentile', resample: 'cluster' } },
      models,
      suites: [
        {
          id: 'bon',
          version: '1',
          items: pool.prompts.length,
          dataset: pool.fingerprint,
          data: pool.file,
          format: pool.format,
          primaryMetric: 'gold',
          metrics: [...BON_METRICS, { id: 'kl', description: 'KL_bon(n) = log n − (n − 1)/n', higherIsBetter: false }],
          options: { samples: String(pool.size) },
          warnings,
        },
      ],
      results,
    };
    const dir = resolve(io.cwd, args.out ?? 'reports/probe-bon');
    const { runFile, scoresFile } = await writeRunDir(dir, run, lines);
    for (const w of warnings) io.stderr.write(`rewardgauge: warning: ${w}\n`);
    if (!args.quiet) {
      const value = (model: string, subset: string, metric: string) => results.find((r) => r.model === model && r.subset === subset && r.metric === metric);
      const header = ['n', 'KL', ...models.map((m) => `${m.id} gold`), 'oracle', 'random pick'];
      const body = sizes.map((n) => {
        const s = `n=${n}`;
        const first = models[0]!.id;
        return [String(n), fmt(value(first, s, 'kl')!.value), ...models.map((m) => fmt(value(m.id, s, 'gold')!.value)), fmt(value(first, s, 'oracle')!.value), fmt(value(first, s, 'random')!.value)];
      });
      io.stdout.write(`Best-of-n over ${pool.prompts.length} prompts × ${pool.size} samples (exact expectations)\n${renderTable(header, body)}\n\n`);
      for (const m of models) {
        const a = value(m.id, 'all', 'fit_alpha');
        const b = value(m.id, 'all', 'fit_beta');
        const p = value(m.id, 'all', 'peak_d');
        if (a && b) io.stdout.write(`${m.id}: gold − gold(1) ≈ d(${fmt(a.value)} − ${fmt(b.value)}·d)${p ? `, peak at d = ${fmt(p.value)} [${fmt(p.ci[0])}, ${fmt(p.ci[1])}]` : ', no peak'}\n`);
      }
    }
    const show = (p: string): string => (relative(io.cwd, p).startsWith('..') ? p : relative(io.cwd, p));
    io.stdout.write(`wrote ${show(runFile)} and ${show(scoresFile)}\n`);
  },
});
