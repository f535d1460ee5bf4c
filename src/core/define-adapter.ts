import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from './errors.js';
import { decimalNumber, integerOrProblem } from './numbers.js';
import { unknownNameMessage } from './registry.js';
import type { AdapterContext, ModelSpec, RewardModel } from './types.js';

/**
 * The adapter contract: an adapter declares its `?key=value` options once, as typed data, and the
 * factory parses and checks them before `create` runs, so an adapter's code starts with typed values
 * and every adapter reports a bad option the same way (model, option, value, what was expected).
 *
 * @example
 * export default defineAdapter({
 *   id: 'my-rm',
 *   description: 'my reward model served at URL',
 *   options: { batchSize: opt.int({ min: 1, description: 'texts per request' }), mode: opt.enum(['fast', 'exact'], { default: 'exact', description: '…' }) },
 *   async create(spec, opts, ctx) { opts.mode; // 'fast' | 'exact' … },
 * });
 */

/** What a parser needs besides the text: the spec (for messages) and the working folder (for files). */
export interface OptionScope {
  spec: ModelSpec;
  cwd: string;
}

export interface OptionDef<T> {
  /** For `ls`, the README and help: what the option does, with its default in words. */
  description: string;
  /** Short form of the expected value for tables, e.g. `int ≥ 1`, `true|false`, `a|b|c`. */
  kind: string;
  /** Turns the text after `=` into the value, or throws a UsageError (prefix-free: the caller names the model). */
  parse(text: string, name: string, scope: OptionScope): T;
  /** The value when the option is absent; undefined means the adapter decides. */
  default?: T;
}

export type OptionDefs = Record<string, OptionDef<unknown>>;

/** Absent options with no default are undefined: adapters see exactly which options the user set. */
export type ParsedOptions<O extends OptionDefs> = {
  [K in keyof O]: O[K] extends OptionDef<infer T> ? (O[K] extends { default: T } ? T : T | undefined) : never;
};

interface Common<T> {
  description: string;
  default?: T;
}

const problem = (name: string, expected: string, text: string) => new UsageError(`${name} must be ${expected}, got "${text}"`);

/** Option builders. Each checks its value the way the old per-adapter parsers did, with the same words. */
export const opt = {
  int<D extends Common<number> & { min?: number; max?: number }>(o: D): OptionDef<number> & Pick<D, 'default'> {
    const min = o.min ?? Number.MIN_SAFE_INTEGER;
    return {
      ...o,
      kind: `int${o.min !== undefined ? ` ≥ ${o.min}` : ''}${o.max !== undefined ? ` ≤ ${o.max}` : ''}`,
      parse(text, name) {
        const n = integerOrProblem(text, min);
        if (typeof n === 'string') throw new UsageError(`${name} ${n}, got "${text}"`);
        if (o.max !== undefined && n > o.max) throw problem(name, `an integer ≤ ${o.max}`, text);
        return n;
      },
    };
  },
  number<D extends Common<number> & { min?: number; max?: number }>(o: D): OptionDef<number> & Pick<D, 'default'> {
    const min = o.min ?? -Infinity;
    const max = o.max ?? Infinity;
    const range = o.max !== undefined ? `a number in [${min}, ${max}]` : o.min !== undefined ? `a number ≥ ${min}` : 'a finite number';
    return {
      ...o,
      kind: range.replace(/^a /, ''),
      parse(text, name) {
        const x = decimalNumber(text);
        if (x === undefined || x < min || x > max) throw problem(name, range, text);
        return x;
      },
    };
  },
  bool<D extends Common<boolean>>(o: D): OptionDef<boolean> & Pick<D, 'default'> {
    return {
      ...o,
      kind: 'true|false',
      parse(text, name) {
        if (text !== 'true' && text !== 'false') throw problem(name, 'true or false', text);
        return text === 'true';
      },
    };
  },
  enum<const V extends readonly string[], D extends Common<V[number]>>(values: V, o: D): OptionDef<V[number]> & Pick<D, 'default'> {
    return {
      ...o,
      kind: values.join('|'),
      parse(text, name) {
        if (!values.includes(text)) throw new UsageError(unknownNameMessage(name, text, values));
        return text as V[number];
      },
    };
  },
  string<D extends Common<string>>(o: D): OptionDef<string> & Pick<D, 'default'> {
    return { ...o, kind: 'text', parse: (text) => text };
  },
  /** A Jinja template given inline or as a file (relative to the working folder); the value is the template text. */
  template<D extends Common<string>>(o: D): OptionDef<string> & Pick<D, 'default'> {
    return {
      ...o,
      kind: 'file or Jinja text',
      parse(text, name, { cwd }) {
        const file = resolve(cwd, text);
        if (existsSync(file)) return readFileSync(file, 'utf8');
        if (/\{[{%]/.test(text)) return text;
        throw new UsageError(`${name} "${text}" is neither a file nor a Jinja template`);
      },
    };
  },
  /** Anything else: the adapter's own parser, still declared here so it is listed and checked up front. */
  custom<T, D extends Common<T> & { kind: string; parse: OptionDef<T>['parse'] }>(o: D): OptionDef<T> & Pick<D, 'default'> {
    return o;
  },
};

export interface AdapterDef<O extends OptionDefs = OptionDefs> {
  /** The spec prefix, e.g. `onnx` in `onnx:models/bow-clean`; kebab-case, equal to the file name for built-ins. */
  id: string;
  /** One line for `rewardgauge ls` and the README. */
  description: string;
  options: O;
  create(spec: ModelSpec, opts: ParsedOptions<O>, ctx: AdapterContext): Promise<RewardModel>;
}

/** Identity at run time; gives `create` its typed options. */
export function defineAdapter<const O extends OptionDefs>(def: AdapterDef<O>): AdapterDef<O> {
  return def;
}

/**
 * Parse a spec's adapter options against the declaration: unknown names (with did-you-mean over
 * `alsoKnown` too, the options every spec may carry), bad values, then defaults. Errors name the model.
 */
export function parseAdapterOptions<O extends OptionDefs>(
  def: AdapterDef<O>,
  spec: ModelSpec,
  cwd: string,
  alsoKnown: readonly string[] = [],
): ParsedOptions<O> {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(spec.options)) {
    if (!Object.hasOwn(def.options, name)) {
      throw new UsageError(`model "${spec.source}": ${unknownNameMessage(`option for ${def.id}`, name, [...Object.keys(def.options), ...alsoKnown])}`);
    }
  }
  for (const [name, o] of Object.entries(def.options)) {
    const text = spec.options[name];
    if (text === undefined) {
      if (o.default !== undefined) out[name] = o.default;
      continue;
    }
    try {
      out[name] = o.parse(text, name, { spec, cwd });
    } catch (err) {
      if (err instanceof UsageError) throw new UsageError(`model "${spec.source}": ${err.message}`, { cause: err });
      throw err;
    }
  }
  return out as ParsedOptions<O>;
}
