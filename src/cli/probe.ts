import { relative, resolve } from 'node:path';
import { hasWarned, warnTo } from '../core/cache-dir.js';
import { UsageError } from '../core/errors.js';
import { escapeTerminalLines } from '../core/safe-text.js';
import { parseModelSpec } from '../core/model-spec.js';
import { writeRunDir } from '../core/run-file.js';
import { firstSamples, loadPool } from '../probes/pool.js';
import { PPO_DEFAULTS } from '../probes/ppo.js';
import { PROBES, runProbe } from '../probes/run-probe.js';
import { writeHtmlReport } from '../report/write.js';
import { defineCommand, type ArgDefs, type CommandDef, type IO, type ParsedArgs } from './command.js';
import { checkOutputFolder, lostOrKept, refuseOverwritingInputs, runOutputs, specInputs } from './outputs.js';
import { loadPluginFlags, PLUGIN_ARGS } from './plugin-args.js';
import { SCORING_ARGS, scoringSettings } from './scoring-args.js';

const HELDOUT = 0.3;

const COMMON_ARGS = {
  pool: { type: 'string', value: 'FILE', description: 'prompts with sampled responses and gold scores (JSONL; or math_cot_100_samples.jsonl)' },
  samples: { type: 'int', min: 1, value: 'K', description: 'use the first K samples of each prompt (they are exchangeable draws) [default: all]' },
  model: { type: 'string', value: 'SPEC', multiple: true, short: 'm', description: 'proxy reward model spec (at least one)' },
  out: { type: 'string', value: 'DIR', short: 'o', description: 'output folder [default: reports/probe-<probe>]' },
  ...SCORING_ARGS,
  ...PLUGIN_ARGS,
} as const satisfies ArgDefs;

const PPO_ARGS = {
  steps: { type: 'int', min: 1, description: 'iterations (rollouts, then updates)', default: String(PPO_DEFAULTS.steps) },
  every: { type: 'int', min: 1, description: 'checkpoint every N iterations', default: String(PPO_DEFAULTS.every) },
  rollouts: { type: 'int', min: 1, description: 'samples drawn per training prompt per iteration', default: String(PPO_DEFAULTS.rollouts) },
  epochs: { type: 'int', min: 1, description: 'passes over each iteration’s rollouts', default: String(PPO_DEFAULTS.epochs) },
  minibatches: { type: 'int', min: 1, description: 'minibatches per epoch (of whole prompts)', default: String(PPO_DEFAULTS.minibatches) },
  lr: { type: 'number', min: 0, open: true, description: 'gradient-ascent step size', default: String(PPO_DEFAULTS.lr) },
  clip: { type: 'number', min: 0, open: true, description: 'ε of the clipped surrogate', default: String(PPO_DEFAULTS.clip) },
  'kl-coef': { type: 'number', min: 0, description: 'β, the KL penalty to the initial policy', default: String(PPO_DEFAULTS.klCoef) },
  heldout: { type: 'number', min: 0, max: 0.9, description: 'share of prompts held out of training', default: String(HELDOUT) },
} as const satisfies ArgDefs;

type CommonArgs = ParsedArgs<typeof COMMON_ARGS>;
type PpoArgs = ParsedArgs<typeof PPO_ARGS>;

async function runKind(kind: (typeof PROBES)[number], args: CommonArgs & Partial<PpoArgs>, io: IO, argv: string[]): Promise<void> {
  if (args.pool === undefined) throw new UsageError(`rewardgauge probe ${kind}: --pool FILE is required`);
  if (args.model.length === 0) throw new UsageError(`rewardgauge probe ${kind}: pass at least one --model SPEC`);
  // Before any spec is parsed: a plugin adapter is named like a built-in one.
  await loadPluginFlags(args.plugin, io.cwd);
  const specs = args.model.map(parseModelSpec);
  const settings = scoringSettings(args, io);
  // bon ignores these; they are passed as before so its run.json is unchanged.
  const ppo = {
    steps: args.steps ?? PPO_DEFAULTS.steps,
    every: args.every ?? PPO_DEFAULTS.every,
    rollouts: args.rollouts ?? PPO_DEFAULTS.rollouts,
    epochs: args.epochs ?? PPO_DEFAULTS.epochs,
    minibatches: args.minibatches ?? PPO_DEFAULTS.minibatches,
    lr: args.lr ?? PPO_DEFAULTS.lr,
    clip: args.clip ?? PPO_DEFAULTS.clip,
    klCoef: args['kl-coef'] ?? PPO_DEFAULTS.klCoef,
  };
  const heldout = args.heldout ?? HELDOUT;
  const dir = resolve(io.cwd, args.out ?? `reports/probe-${kind}`);
  const inputs = [{ path: resolve(io.cwd, args.pool), role: '--pool' }, ...specs.flatMap((s) => specInputs(s, io.cwd))];
  await refuseOverwritingInputs(`probe ${kind}`, inputs, runOutputs(dir, '--out'), io.cwd);
  await checkOutputFolder(dir);
  const whole = await loadPool(resolve(io.cwd, args.pool));
  const pool = args.samples !== undefined ? firstSamples(whole, args.samples) : whole;
  const { run, lines, summary } = await runProbe(kind, specs, pool, { ...settings, ppo, heldout }, ['rewardgauge', ...argv]);
  const { runFile, scoresFile } = await writeRunDir(dir, run, lines).catch((err: unknown) =>
    Promise.reject(lostOrKept(err, settings.cache, settings.cache.enabled && !hasWarned(warnTo(io.stderr)))),
  );
  // After run.json is safely written: a report that fails to render loses no results.
  await writeHtmlReport([{ path: runFile, run }], resolve(dir, 'index.html'), { title: `rewardgauge probe ${kind}` });
  for (const w of run.suites[0]!.warnings) io.stderr.write(`rewardgauge: warning: ${escapeTerminalLines(w)}\n`);
  if (!args.quiet) io.stdout.write(summary());
  const show = (p: string): string => (relative(io.cwd, p).startsWith('..') ? p : relative(io.cwd, p));
  io.stdout.write(`wrote ${show(runFile)}, ${show(scoresFile)} and ${show(resolve(dir, 'index.html'))}\n`);
}

const bon = defineCommand({
  name: 'probe bon',
  description:
    'Best-of-n probe: exact Best-of-n curves (gold, proxy, oracle, random against KL_bon) and Gao et al.’s fit with its peak. Writes run.json (suite bon), scores.jsonl and index.html.',
  args: { ...COMMON_ARGS, seed: { ...COMMON_ARGS.seed, description: 'seed for the bootstrap and seeded models' } },
  examples: ['rewardgauge probe bon --pool ../shared/data/math-verification/math_cot_100_samples.jsonl --model heuristic:length --model heuristic:random'],
  run: async ({ args, io, argv }) => runKind('bon', args, io, argv),
});

const ppo = defineCommand({
  name: 'probe ppo',
  description:
    'PPO probe: PPO on a softmax policy over the pool’s samples with a linear feature head, gold and proxy against KL on training and held-out prompts, and Gao’s RL fit. Writes run.json (suite ppo), scores.jsonl and index.html.',
  args: { ...COMMON_ARGS, seed: { ...COMMON_ARGS.seed, description: 'seed for the bootstrap, the PPO rollouts and split, and seeded models' }, ...PPO_ARGS },
  examples: ['rewardgauge probe ppo --pool datasets/bon-pool.jsonl --model onnx:models/bow-length --model heuristic:length'],
  run: async ({ args, io, argv }) => runKind('ppo', args, io, argv),
});

export const command = defineCommand({
  name: 'probe',
  description:
    'Downstream probes: how a policy optimized against each reward model fares on gold scores. bon: exact Best-of-n curves (gold, proxy, oracle, random against KL_bon) and Gao et al.’s fit with its peak. ppo: PPO on a softmax policy over the pool’s samples with a linear feature head, gold and proxy against KL on training and held-out prompts, and Gao’s RL fit. Writes run.json (suite bon or ppo), scores.jsonl and index.html.',
  args: {},
  subCommands: { bon, ppo } satisfies Record<(typeof PROBES)[number], CommandDef>,
  examples: [...bon.examples!, ...ppo.examples!],
});
