import { safeMessage } from '../core/safe-text.js';
import { exitCodeOf, RewardgaugeError, UsageError } from '../core/errors.js';
import { fsErrorFromNode } from '../core/fs-errors.js';
import { toolVersion } from '../core/paths.js';
import { defineRegistry } from '../core/registry.js';
import { parseCommandArgs, renderHelp, resolveCommand, type CommandDef, type IO } from './command.js';

/** Verb → lazy import of its file. */
export const commands = defineRegistry<{ command: CommandDef }>()('command', {
  run: () => import('./run.js'),
  score: () => import('./score.js'),
  report: () => import('./report.js'),
  probe: () => import('./probe.js'),
  ls: () => import('./ls.js'),
  validate: () => import('./validate.js'),
  gate: () => import('./gate.js'),
  correlate: () => import('./correlate.js'),
  distance: () => import('./distance.js'),
  verify: () => import('./verify.js'),
  export: () => import('./export.js'),
  merge: () => import('./merge.js'),
});

async function globalHelp(): Promise<string> {
  const rows = await Promise.all(commands.ids().map(async (id) => [id, (await commands.load(id)).command.description.split('. ')[0]!] as const));
  const width = Math.max(...rows.map(([id]) => id.length));
  return [
    'Usage: rewardgauge <command> [options]',
    '',
    'Reward-model evaluation: run benchmark suites, score models, check files.',
    '',
    'Commands:',
    ...rows.map(([id, d]) => `  ${id.padEnd(width)}  ${d.replace(/\.$/, '')}`),
    '',
    'Run "rewardgauge <command> --help" for its options.',
    'Exit codes: 0 ok · 1 a gate failed · 2 bad usage, config, data or a filesystem error · 3 a model failed.',
    '',
  ].join('\n');
}

/** Run the CLI with `argv` (without node and script); returns the exit code. */
export async function main(argv: string[], io: IO): Promise<number> {
  const [verb, ...rest] = argv;
  try {
    if (verb === undefined || verb === '--help' || verb === '-h' || verb === 'help') {
      io.stdout.write(await globalHelp());
      return verb === undefined ? 2 : 0;
    }
    if (verb === '--version' || verb === '-v') {
      io.stdout.write(`${toolVersion}\n`);
      return 0;
    }
    if (verb.startsWith('-')) throw new UsageError(`expected a command before "${verb}" (see rewardgauge --help)`);
    const { cmd, rest: own, siblings } = resolveCommand((await commands.load(verb)).command, rest);
    const parsed = parseCommandArgs(cmd, own, siblings);
    if (parsed.help || !cmd.run) {
      io.stdout.write(renderHelp(cmd));
      return 0;
    }
    return (await cmd.run({ args: parsed.args, positionals: parsed.positionals, io, argv })) ?? 0;
  } catch (caught) {
    // A filesystem error no caller put in context (an input read deep in a library) is still the user's to fix: exit 2, no stack.
    const err = fsErrorFromNode(caught) ?? caught;
    if (err instanceof RewardgaugeError) io.stderr.write(`rewardgauge: error: ${err.message}\n`);
    // Even a bug's stack may quote a server or a dataset: redacted and escaped like any message.
    else io.stderr.write(`rewardgauge: internal error: ${safeMessage(err instanceof Error ? (err.stack ?? err.message) : String(err))}\n`);
    return exitCodeOf(err);
  }
}
