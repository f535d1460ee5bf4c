import { UsageError } from '../core/errors.js';
import { decimalNumber, integerOrProblem } from '../core/numbers.js';
import { suggest } from '../core/registry.js';

/**
 * The kinds of value a flag takes. Each is converted and checked once, where argv is parsed, so a
 * verb receives numbers and enum members and never repeats a check (or words its message
 * differently from the next verb).
 */

interface ArgBase {
  description: string;
  /** Name of the value in help, e.g. SPEC; int, number and enum flags have a default one. */
  value?: string;
  short?: string;
  /** Shown in help; applied by the command, which knows how flags and config files combine. */
  default?: string;
}

export type ArgDef =
  | (ArgBase & { type: 'boolean' })
  | (ArgBase & { type: 'string'; multiple?: boolean })
  | (ArgBase & { type: 'int'; min: number; max?: number; multiple?: boolean })
  /** `open`: both bounds are excluded (a step size of 0 does nothing). */
  | (ArgBase & { type: 'number'; min: number; max?: number; open?: boolean })
  | (ArgBase & { type: 'enum'; values: readonly string[]; multiple?: boolean });

export type ArgDefs = Record<string, ArgDef>;

type Scalar<D> = D extends { type: 'int' | 'number' }
  ? number
  : D extends { type: 'enum'; values: readonly (infer V)[] }
    ? V
    : D extends { type: 'boolean' }
      ? boolean
      : string;
type ArgValue<D> = D extends { type: 'boolean' } ? boolean | undefined : D extends { multiple: true } ? Scalar<D>[] : Scalar<D> | undefined;
export type ParsedArgs<A extends ArgDefs> = { [K in keyof A]: ArgValue<A[K]> };

/** `one of a, b, got "x"`, with the closest choices when there are any; the caller says what must be one of them. */
export function oneOf(values: readonly string[], got: string): string {
  const close = suggest(got, values).slice(0, 3);
  return `one of ${values.join(', ')}, got "${got}"${close.length ? ` (did you mean ${close.map((c) => `"${c}"`).join(' or ')}?)` : ''}`;
}

const interval = (min: number, max: number, open: boolean): string => `${open ? '(' : '['}${min}, ${max}${open ? ')' : ']'}`;

/** One flag's text as its kind's value; a usage error naming the flag otherwise. */
export function convertArg(name: string, d: ArgDef, text: string): unknown {
  switch (d.type) {
    case 'int': {
      const n = integerOrProblem(text, d.min, d.max);
      if (typeof n === 'string') throw new UsageError(`--${name} ${n}, got "${text}"`);
      return n;
    }
    case 'number': {
      const [max, open] = [d.max ?? Infinity, d.open === true];
      const x = decimalNumber(text);
      if (x === undefined || x < d.min || x > max || (open && (x === d.min || x === max))) {
        throw new UsageError(`--${name} must be a number in ${interval(d.min, max, open)}, got "${text}"`);
      }
      return x;
    }
    case 'enum':
      if (!d.values.includes(text)) throw new UsageError(`--${name} must be ${oneOf(d.values, text)}`);
      return text;
    default:
      return text;
  }
}

/** The value's name in help: SPEC, N, X, or the enum's choices. */
export function valueName(d: ArgDef): string | undefined {
  if (d.type === 'boolean') return undefined;
  if (d.value !== undefined) return d.value;
  return d.type === 'int' ? 'N' : d.type === 'number' ? 'X' : d.type === 'enum' ? d.values.join('|') : 'VALUE';
}

/** What help adds after the description: the range or choices, repeatable, the default. */
export function kindNote(d: ArgDef): string {
  const notes: string[] = [];
  if (d.type === 'int') notes.push(d.max === undefined ? `an integer ≥ ${d.min}` : `an integer in [${d.min}, ${d.max}]`);
  if (d.type === 'number') notes.push(`a number in ${interval(d.min, d.max ?? Infinity, d.open === true)}`);
  // Choices are in the value name unless the verb named the value itself.
  if (d.type === 'enum' && d.value !== undefined) notes.push(`one of ${d.values.join(', ')}`);
  const kind = notes.length ? ` (${notes.join('; ')})` : '';
  return `${kind}${'multiple' in d && d.multiple ? ' (repeatable)' : ''}${d.default !== undefined ? ` [default: ${d.default}]` : ''}`;
}
