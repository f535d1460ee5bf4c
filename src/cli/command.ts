import { parseArgs } from 'node:util';
import { UsageError } from '../core/errors.js';
import { expandHome, expandHomeAfterName } from '../core/home-path.js';
import { unknownNameMessage } from '../core/registry.js';
import { convertArg, kindNote, oneOf, valueName, type ArgDef, type ArgDefs, type ParsedArgs } from './arg-kinds.js';

export { oneOf, type ArgDef, type ArgDefs, type ParsedArgs } from './arg-kinds.js';

/** A thin CLI layer: each verb declares its arguments as data; help and parsing derive from it. */

export interface IO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export interface CommandDef<A extends ArgDefs = ArgDefs> {
  /** The words after `rewardgauge`: `run`, or `probe bon` for a subcommand. */
  name: string;
  description: string;
  /** Positional arguments, e.g. `FILE...`; absent means none are accepted. */
  positionals?: { usage: string; description: string; min?: number };
  args: A;
  examples?: string[];
  /**
   * Verbs whose first word picks what they do (`probe bon`, `probe ppo`): each has its own flags
   * and help, so a flag that belongs to another is refused instead of silently ignored.
   */
  subCommands?: Record<string, CommandDef>;
  /** `argv` is the whole command line after `rewardgauge`, for provenance. Absent when subCommands do the work. */
  run?(ctx: { args: ParsedArgs<A>; positionals: string[]; io: IO; argv: string[] }): Promise<number | void>;
}

// `const` keeps enum values as literal types, so a verb's args.format is 'html' | 'md' | 'junit'.
export function defineCommand<const A extends ArgDefs>(def: CommandDef<A>): CommandDef<A> {
  return def;
}

const isHelp = (a: string): boolean => a === '--help' || a === '-h';

/**
 * Follow subcommand words down from a verb: the command that will parse the rest of argv, and
 * its siblings (to name the one a misplaced flag belongs to). A verb with subcommands and no word
 * (or --help) is returned itself, for its help.
 */
export function resolveCommand(cmd: CommandDef, argv: string[]): { cmd: CommandDef; rest: string[]; siblings: CommandDef[] } {
  let [current, rest, siblings] = [cmd, argv, [] as CommandDef[]];
  while (current.subCommands) {
    const names = Object.keys(current.subCommands);
    // The word may come after flags, as the positional did before subcommands existed (`probe -m X bon`).
    const at = rest[0] !== undefined && !rest[0].startsWith('-') ? 0 : rest.findIndex((a) => names.includes(a));
    if (at < 0) {
      if (rest.some(isHelp)) break;
      throw new UsageError(`rewardgauge ${current.name}: expected one of ${names.join(', ')} (see rewardgauge ${current.name} --help)`);
    }
    const next = current.subCommands[rest[at]!];
    if (!next) throw new UsageError(`rewardgauge ${current.name}: expected ${oneOf(names, rest[at]!)}`);
    siblings = Object.values(current.subCommands).filter((c) => c !== next);
    [current, rest] = [next, [...rest.slice(0, at), ...rest.slice(at + 1)]];
  }
  return { cmd: current, rest, siblings };
}

const flag = (name: string, d: ArgDef): string => {
  const value = valueName(d);
  return `${d.short ? `-${d.short}, ` : ''}--${name}${value !== undefined ? ` ${value}` : ''}`;
};

export function renderHelp(cmd: CommandDef): string {
  const subs = Object.entries(cmd.subCommands ?? {});
  const tail = subs.length ? ` <${subs.map(([n]) => n).join('|')}>` : cmd.positionals ? ` ${cmd.positionals.usage}` : '';
  const usage = `Usage: rewardgauge ${cmd.name}${Object.keys(cmd.args).length || subs.length ? ' [options]' : ''}${tail}`;
  const entries: [string, string][] = Object.entries(cmd.args).map(([name, d]) => [flag(name, d), `${d.description}${kindNote(d)}`]);
  entries.push(['-h, --help', 'show this help']);
  const width = Math.max(...entries.map(([f]) => f.length));
  const lines = [usage, '', cmd.description];
  if (subs.length) {
    const w = Math.max(...subs.map(([n]) => n.length));
    lines.push('', 'Commands:', ...subs.map(([n, c]) => `  ${n.padEnd(w)}  ${c.description.split('. ')[0]!.replace(/\.$/, '')}`));
    lines.push('', `Run "rewardgauge ${cmd.name} <command> --help" for its options.`);
  }
  if (cmd.positionals && !subs.length) lines.push('', `${cmd.positionals.usage}  ${cmd.positionals.description}`);
  lines.push('', 'Options:', ...entries.map(([f, d]) => `  ${f.padEnd(width)}  ${d}`));
  if (cmd.examples?.length) lines.push('', 'Examples:', ...cmd.examples.map((e) => `  ${e}`));
  return lines.join('\n') + '\n';
}

/** A flag this command lacks: name the sibling subcommand that takes it, else suggest the closest of its own. */
function unknownFlag(cmd: CommandDef, given: string, siblings: readonly CommandDef[]): UsageError {
  const owner = siblings.find((s) => given.startsWith('--') && given.slice(2) in s.args);
  if (owner)
    return new UsageError(
      `rewardgauge ${cmd.name}: ${given} is an option of rewardgauge ${owner.name}, not of ${cmd.name} (see rewardgauge ${cmd.name} --help)`,
    );
  const own = Object.keys(cmd.args).map((a) => `--${a}`);
  return new UsageError(`rewardgauge ${cmd.name}: ${unknownNameMessage('option', given, own)}`);
}

/** Flags whose value is a path (FILE, DIR, RUN_DIR, [SUITE=]FILE, PYTHON) get `~` expanded. */
const isPathValue = (value: string | undefined): boolean => value !== undefined && /\b(FILE|DIR|RUN_DIR|PYTHON)\b/.test(value);

/** Parse argv for a command; unknown flags, missing values and values of the wrong kind are usage errors (exit 2). */
export function parseCommandArgs<A extends ArgDefs>(
  cmd: CommandDef<A>,
  argv: string[],
  siblings: readonly CommandDef[] = [],
): { args: ParsedArgs<A>; positionals: string[]; help: boolean } {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> = { help: { type: 'boolean', short: 'h' } };
  for (const [name, d] of Object.entries(cmd.args)) {
    const multiple = 'multiple' in d && d.multiple === true;
    options[name] = { type: d.type === 'boolean' ? 'boolean' : 'string', ...(multiple && { multiple: true }), ...(d.short && { short: d.short }) };
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    const e = err as { code?: string; message: string };
    const m = /Unknown option '(-{1,2})([^']+)'/.exec(e.message);
    if (m) throw unknownFlag(cmd, `${m[1]}${m[2]}`, siblings);
    throw new UsageError(`rewardgauge ${cmd.name}: ${e.message.replace(/\. To specify.*$/s, '')}`);
  }
  const values = parsed.values as Record<string, unknown>;
  if (values.help) return { args: {} as ParsedArgs<A>, positionals: [], help: true };
  if (!cmd.positionals && parsed.positionals.length > 0) {
    throw new UsageError(`rewardgauge ${cmd.name}: unexpected argument "${parsed.positionals[0]}" (see rewardgauge ${cmd.name} --help)`);
  }
  if (cmd.positionals?.min && parsed.positionals.length < cmd.positionals.min) {
    throw new UsageError(`rewardgauge ${cmd.name}: expected ${cmd.positionals.usage} (see rewardgauge ${cmd.name} --help)`);
  }
  const args: Record<string, unknown> = {};
  for (const [name, d] of Object.entries(cmd.args)) {
    const v = values[name];
    // `--out=~/runs` reaches us unexpanded (the shell expands `~` only at a word's start).
    const home =
      d.type !== 'string' || !isPathValue(d.value) ? (text: string) => text : d.value?.includes('=') ? expandHomeAfterName : (text: string) => expandHome(text);
    const convert = (text: unknown): unknown => (typeof text === 'string' ? convertArg(name, d, home(text)) : text);
    args[name] = v === undefined ? ('multiple' in d && d.multiple ? [] : undefined) : Array.isArray(v) ? v.map(convert) : convert(v);
  }
  // Positionals are run folders and files wherever a verb takes them.
  return { args: args as ParsedArgs<A>, positionals: parsed.positionals.map((p) => expandHome(p)), help: false };
}
