import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { decimalNumber, integerOrProblem } from '../core/numbers.js';
import { unknownNameMessage } from '../core/registry.js';
import type { ModelSpec } from '../core/types.js';

/** Typed readers of a spec's `?key=value` options, with errors that name the model and the value. */

export function intOption(spec: ModelSpec, name: string, min: number): number | undefined {
  const v = spec.options[name];
  if (v === undefined) return undefined;
  const n = integerOrProblem(v, min);
  if (typeof n === 'string') throw new UsageError(`model "${spec.source}": ${name} ${n}, got "${v}"`);
  return n;
}

/** A finite decimal number ≥ min. */
export function numberOption(spec: ModelSpec, name: string, min: number): number | undefined {
  const v = spec.options[name];
  if (v === undefined) return undefined;
  const x = decimalNumber(v);
  if (x === undefined || x < min) throw new UsageError(`model "${spec.source}": ${name} must be a number ≥ ${min}, got "${v}"`);
  return x;
}

export function boolOption(spec: ModelSpec, name: string): boolean | undefined {
  const v = spec.options[name];
  if (v === undefined) return undefined;
  if (v !== 'true' && v !== 'false') throw new UsageError(`model "${spec.source}": ${name} must be true or false, got "${v}"`);
  return v === 'true';
}

export function enumOption<T extends string>(spec: ModelSpec, name: string, values: readonly T[]): T | undefined {
  const v = spec.options[name];
  if (v === undefined) return undefined;
  if (!(values as readonly string[]).includes(v)) throw new UsageError(`model "${spec.source}": ${unknownNameMessage(name, v, values)}`);
  return v as T;
}

/** `?chatTemplate=` (served adapters: `?template=`): a file holding a Jinja template, or the template itself. */
export function chatTemplateOption(spec: ModelSpec, cwd: string, name = 'chatTemplate'): string | undefined {
  const v = spec.options[name];
  if (v === undefined) return undefined;
  const file = resolve(cwd, v);
  if (existsSync(file)) return readFileSync(file, 'utf8');
  if (/\{[{%]/.test(v)) return v;
  throw new UsageError(`model "${spec.source}": ${name} "${v}" is neither a file nor a Jinja template`);
}
