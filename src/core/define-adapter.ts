import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from './errors.js';
import { decimalNumber, integerOrProblem } from './numbers.js';
import { unknownNameMessage } from './registry.js';
import type { AdapterDef, ModelSpec, OptionDef, OptionDefs, ParsedOptions } from './types.js';

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

// The types live in core/types.ts beside the other contracts (AdapterModule needs AdapterDef, and
// types.ts importing this file would make a cycle); they are re-exported for adapter authors.
export type { AdapterDef, OptionDef, OptionDefs, OptionScope, ParsedOptions } from './types.js';

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
  /**
   * One of a closed set of names; a bad value gets the nearest names suggested. With `listed: true`
   * it is worded `name must be a or b, got "x"` instead: the wording the short two-way options have
   * always had, kept where users and tests rely on it.
   */
  enum<const V extends readonly string[], D extends Common<V[number]> & { listed?: boolean }>(values: V, o: D): OptionDef<V[number]> & Pick<D, 'default'> {
    const { listed, ...rest } = o;
    const list = values.length > 1 ? `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}` : String(values[0]);
    return {
      ...rest,
      kind: values.join('|'),
      parse(text, name) {
        if (values.includes(text)) return text as V[number];
        throw new UsageError(listed ? `${name} must be ${list}, got "${text}"` : unknownNameMessage(name, text, values));
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
  custom<T, D extends Common<T> = Common<T>>(o: D & { kind: string; parse: OptionDef<T>['parse'] }): OptionDef<T> & Pick<D, 'default'> {
    return o;
  },
};

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
  for (const name of Object.keys(spec.options)) {
    if (!Object.hasOwn(def.options, name)) {
      throw new UsageError(`model "${spec.source}": ${unknownNameMessage(`option for ${def.id}`, name, [...Object.keys(def.options), ...alsoKnown])}`);
    }
  }
  return parseOptions(def.options, spec, cwd);
}

/**
 * The values of the options `defs` declares, read from `spec.options` (others are left to the
 * caller): defaults filled in, errors naming the model. The factory parses the core options with it.
 */
export function parseOptions<O extends OptionDefs>(defs: O, spec: ModelSpec, cwd: string): ParsedOptions<O> {
  const out: Record<string, unknown> = {};
  for (const [name, o] of Object.entries(defs)) {
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
