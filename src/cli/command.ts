import { parseArgs } from 'node:util';
import { UsageError } from '../core/errors.js';
import { decimalNumber, integerOrProblem } from '../core/numbers.js';
import { unknownNameMessage } from '../core/registry.js';

/** A thin CLI layer: each verb declares its arguments as data; help and parsing derive from it. */

export interface ArgDef {
  type: 'string' | 'boolean';
  description: string;
  /** Name of the value in help, e.g. SPEC. */
  value?: string;
  multiple?: boolean;
  short?: string;
  /** Shown in help; applied by the command, which knows how flags and config files combine. */
  default?: string;
}

export type ArgDefs = Record<string, ArgDef>;

type ArgValue<D extends ArgDef> = D['type'] extends 'boolean' ? boolean | undefined : D['multiple'] extends true ? string[] : string | undefined;
export type ParsedArgs<A extends ArgDefs> = { [K in keyof A]: ArgValue<A[K]> };

export interface IO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export interface CommandDef<A extends ArgDefs = ArgDefs> {
  name: string;
  description: string;
  /** Positional arguments, e.g. `FILE...`; absent means none are accepted. */
  positionals?: { usage: string; description: string; min?: number };
  args: A;
  examples?: string[];
  /** `argv` is the whole command line after `rewardgauge`, for provenance. */
  run(ctx: { args: ParsedArgs<A>; positionals: string[]; io: IO; argv: string[] }): Promise<number | void>;
}

export function defineCommand<A extends ArgDefs>(def: CommandDef<A>): CommandDef<A> {
  return def;
}

const flag = (name: string, d: ArgDef): string => `${d.short ? `-${d.short}, ` : ''}--${name}${d.type === 'string' ? ` ${d.value ?? 'VALUE'}` : ''}`;

export function renderHelp(cmd: CommandDef): string {
  const usage = `Usage: rewardgauge ${cmd.name}${Object.keys(cmd.args).length ? ' [options]' : ''}${cmd.positionals ? ` ${cmd.positionals.usage}` : ''}`;
  const entries: [string, string][] = Object.entries(cmd.args).map(([name, d]) => [
    flag(name, d),
    `${d.description}${d.multiple ? ' (repeatable)' : ''}${d.default !== undefined ? ` [default: ${d.default}]` : ''}`,
  ]);
  entries.push(['-h, --help', 'show this help']);
  const width = Math.max(...entries.map(([f]) => f.length));
  const lines = [usage, '', cmd.description];
  if (cmd.positionals) lines.push('', `${cmd.positionals.usage}  ${cmd.positionals.description}`);
  lines.push('', 'Options:', ...entries.map(([f, d]) => `  ${f.padEnd(width)}  ${d}`));
  if (cmd.examples?.length) lines.push('', 'Examples:', ...cmd.examples.map((e) => `  ${e}`));
  return lines.join('\n') + '\n';
}

/** Parse argv for a command; unknown flags and missing values are usage errors (exit 2). */
export function parseCommandArgs<A extends ArgDefs>(cmd: CommandDef<A>, argv: string[]): { args: ParsedArgs<A>; positionals: string[]; help: boolean } {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> = { help: { type: 'boolean', short: 'h' } };
  for (const [name, d] of Object.entries(cmd.args)) {
    options[name] = { type: d.type, ...(d.multiple && { multiple: true }), ...(d.short && { short: d.short }) };
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    const e = err as { code?: string; message: string };
    const m = /Unknown option '(-{1,2})([^']+)'/.exec(e.message);
    if (m)
      throw new UsageError(
        `rewardgauge ${cmd.name}: ${unknownNameMessage(
          'option',
          `${m[1]}${m[2]}`,
          Object.keys(cmd.args).map((a) => `--${a}`),
        )}`,
      );
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
  for (const [name, d] of Object.entries(cmd.args)) args[name] = values[name] ?? (d.multiple ? [] : undefined);
  return { args: args as ParsedArgs<A>, positionals: parsed.positionals, help: false };
}

/** Parse an integer flag, with a usage error naming the flag. */
export function intArg(name: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const n = integerOrProblem(text, min);
  if (typeof n === 'string') throw new UsageError(`--${name} ${n}, got "${text}"`);
  return n;
}

/** A number in [min, max] (bounds inclusive unless open). */
export function numberArg(name: string, text: string | undefined, fallback: number, min: number, max = Infinity, open = false): number {
  if (text === undefined) return fallback;
  const x = decimalNumber(text);
  if (x === undefined || x < min || x > max || (open && (x === min || x === max))) {
    throw new UsageError(`--${name} must be a number in ${open ? '(' : '['}${min}, ${max}${open ? ')' : ']'}, got "${text}"`);
  }
  return x;
}
