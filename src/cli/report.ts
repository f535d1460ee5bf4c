import { relative, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { escapeTerminalLines } from '../core/safe-text.js';
import { buildBoard, OVERALL_MODES } from '../report/board.js';
import { renderHtml } from '../report/html.js';
import { renderMarkdown } from '../report/markdown.js';
import { loadRuns, writeText } from '../report/write.js';
import { defineCommand } from './command.js';
import { refuseOverwritingInputs, runInputs } from './outputs.js';

const formats = ['html', 'md', 'junit'] as const;

/** `--weights pairwise=2,rewardmath=1` → { pairwise: 2, rewardmath: 1 }. A 0 drops a suite; the board refuses weights that drop every suite. */
export function parseWeights(text: string | undefined): Record<string, number> {
  if (text === undefined) return {};
  const out: Record<string, number> = {};
  for (const part of text.split(',')) {
    const m = /^\s*([^=\s]+)\s*=\s*([0-9.eE+-]+)\s*$/.exec(part);
    const w = m ? Number(m[2]) : NaN;
    if (!m || !Number.isFinite(w) || w < 0) throw new UsageError(`--weights: expected SUITE=WEIGHT with a weight ≥ 0, got "${part}"`);
    out[m[1]!] = w;
  }
  return out;
}

export const command = defineCommand({
  name: 'report',
  description:
    'Build a leaderboard from run.json files: one self-contained HTML page (sortable table with CIs, charts, subset breakdowns, most-wrong items, provenance), a Markdown summary for pull requests, or JUnit XML of gate rules. Exits 0 once written, whatever a gate says (rewardgauge gate fails the job).',
  positionals: { usage: 'RUN_DIR...', description: 'run folders (or run.json files); models and suites are merged across them', min: 1 },
  args: {
    out: { type: 'string', value: 'FILE', short: 'o', description: 'output file [default: reports/leaderboard.html for html, stdout otherwise]' },
    format: { type: 'enum', values: formats, short: 'f', description: 'what to write', default: 'html' },
    title: { type: 'string', value: 'TEXT', description: 'page title [default: rewardgauge leaderboard]' },
    weights: { type: 'string', value: 'SUITE=W,...', description: 'weights of suites in the overall score [default: 1 each]; 0 leaves a suite out' },
    overall: {
      type: 'enum',
      values: OVERALL_MODES,
      description: 'suites the overall averages: common (those every model has) or all (each model’s own; a model lacking some is marked)',
      default: 'common',
    },
    'rank-by': {
      type: 'string',
      value: 'overall|SUITE[:METRIC]',
      description: 'what ranks the rows [default: the overall, else the first suite’s primary metric]',
    },
    policy: { type: 'string', value: 'FILE', description: 'gate policy, for --format junit (see rewardgauge gate --help)' },
    baseline: { type: 'string', value: 'RUN_DIR', description: 'baseline run for the policy’s maxDrop and noSignificantDrop rules (--format junit)' },
  },
  examples: [
    'rewardgauge report reports/latest --out reports/latest/index.html',
    'rewardgauge report runs/* --out reports/leaderboard.html --weights pairwise=2,rewardmath=1',
    'rewardgauge report runs/* --overall all --rank-by rewardmath:accuracy',
    'rewardgauge report runs/candidate --format md > summary.md',
    'rewardgauge report runs/candidate --format junit --policy gate.json --baseline runs/prod --out gate.xml',
  ],
  async run({ args, positionals, io }) {
    const format = args.format ?? 'html';
    if (format !== 'junit' && (args.policy !== undefined || args.baseline !== undefined))
      throw new UsageError('--policy and --baseline go with --format junit (or use rewardgauge gate)');
    const weights = parseWeights(args.weights);
    const out = args.out ?? (format === 'html' ? 'reports/leaderboard.html' : undefined);
    if (out !== undefined) {
      const inputs = (await Promise.all(positionals.map((p) => runInputs(resolve(io.cwd, p), `run ${p}`, ['scores.jsonl'])))).flat();
      if (args.policy !== undefined) inputs.push({ path: resolve(io.cwd, args.policy), role: '--policy' });
      if (args.baseline !== undefined) inputs.push(...(await runInputs(resolve(io.cwd, args.baseline), '--baseline', ['scores.jsonl'])));
      await refuseOverwritingInputs('report', inputs, [{ path: resolve(io.cwd, out), role: '--out' }], io.cwd);
    }
    let text: string;
    if (format === 'junit') {
      if (args.policy === undefined) throw new UsageError('--format junit needs --policy FILE: each gate rule becomes a test case');
      if (positionals.length !== 1) throw new UsageError(`--format junit gates one run, got ${positionals.length} RUN_DIRs`);
      const { gateFiles } = await import('../gate/evaluate.js');
      const { renderJunit } = await import('../report/junit.js');
      const baseline = args.baseline === undefined ? undefined : resolve(io.cwd, args.baseline);
      text = renderJunit(await gateFiles({ policy: resolve(io.cwd, args.policy), run: resolve(io.cwd, positionals[0]!), baseline }));
    } else {
      const board = buildBoard(await loadRuns(positionals.map((p) => resolve(io.cwd, p))), weights, {
        overall: args.overall ?? 'common',
        ...(args['rank-by'] !== undefined && { rankBy: args['rank-by'] }),
      });
      // The merge's warnings and rules go to the terminal as well as the page: a reader of CI logs sees them too.
      for (const w of board.warnings) io.stderr.write(`rewardgauge: warning: ${escapeTerminalLines(w)}\n`);
      const rules = [board.overall?.rule, board.rank && `ranked by ${board.rank.label}`].filter((x): x is string => x !== undefined);
      // On stdout only when stdout is not the report itself.
      if (rules.length) (out === undefined ? io.stderr : io.stdout).write(rules.map((x) => `${escapeTerminalLines(x)}\n`).join(''));
      const title = args.title === undefined ? {} : { title: args.title };
      text = format === 'html' ? await renderHtml(board, title) : renderMarkdown(board, title);
    }
    if (out === undefined) {
      io.stdout.write(text);
      return;
    }
    const file = resolve(io.cwd, out);
    await writeText(file, text);
    io.stdout.write(`wrote ${relative(io.cwd, file).startsWith('..') ? file : relative(io.cwd, file)}\n`);
  },
});
