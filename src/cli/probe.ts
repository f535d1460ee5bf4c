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
import { defineCommand, intArg, numberArg } from './command.js';
import { checkOutputFolder, lostOrKept, refuseOverwritingInputs, runOutputs, specInputs } from './outputs.js';
import { SCORING_ARGS, scoringSettings } from './scoring-args.js';

const kinds = PROBES;

export const command = defineCommand({
  name: 'probe',
  description:
    'Downstream probes: how a policy optimized against each reward model fares on gold scores. bon: exact Best-of-n curves (gold, proxy, oracle, random against KL_bon) and Gao et al.’s fit with its peak. ppo: PPO on a softmax policy over the pool’s samples with a linear feature head, gold and proxy against KL on training and held-out prompts, and Gao’s RL fit. Writes run.json (suite bon or ppo), scores.jsonl and index.html.',
  positionals: { usage: 'bon|ppo', description: 'the probe (bon or ppo)', min: 1 },
  args: {
    pool: { type: 'string', value: 'FILE', description: 'prompts with sampled responses and gold scores (JSONL; or math_cot_100_samples.jsonl)' },
    samples: { type: 'string', value: 'K', description: 'use the first K samples of each prompt (they are exchangeable draws) [default: all]' },
    model: { type: 'string', value: 'SPEC', multiple: true, short: 'm', description: 'proxy reward model spec (at least one)' },
    out: { type: 'string', value: 'DIR', short: 'o', description: 'output folder [default: reports/probe-<probe>]' },
    ...SCORING_ARGS,
    seed: { ...SCORING_ARGS.seed, description: 'seed for the bootstrap, the PPO rollouts and split, and seeded models' },
    steps: { type: 'string', value: 'N', description: 'ppo: iterations (rollouts, then updates)', default: String(PPO_DEFAULTS.steps) },
    every: { type: 'string', value: 'N', description: 'ppo: checkpoint every N iterations', default: String(PPO_DEFAULTS.every) },
    rollouts: { type: 'string', value: 'N', description: 'ppo: samples drawn per training prompt per iteration', default: String(PPO_DEFAULTS.rollouts) },
    epochs: { type: 'string', value: 'N', description: 'ppo: passes over each iteration’s rollouts', default: String(PPO_DEFAULTS.epochs) },
    minibatches: { type: 'string', value: 'N', description: 'ppo: minibatches per epoch (of whole prompts)', default: String(PPO_DEFAULTS.minibatches) },
    lr: { type: 'string', value: 'X', description: 'ppo: gradient-ascent step size', default: String(PPO_DEFAULTS.lr) },
    clip: { type: 'string', value: 'X', description: 'ppo: ε of the clipped surrogate', default: String(PPO_DEFAULTS.clip) },
    'kl-coef': { type: 'string', value: 'X', description: 'ppo: β, the KL penalty to the initial policy', default: String(PPO_DEFAULTS.klCoef) },
    heldout: { type: 'string', value: 'X', description: 'ppo: share of prompts held out of training', default: '0.3' },
  },
  examples: [
    'rewardgauge probe bon --pool ../shared/data/math-verification/math_cot_100_samples.jsonl --model heuristic:length --model heuristic:random',
    'rewardgauge probe ppo --pool datasets/bon-pool.jsonl --model onnx:models/bow-length --model heuristic:length',
  ],
  async run({ args, positionals, io, argv }) {
    const [kind, ...extra] = positionals as [(typeof kinds)[number], ...string[]];
    if (!(kinds as readonly string[]).includes(kind) || extra.length > 0)
      throw new UsageError(`rewardgauge probe: expected one of ${kinds.join(', ')}, got "${positionals.join(' ')}"`);
    if (args.pool === undefined) throw new UsageError(`rewardgauge probe ${kind}: --pool FILE is required`);
    if (args.model.length === 0) throw new UsageError(`rewardgauge probe ${kind}: pass at least one --model SPEC`);
    const specs = args.model.map(parseModelSpec);
    const settings = scoringSettings(args, io);
    const ppo = {
      steps: intArg('steps', args.steps, 1) ?? PPO_DEFAULTS.steps,
      every: intArg('every', args.every, 1) ?? PPO_DEFAULTS.every,
      rollouts: intArg('rollouts', args.rollouts, 1) ?? PPO_DEFAULTS.rollouts,
      epochs: intArg('epochs', args.epochs, 1) ?? PPO_DEFAULTS.epochs,
      minibatches: intArg('minibatches', args.minibatches, 1) ?? PPO_DEFAULTS.minibatches,
      lr: numberArg('lr', args.lr, PPO_DEFAULTS.lr, 0, Infinity, true),
      clip: numberArg('clip', args.clip, PPO_DEFAULTS.clip, 0, Infinity, true),
      klCoef: numberArg('kl-coef', args['kl-coef'], PPO_DEFAULTS.klCoef, 0),
    };
    const heldout = numberArg('heldout', args.heldout, 0.3, 0, 0.9);
    const dir = resolve(io.cwd, args.out ?? `reports/probe-${kind}`);
    const inputs = [{ path: resolve(io.cwd, args.pool), role: '--pool' }, ...specs.flatMap((s) => specInputs(s, io.cwd))];
    await refuseOverwritingInputs(`probe ${kind}`, inputs, runOutputs(dir, '--out'), io.cwd);
    await checkOutputFolder(dir);
    const whole = await loadPool(resolve(io.cwd, args.pool));
    const pool = args.samples !== undefined ? firstSamples(whole, intArg('samples', args.samples, 1)!) : whole;
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
  },
});
