import { relative, resolve } from 'node:path';
import { hasWarned, warnTo } from '../core/cache-dir.js';
import { UsageError } from '../core/errors.js';
import { escapeTerminalLines } from '../core/safe-text.js';
import { parseModelSpec } from '../core/model-spec.js';
import { writeRunDir } from '../core/run-file.js';
import type { ResultRow } from '../core/run-schema.js';
import { loadDistanceData, loadPoolDistanceData } from '../probes/distance-data.js';
import { DISTANCE_SUITE, distanceProbe, pairLabel } from '../probes/distance.js';
import { fmt, formatCell, renderTable } from '../report/table.js';
import { writeHtmlReport } from '../report/write.js';
import type { IO } from './command.js';
import { checkOutputFolder, lostOrKept, refuseOverwritingInputs, runOutputs, specInputs } from './outputs.js';
import { scoringSettings, type ScoringArgs } from './scoring-args.js';

/**
 * `rewardgauge distance --suite S --model A --model B [--gold G]`: STARC distances between
 * reward models on a suite's prompts (contextual-bandit mode). The `distance` command calls
 * this when models are given without an MDP; it owns only the flags listed in SuiteModeArgs.
 */

export interface SuiteModeArgs extends Partial<ScoringArgs> {
  model: string[];
  gold?: string | undefined;
  suite?: string | undefined;
  pool?: string | undefined;
  data?: string | undefined;
  out?: string | undefined;
}

/** The L2 distance matrix (symmetric, zero diagonal), then each pair's four numbers with CIs. */
export function distanceTables(ids: readonly string[], results: readonly ResultRow[], level: number): string {
  const find = (a: string, b: string, metric: string) =>
    results.find((r) => r.suite === DISTANCE_SUITE && r.metric === metric && (r.subset === pairLabel(a, b) || r.subset === pairLabel(b, a)));
  const matrix = ids.map((a) => [a, ...ids.map((b) => (a === b ? fmt(0) : formatCell(find(a, b, 'starc_val_l2'), false)))]);
  const pairs = results
    .filter((r) => r.metric === 'starc_val_l2')
    .map((r) => {
      const [a, b] = [r.model, r.subset.slice(r.model.length + 1)];
      return [r.subset, ...['starc_val_l2', 'starc_val_l1', 'starc_val_linf', 'epic'].map((m) => formatCell(find(a, b, m)))];
    });
  return [
    'STARC distance (L2, in [0, 2]; 0 = same reward up to per-prompt shifts and one positive scale)',
    renderTable(['model', ...ids], matrix),
    '',
    `Pairs: value [${Math.round(level * 100)}% bootstrap CI over prompts]`,
    renderTable(['pair', 'L2', 'L1', 'L∞', 'EPIC'], pairs),
    '',
  ].join('\n');
}

export async function suiteMode({ args, io, argv }: { args: SuiteModeArgs; io: IO; argv: string[] }): Promise<number> {
  if ((args.suite === undefined) === (args.pool === undefined)) {
    throw new UsageError(
      'rewardgauge distance: with --model, pass one of --suite SUITE (its candidates) or --pool FILE (sampled responses; their logprobs give the reference policy); --mdp is the MDP mode',
    );
  }
  if (args.pool !== undefined && args.data !== undefined) throw new UsageError('rewardgauge distance: --data goes with --suite; a --pool is its own data');
  const count = args.model.length + (args.gold !== undefined ? 1 : 0);
  if (count < 2) throw new UsageError(`rewardgauge distance: pass at least two models (--model, counting --gold), got ${count}`);
  const specs = args.model.map(parseModelSpec);
  const gold = args.gold !== undefined ? { ...parseModelSpec(args.gold), id: 'gold' } : undefined;
  const settings = scoringSettings(args, io);
  const dir = resolve(io.cwd, args.out ?? 'reports/distance');
  const inputs = [...specs, ...(gold ? [gold] : [])].flatMap((s) => specInputs(s, io.cwd));
  for (const [flag, p] of [
    ['--pool', args.pool],
    ['--data', args.data],
  ] as const)
    if (p !== undefined) inputs.push({ path: resolve(io.cwd, p), role: flag });
  await refuseOverwritingInputs('distance', inputs, runOutputs(dir, '--out'), io.cwd);
  await checkOutputFolder(dir);
  const data = args.pool !== undefined ? await loadPoolDistanceData(resolve(io.cwd, args.pool)) : await loadDistanceData(args.suite!, args.data, io.cwd);
  const { run, lines, ids } = await distanceProbe(specs, gold, data, settings, ['rewardgauge', ...argv]);
  const { runFile, scoresFile } = await writeRunDir(dir, run, lines).catch((err: unknown) =>
    Promise.reject(lostOrKept(err, settings.cache, settings.cache.enabled && !hasWarned(warnTo(io.stderr)))),
  );
  // After run.json is written: a report that fails to render loses no results.
  await writeHtmlReport([{ path: runFile, run }], resolve(dir, 'index.html'), { title: `rewardgauge distance (${data.source})` });
  for (const w of run.suites[0]!.warnings) io.stderr.write(`rewardgauge: warning: ${escapeTerminalLines(w)}\n`);
  if (!args.quiet) io.stdout.write(distanceTables(ids, run.results, settings.bootstrap.level));
  const show = (p: string): string => (relative(io.cwd, p).startsWith('..') ? p : relative(io.cwd, p));
  io.stdout.write(`wrote ${show(runFile)}, ${show(scoresFile)} and ${show(resolve(dir, 'index.html'))}\n`);
  return 0;
}
