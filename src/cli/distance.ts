import { resolve } from 'node:path';
import { readJsonFile } from '../core/data-files.js';
import { UsageError } from '../core/errors.js';
import { canonicalKinds } from '../metrics/starc/canonical.js';
import { pearsonMatrix, starcMatrix } from '../metrics/starc/distance.js';
import { parseMdpFile } from '../metrics/starc/mdp-file.js';
import { normKinds } from '../metrics/starc/norms.js';
import { regretMatrix } from '../metrics/starc/regret.js';
import { renderTable } from '../report/table.js';
import { defineCommand, type IO } from './command.js';
import { loadPluginFlags, PLUGIN_ARGS } from './plugin-args.js';
import { SCORING_ARGS } from './scoring-args.js';

export const command = defineCommand({
  name: 'distance',
  description:
    'Distances between reward functions. With --mdp: STARC distances (Skalse et al.) between the rewards of a tabular MDP file, with the EPIC Pearson distance and the normalised regret of each reward’s optimal policy under each other reward. With --model and --suite: STARC distances between reward models on a suite’s candidates. See src/metrics/starc/README.md.',
  args: {
    mdp: { type: 'string', value: 'FILE', description: 'tabular MDP: {"gamma", "transitions": T[S][A][S′], "rewards": {"<name>": R[S][A][S′]}}' },
    canonical: { type: 'enum', values: canonicalKinds, description: 'canonicalisation (with --mdp)', default: 'val' },
    norm: { type: 'enum', values: normKinds, description: 'norm for standardising and for the distance (with --mdp)', default: 'l2' },
    json: { type: 'boolean', description: 'print one JSON object instead of tables (with --mdp)' },
    model: { type: 'string', value: 'SPEC', multiple: true, short: 'm', description: 'a reward model to compare (suite mode)' },
    gold: { type: 'string', value: 'SPEC', description: 'a gold scorer to compare every model against (suite mode)' },
    suite: { type: 'string', value: 'SUITE', description: 'the suite whose candidates are scored (suite mode)' },
    pool: {
      type: 'string',
      value: 'FILE',
      description: 'instead of --suite: a pool of sampled responses (as for probe); logprobs, when present, make the reference policy',
    },
    data: { type: 'string', value: 'FILE', description: 'dataset file for the suite (suite mode)' },
    out: { type: 'string', value: 'DIR', short: 'o', description: 'output folder (suite mode)', default: 'reports/distance' },
    ...SCORING_ARGS,
    ...PLUGIN_ARGS,
  },
  examples: [
    'rewardgauge distance --mdp my-mdp.json --canonical val --norm l2',
    'rewardgauge distance --mdp my-mdp.json --canonical min --json',
    'rewardgauge distance --suite pairwise --model onnx:models/bow-clean --model heuristic:length',
    'rewardgauge distance --pool datasets/bon-pool.jsonl --model onnx:models/bow-clean --model onnx:models/bow-length --gold scores:gold.jsonl',
  ],
  async run({ args, io, argv }) {
    if (args.mdp === undefined) {
      if (args.model.length > 0) {
        await loadPluginFlags(args.plugin, io.cwd);
        // Loaded only here: the MDP mode needs none of the model-loading machinery.
        const { suiteMode } = await import('./distance-suite.js');
        return suiteMode({ args, io, argv });
      }
      throw new UsageError(
        'rewardgauge distance: pass --mdp FILE (rewards of a tabular MDP) or --model SPEC… with --suite SUITE (reward models on a suite’s candidates)',
      );
    }
    if (args.model.length > 0) throw new UsageError('rewardgauge distance: --mdp and --model are different modes; pass one of them');
    const canonical = args.canonical ?? 'val';
    const norm = args.norm ?? 'l2';
    const file = resolve(io.cwd, args.mdp);
    const { mdp, names, rewards } = parseMdpFile(args.mdp, await readJsonFile(file));
    const result = {
      canonical,
      norm,
      distances: named(names, starcMatrix(mdp, rewards, { canonical, norm })),
      epic: named(names, pearsonMatrix(mdp, rewards, 'epic')),
      regret: named(names, regretMatrix(mdp, rewards)),
      // After the keys the contract names, so clients that read those keep working.
      dard: named(names, pearsonMatrix(mdp, rewards, 'dard')),
    };
    if (args.json) io.stdout.write(JSON.stringify(result, null, 2) + '\n');
    else writeTables(io, names, result, `${mdp.states} states × ${mdp.actions} actions, γ = ${mdp.gamma}`);
  },
});

type Matrix = Record<string, Record<string, number>>;

const named = (names: readonly string[], m: number[][]): Matrix =>
  Object.fromEntries(names.map((a, i) => [a, Object.fromEntries(names.map((b, j) => [b, m[i]![j]!]))]));

function table(names: readonly string[], m: Matrix): string {
  const cell = (x: number) => (Math.abs(x) < 5e-7 ? 0 : x).toFixed(6);
  return (
    renderTable(
      ['', ...names],
      names.map((a) => [a, ...names.map((b) => cell(m[a]![b]!))]),
    ) + '\n'
  );
}

function writeTables(
  io: IO,
  names: readonly string[],
  r: { canonical: string; norm: string; distances: Matrix; epic: Matrix; regret: Matrix; dard: Matrix },
  shape: string,
): void {
  io.stdout.write(
    [
      `MDP: ${shape}, ${names.length} rewards`,
      '',
      `STARC distance (canonicalisation ${r.canonical}, norm ${r.norm}; 0 = equivalent rewards)`,
      table(names, r.distances),
      'EPIC distance sqrt((1 − ρ)/2), ρ the Pearson correlation of the EPIC-canonicalised rewards',
      table(names, r.epic),
      'DARD distance: the same with the DARD canonicalisation (transition-aware)',
      table(names, r.dard),
      'Normalised regret of the column’s optimal policy under the row’s reward (0 = as good as optimal, 1 = as bad as the worst policy)',
      table(names, r.regret),
    ].join('\n'),
  );
}
