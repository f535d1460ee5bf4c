import { appendFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ExitCode, UsageError } from '../core/errors.js';
import { asFsError } from '../core/fs-errors.js';
import { escapeTerminalLines } from '../core/safe-text.js';
import { gateFiles } from '../gate/evaluate.js';
import { renderGateMarkdown } from '../report/gate-markdown.js';
import { renderGateText } from '../report/gate-text.js';
import { renderJunit } from '../report/junit.js';
import { writeText } from '../report/write.js';
import { defineCommand } from './command.js';
import { refuseOverwritingInputs, runInputs } from './outputs.js';

export const command = defineCommand({
  name: 'gate',
  description:
    'Check a run against a release policy (min/max bounds, maxDrop and a paired-bootstrap noSignificantDrop against a baseline run). Prints every check; exits 0 when all hold, 1 when any fails, 2 on a bad policy or run. See docs/ci.md.',
  positionals: { usage: 'RUN_DIR', description: 'the candidate run folder (or its run.json)', min: 1 },
  args: {
    policy: { type: 'string', value: 'FILE', short: 'p', description: 'the gate policy (JSON; see schemas/gate.schema.json) [required]' },
    baseline: { type: 'string', value: 'RUN_DIR', short: 'b', description: 'the run to compare with, for maxDrop and noSignificantDrop' },
    junit: { type: 'string', value: 'FILE', description: 'also write JUnit XML, one test case per (rule, model, suite, subset, metric)' },
    summary: {
      type: 'string',
      value: 'FILE',
      description: 'also write the Markdown summary here (it is always appended to $GITHUB_STEP_SUMMARY when that is set)',
    },
  },
  examples: ['rewardgauge gate runs/new --policy gate.json', 'rewardgauge gate runs/new --policy gate.json --baseline runs/prod --junit reports/gate.xml'],
  async run({ args, positionals, io }) {
    if (positionals.length > 1) throw new UsageError(`rewardgauge gate: expected one RUN_DIR, got ${positionals.length} (see rewardgauge gate --help)`);
    if (args.policy === undefined) throw new UsageError('rewardgauge gate: --policy FILE is required (see docs/ci.md for the format)');
    const at = (p: string): string => resolve(io.cwd, p);
    const step = io.env.GITHUB_STEP_SUMMARY;
    const outputs = [
      ...(args.junit !== undefined ? [{ path: at(args.junit), role: '--junit' }] : []),
      ...(args.summary !== undefined ? [{ path: at(args.summary), role: '--summary' }] : []),
      ...(step ? [{ path: at(step), role: '$GITHUB_STEP_SUMMARY' }] : []),
    ];
    if (outputs.length > 0) {
      const inputs = [{ path: at(args.policy), role: '--policy' }, ...(await runInputs(at(positionals[0]!), 'the run', ['scores.jsonl']))];
      if (args.baseline !== undefined) inputs.push(...(await runInputs(at(args.baseline), '--baseline', ['scores.jsonl'])));
      await refuseOverwritingInputs('gate', inputs, outputs, io.cwd);
    }
    const outcome = await gateFiles({
      policy: at(args.policy),
      run: at(positionals[0]!),
      baseline: args.baseline === undefined ? undefined : at(args.baseline),
    });
    for (const w of outcome.warnings) io.stderr.write(`rewardgauge: warning: ${escapeTerminalLines(w)}\n`);
    io.stdout.write(renderGateText(outcome));
    if (args.junit !== undefined) await writeText(at(args.junit), renderJunit(outcome));
    const markdown = renderGateMarkdown(outcome);
    if (args.summary !== undefined) await writeText(at(args.summary), markdown);
    // Appended, not replaced: earlier steps of the job wrote their part of the summary.
    if (step) await appendFile(at(step), markdown, 'utf8').catch((err: unknown) => Promise.reject(asFsError('append to', at(step), err)));
    return outcome.pass ? ExitCode.ok : ExitCode.gateFailed;
  },
});
